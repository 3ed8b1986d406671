"""How many quotations are open at a position of a text: curly and
guillemet marks nest, a straight double quote toggles, and a ” with no
quotation open opens one (some outlets print ”...”)."""

from __future__ import annotations

import bisect
import re

__all__ = ["quote_depth", "QuoteDepths"]

_OPEN, _CLOSE = "“«", "”»"
_MARK = re.compile('[“«”»"]')
_MARK_OR_BREAK = re.compile('[“«”»"\n]')


def quote_depth(src: str, start: int, pos: int) -> int:
    """How many quotations are open at ``pos``, counting from ``start`` (the
    start of its paragraph): curly and guillemet marks nest, a straight
    double quote toggles, and a ” with no quotation open opens one (some
    outlets print ”...” )."""
    depth, straight = 0, False
    for m in _MARK.finditer(src, start, max(start, pos)):  # the marks only, found at C speed
        depth, straight = _after_mark(m.group(), depth, straight)
    return depth + int(straight)


def _after_mark(c: str, depth: int, straight: bool) -> tuple[int, bool]:
    """The open curly quotations and the straight-quote state after mark ``c``."""
    if c in _OPEN:
        return depth + 1, straight
    if c in _CLOSE:
        return (depth - 1 if depth else int(c == "”")), straight  # some outlets open with ” too
    return depth, not straight  # a straight double quote toggles


class QuoteDepths:
    """:func:`quote_depth` for every position of one text, answered by
    bisection after one pass over its marks (a timeline asks it for each of
    thousands of sentences of one long paragraph)."""

    def __init__(self, src: str):
        self.pos: list[int] = []
        self.depth: list[int] = []
        self.breaks: list[int] = []  # the line breaks, for a position's paragraph
        self.size = len(src)
        depth, straight = 0, False
        for m in _MARK_OR_BREAK.finditer(src):
            c = m.group()
            if c == "\n":  # a paragraph starts afresh
                depth, straight = 0, False
                self.breaks.append(m.start())
            else:
                depth, straight = _after_mark(c, depth, straight)
            self.pos.append(m.start())
            self.depth.append(depth + int(straight))

    def at(self, pos: int) -> int:
        """How many quotations are open at ``pos`` (counted from its paragraph's start)."""
        k = bisect.bisect_left(self.pos, pos) - 1
        return self.depth[k] if k >= 0 else 0

    def paragraph(self, s: int, e: int) -> tuple[int, int]:
        """The start of ``s``'s paragraph and the end of ``e``'s (as
        :func:`_paragraph_start` and ``src.find("\\n", e)``)."""
        k = bisect.bisect_left(self.breaks, s) - 1
        j = bisect.bisect_left(self.breaks, e)
        return (self.breaks[k] + 1 if k >= 0 else 0), (self.breaks[j] if j < len(self.breaks) else self.size)
