"""Anchoring a :class:`Spec` in time: the publication date (DCT), the
expression's own direction words, the clause's tense and the dates the
article mentioned before it.

Rules (news convention, as in HeidelTime's news mode):

* ``yesterday``, ``last week``, ``two years ago``, ``this morning`` count from
  the publication date; ``the next day``, ``a year earlier``, ``the
  following Monday`` from the last date the article mentioned;
* a weekday of a week the sentence names ("Friday of next week", "Next
  week the council votes on Friday") is in that week;
* a weekday, or a month, day, quarter or season without a year, is the
  nearest one in the direction its words give (``last``/``next``), else the
  tense gives (future: on or after publication; past: on or before); with
  neither, a weekday is the last one on or before publication and the rest
  are in the publication year;
* "the quarter", "a year ago" in a story about a quarter's results refer to
  the quarter under discussion (the last one mentioned).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .lexicon import movable_holiday
from .records import GRANULARITIES, Spec, value_start

__all__ = ["Context", "resolve", "resolve_weekday"]


@dataclass
class Context:
    """What resolution needs besides the expression: the DCT and what the
    article mentioned so far."""

    dct: dt.date | None
    last: dt.date | None = None  # the last date mentioned (its first day)
    last_gran: str = "day"
    last_quarter: tuple[int, int] | None = None  # (year, quarter) under discussion: the last one reported on
    quarter_live: bool = False  # the last period the text spoke of was that quarter

    def remember(self, spec: Spec, value: str) -> None:
        """Note an expression the text went through (durations too: after
        "the first nine months", "a year earlier" is no longer a quarter)."""
        if spec.context_gran or value.endswith("_REF"):
            return
        d = value_start(value) if spec.type in ("DATE", "TIME") else None
        self.quarter_live = spec.gran == "quarter"
        if d is None:
            return
        self.last, self.last_gran = d, spec.gran
        if spec.quarter and (self.dct is None or _shift(d, "quarter", 1) <= self.dct):
            self.last_quarter = (d.year, spec.quarter)


def resolve_weekday(anchor: dt.date, weekday: int, mode: str) -> dt.date:
    """The ``weekday`` (0 = Monday) nearest ``anchor``: ``past`` on or
    before, ``last`` strictly before, ``future`` on or after, ``next``
    strictly after, ``nearest`` either way (the earlier on a tie), ``week``
    in the anchor's week (Monday to Sunday)."""
    if mode == "week":
        return anchor + dt.timedelta(days=weekday - anchor.weekday())
    back = (anchor.weekday() - weekday) % 7
    fwd = (weekday - anchor.weekday()) % 7
    if mode == "past":
        return anchor - dt.timedelta(days=back)
    if mode == "last":
        return anchor - dt.timedelta(days=back or 7)
    if mode == "future":
        return anchor + dt.timedelta(days=fwd)
    if mode == "nearest":
        return anchor + dt.timedelta(days=fwd) if fwd < back else anchor - dt.timedelta(days=back)
    return anchor + dt.timedelta(days=fwd or 7)


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + dt.timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12, "decade": 120, "century": 1200}[unit] * n
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m + 1, min(d.day, 28))


_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
_SEASON_END = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}  # a season's last month (winter: of the year its January is in)


def _key(spec: Spec) -> tuple[int, int] | None:
    """Where in a year the expression falls, as (month, day), for picking its year."""
    if spec.month:
        return spec.month, spec.day or 0
    if spec.quarter:
        return 3 * spec.quarter - 2, 0
    if spec.half:
        return 6 * spec.half - 5, 0
    if spec.season:
        return _SEASON_MONTH[spec.season], 0
    return None


_PAST_BIAS = 200  # days: in a past-tense clause a later date must be this much nearer to win


def _pick_year(spec: Spec, dct: dt.date, direction: str | None) -> int:
    """The year of a month, day, season, quarter or half given without one."""
    key = _key(spec)
    assert key is not None
    if spec.quarter or spec.half:
        end = key[0] + (2 if spec.quarter else 5)  # the period's last month
        if direction == "next":
            return dct.year + (dct.month >= key[0])
        if direction == "last":
            return dct.year - (dct.month <= end)
        return dct.year - (dct.month < key[0])  # the latest one that has begun: results come after
    if spec.season and direction == "last":
        # "last summer" said in August is the summer before this one: the season must have ended
        return dct.year - (dct.month <= _SEASON_END[spec.season])
    if direction in ("last", "next"):
        now = (dct.month, dct.day if spec.day else 0)
        return dct.year - (key >= now) if direction == "last" else dct.year + (key <= now)
    if direction == "this":
        return dct.year
    if direction == "past" and not spec.day:
        return dct.year - (key[0] > dct.month)

    def offset(year: int) -> int:
        try:
            return (dt.date(year, key[0], spec.day or 15) - dct).days
        except ValueError:
            return 10_000
    if direction == "future":
        return next(y for y in (dct.year - 1, dct.year, dct.year + 1)
                    if (y, key[0], spec.day or 31) >= (dct.year, dct.month, dct.day if spec.day else 1))
    bias = _PAST_BIAS if direction == "past" else 0
    return min((dct.year - 1, dct.year, dct.year + 1), key=lambda y: abs(offset(y)) + (bias if offset(y) > 0 else 0))


