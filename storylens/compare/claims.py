"""Numeric claims aligned across the articles of a story.

Mentions (from :func:`storylens.annotate.numbers.extract_numbers`) of the
same quantity are merged into one claim; claims about the same quantity with
different values are marked ``conflict``.

Same quantity means: the same normalised unit (and ``per`` period), a
compatible role (``to 3.75%`` is not ``from 3.5%``), overlapping measure words
("raise the minimum spending level to 3%" / "increase defense spending to 3%").

A **conflict** needs more: two mentions (one per claim) whose *tight context*
(up to six content words before the number and three after, inside the
sentence and never across another number) shares at least two content words
(one for a count, whose unit already is the counted noun), e.g. "effective
federal tax rate of 35.7%" / "an effective tax rate of 31.55%". Two values are
**not** a conflict when

* one article reports both (it is telling two quantities apart: "the union
  demands 9%; the company offered 4%");
* either value sits in a list (three or more values of the unit in one
  sentence: "Romney (17%), Huckabee (14%), Palin (12%)");
* their contexts name different people or places ("Palin earned 10%" /
  "Huckabee 14%");
* their measure words say different things: a demand vs a target vs an offer
  vs a forecast ("NATO's 3% floor" vs "Trump demands 5%");
* they are stated by different named speakers;
* one is the other rounded, truncated or hedged ("$13.6 million" /
  "$13,625,777", "$43 million" / "$43,885,310", "$43,000" / "$43,350",
  "nearly $44 million" / "$43.9 million", "more than 5,000" / "5,200"); a
  value with one significant digit ("50,000", "30%") is taken at its word;
* they are more than three times apart (another quantity, not a disagreement).

Status: ``conflict`` (with ``conflicts_with``), ``agree`` (two or more
independent sources, copies collapsed), ``single source``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..annotate.numbers import NumberMention
from ..models import Article, Quote
from ..text import STOPWORDS, content_stems, stem, word_spans

__all__ = ["align_claims", "attach_speakers", "STANCES"]

STANCES: dict[str, frozenset[str]] = {
    "demand": frozenset({"demand", "want", "wants", "seek", "insist", "claim", "ask", "call"}),
    "offer": frozenset({"offer", "propos", "bid"}),
    "target": frozenset({"target", "aim", "goal", "pledge", "floor", "ceilin", "commit"}),
    "forecast": frozenset({"foreca", "predic", "projec", "estima", "expect"}),
    "previous": frozenset({"previo", "former", "from"}),
}
_CHANGE = frozenset({"rais", "rise", "rose", "increa", "cut", "fell", "fall", "drop", "climb", "lift", "grow",
                     "grew", "reduc", "lower", "gain", "lost", "declin", "jump", "slump"})
_ATTRIB_RE = re.compile(r"according to (?:the )?(?P<a>[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)*)"
                        r"|(?P<b>[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)*) (?:said|says|estimated|estimates|claimed|claims|told)\b")


def _role_class(m: NumberMention) -> str:
    if m.role == "from":
        return "previous"
    if m.role == "by" and _CHANGE.intersection(m.measure):
        return "change"
    return ""


def _stances(m: NumberMention) -> set[str]:
    return {name for name, words in STANCES.items() if name != "previous" and words.intersection(m.measure)}


def attach_speakers(mentions: Iterable[NumberMention], article: Article, quotes: list[Quote]) -> None:
    """Set ``speaker``/``in_quote`` on mentions: the quote's speaker when the
    number is inside a quotation, else "according to X" / "X said" in its sentence."""
    src = article.source
    for m in mentions:
        for q in quotes:
            if q.start <= m.start and m.end <= q.end and q.kind in ("direct", "partial"):
                m.speaker, m.in_quote = q.speaker, True
                break
        if m.speaker is None:
            sent = src[m.sentence_start:m.sentence_end]
            found = None
            for am in _ATTRIB_RE.finditer(sent):
                name = am.group("a") or am.group("b")
                if name and name.split()[0].lower() not in STOPWORDS:
                    found = name
            if found:
                m.speaker = found


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class _Claim:
    __slots__ = ("mentions", "value", "unit", "per", "role", "near", "sent", "stances", "speakers", "conv")

    def __init__(self, m: NumberMention, sent: set[str]):
        self.mentions = [m]
        self.value, self.unit, self.per, self.role = m.value, m.unit, m.per, _role_class(m)
        self.near = set(m.measure) - {m.unit.split(":")[-1]}
        self.sent = set(sent)
        self.stances = _stances(m)
        self.speakers = {m.speaker} if m.speaker else set()
        self.conv = m.converted

    def docs(self) -> list[str]:
        return sorted({m.doc for m in self.mentions})

    def add(self, m: NumberMention, sent: set[str]) -> None:
        self.mentions.append(m)
        self.near |= set(m.measure) - {m.unit.split(":")[-1]}
        self.sent |= sent
        self.stances |= _stances(m)
        if m.speaker:
            self.speakers.add(m.speaker)
        if self.conv is None and m.converted:
            self.conv = m.converted


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _similar(c: _Claim, m_near: set[str], m_sent: set[str]) -> float:
    return max(_overlap(c.near, m_near), 0.8 * _overlap(c.sent, m_sent) if len(c.sent & m_sent) >= 3 else 0.0)


_GENERIC = frozenset(stem(w) for w in """percent percentage point points million billion trillion thousand
nearly about roughly around approximately more less than least over under almost some estimated year years
total worth amount figure number just only another additional""".split())
# verbs that say a sum moved, not what it is: "earned $30 million from book sales" / "earned $10 million in fees"
_GENERIC_PREFIXES = ("earn", "paid", "pay", "spen", "show", "recei", "got", "get", "make", "made", "cost", "inclu",
                     "total", "reach", "brou", "bring", "gave", "give", "add", "repor", "accor", "said", "say")
_NOT_NAMES = frozenset("""The A An In On At By For Of And But Or If As It Its This That These Those He She
They We I Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split())
_LEAD_NUM_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_MAX_RATIO = 2.5
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR_RANGE_RE = re.compile(rf"\b(?:from|between)?\s*({_YEAR})\s*(?:to|through|thru|and|-|–)\s*({_YEAR})\b",
                            re.IGNORECASE)
