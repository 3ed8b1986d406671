"""Echoes: the same speaker's message in another story.

A quote of this story whose speaker said nearly the same thing in a quote of
*another* story is linked to it as an echo (never merged into a quote
group): the same message on another occasion, or one utterance printed
again, in other words, in a follow-up story. The comparison of a short quote against windows of a long one is
bounded: windows start only where the two share a run of words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models import Quote
from .quote_align import matching_blocks, ratio
from .quote_words import QuoteItem, make_item

__all__ = ["find_echoes"]

_MAX_WINDOWS = 40  # windows of the longer quote tried against the shorter


def find_echoes(quotes: dict[str, list[Quote]], others: dict[str, list[Quote]],
                groups: list[dict[str, Any]] | None = None, *, threshold: float = 0.55,
                min_words: int = 3) -> list[dict[str, Any]]:
    """Quotes of this story whose message the same speaker gave in a quote
    of ``others`` (another story's quotes)."""
    mine = [make_item(q) for d in sorted(quotes) for q in quotes[d] if q.kind in ("direct", "partial")]
    speakers = {it.speaker for it in mine if it.speaker}
    theirs = [_item(q) for d in sorted(others) for q in others[d]
              if q.kind in ("direct", "partial") and q.speaker in speakers]
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
                    "why": "same speaker, same message, in another story"})
    return out


_ITEMS: dict[tuple[str, int, int, str, str | None, str], QuoteItem] = {}
_MAX_ITEMS = 200_000


def _item(q: Quote) -> QuoteItem:
    """:func:`make_item` of another story's quote, kept: a corpus's stories
    each read the same speakers' quotes (a candidate's every story weighs
    its thousands of quotes), and tokenising them anew for each story made
    the echoes most of a corpus's comparison time."""
    key = (q.doc, q.start, q.end, q.kind, q.speaker, q.text)
    it = _ITEMS.get(key)
    if it is None:
        if len(_ITEMS) >= _MAX_ITEMS:
            _ITEMS.clear()
        it = _ITEMS[key] = make_item(q)
    return it


def _window_ratio(a: list[str], b: list[str]) -> float:
    """Best similarity of the shorter word list against a same-length window of
    the longer, over windows placed where the two share words."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    if n == 0:
        return 0.0
    if len(long_) == n:
        return ratio(short, long_)
    starts = sorted({max(0, min(len(long_) - n, j - i)) for i, j, _size in matching_blocks(short, long_)})
    best = 0.0
    for s in starts[:_MAX_WINDOWS]:
        best = max(best, ratio(short, long_[s:s + n]))
        if best == 1.0:
            break
    return best


def _echo_score(a: QuoteItem, b: QuoteItem) -> float:
    shared = a.content & b.content
    if not shared or min(len(a.words), len(b.words)) < 4:
        return 0.0
    over = len(shared) / min(len(a.content), len(b.content)) if len(shared) >= 2 else 0.0
    return max(over * (0.75 if len(shared) == 2 else 1.0), _window_ratio(a.stems, b.stems))


def iter_members(groups: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for g in groups:
        yield from g["members"]
