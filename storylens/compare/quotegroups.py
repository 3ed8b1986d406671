"""The same quote across outlets: grouping, fidelity classes, word diffs, echoes.

Quotes of one story with the same speaker are grouped when their wording
says the same thing (contiguous containment, word-sequence similarity or
content-word overlap). Each group gets a *reference* wording (the rendering
printed most often, then the earliest, then the longest full quote) and every
member is classified against it:

``identical``   same words (case and punctuation aside)
``fragment``    a short quoted piece of the reference (under half of it)
``trimmed``     a longer piece of the reference, words dropped
``extended``    contains the reference plus more words
``minor-edit``  nearly the same words, meaning kept
``reworded``    other words, same meaning, yet printed in quotation marks
``altered``     the meaning changed: a negation flipped, a number or a
                hedge differs

Quotes by the same speaker in *other* stories that carry the same message are
linked as **echoes** (another occasion), never merged into a group.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from rapidfuzz.distance import Indel

from ..annotate.numbers import numbers_in_text
from ..models import Quote
from ..text import HEDGES, NEGATIONS, STOPWORDS, stem

__all__ = ["QuoteItem", "Alignment", "align", "group_quotes", "classify", "similarity", "word_diff",
           "find_echoes", "clean_quote"]

_TOKEN_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?|n['’]t", re.UNICODE)
_NUMWORD = frozenset("""one two three four five six seven eight nine ten eleven twelve twenty thirty forty
fifty hundred thousand million billion percent""".split())


_CAP_RE = re.compile(r"\b[A-Z][\w’'\-]*")


_CONTRACTIONS = {"'re": "are", "'ll": "will", "'ve": "have", "'m": "am", "'d": "would"}
_IS_CONTRACTED = frozenset("it's that's he's she's there's here's what's who's where's let's".split())


def _tokens(text: str) -> list[str]:
    """Lower-cased words; "don't" -> do n't, "we're" -> we are, "it's" -> it is
    (a possessive "'s" is kept)."""
    out = []
    for w in _TOKEN_RE.findall(text):
        w = w.lower().replace("’", "'")
        if w.endswith("n't") and len(w) > 3:  # don't -> do n't
            out.extend([w[:-3], "n't"])
        elif w in _IS_CONTRACTED:
            out.extend([w[:-2], "us" if w == "let's" else "is"])
        elif "'" in w and w[w.index("'"):] in _CONTRACTIONS:
            k = w.index("'")
            out.extend([w[:k], _CONTRACTIONS[w[k:]]])
        else:
            out.append(w)
    return out


@dataclass
class QuoteItem:
    """A quote prepared for comparison."""

    doc: str
    quote: Quote
    text: str
    start: int
    end: int
    words: list[str]
    stems: list[str]
    content: frozenset[str]
    published: str = ""
    names: frozenset[str] = frozenset()  # content stems written capitalised inside a sentence

    @property
    def speaker(self) -> str | None:
        return self.quote.speaker


def clean_quote(q: Quote) -> tuple[str, int, int]:
    """The quote's text and offsets without trailing commas/colons and spaces."""
    text, start, end = q.text, q.start, q.end
    stripped = text.rstrip(" ,;:\u00a0")
    end -= len(text) - len(stripped)
    lead = len(stripped) - len(stripped.lstrip())
    return stripped.strip(), start + lead, end


def make_item(q: Quote, published: str | None = None) -> QuoteItem:
    text, start, end = clean_quote(q)
    ws = _tokens(text)
    st = [stem(w) if w != "n't" else "not" for w in ws]
    content = frozenset(s for w, s in zip(ws, st, strict=True) if w not in STOPWORDS and w not in NEGATIONS
                        and not w[0].isdigit())
    names = set()
    for m in _CAP_RE.finditer(text):
        before = text[:m.start()].rstrip()
        if before and before[-1] not in ".!?…\"“‘'—–-:(" and m.group().lower() not in STOPWORDS:
            names.add(stem(m.group()))
    return QuoteItem(q.doc, q, text, start, end, ws, st, content, published or "", frozenset(names) & content)