_YEAR_RE = re.compile(rf"\b{_YEAR}\b")
_SINCE_RE = re.compile(rf"\bsince\s+(?:the\s+)?(?:end\s+of\s+|start\s+of\s+)?({_YEAR})\b", re.IGNORECASE)
_SPAN_RE = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ -]"
                      r"(?:years?|months?|weeks?|days?)\b", re.IGNORECASE)
_EXTRA_RE = re.compile(r"\b(?:another|additional|extra|further|other)\s+(?:\S+\s+)?$", re.IGNORECASE)


class _Context:
    """What a mention's own words say it measures (see the module doc)."""

    __slots__ = ("stems", "names", "listed", "precision", "years", "spans")

    def __init__(self, stems: set[str], names: set[str], listed: bool, precision: float, years: set[str],
                 spans: set[str]):
        self.stems, self.names, self.listed, self.precision = stems, names, listed, precision
        self.years, self.spans = years, spans


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


def _precision(m: NumberMention) -> float:
    """Half-width of the interval a stated value stands for ("13.6 million" -> 0.1 million;
    "about 1,200" -> 100; a plain "1,200" -> 1)."""
    nm = _LEAD_NUM_RE.search(m.text)
    if not nm:
        return 0.5
    try:
        base = float(nm.group(0).replace(",", ""))
    except ValueError:
        return 0.5
    factor = m.value / base if base else 1.0
    dec = nm.group(2)
    if dec:
        step = factor * 10 ** -len(dec)
    else:
        step = factor
        digits = nm.group(1).replace(",", "")
        tz = len(digits) - len(digits.rstrip("0"))
        if m.qualifier:
            step = factor * 10 ** min(tz, max(0, len(digits) - 1))
        elif tz and len(digits) - tz >= 2:
            # "$43,000" stands for a value rounded to thousands; a single
            # significant digit ("50,000", "30%") is taken at its word
            step = factor * 10 ** tz
    return step / 2


