"""Word alignment of two quotations, bounded in time.

:func:`matching_blocks` lines up two word lists: ``difflib`` (longest
contiguous runs first, the alignment a reader expects) for lists of up to a
few hundred words, a bit-parallel LCS (``rapidfuzz``, linear in memory and
about ``n * m / 64`` word steps) for longer ones, on at most
:data:`MAX_WORDS` words of each. Two 50 KB quotations align in milliseconds
instead of minutes. :func:`align` finds the longest in-order stretch with
small interior edits; :func:`near_containment` whether one list is a cut of
the other; :func:`ratio` their similarity.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from rapidfuzz.distance import Indel

__all__ = ["Alignment", "MAX_WORDS", "align", "contiguous", "find_contiguous", "matching_blocks",
           "near_containment", "opcodes", "ratio", "subsequence"]

MAX_WORDS = 20000  # words of a quotation that are aligned (a longer one is compared on its start)
_DIFFLIB_CELLS = 160_000  # up to 400 x 400 words, difflib; beyond, the bit-parallel LCS

Block = tuple[int, int, int]  # a start, b start, size


def matching_blocks(a: list[str], b: list[str]) -> list[Block]:
    """Runs of equal words ``(i, j, size)`` in order, without the empty end block."""
    a, b = a[:MAX_WORDS], b[:MAX_WORDS]
    if not a or not b:
        return []
    if len(a) * len(b) <= _DIFFLIB_CELLS:
        return list(_difflib_blocks(tuple(a), tuple(b)))
    return [(x.a, x.b, x.size) for x in Indel.opcodes(a, b).as_matching_blocks() if x.size]


@lru_cache(maxsize=4096)
def _difflib_blocks(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[Block, ...]:
    """difflib's blocks of two short word lists, kept for the next pair of the same wordings (a
    quotation printed many times is aligned once per other wording, not once per pair)."""
    return tuple((x.a, x.b, x.size) for x in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
                 if x.size)


def opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """``difflib``-style opcodes (``equal``, ``replace``, ``delete``, ``insert``) from :func:`matching_blocks`."""
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    na, nb = min(len(a), MAX_WORDS), min(len(b), MAX_WORDS)
    for bi, bj, size in matching_blocks(a, b) + [(na, nb, 0)]:
        if i < bi and j < bj:
            out.append(("replace", i, bi, j, bj))
        elif i < bi:
            out.append(("delete", i, bi, j, j))
        elif j < bj:
            out.append(("insert", i, i, j, bj))
        if size:
            out.append(("equal", bi, bi + size, bj, bj + size))
        i, j = bi + size, bj + size
    if len(a) > na or len(b) > nb:  # past the aligned words: one change
        out.append(("replace" if len(a) > na and len(b) > nb else "delete" if len(a) > na else "insert",
                    na, len(a), nb, len(b)))
    return out


def ratio(a: list[str], b: list[str]) -> float:
    """Word-sequence similarity ``2 * LCS / (len(a) + len(b))`` (0..1)."""
    if not a and not b:
        return 1.0
    return float(Indel.normalized_similarity(a[:MAX_WORDS], b[:MAX_WORDS]))


def find_contiguous(small: list[str], big: list[str]) -> int | None:
    """Where ``small`` occurs as a run inside ``big``, or ``None``."""
    n = len(small)
    if n == 0 or n > len(big):
        return None
    first = small[0]
    for i in range(len(big) - n + 1):
        if big[i] == first and big[i:i + n] == small:
            return i
    return None


def contiguous(small: list[str], big: list[str]) -> bool:
    return find_contiguous(small, big) is not None


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


def _best_chain(blocks: list[Block], max_edit: float) -> tuple[int, int] | None:
    anchors = [k for k, blk in enumerate(blocks) if blk[2] >= 2]
    best: tuple[int, int, int, int] | None = None
    for x, i in enumerate(anchors):
        matched = 0
        for j in anchors[x:]:
            matched = sum(blk[2] for blk in blocks[i:j + 1])
            a_edit = blocks[j][0] + blocks[j][2] - blocks[i][0] - matched
            b_edit = blocks[j][1] + blocks[j][2] - blocks[i][1] - matched
            if max(a_edit, b_edit) > max(2.0, max_edit * matched):
                break  # a longer chain only adds edits further out
            key = (matched, -(a_edit + b_edit), i, j)
            if best is None or key[:2] > best[:2]:
                best = key
    return (best[2], best[3]) if best else None


def align(a: list[str], b: list[str], *, max_edit: float = 0.3) -> Alignment | None:
    """The longest in-order stretch shared by ``a`` and ``b`` whose interior
    differs by at most ``max_edit`` of its matched words (at least two) on each
    side. Anchored on runs of two or more words, then stretched over single
    matching words at most two words away ("open the government" / "open up
    government"); ``None`` without any run."""
    blocks = matching_blocks(a, b)
    chain = _best_chain(blocks, max_edit)
    if chain is None:
        return None
    i, j = chain
    while i > 0 and blocks[i][0] - (blocks[i - 1][0] + blocks[i - 1][2]) <= 2 and \
            blocks[i][1] - (blocks[i - 1][1] + blocks[i - 1][2]) <= 2:
        i -= 1
    while j + 1 < len(blocks) and blocks[j + 1][0] - (blocks[j][0] + blocks[j][2]) <= 2 and \
            blocks[j + 1][1] - (blocks[j][1] + blocks[j][2]) <= 2:
        j += 1
    matched = sum(blk[2] for blk in blocks[i:j + 1])
    a_lo, a_hi = blocks[i][0], blocks[j][0] + blocks[j][2]
    b_lo, b_hi = blocks[i][1], blocks[j][1] + blocks[j][2]
    return Alignment(matched, a_lo, a_hi, b_lo, b_hi, (a_hi - a_lo) - matched, (b_hi - b_lo) - matched)


def _absorb_ends(al: Alignment, a: list[str], b: list[str]) -> bool:
    """Fold short differing ends into the stretch (a substitution or a short
    insertion); ``True`` when both lists run on differently at one end."""
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
    return diverge


def near_containment(a: list[str], b: list[str], *, cover: float = 0.5, overlap: int = 0) -> Alignment | None:
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
    diverge = _absorb_ends(al, a, b)
    if max(al.a_edit, al.b_edit) > max(2.0, 0.3 * al.matched):
        return None
    short = min(len(a), len(b))
    if al.matched >= max(3, cover * short):
        return al
    touches = (al.a_lo == 0 and al.b_hi == len(b)) or (al.b_lo == 0 and al.a_hi == len(a))
    if overlap and al.matched >= overlap and touches and not diverge:
        return al
    return None


def subsequence(small: list[str], big: list[str]) -> list[tuple[int, int]] | None:
    """``small`` is ``big`` with words dropped inside (an unmarked elision): all
    its words in order, in at most three runs. Returns the gaps in ``big``."""
    blocks = matching_blocks(big, small)
    if not blocks or sum(blk[2] for blk in blocks) != len(small) or len(blocks) > 3 or \
            any(blk[2] < 2 for blk in blocks) or blocks[-1][0] + blocks[-1][2] - blocks[0][0] > 3 * len(small):
        return None
    return [(x[0] + x[2], y[0]) for x, y in pairwise(blocks) if y[0] > x[0] + x[2]]