def _contiguous(small: list[str], big: list[str]) -> bool:
    n = len(small)
    if n == 0 or n > len(big):
        return False
    first = small[0]
    return any(big[i] == first and big[i:i + n] == small for i in range(len(big) - n + 1))


def _soft_shared(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> int:
    """Shared content stems, a stem that prefixes the other counting too ("plan"/"planne")."""
    n = 0
    for x in a:
        if x in b or (len(x) >= 4 and any(len(y) >= 4 and (x.startswith(y) or y.startswith(x)) for y in b)):
            n += 1
    return n


@dataclass
class Alignment:
    """How two word lists line up: one stretch of each, matched in order with
    small interior edits, plus the words outside the stretch on either side."""

    matched: int
    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    a_edit: int
    b_edit: int

    def a_out(self, n: int) -> int:
        return self.a_lo + (n - self.a_hi)

    def b_out(self, n: int) -> int:
        return self.b_lo + (n - self.b_hi)


def align(a: list[str], b: list[str], *, max_edit: float = 0.3) -> Alignment | None:
    """The longest in-order stretch shared by ``a`` and ``b`` whose interior
    differs by at most ``max_edit`` of its matched words (at least two) on each
    side. Anchored on runs of two or more words, then stretched over single
    matching words at most two words away ("open the government" / "open up
    government"); ``None`` without any run."""
    blocks = [blk for blk in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if blk.size]
    anchors = [k for k, blk in enumerate(blocks) if blk.size >= 2]
    best: tuple[int, int, int, int] | None = None
    for x, i in enumerate(anchors):
        for j in anchors[x:]:
            matched = sum(blk.size for blk in blocks[i:j + 1])
            a_edit = blocks[j].a + blocks[j].size - blocks[i].a - matched
            b_edit = blocks[j].b + blocks[j].size - blocks[i].b - matched
            if max(a_edit, b_edit) > max(2.0, max_edit * matched):
                break  # a longer chain only adds edits further out
            key = (matched, -(a_edit + b_edit), i, j)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None:
        return None
    i, j = best[2], best[3]
    while i > 0 and blocks[i].a - (blocks[i - 1].a + blocks[i - 1].size) <= 2 and \
            blocks[i].b - (blocks[i - 1].b + blocks[i - 1].size) <= 2:
        i -= 1
    while j + 1 < len(blocks) and blocks[j + 1].a - (blocks[j].a + blocks[j].size) <= 2 and \
            blocks[j + 1].b - (blocks[j].b + blocks[j].size) <= 2:
        j += 1
    matched = sum(blk.size for blk in blocks[i:j + 1])
    a_lo, a_hi = blocks[i].a, blocks[j].a + blocks[j].size
    b_lo, b_hi = blocks[i].b, blocks[j].b + blocks[j].size
    return Alignment(matched, a_lo, a_hi, b_lo, b_hi, (a_hi - a_lo) - matched, (b_hi - b_lo) - matched)


def _near_containment(a: list[str], b: list[str], *, cover: float = 0.5, overlap: int = 0) -> Alignment | None:
    """An alignment covering most of the shorter list (``cover`` of it, three
    words at least): one is a cut of the other, or both cut one utterance.

    Words outside the stretch on *both* sides at the same end: two words or
    fewer on each side are a substitution ("We will ..." / "We might ..."),
    a short insertion on one side ("not putting ..." / "... by putting ...")
    an edit on that side, longer ones two different cuts. With ``overlap``,
    a stretch of that many words that runs to one list's end and from the
    other's start also counts, however short the lists."""
    al = align(a, b)
    if al is None:
        return None
    diverge = False
    for end in ("head", "tail"):
        na = al.a_lo if end == "head" else len(a) - al.a_hi
        nb = al.b_lo if end == "head" else len(b) - al.b_hi
        if not (na and nb):
            continue
        if max(na, nb) <= 2:
            al.a_edit += na
            al.b_edit += nb
            if end == "head":
                al.a_lo = al.b_lo = 0
            else:
                al.a_hi, al.b_hi = len(a), len(b)
        elif min(na, nb) <= 2:
            if na < nb:
                al.a_edit += na
                al.a_lo, al.a_hi = (0, al.a_hi) if end == "head" else (al.a_lo, len(a))
            else:
                al.b_edit += nb
                al.b_lo, al.b_hi = (0, al.b_hi) if end == "head" else (al.b_lo, len(b))
        else:
            diverge = True
    if max(al.a_edit, al.b_edit) > max(2.0, 0.3 * al.matched):
        return None
    short = min(len(a), len(b))
    if al.matched >= max(3, cover * short):
        return al
    touches = (al.a_lo == 0 and al.b_hi == len(b)) or (al.b_lo == 0 and al.a_hi == len(a))
    if overlap and al.matched >= overlap and touches and not diverge:
        return al
    return None


def _subsequence(small: list[str], big: list[str]) -> list[tuple[int, int]] | None:
    """``small`` is ``big`` with words dropped inside (an unmarked elision): all
    its words in order, in at most three runs. Returns the gaps in ``big``."""
    sm = SequenceMatcher(None, big, small, autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size]
    if not blocks or sum(blk.size for blk in blocks) != len(small) or len(blocks) > 3 or \
            any(blk.size < 2 for blk in blocks) or blocks[-1].a + blocks[-1].size - blocks[0].a > 3 * len(small):
        return None
    return [(x.a + x.size, y.a) for x, y in pairwise(blocks) if y.a > x.a + x.size]


def similarity(a: QuoteItem, b: QuoteItem) -> float:
    """How likely two quotes render the same utterance (0..1).

    1.0 for a contiguous cut, 0.9 for a cut with small edits or two
    overlapping cuts; otherwise (a rewording) only quotes of comparable length
    (the shorter at least 40% of the longer, four words or more) score, by
    content-word Dice (three shared words or more) or word-sequence similarity."""
    if not a.stems or not b.stems:
        return 0.0
    short, long_ = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    ca, cb = a.content, b.content
    shared = _soft_shared(ca, cb) if len(ca) <= len(cb) else _soft_shared(cb, ca)
    if ca and cb and not shared and len(short.stems) >= 2:
        return 0.0  # no content word in common: not the same utterance
    if _contiguous(short.stems, long_.stems):
        return 1.0 if len(short.stems) >= 2 or len(long_.stems) <= 2 else 0.6
    if len(short.stems) < 4:
        return 0.0  # a short piece counts only as an exact cut
    al = _near_containment(a.stems, b.stems, cover=0.6)
    if al is not None and al.matched >= 4:
        return 0.9
    if len(short.stems) < 0.4 * len(long_.stems):
        return 0.0
    # names alone ("the United States", "America") do not make two sentences one utterance
    plain = _soft_shared(ca - a.names, cb - b.names)
    seq = Indel.normalized_similarity(a.stems, b.stems) if plain >= 1 else 0.0
    dice = 2 * shared / (len(ca) + len(cb)) if ca and cb and shared >= 3 and plain >= 2 else 0.0
    return max(seq, dice)


_CLAUSE_RE = re.compile(r"[,.;:!?…—–()\"“”]|\b(?:and|but|if|until|unless|because|while|although|when|or)\b",
                        re.IGNORECASE)


def _negation_scopes(text: str) -> tuple[set[str], set[str]]:
    """Content stems inside a negation's scope (up to four words after it, within
    its clause) and content stems outside any negation scope."""
    negated: set[str] = set()
    plain: set[str] = set()
    for clause in _CLAUSE_RE.split(text):
        ws = _tokens(clause)
        left = 0
        for w in ws:
            if w in NEGATIONS:
                left = 4
                continue
            if w in STOPWORDS or w[0].isdigit():
                if left:
                    left -= 1
                continue
            (negated if left else plain).add(stem(w))
            if left:
                left -= 1
    return negated, plain


def _negation_heads(text: str) -> list[str]:
    """The first content stem after each negation (what it negates)."""
    ws = _tokens(text)
    out = []
    for k, w in enumerate(ws):
        if w in NEGATIONS:
            nxt = next((x for x in ws[k + 1:k + 5] if x not in STOPWORDS and x not in NEGATIONS
                        and not x[0].isdigit()), None)
            if nxt:
                out.append(stem(nxt))
    return out


def _polarity_shift(ref_text: str, mem_text: str) -> bool:
    """A word negated in one wording stands un-negated in the other: the
    negations' heads differ and one side's head appears without negation in
    the other ("remain ... if prices do not cool" / "are not on the table if
    prices cool"), not "our position has not changed" / "has not changed its
    position"."""
    hr, hm = _negation_heads(ref_text), _negation_heads(mem_text)
    if sorted(hr) == sorted(hm):
        return False
    nr, pr = _negation_scopes(ref_text)
    nm, pm = _negation_scopes(mem_text)
    return bool((set(hr) - set(hm)) & pm or (set(hm) - set(hr)) & pr)


_WORD_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9}


