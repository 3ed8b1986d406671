"""The quote finder's records: a scanned paragraph and a quotation found.

:class:`Para` is one paragraph of the text with its quotation regions
(:mod:`.marks`), tokens and sentences (:mod:`.tokens`); :class:`Found` is one
quotation as :class:`~.finder.QuoteFinder` attributes, classifies and resolves
it, pass by pass.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .marks import QuoteRegion
from .rules import Attribution
from .tokens import Tok

__all__ = ["Cover", "Found", "Para", "text_words"]


@dataclass
class Found:
    """A quotation of the text and what the passes found out about it."""

    region: QuoteRegion
    para: int  # paragraph index
    toks: list[Tok]
    q: int  # token index of the quote in its paragraph
    lo: int  # sentence token range
    hi: int
    headline: bool
    att: Attribution | None = None
    kind: str = "direct"
    confidence: float = 0.0
    speaker: str | None = None
    how: str = ""


@dataclass
class Para:
    """A paragraph: its offsets, quotation regions, tokens and sentence token ranges."""

    start: int
    end: int
    regions: list[QuoteRegion] = field(default_factory=list)
    toks: list[Tok] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)


def text_words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits, with inner apostrophes and hyphens)."""
    return re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text)


class Cover:
    """Spans ``(start, end)`` asked whether one of them covers a range, in
    ``O(log n)`` (a page can have thousands of removed lines)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        self._reach: list[int] = []  # the furthest end among the spans so far
        for _, b in spans:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)

    def covers(self, s: int, e: int) -> bool:
        """Whether some span ``a..b`` has ``a <= s`` and ``e <= b``."""
        k = bisect.bisect_right(self._starts, s) - 1
        return k >= 0 and self._reach[k] >= e
