import json
import sqlite3

import pytest

from storylens.errors import StoreError
from storylens.index.journal import BASE_KEY as INDEX_BASE_KEY
from storylens.index.journal import DELTA_KEY as INDEX_DELTA_KEY
from storylens.index.journal import IndexRecords
from storylens.models import (
    Article,
    CopyLink,
    RawDocument,
    Rejection,
    Removed,
    Segment,
    Span,
)
from storylens.store import SCHEMA_VERSION, Store


def _doc(name="a", text="Body text here.", origin="a.txt"):
    raw = RawDocument(name=name, origin=origin, format="text", content=text, meta={"outlet": "X"})
    art = Article(id=raw.id, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                  title="T", title_span=Span(0, 1), removed=[Removed(0, 1, "photo credit", "B")])
    return raw, art


def test_schema_is_versioned_and_migrated(tmp_path):
    s = Store(tmp_path / "x.db")
    assert s.schema_version == SCHEMA_VERSION
    s.close()
    s = Store(tmp_path / "x.db")  # reopening does not re-run migrations
    assert s.schema_version == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path):
    p = tmp_path / "x.db"
    Store(p).close()
    c = sqlite3.connect(p)
    c.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="newer"):
        Store(p)


def test_not_a_store(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        Store(p)


def test_document_round_trip_and_completeness():
    s = Store(":memory:")
    raw, art = _doc()
    assert not s.is_complete(raw.id, {"quotes": 1})
    s.save_document(raw, art, {"quotes": (1, [{"x": 1}])})
    assert s.is_complete(raw.id, {"quotes": 1})
    assert not s.is_complete(raw.id, {"quotes": 2})  # a newer stage version recomputes
    back = s.article("a")
    assert back == art
    assert s.annotation(raw.id, "quotes") == [{"x": 1}]


def test_failed_transaction_leaves_nothing():
    s = Store(":memory:")
    raw, art = _doc()
    with pytest.raises(RuntimeError):
        with s.transaction() as c:
            c.execute("INSERT INTO documents(id,name,origin,format,meta,content,added) VALUES ('x','x','x','text','{}','', 0)")
            raise RuntimeError("boom")
    assert s.counts()["documents"] == 0


def test_changed_input_replaces_its_old_version():
    s = Store(":memory:")
    raw1, art1 = _doc(text="First version.")
    raw2, art2 = _doc(text="Second version.")
    assert raw1.id != raw2.id
    s.save_document(raw1, art1, {})
    s.save_document(raw2, art2, {})
    assert s.counts()["documents"] == 1 and s.article("a").body == "Second version."


def test_rejection_cleared_when_document_later_succeeds():
    s = Store(":memory:")
    raw, art = _doc()
    s.save_rejection(Rejection("a", "a.txt", "empty file", "ingest"))
    assert len(s.rejections()) == 1
    s.save_document(raw, art, {})
    assert s.rejections() == []


def test_links_and_state():
    s = Store(":memory:")
    raw, art = _doc()
    s.save_document(raw, art, {})
    IndexRecords(s).save_all([(raw.id, CopyLink("a", "S1"))], [{"id": "S1", "label": "T", "date_range": [None, None], "docs": ["a"]}],
                 {"k": b"\x00\x01"})
    assert s.links()["a"].story == "S1"
    assert s.state("k") == b"\x00\x01"
    assert s.stories()[0]["id"] == "S1"



def test_migration_6_moves_story_links_from_state_into_rows(tmp_path):
    """A store of schema 5 kept story links as one JSON list in ``state``;
    opening it with this storylens moves them into the ``story_links`` table,
    strongest first."""
    path = tmp_path / "old.db"
    Store(path).close()
    links = [{"stories": ["Sa", "Sb"], "similarity": 0.31, "quote_overlap": 0.0, "why": "w1"},
             {"stories": ["Sa", "Sc"], "similarity": 0.52, "quote_overlap": 0.25, "why": "w2"}]
    c = sqlite3.connect(path)
    c.execute("DROP TABLE story_links")
    c.execute("INSERT INTO state(key, data) VALUES ('story_links', ?)", (json.dumps(links).encode(),))
    c.execute("PRAGMA user_version=5")
    c.commit()
    c.close()
    s = Store(path)
    assert s.schema_version == SCHEMA_VERSION
    assert s.story_links() == [links[1], links[0]]
    assert s.state("story_links") is None
    s.close()


def test_story_links_of_reads_only_the_links_of_given_stories():
    s = Store(":memory:")
    links = [{"stories": ["S1", "S2"], "similarity": 0.5, "quote_overlap": 0.0},
             {"stories": ["S2", "S3"], "similarity": 0.9, "quote_overlap": 0.0},
             {"stories": ["S4", "S5"], "similarity": 0.7, "quote_overlap": 0.0}]
    IndexRecords(s).save_all([], [], {}, story_links=links)
    assert s.story_links_of(["S2"]) == [links[1], links[0]]  # strongest first, by either end
    assert s.story_links_of(["S5", "S1"]) == [links[2], links[0]]
    assert s.story_links_of([]) == []


class _Recording:
    """A store connection that notes every SQL text it is given."""

    def __init__(self, conn):
        self.conn, self.texts = conn, set()

    def execute(self, sql, *args):
        self.texts.add(sql)
        return self.conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_reads_of_many_ids_are_one_statement_whatever_their_count():
    # one SQL text per query, so each connection prepares it once: a text per
    # count of ids filled the statement caches of a long-running server
    s = Store(":memory:")
    docs = [_doc(name=f"d{i}", text=f"Harbour text number {i}.", origin=f"d{i}.txt") for i in range(40)]
    for raw, art in docs:
        s.save_document(raw, art, {"quotes": (1, [])})
    s.fts_sync()
    ids = [art.id for _, art in docs]
    rec = _Recording(s.conn)
    s.conn = rec
    for n in (1, 2, 7, 40):
        assert len(s.annotations("quotes", ids[:n])) == n
        assert [a.id for a in s.articles_by_id(ids[:n])] == ids[:n]
        s.story_links_of([f"S{k}" for k in range(n)])
    for q in ("harbour", "number", "d7"):
        s.search(q, limit=3)
        s.search(q, limit=30)
    assert len(rec.texts) == 5, sorted(rec.texts)  # annotations, articles, story links, search's two


def test_index_delta_is_read_only_for_the_journal_head_it_was_written_at():
    s = Store(":memory:")
    IndexRecords(s).save_all([], [], {INDEX_BASE_KEY: b"b1"})
    head = IndexRecords(s).save_changes([], [], [], [], {}, ("b1", ["x"]), expect=("b1", 0), delta=b"D1")
    assert IndexRecords(s).delta("b1", head) == b"D1"
    assert IndexRecords(s).delta("b2", head) is None and IndexRecords(s).delta("b1", head + 1) is None
    head2 = IndexRecords(s).save_changes([], [], [], [], {}, ("b1", ["y"]), expect=("b1", head))  # no delta given
    assert IndexRecords(s).delta("b1", head2) is None  # the saved one is older than the journal: replay
    IndexRecords(s).save_changes([], [], [], [], {INDEX_BASE_KEY: b"b2"}, None, expect=("b1", head2), delta=b"D")
    assert s.state(INDEX_DELTA_KEY) is None  # a new base empties the delta
