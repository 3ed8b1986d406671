"""The copy detector's lazily loaded state and its overlay (delta) state.

A state is loaded as read-only arrays (as from a memory-mapped file); the
overlay saved after adding articles, restored over the same base, must give
an index that behaves exactly like the one that added them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import storylens.index.minhash as minhash
from storylens.errors import LinkError
from storylens.index.copies import CopyIndex
from storylens.index.minhash import BandIndex, MinHashIndex, band_keys
from storylens.index.state import pack_arrays, unpack_arrays

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import synthetic_corpus  # noqa: E402


def _frozen(meta: dict, arrays: dict) -> tuple[dict, dict]:
    """``(meta, arrays)`` as a saved state gives them back: JSON meta,
    read-only views of one blob."""
    return json.loads(json.dumps(meta)), unpack_arrays(pack_arrays(arrays))


def _same_arrays(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for k in a:
        assert a[k].dtype == b[k].dtype and a[k].shape == b[k].shape and a[k].tobytes() == b[k].tobytes(), k


def _view(cp: CopyIndex) -> list:
    """Everything a reader sees: each document's copy status and group, and
    the groups."""
    return [(d.name, d.match, d.group, cp.groups[d.group], cp.root(k), cp.by_name[d.name])
            for k, d in enumerate(cp.docs)]


def _reprint(a, name: str, days: int, cut: float = 1.0):
    """A reprint of article ``a`` by another outlet, ``days`` after it
    (earlier when negative), its first ``cut`` of paragraphs."""
    paras = a.body.split("\n\n")
    body = "\n\n".join(paras[: max(2, int(len(paras) * cut))])
    day = dt.date.fromisoformat(a.published) + dt.timedelta(days=days)
    return dataclasses.replace(a, id=name, name=name, body=body, source=body, published=day.isoformat(),
                               outlet="reprinter")


@pytest.fixture(scope="module")
def corpus():
    """420 articles by date; among the last 120, reprints of the first 300
    (some dated earlier than their original: the copy group of a loaded
    article gets a new original)."""
    arts = synthetic_corpus(420, seed=9)
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    extra = [_reprint(arts[i], f"re{i}", days, cut) for i, days, cut in
             ((10, -1, 1.0), (40, 2, 0.6), (60, -2, 0.7), (10, 3, 0.5), (40, -3, 1.0))]
    return arts[:300] + extra[:3] + arts[300:350] + extra[3:] + arts[350:]


def test_overlay_restores_an_index_that_continues_identically(corpus):
    base_arts, batch1, batch2, batch3 = corpus[:300], corpus[300:353], corpus[353:395], corpus[395:]
    ref = CopyIndex()
    for a in base_arts:
        ref.add(a)
    base = _frozen(*ref.state())
    for a in batch1:
        ref.add(a)

    x = CopyIndex.from_state(*base)
    for a in batch1:
        x.add(a)
    assert _view(x) == _view(ref)
    d1 = _frozen(*x.overlay_state())
    y = CopyIndex.from_state(*base)
    y.load_overlay(*d1)
    assert _view(y) == _view(x)
    assert x.docs._changed and y.docs._changed == x.docs._changed  # loaded docs changed copy status
    _same_arrays(y.state()[1], x.state()[1])

    for a in batch2:  # both go on alike
        assert x.add(a) == y.add(a) == ref.add(a)
    assert _view(x) == _view(y) == _view(ref)
    _same_arrays(x.state()[1], y.state()[1])
    _same_arrays(x.state()[1], ref.state()[1])

    # cumulative: the overlay saved now covers batch1 + batch2
    d2 = _frozen(*x.overlay_state())
    z = CopyIndex.from_state(*base)
    z.load_overlay(*d2)
    for a in batch3:
        assert x.add(a) == z.add(a) == ref.add(a)
    assert _view(z) == _view(x) == _view(ref)
    _same_arrays(z.state()[1], ref.state()[1])
    rel = {d.match.relation for d in ref.docs}
    assert {"original", "syndicated"} <= rel  # copies were exercised


def test_overlay_is_small_and_leaves_the_base_untouched(corpus):
    ref = CopyIndex()
    for a in corpus[:300]:
        ref.add(a)
    meta, arrays = _frozen(*ref.state())
    before = {k: v.copy() for k, v in arrays.items()}
    x = CopyIndex.from_state(meta, arrays)
    assert not x.docs._loaded  # nothing read at load
    for a in corpus[300:310]:
        x.add(a)
    _same_arrays(arrays, before)  # read-only views: a write would have raised
    om, oa = x.overlay_state()
    assert om["base"] == 300 and om["docs"] == 310
    assert sum(v.nbytes for v in oa.values()) < sum(v.nbytes for v in arrays.values()) / 10


def test_an_older_or_mismatched_state_raises_link_error(corpus):
    ref = CopyIndex()
    for a in corpus[:40]:
        ref.add(a)
    meta, arrays = _frozen(*ref.state())
    old_meta = {"options": meta["options"], "names": [d.name for d in ref.docs]}  # state version 3
    old_arrays = {k: v for k, v in arrays.items() if not k.startswith("mh_")}
    old_arrays["sig"] = np.zeros(10, np.uint8)
    with pytest.raises(LinkError):
        CopyIndex.from_state(old_meta, old_arrays)
    with pytest.raises(LinkError):
        CopyIndex.from_state({**meta, "docs": 41}, arrays)
    x = CopyIndex.from_state(meta, arrays)
    x.add(corpus[50])
    om, oa = _frozen(*x.overlay_state())
    other = CopyIndex.from_state(*_frozen(*CopyIndex().state()))
    with pytest.raises(LinkError):
        other.load_overlay(om, oa)
    with pytest.raises(LinkError):
        CopyIndex.from_state(meta, arrays).load_overlay(om, {k: v for k, v in oa.items() if k != "mh_sig"})


def _brute_candidates(sigs: np.ndarray, num_bands: int) -> list[list[int]]:
    """For each signature, the earlier ones equal to it on at least one band."""
    n, perm = sigs.shape
    bands = sigs.reshape(n, num_bands, perm // num_bands)
    out = []
    for i in range(n):
        same = np.all(bands[:i] == bands[i], axis=2).any(axis=1)
        out.append(np.nonzero(same)[0].tolist())
    return out


def _near_copies(n: int, seed: int) -> np.ndarray:
    """Random signatures, many of them copies of an earlier one with some
    values changed (so that some bands agree and others do not)."""
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, 2**32, size=(n, 128), dtype=np.uint32)
    for i in range(1, n):
        if rng.random() < 0.5:
            j = int(rng.integers(0, i))
            keep = rng.random(128) < rng.uniform(0.3, 0.95)
            sigs[i] = np.where(keep, sigs[j], sigs[i])
    return sigs


@pytest.mark.parametrize("fold_min", [minhash.FOLD_MIN, 64])
def test_band_index_equals_brute_force_banding(monkeypatch, fold_min):
    monkeypatch.setattr(minhash, "FOLD_MIN", fold_min)
    sigs = _near_copies(600, seed=3)
    want = _brute_candidates(sigs, 32)
    codes = band_keys(sigs, 32)
    assert codes.shape == (600, 32)
    np.testing.assert_array_equal(band_keys(sigs[5:6], 32)[0], codes[5])
    idx = BandIndex()
    for i in range(400):
        assert idx.query(codes[i]) == want[i]
        idx.insert(codes[i], i)
    # saved and loaded as read-only arrays, then grown: same candidates
    loaded = BandIndex(*unpack_arrays(pack_arrays(dict(zip("abc", idx.csr())))).values())
    for i in range(400, 600):
        assert loaded.query(codes[i]) == want[i]
        loaded.insert(codes[i], i)
    assert sum(map(len, want)) > 300  # near copies were found


def test_minhash_overlay_and_state():
    rng = np.random.default_rng(1)
    sets = [rng.integers(0, 2**63, size=int(rng.integers(0, 60)), dtype=np.uint64) for _ in range(80)]
    sets += [np.concatenate([s[: len(s) * 3 // 4], rng.integers(0, 2**63, size=3, dtype=np.uint64)]) for s in sets[:40]]
    ref = MinHashIndex()
    got = [ref.query_add(s) for s in sets]
    assert any(found for _, found in got)
    assert all([k for k, _ in found] == sorted(k for k, _ in found) for _, found in got)
    base = MinHashIndex()
    for s in sets[:50]:
        base.query_add(s)
    arrays = unpack_arrays(pack_arrays(base.state()))
    x = MinHashIndex.from_state(arrays)
    assert [x.query_add(s) for s in sets[50:90]] == got[50:90]
    meta, over = x.overlay_state()
    y = MinHashIndex.from_state(arrays)
    y.load_overlay(json.loads(json.dumps(meta)), unpack_arrays(pack_arrays(over)))
    assert [y.query_add(s) for s in sets[90:]] == got[90:] == [x.query_add(s) for s in sets[90:]]
    _same_arrays(y.state(), ref.state())
    assert y.jaccard(3, 85) == ref.jaccard(3, 85)
