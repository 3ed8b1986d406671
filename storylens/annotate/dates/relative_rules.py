"""Rules for relative expressions: days (``yesterday``, ``Friday``), units
(``last week``, ``two years ago``), the quarter under discussion, vague
references (``now``, ``recently``), clock times, durations and sets."""

from __future__ import annotations

import re

from .lexicon import (
    FUZZY_NUMBER_RX,
    MONTH_FULL_RX,
    NUMBER_RX,
    PART_RX,
    PARTS_OF_DAY,
    WEEKDAY_RX,
    YEAR_RX,
    month_number,
    weekday_number,
    word_number,
)
from .records import Spec
from .rule import Rule, low, rule

__all__ = ["RELATIVE_RULES"]

_END = r"(?!\w)"
_EDGE = {"early": "START", "earlier": "START", "late": "END", "later": "END", "mid": "MID", "the end of": "END",
         "the beginning of": "START", "the start of": "START", "the middle of": "MID", "the rest of": "END"}
_EDGE_RX = (r"(?i:early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
            r"the\s+middle\s+of|the\s+rest\s+of)")
_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "the day before yesterday": -2,
         "the day after tomorrow": 2}


def _edge(m: re.Match[str]) -> str | None:
    return _EDGE.get(low(m, "edge")) if "edge" in m.re.groupindex else None


def _relday(m: re.Match[str]) -> Spec:
    w = low(m, "w")
    part = (PARTS_OF_DAY.get(low(m, "part")) or PARTS_OF_DAY.get(low(m, "ppart").replace("mid", "").strip("-"))
            or ("TNI" if w == "tonight" else None))
    spec = Spec(gran="day", rel=("dct", "day", _DAYS[w]), part=part, mod=_edge(m))
    if part:
        spec.type = "TIME"
    return spec


def _daypart(m: re.Match[str]) -> Spec:
    lead = low(m, "lead")
    part = PARTS_OF_DAY[low(m, "part")]
    off = -1 if lead == "last" and part in ("TNI", "TEV") else 0
    if lead == "last" and part in ("TMO", "TAF"):
        off = -1
    return Spec(type="TIME", gran="day", rel=("dct", "day", off), part=part)


_WD_DIR = {"last": "last", "this past": "last", "past": "last", "next": "next", "this coming": "future",
           "coming": "future", "this": "this", "the previous": "last", "the following": "next", "the next": "next",
           "that": None, "the same": None}


def _weekday(m: re.Match[str]) -> Spec | None:
    wd = weekday_number(m.group("wd"))
    mod = low(m, "mod")
    part = PARTS_OF_DAY.get(low(m, "part"))
    spec = Spec(gran="day", weekday=wd, part=part, direction=_WD_DIR.get(mod), mod=_edge(m))
    if mod in ("the previous", "the following", "the next", "that", "the same"):
        spec.rel = ("ref", "day", 0)
    if m.group("poss") and not mod:
        spec.direction = "poss"  # "Thursday's vote": the one gone, unless the clause looks ahead (resolve)
    if part:
        spec.type = "TIME"
    return spec


_UNIT_MOD = {"this": ("dct", 0), "current": ("dct", 0), "the current": ("dct", 0), "last": ("dct", -1),
             "past": ("dct", -1), "previous": ("ref", -1), "the past": ("dct", -1), "the previous": ("ref", -1),
             "the last": ("dct", -1), "this past": ("dct", -1), "next": ("dct", 1), "coming": ("dct", 1),
             "the coming": ("dct", 1), "the next": ("dct", 1), "this coming": ("dct", 1), "the following": ("ref", 1),
             "the same": ("ref", 0), "that": ("ref", 0), "the prior": ("ref", -1), "prior": ("ref", -1)}
_UNIT_GRAN = {"week": "week", "weekend": "weekend", "month": "month", "year": "year", "fiscal year": "year",
              "quarter": "quarter", "fiscal quarter": "quarter", "decade": "decade", "century": "century",
              "day": "day", "half": "half"}


def _unit(m: re.Match[str]) -> Spec | None:
    mod = low(m, "mod")
    anchor, off = _UNIT_MOD[mod]
    unit = low(m, "unit").replace("-", " ")
    gran = _UNIT_GRAN[unit]
    if gran == "day":  # "the next day", "the previous day" count from the date before; "this day" is no date
        if mod not in ("the next", "the following", "the previous", "the prior", "that", "the same"):
            return None
        anchor = "ref"
    if gran == "decade" and off == 0:
        return None
    return Spec(gran=gran, rel=(anchor, gran if gran != "weekend" else "week", off), mod=_edge(m))


