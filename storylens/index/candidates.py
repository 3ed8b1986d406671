"""The story clusterer's candidate search: the documents that share one of
a new document's most distinctive terms within its time window (see
:mod:`.clusters`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .clusters import StoryClusterer

__all__ = ["candidates", "NO_DATE_BUCKET"]

NO_DATE_BUCKET = -(10**9)


def candidates(self: StoryClusterer, ids: np.ndarray, qw: np.ndarray, day: float | None, exclude: int | None) -> list[int]:
    """Documents sharing one of the query's most distinctive terms (idf-weighted ``qw``)
    in the time window of ``day``, at most ``max_candidates``, the strongest first."""
    order = np.argsort(-qw)[: self.query_terms]
    qterms = ids[order].tolist()
    if day is None:
        buckets = None
    else:
        b0 = self.bucket(day)
        buckets = [b0 + d for d in range(-self.window_buckets, self.window_buckets + 1)] + [NO_DATE_BUCKET]
    cap = self.max_postings
    keys_, kw = [], []
    for t, wt in zip(qterms, qw[order].tolist(), strict=True):
        for b in [None] if buckets is None else buckets:
            keys_.append((t, b))
            kw.append(wt)
    parts, pw = [], []
    for lst, wt in zip(self.postings.get_many(keys_), kw, strict=True):
        if lst is None:
            continue
        # at most the newest ``cap`` (more are too common in this window to be
        # distinctive); sliced before the view is taken, so that no view of a
        # live list outlives this call (a profiler or debugger holding this
        # frame would then make the next append fail)
        arr = np.frombuffer(lst[-cap:], dtype=np.int32)
        parts.append(arr)
        pw.append((wt, len(arr)))
    if not parts:
        return []
    cat = np.concatenate(parts)
    wts = np.repeat(np.array([x for x, _ in pw], dtype=np.float32), [n for _, n in pw])
    uniq, inv = np.unique(cat, return_inverse=True)
    score = np.bincount(inv, weights=wts)
    if len(uniq) > self.max_candidates:
        top = np.argpartition(-score, self.max_candidates)[: self.max_candidates]
        top = top[np.lexsort((uniq[top], -score[top]))]
    else:
        top = np.lexsort((uniq, -score))
    cands = uniq[top].tolist()
    if exclude is not None:
        cands = [k for k in cands if k != exclude]
    return cands
