"""Numeric claims per article.

:func:`extract_numbers` finds numbers with a unit in an article's body and
returns :class:`NumberMention` objects with **source** offsets:

* percentages (``3%``, ``4.7 percent``, ``nine percent``);
* money (``€800 billion``, ``$43 million``, ``3.1 billion crowns``), with a
  paired conversion in brackets kept as one mention
  (``€800 billion ($860 billion)`` -> value 8e11 EUR, ``converted`` 8.6e11 USD);
* counts (``1,200 dockworkers``, ``37 ships``: the unit is the counted noun);
* years are *not* numeric claims (the timeline handles dates).

Each mention carries the words around it that say what it measures
(``measure``), the preposition in front of it (``role``: "to 3.75%" vs
"from 3.5%") and the sentence it sits in. Everything here is regular
expressions: a few microseconds per sentence, no NLP model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Article
from ..text import STOPWORDS, Taken, article_sentences, stem, word_spans

__all__ = ["NumberMention", "extract_numbers", "numbers_in_text", "number_qualifier"]

# counted nouns that news copy uses for the same thing ("37 ships" / "37
# vessels"), by stem: a count of one is a count of the other
_COUNT_SAME = {"vessel": "ship", "docker": "dockwo", "steved": "dockwo", "longsh": "dockwo",
               "troop": "soldie", "person": "people"}


# --------------------------------------------------------------------------
# numbers
# --------------------------------------------------------------------------

_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
             "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
             "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
             "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12}
_SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
_CUR_SYMBOL = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH", "₹": "INR"}
_CUR_WORD = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
             "pounds": "GBP", "crown": "crowns", "crowns": "crowns", "kronor": "SEK", "krone": "NOK",
             "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "yen": "JPY",
             "yuan": "CNY", "hryvnias": "UAH", "francs": "CHF", "usd": "USD", "eur": "EUR",
             "gbp": "GBP", "zloty": "PLN", "forints": "HUF", "rupees": "INR"}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDNUM = r"(?:" + "|".join(sorted(_NUMWORDS, key=len, reverse=True)) + r")"
_SCALE_RE = r"(?:\s?(?:thousand|million|billion|trillion|bn|mn|tn)\b|(?:m|bn|b)\b)"
_CUR_SYM = "[" + "".join(_CUR_SYMBOL) + "]"
_CUR_WORDS = r"(?:" + "|".join(sorted(_CUR_WORD, key=len, reverse=True)) + r")"
_PREFIX_CUR = r"(?:US\$|A\$|C\$|USD\s?|EUR\s?|GBP\s?)"

_MONEY_RE = re.compile(
    rf"(?P<sym>{_CUR_SYM}|{_PREFIX_CUR})\s?(?P<num>{_NUM})(?P<scale>{_SCALE_RE})?"
    rf"|(?<!\d)(?P<num2>{_NUM})(?P<scale2>{_SCALE_RE})?\s(?P<cw>{_CUR_WORDS})\b", re.IGNORECASE)
# (a number starts where a run of digits starts: trying every digit of a long run is quadratic)
_PCT_RE = re.compile(rf"(?P<num>(?<!\d){_NUM}|\b{_WORDNUM})\s?(?P<pp>percentage points?\b|%|\s?per\s?cent\b|\s?percent\b)",
                     re.IGNORECASE)
_COUNT_RE = re.compile(rf"(?<![\w.,$€£\-/])(?P<num>{_NUM})(?P<scale>\s(?:thousand|million|billion))?"
                       rf"\s(?P<noun>[a-z][a-z\-]+)(?:\s(?P<noun2>[a-z][a-z\-]+))?")
_COUNT_ADJ = frozenset(["large", "small", "big", "new", "old", "major", "minor", "other", "more", "additional",
                        "extra", "further", "young", "older", "younger", "foreign", "local", "senior", "junior",
                        "full", "part-time", "full-time", "armed", "unarmed", "injured", "dead"])
_YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)$")
_UNIT_SKIP = frozenset(["percent", "per", "cent", "years", "year", "months", "month", "weeks", "week", "days", "day",
                        "hours", "hour", "minutes", "minute", "seconds", "second", "times", "per", "and", "or", "to",
                        "of", "in", "on", "at", "a", "the", "p.m", "a.m", "pm", "am", "bc", "ad"])
_QUALIFIERS = frozenset(["least", "most", "about", "around", "nearly", "almost", "some", "roughly", "approximately",
                         "even", "just", "over", "under", "than", "only"])
_ROLES = ("to", "from", "by", "of", "at", "than")
_MEASURE_STOP = STOPWORDS - {"more", "most", "less", "least", "over", "under", "above", "below"}


@dataclass
class NumberMention:
    """One number with its unit in an article (source offsets)."""

    doc: str
    start: int
    end: int
    text: str
    value: float
    unit: str  # "%", "EUR", "USD", "crowns", "count:dockworker", ...
    measure: list[str] = field(default_factory=list)  # content words around it
    role: str = ""  # preposition in front: to / from / by / of / ""
    sentence_start: int = 0
    sentence_end: int = 0
    converted: tuple[float, str] | None = None  # paired conversion (value, unit)
    per: str | None = None  # "a day", "a year"
    speaker: str | None = None  # filled by the caller from quotes / attribution
    in_quote: bool = False
    qualifier: str = ""  # "approx" (about, roughly), "min" (more than, at least), "max" (nearly, up to)

    @property
    def display(self) -> str:
        return _display(self.value, self.unit, self.converted)


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
    elif unit.startswith("count:"):
        base = fmt(value)
    else:
        base = f"{fmt(value)} {unit}"
    if converted:
        base += f" (= {fmt(converted[0])} {converted[1]})"
    return base


_RANGE_SCALE_RE = re.compile(rf"\s?(?:and|to|or|-|–)\s?(?:{_CUR_SYM}|{_PREFIX_CUR})?\s?{_NUM}\s?"
                             r"(thousand|million|billion|trillion)\b", re.IGNORECASE)
_ORDINAL_RE = re.compile(r"(?:\b(?:No|Nos|no|nos|Number|number)\.?|#|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|"
                         r"Dec|January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\.?)\s?$")


def _ordinal_before(chunk: str, a: int) -> bool:
    """A rank or a date, not a quantity: "No. 2 position", "#3", "Sept. 11 hijackers"."""
    return bool(_ORDINAL_RE.search(chunk[max(0, a - 12):a]))


def _parse_num(num: str, scale: str | None) -> float | None:
    n = num.strip().lower()
    if n in _NUMWORDS:
        v = float(_NUMWORDS[n])
    else:
        try:
            v = float(n.replace(",", ""))
        except ValueError:
            return None
    if scale:
        v *= _SCALE.get(scale.strip().lower(), 1.0)
    return v


def numbers_in_text(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, float, str, tuple[float, str] | None]]:
    """Find ``(start, end, value, unit, converted)`` in ``text[start:end]``.

    Money comes first (and swallows a bracketed conversion right after it),
    then percentages, then counts of a noun; overlapping finds are dropped."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    found: list[tuple[int, int, float, str, tuple[float, str] | None]] = []
    taken = Taken()

    def free(a: int, b: int) -> bool:
        return taken.free(a, b) and not _ordinal_before(chunk, a)

    for m in _MONEY_RE.finditer(chunk):
        if m.group("num"):
            sym = m.group("sym").strip()
            unit = _CUR_SYMBOL.get(sym) or {"us$": "USD", "a$": "AUD", "c$": "CAD"}.get(sym.lower(), sym.upper())
            v = _parse_num(m.group("num"), m.group("scale"))
        else:
            unit = _CUR_WORD[m.group("cw").lower()]
            v = _parse_num(m.group("num2"), m.group("scale2"))
        if v is None or not free(m.start(), m.end()):
            continue
        a, b = m.start(), m.end()
        if not (m.group("scale") or m.group("scale2")):
            # "between $19 and $22 million": the first end of a range takes the second's scale
            rm = _RANGE_SCALE_RE.match(chunk, b)
            if rm:
                v *= _SCALE[rm.group(1).lower()]
        converted = None
        rest = chunk[b:b + 40]
        pm = re.match(r"\s?\((?:about |around |roughly |some |or )?", rest)
        if pm:
            inner = _MONEY_RE.match(chunk, b + pm.end())
            if inner and chunk[inner.end():inner.end() + 1] == ")":
                if inner.group("num"):
                    sym = inner.group("sym").strip()
                    cu = _CUR_SYMBOL.get(sym) or sym.upper()
                    cv = _parse_num(inner.group("num"), inner.group("scale"))
                else:
                    cu = _CUR_WORD[inner.group("cw").lower()]
                    cv = _parse_num(inner.group("num2"), inner.group("scale2"))
                if cv is not None:
                    converted = (cv, cu)
                    b = inner.end() + 1
        found.append((a, b, v, unit, converted))
        taken.add(a, b)
    for m in _PCT_RE.finditer(chunk):
        a, b = m.start(), m.end()
        if not free(a, b):
            continue
        v = _parse_num(m.group("num"), None)
        if v is None:
            continue
        found.append((a, b, v, "pp" if m.group("pp").lower().startswith("percentage") else "%", None))
        taken.add(a, b)
    for m in _COUNT_RE.finditer(chunk):
        a, b = m.start(), m.end()
        num = m.group("num")
        if not free(a, b) or _YEAR_RE.match(num):
            continue
        noun = m.group("noun").lower()
        stop = m.end("noun")
        if noun in _COUNT_ADJ and m.group("noun2"):
            noun, stop = m.group("noun2").lower(), m.end("noun2")
        if noun in _UNIT_SKIP or noun in STOPWORDS or (num.isdigit() and len(num) == 4 and num.startswith(("19", "20"))):
            continue
        # "32 alliance" / "8 countries": the counted noun, after adjectives
        v = _parse_num(num, m.group("scale"))
        if v is None:
            continue
        key = stem(noun)
        found.append((a, stop, v, "count:" + _COUNT_SAME.get(key, key), None))
        taken.add(a, stop)
    found.sort()
    return [(a + start, b + start, v, u, c) for a, b, v, u, c in found]


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
    tail = text[b:s1][:20].lower()
    pm = re.match(r"\s*(a|per|each|every)\s+(day|week|month|year)\b", tail)
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