def _ago(m: re.Match[str]) -> Spec | None:
    unit = low(m, "unit").rstrip("s").replace("centurie", "century")
    way = low(m, "dir")
    back = way in ("ago", "earlier", "before", "previously", "back")
    n = word_number(low(m, "n"))
    if n is None:  # "a few years ago"; "a few days later" says too little to keep
        return Spec(value="PAST_REF" if way == "ago" else "FUTURE_REF", gran="ref") if way in ("ago", "from now") \
            else None
    if unit in ("hour", "minute"):
        return None
    gran = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade",
            "century": "century"}[unit]
    anchor = "dct" if way in ("ago", "from now", "hence", "back") else "ref"
    return Spec(gran=gran, rel=(anchor, gran, -n if back else n), context_gran=gran == "year" and n == 1)


def _the_year(m: re.Match[str]) -> Spec:
    if low(m, "ended"):
        return Spec(type="DURATION", gran="duration", value="P1Y")  # "the year ended Sept. 30": a fiscal year
    return Spec(gran="year", rel=("dct", "year", 0), mod="END" if "end" in low(m, "x") else None)


def _weekend(m: re.Match[str]) -> Spec:
    return Spec(gran="weekend", weekday=5)


def _quarter_ref(m: re.Match[str]) -> Spec | None:
    kind = low(m, "kind")
    year = int(m.group("y")) if m.group("y") else None
    spec = Spec(gran="quarter", rel=("refq", "quarter", 0), year=year)
    if "current" in kind:
        spec.rel = ("dct", "quarter", 0)
    elif "year-ago" in kind or "year-earlier" in kind or "year ago" in kind or low(m, "ago") or "last year" in kind:
        spec.rel = ("refq", "year", -1)
    elif kind in ("previous", "prior", "preceding"):
        spec.rel = ("refq", "quarter", -1)
    elif low(m, "unit") == "period" and not (kind or year):
        spec.rel = ("refq!", "quarter", 0)  # "the period" only when a quarter is under discussion
    return spec


def _year_ago_adj(m: re.Match[str]) -> Spec:
    return Spec(gran="year", rel=("dct", "year", -1), context_gran=True)


_REFS = {"now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PRESENT_REF", "nowadays": "PRESENT_REF",
         "these days": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
         "the present": "PRESENT_REF", "presently": "PRESENT_REF", "current": "PRESENT_REF",
         "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "soon": "FUTURE_REF",
         "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF",
         "the near term": "FUTURE_REF", "the short term": "FUTURE_REF"}


_SIGNAL_AFTER = re.compile(r"\s+(?i:after|before)\b")
_AS_POSSIBLE = re.compile(r"\s+(?i:as\s+(?:possible|practicable|feasible))\b")


def _ref(m: re.Match[str]) -> Spec | None:
    w = low(m, "w")
    if w == "soon" and ((m.string[max(0, m.start() - 3):m.start()].lower() == "as "
                         and not _AS_POSSIBLE.match(m.string, m.end()))
                        or _SIGNAL_AFTER.match(m.string, m.end())):
        return None  # "as soon as" a clause, "soon after" an event: a signal, not a time
    if w in _REFS:
        return Spec(value=_REFS[w], gran="ref")
    return Spec(value="PAST_REF" if re.match(r"(?:in\s+)?(?:recent|the\s+(?:past|last)|past)", w) else "FUTURE_REF",
                gran="ref")


def _clock(m: re.Match[str]) -> Spec | None:
    if "tz" in m.re.groupindex and not (m.group("pre") or m.group("tz")):
        return None  # a bare "14.30" may be a score or a number
    word = low(m, "word")
    if word:
        clock = "12:00" if word == "noon" else "24:00"
    else:
        h = int(m.group("h"))
        ampm = low(m, "ampm").replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        clock = f"{h:02d}:{m.group('mi') or '00'}"
    return Spec(type="TIME", gran="time", rel=("refday", "day", 0), clock=clock)


_DUR_UNIT = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"), "week": ("", "W"),
             "month": ("", "M"), "year": ("", "Y"), "decade": ("", "DE"), "century": ("", "CE"), "centurie": ("", "CE"),
             "night": ("", "D"), "quarter": ("", "Q")}


def _duration(m: re.Match[str]) -> Spec | None:
    t, u = _DUR_UNIT[low(m, "unit").rstrip("s")]
    raw = low(m, "n")
    if raw in ("a", "an") and not low(m, "lead"):
        return None
    n = word_number(raw)
    if n is None and re.fullmatch(r"\d+\.\d+", raw):
        return Spec(type="DURATION", gran="duration", value=f"P{t}{raw}{u}")
    if n is None:
        return Spec(type="DURATION", gran="duration", value=f"P{t}X{u}")
    if u in ("DE", "CE"):
        n, u = n * (10 if u == "DE" else 100), "Y"
    return Spec(type="DURATION", gran="duration", value=f"P{t}{n}{u}")


