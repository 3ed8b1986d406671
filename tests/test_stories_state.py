"""The story index state: flat arrays round-trip exactly.

A loaded index must continue exactly as the index kept in memory would: the
inverted indexes (sampled shingles of the copy detector, time-bucketed terms
of the clusterer) and the clusterer's IDF cache are saved, not rebuilt.
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from pathlib import Path

import numpy as np
import pytest

from storylens.errors import LinkError
from storylens.index.arrays import ragged_gather
from storylens.index.copies import MAX_POSTINGS, SamplePostings
from storylens.index.journal import IndexRecords
from storylens.index.rows import Ragged
from storylens.index.state import STATE_VERSION, pack_arrays, unpack_arrays
from storylens.index.stories import StoryIndex
from storylens.index.termindex import TermPostings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import synthetic_corpus  # noqa: E402


def _snapshot(idx: StoryIndex):
    return ({n: l.to_json() for n, l in idx.links().items()}, idx.stories(), idx.story_links())


def test_save_load_between_batches_equals_in_memory():
    """Synthetic corpus with reprints, added in batches; one index is saved
    and reloaded after every batch: links, stories and story links are
    identical to the index that stayed in memory."""
    arts = synthetic_corpus(480, seed=5)
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    mem, disk = StoryIndex(), StoryIndex()
    for s in range(0, len(arts), 80):
        mem.add_many(arts[s : s + 80])
        disk.add_many(arts[s : s + 80])
        blob = disk.to_state()
        disk = StoryIndex.from_state(blob)
        assert _arrays(disk.to_state()) == _arrays(blob)  # re-saving a loaded index changes nothing
    # single adds after loading (no refinement) too
    extra = synthetic_corpus(500, seed=6)[-20:]
    for a in extra:
        a.published = arts[-1].published
        assert mem.add(a).to_json() == disk.add(a).to_json()
        disk = StoryIndex.from_state(disk.to_state())
    assert _snapshot(disk) == _snapshot(mem)
    rel = {l["relation"] for l in _snapshot(mem)[0].values()}
    assert {"original", "syndicated"} <= rel  # copies were exercised


def _arrays(blob: bytes) -> dict:
    z = unpack_arrays(blob)
    out = {k: (v.dtype.str, v.shape, v.tobytes()) for k, v in z.items() if k != "meta"}
    out["meta"] = json.loads(zlib.decompress(z["meta"]))
    return out


def test_ragged_round_trip_and_appends():
    rng = np.random.default_rng(0)
    rows = [rng.integers(0, 100, size=int(rng.integers(0, 6))).astype(np.int32) for _ in range(30)]
    r = Ragged(np.int32)
    for a in rows[:20]:
        r.append(a)
    vals, offs = r.csr()
    back = Ragged(np.int32, vals.copy(), offs.copy())
    for a in rows[20:]:
        back.append(a)
    back[3] = np.array([7, 8], dtype=np.int32)  # replace a loaded row
    back[25] = np.array([9], dtype=np.int32)  # and an appended one
    want = rows[:3] + [np.array([7, 8])] + rows[4:25] + [np.array([9])] + rows[26:]
    assert len(back) == 30 and [x.tolist() for x in back] == [x.tolist() for x in want]
    assert back[-1].tolist() == want[-1].tolist()
    v2, o2 = back.csr()
    assert [x.tolist() for x in Ragged(np.int32, v2, o2)] == [x.tolist() for x in want]
    with pytest.raises(IndexError):
        back[30]
    with pytest.raises(ValueError):
        Ragged(np.int32, np.zeros(3, np.int32), np.array([0, 5]))


def test_ragged_gather_reorders_rows():
    vals, offs = np.arange(10), np.array([0, 3, 3, 7, 10])
    v, o = ragged_gather(vals, offs, np.array([3, 0, 1]))
    assert v.tolist() == [7, 8, 9, 0, 1, 2] and o.tolist() == [0, 3, 6, 6]


def test_term_postings_match_a_dict_across_saves():
    rng = np.random.default_rng(1)
    ref: dict = {}
    p = TermPostings()
    for step in range(3):
        for doc in range(step * 200, step * 200 + 200):
            for _ in range(5):
                key = (int(rng.integers(0, 40)), None if rng.random() < 0.3 else int(rng.integers(-3, 3)))
                if rng.random() < 0.05:
                    key = (key[0], -(10**9))  # the no-date bucket
                p.append(key, doc)
                ref.setdefault(key, array("i")).append(doc)
        p = TermPostings(*(a.copy() for a in p.csr()))
    for key, lst in ref.items():
        assert np.frombuffer(p.get(key), dtype=np.int32).tolist() == lst.tolist()
    assert p.get((99, None)) is None and p.get((0, 12345)) is None


def test_sample_postings_match_the_in_memory_rules():
    """int for one doc, a list from two, capped at MAX_POSTINGS, across saves."""
    rng = np.random.default_rng(2)
    ref: dict = {}
    p = SamplePostings()
    hashes = [int(h) for h in rng.integers(0, 2**63, size=9, dtype=np.uint64)] + [2**64 - 8]
    for step in range(4):
        for doc in range(step * 60, step * 60 + 60):
            for i in rng.choice(len(hashes), size=4, replace=False).tolist():
                h = hashes[i]
                p.add(h, doc)
                q = ref.get(h)
                if q is None:
                    ref[h] = doc
                elif isinstance(q, int):
                    ref[h] = [q, doc]
                elif len(q) < MAX_POSTINGS:
                    q.append(doc)
        if step < 2:  # a doc alone under a hash (kept as an int), joined by a second one after a load
            p.add(777 + step, step)
            ref[777 + step] = step
        elif step == 2:
            p.add(777, 5)
            ref[777] = [0, 5]
        p = SamplePostings(*(a.copy() for a in p.csr()))
    assert p.get(778) == 1 and p.get(777) == [0, 5]
    assert any(isinstance(v, list) and len(v) == MAX_POSTINGS for v in ref.values())
    for h, v in ref.items():
        assert p.get(h) == v
    assert p.get(12345) is None


def _blob_with(meta_update: dict | None = None, drop: str | None = None) -> bytes:
    idx = StoryIndex()
    idx.add_many(synthetic_corpus(6, seed=7))
    z = unpack_arrays(idx.to_state())
    arrays = {k: v for k, v in z.items() if k != drop}
    meta = json.loads(zlib.decompress(z["meta"]))
    meta.update(meta_update or {})
    arrays["meta"] = np.frombuffer(zlib.compress(json.dumps(meta).encode()), dtype=np.uint8)
    return pack_arrays(arrays)


@pytest.mark.parametrize("blob", [
    pytest.param(lambda: _blob_with({"version": STATE_VERSION - 1}), id="older-version"),
    pytest.param(lambda: _blob_with(drop="cl_post_codes"), id="missing-array"),
    pytest.param(lambda: _blob_with(drop="cp_text_offs"), id="missing-text-offsets"),
    pytest.param(lambda: _blob_with()[:-100], id="truncated"),
    pytest.param(lambda: b"PK\x03\x04" + bytes(100), id="an-npz-of-version-2-or-junk"),
])
def test_damaged_or_other_version_state_raises_link_error(blob):
    assert StoryIndex.from_state(_blob_with()).links()  # the untouched one loads
    with pytest.raises(LinkError):
        StoryIndex.from_state(blob())


@pytest.mark.parametrize("state", ["previous version", "junk"])
def test_link_store_rebuilds_from_a_state_of_the_previous_version(tmp_path, state):
    """A story-index state the running storylens cannot read (an older
    version, or damage) is rebuilt from the stored articles, not a crash."""
    from test_store import _doc

    from storylens.index.linker import STATE_KEY, link_store
    from storylens.store import Store

    s = Store(tmp_path / "x.db")
    for name, text in (("a", "Harbour board votes for night shifts at Portsalve terminal."),
                       ("b", "Frost damages the apple blossom in the Lindvel valley.")):
        raw, art = _doc(name, text, origin=f"{name}.txt")
        s.save_document(raw, art, {})
    assert link_store(s) == 2
    first = {n: l.story for n, l in s.links().items()}
    IndexRecords(s).save_all([(a.id, l) for a in s.articles() for n, l in s.links().items() if n == a.name],
                 s.stories(), {STATE_KEY: _blob_with({"version": STATE_VERSION - 1}) if state == "previous version"
                               else b"state written by some other version"})
    raw, art = _doc("c", "Harbour board votes again on night shifts at Portsalve terminal.", origin="c.txt")
    s.save_document(raw, art, {})
    assert link_store(s) == 3  # rebuilt: every article added again
    assert {n: s.links()[n].story for n in first} == first
    assert StoryIndex.from_state(s.state_buffer(STATE_KEY)).links().keys() == {"a", "b", "c"}


def test_pack_arrays_round_trip():
    arrays = {"a": np.arange(5, dtype=np.int32), "b": np.zeros((3, 2), dtype=np.float64),
              "c": np.frombuffer(b"xyz", dtype=np.uint8), "empty": np.zeros(0, dtype=np.uint64),
              "flag": np.array([True, False]), "strided": np.arange(10, dtype=np.int64)[::2]}
    back = unpack_arrays(pack_arrays(arrays))
    assert list(back) == list(arrays)
    for k, v in arrays.items():
        assert back[k].dtype == v.dtype and back[k].shape == v.shape and np.array_equal(back[k], v)