def _numbers(text: str) -> set[float]:
    vals = {v for _, _, v, _, _ in numbers_in_text(text)}
    for w in _tokens(text):
        if w in _WORD_VALUES and w != "one":
            vals.add(float(_WORD_VALUES[w]))
        elif w[0].isdigit():
            with contextlib.suppress(ValueError):
                vals.add(float(w.rstrip("%").replace(",", "")))
    return vals


def _negation_count(words: list[str]) -> int:
    return sum(1 for w in words if w in NEGATIONS)


def meaning_change(ref: QuoteItem, mem: QuoteItem) -> str | None:
    """Why ``mem`` changes the meaning of ``ref`` (``number``, ``negation``,
    ``hedge``), or ``None``.

    A negation *moved* (as many negations, on other words: "remain on the
    table if prices do not cool" / "are not on the table if prices cool") is a
    change when the wordings share most content words; a negation *added or
    dropped* is a change when the rest of the wording is nearly the same (a
    loose paraphrase may say "far from that" for "not there yet")."""
    nr, nm = _numbers(ref.text), _numbers(mem.text)
    if (nr - nm) and (nm - nr):
        return "number"
    seq = SequenceMatcher(None, ref.words, mem.words, autojunk=False).ratio()
    shared = len(ref.content & mem.content)
    content = shared / max(1, min(len(ref.content), len(mem.content)))
    cr, cm = _negation_count(ref.words), _negation_count(mem.words)
    if cr == cm:
        if cr and (seq >= 0.5 or content >= 0.5) and _polarity_shift(ref.text, mem.text):
            return "negation"
    elif seq >= 0.75:
        return "negation"
    hr, hm = _hedges(ref.words, ref.words), _hedges(mem.words, mem.words)
    if hr != hm and seq >= 0.5 and not (hr <= set(mem.words) and hm <= set(ref.words)):
        return "hedge"
    return None