def _names(text: str, sent_start: bool, title_case: bool) -> set[str]:
    if title_case:
        return set()
    out = set()
    for k, (_, _, w) in enumerate(word_spans(text)):
        if w[:1].isupper() and w not in _NOT_NAMES and not (sent_start and k == 0) and len(w) > 1 \
                and w.lower() not in STOPWORDS:
            out.add(stem(w))
    return out


def _contexts(mentions: list[NumberMention], sources: dict[str, str],
              published: dict[str, str | None] | None = None) -> dict[int, _Context]:
    by_sent: dict[tuple[str, int], list[NumberMention]] = {}
    for m in mentions:
        by_sent.setdefault((m.doc, m.sentence_start), []).append(m)
    out: dict[int, _Context] = {}
    for (doc, _), ms in by_sent.items():
        src = sources.get(doc, "")
        ms = sorted(ms, key=lambda x: x.start)
        sent = src[ms[0].sentence_start:ms[0].sentence_end]
        ws = [w for _, _, w in word_spans(sent) if w[:1].isalpha()]
        title_case = len(ws) >= 4 and sum(w[:1].isupper() for w in ws) >= 0.6 * len(ws)
        # the years / spans the sentence is about ("in 2014", "over seven years"), numbers' own text aside
        pub = (published or {}).get(doc) or ""
        years, spans = _periods(sent, pub[:4] if re.match(r"\d{4}", pub) else None)
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
            out[id(m)] = _Context(set(before) | set(after), names, listed, _precision(m), years, spans)
    return out


def _specific(w: str) -> bool:
    return w not in _GENERIC and not w.startswith(_GENERIC_PREFIXES) and not w[:1].isdigit()


def _soft_shared(a: set[str], b: set[str]) -> int:
    """Shared stems, counting a stem that prefixes the other ("plan"/"planne") as shared."""
    n = 0
    for x in a:
        if x in b or any(len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x)) for y in b):
            n += 1
    return n


def _compatible_values(a: NumberMention, b: NumberMention, pa: float, pb: float) -> bool:
    """One value is the other rounded, or inside the other's "more than" / "nearly" bound."""
    va, vb = a.value, b.value
    eps = 1e-9 * max(1.0, abs(va), abs(vb))
    if abs(va - vb) <= max(pa, pb) + eps:
        return True
    # the rounder value truncates the other ("$43 million" for $43,885,310;
    # "$43,000" for $43,350): the precise one lies within one step above it
    (rx, px), other = ((va, pa), vb) if pa > pb else ((vb, pb), va)
    if rx >= 0 and rx - eps <= other < rx + 2 * px - eps:
        return True
    for x, y in ((a, b), (b, a)):
        if x.qualifier == "min" and x.value <= y.value <= 1.1 * x.value:
            return True
        if x.qualifier == "max" and 0.9 * x.value <= y.value <= x.value:
            return True
    return False


def _mentions_conflict(a: NumberMention, b: NumberMention, ctx: dict[int, _Context]) -> bool:
    ca, cb = ctx.get(id(a)), ctx.get(id(b))
    if ca is None or cb is None or ca.listed or cb.listed:
        return False
    lo, hi = sorted((abs(a.value), abs(b.value)))
    if lo == 0 or hi / lo >= _MAX_RATIO:
        return False
    if (ca.years and cb.years and not _same_period(ca.years, cb.years)) or (ca.spans and cb.spans and not (ca.spans & cb.spans)):
        return False  # "in 2014" / "from 2007 to 2014" / "over eight years": another period, another quantity
    if _compatible_values(a, b, ca.precision, cb.precision):
        return False
    if ca.names and cb.names and not _soft_shared(ca.names, cb.stems) and not _soft_shared(cb.names, ca.stems):
        return False  # about different people / places
    need = 1 if a.unit.startswith("count:") else 2
    return _soft_shared(ca.stems, cb.stems) >= need


def _measure_text(src: str, m: NumberMention) -> str:
    before = list(word_spans(src[m.sentence_start:m.start], m.sentence_start))[-8:]
    after = list(word_spans(src[m.end:m.sentence_end], m.end))[:4]
    s = before[0][0] if before else m.start
    e = after[-1][1] if after else m.end
    return " ".join(src[s:e].split())


