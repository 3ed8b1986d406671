"""Timeline: dated events of a story, with relative dates resolved.

Each article's temporal expressions are found over its whole text
(:func:`storylens.annotate.dates.find_dates`: resolved against the
publication date, tense-aware, so "will meet on Thursday" is the coming
Thursday and "a year earlier" counts from the date before it). Every body
sentence that holds a date or time becomes an event dated by its finest
expression (a day before a month, a month before a year); ``value`` is its
TIMEX3 value and ``date`` the same when resolved (``when``: as a reader
says it, "2025-10-11 evening", "1970s"). An event after the
article's publication date is marked ``future``. Relative expressions in an
article without a publication date are kept with ``resolved: false`` and
``date: null`` so the dossier can flag them. The same event reported by
several articles (same value, near-identical wording) is listed once with
all its sources. References (``now``, ``recently``), durations and sets
date no event. An event's text is its sentence, widened to whole
quotations (never the tail of one) and without an opening label or
dateline.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from typing import Any

from ..annotate.dates import Timex, find_dates, parse_published, readable
from ..annotate.dates.records import GRANULARITIES
from ..models import Article
from ..text import article_sentences, content_stems, dateline_end
from .statements import section_label
from .summary import QuoteDepths, balanced_span

__all__ = ["build_timeline"]

# a sentence that opens right after a quotation closed on a comma, question or exclamation mark (its
# attribution: "“…?” McConnell asked on Tuesday."), or on a full stop when it is only an attribution
# ("“… foreign agents.” Trump tweeted early Tuesday.")
_AFTER_QUOTE = re.compile(r"([,?!.])[”\"][ \t]+$")
_TAIL = re.compile(r"(?:\S+\s+){0,7}?(?:said|says|asked|added|wrote|tweeted|told|replied|declared|noted|"
                   r"insisted|argued|continued)\b[^.!?]{0,60}[.!?]?\s*$")


def _rank(gran: str) -> int:
    return GRANULARITIES.index(gran) if gran in GRANULARITIES else len(GRANULARITIES)


# "over the past week", "in the coming months": a stretch that reaches publication, no day of an event
_UP_TO_NOW = re.compile(r"the\s+(?:past|last|coming|next)\s+(?:(?:few|several|couple\s+of|\d+|two|three|four|five|six|"
                        r"seven|eight|nine|ten|twelve)\s+)?(?:weeks?|months?|years?|days)", re.IGNORECASE)


def _dating(t: Timex) -> bool:
    """Whether the expression can date an event."""
    return (t.type in ("DATE", "TIME") and (t.date is not None or not t.resolved)
            and not _UP_TO_NOW.fullmatch(t.text))


def _events(a: Article) -> list[dict[str, Any]]:
    src = a.source
    pub = parse_published(a.published)
    found = sorted((t for t in find_dates(src, a.published, doc=a.name) if _dating(t)), key=lambda t: t.start)
    starts = [t.start for t in found]
    out: list[dict[str, Any]] = []
    sentences = article_sentences(a)
    depths = QuoteDepths(src)
    for s0, s1 in sentences:
        # the expressions inside the sentence, found by bisection (a long article has thousands of each)
        inside = [t for t in found[bisect.bisect_left(starts, s0):bisect.bisect_left(starts, s1)] if t.end <= s1]
        # the event's text opens on what happened, not on a label whose time dates nothing ("UPDATE 2:52
        # p.m. --"), and neither begins nor ends inside a quotation ("Trump tweeted early Tuesday." alone
        # is the tail of one)
        cut = s0 + (section_label(src[s0:s1]) or dateline_end(src[s0:s1]))
        inside = [t for t in inside if t.start >= cut]
        if not inside:
            continue
        best = min(inside, key=lambda t: (not t.resolved, _rank(t.granularity), t.start))
        lead = cut
        after = _AFTER_QUOTE.search(src, max(0, cut - 4), cut)
        if after and (after.group(1) != "." or _TAIL.match(src[cut:s1])):
            # "“…?” Mitch McConnell asked on Tuesday.": the attribution of the quotation just closed
            k = bisect.bisect_left(sentences, (cut, -1)) - 1
            lead = sentences[k][0] if k >= 0 and src.rfind("\n", sentences[k][0], cut) < 0 else cut
        s0, s1 = balanced_span(src, sentences, lead, s1, depths=depths) or (cut, s1)
        if out and out[-1]["doc"] == a.name and out[-1]["start"] == s0 and out[-1]["end"] == s1:
            continue  # two sentences of one quotation: one event, dated by the first
        start = best.date
        out.append({
            "date": best.value if best.resolved else None, "when": readable(best.value) if best.resolved else None,
            "value": best.value, "type": best.type,
            "resolved": best.resolved, "granularity": best.granularity, "relative": best.relative,
            "future": bool(best.resolved and pub and start and start > pub),
            "text": " ".join(src[s0:s1].split()), "doc": a.name, "start": s0, "end": s1,
            "expression": best.text, "expression_start": best.start, "expression_end": best.end,
            "published": a.published, "also": [],
            "_stems": set(content_stems(src[s0:s1])), "_start": start or dt.date.max,
        })
    return out


def build_timeline(articles: list[Article], *, max_events: int = 200) -> list[dict[str, Any]]:
    """Dated events, sorted by the first day they cover (unresolved ones last)."""
    events = [e for a in articles for e in _events(a)]
    merged: list[dict[str, Any]] = []
    # only events of one date and of other articles can be one event
    on_date: dict[Any, dict[str, list[dict[str, Any]]]] = {}
    for e in events:
        # the other articles' events of that date in the order they were kept (the first that matches wins)
        others = heapq.merge(*(ms for doc, ms in on_date.get(e["date"], {}).items() if doc != e["doc"]),
                             key=lambda m: m["_order"])
        for m in others:
            if m["resolved"]:
                sa, sb = m["_stems"], e["_stems"]
                if sa and sb and len(sa & sb) / min(len(sa), len(sb)) >= 0.7:
                    m["also"].append({"doc": e["doc"], "start": e["start"], "end": e["end"]})
                    break
        else:
            e["_order"] = len(merged)
            merged.append(e)
            on_date.setdefault(e["date"], {}).setdefault(e["doc"], []).append(e)
    merged.sort(key=lambda e: (not e["resolved"], e["_start"], _rank(e["granularity"]), e["doc"], e["start"]))
    for e in merged:
        del e["_stems"], e["_start"], e["_order"]
    return merged[:max_events]