def _set(m: re.Match[str]) -> Spec | None:
    if m.group("mon"):  # "each July", "every July 4": that month, that day, every year
        day = int(m.group("d")) if m.group("d") else 0
        if day > 31:
            return None
        tail = f"-{day:02d}" if day else ""
        return Spec(type="SET", gran="set", value=f"XXXX-{month_number(m.group('mon')):02d}{tail}")
    w = low(m, "w")
    if w in ("annually", "yearly"):
        return Spec(type="SET", gran="set", value="P1Y")
    unit = low(m, "unit").rstrip("s")
    wd = weekday_number(unit)
    if wd >= 0:
        return Spec(type="SET", gran="set", value=f"XXXX-WXX-{wd + 1}")
    part = PARTS_OF_DAY.get(unit)
    if part:
        return Spec(type="SET", gran="set", value=f"XXXX-XX-XXT{part}")
    n = word_number(low(m, "n")) if low(m, "n") and low(m, "n") != "other" else (2 if low(m, "n") else 1)
    u = {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q", "weekend": "WE", "hour": "TH"}.get(unit)
    if not u:
        return None
    return Spec(type="SET", gran="set", value=f"P{'T' if u == 'TH' else ''}{n}{u[-1] if u == 'TH' else u}")


_UNITS_RX = r"(?i:days?|weeks?|months?|years?|decades?|centuries|century)"
_APPROX = (r"(?:(?i:about|nearly|almost|some|roughly|more\s+than|less\s+than|over|just|only|barely|around|"
           r"at\s+least|fully)\s+)?")
_REF_RX = (r"(?i:right\s+now|just\s+now|now|nowadays|these\s+days|currently|at\s+present|presently|current|"
           r"recently|lately|soon|the\s+(?:near\s+|distant\s+)?future|the\s+(?:near|short)\s+term|"
           r"the\s+present|"
           r"(?:in\s+)?(?:recent|the\s+(?:past|last|coming|next)\s+(?:few|several)|the\s+coming|coming|future)\s+"
           r"(?:years|months|weeks|days|quarters|decades)|past\s+years|the\s+past(?!\s+(?:(?:\d[\d,.]*|[a-z]+(?:[-\s][a-z]+)?)"
           r"\s+)?(?:years?|months?|weeks?|days?|hours?|nights?|decades?|quarters?|centur(?:y|ies)|(?:summer|winter|"
           r"spring|autumn|season)s)\b))")

RELATIVE_RULES: list[Rule] = [
    rule("relday", rf"(?<![\w-])(?P<x>(?:(?P<ppart>(?i:mid-?afternoon|mid-?morning))\s+)?(?:(?P<edge>{_EDGE_RX})\s+)?"
                   r"(?P<w>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|"
                   rf"tonight))(?:\s+(?P<part>{PART_RX}))?){_END}", _relday),
    rule("daypart", rf"(?<![\w-])(?P<x>(?:(?i:early|late|later|earlier)\s+)?(?P<lead>(?i:this|last))\s+"
                    rf"(?P<part>(?i:{PART_RX})))(?!\w)", _daypart),
    rule("weekday", rf"(?<![\w-])(?P<x>(?:(?P<mod>(?i:last|next|this\s+past|this\s+coming|this|coming|past|"
                    r"the\s+previous|the\s+following|the\s+next|that|the\s+same))\s+)?(?:(?P<edge>(?i:early|late|"
                    rf"earlier|later))\s+)?(?P<wd>{WEEKDAY_RX})(?P<poss>['’]s)?(?:\s+(?P<part>{PART_RX}))?){_END}",
         _weekday),
    rule("unit", rf"(?<![\w-])(?P<x>(?:(?P<edge>{_EDGE_RX})\s+(?:(?i:in)\s+)?)?(?P<mod>(?i:this\s+past|this\s+coming|"
                 r"this|current|the\s+current|last|past|previous|prior|the\s+prior|the\s+past|the\s+previous|"
                 r"the\s+last|next|coming|the\s+coming|the\s+next|the\s+following|the\s+same|that))\s+"
                 r"(?P<unit>(?i:fiscal[-\s]year|fiscal[-\s]quarter|weekend|week|month|year|quarter|decade|century|"
                 r"half|day)))(?!\w|['’]s\s+(?:\w+\s+){0,2}quarter)(?!\s+(?:or\s+two|and\s+a\s+half))", _unit),
    rule("ago", rf"(?<![\w-])(?P<x>{_APPROX}(?P<n>{NUMBER_RX}|(?i:{FUZZY_NUMBER_RX}))\s+(?:(?i:more)\s+)?"
                rf"(?P<unit>{_UNITS_RX}|(?i:hours?|minutes?))\s+(?:(?i:or\s+so)\s+)?"
                r"(?P<dir>(?i:ago|earlier|later|from\s+now|hence|before(?=\s*[.,;)])|after(?=\s*[.,;)]))))(?!\w)",
         _ago),
    rule("quarter_ref", r"(?<![\w-])(?P<x>(?i:the|this|that|its|their)\s+(?:(?P<y>" + YEAR_RX + r")\s+)?"
                        r"(?P<kind>(?:(?i:latest|current|same|comparable|corresponding|year-ago|year-earlier|"
                        r"previous|prior|preceding|most\s+recent|just-ended|just-completed|recent|latest\s+fiscal|"
                        r"fiscal|year\s+ago)\s+)*)(?P<unit>(?i:quarter|period))(?:\s+(?P<ago>(?i:a\s+year\s+(?:ago|"
                        r"earlier)|last\s+year|of\s+last\s+year)))?)(?!\w|-)", _quarter_ref),
    rule("last_years_quarter", r"(?<![\w-])(?P<x>(?P<kind>(?i:last\s+year['’]s|year-ago|year-earlier))\s+"
                               r"(?:(?i:fiscal)\s+)?(?P<unit>(?i:quarter|period)))(?!\w)(?P<y>)?(?P<ago>)?",
         _quarter_ref),
    rule("year_ago_adj", r"(?<![\w-])(?P<x>(?i:year-ago|year-earlier|year\s+earlier|year\s+ago))(?![\w-])",
         _year_ago_adj),
    rule("the_year", r"(?<![\w-])(?P<x>(?:(?i:earlier|later)\s+in\s+)?(?i:the)\s+(?:(?i:full|whole|entire|fiscal)\s+)?"
                     r"(?i:year)(?P<ended>\s+(?i:ended|ending|to))?|(?i:year[-\s]end|year['’]s\s+end|the\s+end\s+of\s+the\s+"
                     r"year))(?![\w-])(?!\s+(?:two|before|after|earlier|later|ago|of|in\s+which|when|that|\d))",
         _the_year),
    rule("weekend", r"(?<![\w-])(?P<x>(?i:the)\s+weekend)(?![\w-])", _weekend),
    rule("ref", rf"(?<![\w-])(?P<x>(?P<w>{_REF_RX}))(?![\w-])", _ref),
    rule("clock", r"(?<![\w:.])(?P<x>(?:(?i:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|"
                  r"after))\s+)?(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.|p\.m\.|am|pm)"
                  r"(?![\w]))(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?|(?P<word>(?i:noon|midnight))))", _clock),
    rule("clock24", r"(?<![\w:.,])(?P<pre>(?i:at|from|until|till|since|by|before|after|around|about)\s+)?"
                    r"(?P<x>(?P<h>[01]\d|2[0-3])[:.](?P<mi>[0-5]\d)(?![\d:.]|\.\d)(?P<tz>\s+(?:GMT|UTC|BST|CET|CEST|"
                    r"[ECMP][SD]T|(?i:local\s+time|hours|hrs))\b)?)", _clock),
    rule("clock_military", r"(?<![\w:.,$£€#-])(?P<pre>)(?P<x>(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?P<tz>\s+(?:GMT|UTC|"
                           r"[ECMP][SD]T|BST|CET|CEST)\b))", _clock),  # "1900 GMT" (not "1200 hours": a count of hours as often)
    rule("duration", rf"(?<![\w-])(?P<lead>(?i:for|over|within|during|in|after|than|about|nearly|almost|the\s+past|"
                     r"the\s+last|the\s+next|the\s+first|the\s+previous)\s+)?"
                     rf"(?P<x>{_APPROX}(?P<n>{NUMBER_RX}|\d+\.\d+|(?i:{FUZZY_NUMBER_RX}))[-\s]+(?:(?i:more|straight|"
                     r"consecutive|full)\s+)?(?P<unit>(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|"
                     r"decades?|centuries|century|quarters?)))(?![\w-])", _duration),
    rule("set", rf"(?<![\w-])(?P<x>(?i:every|each)\s+(?P<mon>{MONTH_FULL_RX}|May)(?:\s+(?P<d>[0-3]?\d)(?![\d:]|\.\d))?|"
                rf"(?i:every|each)\s+(?:(?P<n>(?i:other|{NUMBER_RX}))\s+)?(?P<unit>(?i:days?|weeks?|"
                rf"months?|years?|quarters?|weekends?|hours?|morning|evening|night)|{WEEKDAY_RX})|"
                r"(?P<w>(?i:annually|yearly)))(?![\w-])", _set),
]