_QUALIFIER_RE = re.compile(
    r"\b(?:(?P<min>more than|over|at least|upwards of|above|in excess of|no less than)"
    r"|\b(?P<max>nearly|almost|up to|under|less than|fewer than|just under|as many as|as much as)"
    r"|\b(?P<approx>about|around|roughly|approximately|some|an estimated|estimated|close to|circa))"
    r"\s*$", re.IGNORECASE)


def number_qualifier(text: str, s0: int, a: int) -> str:
    """``approx`` / ``min`` / ``max`` when the words right before a number hedge it, else ``""``."""
    m = _QUALIFIER_RE.search(text[max(s0, a - 24):a])
    return (m.lastgroup or "") if m else ""


def extract_numbers(article: Article) -> list[NumberMention]:
    """Numeric mentions of an article's body, in source order."""
    src = article.source
    out: list[NumberMention] = []
    spans = article_sentences(article)
    ts = article.title_span
    if ts is not None and ts.end <= len(src) and not any(a < ts.end and ts.start < b for a, b in spans):
        spans = [(ts.start, ts.end)] + spans
    for s0, s1 in spans:
        for a, b, v, unit, conv in numbers_in_text(src, s0, s1):
            measure, role, per = _measure_words(src, s0, s1, a, b)
            out.append(NumberMention(doc=article.name, start=a, end=b, text=src[a:b], value=v, unit=unit,
                                     measure=measure, role=role, sentence_start=s0, sentence_end=s1,
                                     converted=conv, per=per, qualifier=number_qualifier(src, s0, a)))
    return out
