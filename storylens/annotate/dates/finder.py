"""Finding temporal expressions: every rule's matches, the longest
non-overlapping ones kept, a clock time joined to its day, then each
resolved in text order (so "a year earlier" knows what came before)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .calendar_rules import CALENDAR_RULES
from .records import Spec, Timex, parse_published
from .relative_rules import RELATIVE_RULES
from .resolve import Context, resolve
from .rule import Rule, span
from .tense import tense_at

__all__ = ["find_dates"]

RULES: list[Rule] = [*CALENDAR_RULES, *RELATIVE_RULES]
_JOIN_GAP = re.compile(r"[\s,]*(?:(?:on|at|of)\s+)?", re.IGNORECASE)


@dataclass
class _Cand:
    start: int
    end: int
    order: int
    spec: Spec


def _candidates(text: str, start: int, end: int) -> list[_Cand]:
    out: list[_Cand] = []
    for order, r in enumerate(RULES):
        for m in r.pattern.finditer(text, start, end):
            spec = r.build(m)
            if spec is None:
                continue
            a, b = span(m)
            if b > a:
                out.append(_Cand(a, b, order, spec))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """The longest candidates that do not overlap (earlier rules win ties)."""
    chosen: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.order, c.start)):
        if all(c.end <= k.start or k.end <= c.start for k in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _is_day(spec: Spec) -> bool:
    return spec.type == "DATE" and spec.gran == "day" and not spec.part and spec.value is None


def _join_clock_times(text: str, cands: list[_Cand]) -> list[_Cand]:
    """"10 p.m. Wednesday", "Friday at noon": one TIME expression."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and _JOIN_GAP.fullmatch(text, prev.end, c.start):
            clock, day = (prev, c) if prev.spec.clock else (c, prev)
            if clock.spec.clock and clock.spec.type == "TIME" and _is_day(day.spec):
                spec = replace(day.spec, type="TIME", gran="time", clock=clock.spec.clock)
                out[-1] = _Cand(prev.start, c.end, min(prev.order, c.order), spec)
                continue
        out.append(c)
    return out


def _needs_tense(spec: Spec) -> bool:
    return spec.value is None and spec.rel is None and spec.year is None and spec.direction in (None, "this")


def find_dates(text: str, published: str | dt.date | None = None, start: int = 0, end: int | None = None,
               *, doc: str = "") -> list[Timex]:
    """Temporal expressions in ``text[start:end]`` (offsets into ``text``),
    in text order, resolved against ``published`` (an ISO string or a date).
    Expressions before ``start`` are not read: a call per sentence does not
    know what earlier sentences mentioned, a call over the whole text does."""
    end = len(text) if end is None else end
    ctx = Context(parse_published(published))
    out: list[Timex] = []
    for c in _join_clock_times(text, _select(_candidates(text, start, end))):
        spec = c.spec
        tense = tense_at(text, c.start, c.end) if _needs_tense(spec) else None
        got = resolve(spec, ctx, tense)
        if got is None:
            continue
        value, resolved = got
        relative = spec.value is None and (spec.rel is not None or spec.year is None)
        out.append(Timex(c.start, c.end, text[c.start:c.end], spec.type, value, resolved, relative, spec.gran,
                         spec.mod, doc))
        if resolved:
            ctx.remember(spec, value)
    return out