def _format(spec: Spec, d: dt.date) -> str:
    g = spec.gran
    if g in ("day", "time"):
        v = d.isoformat()
        if spec.clock:
            v += "T" + spec.clock
        elif spec.part:
            v += spec.part
        return v
    if g in ("week", "weekend"):
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}" + ("-WE" if g == "weekend" else "")
    if g == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if g == "quarter":
        return f"{d.year:04d}-Q{spec.quarter or (d.month - 1) // 3 + 1}"
    if g == "half":
        return f"{d.year:04d}-H{spec.half or (1 if d.month <= 6 else 2)}"
    if g == "season":
        return f"{d.year:04d}-{spec.season}"
    if g == "decade":
        return f"{d.year // 10:03d}"
    if g == "century":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def _placeholder(spec: Spec) -> str:
    tail = ("T" + spec.clock) if spec.clock else (spec.part or "")
    if spec.weekday is not None:
        return f"XXXX-WXX-{spec.weekday + 1}" + tail
    if spec.month:
        return f"XXXX-{spec.month:02d}" + (f"-{spec.day:02d}" if spec.day else "") + tail
    if spec.quarter:
        return f"XXXX-Q{spec.quarter}"
    if spec.half:
        return f"XXXX-H{spec.half}"
    if spec.season:
        return f"XXXX-{spec.season}"
    return {"day": "XXXX-XX-XX", "time": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE",
            "month": "XXXX-XX", "quarter": "XXXX-QX", "half": "XXXX-HX", "season": "XXXX-XX", "decade": "XXX",
            "century": "XX"}.get(spec.gran, "XXXX") + tail


def _weekday_mode(direction: str | None, tense: str | None = None) -> str:
    """How a weekday is found: its words' direction, else the tense; a
    deadline ("by Friday") looks ahead, a present-tense clause takes the
    nearer one, anything else the last one on or before publication."""
    if direction in ("last", "next", "future", "past", "week"):
        return direction
    if tense == "deadline":
        return "future"
    return "nearest" if tense == "present" else "past"


def _absolute(spec: Spec) -> str | None:
    year = spec.year
    assert year is not None
    if spec.holiday:
        month, day = movable_holiday(spec.holiday, year)
        spec = replace(spec, month=month, day=day)
    try:
        d = dt.date(year, spec.month or 1, spec.day or 1)
    except ValueError:
        return None
    if spec.quarter:
        d = dt.date(year, 3 * spec.quarter - 2, 1)
    return _format(spec, d)


def _anchor(spec: Spec, ctx: Context) -> dt.date | None:
    kind = spec.rel[0] if spec.rel else "dct"
    if kind == "refday":  # a clock time: on the day last mentioned, else on the publication date
        return ctx.last if ctx.last is not None and ctx.last_gran in ("time", "day") else ctx.dct
    if kind == "ref":
        if ctx.last is None:
            return ctx.dct
        if GRANULARITIES.index(ctx.last_gran) > GRANULARITIES.index(spec.rel[1] if spec.rel else "day"):
            return None  # "the next day" after "in 1987": no day to count from
        return ctx.last
    if kind in ("refq", "refq!"):
        if ctx.last_quarter:
            y, q = ctx.last_quarter
            return dt.date(y, 3 * q - 2, 1)
        if kind == "refq!" or ctx.dct is None:
            return None
        return _shift(dt.date(ctx.dct.year, ctx.dct.month - (ctx.dct.month - 1) % 3, 1), "quarter", -1)
    return ctx.dct


def resolve(spec: Spec, ctx: Context, tense: str | None) -> tuple[str, bool] | None:
    """``(value, resolved)`` of ``spec``; ``resolved`` is false when it
    needed a publication date there is none of. ``None`` drops the expression."""
    if spec.value is not None:
        return spec.value, True
    if spec.year is not None and spec.rel is None:
        v = _absolute(spec)
        return (v, True) if v else None
    direction = spec.direction or (tense if tense in ("past", "future") else None)
    if spec.direction == "this" and spec.weekday is not None:
        direction = "future" if tense == "future" else ("past" if tense == "past" else None)
    if spec.direction == "poss":  # "Thursday's vote" is past, "cancel Monday's meeting" ahead
        direction = "future" if tense == "future" else "past"
    if spec.context_gran and ctx.last_quarter and ctx.quarter_live and spec.rel:
        y, q = ctx.last_quarter
        return f"{y + spec.rel[2]:04d}-Q{q}", True
    anchor = _anchor(spec, ctx)
    if anchor is None:
        return (_placeholder(spec), False) if ctx.dct is None and (spec.rel is None or spec.rel[0] in ("dct", "ref", "refday")) else None
    if spec.rel:
        off = spec.rel[2]
        if spec.gran == "weekend" and spec.rel == ("dct", "week", 0) and tense == "past" and anchor.weekday() < 5:
            off = -1  # "became a contender this weekend", written on a Monday: the weekend just gone
        d = _shift(anchor, spec.rel[1], off)
        if spec.year is not None:
            d = d.replace(year=spec.year)
        if spec.weekday is not None:
            d = resolve_weekday(d, spec.weekday, _weekday_mode(spec.direction) if spec.direction else "past")
        elif spec.month:
            try:
                d = dt.date(d.year, spec.month, spec.day or 1)
            except ValueError:
                return None
        elif spec.quarter:
            d = dt.date(d.year, 3 * spec.quarter - 2, 1)
        return _format(spec, d), True
    if spec.weekday is not None:
        return _format(spec, resolve_weekday(anchor, spec.weekday, _weekday_mode(direction, tense))), True
    if _key(spec) is None:
        return None
    year = _pick_year(spec, anchor, direction)
    if spec.holiday:
        v = _absolute(replace(spec, year=year))
        return (v, True) if v else None
    try:
        d = dt.date(year, spec.month or (3 * spec.quarter - 2 if spec.quarter else 1), spec.day or 1)
    except ValueError:
        return None
    return _format(spec, d), True
