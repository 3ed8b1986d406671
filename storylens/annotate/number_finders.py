"""Finding the numbers of a text: money, percentages, vote tallies, ranges,
durations, ages, years of a span, and counts of a noun.

:func:`find_hits` returns :class:`Hit` records (offsets, value, unit, kind,
the range or tally it belongs to); :mod:`.numbers` turns them into
:class:`~.numbers.NumberMention` objects with their context. Regular
expressions and word lists only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import Taken, scan_text, stem
from .number_words import COUNT_SAME, counted_noun, is_verb

__all__ = ["Hit", "find_hits", "parse_num", "NUMWORDS"]

NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
            "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
            "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12}
_SCALE = {"dozen": 12.0, "hundred": 100.0, "thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
_CUR_SYMBOL = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH", "₹": "INR"}
_CUR_WORD = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
             "pounds": "GBP", "crown": "crowns", "crowns": "crowns", "kronor": "SEK", "krone": "NOK",
             "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "yen": "JPY",
             "yuan": "CNY", "hryvnias": "UAH", "francs": "CHF", "usd": "USD", "eur": "EUR",
             "gbp": "GBP", "zloty": "PLN", "forints": "HUF", "rupees": "INR"}
# a duration's unit in days
DAYS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25, "decade": 3652.5}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
# 1-99 in words ("twenty-five", "twenty five"), then "[a|one..nine] hundred [and] 1-99"
_SMALL = (r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_ONES) + r"))?|"
          + "|".join(sorted(_TEENS + _ONES, key=len, reverse=True)) + r")\b")
_WORDNUM = (r"(?:(?:(?:a|" + "|".join(_ONES) + r")\s)?hundred(?:\s(?:and\s)?" + _SMALL + r")?|" + _SMALL
            + r"|(?:a\s)?dozen)")
_WORDNUM_CAP = r"(?i:" + _WORDNUM + r")"
# a closing quotation mark may split a number from its scale inside a quotation: 'for $5.6” billion'
_SCALE_RE = r"(?:[”\"]?\s?(?:thousand|million|billion|trillion|bn|mn|tn)\b|(?:m|bn|b)\b)"
_CUR_SYM = "[" + "".join(_CUR_SYMBOL) + "]"
_CUR_WORDS = r"(?:" + "|".join(sorted(_CUR_WORD, key=len, reverse=True)) + r")"
_PREFIX_CUR = r"(?:US\$|A\$|C\$|USD\s?|EUR\s?|GBP\s?)"

_MONEY_RE = re.compile(
    rf"(?P<sym>{_CUR_SYM}|{_PREFIX_CUR})\s?(?P<num>{_NUM})(?P<scale>{_SCALE_RE})?"
    rf"|(?<!\d)(?P<num2>{_NUM})(?P<scale2>{_SCALE_RE})?\s(?P<cw>{_CUR_WORDS})\b", re.IGNORECASE)
# (a number starts where a run of digits starts: trying every digit of a long run is quadratic)
_PCT_RE = re.compile(rf"(?P<num>(?<!\d){_NUM}|\b{_WORDNUM})\s?(?P<pp>percentage points?\b|%|\s?per\s?cent\b|\s?percent\b)",
                     re.IGNORECASE)
_TALLY_RE = re.compile(r"(?<![\w.,$€£/-])(?P<a>\d{1,3})(?:\s?(?:-|–|—)\s?|-to-|\sto\s)(?P<b>\d{1,3})(?![\w%-]|[.,]\d|\s?percent)")
_TALLY_BEFORE = re.compile(r"(?:\bvote of|\bvoted|\bvotes?|\bwon|\bpassed|\bapproved|\brejected|\bconfirmed|\bdefeated|"
                           r"\bruled|\bby an? |\bmargin of|\bsplit)\W{0,3}$", re.IGNORECASE)
_TALLY_AFTER = re.compile(r"^\s?(?:vote|votes|margin|decision|ruling|majority|win|victory|loss|defeat|tally|"
                          r"split|count|seat advantage|edge)\b", re.IGNORECASE)
_TALLY_NEAR = re.compile(r"\bvot|\bpass|\bwon\b|\bapprov|\breject|\bconfirm|\bdefeat|\brul(?:ed|ing)|\bmajorit|"
                         r"\bmargin|\bballot")
_DURATION_RE = re.compile(rf"(?<![\w$€£.,-])(?:(?P<lo>{_NUM}|{_WORDNUM_CAP})\s?(?:to|(?<=\d)-|–|or)\s?)?"
                          rf"(?P<num>{_NUM}|{_WORDNUM_CAP}|a couple of|a couple|a few)"
                          r"(?P<sep>[\s-])(?P<unit>hours?|days?|weeks?|months?|years?|decades?)\b(?P<old>[\s-]old)?",
                          re.IGNORECASE)
_AGE_APPOS_RE = re.compile(r"(?P<name>[A-Z][\w’'\-.]+(?:\s[A-Z][\w’'\-.]+){0,3}),\s(?P<age>[1-9]\d),\s")
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR_SPAN_RE = re.compile(rf"\b(?P<kw>from|between)\s(?P<a>{_YEAR})\s(?:to|until|through|and|-|–)\s(?P<b>{_YEAR})\b"
                           rf"|\b(?P<kw2>since)\s(?:the\s(?:end|start|beginning)\sof\s)?(?P<c>{_YEAR})\b", re.IGNORECASE)
_COUNT_RE = re.compile(rf"(?<![\w.,$€£\-/])(?P<num>{_NUM}|{_WORDNUM_CAP})"
                       r"(?P<scale>\s(?:hundred|thousand|million|billion|dozen))?(?=\s[A-Za-z])")
_RANGE_RE = re.compile(rf"(?:\b(?:from|between)\s)?(?<!\d)(?P<a>{_NUM})(?P<sa>\s(?:thousand|million|billion))?"
                       rf"\s?(?:to|and|-|–)\s?(?P<b>{_NUM})(?P<sb>\s(?:thousand|million|billion))?(?=\s[A-Za-z])")
_YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)$")
_ORDINAL_RE = re.compile(r"(?:\b(?:No|Nos|no|nos|Number|number)\.?|#|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|"
                         r"Dec|January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\.?)\s?$")
_RANGE_SCALE_RE = re.compile(rf"\s?(?:and|to|or|-|–)\s?(?:{_CUR_SYM}|{_PREFIX_CUR})?\s?{_NUM}\s?"
                             r"(thousand|million|billion|trillion)\b", re.IGNORECASE)
_CHANGE_VERB_RE = re.compile(r"\b(?:fallen|fell|dropped|drop|rose|risen|rise|climbed|grew|grown|increased|decreased|"
                             r"declined|jumped|soared|plunged|reached|totaled|totalled|numbered|stood|hit)\b", re.IGNORECASE)
_PLURAL_NOUN_RE = re.compile(r"\b([a-z][a-z\-]{3,}s)\b(?:\s+(?:have|has|had|were|was)\b)?(?:\s+\w+ly)?\s+$")


@dataclass
class Hit:
    """One number found in a text (offsets into that text)."""

    start: int
    end: int
    value: float
    unit: str  # "%", "pp", "USD", "count:arrest", "votes", "duration", "age", "year"
    kind: str = "quantity"  # quantity | tally | range | duration | age | year
    converted: tuple[float, str] | None = None
    other: float | None = None  # the second number of a tally or a range
    noun: str = ""  # the counted noun as written ("troops")
    entity: str | None = None  # whose age
    exact: bool = True  # a figure ("12 days"), not a vague one ("a few days")
    extra: bool = False  # "three other women", "two more states": a part added to another count
    predicate: str = ""  # the verb a counted noun is the subject of ("four states [have] legalized")


def _words_value(n: str) -> float | None:
    """The value of a number in words ("twenty-five", "two hundred and
    fifty", "a hundred"), or None."""
    total, seen = 0.0, False
    for w in n.replace("-", " ").split():
        if w in ("and", "a"):
            continue
        if w == "hundred":
            total = (total or 1.0) * 100
        elif w in NUMWORDS:
            total += NUMWORDS[w]
        else:
            return None
        seen = True
    return total if seen else None


def parse_num(num: str, scale: str | None = None) -> float | None:
    n = num.strip().lower()
    if n in NUMWORDS:
        v = float(NUMWORDS[n])
    elif n[:1].isalpha():
        w = _words_value(n)
        if w is None:
            return None
        v = w
    else:
        try:
            v = float(n.replace(",", ""))
        except ValueError:
            return None
    if scale:
        v *= _SCALE.get(scale.strip().strip("”\"").strip().lower(), 1.0)
    return v


def _ordinal_before(chunk: str, a: int) -> bool:
    """A rank or a date, not a quantity: "No. 2 position", "#3", "Sept. 11 hijackers"."""
    return bool(_ORDINAL_RE.search(chunk[max(0, a - 12):a]))


class _Taken(Taken):
    """Spans taken, and no number read right after an ordinal's word."""

    def __init__(self, chunk: str):
        super().__init__()
        self.chunk = chunk

    def free(self, a: int, b: int) -> bool:
        return super().free(a, b) and not _ordinal_before(self.chunk, a)


def _money(chunk: str, taken: _Taken, out: list[Hit]) -> None:
    for m in _MONEY_RE.finditer(chunk):
        if m.group("num"):
            sym = m.group("sym").strip()
            unit = _CUR_SYMBOL.get(sym) or {"us$": "USD", "a$": "AUD", "c$": "CAD"}.get(sym.lower(), sym.upper())
            v = parse_num(m.group("num"), m.group("scale"))
        else:
            unit = _CUR_WORD[m.group("cw").lower()]
            v = parse_num(m.group("num2"), m.group("scale2"))
            if unit == "GBP" and not m.group("scale2") and (_WEIGHT.search(chunk[max(0, m.start() - 40):m.start()])
                                                            or re.match(r"\s+of\b", chunk[m.end():m.end() + 4])):
                continue  # "losing more than 110 pounds", "5 pounds of cocaine": a weight
        if v is None or not taken.free(m.start(), m.end()):
            continue
        a, b = m.start(), m.end()
        if not (m.group("scale") or m.group("scale2")):
            # "between $19 and $22 million": the first end of a range takes the second's scale
            rm = _RANGE_SCALE_RE.match(chunk, b)
            if rm:
                v *= _SCALE[rm.group(1).lower()]
        converted = None
        pm = re.match(r"\s?\((?:about |around |roughly |some |or )?", chunk[b:b + 40])
        if pm:
            inner = _MONEY_RE.match(chunk, b + pm.end())
            if inner and chunk[inner.end():inner.end() + 1] == ")":
                if inner.group("num"):
                    sym = inner.group("sym").strip()
                    cu = _CUR_SYMBOL.get(sym) or sym.upper()
                    cv = parse_num(inner.group("num"), inner.group("scale"))
                else:
                    cu = _CUR_WORD[inner.group("cw").lower()]
                    cv = parse_num(inner.group("num2"), inner.group("scale2"))
                if cv is not None:
                    converted = (cv, cu)
                    b = inner.end() + 1
        out.append(Hit(a, b, v, unit, converted=converted))
        taken.add(a, b)


def _percent(chunk: str, taken: _Taken, out: list[Hit]) -> None:
    for m in _PCT_RE.finditer(chunk):
        a, b = m.start(), m.end()
        v = parse_num(m.group("num"))
        if v is None or not taken.free(a, b):
            continue
        out.append(Hit(a, b, v, "pp" if m.group("pp").lower().startswith("percentage") else "%"))
        taken.add(a, b)


_VOTE_NEAR = re.compile(r"\bvot|ballot|caucus|\belect")  # not "selected"
_CHAMBER_NEAR = re.compile(r"senat|house|court|justice|chamber")
_GAME_NEAR = re.compile(r"scored|\bgoals?\b|\bgame\b|\bmatch\b|season|innings|overtime|playoff|\bfans\b")


def _tallies(chunk: str, taken: _Taken, out: list[Hit]) -> None:
    """Vote tallies and scores: "the 19-0 vote", "passed 219-212", "by a vote of 141 to 58"."""
    for m in _TALLY_RE.finditer(chunk):
        a, b = m.start(), m.end()
        x, y = int(m.group("a")), int(m.group("b"))
        if not taken.free(a, b) or x < y:
            continue
        before, after = chunk[max(0, a - 24):a], chunk[b:b + 20]
        near = (chunk[max(0, a - 40):a] + " " + chunk[b:b + 40]).lower()
        sep = chunk[m.end("a"):m.start("b")]
        if "to" in sep and not _TALLY_BEFORE.search(before) and not _TALLY_AFTER.match(after):
            continue  # "from 10 to 12" is a range
        if not (_TALLY_BEFORE.search(before) or _TALLY_AFTER.match(after) or _TALLY_NEAR.search(near)):
            continue
        # a vote: a word of voting, or of a chamber or court unless the tally is a game's score
        # ("the Penguins' 5-2 victory against the Ottawa Senators")
        voting = bool(_VOTE_NEAR.search(near) or (_CHAMBER_NEAR.search(near) and not _GAME_NEAR.search(near)))
        out.append(Hit(a, b, float(x), "tally", kind="tally", other=float(y), noun="votes" if voting else ""))
        taken.add(a, b)


def _durations(chunk: str, taken: _Taken, out: list[Hit]) -> None:
    """ "two months", "a 22-month investigation", "for 35 days"; "18-year-old" is an age."""
    for m in _DURATION_RE.finditer(chunk):
        a, b = m.start(), m.end()
        if not taken.free(a, b):
            continue
        unit = m.group("unit").lower().rstrip("s")
        num = m.group("num").lower()
        vague = num in ("a couple of", "a couple", "a few")
        if m.group("old"):
            v = parse_num(num)
            if v is not None and unit == "year":
                who = re.match(r"\s((?:[A-Z][\w’'\-.]+\s)*[A-Z][\w’'\-]+)", chunk[b:b + 60])
                out.append(Hit(a, b, v, "age", kind="age", entity=who.group(1).split()[-1] if who else None))
                taken.add(a, b)
            continue
        if re.match(r"\s?ago\b", chunk[b:b + 5]):
            continue  # "two years ago" is a date
        v = 2.0 if num.startswith("a couple") else (3.0 if vague else parse_num(num))
        if v is None or (unit == "year" and _YEAR_RE.match(num)):
            continue
        lo = parse_num(m.group("lo")) if m.group("lo") else None
        if lo is not None and lo < v:  # "46 to 57 months": a range, its low end first
            out.append(Hit(a, b, lo * DAYS[unit], "duration", kind="duration", noun=unit, other=v * DAYS[unit]))
        else:
            a = m.start("num")
            out.append(Hit(a, b, v * DAYS[unit], "duration", kind="duration", noun=unit, exact=not vague))
        taken.add(a, b)


def _ages(chunk: str, taken: _Taken, out: list[Hit]) -> None:
    for m in _AGE_APPOS_RE.finditer(scan_text(chunk)):
        a, b = m.start("age"), m.end("age")
        if taken.free(a, b):
            name = m.group("name").split()
            out.append(Hit(a, b, float(m.group("age")), "age", kind="age", entity=name[-1].strip(".")))
            taken.add(a, b)


def _year_spans(chunk: str, taken: _Taken, out: list[Hit]) -> None:
    """ "from 1971 to 1983", "since 2006": the years of a period."""
    for m in _YEAR_SPAN_RE.finditer(chunk):
        a, b = m.start(), m.end()
        if not taken.free(a, b):
            continue
        if m.group("c"):
            out.append(Hit(m.start("c"), m.end("c"), float(m.group("c")), "year:since", kind="year"))
        else:
            out.append(Hit(m.start("a"), m.end("b"), float(m.group("a")), "year:span", kind="year",
                           other=float(m.group("b"))))
        taken.add(a, b)


def _noun_unit(noun: str) -> str:
    key = stem(noun)
    return "count:" + COUNT_SAME.get(key, COUNT_SAME.get(key[:6], key))


_EXTRA_WORD_RE = re.compile(r"\b(?:other|more|additional|extra|further|new)\b", re.IGNORECASE)
_AUX = frozenset("have has had were was are is will would could can may might be been being also already still "
                 "now not just reportedly allegedly".split())


def _predicate(following: str) -> str:
    """The verb right after a counted noun, auxiliaries skipped ("have legalized" -> "legalized")."""
    for w in re.findall(r"[A-Za-z’'\-]+|[^\sA-Za-z]", following)[:4]:
        lw = w.lower()
        if lw in _AUX:
            continue
        return lw if is_verb(lw) or lw.endswith(("ed", "ing")) and len(lw) > 4 else ""
    return ""


def _counts(chunk: str, taken: _Taken, out: list[Hit]) -> None:
    """Counts of a noun, and ranges of counts ("from 300,000 to 1.2 million workers")."""
    for m in _RANGE_RE.finditer(chunk):
        a, b = m.start(), m.end()
        if not taken.free(a, b) or _YEAR_RE.match(m.group("a")) or _YEAR_RE.match(m.group("b")):
            continue
        va, vb = parse_num(m.group("a"), m.group("sa")), parse_num(m.group("b"), m.group("sb"))
        if va is not None and not m.group("sa") and m.group("sb") and va < 1000:
            va = parse_num(m.group("a"), m.group("sb"))  # "1.5 to 1.6 million": the first end takes the scale
        noun = counted_noun(chunk[b:b + 60], singular_ok=False)
        if va is None or vb is None or noun is None or va >= vb:
            continue
        nb, ne = b + noun[0], b + noun[1]
        out.append(Hit(m.start("a"), ne, va, _noun_unit(chunk[nb:ne]), kind="range", other=vb, noun=chunk[nb:ne]))
        taken.add(a, ne)
    for m in _COUNT_RE.finditer(chunk):
        a, b = m.start(), m.end()
        num = m.group("num")
        if not taken.free(a, b) or _YEAR_RE.match(num):
            continue
        v = parse_num(num, m.group("scale"))
        if v is None or (not num[0].isdigit() and v < 2):
            continue
        if num.lower().startswith(("hundred", "dozen")) and _VAGUE_BEFORE.search(chunk[max(0, a - 12):a]):
            continue
        if num[0].isupper() and not num[0].isdigit() and _NAME_BEFORE.search(chunk[max(0, a - 30):a]):
            continue  # "the Final Four championships", "the Big Ten schools": a name, not a count
        noun = counted_noun(chunk[b:b + 60], singular_ok=v == 1)
        if noun is None:
            continue
        nb, ne = b + noun[0], b + noun[1]
        extra = bool(_EXTRA_WORD_RE.search(chunk[b:nb]))
        out.append(Hit(a, ne, v, _noun_unit(chunk[nb:ne]), noun=chunk[nb:ne], extra=extra,
                       predicate=_predicate(chunk[ne:ne + 60])))
        taken.add(a, ne)


# "pounds" weighed, not paid: a verb of weight before in the clause, or "of" after ("5 pounds of cocaine")
_WEIGHT = re.compile(r"\b(?:los[et]|losing|weigh(?:s|ed|ing)?|gain(?:s|ed|ing)?|shed(?:s|ding)?|heavier|lighter)\b"
                     r"[^.;,]*$", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"\b[A-Z][\w’'-]*\s$")  # a capitalised word right before a capitalised number word
# "several hundred residents", "a few dozen boats": no figure (where "a hundred people" and "three dozen" are)
_VAGUE_BEFORE = re.compile(r"\b(?:several|a few|few|many|some|a couple of)\s$", re.IGNORECASE)

_CLAUSE_SPLIT = re.compile(r"[;:()\"“”]|\.\s")
_CLAUSE_MOST = 2000  # characters looked back for a clause's start (a bound: each number reads only this)


def _clause_before(chunk: str, a: int) -> str:
    """The clause ending at ``a``: back to the last ``;``, ``:``, bracket,
    double quote or full stop, at most :data:`_CLAUSE_MOST` characters."""
    step = 200
    while True:
        lo = max(0, a - step)
        parts = _CLAUSE_SPLIT.split(chunk[lo:a])
        if len(parts) > 1 or lo == 0 or step >= _CLAUSE_MOST:
            return parts[-1]
        step = min(_CLAUSE_MOST, step * 4)


def _bare(chunk: str, taken: _Taken, out: list[Hit]) -> None:
    """A number with no unit after it, whose clause names the counted noun
    before a change verb: "apprehensions have fallen ... to 400,000"."""
    for m in re.finditer(rf"(?<![\w.,$€£\-/])(?P<num>{_NUM})(?P<scale>\s(?:thousand|million|billion))?(?![\w%])",
                         chunk):
        a, b = m.start(), m.end()
        if not taken.free(a, b) or _YEAR_RE.match(m.group("num")):
            continue
        clause = _clause_before(chunk, a)
        verbs = list(_CHANGE_VERB_RE.finditer(clause))
        verb = verbs[-1] if verbs else None
        if verb is None or not re.search(r"\b(?:to|at|by|from)\s+(?:about |roughly |some |nearly |almost )?$",
                                         clause[verb.end():]):
            continue
        nm = _PLURAL_NOUN_RE.search(clause[:verb.start()])
        v = parse_num(m.group("num"), m.group("scale"))
        if nm is None or v is None:
            continue
        out.append(Hit(a, b, v, _noun_unit(nm.group(1)), noun=nm.group(1)))
        taken.add(a, b)


def find_hits(text: str, start: int = 0, end: int | None = None) -> list[Hit]:
    """Every number of ``text[start:end]`` with its unit, in text order
    (offsets into ``text``). Money first (it swallows a bracketed
    conversion), then percentages, tallies, year spans, durations, ages,
    counts and ranges of a noun, and bare numbers whose clause names the
    counted noun; overlapping finds are dropped."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    taken = _Taken(chunk)
    out: list[Hit] = []
    for finder in (_money, _percent, _tallies, _year_spans, _durations, _ages, _counts, _bare):
        finder(chunk, taken, out)
    out.sort(key=lambda h: h.start)
    for h in out:
        h.start += start
        h.end += start
    return out
