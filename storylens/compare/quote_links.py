"""Whether two quotations render one utterance, and where.

:func:`link` compares two :class:`~.quote_words.QuoteItem` and returns a
:class:`Link`: a score and the stretch of each quotation (as word ranges)
that renders the shared utterance. A quotation that prints two sentences of a speech links to the
outlet that printed the first with its first sentence and to the outlet that
printed the second with its second, so it can join two groups.

Scores: 1.0 for a contiguous cut (0.6 for one word of a longer quotation),
0.9 for a cut with small edits or two overlapping cuts, 0.85 for a stretch
of four or more words covering most of the sentences it sits in; otherwise
(a rewording) only sentences of comparable length (the shorter at least 40%
of the longer, four words or more) score, by content-word Dice (three shared
words or more) or word-sequence similarity.
"""

from __future__ import annotations

from dataclasses import dataclass

from .quote_align import align, find_contiguous, near_containment, ratio
from .quote_words import QuoteItem, part

__all__ = ["Link", "REWORDING", "link", "similarity", "soft_shared"]

REWORDING = 0.85  # a rewording this close links alone; a looser one needs neighbours that link (see quotegroups)
_MAX_SENTENCES = 24  # sentence pairs compared for a rewording: at most this many per side


@dataclass
class Link:
    """Two quotations render one utterance: ``score`` and the word ranges of each."""

    score: float
    a: tuple[int, int]
    b: tuple[int, int]

    def swap(self) -> Link:
        return Link(self.score, self.b, self.a)


def soft_shared(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> int:
    """Shared content stems, a stem that prefixes the other counting too ("plan"/"planne")."""
    if len(a) > len(b):
        a, b = b, a
    n = 0
    for x in a:
        if x in b or (len(x) >= 4 and any(len(y) >= 4 and (x.startswith(y) or y.startswith(x)) for y in b)):
            n += 1
    return n


def _one_speaker(a: QuoteItem, b: QuoteItem) -> bool:
    """Both quotations credited to the same named speaker."""
    return a.speaker is not None and a.speaker == b.speaker


def _reword_score(a: QuoteItem, b: QuoteItem) -> float:
    """Similarity of two wordings of comparable length (0 otherwise)."""
    short, long_ = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    if len(short.stems) < 4 or len(short.stems) < 0.4 * len(long_.stems):
        return 0.0
    ca, cb = a.content, b.content
    shared = soft_shared(ca, cb)
    # names alone ("the United States", "America") do not make two sentences one utterance
    plain = soft_shared(ca - a.names, cb - b.names)
    seq = ratio(a.stems, b.stems) if plain >= 1 else 0.0
    dice = 2 * shared / (len(ca) + len(cb)) if ca and cb and shared >= 3 and plain >= 2 else 0.0
    return max(seq, dice)


def _cut(a: QuoteItem, b: QuoteItem) -> Link | None:
    """One quotation is a contiguous run of the other."""
    swap = len(a.stems) > len(b.stems)
    short, long_ = (b, a) if swap else (a, b)
    # a short piece must match word for word ("defeated ISIS" is not "Defeat ISIS")
    pos = find_contiguous(short.stems, long_.stems) if len(short.stems) >= 3 else \
        find_contiguous(short.words, long_.words)
    if pos is None:
        return None
    score = 1.0 if len(short.stems) >= 2 or len(long_.stems) <= 2 else 0.6
    lk = Link(score, (0, len(short.stems)), (pos, pos + len(short.stems)))
    return lk.swap() if swap else lk


def _stretch(a: QuoteItem, b: QuoteItem) -> Link | None:
    """A shared stretch with small edits: a near cut of one side, or four
    words or more covering most of the sentences around them."""
    al = near_containment(a.stems, b.stems, cover=0.6, overlap=5)
    if al is not None and (al.matched >= 5 or al.matched >= 4 and not (al.a_edit or al.b_edit)) \
            and (len(set(a.stems[al.a_lo:al.a_hi]) & a.content & b.content) >= 2 or _one_speaker(a, b)):
        # (not "there's a great deal of worry" / "there's a lot of doubt here": a stretch of
        # small words and one content word is no shared utterance)
        return Link(0.9, (al.a_lo, al.a_hi), (al.b_lo, al.b_hi))
    al = align(a.stems, b.stems)
    if al is None or al.matched < 5:
        return None
    ra, rb = a.sentence_bounds(al.a_lo, al.a_hi), b.sentence_bounds(al.b_lo, al.b_hi)
    la, lb = ra[1] - ra[0], rb[1] - rb[0]
    if al.matched < 0.6 * min(la, lb) or al.matched < 0.35 * max(la, lb):
        return None  # a phrase two sentences share ("the harbour master of the port of Kestrow")
    inner = set(a.stems[al.a_lo:al.a_hi]) & a.content & b.content
    # a whole sentence of plain words printed nearly alike, by one named speaker ("Why would she not sign
    # it?" / "… sign that?"), is one utterance though it shares no content word
    whole = _one_speaker(a, b) and al.matched >= 0.8 * max(la, lb)
    return Link(0.85, (al.a_lo, al.a_hi), (al.b_lo, al.b_hi)) if len(inner) >= 2 or whole else None


def _rewording(a: QuoteItem, b: QuoteItem) -> Link | None:
    """The best pair of sentences (or the whole quotations) that say the same in other words."""
    best: Link | None = None
    whole = _reword_score(a, b)
    if whole > 0:
        best = Link(whole, (0, len(a.stems)), (0, len(b.stems)))
    if len(a.sents) > 1 or len(b.sents) > 1:
        for sa in a.sents[:_MAX_SENTENCES]:
            pa = part(a, *sa)
            for sb in b.sents[:_MAX_SENTENCES]:
                s = _reword_score(pa, part(b, *sb))
                if s > 0 and (best is None or s > best.score + 0.05):
                    best = Link(s, sa, sb)
    return best


def link(a: QuoteItem, b: QuoteItem) -> Link | None:
    """How two quotations render one utterance (see the module doc), or ``None``."""
    if not a.stems or not b.stems:
        return None
    if len(a.stems) > len(b.stems):  # aligned shorter first: its runs anchor the alignment
        lk = link(b, a)
        return lk.swap() if lk else None
    short = a
    if a.content and b.content and not soft_shared(a.content, b.content) and len(short.stems) >= 2 \
            and not _one_speaker(a, b):
        return None  # no content word in common: not the same utterance (unless one speaker's plain sentence)
    cut = _cut(a, b)
    if cut is not None:
        return cut
    if len(short.stems) < 4:
        return None  # a short piece counts only as an exact cut
    return _stretch(a, b) or _rewording(a, b)


def similarity(a: QuoteItem, b: QuoteItem) -> float:
    """How likely two quotes render the same utterance (0..1)."""
    lk = link(a, b)
    return lk.score if lk else 0.0