def _unit_label(c: _Claim, src: dict[str, str]) -> str:
    if c.unit.startswith("count:"):
        m = c.mentions[0]
        tail = src.get(m.doc, "")[m.start:m.end]
        parts = tail.split()
        return parts[-1] if len(parts) > 1 else c.unit[6:]
    return {"%": "%", "pp": "percentage points"}.get(c.unit, c.unit)


def align_claims(mentions: list[NumberMention], sources: dict[str, str], roots: dict[str, str] | None = None,
                 *, min_same: float = 0.2, min_conflict: float = 0.3,
                 published: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    """Group number mentions of a story into claims with an agreement status.

    ``sources`` maps doc name -> source text (for the measure snippet);
    ``roots`` maps doc name -> its independent-source root (copies collapsed);
    ``published`` doc name -> ISO date (a sentence naming no year is about its
    article's year). ``min_conflict`` is kept for compatibility (unused)."""
    roots = roots or {}
    claims: list[_Claim] = []
    for m in mentions:
        src = sources.get(m.doc, "")
        sent = set(content_stems(src[m.sentence_start:m.sentence_end]))
        near = set(m.measure) - {m.unit.split(":")[-1]}
        best, best_sim = None, min_same
        for c in claims:
            if c.unit != m.unit or not _same_value(c.value, m.value) or c.role != _role_class(m):
                continue
            if c.per and m.per and c.per != m.per:
                continue
            sim = _similar(c, near, sent)
            if any(x.doc == m.doc for x in c.mentions) and sim >= min_same * 0.5:
                sim = max(sim, min_same)  # the same number twice in one article
            if sim >= best_sim:
                best, best_sim = c, sim
        if best is None:
            claims.append(_Claim(m, sent))
        else:
            best.add(m, sent)

    ctx = _contexts(mentions, sources, published)
    conflicts: dict[int, set[int]] = {i: set() for i in range(len(claims))}
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if a.unit != b.unit or _same_value(a.value, b.value) or a.role != b.role:
                continue
            if a.per and b.per and a.per != b.per:
                continue
            if set(a.docs()) & set(b.docs()):
                continue  # one article reports both: two quantities
            if a.stances and b.stances and not (a.stances & b.stances):
                continue  # a demand vs a target, an offer vs a forecast
            if a.speakers and b.speakers and not (a.speakers & b.speakers):
                continue
            if any(_mentions_conflict(x, y, ctx) for x in a.mentions for y in b.mentions):
                conflicts[i].add(j)
                conflicts[j].add(i)

    out: list[dict[str, Any]] = []
    for i, c in enumerate(claims):
        docs = c.docs()
        n_sources = len({roots.get(d, d) for d in docs})
        status = "conflict" if conflicts[i] else ("agree" if n_sources >= 2 else "single source")
        first = c.mentions[0]
        out.append({
            "value": c.value,
            "display": first_display(c),
            "unit": _unit_label(c, sources),
            "unit_key": c.unit,
            "per": c.per,
            "converted": {"value": c.conv[0], "unit": c.conv[1]} if c.conv else None,
            "measure": _measure_text(sources.get(first.doc, ""), first),
            "measure_words": sorted(c.near),
            "role": c.role or None,
            "docs": docs,
            "independent_sources": n_sources,
            "status": status,
            "conflicts_with": sorted(conflicts[i]),
            "speakers": sorted(c.speakers),
            "mentions": [{"doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "speaker": m.speaker,
                          "in_quote": m.in_quote} for m in c.mentions],
        })
    # order: conflicts, then agreement, then single source; keep conflicts_with indices valid
    order = sorted(range(len(out)), key=lambda k: ({"conflict": 0, "agree": 1}.get(out[k]["status"], 2),
                                                   -len(out[k]["docs"]), k))
    new_index = {old: new for new, old in enumerate(order)}
    result = []
    for old in order:
        row = out[old]
        row["conflicts_with"] = sorted(new_index[x] for x in row["conflicts_with"])
        result.append(row)
    return result


def first_display(c: _Claim) -> str:
    return c.mentions[0].display if c.mentions else ""


def _stem_all(ws: Iterable[str]) -> set[str]:
    return {stem(w) for w in ws}
