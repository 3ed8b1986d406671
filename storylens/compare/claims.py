"""Numeric claims aligned across the articles of a story.

Mentions (from :func:`storylens.annotate.numbers.extract_numbers`) of the
same figure of the same measure are merged into one claim; claims about the
same measure whose values cannot both hold are marked ``conflict``.

Same figure means: the same unit (the counted noun for a count, ``tally``
for "19-0", ``duration`` in days, a person's ``age``, the years of a
period), the same value (and the same other end of a tally or span), a
compatible role (``to 3.75%`` is not ``from 3.5%``), the same ``per``
period, overlapping measure words, and for an age or a period the same
person.

A **conflict** needs two mentions (one per claim, from different articles)
of one measure (:func:`.claim_rules.same_measure`: their *tight contexts*,
up to six content words before the number and three after, share two
content words, one for a count, that are neither a day or month nor, for a
count, a name; the same period, the same day when both name one, the same
person for an age or a period) whose values cannot both
hold (:func:`.claim_rules.values_conflict`: the intervals their wordings
allow do not meet, "more than 25%" holds "nearly 28%", "below 50 percent"
holds "47%", "$43 million" holds "$43,885,310"; two ceilings, "as many as
2.5 million" and "up to 2.6 million", differ). Two values are **not** a
conflict when

* one article reports both (it is telling two quantities apart: "the union
  demands 9%; the company offered 4%");
* either value sits in a list (three or more values of the unit in one
  sentence: "Romney (17%), Huckabee (14%), Palin (12%)") or is "another" amount;
* their contexts name different people or places ("Palin earned 10%" /
  "Huckabee 14%");
* their measure words say different things: a demand vs a target vs an offer
  vs a forecast ("NATO's 3% floor" vs "Trump demands 5%"), or a running
  total ("raised $58 million since he became a candidate", "so far") vs one
  period's figure ("$25 million in February");
* they are stated by different named speakers;
* their articles share none of their main actors (``topics``: the persons
  and organisations each names most, :mod:`.protagonists`): briefs on two
  companies' results that one story holds disagree about nothing;
* they are more than 2.5 times apart (another quantity, not a disagreement);
* either is a poll's margin of error (it belongs to that poll's sample);
* their articles were published three or more days apart, unless the value
  is a person's age or the years of a period: a delegate count, a poll or a
  sum raised reported days later is a later figure.

Status: ``conflict`` (with ``conflicts_with``), ``agree`` (two or more
independent sources, copies collapsed), ``single source``. Each mention
carries its qualifier, the interval its wording allows and the dates its
sentence names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from ..annotate.numbers import NumberMention
from ..models import Article, Quote
from ..text import STOPWORDS, content_stems, dateline_end, word_spans
from .claim_rules import STANCES, contexts, same_measure, values_agree, values_conflict

__all__ = ["align_claims", "attach_speakers", "STANCES"]

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
    return {name for name, words in STANCES.items() if words.intersection(m.measure)}


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
    __slots__ = ("mentions", "value", "unit", "kind", "per", "role", "near", "sent", "stances", "speakers", "conv")

    def __init__(self, m: NumberMention, sent: set[str]):
        self.mentions = [m]
        self.value, self.unit, self.kind, self.per, self.role = m.value, m.unit, m.kind, m.per, _role_class(m)
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

    def accepts(self, m: NumberMention) -> bool:
        """The same figure of the same kind of measure (the same person's age or period)."""
        first = self.mentions[0]
        if self.role != _role_class(m) or not values_agree(first, m) or (self.per and m.per and self.per != m.per):
            return False
        if m.kind in ("age", "year"):
            return bool(m.entity and first.entity and m.entity.lower() == first.entity.lower())
        return True


def _similar(c: _Claim, m_near: set[str], m_sent: set[str]) -> float:
    return max(_overlap(c.near, m_near), 0.8 * _overlap(c.sent, m_sent) if len(c.sent & m_sent) >= 3 else 0.0)


def _measure_text(src: str, m: NumberMention) -> str:
    """Up to eight words before the number and four after it, in its sentence
    (past the dateline that may open it: "PORTSALVE, Valdoria —")."""
    lo = m.sentence_start + dateline_end(src[m.sentence_start:m.start])
    before = list(word_spans(src[lo:m.start], lo))[-8:]
    after = list(word_spans(src[m.end:m.sentence_end], m.end))[:4]
    s = before[0][0] if before else m.start
    e = after[-1][1] if after else m.end
    return " ".join(src[s:e].split())


def _unit_label(c: _Claim) -> str:
    m = c.mentions[0]
    if c.kind == "tally":
        return m.noun or "tally"
    if c.kind == "duration":
        return m.noun + "s"
    if c.kind in ("age", "year"):
        return {"age": "years of age", "year:since": "since (year)", "year:span": "years (from-to)"}.get(c.unit, c.unit)
    if c.unit.startswith("count:"):
        return m.noun.lower() or c.unit[6:]
    return {"%": "%", "pp": "percentage points"}.get(c.unit, c.unit)


def _merge(mentions: list[NumberMention], sources: dict[str, str], min_same: float) -> list[_Claim]:
    """Mentions of one figure of one measure, merged into claims."""
    claims: list[_Claim] = []
    for m in mentions:
        src = sources.get(m.doc, "")
        sent = set(content_stems(src[m.sentence_start:m.sentence_end]))
        near = set(m.measure) - {m.unit.split(":")[-1]}
        best, best_sim = None, min_same
        for c in claims:
            if c.unit != m.unit or not c.accepts(m):
                continue
            sim = _similar(c, near, sent)
            if any(x.doc == m.doc for x in c.mentions) and sim >= min_same * 0.5:
                sim = max(sim, min_same)  # the same number twice in one article
            if m.kind == "age":
                sim = max(sim, min_same)  # one person's age
            if sim >= best_sim:
                best, best_sim = c, sim
        if best is None:
            claims.append(_Claim(m, sent))
        else:
            best.add(m, sent)
    return claims


def _about_the_same(a: str, b: str, topics: Callable[[str], frozenset[str]] | None) -> bool:
    """Whether articles ``a`` and ``b`` share a main actor (or either names none)."""
    if topics is None:
        return True
    ta, tb = topics(a), topics(b)
    return not ta or not tb or bool(ta & tb)


def _conflicts(claims: list[_Claim], ctx: dict[int, Any],
               topics: Callable[[str], frozenset[str]] | None = None) -> dict[int, set[int]]:
    conflicts: dict[int, set[int]] = {i: set() for i in range(len(claims))}
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if a.unit != b.unit or a.kind != b.kind or a.role != b.role or values_agree(a.mentions[0], b.mentions[0]):
                continue
            if a.per and b.per and a.per != b.per:
                continue
            if set(a.docs()) & set(b.docs()):
                continue  # one article reports both: two quantities
            if a.stances and b.stances and not (a.stances & b.stances):
                continue  # a demand vs a target, an offer vs a forecast
            if a.speakers and b.speakers and not (a.speakers & b.speakers):
                continue
            if any(values_conflict(x, y) and same_measure(x, y, ctx) and _about_the_same(x.doc, y.doc, topics)
                   for x in a.mentions for y in b.mentions):
                conflicts[i].add(j)
                conflicts[j].add(i)
    return conflicts


def _interval_json(m: NumberMention) -> list[float | None]:
    return [m.low if math.isfinite(m.low) else None, m.high if math.isfinite(m.high) else None]


def align_claims(mentions: list[NumberMention], sources: dict[str, str], roots: dict[str, str] | None = None,
                 *, min_same: float = 0.2, min_conflict: float = 0.3,
                 published: dict[str, str | None] | None = None,
                 topics: Callable[[str], frozenset[str]] | None = None) -> list[dict[str, Any]]:
    """Group number mentions of a story into claims with an agreement status.

    ``sources`` maps doc name -> source text (for the measure snippet);
    ``roots`` maps doc name -> its independent-source root (copies collapsed);
    ``published`` doc name -> ISO date (a sentence naming no year is about its
    article's year); ``topics`` doc name -> its main actors (two articles
    sharing none report no conflict). ``min_conflict`` is kept for
    compatibility (unused)."""
    roots = roots or {}
    # an age or the years of a period say something only about someone
    mentions = [m for m in mentions if m.kind not in ("age", "year") or m.entity]
    claims = _merge(mentions, sources, min_same)
    conflicts = _conflicts(claims, contexts(mentions, sources, published), topics)
    out: list[dict[str, Any]] = []
    for i, c in enumerate(claims):
        docs = c.docs()
        n_sources = len({roots.get(d, d) for d in docs})
        status = "conflict" if conflicts[i] else ("agree" if n_sources >= 2 else "single source")
        first = c.mentions[0]
        out.append({
            "value": c.value,
            "display": first.display,
            "unit": _unit_label(c),
            "unit_key": c.unit,
            "kind": c.kind,
            "other": first.other,
            "per": c.per,
            "converted": {"value": c.conv[0], "unit": c.conv[1]} if c.conv else None,
            "measure": _measure_text(sources.get(first.doc, ""), first),
            "measure_words": sorted(c.near),
            "what": first.what,
            "entity": first.entity,
            "role": c.role or None,
            "docs": docs,
            "independent_sources": n_sources,
            "status": status,
            "conflicts_with": sorted(conflicts[i]),
            "speakers": sorted(c.speakers),
            "mentions": [{"doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "speaker": m.speaker,
                          "in_quote": m.in_quote, "qualifier": m.qualifier_text or None,
                          "interval": _interval_json(m), "times": m.times} for m in c.mentions],
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
