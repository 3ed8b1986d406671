"""When two number mentions of different articles are one measure, and when
their values cannot both hold (see :mod:`.claims` for the rules in words).

:func:`contexts` computes each mention's tight context once per story;
:func:`same_measure` and :func:`values_conflict` are the two tests a pair of
mentions must pass to be a conflict; :func:`values_agree` says whether two
stated values are one figure.
"""

from __future__ import annotations

import math
import re
from datetime import date

from ..annotate.dates.lexicon import MONTHS, PARTS_OF_DAY, WEEKDAYS
from ..annotate.numbers import NumberMention
from ..text import STOPWORDS, content_stems, stem, word_spans

__all__ = ["STANCES", "Context", "contexts", "same_measure", "values_conflict", "values_agree", "soft_shared"]

_GENERIC = frozenset(stem(w) for w in """percent percentage point points million billion trillion thousand
nearly about roughly around approximately more less than least over under almost some estimated year years
total worth amount figure number just only another additional month months week weeks day days""".split()) | frozenset(
    # when, not what: a day or month two contexts share says nothing of the measure ("three states won on
    # Tuesday" / "more votes in two states Tuesday night"; "raised $5.7 million in February" / "the group
    # raised $4 million in February"). ("may" is mostly the verb; "overnight" describes the measure.)
    stem(w) for w in (*WEEKDAYS, *(m for m in MONTHS if m != "may"), *(p for p in PARTS_OF_DAY if p != "overnight"),
                      "today", "yesterday", "tomorrow"))
# verbs that say a sum moved, not what it is: "earned $30 million from book sales" / "earned $10 million in fees"
_GENERIC_PREFIXES = ("earn", "paid", "pay", "spen", "show", "recei", "got", "get", "make", "made", "cost", "inclu",
                     "total", "reach", "brou", "bring", "gave", "give", "add", "repor", "accor", "said", "say")
