"""Primary sources a story's articles share.

Each article's cited sources come from :func:`storylens.annotate.sources.find_sources`.
A source that two or more independent articles (copies collapsed) cite is a
**shared primary source**: "told Bloomberg TV" in one article and "in an
interview with Bloomberg TV" in another are one interview. When every
independent article rests on one such source (cites it, and in its first
part: the source its story leads with), the story's sourcing says so:
"3 outlets, 1 primary source: an interview with Bloomberg TV".

Unnamed officials, aides and sources have no identity to share ("officials
said" in two outlets need not be the same officials) and are never shared.
"""

from __future__ import annotations

import re
from typing import Any

from ..annotate.sources import SourceCite, find_sources, source_key
from ..models import Article

__all__ = ["cited_sources", "shared_sources", "sourcing_summary"]

_UNNAMED = re.compile(r"\b(?:officials?|aides?|advisers?|advisors?|sources?|people|person|experts?|analysts?|"
                      r"economists?|diplomats?)\b", re.IGNORECASE)
_GENERIC = re.compile(r"^(?:an?|the|his|her|their|its|separate|several)\s", re.IGNORECASE)
_LEAD, _LEAD_CHARS = 0.4, 800  # a lead source is cited within the first 40% of an article (or its first 800 characters)
_INTERVIEW = re.compile(r"\b(?:told|telling|interview|speaking to|spoke to|spoke with|said on|appeared on|said to)\b",
                        re.IGNORECASE)


_REPORT = re.compile(r"\b(?:report\w*|article|story|published|poll|according)\b", re.IGNORECASE)


def _interview(items: list[tuple[str, SourceCite]], texts: dict[str, str]) -> bool:
    """Whether most articles cite the source as an interview ("told", "in an interview with") rather than a report."""
    said = [texts.get(d, "")[c.start:c.end] for d, c in items]
    return sum(bool(_INTERVIEW.search(t)) and not _REPORT.search(t) for t in said) > len(said) / 2


def cited_sources(articles: list[Article]) -> dict[str, list[SourceCite]]:
    """Doc name -> the sources the article cites (each once, where first cited)."""
    return {a.name: find_sources(a) for a in articles}


def _shareable(c: SourceCite) -> bool:
    """A source with a name of its own: an outlet, a wire, a named body or document."""
    if c.kind in ("outlet", "wire"):
        return True
    return not _UNNAMED.search(c.source) and not _GENERIC.match(c.source) and bool(re.search(r"[A-Z]", c.source))


def _merge_keys(keys: list[str]) -> dict[str, str]:
    """One key per source: "bloomberg" and "bloomberg tv" are one outlet, "new york times" and "times" too."""
    out: dict[str, str] = {}
    for k in sorted(set(keys), key=len, reverse=True):
        target = k
        for longer in out.values():
            if longer != k and (longer.startswith(k + " ") or longer.endswith(" " + k)):
                target = longer
                break
        out[k] = target
    return out


def shared_sources(articles: list[Article], cites: dict[str, list[SourceCite]],
                   roots: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Sources cited by two or more independent articles of the story: each with
    its ``source`` name, ``kind``, the ``docs`` citing it, how many independent
    articles do (``independent``) and the ``evidence`` spans, most cited first."""
    roots = roots or {}
    texts = {a.name: a.source for a in articles}
    flat = [(doc, c) for doc, cs in cites.items() for c in cs if _shareable(c)]
    merged = _merge_keys([source_key(c.source) for _, c in flat])
    groups: dict[str, list[tuple[str, SourceCite]]] = {}
    for doc, c in flat:
        groups.setdefault(merged[source_key(c.source)], []).append((doc, c))
    out: list[dict[str, Any]] = []
    for _, items in groups.items():
        docs = sorted({d for d, _ in items})
        independent = len({roots.get(d, d) for d in docs})
        if independent < 2:
            continue
        names = [re.sub(r"^the\s", "", c.source) for _, c in items]
        name = max(names, key=lambda n: (names.count(n), len(n)))
        firsts: dict[str, int] = {}
        for d, c in items:
            firsts[d] = min(firsts.get(d, c.start), c.start)
        kinds = [c.kind for _, c in items]
        out.append({
            "source": name,
            "kind": max(set(kinds), key=kinds.count),
            "docs": docs,
            "independent": independent,
            "interview": _interview(items, texts),
            # cited in the first part of each article: what its story leads with
            "lead": all(firsts[d] <= max(_LEAD * len(texts.get(d, "")), _LEAD_CHARS) for d in docs),
            "evidence": [{"doc": d, "start": c.start, "end": c.end, "text": texts.get(d, "")[c.start:c.end]}
                         for d, c in items],
        })
    out.sort(key=lambda s: (-int(s["independent"]), str(s["source"])))
    return out


def sourcing_summary(articles: list[Article], shared: list[dict[str, Any]],
                     roots: dict[str, str] | None = None) -> dict[str, Any]:
    """How many outlets and independent articles the story has, and how many
    primary sources they rest on when one source is cited by all of them
    ("3 outlets, 1 primary source: an interview with Bloomberg TV")."""
    roots = roots or {}
    outlets = sorted({a.outlet or a.name for a in articles})
    independent = len({roots.get(a.name, a.name) for a in articles})
    common = [s for s in shared if s["independent"] == independent and independent >= 2 and s["lead"]]
    out: dict[str, Any] = {"outlets": len(outlets), "independent_articles": independent,
                           "shared_primary_sources": [s["source"] for s in shared],
                           "primary_sources": None, "summary": None}
    if common:
        top = common[0]
        what = f"an interview with {top['source']}" if top["interview"] else top["source"]
        out["primary_sources"] = 1
        out["primary_source"] = top["source"]
        n = len(outlets)
        out["summary"] = f"{n} outlet{'s' if n != 1 else ''}, 1 primary source: {what}"
    return out
