"""Small text helpers shared by the annotators and the comparison: words and
their spans, a crude fast stem, content-word stems, sentence spans (of a
text, or of an article's body in source offsets) and the stopword, negation
and hedge word lists. Regular expressions only: no NLP model."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from .models import Article

__all__ = ["STOPWORDS", "NEGATIONS", "HEDGES", "word_spans", "words", "stem", "content_stems", "sentence_spans",
           "article_sentences", "dateline_end", "strip_dateline"]

STOPWORDS = frozenset("""a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself now of off on once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too under until up very was
we were what when where which while who whom why will with would you your yours yourself yourselves s t don
said says say told tell according mr mrs ms dr also even still one two us it's that's we're they're he's she's
i'm can't won't isn't aren't wasn't weren't""".split())
# "us" is ambiguous (pronoun / the US); the US is matched case-sensitively where it matters.

NEGATIONS = frozenset("not no never nothing none nobody neither nor cannot n't without".split())
HEDGES = frozenset("""may might could perhaps possibly probably likely unlikely maybe potentially apparently
seemingly reportedly allegedly roughly about approximately around nearly almost""".split())

_ABBREV = frozenset("""mr mrs ms dr prof st gen col lt sgt rep sen gov jan feb mar apr jun jul aug sep sept
oct nov dec no vs etc inc ltd co corp jr sr u.s u.k e.g i.e approx sens reps govs gens capt cmdr adm maj cpl det
supt atty rev hon ft mt""".split())
# US state abbreviations (AP style), capitalised and not after a city's comma, end no sentence
# ("with Wash. Gov. Jay Inslee"), where "in Newtown, Conn." may, and so may "ill." or "ore."
_STATE_ABBREV = frozenset("""Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss
Mo Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo""".split())

