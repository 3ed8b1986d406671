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


def test_judged_pairs_count_joined_pairs_outside_the_pool_as_wrong(tmp_path):
    import json

    from storylens.evaluation.clustering import judged_pair_scores, load_judged_pairs

    path = tmp_path / "pairs.json"
    path.write_text(json.dumps({"pairs": [["a", "b", True, "one vote"], ["b", "c", False, "a follow-up"],
                                          ["d", "e", True, "one ruling"]]}), encoding="utf-8")
    judged = load_judged_pairs(path)
    # joined: a-b (judged one event), a-c and b-c (judged two, or not judged); d and e apart
    s = judged_pair_scores({"a": 1, "b": 1, "c": 1, "d": 2, "e": 3, "f": None}, judged)
    assert (s.joined, s.right, s.unjudged, s.gold) == (3, 1, 1, 2)
    assert s.precision == pytest.approx(1 / 3) and s.recall == pytest.approx(1 / 2)
    assert s.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_judged_pairs_file_must_exist(tmp_path):
    from storylens.errors import InputError
    from storylens.evaluation.clustering import load_judged_pairs

    with pytest.raises(InputError):
        load_judged_pairs(tmp_path / "absent.json")
