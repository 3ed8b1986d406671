"""Date expressions in article text, resolved against the publication date.

:func:`find_dates` returns :class:`DateMention` objects for

* relative days: ``yesterday``, ``today``, ``tomorrow``, ``on Friday``,
  ``last Thursday``, ``next Monday``, ``Monday's rally``, ``on Tuesday night``;
* relative weeks, months and years: ``last week``, ``this month``, ``last year``;
* absolute dates: ``21 March 2025``, ``March 21, 2025``, ``17.10.2025``,
  ``2025-03-21``, ``in April``, ``in 2014``.

Resolution rules (news convention):

* a bare or ``on`` weekday is the most recent such day on or before the
  publication date, unless the words just before it announce the future
  (``will``, ``is due to``, ``agreed to meet``...), then the next such day on
  or after it;
* ``last <weekday>`` is the most recent such day strictly before publication,
  ``next <weekday>`` the first one strictly after;
* a month without a year is in the publication year (the previous year when
  that would put a past event after publication).

An expression that needs the publication date when there is none is returned
with ``resolved=False`` and ``date=None``: the timeline flags it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..text import Taken

__all__ = ["DateMention", "find_dates", "parse_published", "resolve_weekday"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MON_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_MON_ABBR["sept"] = 9

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("dmy_num", re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)\b")),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d))?")),
    ("weekday", re.compile(rf"\b(?:(?P<mod>last|next|this|on|since|until|by|from|early|late)\s+)?(?P<wd>{_WD})(?P<poss>['’]s)?{_PART}\b", re.IGNORECASE)),
    ("relday", re.compile(r"\b(?P<rel>yesterday|today|tomorrow|tonight|this morning|this afternoon|this evening|"
                          r"the day before yesterday|the day after tomorrow)\b", re.IGNORECASE)),
    ("relunit", re.compile(r"\b(?P<mod>last|this|next|earlier this|later this|past)\s+(?P<unit>week|month|year)\b", re.IGNORECASE)),
    ("month", re.compile(r"\b(?P<mod>in|since|until|by|from|last|next|this|early|late|mid-)\s*(?P<mon>January|February|March|April|June|July|August|September|October|November|December)\b(?:\s+(?P<y>(?:19|20)\d\d))?")),
    ("year", re.compile(r"\b(?P<mod>in|since|until|by|from|of|during|before|after)\s+(?P<y>(?:19|20)\d\d)\b(?![-–]\d)")),
]
_FUTURE_RE = re.compile(r"\b(will|'ll|’ll|shall|due to|expected to|scheduled|set to|plans? to|planning to|"
                        r"to meet|to hold|to visit|to host|to vote|next)\b", re.IGNORECASE)
_WORDS_RE = re.compile(r"\S+")


@dataclass
class DateMention:
    """A date expression: source offsets, the resolved ISO date (``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY`` by granularity) or ``None`` when unresolved."""

    start: int
    end: int
    expression: str
    date: str | None
    resolved: bool
    granularity: str  # day | week | month | year
    relative: bool  # needed the publication date

    def to_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "expression": self.expression, "date": self.date,
                "resolved": self.resolved, "granularity": self.granularity, "relative": self.relative}


def parse_published(published: str | None) -> dt.date | None:
    """The date part of an ISO 8601 publication date, or ``None``."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        return None


def resolve_weekday(pub: dt.date, weekday: int, mode: str) -> dt.date:
    """Resolve a weekday (0 = Monday) against ``pub``.

    ``mode``: ``past`` (on or before), ``last`` (strictly before),
    ``future`` (on or after), ``next`` (strictly after)."""
    back = (pub.weekday() - weekday) % 7
    fwd = (weekday - pub.weekday()) % 7
    if mode == "past":
        return pub - dt.timedelta(days=back)
    if mode == "last":
        return pub - dt.timedelta(days=back or 7)
    if mode == "future":
        return pub + dt.timedelta(days=fwd)
    return pub + dt.timedelta(days=fwd or 7)


def _month_num(name: str) -> int:
    n = name.lower().rstrip(".")
    if n in MONTHS:
        return MONTHS.index(n) + 1
    return _MON_ABBR.get(n[:4] if n.startswith("sept") else n[:3], 0)


