"""Sparse similarity between the statements of a story.

Each statement is a unit vector of its terms weighted by inverse statement
frequency within the story. :func:`neighbours` finds, for every statement,
its most similar statements of *other* articles through an inverted index:
only terms held by at most ``max_df`` statements propose candidates (a word
that half the story uses says nothing about which sentences match), each
statement keeps its ``top_k`` best candidates, and only those pairs get an
exact cosine. Work and memory are linear in the number of statements times
``top_k`` and ``max_df``: no n x n matrix is ever built.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence

__all__ = ["idf_weights", "unit_vectors", "cosine", "neighbours"]


def idf_weights(term_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Term -> log(1 + n / df) over the statements' term sets."""
    df: dict[str, int] = defaultdict(int)
    for ts in term_sets:
        for t in ts:
            df[t] += 1
    n = max(1, len(term_sets))
    return {t: math.log(1 + n / k) for t, k in df.items()}


def unit_vectors(term_sets: Sequence[frozenset[str]], idf: dict[str, float]) -> list[dict[str, float]]:
    out = []
    for ts in term_sets:
        order = sorted(ts)  # sums in one order whatever the string hashes: a rerun gives the same floats
        norm = math.sqrt(sum(idf[t] ** 2 for t in order)) or 1.0
        out.append({t: idf[t] / norm for t in order})
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def neighbours(vecs: Sequence[dict[str, float]], groups: Sequence[int], *, min_sim: float = 0.15,
               top_k: int = 20, max_df: int | None = None) -> dict[tuple[int, int], float]:
    """``(i, j) -> cosine`` (``i < j``) for pairs of statements of different
    groups (articles) that are among each other's ``top_k`` candidates and
    reach ``min_sim`` (see the module doc). ``max_df`` defaults to
    ``max(30, 4 * sqrt(n))``."""
    n = len(vecs)
    if n < 2 or len(set(groups)) < 2:
        return {}
    cap = max_df if max_df is not None else max(30, int(4 * math.sqrt(n)))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vecs):
        for t in v:
            postings[t].append(i)
    postings = {t: p for t, p in postings.items() if 1 < len(p) <= cap}
    pairs: dict[tuple[int, int], float] = {}
    for i, v in enumerate(vecs):
        acc: dict[int, float] = defaultdict(float)
        gi = groups[i]
        for t, x in v.items():
            for j in postings.get(t, ()):
                if groups[j] != gi:
                    acc[j] += x * vecs[j][t]
        if not acc:
            continue
        best = heapq.nlargest(top_k, acc.items(), key=lambda kv: kv[1]) if len(acc) > top_k else acc.items()
        for j, _ in best:
            key = (i, j) if i < j else (j, i)
            if key in pairs:
                continue
            s = cosine(v, vecs[j])
            if s >= min_sim:
                pairs[key] = s
    return pairs
