"""Story links: stories connected across time.

Two stories are linked when they are *not* the same event (the clusterer kept
them apart) but continue each other: they share a named person or
organisation among their most frequent entities and either their term
vectors are similar (``min_similarity``, a follow-up) or a quotation in one
and a quotation in the other share at least two content words covering
``min_quote_overlap`` of the shorter (the same speaker's same message, even a
year later). Each link
carries its reason: shared entities, similarity, quote words, time gap.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .stories import StoryIndex

__all__ = ["link_stories"]

# an entity's two-word tail ("of valdoria" from "national bank of valdoria") is
# matched on but not shown; quotation words are matched on 5-letter prefixes
_CONNECTORS = frozenset({"of", "the", "for", "de", "von", "van", "al", "bin"})
_PREFIX = 5


def link_stories(index: "StoryIndex", min_similarity: float = 0.3, min_quote_overlap: float = 0.25,
                 top_entities: int = 8, max_links_per_story: int = 5) -> list[dict]:
    """Links between the stories of ``index``, strongest first."""
    cl = index.clusterer
    idf = cl._idf()
    members = index._members()
    info = {}
    ent_post: dict[str, list[int]] = {}
    for s, keys in members.items():
        ents: Counter = Counter()
        for k in keys:
            for e in index.doc_ents[k]:
                if len(e.split()) >= 1:
                    ents[e] += 1
        top = [e for e, _ in ents.most_common(top_entities)]
        cent: dict[int, float] = {}
        for k in keys:
            c = index.cluster_key[k]
            if c < 0:
                continue
            ids, w = cl.unit_vector(c, idf)
            for i, x in zip(ids.tolist(), w.tolist()):
                cent[i] = cent.get(i, 0.0) + x
        norm = float(np.sqrt(sum(v * v for v in cent.values()))) or 1.0
        quotes = [set(q) for k in keys for q in index.quote_sets[k]]
        days = [index.copies.docs[k].day for k in keys if index.copies.docs[k].day is not None]
        info[s] = (set(top), {i: v / norm for i, v in cent.items()}, quotes, days)
        for e in top:
            ent_post.setdefault(e, []).append(s)
    pairs: dict[tuple[int, int], set[str]] = {}
    for e, ss in ent_post.items():
        if len(ss) > 200:  # too common to mean anything
            continue
        for i in range(len(ss)):
            for j in range(i + 1, len(ss)):
                pairs.setdefault((min(ss[i], ss[j]), max(ss[i], ss[j])), set()).add(e)
    links = []
    for (a, b), shared in pairs.items():
        ea, ca, qa, da = info[a]
        eb, cb, qb, db = info[b]
        shown = [e for e in shared if e.split()[0] not in _CONNECTORS] or sorted(shared)
        people = [e for e in shown if len(e.split()) >= 2] or sorted(shown)
        if len(ca) > len(cb):
            ca, cb = cb, ca
        sim = sum(v * cb.get(i, 0.0) for i, v in ca.items())
        qover, qshared = 0.0, set()
        for x in qa:
            for y in qb:
                inter = x & y
                if len(inter) >= 2:
                    o = len(inter) / min(len(x), len(y))
                    if o > qover:
                        qover, qshared = o, inter
        if not (sim >= min_similarity or qover >= min_quote_overlap):
            continue
        gap = None
        if da and db:
            gap = round(abs(min(da) - min(db)))
        why = [f"shared entities: {', '.join(sorted(people)[:4])}", f"similarity {sim:.2f}"]
        if qshared:
            stems = ", ".join(w + "…" if len(w) >= _PREFIX else w for w in sorted(qshared)[:8])
            why.append(f"a quotation in each shares the words {stems} ({qover:.2f})")
        if gap is not None:
            why.append(f"{gap} days apart")
        links.append({
            "stories": [cl.stories[a].id, cl.stories[b].id],
            "similarity": round(sim, 3),
            "quote_overlap": round(qover, 3),
            "why": "; ".join(why),
            "_score": sim + qover,
        })
    links.sort(key=lambda x: -x["_score"])
    count: Counter = Counter()
    out = []
    for l in links:
        a, b = l["stories"]
        if count[a] >= max_links_per_story or count[b] >= max_links_per_story:
            continue
        count[a] += 1
        count[b] += 1
        del l["_score"]
        out.append(l)
    return out
