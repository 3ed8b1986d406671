"""Cheap per-article features for copy detection and story clustering.

Nothing here runs a parser: tokens come from one regular expression, named
entities from a capitalised-phrase heuristic, shingle hashes from a stable
64-bit word hash combined with numpy. Every hash is stable across processes
(no use of Python's salted ``hash``), so persisted indexes stay valid.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from ..models import Article
from ..text import strip_dateline
from .leaddays import lead_days

__all__ = [
    "normalise",
    "words",
    "word_hashes",
    "shingle_hashes",
    "entities",
    "fold_name",
    "cluster_terms",
    "document_frequencies",
    "stem",
    "term_counts",
    "parse_day",
    "TextFeatures",
    "text_features",
    "STOPWORDS",
    "background_idf",
]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})

# A compact English stop list (function words, reporting verbs, news filler).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more
most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same
shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves
then there there's these they they'd they'll they're they've this those through to too under until up very was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom
why why's with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves said says
say saying told tell according just like will one two new also mr mrs ms year years time people get got make
made many much may might must us s t now even well back still way first last since around going go went come
came know think want take took see""".split()
)


def normalise(text: str) -> str:
    """Unicode-normalised, lower-cased words joined by single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).lower()
    return " ".join(_WORD.findall(text))


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (NFKC, typographic quotes folded)."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).lower()
    return _WORD.findall(text)


_WORD_HASH: dict[str, int] = {}
_MASK = (1 << 64) - 1


def _word_hash(w: str) -> int:
    h = _WORD_HASH.get(w)
    if h is None:
        h = int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
        if len(_WORD_HASH) < 2_000_000:
            _WORD_HASH[w] = h
    return h


def word_hashes(tokens: list[str]) -> np.ndarray:
    """Stable 64-bit hash per token."""
    get = _WORD_HASH.get
    return np.fromiter((get(w) or _word_hash(w) for w in tokens), dtype=np.uint64, count=len(tokens))


_PRIMES = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 arithmetic wraps)."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return x


def shingle_hashes(wh: np.ndarray, k: int = 5) -> np.ndarray:
    """Hashes of the word ``k``-grams of a word-hash sequence, in text order.

    Texts shorter than ``k`` words give one shingle of all their words.
    """
    n = len(wh)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    if n < k:
        k = n
    with np.errstate(over="ignore"):
        acc = np.zeros(n - k + 1, dtype=np.uint64)
        for i in range(k):
            acc = acc + wh[i : n - k + 1 + i] * _PRIMES[i % len(_PRIMES)]
    return _mix(acc)


# -- named entities (capitalised phrases) ------------------------------------
_ENTITY_RE = re.compile(
    r"(?<![\w])((?:[A-Z][\w’'\-]*(?:\.[A-Z]\.?)*)(?:[ \t]+(?:(?:of|the|for|de|von|van|al|bin)[ \t]+)?[A-Z][\w’'\-]*(?:\.[A-Z]\.?)*)*)"
)
_ENTITY_STOP = frozenset(
    """the a an and but or if in on at of for to as by with from this that these those it he she they we i you
