"""Words and regular-expression fragments of English temporal expressions."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# words before a month's name that make it the month ("in May", "early May"), not a surname
MONTH_TIME_WORDS = ("in", "by", "since", "until", "till", "through", "from", "of", "early", "late", "mid", "last",
                    "next", "this", "that", "each", "every", "before", "after", "during", "between", "around")


def ending_with_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for text that ends with one of ``words`` ("… in ", "… mid-")."""
    return re.compile(r"\b(?:" + "|".join(words) + r")[\s-]+$", re.IGNORECASE)


_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_ABBR["sept"] = 9


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation (``Sept.``), else 0."""
    n = name.lower().rstrip(".")
    if n in MONTHS:
        return MONTHS.index(n) + 1
    return _MONTH_ABBR.get(n, 0)


def weekday_number(name: str) -> int:
    """0 (Monday) to 6 for a weekday name, else -1."""
    n = name.lower()
    return WEEKDAYS.index(n) if n in WEEKDAYS else -1


_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORD_UNITS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
              "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
_ORD_TENS = {"twentieth": 20, "thirtieth": 30}
_FUZZY = {"a": 1, "an": 1, "one": 1, "a couple of": 2, "a couple": 2, "couple of": 2}


def word_number(text: str) -> int | None:
    """The value of a small cardinal (``three``, ``twenty-one``, ``12``, ``a``), or ``None``."""
    t = text.lower().strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):  # "1,200"
        t = t.replace(",", "")
    if t.isdigit():
        return int(t)
    if t in _FUZZY:
        return _FUZZY[t]
    if t in _UNITS:
        return _UNITS.index(t)
    if t in _TENS:
        return _TENS[t]
    parts = re.split(r"[-\s]+", t)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS[1:10]:
        return _TENS[parts[0]] + _UNITS.index(parts[1])
    return None


def ordinal_number(text: str) -> int | None:
    """The value of an ordinal (``third``, ``3rd``, ``twenty-first``), or ``None``."""
    t = text.lower().strip()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", t)
    if m:
        return int(m.group(1))
    if t in _ORD_UNITS:
        return _ORD_UNITS.index(t)
    if t in _ORD_TENS:
        return _ORD_TENS[t]
    parts = re.split(r"[-\s]+", t)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _ORD_UNITS[1:10]:
        return _TENS[parts[0]] + _ORD_UNITS.index(parts[1])
    return None


def spelled_year(text: str) -> int | None:
    """``nineteen ninety-six`` -> 1996, ``two thousand (and) one`` -> 2001, else ``None``."""
    t = re.sub(r"[-\s]+", " ", text.lower().strip())
    m = re.fullmatch(r"(nineteen|eighteen|twenty) (.+)", t)
    if m:
        rest = word_number(m.group(2))
        hundreds = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m.group(1)]
        if rest is not None and 10 <= rest <= 99:
            return hundreds * 100 + rest
        return None
    m = re.fullmatch(r"(?:the year )?two thousand(?: and)?(?: (.+))?", t)
    if m:
        rest = word_number(m.group(1)) if m.group(1) else 0
        return 2000 + rest if rest is not None and rest < 100 else None
    return None


SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "tonight": "TNI",
                "overnight": "TNI"}
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "WE", "month": "M",
         "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE"}

# regular-expression fragments (no capturing groups)
MONTH_RX = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
            r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)")
MONTH_FULL_RX = r"(?:January|February|March|April|June|July|August|September|October|November|December)"
WEEKDAY_RX = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
SEASON_RX = r"(?:spring|summer|fall|autumn|winter)"
PART_RX = r"(?:morning|afternoon|evening|night)"
_SMALL = "|".join(sorted((*_UNITS[1:], *_TENS), key=len, reverse=True))
NUMBER_RX = rf"(?i:\d{{1,3}}(?:,\d{{3}})+(?![\d,])|\d{{1,3}}|(?:{'|'.join(_TENS)})[-\s](?:{'|'.join(_UNITS[1:10])})|{_SMALL}|a couple of|an?)"
FUZZY_NUMBER_RX = r"(?:a few|several|some|many|a number of)"
ORDINAL_WORD_RX = ("(?:(?:twenty|thirty)[-\\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
                   + "|".join(sorted([*_ORD_UNITS[1:], *_ORD_TENS], key=len, reverse=True)) + ")")
DAY_NUM_RX = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR_RX = r"(?:1[89]\d\d|20\d\d)"
SPELLED_YEAR_RX = (r"(?:(?:nineteen|eighteen)[-\s](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                   r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|"
                   r"fifteen|sixteen|seventeen|eighteen|nineteen)|(?:the\s+year\s+)?two\s+thousand"
                   r"(?:\s+and)?(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                   r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[-\s]\w+)?))?)")
QUARTER_ORD_RX = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
QUARTER_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


# holidays: fixed (month, day), or movable ones whose (month, day) rough position picks their year
FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                  "boxing day": (12, 26), "new year's day": (1, 1), "new year's": (1, 1), "new year's eve": (12, 31),
                  "halloween": (10, 31), "valentine's day": (2, 14), "independence day": (7, 4),
                  "the fourth of july": (7, 4), "may day": (5, 1)}
MOVABLE_HOLIDAYS = {"easter": (4, 5), "easter sunday": (4, 5), "good friday": (4, 3), "thanksgiving": (11, 25),
                    "thanksgiving day": (11, 25)}
HOLIDAY_RX = (r"(?:Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|New\s+Year['’]s(?:\s+(?:Day|Eve))?|Halloween|"
              r"Valentine['’]s\s+Day|Independence\s+Day|the\s+Fourth\s+of\s+July|Easter(?:\s+Sunday)?|"
              r"Good\s+Friday|Thanksgiving(?:\s+Day)?|May\s+Day)")


def easter(year: int) -> tuple[int, int]:
    """(month, day) of Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return month, day + 1


def movable_holiday(name: str, year: int) -> tuple[int, int]:
    """(month, day) of a movable holiday in ``year``."""
    if name.startswith("thanksgiving"):  # the fourth Thursday of November (United States)
        first = (3 - dt.date(year, 11, 1).weekday()) % 7 + 1
        return 11, first + 21
    m, d = easter(year)
    if name == "good friday":
        gf = dt.date(year, m, d) - dt.timedelta(days=2)
        return gf.month, gf.day
    return m, d
