"""Rules for calendar expressions: dates, months, years, decades, centuries,
seasons, quarters and halves (with or without a year)."""

from __future__ import annotations

import re

from .lexicon import (
    DAY_NUM_RX,
    FIXED_HOLIDAYS,
    HOLIDAY_RX,
    MONTH_FULL_RX,
    MONTH_RX,
    MOVABLE_HOLIDAYS,
    ORDINAL_WORD_RX,
    QUARTER_ORD,
    QUARTER_ORD_RX,
    SEASONS,
    SPELLED_YEAR_RX,
    WEEKDAY_RX,
    YEAR_RX,
    month_number,
    ordinal_number,
    spelled_year,
)
from .records import Spec
from .rule import Rule, low, rule

__all__ = ["CALENDAR_RULES"]

_MODS = {"early": "START", "the beginning of": "START", "the start of": "START", "beginning of": "START",
         "mid": "MID", "the middle of": "MID", "middle of": "MID", "late": "END", "the end of": "END",
         "end of": "END", "the end": "END"}
_MOD_RX = r"(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of)"
_YEAR_ANY = rf"(?:{YEAR_RX}|(?i:{SPELLED_YEAR_RX}))"
_END = r"(?!\w)"


def _year(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return spelled_year(text)


def _mod(m: re.Match[str]) -> str | None:
    return _MODS.get(re.sub(r"[\s-]+", " ", low(m, "mod")).strip()) if "mod" in m.re.groupindex else None


def _day(m: re.Match[str]) -> Spec | None:
    mon = month_number(m.group("mon"))
    day = ordinal_number(m.group("d"))
    if not mon or not day or day > 31:
        return None
    year = _year(m.group("y"))
    if m.group("y") and year is None:
        return None
    if mon == 5 and year is None and m.group("mon") == "May" and not m.group("d")[:1].isdigit():
        return None
    spec = Spec(gran="day", year=year, month=mon, day=day)
    if m.groupdict().get("that"):
        spec.rel = ("ref", "year", 0)  # "On July 22 that year": in the year named before
    return spec


def _iso(m: re.Match[str]) -> Spec | None:
    spec = Spec(gran="day", year=int(m.group("y")), month=int(m.group("m")), day=int(m.group("d")))
    if m.groupdict().get("hh"):
        spec.type, spec.gran, spec.clock = "TIME", "time", f"{m.group('hh')}:{m.group('mi')}"
    return spec


def _numeric(m: re.Match[str]) -> Spec | None:
    y = int(m.group("y"))
    if y < 100:
        y += 2000 if y < 50 else 1900
    mon, day = int(m.group("m")), int(m.group("d"))
    return Spec(gran="day", year=y, month=mon, day=day) if 1 <= mon <= 12 and 1 <= day <= 31 else None


def _month_year(m: re.Match[str]) -> Spec | None:
    year = _year(m.group("y"))
    mon = month_number(m.group("mon"))
    return Spec(gran="month", year=year, month=mon, mod=_mod(m)) if year and mon else None


def _year_rel(rel: str) -> tuple[str, str, int]:
    """The year of "this/last/next year" (from publication) or "that year"
    (the year named before: "in July that year")."""
    word = rel.split()[0]
    if word == "that":
        return ("ref", "year", 0)
    return ("dct", "year", {"this": 0, "the": 0, "last": -1, "next": 1}[word])


def _month(m: re.Match[str]) -> Spec | None:
    mon = month_number(m.group("mon"))
    pre, direction, rel = low(m, "pre"), low(m, "dir"), low(m, "rel")
    if m.group("mon") == "May" and not (pre or direction or rel or _mod(m)):
        return None  # "May" alone is too often the verb
    spec = Spec(gran="month", month=mon, mod=_mod(m))
    if m.group("y2") and not (rel or direction):
        mon2 = month_number(m.group("mon2"))
        spec.year = int(m.group("y2")) - (mon > mon2)  # "from November to March 2016": November 2015
    elif rel:
        spec.rel = _year_rel(rel)
    elif direction:
        spec.direction = {"last": "last", "this past": "last", "past": "last", "next": "next", "this coming": "next",
                          "coming": "next", "this": "this"}.get(direction)
    return spec


def _plain_year(m: re.Match[str]) -> Spec | None:
    y = int(m.group("y"))
    if m.group("cnt") and not m.group("fisc"):
        return None  # "about 2000 people"
    return Spec(gran="year", value=f"{y:04d}", mod=_mod(m))


def _spelled(m: re.Match[str]) -> Spec | None:
    y = spelled_year(m.group("y"))
    return Spec(gran="year", value=f"{y:04d}") if y else None


def _decade(m: re.Match[str]) -> Spec | None:
    if m.group("dec"):
        v = m.group("dec")[:3]
    elif m.group("short"):
        v = "19" + m.group("short")[0]
    else:
        words = "twenties thirties forties fifties sixties seventies eighties nineties".split()
        v = "19" + str(words.index(low(m, "word")) + 2)
    return Spec(gran="decade", value=v, mod=_mod(m))


def _century(m: re.Match[str]) -> Spec | None:
    n = ordinal_number(m.group("ord"))
    return Spec(gran="century", value=f"{n - 1:02d}") if n and 1 < n < 30 else None


_NOUN_NEXT = re.compile(r"\s+(?!(?:of|and|or|when|before|after|that|is|was|will|has|had|as|in|on|to|for)\b)[a-z]")


def _season(m: re.Match[str]) -> Spec | None:
    season = SEASONS[low(m, "s")]
    pre, direction, rel = low(m, "pre"), low(m, "dir"), low(m, "rel")
    year = _year(m.group("y"))
    if not (pre or direction or rel or year):
        return None
    if season == "FA" and not (year or rel or direction not in ("", "the", "early", "late")):
        return None  # "the fall" of a government
    if direction == "the" and not (pre or year or rel) and _NOUN_NEXT.match(m.string, m.end()):
        return None  # "the spring offensive", "the summer months": a season used as an adjective
    spec = Spec(gran="season", season=season, year=year, mod=_mod(m))
    if rel:
        spec.rel = _year_rel(rel)
    elif direction in ("last", "this past", "past"):
        spec.direction = "last"
    elif direction in ("next", "this coming", "coming"):
        spec.direction = "next"
    elif direction == "this":
        spec.direction = "this"
    return spec


def _quarter(m: re.Match[str]) -> Spec | None:
    q = QUARTER_ORD.get(low(m, "q")) or int(low(m, "q")[1:])  # "third", "Q3"
    got = m.groupdict()
    yy = got.get("yy")
    year = _year(got.get("y1") or got.get("y2")) if not yy else int(yy) + (2000 if int(yy) < 50 else 1900)
    spec = Spec(gran="quarter", quarter=q, year=year)
    rel = low(m, "rel")
    if rel:
        spec.rel = ("dct", "year", {"this": 0, "last": -1, "next": 1}[rel])
    elif low(m, "ago"):
        spec.rel = ("refq", "year", -1)  # "the year-ago third quarter"
    return spec


def _half(m: re.Match[str]) -> Spec | None:
    h = 1 if low(m, "h").split()[0] in ("first", "1st") else 2
    year, rel = _year(m.group("y")), low(m, "rel")
    spec = Spec(gran="half", half=h, year=year)
    if rel and year is None:
        spec.rel = _year_rel(rel)
    return spec


def _holiday(m: re.Match[str]) -> Spec | None:
    name = low(m, "h").replace("’", "'")
    year = _year(m.group("y"))
    direction = {"last": "last", "next": "next", "this": "this"}.get(low(m, "dir"))
    if name in FIXED_HOLIDAYS:
        mon, day = FIXED_HOLIDAYS[name]
        return Spec(gran="day", year=year, month=mon, day=day, direction=direction)
    mon, day = MOVABLE_HOLIDAYS[name]
    return Spec(gran="day", year=year, month=mon, day=day, direction=direction, holiday=name)


# units of measure after a four-digit number: a quantity, not a year ("1080 pixels by 1920 pixels", "2000 feet")
_MEASURE_UNITS = (r"(?i:pixels|px|feet|ft|meters|metres|miles|km|kilometers|kilometres|yards|pounds|lbs|kg|calories|"
                  r"rpm|mph|hp|horsepower|acres|square|sq|gallons|liters|litres|tons|tonnes|mah|dpi|ppi|watts|volts)")
_PRE = r"(?i:in|since|until|till|by|from|of|during|through|throughout|before|after|for|on|at|between|and|to)"
_DIR = r"(?i:last|next|this\s+past|this\s+coming|this|coming|past)"
_REL_YEAR = r"(?i:this|last|next|that)\s+year"

CALENDAR_RULES: list[Rule] = [
    rule("iso_slash", rf"(?<![\d/])(?P<y>{YEAR_RX})/(?P<m>0[1-9]|1[0-2])/(?P<d>0[1-9]|[12]\d|3[01])(?![\d/])",
         _iso),
    rule("iso", rf"(?<![\d-])(?P<y>{YEAR_RX})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
                rf"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::\d\d)?)?(?![\d-])", _iso),
    rule("numeric_us", rf"(?<![\d/.])(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>{YEAR_RX}|\d\d)(?![\d/])",
         _numeric),
    rule("numeric_day_first", rf"(?<![\d/.])(?P<d>1[3-9]|2\d|3[01])/(?P<m>0?[1-9]|1[0-2])/(?P<y>{YEAR_RX})(?![\d/])",
         _numeric),  # "14/10/2025": no month 14, so the day comes first
    rule("numeric_eu", rf"(?<![\d.])(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{YEAR_RX})(?![\d.])",
         _numeric),
    # a range of days in one month: its first day ("10-12 October", "from 10 to 12 October") and its last
    # ("Oct. 10-12"), each a date of its own
    rule("range_first_day", rf"(?<![\w/.-])(?P<x>(?P<d>{DAY_NUM_RX}))(?=\s*(?:[-–]|(?i:to|and|through))\s*"
                            rf"{DAY_NUM_RX}\s+(?:(?i:of)\s+)?(?P<mon>{MONTH_RX}){_END}(?:,?\s+(?P<y>{YEAR_RX}){_END})?)",
         _day),
    rule("range_last_day", rf"(?<![\w])(?P<mon>{MONTH_RX})\s+{DAY_NUM_RX}\s*[-–]\s*(?P<x>(?P<d>{DAY_NUM_RX})"
                           rf"(?![\w.,-]\d|\w|[-–/])(?:,?\s+(?P<y>{YEAR_RX}){_END})?)", _day),
    rule("range_first_month_day", rf"(?<![\w])(?P<x>(?P<mon>{MONTH_RX})\s+(?P<d>{DAY_NUM_RX}))(?=\s*[-–]\s*"
                                  rf"{DAY_NUM_RX},?\s+(?P<y>{YEAR_RX}){_END})", _day),
    rule("month_day", rf"(?<![\w])(?:{WEEKDAY_RX},?\s+(?:the\s+)?)?(?P<mon>{MONTH_RX})\s+"
                      rf"(?P<d>{DAY_NUM_RX}|(?i:{ORDINAL_WORD_RX})){_END}(?![.,]\d)"
                      rf"(?:,?\s+(?P<y>{_YEAR_ANY}){_END}|\s+(?P<that>(?i:that|the\s+same)\s+year){_END})?", _day),
    rule("day_month", rf"(?<![\w])(?:{WEEKDAY_RX},?\s+)?(?:the\s+)?(?P<d>{DAY_NUM_RX})\s+(?:of\s+)?"
                      rf"(?P<mon>{MONTH_RX}){_END}(?:,?\s+(?P<y>{YEAR_RX}){_END})?", _day),
    rule("day_of_month", rf"(?<![\w])(?i:the)\s+(?P<d>(?i:{ORDINAL_WORD_RX}))\s+of\s+(?P<mon>{MONTH_RX}){_END}"
                         rf"(?:,?\s+(?P<y>{_YEAR_ANY}){_END})?", _day),
    rule("month_year", rf"(?<![\w])(?:(?P<mod>{_MOD_RX})[\s-]+)?(?P<mon>{MONTH_FULL_RX}|May|{MONTH_RX})"
                       rf"(?:\s+of)?,?\s+(?P<y>{_YEAR_ANY}){_END}", _month_year),
    rule("month", rf"(?<![\w])(?:(?P<pre>{_PRE})\s+)?(?P<x>(?:(?P<dir>{_DIR})\s+)?(?:(?P<mod>{_MOD_RX})[\s-]+)?"
                  rf"(?P<mon>{MONTH_FULL_RX}|May)(?:\s+(?:(?i:of)\s+)?(?P<rel>{_REL_YEAR}))?){_END}"
                  rf"(?=\s+(?:and|or|to|through|until|into)\s+(?P<mon2>{MONTH_FULL_RX}|May),?\s+(?P<y2>{YEAR_RX})(?!\w))?",
         _month),  # "between June and July 2016": June of 2016
    rule("year", rf"(?:(?<![\w$#£€.,/-])|(?<=\d\d\d\d[-–]))(?P<cnt>(?i:about|around|some|nearly|almost|than|over|under|up to)\s+)?"
                 rf"(?P<x>(?P<fisc>(?i:fiscal|calendar|model)\s+)?(?:(?P<mod>{_MOD_RX})[\s-]+)?(?P<y>{YEAR_RX}))"
                 r"(?![\w%]|[.,]\d|[-–]\d(?!\d\d\d)|\s*(?i:percent)\b|\s+" + _MEASURE_UNITS + r"\b|\s+(?:GMT|UTC|"
                 r"[ECMP][SD]T|BST|CET|CEST)\b)",
         _plain_year),  # "2016-2018", not "1990-91", "1920 pixels"
    rule("spelled_year", rf"(?<![\w])(?P<y>(?i:{SPELLED_YEAR_RX})){_END}"
                         r"(?!(?<=(?i:thousand))\s+(?!(?:was|has|is|as)\b)(?:people|men|women|children|[a-z]+s)\b)", _spelled),  # not "two thousand years"
    rule("decade", rf"(?<![\w])(?:(?i:the)\s+)?(?:(?P<mod>{_MOD_RX})[\s-]+)?(?:(?P<dec>1[89]\d0|20\d0)['’]?s"
                   r"|['’](?P<short>\d0)s|(?i:(?P<word>twenties|thirties|forties|fifties|sixties|seventies|"
                   r"eighties|nineties)))(?!\w)", _decade),
    rule("century", rf"(?<![\w])(?:(?i:the)\s+)?(?P<ord>(?i:{ORDINAL_WORD_RX})|\d{{1,2}}(?:st|nd|rd|th))[-\s]+"
                    r"(?i:century)(?!\w)", _century),
    rule("season", rf"(?<![\w])(?:(?P<pre>{_PRE})\s+)?(?P<x>(?:(?P<dir>{_DIR}|(?i:the))\s+)?"
                   rf"(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?P<s>(?i:spring|summer|fall|autumn|winter))"
                   rf"(?:\s+(?:(?i:of)\s+)?(?P<y>{_YEAR_ANY})(?!\s+(?!(?:was|has|is|as)\b)(?:people|men|women|children|[a-z]+s)\b))?"
                   rf"(?:\s+(?P<rel>{_REL_YEAR}))?){_END}(?!\s+of\s+(?!\d))",
         _season),
    rule("quarter", rf"(?<![\w])(?:(?i:the|its|this|that|a)\s+)?(?:(?P<rel>(?i:this|last|next))\s+year['’]s\s+|"
                    rf"(?P<y1>{YEAR_RX})(?:['’]s)?\s+)?(?P<ago>(?i:year-ago|year-earlier)\s+)?"
                    r"(?:(?i:fiscal|flat|calendar|latest|current|strong|weak)[-\s]+)*"
                    rf"(?P<q>(?i:{QUARTER_ORD_RX}))[-\s]+(?:(?i:fiscal|calendar)[-\s]+)?(?i:quarter|qtr\.?)"
                    rf"(?:\s+(?i:of)\s+(?:(?i:fiscal|calendar)\s+)?(?P<y2>{YEAR_RX}))?(?!\w)", _quarter),
    rule("quarter_short", rf"(?<![\w-])(?P<q>Q[1-4])(?:\s+(?P<y2>{YEAR_RX})|['’](?P<yy>\d\d))(?![\w-])",
         _quarter),  # "Q3 2025", "Q1'24"
    rule("holiday", rf"(?<![\w])(?P<x>(?:(?P<dir>(?i:last|next|this))\s+)?(?P<h>{HOLIDAY_RX})"
                    rf"(?:,?\s+(?P<y>{YEAR_RX}))?)(?!\w)", _holiday),
    rule("half", rf"(?<![\w])(?:(?i:the)\s+)?(?P<h>(?i:first|second|last|1st|2nd)\s+(?:half|two\s+quarters|six\s+months)"
                 rf"(?:\s+of)?)(?:\s+(?:(?i:fiscal)\s+)?(?P<y>{YEAR_RX})|\s+(?P<rel>(?i:this|last|next|the)\s+year))?"
                 rf"(?!\w)(?!\s+(?:(?i:of)\s+)?(?:{MONTH_RX}|(?i:the\s+(?:month|week|decade|century))|\d{{4}}s)\b)", _half),  # not "the second half of October"
]