def _is_number_word(w: str) -> bool:
    return w[:1].isdigit() or w in _WORD_VALUES or w in _NUMWORD


def _interior_change(ref: QuoteItem, mem: QuoteItem, al: Alignment) -> str | None:
    """A negation, number or hedge among the words edited *inside* the shared stretch."""
    sm = SequenceMatcher(None, ref.stems[al.a_lo:al.a_hi], mem.stems[al.b_lo:al.b_hi], autojunk=False)
    r_changed: list[str] = []
    m_changed: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            r_changed += ref.words[al.a_lo + i1:al.a_lo + i2]
            m_changed += mem.words[al.b_lo + j1:al.b_lo + j2]
    why = _changed_meaning(r_changed, m_changed, ref.words, mem.words)
    if why is None and (_negation_count(r_changed) or _negation_count(m_changed)) and _polarity_shift(
            ref.text, mem.text):
        why = "negation"  # as many negations, on other words
    return why


def _changed_meaning(r_changed: list[str], m_changed: list[str], r_words: list[str],
                     m_words: list[str]) -> str | None:
    """``number`` / ``negation`` / ``hedge`` when the edited words differ in one
    (a negation on one side only, not "do not" / "don't" or a clause moved)."""
    if sorted(w for w in r_changed if _is_number_word(w)) != sorted(w for w in m_changed if _is_number_word(w)):
        return "number"
    # a negation edited in on one side that the other side does not have anywhere ("without" moved
    # from the front to the end of the sentence is not a new negation)
    nr = Counter(w for w in r_changed if w in NEGATIONS)
    nm = Counter(w for w in m_changed if w in NEGATIONS)
    if nr != nm and ((nm - Counter(w for w in r_words if w in NEGATIONS))
                     or (nr - Counter(w for w in m_words if w in NEGATIONS))):
        return "negation"
    if _hedges(r_changed, r_words) != _hedges(m_changed, m_words):
        return "hedge"
    return None


