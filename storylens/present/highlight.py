"""Rendering a source text as escaped HTML with highlighted spans."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import pairwise


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    cls: str
    anchor: str | None = None
    title: str | None = None


def highlight(text: str, marks: list[Mark]) -> str:
    """Escaped HTML of ``text`` where each elementary run carries the classes
    of every mark covering it; each mark's ``anchor`` becomes an element id at
    its start. Overlapping and nested marks are fine."""
    n = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    points = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks)})
    anchors: dict[int, list[str]] = {}
    seen: set[str] = set()
    for m in marks:
        if m.anchor and m.anchor not in seen:  # one element per id, however many marks start there
            seen.add(m.anchor)
            anchors.setdefault(m.start, []).append(m.anchor)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        if m.cls or m.title:  # (an anchor only: no span)
            starts.setdefault(m.start, []).append(i)
            ends.setdefault(m.end, []).append(i)
    covering: set[int] = set()  # the marks over the current run, swept in order (linear, not runs x marks)
    out: list[str] = []
    for a, b in pairwise(points):
        for anchor in anchors.get(a, []):
            out.append(f'<a class="anchor" id="{escape(anchor)}"></a>')
        covering.difference_update(ends.get(a, ()))
        covering.update(starts.get(a, ()))
        active = [marks[i] for i in sorted(covering)]
        chunk = escape(text[a:b])
        if active:
            classes = " ".join(sorted({m.cls for m in active if m.cls}))
            titles = "; ".join(m.title for m in active if m.title)
            t = f' title="{escape(titles)}"' if titles else ""
            out.append(f'<span class="{escape(classes)}"{t}>{chunk}</span>')
        else:
            out.append(chunk)
    return "".join(out)