def _future_context(text: str, start: int) -> bool:
    before = text[max(0, start - 120):start]
    before = re.split(r"[\"“”«».;:!?,\n]", before)[-1]  # only the expression's own clause
    ws = _WORDS_RE.findall(before)[-10:]
    return bool(_FUTURE_RE.search(" ".join(ws)))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, published: str | dt.date | None = None, start: int = 0,
               end: int | None = None) -> list[DateMention]:
    """Date expressions in ``text[start:end]`` (offsets into ``text``),
    resolved against ``published`` (an ISO string or a date)."""
    pub = published if isinstance(published, dt.date) else parse_published(published)
    end = len(text) if end is None else end
    out: list[DateMention] = []
    taken = Taken()
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text, start, end):
            a, b = m.start(), m.end()
            if not taken.free(a, b):
                continue
            try:
                mention = _resolve(kind, m, text, pub)
            except (OverflowError, ValueError):  # a date past the calendar's ends ("next Monday" after 9999-12-31)
                mention = None
            if mention is None:
                continue
            out.append(mention)
            taken.add(a, b)
    out.sort(key=lambda x: x.start)
    return out


def _resolve(kind: str, m: re.Match[str], text: str, pub: dt.date | None) -> DateMention | None:
    a, b = m.start(), m.end()
    expr = m.group(0)

    def mk(date: str | None, gran: str, relative: bool) -> DateMention:
        return DateMention(a, b, expr, date, date is not None, gran, relative)

    if kind in ("iso", "dmy_num"):
        d = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return mk(d.isoformat(), "day", False) if d else None
    if kind in ("dmy", "mdy"):
        mon = _month_num(m.group("mon"))
        day = int(m.group("d"))
        if not mon or not 1 <= day <= 31:
            return None
        if kind == "mdy" and m.group("mon").lower().startswith("may") and not m.group("y"):
            return None  # "May 5" is fine, but "may 2" in prose is not a date: require a year
        if m.group("y"):
            d = _safe_date(int(m.group("y")), mon, day)
            return mk(d.isoformat(), "day", False) if d else None
        if pub is None:
            return mk(None, "day", True)
        d = _safe_date(pub.year, mon, day)
        if d and d > pub + dt.timedelta(days=31) and not _future_context(text, a):
            d = _safe_date(pub.year - 1, mon, day)
        return mk(d.isoformat(), "day", True) if d else None
    if kind == "weekday":
        wd = WEEKDAYS.index(m.group("wd").lower())
        mod = (m.group("mod") or "").lower()
        if mod and m.group("mod")[0].isupper() and m.group("wd")[0].islower():
            return None
        if not m.group("wd")[0].isupper():
            return None  # "friday" in lower case is rarely a date in news
        if pub is None:
            return mk(None, "day", True)
        if mod == "last":
            mode = "last"
        elif mod == "next":
            mode = "next"
        elif mod in ("since", "from") or m.group("poss"):
            mode = "past"
        elif mod in ("until", "by"):
            mode = "future"
        else:
            mode = "future" if _future_context(text, a) else "past"
        return mk(resolve_weekday(pub, wd, mode).isoformat(), "day", True)
    if kind == "relday":
        if pub is None:
            return mk(None, "day", True)
        rel = m.group("rel").lower()
        delta = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}.get(rel, 0)
        return mk((pub + dt.timedelta(days=delta)).isoformat(), "day", True)
    if kind == "relunit":
        if pub is None:
            return mk(None, m.group("unit").lower(), True)
        mod = m.group("mod").lower()
        unit = m.group("unit").lower()
        step = -1 if mod in ("last", "past") else (1 if mod == "next" else 0)
        if unit == "week":
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=step)
            return mk(monday.isoformat(), "week", True)
        if unit == "month":
            y, mo = pub.year, pub.month + step
            if mo < 1:
                y, mo = y - 1, 12
            elif mo > 12:
                y, mo = y + 1, 1
            return mk(f"{y:04d}-{mo:02d}", "month", True)
        return mk(f"{pub.year + step:04d}", "year", True)
    if kind == "month":
        mon = _month_num(m.group("mon"))
        if m.group("mod") and m.group("mod")[0].isupper():
            pass
        if m.group("y"):
            return mk(f"{int(m.group('y')):04d}-{mon:02d}", "month", False)
        if pub is None:
            return mk(None, "month", True)
        mod = m.group("mod").lower()
        y = pub.year
        future = mod in ("next", "until", "by") or _future_context(text, a)
        if mod == "last" or (mon > pub.month and not future):
            y -= 1
        elif mod == "next" or (future and mon < pub.month):
            y += 1
        return mk(f"{y:04d}-{mon:02d}", "month", True)
    if kind == "year":
        return mk(f"{int(m.group('y')):04d}", "year", False)
    return None
