"""Copies on the cluster, equal to :class:`~storylens.index.copies.CopyIndex`
adding the articles in the same order.

1. :func:`bucket_pairs` (per shuffle bucket): the keys of every window that
   fall in the bucket, grouped. Articles with the same normalised text give
   an *exact* pair with the first of them; articles sharing an LSH band key
   give a *band* pair; a sampled shingle gives a pair between each of the
   first 64 articles that have it (``MAX_POSTINGS``, as the index keeps
   them) and every later article that has it. Each pair ``(k, j)`` has
   ``k`` before ``j``; pairs go to the window of ``j``.
2. :func:`verify_window` (per window): an article's candidates are its band
   pairs and the articles it shares 2+ sampled shingles with, met in the
   index's order (sampled shingles ascending, then band pairs ascending);
   each is verified on the signatures and shingle sets as the index does
   (estimated Jaccard, containment with and without quotations) and the
   best scoring copy (first met on a tie) is the article's match; an exact
   pair wins outright.
3. The client joins each article to its match (connected components of a
   forest: each copy points at an earlier article) and
   :func:`replay_groups` (per batch of groups of two or more) adds each
   group's members to a fresh ``CopyIndex`` in order, which gives the
   group's original and each member's relation, similarity and evidence
   exactly as the whole-corpus index states them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ..index.copies import MAX_POSTINGS, CopyIndex
from ..models import Article
from .features import copy_params, shingle_sets
from .parts import load_arrays, rows_by_rank, save_arrays, write_table

__all__ = ["bucket_pairs", "verify_window", "replay_groups", "run_pairs", "REL_SCHEMA"]

_I64, _U64 = np.int64, np.uint64
_CAND = {"ex_key": _I64, "ex_g": _I64, "bd_key": _U64, "bd_g": _I64, "sp_key": _U64, "sp_g": _I64}
_PAIRS = {"ex_k": _I64, "ex_j": _I64, "bd_k": _I64, "bd_j": _I64, "sp_k": _I64, "sp_j": _I64, "sp_h": _U64}


def run_pairs(keys: np.ndarray, g: np.ndarray, first: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair ``(g[a], g[b])``, ``a`` before ``b``, among entries with
    equal key (sorted by key then ``g``); with ``first``, only the first
    ``first`` entries of a key pair with the later ones. Returns the two
    sides and the key of each pair."""
    if len(keys) < 2:
        return np.zeros(0, _I64), np.zeros(0, _I64), keys[:0]
    order = np.lexsort((g, keys))
    keys, g = keys[order], g[order]
    new = np.r_[True, keys[1:] != keys[:-1]]
    starts = np.flatnonzero(new)
    lens = np.diff(np.r_[starts, len(keys)])
    run_start = np.repeat(starts, lens)
    pos = np.arange(len(keys)) - run_start
    after = np.repeat(lens, lens) - 1 - pos
    if first is not None:
        after = np.where(pos < first, after, 0)
    total = int(after.sum())
    if not total:
        return np.zeros(0, _I64), np.zeros(0, _I64), keys[:0]
    a = np.repeat(np.arange(len(keys)), after)
    within = np.arange(total) - np.repeat(np.cumsum(after) - after, after)
    b = a + 1 + within
    return g[a], g[b], keys[a]


def bucket_pairs(root: str, b: int, windows: int) -> int:
    """The candidate pairs of shuffle bucket ``b``, written per window of
    their later article to ``tmp/pairs/<w>/<b>.npz``."""
    base = Path(root)
    z = load_arrays([base / "tmp" / "cand" / str(b) / f"{w}.npz" for w in range(windows)], list(_CAND), _CAND)
    # exact: every later article with the same text pairs with the first one
    ek, eg = z["ex_key"], z["ex_g"]
    order = np.lexsort((eg, ek))
    ek, eg = ek[order], eg[order]
    first_idx = np.maximum.accumulate(np.where(np.r_[True, ek[1:] != ek[:-1]], np.arange(len(ek)), 0))
    rest = np.arange(len(ek)) != first_idx
    ex_k, ex_j = eg[first_idx][rest], eg[rest]
    bd_k, bd_j, _ = run_pairs(z["bd_key"], z["bd_g"])
    if len(bd_k):
        uniq = np.unique(np.stack([bd_k, bd_j], axis=1), axis=0)
        bd_k, bd_j = uniq[:, 0], uniq[:, 1]
    sp_k, sp_j, sp_h = run_pairs(z["sp_key"], z["sp_g"], first=MAX_POSTINGS)
    n = 0
    for w in range(windows):
        mx, mb, ms = (ex_j >> 32) == w, (bd_j >> 32) == w, (sp_j >> 32) == w
        save_arrays(base / "tmp" / "pairs" / str(w) / f"{b}.npz", ex_k=ex_k[mx], ex_j=ex_j[mx], bd_k=bd_k[mb],
                    bd_j=bd_j[mb], sp_k=sp_k[ms], sp_j=sp_j[ms], sp_h=sp_h[ms])
        n += int(mx.sum() + mb.sum() + ms.sum())
    return n


