"""The records of date finding: what an expression says (:class:`Spec`) and
what it resolves to (:class:`Timex`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Spec", "Timex", "parse_published", "readable", "value_start"]

# granularities, finest first
GRANULARITIES = ("time", "day", "week", "weekend", "month", "season", "quarter", "half", "year", "decade", "century")


@dataclass
class Spec:
    """What a temporal expression says before it is anchored in time.

    ``value`` is set when the expression needs no anchor (``PRESENT_REF``,
    ``P3D``, ``2014``...). Otherwise the fields the words give are set and
    the rest comes from the anchor: ``rel`` shifts it (``("dct", "day", -1)``
    for "yesterday", ``("ref", "year", -1)`` for "a year earlier"),
    ``weekday``/``month``/``quarter``/``season`` without a year pick the
    nearest one in the ``direction`` the words or the tense give.
    """

    type: str = "DATE"
    gran: str = "day"
    value: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    weekday: int | None = None
    part: str | None = None  # TMO, TAF, TEV, TNI
    clock: str | None = None  # "22:00"
    rel: tuple[str, str, int] | None = None  # (anchor "dct" | "ref", unit, offset)
    direction: str | None = None  # "past", "future", "last", "next", "this", "poss" (a possessive weekday), "week" (a weekday in the week ``rel`` names), from the words
    context_gran: bool = False  # take the granularity of the reference ("a year earlier" after a quarter)
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX...
    holiday: str | None = None  # a movable feast ("easter", "thanksgiving"): its day depends on the year


@dataclass
class Timex:
    """One temporal expression: source offsets, ``type`` (``DATE``, ``TIME``,
    ``DURATION``, ``SET``) and a TIMEX3 ``value``. ``resolved`` is false when
    the value needed a publication date that the article lacks (its unknown
    parts are ``X``); ``relative`` when it needed the publication date or an
    earlier expression."""

    start: int
    end: int
    text: str
    type: str
    value: str
    resolved: bool = True
    relative: bool = False
    granularity: str = "day"
    mod: str | None = None
    doc: str = ""

    def to_json(self) -> dict[str, Any]:
        """The ``storylens dates --jsonl`` contract (plus extra fields)."""
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "value": self.value, "mod": self.mod, "resolved": self.resolved, "relative": self.relative}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Timex:
        return cls(**{k: d[k] for k in asdict(cls(0, 0, "", "", "")) if k in d})

    @property
    def date(self) -> dt.date | None:
        """The first day the value covers (``None`` for references, durations and sets)."""
        return value_start(self.value) if self.type in ("DATE", "TIME") else None


def parse_published(published: str | dt.date | None) -> dt.date | None:
    """The date part of an ISO 8601 publication date, or ``None``."""
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        return None


_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_VALUE = re.compile(r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)|Q(?P<q>\d)|H(?P<h>\d)|"
                    r"(?P<s>SP|SU|FA|WI)))?")
_COARSE = re.compile(r"(?P<c>\d{2,3})")


def value_start(value: str) -> dt.date | None:
    """The first day a TIMEX3 date value covers: ``2025-W12`` -> 17 March 2025,
    ``199`` -> 1 January 1990; ``None`` for references and unknown parts."""
    m = _VALUE.match(value)
    try:
        if m:
            y = int(m.group("y"))
            if m.group("d"):
                return dt.date(y, int(m.group("m")), int(m.group("d")))
            if m.group("m"):
                return dt.date(y, int(m.group("m")), 1)
            if m.group("w"):
                return dt.date.fromisocalendar(y, int(m.group("w")), 1)
            if m.group("q"):
                return dt.date(y, 3 * int(m.group("q")) - 2, 1)
            if m.group("h"):
                return dt.date(y, 6 * int(m.group("h")) - 5, 1)
            if m.group("s"):
                return dt.date(y, _SEASON_MONTH[m.group("s")], 1)
            return dt.date(y, 1, 1)
        m = _COARSE.fullmatch(value)
        if m:
            c = m.group("c")
            return dt.date(max(1, int(c) * (10 if len(c) == 3 else 100)), 1, 1)
    except ValueError:
        return None
    return None


_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_WEEKEND = re.compile(r"(?P<y>\d{4})-W(?P<w>\d\d)-WE")
_TIME = re.compile(r"(?P<d>\d{4}-\d\d-\d\d)T(?:(?P<hm>\d\d:\d\d)|(?P<p>MO|AF|EV|NI|DT))")


def readable(value: str) -> str:
    """A TIMEX3 date value as a reader says it: ``2025-10-11TEV`` -> "2025-10-11
    evening", ``197`` -> "1970s", ``2025-W42`` -> "week of 2025-10-13",
    ``2024-Q3`` -> "Q3 2024", ``2026-SP`` -> "spring 2026"; a day, a month, a
    year and what it cannot read (references, ``XXXX`` parts) unchanged."""
    m = _TIME.fullmatch(value)
    if m:
        return f"{m.group('d')} {m.group('hm') or _PARTS[m.group('p')]}"
    m = _WEEKEND.fullmatch(value)
    if m:
        try:
            return f"weekend of {dt.date.fromisocalendar(int(m.group('y')), int(m.group('w')), 6).isoformat()}"
        except ValueError:
            return value
    m = _VALUE.fullmatch(value)
    if m:
        y = m.group("y")
        if m.group("w"):
            start = value_start(value)
            return f"week of {start.isoformat()}" if start else value
        if m.group("q"):
            return f"Q{m.group('q')} {y}"
        if m.group("h"):
            return f"{'first' if m.group('h') == '1' else 'second'} half of {y}"
        if m.group("s"):
            return f"{_SEASONS[m.group('s')]} {y}"
        return value
    m = _COARSE.fullmatch(value)
    if m:
        c = m.group("c")
        return f"{c}0s" if len(c) == 3 else f"{c}00s"
    return value