_NOT_NAMES = frozenset("""The A An In On At By For Of And But Or If As It Its This That These Those He She
They We I Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split())
_MAX_RATIO = 2.5
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR_RANGE_RE = re.compile(rf"\b(?:from|between)?\s*({_YEAR})\s*(?:to|through|thru|and|-|–)\s*({_YEAR})\b",
                            re.IGNORECASE)
_YEAR_RE = re.compile(rf"\b{_YEAR}\b")
_SINCE_RE = re.compile(rf"\bsince\s+(?:the\s+)?(?:end\s+of\s+|start\s+of\s+)?({_YEAR})\b", re.IGNORECASE)
_SPAN_RE = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ -]"
                      r"(?:years?|months?|weeks?|days?)\b", re.IGNORECASE)
_OBJECT_RE = re.compile(r"(?:\s[\w’'\-]+){0,1}?\s(?:of|for|in)\s(?:the\s|a\s|an\s|its\s|his\s|her\s|their\s)?"
                        r"((?:[\w’'\-]+\s?){1,2})")
_TIME_WORDS = frozenset("""last past next previous coming first fiscal year years month months week weeks day days
quarter decade century morning afternoon evening night today yesterday tomorrow monday tuesday wednesday thursday
friday saturday sunday january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter""".split())
# "according to White House officials" / "officials said": who says it, not what is measured
_ATTRIBUTION_RE = re.compile(r",?\s(?:according to|said|says|told)\s(?:[\w’'\-]+\s?){0,4}[,.]?")
# what a figure is to whom says which measure it is: a demand ("asking for", "insisting on"), an offer
# or a recommendation, a target, a legal limit, a forecast (by stem)
STANCES: dict[str, frozenset[str]] = {
    "demand": frozenset({"demand", "want", "wants", "seek", "insist", "claim", "ask", "call", "reques"}),
    "offer": frozenset({"offer", "propos", "bid", "recomm", "sugges"}),
    "target": frozenset({"target", "aim", "goal", "pledge", "floor", "ceilin", "commit"}),
    "limit": frozenset({"maximu", "minimu", "limit", "cap", "carry"}),
    "threshold": frozenset({"need", "needs", "requir", "necess", "thresh"}),
    "forecast": frozenset({"foreca", "predic", "estima", "expect"}),
}
# words that make one measure another: gross vs adjusted income, an effective vs a marginal rate, a simple
# majority vs a supermajority
_MODIFIER_RE = re.compile(r"\b(adjusted|gross|net|taxable|effective|marginal|average|median|pre-?tax|after-?tax|"
                          r"underlying|cumulative|combined|preliminary|revised|annual(?:ized)?|seasonally|simple majority|supermajority|"
                          r"two-thirds majority|plurality)\b")
# a running total: "raised $58 million since he became a candidate", "has spent $12 million so far"
_RUNNING_RE = re.compile(r"\b(?:since|so far|to date|thus far)\b")
# a figure announced for later ("will lay out", "is expected to", "plans to")
_FUTURE_RE = re.compile(r"\b(?:will|would|could|'ll|’ll|is expected to|are expected to|plans? to|planning to|"
                        r"is poised to|poised to|is set to|are set to|intends? to|likely to)\b", re.IGNORECASE)
_EXTRA_RE = re.compile(r"\b(?:another|additional|extra|further|other)\s+(?:\S+\s+)?$", re.IGNORECASE)


class Context:
    """What a mention's own words say it measures."""

    __slots__ = ("stems", "names", "listed", "years", "spans", "sentence", "obj", "stances", "modifiers", "future",
                 "published")

    def __init__(self, stems: set[str], names: set[str], listed: bool, years: set[str], spans: set[str],
                 sentence: set[str], obj: set[str], stances: set[str], modifiers: set[str], future: bool,
                 published: str):
        self.stems, self.names, self.listed, self.years, self.spans = stems, names, listed, years, spans
        self.sentence, self.obj, self.stances, self.modifiers = sentence, obj, stances, modifiers
        self.future, self.published = future, published


def _periods(sent: str, pub_year: str | None) -> tuple[set[str], set[str]]:
    """The years a sentence is about ("2007-2014" for a range; the publication
    year when it names none) and its spans ("eight year")."""
    years = {f"{m.group(1)}-{m.group(2)}" for m in _YEAR_RANGE_RE.finditer(sent)}
    rest = _YEAR_RANGE_RE.sub(" ", sent)
    years |= {f"{y}-" for y in _SINCE_RE.findall(rest)}
    rest = _SINCE_RE.sub(" ", rest)
    years |= set(_YEAR_RE.findall(rest))
    spans = {m.group(0).lower().replace("-", " ").rstrip("s") for m in _SPAN_RE.finditer(sent)}
    if not years and not spans and pub_year:
        years = {pub_year}
    return years, spans


def _same_period(a: set[str], b: set[str]) -> bool:
    """A year matches itself; ranges ("2007-2014", "since 2007" = "2007-") match on their first year."""
    for x in a:
        for y in b:
            if x == y or ("-" in x and "-" in y and x.split("-")[0] == y.split("-")[0]):
                return True
    return False


def _names(text: str, sent_start: bool, title_case: bool) -> set[str]:
    if title_case:
        return set()
    out = set()
    for k, (_, _, w) in enumerate(word_spans(text)):
        if w[:1].isupper() and w not in _NOT_NAMES and not (sent_start and k == 0) and len(w) > 1 \
                and w.lower() not in STOPWORDS:
            out.add(stem(w))
    return out


def _specific(w: str) -> bool:
    return w not in _GENERIC and not w.startswith(_GENERIC_PREFIXES) and not w[:1].isdigit()


def contexts(mentions: list[NumberMention], sources: dict[str, str],
             published: dict[str, str | None] | None = None) -> dict[int, Context]:
    """Each mention's tight context (up to six content words before the
    number and three after, inside the sentence and never across another
    number), the names near it, whether it is an item of a list, and the
    periods its sentence is about; keyed by ``id(mention)``."""
    by_sent: dict[tuple[str, int], list[NumberMention]] = {}
    for m in mentions:
        by_sent.setdefault((m.doc, m.sentence_start), []).append(m)
    out: dict[int, Context] = {}
    for (doc, _), ms in by_sent.items():
        src = sources.get(doc, "")
        ms = sorted(ms, key=lambda x: x.start)
        sent = src[ms[0].sentence_start:ms[0].sentence_end]
        ws = [w for _, _, w in word_spans(sent) if w[:1].isalpha()]
        title_case = len(ws) >= 4 and sum(w[:1].isupper() for w in ws) >= 0.6 * len(ws)
        pub = (published or {}).get(doc) or ""
        years, spans = _periods(sent, pub[:4] if re.match(r"\d{4}", pub) else None)
        sent_stems = {w for w in content_stems(_ATTRIBUTION_RE.sub(" ", sent)) if _specific(w)}
        for k, m in enumerate(ms):
            lo = ms[k - 1].end if k else m.sentence_start
            hi = ms[k + 1].start if k + 1 < len(ms) else m.sentence_end
            before = [w for w in content_stems(src[lo:m.start]) if _specific(w)][-6:]
            after = [w for w in content_stems(src[m.end:hi]) if _specific(w)][:3]
            bt = src[lo:m.start].split()
            names = _names(" ".join(bt[-6:]), lo == m.sentence_start and len(bt) <= 6, title_case) | _names(
                " ".join(src[m.end:hi].split()[:4]), False, title_case)
            # list items ("Romney (17%), Huckabee (14%)") and "another $2.5 billion" are other quantities
            listed = sum(1 for x in ms if x.unit == m.unit) >= 3 or bool(_EXTRA_RE.search(src[max(lo, m.start - 30):m.start]))
            own_years, own_spans = years, spans
            if m.kind in ("year", "duration"):  # its own years / span are the value, not the period
                own_years, own_spans = (set(), spans) if m.kind == "year" else (years, set())
            stems = set(before) | set(after)
            around = src[lo:hi]
            around_stems = set(content_stems(around))
            clause = re.split(r"[;:]|,\s(?:but|while|and)\s", src[m.sentence_start:m.start])[-1]
            out[id(m)] = Context(stems, names, listed, own_years, own_spans, sent_stems, _object(src, m.end, hi),
                                 _stances_of(around_stems, clause + re.split(r"[;:.]", src[m.end:hi])[0]),
                                 _modifiers(around.lower(), m.kind), bool(_FUTURE_RE.search(clause)), pub[:10])
    return out


def _modifiers(text: str, kind: str) -> set[str]:
    """The words of ``text`` that make its figure another measure; a running total ("since he became
    a candidate", "so far", "to date") is ``cumulative``, not a month's or a year's figure."""
    out = set(_MODIFIER_RE.findall(text))
    if kind == "quantity" and _RUNNING_RE.search(text):
        out.add("cumulative")
    return out


def _object(src: str, end: int, hi: int) -> set[str]:
    """What a number is "of": the first content words after "of" / "for" / "in" right after it
    ("a three-year freeze of fuel duties" -> {fuel, duty}; "$5 billion in funding" -> {fundin})."""
    m = _OBJECT_RE.match(src, end, hi)
    if not m or _TIME_WORDS & set(re.findall(r"[a-z]+", m.group(1).lower())):
        return set()  # "in the last fiscal year", "in December": when, not what
    return {w for w in content_stems(m.group(1)) if _specific(w)}


def _stances_of(around: set[str], clause: str) -> set[str]:
    """The stances the words around a number take; a threshold ("needs 60 votes", "the 41 votes necessary")
    only from the number's own clause."""
    out = {k for k, ws in STANCES.items() if k != "threshold" and ws & around}
    if STANCES["threshold"] & set(content_stems(clause)):
        out.add("threshold")
    return out


def soft_shared(a: set[str], b: set[str]) -> int:
    """Shared stems, counting stems that share their first five letters (or a stem
    that prefixes the other: "plan"/"planne") as shared ("extend"/"extens")."""
    n = 0
    for x in a:
        if x in b or any(len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x) or
                                                          (len(x) >= 5 and len(y) >= 5 and x[:5] == y[:5]))
                         for y in b):
            n += 1
    return n


