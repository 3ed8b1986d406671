"""Coverage matrix: the facts of a story x the outlets that reported them.

A *statement* is a sentence of an article body (headings, questions and
very short lines are left out). Statements of different articles are grouped
into *facts* by IDF-weighted cosine similarity of their content-word stems,
average-linked so that one loose pair cannot chain two facts together;
sentences that carry quotes of the same quote group are tied together too.

Per fact: the articles and outlets that report it, the number of independent
sources (copies collapsed to their original) and the evidence spans. Per
outlet: the facts reported by at least two independent sources that it left
out (``omitted``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models import Article
from ..text import article_sentences, content_stems

__all__ = ["Statement", "statements", "build_coverage"]


@dataclass
class Statement:
    doc: str
    start: int
    end: int
    text: str
    stems: list[str]
    position: int  # sentence index in its article


def statements(article: Article, min_words: int = 5) -> list[Statement]:
    """The article's sentences that state something."""
    out = []
    src = article.source
    for i, (s, e) in enumerate(article_sentences(article)):
        text = src[s:e]
        if text.rstrip().endswith("?") or len(text.split()) < min_words:
            continue
        stems = content_stems(text)
        if len(stems) < 3:
            continue
        out.append(Statement(article.name, s, e, text, stems, i))
    return out


def _vectors(stmts: list[Statement]) -> list[dict[str, float]]:
    df: dict[str, int] = {}
    for st in stmts:
        for w in set(st.stems):
            df[w] = df.get(w, 0) + 1
    n = max(1, len(stmts))
    vecs = []
    for st in stmts:
        v: dict[str, float] = {}
        for w in st.stems:
            v[w] = v.get(w, 0.0) + math.log(1 + n / df[w])
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return vecs


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def build_coverage(articles: list[Article], roots: dict[str, str] | None = None,
                   quote_groups: list[dict[str, Any]] | None = None, *, threshold: float = 0.35,
                   link_threshold: float = 0.25) -> dict[str, Any]:
    """Facts x outlets for one story (see the module doc)."""
    roots = roots or {}
    outlet_of = {a.name: (a.outlet or a.name) for a in articles}
    stmts = [st for a in articles for st in statements(a)]
    n = len(stmts)
    vecs = _vectors(stmts)
    vocab: dict[str, int] = {}
    for v in vecs:
        for w in v:
            vocab.setdefault(w, len(vocab))
    mat = np.zeros((n, max(1, len(vocab))), dtype=np.float32)
    for i, v in enumerate(vecs):
        for w, x in v.items():
            mat[i, vocab[w]] = x
    sim = mat @ mat.T
    docs_arr = np.array([hash(st.doc) for st in stmts])
    same_doc = docs_arr[:, None] == docs_arr[None, :]
    sim[same_doc] = 0.0
    # quote groups tie the sentences around their members together
    starts_by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for k, st in enumerate(stmts):
        starts_by_doc.setdefault(st.doc, []).append((st.start, st.end, k))
    for g in quote_groups or []:
        idx = []
        for m in g.get("members", []):
            for s0, s1, k in starts_by_doc.get(m["doc"], []):
                if s0 <= m["start"] < s1:
                    idx.append(k)
                    break
        for x in idx:
            for y in idx:
                if x != y and stmts[x].doc != stmts[y].doc:
                    sim[x, y] = 1.0
    ii, jj = np.nonzero(np.triu(sim >= threshold, 1))
    order = np.lexsort((jj, ii, -sim[ii, jj]))
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    failed: set[tuple[int, int, int, int]] = set()
    for k in order:
        i, j = int(ii[k]), int(jj[k])
        ci, cj = cluster[i], cluster[j]
        if ci == cj:
            continue
        a, b = members[ci], members[cj]
        key = (ci, cj, len(a), len(b))
        if key in failed:
            continue
        if sim[i, j] < 1.0:
            # average link across documents; the same document may appear on both sides
            block = sim[np.ix_(a, b)]
            cross = ~same_doc[np.ix_(a, b)]
            cnt = int(cross.sum())
            if cnt and float(block[cross].sum()) / cnt < link_threshold:
                failed.add(key)
                continue
        for y in b:
            cluster[y] = ci
        a.extend(members.pop(cj))

    def sims_get(x: int, y: int) -> float:
        return float(sim[x, y])

    facts: list[dict[str, Any]] = []
    for _cid, idx in members.items():
        idx.sort(key=lambda k: (stmts[k].doc, stmts[k].start))
        docs = sorted({stmts[k].doc for k in idx})
        # the fact's text: the statement closest to the others (or the earliest one)
        sub = sim[np.ix_(idx, idx)].sum(axis=1) if len(idx) > 1 else np.zeros(1)
        best = max(range(len(idx)), key=lambda t: (float(sub[t]), -stmts[idx[t]].position))
        best = idx[best]
        facts.append({
            "text": stmts[best].text,
            "docs": docs,
            "outlets": sorted({outlet_of[d] for d in docs}),
            "independent_sources": len({roots.get(d, d) for d in docs}),
            "evidence": [{"doc": stmts[k].doc, "start": stmts[k].start, "end": stmts[k].end} for k in idx],
            "_first": min((stmts[k].doc, stmts[k].position) for k in idx),
        })
    facts.sort(key=lambda f: (-f["independent_sources"], -len(f["docs"]), f["_first"]))
    for f in facts:
        del f["_first"]
    outlets = sorted({outlet_of[a.name] for a in articles})
    omitted: dict[str, list[int]] = {}
    for o in outlets:
        omitted[o] = [k for k, f in enumerate(facts) if f["independent_sources"] >= 2 and o not in f["outlets"]]
    only: dict[str, list[int]] = {o: [k for k, f in enumerate(facts) if f["outlets"] == [o]] for o in outlets}
    return {"facts": facts, "outlets": outlets, "omitted": omitted, "only": only}
