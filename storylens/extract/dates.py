"""Find and normalise publication dates written the way news pages write them.

``parse_date("Tuesday 14 October 2025 09:05 GMT") == "2025-10-14T09:05:00Z"``.
Supported shapes: "22 March 2025", "March 22, 2025", "2025-03-22",
"22/03/2025 10:15", each with an optional weekday, time (``01:33``,
``1:33 pm``) and time zone (``GMT``, ``UTC``, ``Z``, ``EST``, ``+02:00``).
Results are ISO 8601: a date, a naive datetime when no zone is given, or a
datetime with ``Z``/an offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

# Common zone abbreviations -> offset in minutes (ambiguous ones left out).
ZONES = {
    "gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "msk": 180, "wet": 0, "west": 60, "est": -300, "edt": -240,
    "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    "et": None, "pt": None, "jst": 540, "kst": 540, "aest": 600, "aedt": 660,
}

_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:(?:,|\s+at|\s*[-|–—•·])?\s*(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?P<tz>gmt|utc|bst|cest|cet|eest|eet|msk|west|wet|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|jst|kst|aest|aedt|z)\b)?"
    r"(?:\s*(?P<off>[+-]\d{2}:?\d{2})(?!\d))?)?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

_PATTERNS = [
    # 2025-03-22[T10:15[:00][Z|+01:00]]
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"
        r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<tz>z|utc|gmt)?(?P<off>[+-]\d{2}:?\d{2})?)?(?!\d)",
        re.I,
    ),
    # Tuesday 14 October 2025 09:05 GMT
    re.compile(_WEEKDAY + r"(?<!\d)" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"(?!\d)" + _TIME, re.I),
    # Saturday, March 22, 2025 1:33 pm ET
    re.compile(_WEEKDAY + r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)" + _TIME, re.I),
    # 22/03/2025 10:15, 22.03.2025
    re.compile(r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.]" + _YEAR + r"(?!\d)" + _TIME, re.I),
]


@dataclass(frozen=True)
class DateMatch:
    """A date found in a string: ISO value and the character range it covers."""

    iso: str
    start: int
    end: int


def _valid(y: int, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    if m == 2:
        leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        return d <= (29 if leap else 28)
    return d <= (30 if m in (4, 6, 9, 11) else 31)


def _iso_from(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    year = int(g["year"])
    if g.get("mon"):
        month = MONTHS.get(g["mon"].lower().rstrip("."))
        day = int(g["day"])
    elif g.get("mnum"):
        month, day = int(g["mnum"]), int(g["day"])
    else:  # a/b/year: day first unless that cannot be
        a, b = int(g["a"]), int(g["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            day, month = a, b
    if month is None or not _valid(year, month, day):
        return None
    date = f"{year:04d}-{month:02d}-{day:02d}"
    if g.get("h") is None:
        return date
    hour, minute = int(g["h"]), int(g["mi"])
    sec = int(g["s"]) if g.get("s") else 0
    ampm = (g.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or sec > 59:
        return date
    out = f"{date}T{hour:02d}:{minute:02d}:{sec:02d}"
    off = g.get("off")
    tz = (g.get("tz") or "").lower()
    if off:
        off = off if ":" in off else f"{off[:3]}:{off[3:]}"
        return out + ("Z" if off in ("+00:00", "-00:00") else off)
    if tz:
        minutes = ZONES.get(tz)
        if minutes is None:
            return out
        if minutes == 0:
            return out + "Z"
        sign = "+" if minutes > 0 else "-"
        minutes = abs(minutes)
        return f"{out}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return out


def find_date(text: str) -> DateMatch | None:
    """The first (leftmost) parseable date in ``text``, or None."""
    if "19" not in text and "20" not in text:
        return None  # every pattern needs a year, (?:19|20)\d{2}
    best: DateMatch | None = None
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            if best is not None and m.start() >= best.start:
                break
            iso = _iso_from(m)
            if iso:
                best = DateMatch(iso, m.start(), m.end())
                break
    return best


def parse_date(text: str) -> str | None:
    """ISO 8601 form of the first date in ``text`` (None when there is none)."""
    found = find_date(text)
    return found.iso if found else None