_SAMPLING = frozenset({"margin", "error"})  # "the margin of (sampling) error is plus or minus 4 points"

# Articles published this many days apart or more report a quantity at two
# moments (a delegate count, a poll, a sum raised); a person's age and the
# years of a period, which do not change in days, can still conflict.
DAYS_APART = 3


def _days_apart(a: str, b: str) -> int:
    """Days between two ISO dates (0 when either is unknown or unreadable)."""
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0


def _day_times(m: NumberMention) -> set[str]:
    return {t for t in m.times if len(t) == 10}


def same_measure(a: NumberMention, b: NumberMention, ctx: dict[int, Context]) -> bool:
    """Whether two mentions (of different articles) can be about one measure:
    neither is an item of a list or "another" amount, they are about the
    same period, the same day when both name one, the same person when it
    is an age or a period, and their tight contexts share content words
    (two; one for a count, whose unit already is the counted noun)."""
    ca, cb = ctx.get(id(a)), ctx.get(id(b))
    if ca is None or cb is None or ca.listed or cb.listed or a.kind != b.kind or a.negated or b.negated:
        return False
    if a.extra or b.extra:
        return False  # "three other women": a part of another count
    if a.predicate and b.predicate and stem(a.predicate)[:5] != stem(b.predicate)[:5]:
        return False  # "two states filed" / "four states have legalized": what they did differs
    if a.kind in ("age", "year") and (not a.entity or not b.entity or a.entity.lower() != b.entity.lower()):
        return False
    if (ca.years and cb.years and not _same_period(ca.years, cb.years)) or (ca.spans and cb.spans and not (ca.spans & cb.spans)):
        return False  # "in 2014" / "from 2007 to 2014" / "over eight years": another period, another quantity
    ta, tb = _day_times(a), _day_times(b)
    if ta and tb and not ta & tb:
        return False  # the same quantity on two days
    if a.kind == "age":
        return True
    if ca.names and cb.names and not soft_shared(ca.names, cb.stems) and not soft_shared(cb.names, ca.stems):
        return False  # about different people / places
    if ca.obj and cb.obj and not soft_shared(ca.obj, cb.obj):
        return False  # "an extension of tax cuts" / "an extension of unemployment insurance"
    if ca.stances and cb.stances and not ca.stances & cb.stances:
        return False  # a recommendation vs a legal maximum, a demand vs an offer
    if ("threshold" in ca.stances) != ("threshold" in cb.stances):
        return False  # the votes needed vs the votes cast
    if ca.modifiers != cb.modifiers:
        return False  # gross vs adjusted income, an average vs an effective rate
    if ca.published != cb.published and (ca.future if ca.published < cb.published else cb.future):
        return False  # announced for later, reported when done: successive facts
    if _SAMPLING.issubset(ca.stems) or _SAMPLING.issubset(cb.stems):
        return False  # a poll's margin of error belongs to its sample: two samples, two margins
    if a.kind not in ("year", "age") and _days_apart(ca.published, cb.published) >= DAYS_APART:
        return False  # a count, poll or sum reported days later: a later figure, not a contradiction
    need = 1 if a.unit.startswith("count:") or a.kind == "year" else 2
    # for a count, a name both contexts hold says whom, not what is counted: "states Clinton won" /
    # "states where more voted for Trump than for Clinton"
    names = ca.names | cb.names if need == 1 and a.kind != "year" else set()
    shared = soft_shared(ca.stems - names, cb.stems - names) + (1 if ca.stances & cb.stances else 0)
    if shared >= need:
        return True
    # two sentences about one event: most of the shorter one's content words recur in the other
    common = soft_shared(ca.sentence, cb.sentence)
    return (a.kind == "quantity" and shared >= 1 and common >= 3
            and common >= 0.5 * min(len(ca.sentence), len(cb.sentence)))


