"""Pair precision/recall of a whole clustering (storylens.evaluation.clustering)."""

from __future__ import annotations

import pytest

from storylens.evaluation.clustering import cluster_pair_scores


def test_pairs_counted_over_predicted_and_gold_groups():
    pred = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3}
    gold = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}
    p, r, f, n = cluster_pair_scores(pred, gold)
    # predicted together: a-b (right), c-d (wrong); gold pairs: a-b, a-c, b-c
    assert n == 3
    assert p == pytest.approx(1 / 2)
    assert r == pytest.approx(1 / 3)
    assert f == pytest.approx(2 * (1 / 2) * (1 / 3) / (1 / 2 + 1 / 3))


def test_items_alone_in_both_weigh_nothing_and_missing_items_are_alone():
    gold = {"a": "x", "b": "x", **{f"s{i}": f"s{i}" for i in range(50)}}
    pred = {"a": 1, "b": 1, **{f"s{i}": 10 + i for i in range(50)}}
    assert cluster_pair_scores(pred, gold)[:3] == (1.0, 1.0, 1.0)
    del pred["b"]  # an item the clustering lost is in no group
    assert cluster_pair_scores(pred, gold)[:3] == (0.0, 0.0, 0.0)
