"""The persisted story index: base state + journal (storylens.index.linker).

Adding a few articles to a store writes a journal row and the rows they
change, not the whole index; loading replays the journal. Whatever the path
(a cold process replaying the journal, a warm linker reusing its index, a
compaction, a conflict with another writer), the store must end up exactly
as one in-memory index given the same batches.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

import storylens.index.linker as link_run
from storylens.index.journal import DELTA_KEY as INDEX_DELTA_KEY
from storylens.index.journal import IndexRecords
from storylens.index.linker import StoryLinker, link_store
from storylens.index.stories import StoryIndex
from storylens.index.storylinks import OPTIONS
from storylens.models import Article, RawDocument
from storylens.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import synthetic_corpus  # noqa: E402


def _save(store: Store, arts: list[Article]) -> list[Article]:
    out = []
    for a in arts:
        raw = RawDocument(name=a.name, origin=f"{a.name}.txt", format="text", content=a.body or "")
        art = dataclasses.replace(a, id=raw.id)
        store.save_document(raw, art, {})
        out.append(art)
    return out


def _order(arts):
    return sorted(arts, key=lambda a: (a.published or "9999", a.name))


def _expected(batches: list[list[Article]]):
    idx = StoryIndex()
    for b in batches:
        idx.add_many(_order(b))
    return idx


def _assert_store_is(store: Store, idx: StoryIndex, exact: bool = False) -> None:
    """Links equal; stories equal but for the label, which must be one of the
    story's titles (a story that did not change keeps the label chosen with
    the IDF of its last change; ``exact``: right after a new base, equal);
    story links connect the same stories (their similarity figures, like
    labels, are those of the pair's last change)."""
    links = store.links()
    assert {n: l.to_json() for n, l in links.items()} == {n: l.to_json() for n, l in idx.links().items()}
    got, want = (sorted(x, key=lambda s: s["id"]) for x in (store.stories(), idx.stories()))
    if exact:
        assert got == want
    titles = {idx.copies.by_name[n]: idx.titles[idx.copies.by_name[n]] for s in want for n in s["docs"]}
    for g, w in zip(got, want):
        assert g["label"] in {titles[idx.copies.by_name[n]] for n in w["docs"]}
        assert {**g, "label": None} == {**w, "label": None}
    assert len(got) == len(want)
    got_l = {frozenset(l["stories"]): l for l in store.story_links()}
    want_l = {frozenset(l["stories"]): l for l in idx.story_links()}
    for pair in set(got_l) ^ set(want_l):  # only pairs at the similarity threshold may differ
        link = got_l.get(pair) or want_l[pair]
        assert abs(link["similarity"] - OPTIONS["min_similarity"]) <= 0.01, link
        assert link["quote_overlap"] < OPTIONS["min_quote_overlap"]
    assert len(set(got_l) ^ set(want_l)) <= max(1, len(want_l) // 20)
    if exact:
        assert store.story_links() == idx.story_links()


@pytest.fixture(scope="module")
def corpus():
    arts = synthetic_corpus(330, seed=11)
    return arts[:300], [arts[300 + i : 300 + i + n] for i, n in ((0, 1), (1, 4), (5, 1), (6, 9), (15, 15))]


@pytest.mark.parametrize("warm", [False, True])
def test_small_batches_are_journaled_and_equal_one_index(tmp_path, corpus, warm):
    """Each small batch adds one journal row (no new base state); a cold
    run replays the journal, a warm linker reuses its index; the links,
    stories and story links equal those of one in-memory index."""
    base, batches = corpus
    store = Store(tmp_path / "s.db")
    linker = StoryLinker()
    assert link_store(store, linker) == 0
    done = [_save(store, base)]
    assert link_store(store, linker) == 300 and linker.last["mode"] == "rebuild"
    state = store.state(link_run.STATE_KEY)
    for b in batches:
        done.append(_save(store, b))
        use = linker if warm else StoryLinker()
        assert link_store(store, use) == len(b)
        assert use.last["mode"] == "journal"
        assert store.state(link_run.STATE_KEY) == state  # the base was not rewritten
        _assert_store_is(store, _expected(done))
    assert [len(b) for b in IndexRecords(store).journal(IndexRecords(store).base())] == [len(b) for b in batches]
    assert link_store(store, linker) == 0  # nothing new: nothing done
    # a cold process replays the journal into the same index
    fresh = StoryLinker()
    assert fresh._current(store).links() == _expected(done).links()


def test_journal_is_compacted_into_a_new_base(tmp_path, corpus, monkeypatch):
    base, batches = corpus
    monkeypatch.setattr(link_run, "COMPACT_MIN", 10)
    store = Store(tmp_path / "s.db")
    done = [_save(store, base)]
    link_store(store)
    modes = []
    for b in batches:
        done.append(_save(store, b))
        linker = StoryLinker()
        link_store(store, linker)
        modes.append(linker.last["mode"])
        _assert_store_is(store, _expected(done))
    # 1, 4, 1 journaled (6 <= 10); 9 more exceed 10: a new base; 15 > 10 again
    assert modes == ["journal", "journal", "journal", "compact", "compact"]
    assert IndexRecords(store).journal(IndexRecords(store).base()) == []
    # the new base is the whole index: a cold process needs no replay
    assert StoryIndex.from_state(store.state_buffer(link_run.STATE_KEY)).links() == _expected(done).links()


def test_a_concurrent_writer_is_detected_and_the_run_starts_over(tmp_path, corpus):
    """Linker A reads the index; before A writes, linker B (another
    connection) links the new articles itself; A's write is refused (it
    would journal the articles twice) and A starts over from B's state."""
    base, batches = corpus
    path = tmp_path / "s.db"
    store = Store(path)
    _save(store, base)
    link_store(store)
    other = Store(path)
    first, second = batches[1][:2], batches[1][2:]

    class Interleaved(StoryLinker):
        fired = False

        def _current(self, s):
            index = super()._current(s)
            if not self.fired:
                self.fired = True
                _save(other, second)
                assert link_store(other) == len(first) + len(second)
            return index

    _save(store, first)
    a = Interleaved()
    assert a.run(store) == 0  # B did A's work
    assert a.fired and a.last["mode"] == "none"
    assert [len(b) for b in IndexRecords(store).journal(IndexRecords(store).base())] == [len(first) + len(second)]
    _assert_store_is(store, _expected([base, first + second]))
    _save(store, batches[2])
    assert a.run(store) == len(batches[2]) and a.last["mode"] == "journal"
    _assert_store_is(store, _expected([base, first + second, batches[2]]))


def test_a_replaced_article_rebuilds_the_index(tmp_path, corpus):
    base, batches = corpus
    store = Store(tmp_path / "s.db")
    _save(store, base)
    link_store(store)
    old = base[7]
    new = dataclasses.replace(old, body=batches[4][0].body, title=batches[4][0].title)
    _save(store, [new])  # same name and origin, other content
    linker = StoryLinker()
    link_store(store, linker)
    assert linker.last["mode"] == "rebuild"
    _assert_store_is(store, _expected([[new if a.name == old.name else a for a in base]]), exact=True)
    assert link_store(store) == 0  # the replacement flag was cleared


@pytest.mark.parametrize("delta", ["used", "missing", "damaged"])
def test_a_new_process_applies_the_delta_or_else_replays_the_journal(tmp_path, corpus, monkeypatch, delta):
    """A cold run maps the base and applies the saved delta without reading
    a journaled article again; a store without a delta for its journal head
    (an earlier storylens wrote it) or with a damaged one replays the
    journal instead. Either way the result is that of one index."""
    base, batches = corpus
    store = Store(tmp_path / "s.db")
    done = [_save(store, base)]
    link_store(store)
    for b in batches[:3]:
        done.append(_save(store, b))
        link_store(store, StoryLinker())
    assert IndexRecords(store).delta(IndexRecords(store).base(), IndexRecords(store).head())
    if delta == "missing":
        store.conn.execute("DELETE FROM state WHERE key=?", (INDEX_DELTA_KEY,))
    elif delta == "damaged":
        store.conn.execute("UPDATE state SET data=? WHERE key=?", (b"storylens-index\nbroken", INDEX_DELTA_KEY))
    read = []
    real = store.articles_by_id
    monkeypatch.setattr(store, "articles_by_id", lambda ids: read.extend(ids) or real(ids))
    done.append(_save(store, batches[3]))
    linker = StoryLinker()
    assert link_store(store, linker) == len(batches[3]) and linker.last["mode"] == "journal"
    journaled = {a.id for b in done[1:4] for a in b}
    assert (set(read) == journaled) if delta != "used" else not read
    _assert_store_is(store, _expected(done))
    # the delta written now covers every batch since the base again
    monkeypatch.setattr(store, "articles_by_id", lambda ids: pytest.fail("replayed"))
    cold = StoryLinker()._current(store)
    assert {n: l.to_json() for n, l in cold.links().items()} == {n: l.to_json() for n, l in _expected(done).links().items()}
