"""A fast quotation-mark scanner: pairs quotation marks into quoted regions.

It works character by character on one paragraph (a line) at a time with a
small stack, and knows every common style:

* curly double ``“ ”``, low-high ``„ “``, guillemets ``« »`` and ``‹ ›``;
* straight ``"`` and the typewriter digraph ``''`` (NYT style), whose role
  (opening or closing) is read from the characters around them;
* single quotes ``‘ ’`` and ``'`` used as quotation marks, told apart from
  apostrophes (``don't``, ``Trump’s``, ``the states’ rights``);
* a closing mark used as an opener (``”At this moment…”``);
* nesting (``“He said ‘no’ to me”``): inner regions are kept as children;
* paragraphs that open a quote without closing it: the region runs to the end
  of the paragraph and is flagged ``open_end``; a following paragraph that
  closes a quote it never opened continues it (``open_start``).

No NLP here: the scanner is a few microseconds per paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["QuoteRegion", "scan_quotes", "paragraphs"]

_OPEN_CONTEXT = set(" \t\u00a0([{—–-/:;…\u2014\u2013")
_DOUBLE_OPENERS = "“„«"
_GUILLEMET_SINGLE_OPEN = "‹"
_GUILLEMET_SINGLE_CLOSE = "›"


@dataclass
class QuoteRegion:
    """A quoted region: ``text[start:end]`` are the quoted words, marks excluded.

    ``open_mark``/``close_mark`` are the offsets of the marks (``close_mark``
    is ``None`` when the paragraph ends first). ``depth`` is 0 for top-level
    quotes; ``children`` holds quotes nested inside this one.
    """

    start: int
    end: int
    open_mark: int | None
    close_mark: int | None
    family: str  # "double" or "single"
    para_start: int
    para_end: int
    depth: int = 0
    open_end: bool = False  # the paragraph ended before a closing mark
    open_start: bool = False  # continues a quote left open by the paragraph above
    children: list[QuoteRegion] = field(default_factory=list)
    close_width: int = 1  # the closing mark's characters ('' is two; it may close a `` or a ")

    @property
    def mark_start(self) -> int:
        """Offset of the opening mark (or of the region when there is none)."""
        return self.open_mark if self.open_mark is not None else self.start

    @property
    def mark_end(self) -> int:
        """Offset just past the closing mark (or the region's end)."""
        if self.close_mark is None:
            return self.end
        return self.close_mark + self.close_width


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of the non-empty lines of ``text[start:end]``."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            yield pos, stop
        pos = stop + 1


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _marks(text: str, ps: int, pe: int) -> Iterator[tuple[int, int, str, str]]:
    """Yield ``(pos, width, family, role)``; role is ``open``, ``close`` or ``either``."""
    i = ps
    while i < pe:
        ch = text[i]
        if ch not in "“”„«»\"'‘’‹›`":
            i += 1
            continue
        prev = text[i - 1] if i > ps else ""
        if ch == "'" or ch == "`":
            run = 1
            while i + run < pe and text[i + run] == ch:
                run += 1
            nxt = text[i + run] if i + run < pe else ""
            opening = prev == "" or prev in _OPEN_CONTEXT or prev in "\"“‘'"
            if ch == "`":
                if run >= 2:
                    yield i, 2, "double2", "open"
                i += run
                continue
            if run == 1:
                if opening and not _is_space(nxt):
                    yield i, 1, "single", "open"
                elif not _is_space(prev) and not nxt.isalnum():
                    yield i, 1, "single", "close"
                i += 1
                continue
            # runs of 2 or 3 apostrophes: '' is a double quotation mark
            if run == 2:
                role = "open" if opening and not _is_space(nxt) else (
                    "close" if not _is_space(prev) or _is_space(nxt) else "either")
                yield i, 2, "double2", role
            else:
                if opening:
                    yield i, 2, "double2", "open"
                    yield i + 2, 1, "single", "open"
                else:
                    yield i, 1, "single", "close"
                    yield i + 1, 2, "double2", "close"
            i += run
            continue
        nxt = text[i + 1] if i + 1 < pe else ""
        if ch in _DOUBLE_OPENERS:
            if ch == "“" and not _is_space(prev) and prev not in _OPEN_CONTEXT and (
                _is_space(nxt) or nxt in ",.;:!?)"
            ):
                yield i, 1, "double", "close"  # a “ used as a closer: ,“ said
            else:
                yield i, 1, "double", "open"
        elif ch == "»":
            yield i, 1, "double", "close"
        elif ch == "”":
            if (prev == "" or _is_space(prev) or prev in "([") and not _is_space(nxt):
                yield i, 1, "double", "either"  # closing mark used as an opener
            else:
                yield i, 1, "double", "close"
        elif ch == '"':
            if (prev == "" or prev in _OPEN_CONTEXT or prev in "‘'") and not _is_space(nxt):
                yield i, 1, "double", "open"
            elif not _is_space(prev) and (_is_space(nxt) or not nxt.isalnum()):
                yield i, 1, "double", "close"
            else:
                yield i, 1, "double", "either"
        elif ch in "‘" + _GUILLEMET_SINGLE_OPEN:
            if prev.isalnum() and ch == "‘":
                pass  # a mis-typed apostrophe inside a word
            else:
                yield i, 1, "single", "open"
        elif ch in "’" + _GUILLEMET_SINGLE_CLOSE:
            if ch == "›":
                yield i, 1, "single", "close"
            elif (prev == "" or prev in _OPEN_CONTEXT or prev in "\"“") and nxt.isalpha():
                yield i, 1, "single", "open"  # ’ used as an opener
            elif not _is_space(prev) and not nxt.isalnum():
                yield i, 1, "single", "close"
        i += 1


def _same_family(a: str, b: str) -> bool:
    return (a == "single") == (b == "single")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# a paragraph that opens a quotation and ends in its attribution, the closing mark left out
_MISSING_CLOSE = re.compile(r",\s+(?:he|she|they|[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2})\s+"
                            r"(?:said|says|wrote|writes|added|adds|told\s+\w+)\s*\.?\s*$")


_SENTENCE_END_BEFORE = re.compile(r"[.!?]\s+$")


def _run_together(text: str, ps: int, opos: int, owidth: int, kids: list[QuoteRegion]) -> int | None:
    """The index of the first of ``kids`` that opens a new quotation, when an
    unclosed double quotation (its mark at ``opos``) holds two or more double
    quotations marked as it is, the first opening after a full stop: news
    nests no double quotation in a double one, so these are quotations of
    their own (one inner quotation closing the paragraph is more likely a
    mistyped closing mark, and stays inside)."""
    mark = text[opos:opos + owidth]
    doubles = [i for i, k in enumerate(kids) if k.family != "single" and k.open_mark is not None
               and text[k.open_mark:k.open_mark + owidth] == mark]
    if len(doubles) < 2:
        return None
    at = kids[doubles[0]].open_mark or 0
    return doubles[0] if _SENTENCE_END_BEFORE.search(text, max(ps, at - 4), at) else None


def _shift_depth(region: QuoteRegion, by: int) -> None:
    region.depth += by
    for c in region.children:
        _shift_depth(c, by)


def scan_paragraph(text: str, ps: int, pe: int, carried: bool = False) -> tuple[list[QuoteRegion], bool]:
    """Pair the marks of one paragraph.

    ``carried`` says the paragraph above left a double quote open. Returns the
    top-level regions (children attached) and whether this paragraph leaves a
    double quote open.
    """
    stack: list[tuple[int, int, str, list[QuoteRegion], bool]] = []  # pos, width, family, children, open_start
    top: list[QuoteRegion] = []

    def emit(open_pos: int | None, width: int, family: str, close_pos: int | None,
             children: list[QuoteRegion], open_start: bool, close_width: int = 1, until: int | None = None) -> None:
        qs = ps if open_pos is None else open_pos + width
        qe = (pe if until is None else until) if close_pos is None else close_pos
        qs, qe = _trim(text, qs, qe)
        if qe <= qs:
            return
        reg = QuoteRegion(qs, qe, open_pos, close_pos, family, ps, pe,
                          depth=len(stack), open_end=close_pos is None,
                          open_start=open_start, children=children, close_width=close_width)
        for c in children:
            c.depth = reg.depth + 1
        (stack[-1][3] if stack else top).append(reg)

    first_mark = True
    doubles = 0  # open non-single marks on the stack (counted, not searched: bounded work)
    for pos, width, family, role in _marks(text, ps, pe):
        in_double = doubles > 0
        if family != "single":
            can_close = role in ("close", "either") and in_double
            if role == "close" and not in_double and carried and first_mark and not stack:
                # closes a quote opened in the paragraph above
                emit(None, 0, family, pos, [], True, width)
                first_mark = False
                continue
            first_mark = False
            if can_close:
                while stack and stack[-1][2] == "single":  # drop unclosed inner singles
                    _, _, _, kids, _ = stack.pop()
                    (stack[-1][3] if stack else top).extend(kids)
                opos, owidth, ofam, kids, ostart = stack.pop()
                doubles -= 1
                emit(opos, owidth, ofam, pos, kids, ostart, width)
            elif role in ("open", "either"):
                stack.append((pos, width, family, [], False))
                doubles += 1
        else:
            first_mark = False
            if role == "close" and stack and stack[-1][2] == "single":
                opos, owidth, ofam, kids, ostart = stack.pop()
                emit(opos, owidth, ofam, pos, kids, ostart, width)
            elif role == "open":
                stack.append((pos, width, family, [], False))
    leaves_open = False
    while stack:
        opos, owidth, ofam, kids, ostart = stack.pop()
        if ofam == "single":
            (stack[-1][3] if stack else top).extend(kids)
            continue
        if stack:  # an unclosed double nested in something: drop the mark
            stack[-1][3].extend(kids)
            continue
        runs = _run_together(text, ps, opos, owidth, kids)
        if runs is not None:
            # "``We have not analyzed it. ``We believe …'' … ``We stay.''": a quotation of two paragraphs
            # run into one line, the quotations after it read as nested in it; the first stops where
            # the second opens, and they stand on their own
            emit(opos, owidth, ofam, None, kids[:runs], ostart, until=kids[runs].open_mark)
            for k in kids[runs:]:
                _shift_depth(k, -k.depth)
                top.append(k)
            continue
        tail = _MISSING_CLOSE.search(text, opos + owidth, pe)
        if tail is not None and not ostart:
            # "“We did our part …, he wrote.": the closing mark was left out before the attribution
            emit(opos, owidth, ofam, tail.start(), kids, ostart)
            continue
        emit(opos, owidth, ofam, None, kids, ostart)
        leaves_open = True
    top.sort(key=lambda r: r.start)
    return top, leaves_open


def scan_quotes(text: str, start: int = 0, end: int | None = None,
                skip: list[tuple[int, int]] | None = None) -> list[QuoteRegion]:
    """All top-level quoted regions of ``text[start:end]``, in order.

    ``skip`` lists ``(start, end)`` ranges (removed page furniture) whose
    paragraphs are not scanned.
    """
    skip = sorted(skip or [])
    out: list[QuoteRegion] = []
    carried = False
    for ps, pe in paragraphs(text, start, end):
        if any(s <= ps and pe <= e for s, e in skip):
            continue
        regions, carried = scan_paragraph(text, ps, pe, carried)
        out.extend(regions)
    return out