_NUMERIC_HEDGES = frozenset("about around roughly approximately nearly almost".split())


def _hedges(changed: list[str], context: list[str]) -> set[str]:
    """Hedge words among ``changed``; "about"/"around" only when a number follows."""
    out = set()
    for k, w in enumerate(context):
        if w not in HEDGES or w not in changed:
            continue
        if w in _NUMERIC_HEDGES and not (k + 1 < len(context) and _is_number_word(context[k + 1])):
            continue
        out.add(w)
    return out


def classify(ref: QuoteItem, mem: QuoteItem) -> tuple[str, str | None]:
    """The member's relation to the reference, and a reason (why ``altered``;
    what else differs for a cut).

    Containment is decided first: a cut of the reference (``fragment`` under
    half of it, else ``trimmed``), the reference plus more words
    (``extended``), allowing small edits inside and two renderings that cut
    one utterance differently (the longer side decides). A cut is ``altered``
    only when a negation, number or hedge is edited inside the shared stretch.
    Renderings that are not cuts are ``minor-edit`` (nearly the same words),
    ``altered`` (same wording otherwise, meaning changed) or ``reworded``."""
    if mem.words == ref.words:
        return "identical", None
    if not mem.stems or not ref.stems:
        return "reworded", None
    cut = "fragment" if len(mem.words) < 0.5 * len(ref.words) else "trimmed"
    if _contiguous(mem.words, ref.words):
        return cut, None
    if _contiguous(ref.words, mem.words):
        return "extended", None
    if _contiguous(mem.stems, ref.stems):
        return cut, "inflection differs"
    if _contiguous(ref.stems, mem.stems):
        return "extended", "inflection differs"
    for small, big, rel in ((mem, ref, cut), (ref, mem, "extended")):
        gaps = _subsequence(small.stems, big.stems) if len(small.stems) < len(big.stems) else None
        if gaps and sum(g1 - g0 for g0, g1 in gaps) >= 3 and len(small.stems) >= 3:
            # a negation or hedge dropped on its own changes the meaning; a clause cut out does not
            short_gaps = [w for g0, g1 in gaps if g1 - g0 <= 2 for w in big.words[g0:g1]]
            why = "negation" if _negation_count(short_gaps) else (
                "hedge" if _hedges(short_gaps, big.words) else None)
            return ("altered", why) if why else (rel, "words dropped inside" if big is ref else "words added inside")
    al = _near_containment(ref.stems, mem.stems, overlap=5)
    if al is not None:
        why = _interior_change(ref, mem, al)
        if why:
            return "altered", why
        r_out, m_out = al.a_out(len(ref.stems)), al.b_out(len(mem.stems))
        edited = "small edits" if (al.a_edit or al.b_edit) else None
        if r_out and m_out:
            return ("extended" if m_out > r_out else cut), "another cut of the utterance" + (
                ", small edits" if edited else "")
        if r_out:
            return cut, edited
        if m_out:
            return "extended", edited
        return "minor-edit", None
    why = meaning_change(ref, mem)
    if why:
        return "altered", why
    seq = SequenceMatcher(None, ref.words, mem.words, autojunk=False).ratio()
    if seq >= 0.85:
        return "minor-edit", None
    return "reworded", None


