"""Finding temporal expressions: every rule's matches, the longest
non-overlapping ones kept, a clock time joined to its day, then each
resolved in text order (so "a year earlier" knows what came before)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .calendar_rules import CALENDAR_RULES
from .lexicon import MONTH_TIME_WORDS, WEEKDAY_RX, ending_with_word
from .records import Spec, Timex, parse_published, value_start
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
    starts: list[int] = []  # the chosen spans, ordered by start (they never overlap, so ends are ordered too)
    ends: list[int] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.order, c.start)):
        k = bisect.bisect_left(starts, c.end)  # chosen spans starting before c ends: [0, k)
        if k and ends[k - 1] > c.start:
            continue
        starts.insert(k, c.start)
        ends.insert(k, c.end)
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
    if spec.gran == "weekend" and spec.rel == ("dct", "week", 0):
        return True  # "this weekend" in a past clause is the one just gone
    return spec.value is None and spec.rel is None and spec.year is None and spec.direction in (None, "this", "poss")


# the last texts' finds: an article's dates are read by the dates stage, the
# timeline and the number finder in turn, and each reading is the same
_RECENT: OrderedDict[tuple[Any, ...], tuple[Timex, ...]] = OrderedDict()
_RECENT_SIZE = 64
_SAME_DAY = re.compile(r"\b(?:same|that)\s+\Z", re.IGNORECASE)  # "that same Feb. 8", "that Feb. 8 meeting"
_LOCK = threading.Lock()
# "Friday of next week", "Monday next week": the weekday of the week named after it
_WEEK_AFTER = re.compile(r"\s+(?:of\s+)?(?P<w>next|last|this)\s+week\b(?!['’]s)", re.IGNORECASE)
# what parts a weekday from a week named before it: a sentence's end, a quotation's mark, a semicolon
_CLAUSE_BREAK = re.compile(r"[.!?]\s|[\n;\"“”]")


# nouns that make a day before them the name of an event ("the Sept. 11 attacks", "a 9/11 widow"; not
# "the Sept. 11 attack" on a consulate the story is about, which is a date)
_EVENT_NOUN_AFTER = re.compile(r"[-\s]+(?:terror(?:ist)?\s+)?(?:attacks|hijackers?|widows?|victims?|families|"
                               r"commission|memorial|museum|era|generation|first\s+responders|truthers?)\b",
                               re.IGNORECASE)
_DAY_FIRST = re.compile(r"(?:the\s+)?\d{1,2}\s+[A-Za-z]")
_ANOTHER_DAY = re.compile(r"\s+\d{1,2}\b(?![:.]\d)")
# a capitalised word before, on the same line and not ending a sentence ("USA Today", "The Tonight Show")
_NAME_BEFORE = re.compile(r"\b(?:[A-Z][\w’'&-]*(?:\.[A-Z][\w’'&-]*)*|The)[ \t]+$")
_SHOW_AFTER = re.compile(r"\s+(?:[Ss]how|[Pp]rogram(?:me)?)\b")
_CELEBRATED = re.compile(r"\b(?:celebrat(?:e|es|ed|ing)|war\s+on)\s+(?:the\s+)?$", re.IGNORECASE)


def find_dates(text: str, published: str | dt.date | None = None, start: int = 0, end: int | None = None,
               *, doc: str = "") -> list[Timex]:
    """Temporal expressions in ``text[start:end]`` (offsets into ``text``),
    in text order, resolved against ``published`` (an ISO string or a date).
    Expressions before ``start`` are not read: a call per sentence does not
    know what earlier sentences mentioned, a call over the whole text does."""
    end = len(text) if end is None else end
    key = (text, published, start, end)  # not ``doc``: callers naming the article differently share a reading
    with _LOCK:
        found = _RECENT.get(key)
    if found is None:
        found = tuple(_find(text, published, start, end, ""))
        with _LOCK:
            _RECENT[key] = found
            if len(_RECENT) > _RECENT_SIZE:
                _RECENT.popitem(last=False)
    return [replace(t, doc=doc) for t in found]  # copies: a caller may change its own


# a capitalised word after a month that is no day, year or month ("the March Without Borders")
_NAME_AFTER_MONTH = re.compile(r"\s+(?!(?:January|February|March|April|May|June|July|August|September|October|"
                               r"November|December)\b)[A-Z][a-z]")
# a person called May ("Theresa May", "Prime Minister May"), not "In May", "Early May", "Until May"
_PERSON_MAY = re.compile(r"\b(?!(?:In|By|Since|Until|Till|From|Through|Throughout|Of|Early|Late|Mid|Last|Next|This|"
                         r"That|Each|Every|Before|After|During|Between|And|Or|To|On|For|The|Around|About|Only)\b)"
                         r"(?:[A-Z][a-z]+|Mrs?\.|Ms\.)\s+May\b(?![\s,]*\d)")

# a word before that makes "May" the month ("in May", "early May", "April and May")
_MONTH_WORD_BEFORE = ending_with_word(MONTH_TIME_WORDS + ("april", "june"))


@lru_cache(maxsize=8)
def _person_may(text: str) -> bool:
    """Whether the article names a person May (read once per text)."""
    return _PERSON_MAY.search(text) is not None


def _names_no_date(text: str, start: int, end: int, spec: Spec) -> bool:
    """Whether the expression at ``text[start:end]`` names something other
    than a date of the story: an era, an event or a feast called by its day,
    or a title."""
    said = text[start:end]
    if spec.day is not None and spec.year is None:
        if text[max(0, start - 5):start].lower().endswith(("post-", "pre-")):
            return True  # "the post-Sept. 11 law": an era named after a day, not a date of this year
        if _DAY_FIRST.match(text, start, end) and _ANOTHER_DAY.match(text, end):
            return True  # "the 19 Sept. 11 hijackers": a count before a day that is a name, not 19 September
        if _EVENT_NOUN_AFTER.match(text, end):
            return True  # "the Sept. 11 attacks", "a 9/11 widow": an event named by its day
    if spec.year is None and _CELEBRATED.search(text, max(0, start - 24), start):
        return True  # "the twins can't openly celebrate Christmas": the feast itself, no day of the story
    if spec.month and spec.day is None and spec.year is None and said.split()[0] in ("May", "March"):
        if said == "May" and _person_may(text) and not _MONTH_WORD_BEFORE.search(text, max(0, start - 12), start):
            return True  # "Trump and May last met": Theresa May, whom the article names so
        if _NAME_AFTER_MONTH.match(text, end) and text[max(0, start - 4):start].lower() == "the ":
            return True  # "the March Without Borders": a name that opens with a month's
    if said in ("Today", "Tonight", "Tomorrow", "TODAY", "TONIGHT", "TOMORROW") and (
            _NAME_BEFORE.search(text, max(0, start - 40), start) or _SHOW_AFTER.match(text, end)):
        return True  # "USA Today", "NBC's Today show", "The Tonight Show": a title, not a day
    return said in ("This Week", "This Morning", "Next Week", "Last Week")  # a programme ("ABC's This Week")


def _in_named_week(text: str, start: int, end: int, spec: Spec, week: tuple[int, int] | None,
                   tense: str | None) -> Spec:
    """A weekday inside a week the sentence names: "Friday of next week", and
    "Next week the council votes on Friday" (the week named earlier in the
    same clause, when the weekday's tense does not point the other way),
    counted from the publication week."""
    m = _WEEK_AFTER.match(text, end)
    if m:
        off = {"next": 1, "last": -1, "this": 0}[m.group("w").lower()]
    elif week is not None and week[0] <= start < week[0] + 300 and not _CLAUSE_BREAK.search(text, week[0], start) \
            and not (week[1] > 0 and tense == "past") and not (week[1] < 0 and tense == "future"):
        off = week[1]
    else:
        return spec
    return replace(spec, rel=("dct", "week", off), direction="week")


_RANGE_GAP = re.compile(r"\s*(?:to|through|until|till|and|[-–])\s*", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+\Z", re.IGNORECASE)
_WEEKDAY_ONLY = re.compile(WEEKDAY_RX)


def _ends_range(text: str, prev: Timex, start: int) -> bool:
    """Whether the weekday at ``start`` ends a range that the weekday
    ``prev`` opens ("from Monday to Friday", "between Tuesday and
    Thursday"): it lies on or after that day. (After a calendar day the
    range may span weeks: "bought from Sept. 14 to Thursday".)"""
    return (prev.granularity in ("day", "time") and prev.date is not None and prev.resolved
            and _WEEKDAY_ONLY.fullmatch(prev.text) is not None
            and _RANGE_GAP.fullmatch(text, prev.end, start) is not None
            and _RANGE_OPEN.search(text, max(0, prev.start - 10), prev.start) is not None)


def _later_than_told(text: str, start: int, end: int, spec: Spec, got: tuple[str, bool], ctx: Context) -> bool:
    """Whether a count forward from the date last mentioned ("five days
    later") lands after publication in a clause that does not look ahead:
    the text counted from another day than the last one it named ("promised
    help within 48 hours. Five days later, some are still sleeping ...")."""
    if not (spec.rel and spec.rel[0] == "ref" and spec.rel[2] > 0 and ctx.dct is not None and got[1]):
        return False
    if ctx.last is not None and ctx.last > ctx.dct:
        return False  # the text already speaks of a time after publication (a plan, a forecast)
    d = value_start(got[0])
    return d is not None and d > ctx.dct and tense_at(text, start, end) != "future"


def _find(text: str, published: str | dt.date | None, start: int, end: int, doc: str) -> list[Timex]:
    ctx = Context(parse_published(published))
    dated: dict[tuple[int, int], int] = {}  # (month, day) -> the year the text first gave that day with
    week: tuple[int, int] | None = None  # (end, weeks from the publication week) of the last "next week" and the like
    out: list[Timex] = []
    for c in _join_clock_times(text, _select(_candidates(text, start, end))):
        spec = c.spec
        if _names_no_date(text, c.start, c.end, spec):
            continue
        if spec.month and spec.year is None and spec.day is None and spec.rel is None and ctx.last is not None \
                and text[max(0, c.start - 5):c.start].lower() == "that ":
            spec = replace(spec, rel=("ref", "year", 0))  # "that October": of the year the text was speaking of
        if spec.year is None and spec.rel is None and spec.month and spec.day and spec.weekday is None \
                and not spec.direction and (spec.month, spec.day) in dated and _SAME_DAY.search(text, max(0, c.start - 12), c.start):
            # "at that same Feb. 8 meeting" after "a Feb. 8, 2017, encounter" (not "will be sworn in on
            # Jan. 20" after "sworn in on Jan. 20, 2017": an anniversary, another year)
            spec = replace(spec, year=dated[spec.month, spec.day])
        tense = tense_at(text, c.start, c.end) if _needs_tense(spec) else None
        if spec.weekday is not None and spec.rel is None and not spec.direction and spec.gran in ("day", "time"):
            spec = _in_named_week(text, c.start, c.end, spec, week, tense)
            if out and _ends_range(text, out[-1], c.start):
                spec = replace(spec, rel=("ref", "day", 0), direction="future")  # "from Monday to Friday"
        try:
            got = resolve(spec, ctx, tense)
        except (OverflowError, ValueError):  # a date past the calendar's ends ("next Monday" after 9999-12-31)
            got = None
        if got is None or _later_than_told(text, c.start, c.end, spec, got, ctx):
            continue
        value, resolved = got
        relative = spec.value is None and (spec.rel is not None or spec.year is None)
        out.append(Timex(c.start, c.end, text[c.start:c.end], spec.type, value, resolved, relative, spec.gran,
                         spec.mod, doc))
        if resolved:
            ctx.remember(spec, value)
            if spec.gran == "week" and spec.rel and spec.rel[:2] == ("dct", "week") and spec.weekday is None:
                week = (c.end, spec.rel[2])
            if spec.year is not None and spec.rel is None and spec.month and spec.day and spec.weekday is None:
                dated.setdefault((spec.month, spec.day), spec.year)
    return out
