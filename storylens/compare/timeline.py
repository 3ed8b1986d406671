"""Timeline: dated events of a story, with relative dates resolved.

Every sentence of the story's articles that carries a date expression
(:func:`storylens.annotate.dates.find_dates`) becomes an event dated by its
first expression that names a day (else a week, month or year). Relative
expressions are resolved against the article's publication date; when there
is none the event is kept with ``resolved: false`` and ``date: null`` so the
dossier can flag it. The same event reported by several articles (same date,
near-identical wording) is listed once with all its sources.
"""

from __future__ import annotations

from typing import Any

from ..annotate.dates import find_dates
from ..models import Article
from ..text import article_sentences, content_stems

__all__ = ["build_timeline"]

_GRAN_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def build_timeline(articles: list[Article], *, max_events: int = 200) -> list[dict[str, Any]]:
    """Dated events, sorted by date (unresolved ones last)."""
    events: list[dict[str, Any]] = []
    for a in articles:
        src = a.source
        for s0, s1 in article_sentences(a):
            found = find_dates(src, a.published, s0, s1)
            if not found:
                continue
            best = min(found, key=lambda d: (_GRAN_RANK.get(d.granularity, 9), d.start))
            events.append({
                "date": best.date, "resolved": best.resolved, "granularity": best.granularity,
                "relative": best.relative, "text": " ".join(src[s0:s1].split()), "doc": a.name,
                "start": s0, "end": s1, "expression": best.expression,
                "expression_start": best.start, "expression_end": best.end,
                "published": a.published, "also": [],
                "_stems": set(content_stems(src[s0:s1])),
            })
    # merge the same event told by several articles
    merged: list[dict[str, Any]] = []
    for e in events:
        for m in merged:
            if m["date"] == e["date"] and m["resolved"] and m["doc"] != e["doc"]:
                sa, sb = m["_stems"], e["_stems"]
                if sa and sb and len(sa & sb) / min(len(sa), len(sb)) >= 0.7:
                    m["also"].append({"doc": e["doc"], "start": e["start"], "end": e["end"]})
                    break
        else:
            merged.append(e)
    for e in merged:
        del e["_stems"]
    merged.sort(key=lambda e: (not e["resolved"], e["date"] or "", _GRAN_RANK.get(e["granularity"], 9),
                               e["doc"], e["start"]))
    return merged[:max_events]
