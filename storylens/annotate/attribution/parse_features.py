"""Dependency-parse features for speaker candidates (:mod:`.reranker`).

The token features of :func:`.reranker.candidates` cannot tell the subject of
the speech verb that governs a quotation from a name that merely sits near it
(``Pence said his running mate Donald Trump’s tweet was only “to mock” …``,
``footage of Hillary Clinton asking, “…”``). On a parse of the quotation's
sentence they can: the path from each candidate to the quotation is what
tells them apart.

For each candidate, its head word is found in the parse and climbed over
``conj``/``appos``/``compound`` links to its grammatical role. The features
are that role; whether the role's head is on the chain of ancestors of the
quotation (and how far up); the labels on the way up from the candidate to
the lowest common ancestor with the quotation, combined with what that
ancestor is (a cue verb, another verb, a noun) and how far the quotation
lies below it; the tree distance; and which candidate is closest.

The parse is only asked for when the parse-free scores leave the choice open
(:meth:`QuoteFinder._rerank`), about one quotation in ten.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .cues import BROAD_CUES, CUE_FORMS
from .reranker import Candidate

__all__ = ["parse_features"]

_CLIMB = ("conj", "appos", "compound")


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n <= 1 else "2" if n <= 2 else "3-4" if n <= 4 else "5+"


def _head_of(doc: Any, s: int, e: int) -> Any:
    """The word of ``s..e`` (offsets in ``doc``) whose head lies outside it."""
    toks = [t for t in doc if s <= t.idx < e]
    if not toks:
        return None
    ids = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in ids or t.head is t), toks[-1])


def _is_cue(t: Any) -> bool:
    return t.lower_ in CUE_FORMS or t.lower_ in BROAD_CUES


def _quote_ancestors(doc: Any, qs: int, qe: int) -> list[Any]:
    """The word governing the quotation ``qs..qe`` and its ancestors, nearest first."""
    inside = [t for t in doc if qs <= t.idx < qe]
    if not inside:
        return []
    roots = [t for t in inside if not (qs <= t.head.idx < qe) or t.head is t]
    gov = next((r.head for r in roots if r.head is not r and not (qs <= r.head.idx < qe)), None)
    if gov is None:
        gov = roots[0] if roots else inside[0]
    chain = [gov]
    while chain[-1].head is not chain[-1] and len(chain) < 12:
        chain.append(chain[-1].head)
    return chain


def parse_features(doc: Any, base: int, quote: tuple[int, int], cands: Sequence[Candidate]) -> None:
    """Add parse features (names starting ``p``) to ``cands`` in place.

    ``doc`` is the spaCy parse of the text starting at offset ``base``;
    ``quote`` and the candidates' mentions are in source offsets.
    """
    qs, qe = quote[0] - base, quote[1] - base
    anc = _quote_ancestors(doc, qs, qe)
    depth = {t.i: k for k, t in enumerate(anc)}
    verb = next((t for t in anc if t.tag_.startswith(("VB", "MD"))), None)
    cue = next((t for t in anc if t.lower_ in CUE_FORMS), None)
    cues = [t for t in anc if t.lower_ in CUE_FORMS]
    dists: dict[int, int] = {}
    for n, c in enumerate(cands):
        m = c.mention
        h = _head_of(doc, m.start - base, m.end - base)
        if h is None:
            c.add("p_out")
            continue
        if qs <= h.idx < qe:
            c.add("p_in_quote")
            continue
        c.add(f"pdep_{h.dep_}")
        x = h
        while x.dep_ in _CLIMB and x.head is not x:
            x = x.head
        role, hh = x.dep_, x.head
        if role != h.dep_:
            c.add(f"prole_{role}")
        if hh.i in depth:
            c.add("p_child_of_anc")
            c.add(f"p_anc{min(depth[hh.i], 3)}_{role}")
            if hh is verb:
                c.add(f"p_gv_{role}")
            if hh is cue:
                c.add(f"p_gcue_{role}")
        if _is_cue(hh):
            c.add(f"p_headcue_{role}")
        if hh.dep_ == "relcl" or h.dep_ == "relcl":
            c.add("p_relcl")
        if h.i in depth:
            c.add("p_dominates")
        if not anc:
            continue
        ups: list[str] = []
        y = x
        while y.i not in depth and y.head is not y and len(ups) < 6:
            ups.append(y.dep_)
            y = y.head
        if y.i in depth:
            down = min(depth[y.i], 4)
            up = ">".join(ups) if len(ups) <= 3 else "long"
            lca = "cue" if _is_cue(y) else "v" if y.tag_.startswith(("VB", "MD")) else \
                "n" if y.tag_.startswith(("NN", "PRP")) else "o"
            c.add(f"pp_up_{up}")
            c.add(f"pp_up_{up}&lca_{lca}")
            c.add(f"pp_down_{down}&lca_{lca}")
            c.add(f"pp_up_{up}&down_{down}")
            if y in cues:
                c.add(f"pp_cue_rank_{min(cues.index(y), 2)}&up_{up}")
        # tree distance from the candidate to the quotation's governor
        up_from = {t.i: k for k, t in enumerate([h, *h.ancestors])}
        d = next((k + up_from[t.i] for k, t in enumerate(anc) if t.i in up_from), None)
        if d is not None:
            dists[n] = d
            c.add(f"p_tdist_{_bucket(d)}")
    if dists:
        nearest = min(dists.values())
        for n, d in dists.items():
            if d == nearest:
                cands[n].add("p_closest")
