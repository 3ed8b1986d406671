"""Extractive summary: at most N sentences, each citing its article and span.

Candidates are the coverage facts' evidence sentences. A fact scores by its
number of independent sources (most of all), then by how early its sentences
sit in their articles, with a small bonus for a mid-length sentence. One
sentence per fact is taken (the earliest-placed rendering, preferring
originals over copies), no two picks from one fact, and sentences that
repeat an earlier pick's content words are skipped. Every returned ``text``
is exactly ``article.source[start:end]``.
"""

from __future__ import annotations

from typing import Any

from ..models import Article
from ..text import content_stems

__all__ = ["build_summary"]


def build_summary(articles: list[Article], coverage: dict[str, Any], n: int = 5,
                  roots: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Up to ``n`` cited sentences preferring facts with more independent sources."""
    if n <= 0:
        return []
    roots = roots or {}
    by_name = {a.name: a for a in articles}
    positions: dict[tuple[str, int], int] = {}
    for a in articles:
        starts = sorted({e["start"] for f in coverage.get("facts", []) for e in f["evidence"] if e["doc"] == a.name})
        for rank, s in enumerate(starts):
            positions[(a.name, s)] = rank
    scored = []
    for k, f in enumerate(coverage.get("facts", [])):
        ev = [e for e in f["evidence"] if e["doc"] in by_name]
        if not ev:
            continue
        # the rendering to quote: an original, early in its article, of readable length
        def ev_key(e: dict[str, Any]) -> tuple[int, int, int]:
            length = e["end"] - e["start"]
            return (roots.get(e["doc"], e["doc"]) != e["doc"], positions.get((e["doc"], e["start"]), 99),
                    abs(length - 160))
        e = min(ev, key=ev_key)
        text = by_name[e["doc"]].source[e["start"]:e["end"]]
        words = len(text.split())
        pos = min(positions.get((x["doc"], x["start"]), 99) for x in ev)
        score = 3.0 * f.get("independent_sources", 1) + 1.5 / (1 + pos) + (0.5 if 12 <= words <= 45 else 0.0)
        scored.append((score, k, e, text, f))
    scored.sort(key=lambda x: (-x[0], x[1]))
    out: list[dict[str, Any]] = []
    seen: list[set[str]] = []
    for score, k, e, text, f in scored:
        stems = set(content_stems(text))
        if any(stems and len(stems & s) / max(1, min(len(stems), len(s))) >= 0.6 for s in seen):
            continue
        seen.append(stems)
        out.append({"text": text, "doc": e["doc"], "start": e["start"], "end": e["end"],
                    "sources": f["docs"], "independent_sources": f.get("independent_sources", 1),
                    "fact": k, "score": round(score, 3)})
        if len(out) >= n:
            break
    return out
