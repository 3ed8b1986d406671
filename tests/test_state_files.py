"""Base states in files beside the store, memory-mapped (storylens.store.statefiles)."""

from __future__ import annotations

import dataclasses
import mmap
import sys
from pathlib import Path

import pytest

import storylens.index.linker as link_run
from storylens.errors import StoreConflict
from storylens.index.journal import IndexRecords
from storylens.index.linker import StoryLinker, link_store
from storylens.index.stories import StoryIndex
from storylens.models import RawDocument
from storylens.store import Store
from storylens.store.statefiles import FILE_REF

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import synthetic_corpus  # noqa: E402


def _save(store, arts):
    for a in arts:
        raw = RawDocument(name=a.name, origin=f"{a.name}.txt", format="text", content=a.body or "")
        store.save_document(raw, dataclasses.replace(a, id=raw.id), {})


@pytest.fixture(scope="module")
def arts():
    return synthetic_corpus(90, seed=21)


def _files(path: Path) -> list[str]:
    d = Path(str(path) + ".index")
    return sorted(p.name for p in d.iterdir()) if d.is_dir() else []


def test_base_state_is_a_mapped_file_and_old_bases_are_removed(tmp_path, arts, monkeypatch):
    path = tmp_path / "s.db"
    store = Store(path)
    _save(store, arts[:60])
    link_store(store)
    ref = store.state(link_run.STATE_KEY)
    assert ref.startswith(FILE_REF)  # the row holds a reference, not the state
    assert _files(path) == [f"{IndexRecords(store).base()}.state"]
    buf = store.state_buffer(link_run.STATE_KEY)
    assert isinstance(buf, mmap.mmap)
    assert StoryIndex.from_state(buf).links().keys() == {a.name for a in arts[:60]}
    monkeypatch.setattr(link_run, "COMPACT_MIN", 0)
    monkeypatch.setattr(link_run, "COMPACT_RATIO", 10**9)
    _save(store, arts[60:70])
    linker = StoryLinker()
    link_store(store, linker)
    assert linker.last["mode"] == "compact"
    assert _files(path) == [f"{IndexRecords(store).base()}.state"]  # the old base's file is gone
    assert store.state(link_run.STATE_KEY) != ref


def test_a_missing_state_file_rebuilds_the_index(tmp_path, arts):
    path = tmp_path / "s.db"
    store = Store(path)
    _save(store, arts[:60])
    link_store(store)
    for name in _files(path):  # a store copied without its .index folder
        (Path(str(path) + ".index") / name).unlink()
    assert store.state_buffer(link_run.STATE_KEY) is None
    _save(store, arts[60:61])
    linker = StoryLinker()
    assert link_store(store, linker) == 61 and linker.last["mode"] == "rebuild"
    want = StoryIndex()
    want.add_many(sorted(store.articles(), key=lambda a: (a.published or "9999", a.name)))
    assert {n: l.to_json() for n, l in store.links().items()} == {n: l.to_json() for n, l in want.links().items()}
    assert _files(path) == [f"{IndexRecords(store).base()}.state"]


def test_a_store_in_memory_keeps_the_state_in_its_row(arts):
    store = Store(":memory:")
    _save(store, arts[:20])
    link_store(store)
    blob = store.state(link_run.STATE_KEY)
    assert not blob.startswith(FILE_REF) and store.state_buffer(link_run.STATE_KEY) == blob


def test_a_refused_write_leaves_no_new_file(tmp_path, arts, monkeypatch):
    path = tmp_path / "s.db"
    store = Store(path)
    _save(store, arts[:60])
    link_store(store)
    kept = _files(path)
    monkeypatch.setattr(link_run, "COMPACT_MIN", 0)
    monkeypatch.setattr(link_run, "COMPACT_RATIO", 10**9)

    def refuse(*a, **k):
        raise StoreConflict("another run")

    monkeypatch.setattr(IndexRecords, "save_changes", refuse)
    _save(store, arts[60:62])
    with pytest.raises(StoreConflict):
        StoryLinker()._run(store)
    assert _files(path) == kept


def test_a_base_replaced_while_it_is_read_is_a_conflict(tmp_path, arts, monkeypatch):
    """A run read the base token; another run then committed a new base and
    removed the old file: the first run starts over instead of rebuilding."""
    path = tmp_path / "s.db"
    store = Store(path)
    _save(store, arts[:60])
    link_store(store)
    real = IndexRecords.base
    calls = iter([real(IndexRecords(store)), "0" * 32])
    monkeypatch.setattr(IndexRecords, "base", lambda self: next(calls, real(self)))
    monkeypatch.setattr(store, "state_buffer", lambda key: None)
    with pytest.raises(StoreConflict):
        StoryLinker()._current(store)