def _candidates(z: dict[str, np.ndarray]) -> dict[int, list[int]]:
    """Each article's candidates in the order the index meets them."""
    sk, sj, sh = z["sp_k"], z["sp_j"], z["sp_h"]
    order = np.lexsort((sh, sk, sj))
    sk, sj, sh = sk[order], sj[order], sh[order]
    new = np.r_[True, (sk[1:] != sk[:-1]) | (sj[1:] != sj[:-1])] if len(sk) else np.zeros(0, bool)
    starts = np.flatnonzero(new)
    count = np.diff(np.r_[starts, len(sk)])
    met: dict[tuple[int, int], tuple[int, int]] = {}  # (j, k) -> (count, first sampled shingle)
    for j, k, c, h in zip(sj[starts].tolist(), sk[starts].tolist(), count.tolist(), sh[starts].tolist(), strict=True):
        met[(j, k)] = (c, h)
    band = set(zip(z["bd_j"].tolist(), z["bd_k"].tolist(), strict=True))
    by_j: dict[int, list[tuple[int, int, int]]] = {}
    for (j, k), (c, h) in met.items():
        if c >= 2 or (j, k) in band:
            by_j.setdefault(j, []).append((0, h, k))
    for j, k in band:
        if (j, k) not in met:
            by_j.setdefault(j, []).append((1, 0, k))
    return {j: [k for _, _, k in sorted(v)] for j, v in by_j.items()}


class _Docs:
    """Signatures and shingle sets of ranked articles, read once each."""

    def __init__(self, root: str, ranks: set[int]) -> None:
        t = rows_by_rank(root, np.fromiter(ranks, _I64, len(ranks)), ["sig", "article"])
        self.sig = {g: np.frombuffer(s, dtype=np.uint32) for g, s in
                    zip(t.column("g").to_pylist(), t.column("sig").to_pylist(), strict=True)}
        self._body = {g: json.loads(a).get("body") or "" for g, a in
                      zip(t.column("g").to_pylist(), t.column("article").to_pylist(), strict=True)}
        self._sets: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def sets(self, g: int) -> tuple[np.ndarray, np.ndarray]:
        s = self._sets.get(g)
        if s is None:
            s = self._sets[g] = shingle_sets(self._body[g])
        return s


def _score(docs: _Docs, j: int, k: int) -> float | None:
    """The copy score of ``j`` against ``k`` (None when not a copy), as the index computes it."""
    p = copy_params()
    jac = float(np.mean(docs.sig[j] == docs.sig[k]))
    out = []
    for a, b in zip(docs.sets(j), docs.sets(k), strict=True):
        if not len(a) or not len(b):
            out.append((0.0, 0))
            continue
        inter = int(np.intersect1d(a, b, assume_unique=True).size)
        out.append((inter / min(len(a), len(b)), inter))
    cont_all, (cont, inter) = out[0][0], out[1]
    if not (jac >= p.near_jaccard or (cont >= p.containment and inter >= p.min_shared)
            or (cont_all >= 0.8 and inter >= 10)):
        return None
    return max(jac, cont, cont_all)


def verify_window(root: str, w: int, buckets: int) -> dict[str, list[int]]:
    """The match of every article of window ``w`` that copies an earlier one:
    ``{"j": [...], "k": [...]}`` (ranks)."""
    base = Path(root)
    z = load_arrays([base / "tmp" / "pairs" / str(w) / f"{b}.npz" for b in range(buckets)], list(_PAIRS), _PAIRS)
    exact = dict(zip(z["ex_j"].tolist(), z["ex_k"].tolist(), strict=True))
    cands = {j: ks for j, ks in _candidates(z).items() if j not in exact}
    need = set(cands) | {k for ks in cands.values() for k in ks}
    docs = _Docs(root, need) if need else None
    match = dict(exact)
    for j, ks in cands.items():
        best: tuple[float, int] | None = None
        for k in ks:
            sc = _score(docs, j, k) if docs is not None else None
            if sc is not None and (best is None or sc > best[0]):
                best = (sc, k)
        if best is not None:
            match[j] = best[1]
    js = sorted(match)
    return {"j": js, "k": [match[j] for j in js]}


def replay_groups(root: str, groups: list[list[int]], batch: int) -> int:
    """Each group's members (ranks, in order) added to a fresh ``CopyIndex``;
    their relations written per window of the member to
    ``tmp/copyrel/<w>/<batch>.parquet`` (g, relation, duplicate_of,
    similarity, evidence)."""
    cols: dict[str, list[Any]] = {"g": [], "relation": [], "duplicate_of": [], "similarity": [], "evidence": []}
    ranks = np.array(sorted({g for grp in groups for g in grp}), dtype=_I64)
    t = rows_by_rank(root, ranks, ["article"])
    arts = {g: Article.from_dict(json.loads(a)) for g, a in
            zip(t.column("g").to_pylist(), t.column("article").to_pylist(), strict=True)}
    for grp in groups:
        idx = CopyIndex()
        keys = [idx.add(arts[g]) for g in grp]
        for g, key in zip(grp, keys, strict=True):
            m = idx.match(key)
            for c, v in zip(cols, (g, m.relation, m.duplicate_of, m.similarity, m.evidence), strict=True):
                cols[c].append(v)
    table = pa.table(cols, schema=REL_SCHEMA)
    w_of = np.asarray(cols["g"], dtype=_I64) >> 32
    for w in np.unique(w_of).tolist():
        write_table(Path(root) / "tmp" / "copyrel" / str(w) / f"{batch}.parquet", table.filter(pa.array(w_of == w)))
    return len(cols["g"])


REL_SCHEMA = pa.schema([("g", pa.int64()), ("relation", pa.string()), ("duplicate_of", pa.string()),
                        ("similarity", pa.float64()), ("evidence", pa.string())])
