"""Numbers as claims, per article.

:func:`extract_numbers` finds the numbers of an article's title and body
(see :mod:`.number_finders`) and returns :class:`NumberMention` objects with
**source** offsets and what a fact-checker needs to compare them:

* the **unit**: a currency, ``%``, percentage points, the counted noun
  (``count:troop`` for "2,000 American troops": never an adjective or a
  verb), ``votes`` for a tally ("the 19-0 vote": 19 to 0, not 0 votes),
  ``duration`` (in days: "two months", "a 22-month inquiry"), ``age``, a
  year of a period (``year:since``, ``year:span``);
* what it **measures**: the noun phrase (``what``: "dockworkers at the
  Velmora port"), the name it belongs to (``entity``: whose age, whose
  period, whose emails), the content words around it (``measure``) and the
  preposition in front of it (``role``: "to 3.75%" vs "from 3.5%");
* its **qualifier** as an interval: ``low``/``high`` hold every value the
  wording allows ("more than 25%" -> [25, inf), "nearly 28%" -> [23.8, 28],
  "below 50 percent" -> [0, 50], "$43 million" -> [42.5, 43.5) million);
  "up to" / "as many as" state a ceiling (``ceiling``);
* its **time**: the dates the sentence names, weekdays and relative dates
  resolved against the article's published date (``times``).

Years of a date ("in 2014") are not quantities (the timeline handles dates),
except the years of a period ("since 2006", "from 1971 to 1983"). Regular
expressions and word lists only: a few microseconds per sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..models import Article
from ..text import STOPWORDS, article_sentences, scan_text, stem, word_spans
from .dates import Timex, find_dates
from .number_finders import DAYS, Hit, find_hits
from .number_words import is_verb

__all__ = ["NumberMention", "extract_numbers", "numbers_in_text", "number_qualifier", "precision"]

_QUALIFIERS = frozenset(["least", "most", "about", "around", "nearly", "almost", "some", "roughly", "approximately",
                         "even", "just", "over", "under", "than", "only", "below", "above", "up"])
_ROLES = ("to", "from", "by", "of", "at", "than")
_MEASURE_STOP = STOPWORDS - {"more", "most", "less", "least", "over", "under", "above", "below"}
_LEAD_NUM_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")

_QUALIFIER_RE = re.compile(
    r"\b(?:(?P<min>more than|over|at least|upwards of|above|in excess of|no less than|no fewer than|not less than|"
    r"not fewer than|"
    r"north of|better than)"
    r"|\b(?P<below>less than|fewer than|under|below|short of|no more than|not more than|not over|not exceeding|"
    r"lower than)"
    r"|\b(?P<nearly>nearly|almost|just under|just shy of|close to|approaching|clos(?:ed|ing|es) in on(?: the)?)"
    r"|\b(?P<ceiling>up to|as many as|as much as|as high as|a maximum of)"
    r"|\b(?P<approx>about|around|roughly|approximately|some|an estimated|estimated|circa|more or less|"
    r"or so|perhaps|an average of))"
    r"\s*(?:\$|€|£)?$", re.IGNORECASE)
_NEGATED_RE = re.compile(r"\b(?:not|never|nor)\s(?:even\s|just\s|only\s)?(?:about\s|some\s)?(?:[$€£]\s?)?$", re.IGNORECASE)
# the coarse qualifier kept for callers: min (a floor), max (a cap), approx
_COARSE = {"min": "min", "below": "max", "nearly": "max", "ceiling": "max", "approx": "approx"}


@dataclass
class NumberMention:
    """One number with its unit in an article (source offsets)."""

    doc: str
    start: int
    end: int
    text: str
    value: float
    unit: str  # "%", "EUR", "USD", "crowns", "count:dockwo", "tally", "duration", "age", "year:since", ...
    measure: list[str] = field(default_factory=list)  # content words around it
    role: str = ""  # preposition in front: to / from / by / of / ""
    sentence_start: int = 0
    sentence_end: int = 0
    converted: tuple[float, str] | None = None  # paired conversion (value, unit)
    per: str | None = None  # "a day", "a year"
    speaker: str | None = None  # filled by the caller from quotes / attribution
    in_quote: bool = False
    qualifier: str = ""  # "approx" (about, roughly), "min" (more than, at least), "max" (nearly, up to, below)
    kind: str = "quantity"  # quantity | tally | range | duration | age | year
    qualifier_text: str = ""  # the words: "more than", "nearly", "up to"
    low: float = -math.inf  # every value the wording allows
    high: float = math.inf
    ceiling: bool = False  # "up to" / "as many as": the value is the stated maximum
    other: float | None = None  # the other number of a tally (19-0) or a range's upper end
    noun: str = ""  # the counted noun as written
    entity: str | None = None  # whose age
    exact: bool = True  # "a few days" is not a figure
    times: list[str] = field(default_factory=list)  # ISO dates the sentence names (resolved)
    what: str = ""  # the noun phrase it measures: "dockworkers at the Velmora port", "divert from military projects"
    negated: bool = False  # "not $2.5 billion": a value rejected, not stated
    extra: bool = False  # "three other women": a count added to another
    predicate: str = ""  # the verb a counted noun is the subject of

    @property
    def display(self) -> str:
        if self.kind == "tally" and self.other is not None:
            return f"{self.value:g}-{self.other:g}" + (" votes" if self.noun == "votes" else "")
        if self.kind == "year" and self.other is not None:
            return f"{self.value:g}-{self.other:g}"
        if self.kind == "year":
            return f"since {self.value:g}"
        if self.kind == "duration" and self.other is not None:
            return f"{self.value / DAYS.get(self.noun, 1.0):g}-" + _duration_text(self.other, self.noun)
        if self.kind == "duration" and not self.exact:
            return " ".join(self.text.split())  # "a few hours": no figure to show
        if self.kind == "duration":
            return f"{self.qualifier_text} {_duration_text(self.value, self.noun)}".strip()
        if self.kind == "age":
            return f"age {self.value:g}"
        base = _display(self.value, self.unit, self.converted)
        if self.kind == "range" and self.other is not None:
            base = f"{_display(self.value, self.unit)}-{_display(self.other, self.unit)}"
        return (f"{self.qualifier_text} {base}" if self.qualifier_text else base).strip()


def _duration_text(days: float, unit: str) -> str:
    n = days / DAYS.get(unit, 1.0)
    return f"{n:g} {unit}{'s' if abs(n - 1) > 1e-9 else ''}"


def _display(value: float, unit: str, converted: tuple[float, str] | None = None) -> str:
    def fmt(v: float) -> str:
        for s, name in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
            if abs(v) >= s:
                return f"{v / s:g}{name}"
        return f"{v:,.10g}"

    if unit == "%":
        base = f"{value:g}%"
    elif unit == "pp":
        base = f"{value:g} percentage points"
    elif unit.startswith("count:") or unit == "tally":
        base = fmt(value)
    else:
        base = f"{fmt(value)} {unit}"
    if converted:
        base += f" (= {fmt(converted[0])} {converted[1]})"
    return base


def numbers_in_text(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, float, str, tuple[float, str] | None]]:
    """Find ``(start, end, value, unit, converted)`` in ``text[start:end]``
    (see :func:`.number_finders.find_hits` for what is found)."""
    return [(h.start, h.end, h.value, h.unit, h.converted) for h in find_hits(text, start, end)]


def precision(text: str, value: float, qualified: bool = False) -> float:
    """Half-width of the interval a stated value stands for ("13.6 million" -> 0.05 million;
    "about 1,200" -> 50; a plain "1,200" -> 0.5; "$43,000" -> 500 (rounded to thousands);
    a single significant digit ("50,000", "30%") is taken at its word)."""
    nm = _LEAD_NUM_RE.search(text)
    if not nm:
        return 0.5
    try:
        base = float(nm.group(0).replace(",", ""))
    except ValueError:
        return 0.5
    factor = value / base if base else 1.0
    dec = nm.group(2)
    if dec:
        step = factor * 10 ** -len(dec)
    else:
        step = factor
        digits = nm.group(1).replace(",", "")
        tz = len(digits) - len(digits.rstrip("0"))
        if qualified:
            step = factor * 10 ** min(tz, max(0, len(digits) - 1))
        elif tz and len(digits) - tz >= 2:
            step = factor * 10 ** tz
    return abs(step) / 2


def _interval(m: NumberMention) -> tuple[float, float]:
    """The values a wording allows (see the module doc)."""
    v = m.value
    if m.kind == "duration" and not m.exact:
        return 0.0, v * 3
    p = precision(m.text, v, bool(m.qualifier_text)) if m.kind != "duration" else 0.5 * DAYS.get(m.noun, 1.0)
    lo, hi = v - p, v + p
    if m.kind in ("range", "duration") and m.other is not None:
        hi = m.other + p
    q = _qualifier_kind(m.qualifier_text)
    if q == "min":
        return v, math.inf
    if q == "below":
        return 0.0, v
    if q == "nearly":
        return 0.85 * v, v + p
    if q == "ceiling":
        return 0.0, v + p
    if q == "approx":
        w = max(p, 0.05 * abs(v))
        return v - w, v + w
    return lo, hi


def _qualifier_kind(text: str) -> str:
    m = _QUALIFIER_RE.search(text + " ") if text else None
    return (m.lastgroup or "") if m else ""


def _qualifier_at(text: str, s0: int, a: int) -> str:
    m = _QUALIFIER_RE.search(text[max(s0, a - 24):a])
    return " ".join(m.group(0).split()).rstrip("$€£ ").lower() if m else ""


def number_qualifier(text: str, s0: int, a: int) -> str:
    """``approx`` / ``min`` / ``max`` when the words right before a number hedge it, else ``""``."""
    q = _qualifier_at(text, s0, a)
    return _COARSE.get(_qualifier_kind(q), "") if q else ""


def _measure_words(text: str, s0: int, s1: int, a: int, b: int) -> tuple[list[str], str, str | None]:
    """Content stems near a number (same sentence, 8 words before, 4 after),
    the preposition right before it, and a ``per`` phrase after it."""
    before = list(word_spans(text[s0:a], s0))
    after = list(word_spans(text[b:s1], b))
    role = ""
    prev = [w.lower() for _, _, w in before[-4:]]
    while prev and prev[-1] in _QUALIFIERS:
        prev.pop()
        if prev and prev[-1] in ("at", "up", "more", "less", "fewer") and prev[-1] != "at" or \
                (prev and prev[-1] == "at" and len(prev) >= 2 and prev[-2] in _ROLES):
            prev.pop()
    if prev and prev[-1] in _ROLES:
        role = prev[-1]
    per = None
    pm = re.match(r"\s*(a|per|each|every)\s+(day|week|month|year)\b", text[b:s1][:20].lower())
    if pm:
        per = pm.group(2)
    ws: list[str] = []
    for _, _, w in before[-8:]:
        lw = w.lower()
        if lw not in _MEASURE_STOP and not lw[0].isdigit():
            ws.append(stem(lw))
    for _, _, w in after[:4]:
        lw = w.lower()
        if lw not in _MEASURE_STOP and not lw[0].isdigit():
            ws.append(stem(lw))
    return ws, role, per


_NOT_SUBJECT = frozenset("""The A An In On At By For Of And But Or If As It Its This That These Those He She They We
Mr Mrs Ms Dr Sen Rep Gov Republican Republicans Democrat Democrats Democratic House Senate Congress President""".split())
_SUBJECT_RE = re.compile(r"((?:[A-Z][\w’'\-]+\.?\s)*[A-Z][\w’'\-]+)(?=,\s(?:who|a|an|the|then)\b|,\s[a-z]|\s(?:who|has|had|have|was|"
                         r"is|held|served|led|ran|headed|chaired|became)\b)")


def _subject(text: str, s0: int, a: int) -> str | None:
    """The person a period or an age is about: the nearest name before the
    number that a clause hangs on ("Aurel Fenn, who served from 1971",
    "Marrow has led the dockers' union since 2006"); None when there is none."""
    found = None
    for m in _SUBJECT_RE.finditer(scan_text(text), s0, a):
        last = m.group(1).split()[-1].strip(".")
        if last not in _NOT_SUBJECT and not (m.start() == s0 and len(m.group(1).split()) == 1 and last in _NOT_SUBJECT):
            found = last
    return found


_PP_RE = re.compile(r"\s(?P<pp>(?:of|for|at|in|on|from|to)\s(?:(?:the|a|an|its|his|her|their)\s)?"
                    r"(?P<np>[\w’'\-]+(?:\s(?!(?:and|or|but|that|which|who|while|as|on|in|at|for|to|from|with|by|over|after|"
                    r"before)\b)[\w’'\-]+){0,2}))")
_POSSESSOR_RE = re.compile(r"\b([A-Z][\w\-]+)[’']s?\b")
_TIMEISH = re.compile(r"\b(?:year|month|week|day|last|next|past|\d{4}|January|February|March|April|May|June|July|"
                      r"August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|"
                      r"Saturday|Sunday)\b", re.IGNORECASE)


def _what(text: str, s0: int, s1: int, h: Hit) -> tuple[str, str | None]:
    """The noun phrase a number measures and the name it belongs to: the counted
    noun (or the content words right before the number) with the phrase after it
    ("1,200 dockworkers at the Velmora port" -> "dockworkers at the Velmora port";
    "42,000 pages of Marrow's memos" -> "pages of Marrow's memos", Marrow)."""
    clause_start = s0 + max((m.end() for m in re.finditer(r"[,;:—–]\s|\bthat\s", text[s0:h.start])), default=0)
    content = [(a, b) for a, b, w in word_spans(text[clause_start:h.start], clause_start)
               if w.lower() not in _MEASURE_STOP and w.lower() not in _QUALIFIERS and not w[0].isdigit()
               and w.lower() not in ("since", "from", "between", "until")][-3:]
    before = [" ".join(text[content[0][0]:content[-1][1]].split())] if content else []
    end = h.end
    head = h.noun if h.kind not in ("duration", "year", "age") else ""
    nxt = re.match(r"\s([a-z][\w\-]+)", text[end:s1])
    if h.kind == "duration" and nxt and not is_verb(nxt.group(1)) and nxt.group(1) not in _MEASURE_STOP:
        head, end = nxt.group(1), end + nxt.end()  # "a two-month extension"
    head = head or " ".join(before)
    pp = _PP_RE.match(text, end, s1)
    phrase = ""
    if pp and not _TIMEISH.search(pp.group("pp")):
        words = pp.group("pp").split()
        cut = next((i for i, w in enumerate(words) if i > 1 and is_verb(w)), len(words))
        phrase = " ".join(words[:cut])
    owner = _POSSESSOR_RE.search(phrase) if phrase else None
    return " ".join(x for x in (head, phrase) if x), owner.group(1) if owner else None


def _iso_date(t: Timex) -> str | None:
    """The calendar value of a resolved date or time expression (``2025-03-21``,
    ``2025-03``, ``2025-W12``, ``2025``; a time keeps its day), else None."""
    if t.type not in ("DATE", "TIME") or not t.resolved:
        return None
    value = t.value.split("T")[0]
    return value if value[:4].isdigit() else None


def _mention(article: Article, s0: int, s1: int, h: Hit, times: list[str]) -> NumberMention:
    src = article.source
    what, owner = _what(src, s0, s1, h)
    if h.entity is None:
        who = _subject(src, s0, h.start)
        if h.kind not in ("year", "age") and who and src.startswith(who, s0):
            who = None  # "Turnout was 47%": a capitalised first word is no name
        h.entity = who if h.kind in ("year", "age") else (owner or who)
    measure, role, per = _measure_words(src, s0, s1, h.start, h.end)
    qtext = _qualifier_at(src, s0, h.start)
    m = NumberMention(doc=article.name, start=h.start, end=h.end, text=src[h.start:h.end], value=h.value,
                      unit=h.unit, measure=measure, role=role, sentence_start=s0, sentence_end=s1,
                      converted=h.converted, per=per, qualifier=_COARSE.get(_qualifier_kind(qtext), ""),
                      kind=h.kind, qualifier_text=qtext, other=h.other, noun=h.noun, entity=h.entity,
                      exact=h.exact, times=times, extra=h.extra, predicate=h.predicate, what=what)
    m.low, m.high = _interval(m)
    m.ceiling = _qualifier_kind(qtext) == "ceiling"
    m.negated = bool(_NEGATED_RE.search(src[max(s0, h.start - 30):h.start]))
    return m


def extract_numbers(article: Article) -> list[NumberMention]:
    """Numeric mentions of an article's title and body, in source order."""
    src = article.source
    out: list[NumberMention] = []
    spans = article_sentences(article)
    ts = article.title_span
    if ts is not None and ts.end <= len(src) and not any(a < ts.end and ts.start < b for a, b in spans):
        spans = [(ts.start, ts.end)] + spans
    for s0, s1 in spans:
        hits = find_hits(src, s0, s1)
        if not hits:
            continue
        dates = [(d, iso) for d in find_dates(src, article.published, s0, s1) if (iso := _iso_date(d))]
        for h in hits:
            times = sorted({iso for d, iso in dates if d.end <= h.start or d.start >= h.end})
            out.append(_mention(article, s0, s1, h, times))
    return out
