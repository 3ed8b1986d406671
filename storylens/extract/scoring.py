"""Main-text extraction scoring: precision/recall/F1 over word 4-shingles.

The metric of the article-extraction-benchmark (scrapinghub): texts are
tokenised into ``\\w+`` tokens, compared as multisets of 4-token shingles; each
page's TP/FP/FN counts are normalised to sum to one; precision is averaged
over pages with a prediction, recall over pages with a gold text, and F1 is the
harmonic mean of the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import mean

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_counts(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    t, p = _shingles(true, n), _shingles(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def aggregate(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Benchmark precision, recall and F1 from per-page counts."""
    p = mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    r = mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}