his her their our its there here when while after before what who how why where monday tuesday wednesday
thursday friday saturday sunday january february march april june july august september october november
december mr mrs ms dr photo image images source related read more news""".split()
)


_CLITIC = re.compile(r"['’](?:s|re|ll|ve|d|m)$")


def _bare(tok: str) -> str:
    """A token lower-cased without its full stop or clitic ("There’s" -> "there")."""
    return _CLITIC.sub("", tok.lower().strip("."))


def entities(text: str, limit: int | None = None) -> list[str]:
    """Capitalised phrases of ``text``, lower-cased ("mark rutte", "bloomberg tv").

    A single capitalised word at a sentence start counts only if it is not a
    common function word. Possessive endings are dropped.
    """
    out: list[str] = []
    for m in _ENTITY_RE.finditer(text or ""):
        phrase = m.group(1)
        toks = phrase.split()
        i, j = 0, len(toks)  # (indices, then one cut: a run of stop words is not copied once per word)
        while i < j and _bare(toks[i]) in _ENTITY_STOP:
            i += 1
        while i < j and _bare(toks[j - 1]) in _ENTITY_STOP:
            j -= 1
        toks = toks[i:j]
        if not toks:
            continue
        ent = " ".join(toks).lower()
        ent = re.sub(r"['’]s\b", "", ent).strip(".-’' ")
        if len(ent) < 2 or ent.isdigit():
            continue
        if len(toks) == 1 and {toks[0].lower().replace("’", "'"), ent} & STOPWORDS:
            continue  # "It’s", "That’s": a function word, whichever apostrophe
        out.append(ent)
        parts = ent.split()
        if len(parts) > 2:
            out.append(" ".join(parts[-2:]))
        if limit and len(out) >= limit:
            break
    return out


_DOUBLE = re.compile(r"(\w)\1+")


def fold_name(name: str) -> str:
    """A spelling-tolerant key of a lower-cased name: ``y`` read as ``i`` and
    doubled letters single, so that transliteration variants of one place or
    person meet ("drevnyk"/"drevnik", "zelensky"/"zelenskyy")."""
    return _DOUBLE.sub(r"\1", name.replace("y", "i"))


def stem(w: str) -> str:
    """A very light suffix stripper (plural/verb endings), enough to match
    "relations"/"relation", "talks"/"talk"."""
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("es") and w[-3] in "sxz":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss") and not w.endswith("us"):
        return w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2]
    return w


_SURFACE: dict[str, str] = {}


_TERM: dict[str, str] = {}


def _term(w: str) -> str:
    """Index term of a lower-cased word ("" for stop words and numbers)."""
    t = _TERM.get(w)
    if t is None:
        if len(w) < 3 or w in STOPWORDS or w.isdigit():
            t = ""
        else:
            base = w.replace("’", "'").split("'")[0]
            t = stem(base)
            if t not in _SURFACE and len(_SURFACE) < 2_000_000:
                _SURFACE[t] = base
        if len(_TERM) < 2_000_000:
            _TERM[w] = t
    return t


def term_counts(text: str, weight: float, into: dict[str, float]) -> None:
    """Add ``weight`` per content-word occurrence of ``text`` to ``into``."""
    get = into.get
    for w in words(text):
        t = _TERM.get(w)
        if t is None:
            t = _term(w)
        if t:
            into[t] = get(t, 0.0) + weight


_BG_MAX = 7.0  # zipf of the most common words: background idf 0 there


def _load_wordfreq():
    try:
        from wordfreq import zipf_frequency  # optional dependency
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return zipf_frequency


_ZIPF = None
_ZIPF_TRIED = False


def background_idf(term: str) -> float | None:
    """Prior IDF of a term from general English word frequencies (wordfreq,
    optional; None when it is not installed). Natural-log scale, 0 for the
    most common words, about 12 for words wordfreq has never seen."""
    global _ZIPF, _ZIPF_TRIED
    if not _ZIPF_TRIED:
        _ZIPF, _ZIPF_TRIED = _load_wordfreq(), True
    if _ZIPF is None:
        return None
    surface = term[2:] if term.startswith("e:") else _SURFACE.get(term, term)
    try:
        z = _ZIPF(surface, "en")
    except Exception:  # odd tokens: treat as rare
        z = 0.0
    return max(0.0, _BG_MAX - z) * 2.302585


def parse_day(published: str | None) -> float | None:
    """Days since 1970-01-01 (fractional) from an ISO 8601 string, or None."""
    if not published:
        return None
    s = str(published).strip()
    try:
        if len(s) >= 19:
            d = _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
            if d.tzinfo is None:
                d = d.replace(tzinfo=_dt.UTC)
            return d.timestamp() / 86400.0
        day = _dt.date.fromisoformat(s[:10])
        return float(day.toordinal() - _dt.date(1970, 1, 1).toordinal())
    except (ValueError, OverflowError):  # not a date, or out of the calendar in UTC
        return None


@dataclass
class TextFeatures:
    """What the story clusterer needs from one article: weighted term and
    entity counts of the whole text (``terms``, ``ents``), of its head alone
    (``head``: title and first paragraph, entities as ``"e:"`` terms; what
    the article says happened), its publication day and the days its lead
    names (:mod:`.leaddays`)."""

    terms: dict[str, float]  # weighted term counts (title, lead, body, late paragraphs)
    ents: dict[str, float]  # weighted entity counts
    day: float | None
    head: dict[str, float] = field(default_factory=dict)  # terms and "e:" entities of the title and lead
    lead_days: tuple[int, ...] = ()  # days since 1970-01-01 the lead's dates name


LEAD_WORDS = 80  # the lead: weighted ``lead_weight``
HEAD_WORDS = 40  # the head vector: the title and this many body words
LATE_AFTER = 230  # words of the body after which paragraphs count ``LATE_WEIGHT``
LATE_WEIGHT = 0.5
HEAD_TITLE_WEIGHT = 3.0  # the title's weight in the head vector (its body words count 1)


def _cut(body: str, n_words: int) -> tuple[str, str]:
    """``body`` split after its first ``n_words`` space-separated words."""
    toks = body.split(" ", n_words)
    if len(toks) <= n_words:
        return body, ""
    cut = len(body) - len(toks[-1])
    return body[:cut], body[cut:]


def _lead(body: str, n_words: int = LEAD_WORDS) -> tuple[str, str]:
    return _cut(body, n_words)


def _entity_counts(parts, into: dict[str, float], prefix: str = "") -> None:
    for text, wgt in parts:
        for e in entities(text):
            if e in STOPWORDS:
                continue
            into[prefix + e] = into.get(prefix + e, 0.0) + wgt




def text_features(article: Article, title_weight: float = 3.0, lead_weight: float = 2.0, *,
                  dates: bool = True) -> TextFeatures:
    """Weighted terms and entities of an article's title, lead, body and
    late paragraphs (the title ``title_weight``, the first ``LEAD_WORDS``
    words of the body ``lead_weight``, the body after ``LATE_AFTER`` words
    ``LATE_WEIGHT``, the rest 1), and its head (the title and the first
    ``HEAD_WORDS`` body words, unweighted). The body's opening dateline is
    left out (:func:`strip_dateline`): two stories one station filed from
    one city share it whatever happened. The days the lead names are read
    from the body as written (:func:`~.leaddays.lead_days`), unless
    ``dates`` is false (a caller counting terms only)."""
    title = article.title or ""
    body = strip_dateline(article.body or "")
    lead, rest = _cut(body, LEAD_WORDS)
    rest, late = _cut(rest, max(0, LATE_AFTER - LEAD_WORDS))
    parts = ((title, title_weight), (lead, lead_weight), (rest, 1.0), (late, LATE_WEIGHT))
    terms: dict[str, float] = {}
    for text, wgt in parts:
        term_counts(text, wgt, terms)
    ents: dict[str, float] = {}
    _entity_counts(parts, ents)
    head_parts = ((title, HEAD_TITLE_WEIGHT), (_cut(body, HEAD_WORDS)[0], 1.0))
    head: dict[str, float] = {}
    for text, wgt in head_parts:
        term_counts(text, wgt, head)
    _entity_counts(head_parts, head, "e:")
    return TextFeatures(terms=terms, ents=ents, day=parse_day(article.published), head=head,
                        lead_days=lead_days(article.body or "", article.published) if dates else ())


def cluster_terms(feats: TextFeatures) -> set[str]:
    """The terms the story clusterer counts for an article (one each in its
    document frequencies): its words, and its entities as ``"e:"`` +
    :func:`fold_name`."""
    return set(feats.terms) | {"e:" + fold_name(e) for e in feats.ents}


def document_frequencies(articles: Iterable[Article]) -> Counter[str]:
    """How many of ``articles`` hold each term the story clusterer counts."""
    c: Counter[str] = Counter()
    for a in articles:
        c.update(cluster_terms(text_features(a, dates=False)))
    return c