def _significant(text: str) -> int:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        return 1
    digits = m.group(0).replace(",", "").replace(".", "").lstrip("0")
    if "." not in m.group(0):
        digits = digits.rstrip("0")
    return max(1, len(digits))


def values_agree(a: NumberMention, b: NumberMention) -> bool:
    """One figure stated twice: the same value (and the same other end of a tally or range)."""
    if a.kind != b.kind or a.unit != b.unit:
        return False
    eps = 1e-9 * max(1.0, abs(a.value), abs(b.value))
    if abs(a.value - b.value) > eps:
        return False
    if (a.other is None) != (b.other is None):
        return a.kind not in ("tally", "year")
    return a.other is None or b.other is None or abs(a.other - b.other) <= eps


def values_conflict(a: NumberMention, b: NumberMention) -> bool:
    """Whether the values of one measure cannot both hold: the intervals
    their wordings allow do not meet (a rounded value holds its precise
    form: "$43 million" / "$43,885,310"; a bound holds the values inside
    it: "more than 25%" / "nearly 28%"), or two stated ceilings differ
    ("as many as 2.5 million" / "up to 2.6 million"); a tally or a span of
    years conflicts when either of its numbers differs. Values more than
    2.5 times apart are taken for two quantities."""
    if a.kind in ("tally", "year"):
        return not values_agree(a, b) and abs(a.value - b.value) < 50 and (
            a.kind == "year" or a.other is None or b.other is None or abs(a.other - b.other) < 50)
    lo, hi = sorted((abs(a.value), abs(b.value)))
    if lo == 0 or hi / lo >= _MAX_RATIO:
        return False
    if a.ceiling and b.ceiling:
        return not _overlap(_point(a), _point(b))
    if _overlap((a.low, a.high), (b.low, b.high)):
        return False
    return not _truncates(a, b)


def _point(m: NumberMention) -> tuple[float, float]:
    p = max(m.high - m.value, 0.0)
    return m.value - p, m.value + p


def _overlap(x: tuple[float, float], y: tuple[float, float]) -> bool:
    """Half-open intervals [lo, hi) meet (an unbounded end always reaches)."""
    eps = 1e-9 * max(1.0, *(abs(v) for v in (*x, *y) if math.isfinite(v)))
    return x[0] < y[1] - eps and y[0] < x[1] - eps or x[1] == math.inf and y[1] == math.inf


def _truncates(a: NumberMention, b: NumberMention) -> bool:
    """The rounder value truncates the other ("$43 million" for $43,885,310; "$43,000" for
    $43,350): the precise one lies within one step above it. A figure of one significant
    digit ("$3 billion") is taken at its word."""
    wa, wb = a.high - a.value, b.high - b.value
    if not (math.isfinite(wa) and math.isfinite(wb)) or a.qualifier_text or b.qualifier_text:
        return False
    (r, w), other = ((a, wa), b) if wa > wb else ((b, wb), a)
    if _significant(r.text) < 2:
        return False
    return r.value <= other.value < r.value + 2 * w