_WORD_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_](?:[\w’'\-]*\w)?", re.UNICODE)
_ZONE_AFTER = re.compile(r"\s+(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST)\b")
_SENT_END_RE = re.compile(r"[.!?…]+[\"”’'»)]*(?=\s+[\"“‘'«(\[]?[A-Z0-9])|[.!?…]+[\"”’'»)]*$")


def word_spans(text: str, offset: int = 0) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, word)`` of the words and numbers of ``text``."""
    for m in _WORD_RE.finditer(text):
        yield m.start() + offset, m.end() + offset, m.group()


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` with typographic apostrophes normalised."""
    return [w.lower().replace("’", "'") for _, _, w in word_spans(text)]


_IRREGULAR = {"met": "meet", "went": "go", "gone": "go", "goes": "go", "going": "go", "said": "say", "says": "say",
              "told": "tell", "took": "take", "taken": "take", "made": "make", "gave": "give",
              "given": "give", "ends": "end", "men": "man", "women": "woman", "children": "child",
              "is": "be", "are": "be", "was": "be", "were": "be"}


def stem(word: str) -> str:
    """A crude, fast stem: possessive and a common suffix stripped, then six
    letters kept ("increases"/"increased" -> "increa", "going" -> "go")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ied"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w[:6]


def content_stems(text: str) -> list[str]:
    """Stems of the content words of ``text`` (stopwords and numbers dropped)."""
    out = []
    for w in words(text):
        if w in STOPWORDS or w in NEGATIONS or w[0].isdigit() or len(w) < 2:
            continue
        out.append(stem(w))
    return out


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; returns trimmed ``(start, end)``
    offsets into ``text``. Lines are never joined: a line break ends a sentence."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        s = pos
        for m in _SENT_END_RE.finditer(text, pos, line_end):
            stop = m.end()
            # abbreviation or initial before a period: not a sentence end
            tail = text[s:m.start()].rsplit(None, 1)
            word = tail[-1].strip("(\"“").rsplit("-", 1)[-1] if tail else ""  # "then-Rep." reads "Rep."
            last = word.lower()
            if text[m.start()] == "." and (last in _ABBREV or (len(last) == 1 and last.isalpha())
                                           or (word in _STATE_ABBREV and not _after_comma(text, s, m.start()))
                                           or last in ("a.m", "p.m") and _ZONE_AFTER.match(text, m.end())):
                continue  # (and "5 p.m. EST, Nov. 6": a time and its zone)
            _push(text, s, stop, out)
            s = stop
        _push(text, s, line_end, out)
        pos = line_end + 1
    return out


def _after_comma(text: str, s: int, dot: int) -> bool:
    """Whether the word before ``dot`` follows a comma ("in Newtown, Conn."):
    a city's state, which may end the sentence, where "with Wash. Gov. Jay
    Inslee" does not."""
    head = text[s:dot].rstrip()
    k = head.rfind(" ")
    return k > 0 and head[:k].rstrip().endswith(",")


def _push(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def article_sentences(article: Article) -> list[tuple[int, int]]:
    """Sentences of the article's body as **source** offsets.

    Works segment by segment (a segment's body text equals its source text),
    so every returned span satisfies ``source[start:end]`` == the sentence."""
    src = article.source
    if not article.segments:
        return sentence_spans(article.body) if article.body == src else sentence_spans(src)
    out: list[tuple[int, int]] = []
    for seg in article.segments:
        if seg.length <= 0:
            continue
        out.extend(sentence_spans(src, seg.source_start, seg.source_start + seg.length))
    return out


class Taken:
    """Non-overlapping spans taken so far, for finders that run several
    patterns over a text and keep the first find of each stretch:
    :meth:`free` is ``O(log n)`` per run of spans added in increasing order
    (each ``finditer`` pass is one), not a scan of every span taken."""

    def __init__(self) -> None:
        self._runs: list[tuple[list[int], list[int]]] = []  # (starts, ends), each run in increasing order

    def free(self, a: int, b: int) -> bool:
        """Whether ``a..b`` overlaps no span taken."""
        for starts, ends in self._runs:
            k = bisect.bisect_left(starts, b) - 1  # the last span starting before b ends furthest right
            if k >= 0 and ends[k] > a:
                return False
        return True

    def add(self, a: int, b: int) -> None:
        if not self._runs or self._runs[-1][0][-1] > a:
            self._runs.append(([], []))
        self._runs[-1][0].append(a)
        self._runs[-1][1].append(b)


# A dateline opening the body: the place in capitals ("HARBOURTON", "LINDQVIST,
# Nordmark"), an optional date (with or without its year: "Dec. 8 (UPI)"), an optional outlet or wire in brackets or
# slashes ("(KVLQ)", "(AP)", "/Wirefeed/"), then a dash; or the outlet alone
# ("(CNN) —"); a plain hyphen only after the outlet ("WASHINGTON (Reuters) -"),
# so that "US - China talks" keeps its words. It says where and for whom the
# story was filed, not what happened.
_PLACE = (r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?"
          r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?")
_OUTLET = r"(?:\([^)\n]{1,40}\)|/[^/\n]{1,40}/)"
_DATELINE = re.compile(rf"^\s*(?:(?:{_PLACE}\s*)?{_OUTLET}\s*(?:—|–|―|--|-)|{_PLACE}\s*(?:—|–|―|--))\s+")


def dateline_end(text: str) -> int:
    """Where the dateline that opens ``text`` ends (0 without one; see ``_DATELINE``)."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


def strip_dateline(body: str) -> str:
    """``body`` without the dateline that opens it, if any (see ``_DATELINE``)."""
    return body[dateline_end(body):]


# the most words a run of capitalised words holds to be read for names: the longest in PolNeAR's
# 924 articles is an 18-word title-case headline; a longer run ("A’s A’s A’s ...") is no name, and
# the name rules re-read its rest at each possessive
MAX_NAME_RUN_WORDS = 40

# a run of letters, digits and word marks long past any word (no space in it): the start of its run
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9_'’.\-])[A-Za-z0-9_'’.\-]{65,}")


@lru_cache(maxsize=32)
def scan_text(text: str) -> str:
    """``text`` for the name-finding rules that scan whole articles: a run of
    over 64 letters, digits, dots, hyphens or apostrophes without a space (no
    word: a blob, or a hostile "AAAA...") is replaced by as many characters of
    "x x x", so offsets stay and no rule reads it as a name. On such a run
    those rules backtrack from every character of it: 20,000 characters took
    a minute. The text itself when it holds no such run."""
    if _LONG_RUN.search(text) is None:
        return text
    return _LONG_RUN.sub(lambda m: ("x " * (len(m.group()) // 2 + 1))[:len(m.group())], text)