def word_diff(ref: list[str] | str, mem: list[str] | str) -> list[list[str]]:
    """A word-level diff ``[[op, words], ...]`` with ``op`` in ``=``, ``-``
    (only in the reference), ``+`` (only in the member)."""
    a = ref.split() if isinstance(ref, str) else ref
    b = mem.split() if isinstance(mem, str) else mem
    norm = lambda w: re.sub(r"[^\w%]", "", w.lower().replace("’", "'"))  # noqa: E731
    sm = SequenceMatcher(None, [norm(w) for w in a], [norm(w) for w in b], autojunk=False)
    out: list[list[str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(["=", " ".join(b[j1:j2])])
        else:
            if i2 > i1:
                out.append(["-", " ".join(a[i1:i2])])
            if j2 > j1:
                out.append(["+", " ".join(b[j1:j2])])
    return out


def _weak_speaker(name: str | None) -> bool:
    """No speaker, or one that does not look like a person's full name."""
    if not name:
        return True
    parts = name.split()
    return len(parts) < 2 or not all(p[:1].isupper() for p in parts)


def _speaker_ok(a: QuoteItem, b: QuoteItem) -> bool:
    return a.speaker == b.speaker or _weak_speaker(a.speaker) or _weak_speaker(b.speaker)


def group_quotes(quotes: dict[str, list[Quote]], published: dict[str, str | None] | None = None,
                 *, threshold: float = 0.5) -> list[dict[str, Any]]:
    """Group the speech quotes of one story by utterance; see the module doc."""
    published = published or {}
    items = [make_item(q, published.get(doc)) for doc in sorted(quotes) for q in quotes[doc]
             if q.kind in ("direct", "partial") and q.text.strip()]
    items = [it for it in items if it.stems]
    n = len(items)
    pairs: list[tuple[float, int, int]] = []
    sims: dict[tuple[int, int], float] = {}
    cache: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}

    def need_for(a: QuoteItem, b: QuoteItem) -> float:
        need = threshold if a.speaker == b.speaker else max(threshold, 0.7)
        if len(a.stems) < 4 and len(b.stems) < 4:
            need = max(need, 0.99)  # two short fragments alone do not make a group
        if a.doc == b.doc and a.words != b.words:
            need = max(need, 0.9)  # one article quotes one utterance twice only as a cut of it
        return need

    def sim(a: QuoteItem, b: QuoteItem) -> float:
        ck = (tuple(a.stems), tuple(b.stems))
        s = cache.get(ck)
        if s is None:
            s = cache[ck] = similarity(a, b)
        return s

    for i in range(n):
        for j in range(i + 1, n):
            a, b = items[i], items[j]
            if not _speaker_ok(a, b):
                continue
            s = sim(a, b)
            if s >= need_for(a, b):
                sims[(i, j)] = s
                pairs.append((s, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def linked(i: int, j: int) -> bool:
        return (min(i, j), max(i, j)) in sims

    for _, i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        # two different quotes of one article join a group only if they are linked themselves
        ok = True
        for x in members[gi]:
            for y in members[gj]:
                if items[x].doc == items[y].doc and not linked(x, y) and items[x].words != items[y].words:
                    ok = False
                    break
            if not ok:
                break
        if not ok:
            continue
        for y in members[gj]:
            group_of[y] = gi
        members[gi].extend(members.pop(gj))

    groups: list[dict[str, Any]] = []
    for _gid, idx in members.items():
        group_items = [items[k] for k in idx]
        # chained links drift: keep only the members that render the reference's utterance themselves
        while len(group_items) >= 2:
            ref = _reference(group_items)
            keep = [it for it in group_items if it is ref or it.words == ref.words
                    or (_speaker_ok(ref, it) and sim(ref, it) >= need_for(ref, it))]
            if len(keep) == len(group_items):
                break
            group_items = keep
        if len(group_items) < 2:
            continue
        ref = _reference(group_items)
        speaker = _main_speaker(group_items)
        rows: list[dict[str, Any]] = []
        for it in sorted(group_items, key=lambda x: (x.doc, x.start)):
            rel, why = classify(ref, it)
            if it is ref:
                rel = "reference"
            rows.append({"doc": it.doc, "text": it.text, "speaker": it.speaker or speaker, "relation": rel,
                         "reason": why, "start": it.start, "end": it.end, "kind": it.quote.kind,
                         "diff": word_diff(ref.text, it.text)})
        groups.append({"speaker": speaker, "reference": {"doc": ref.doc, "text": ref.text, "start": ref.start,
                                                         "end": ref.end},
                       "docs": sorted({it.doc for it in group_items}), "members": rows})
    groups.sort(key=lambda g: (-len(g["docs"]), -len(g["members"]), g["reference"]["doc"], g["reference"]["start"]))
    for k, g in enumerate(groups, 1):
        g["id"] = f"Q{k}"
        g["fidelity_warning"] = any(m["relation"] in ("reworded", "altered") for m in g["members"])
    return [{"id": g.pop("id"), **g} for g in groups]


def _main_speaker(items: list[QuoteItem]) -> str | None:
    counts: dict[str, int] = {}
    for it in items:
        if it.speaker:
            counts[it.speaker] = counts.get(it.speaker, 0) + (3 if not _weak_speaker(it.speaker) else 1)
    return max(sorted(counts), key=lambda k: counts[k]) if counts else None


def _reference(items: list[QuoteItem]) -> QuoteItem:
    counts: dict[tuple[str, ...], int] = {}
    for it in items:
        counts[tuple(it.words)] = counts.get(tuple(it.words), 0) + 1
    full = [it for it in items if it.quote.kind == "direct"] or items

    def key(it: QuoteItem) -> tuple[int, int, str, int]:
        return (-counts[tuple(it.words)], -len(it.words) if len(it.words) > 0 else 0, it.published or "9999",
                it.start)

    # most repeated wording first, then the fullest, then the earliest
    return min(full, key=key)


def find_echoes(quotes: dict[str, list[Quote]], others: dict[str, list[Quote]],
                groups: list[dict[str, Any]] | None = None, *, threshold: float = 0.55,
                min_words: int = 3) -> list[dict[str, Any]]:
    """Quotes of this story whose message the same speaker gave on another
    occasion (a quote in ``others``, i.e. in another story)."""
    mine = [make_item(q) for d in sorted(quotes) for q in quotes[d] if q.kind in ("direct", "partial")]
    theirs = [make_item(q) for d in sorted(others) for q in others[d] if q.kind in ("direct", "partial")]
    by_speaker: dict[str, list[QuoteItem]] = {}
    for it in theirs:
        if it.speaker and len(it.words) >= 1:
            by_speaker.setdefault(it.speaker, []).append(it)
    group_of: dict[tuple[str, int], str] = {}
    for g in groups or []:
        for m in g["members"]:
            group_of[(m["doc"], m["start"])] = g["id"]
    out = []
    for it in mine:
        if not it.speaker or len(it.words) < min_words:
            continue
        best, best_s = None, threshold
        for other in by_speaker.get(it.speaker, []):
            if other.words == it.words and other.doc != it.doc:
                continue  # a copy of the same article, not another occasion
            s = _echo_score(it, other)
            if s >= best_s:
                best, best_s = other, s
        if best is None:
            continue
        out.append({"doc": it.doc, "start": it.start, "end": it.end, "text": it.text, "speaker": it.speaker,
                    "group": group_of.get((it.doc, it.start)),
                    "echo_of": {"doc": best.doc, "start": best.start, "end": best.end, "text": best.text},
                    "score": round(best_s, 3),
                    "why": "same speaker, same message, another story (another occasion)"})
    return out


def _window_ratio(a: list[str], b: list[str]) -> float:
    """Best similarity of the shorter word list against a same-length window of the longer."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    if n == 0:
        return 0.0
    best = 0.0
    sset = set(short)
    for i in range(0, len(long_) - n + 1):
        win = long_[i:i + n]
        if not sset.intersection(win):
            continue
        best = max(best, SequenceMatcher(None, short, win, autojunk=False).ratio())
        if best == 1.0:
            break
    return best


def _echo_score(a: QuoteItem, b: QuoteItem) -> float:
    shared = a.content & b.content
    if not shared or min(len(a.words), len(b.words)) < 4:
        return 0.0
    over = len(shared) / min(len(a.content), len(b.content)) if len(shared) >= 2 else 0.0
    return max(over * (0.75 if len(shared) == 2 else 1.0), _window_ratio(a.stems, b.stems))


def _iter_members(groups: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for g in groups:
        yield from g["members"]
