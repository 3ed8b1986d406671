"""What the story index keeps in a store, and how a run writes it.

The index is saved as a *base* state (a file beside the store, named by a
random token under :data:`BASE_KEY`; its ``state`` row under
:data:`STATE_KEY`) plus a *journal*: one row per later run, holding the ids
of the articles it added in the order it added them, and the *delta*, the
index's changes since the base (:data:`DELTA_KEY`, valid for the base and
journal head under :data:`DELTA_AT_KEY`). :data:`LINKED_UPTO_KEY` is the
highest article rowid the last run saw, so the next one looks only above it;
:data:`RULES_KEY` the stamp of the code that built the index (an index built
by other code is rebuilt). The store marks (:data:`~storylens.store.sqlite.REPLACED_KEY`) when an
article is replaced by a new version; the index is then rebuilt.

:class:`IndexRecords` reads those records and writes a run's results
atomically: the link rows of articles, stories, story links, state rows and
the journal (see :mod:`storylens.index.linker` for when each is written).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from ..errors import StoreConflict
from ..models import Article, CopyLink
from ..store import Store
from ..store.sqlite import REPLACED_KEY

__all__ = ["IndexRecords", "STATE_KEY", "BASE_KEY", "LINKED_UPTO_KEY", "DELTA_KEY", "DELTA_AT_KEY", "RULES_KEY",
           "story_link_score"]

STATE_KEY = "story_index"  # the base state (a reference to its file)
BASE_KEY = "story_index_base"  # token of the saved base state
LINKED_UPTO_KEY = "linked_upto"  # highest article rowid the last linking run saw
DELTA_KEY = "story_index_delta"  # what changed in the index since its base
DELTA_AT_KEY = "story_index_delta_at"  # "<base token> <journal head>" the delta brings the base to
RULES_KEY = "story_index_rules"  # the stamp of the code that built the base (LinkStage.output_version)


def story_link_score(link: dict[str, Any]) -> float:
    """How strongly a story link joins its two stories (the order links are listed in)."""
    return float(link.get("similarity", 0) + link.get("quote_overlap", 0))


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _story_rows(stories: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(s["id"], s.get("label"), (s.get("date_range") or [None, None])[0],
             (s.get("date_range") or [None, None])[-1], _dumps(s)) for s in stories]


def _put_story_links(c: sqlite3.Connection, links: Sequence[dict[str, Any]]) -> None:
    c.executemany("INSERT OR REPLACE INTO story_links(a,b,score,data) VALUES (?,?,?,?)",
                  [(link["stories"][0], link["stories"][1], story_link_score(link), _dumps(link)) for link in links])


class IndexRecords:
    """The story index's records in ``store`` (see the module docs)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # -- reading -----------------------------------------------------------------
    def base(self) -> str | None:
        """Token of the saved base state (None when none)."""
        raw = self.store.state(BASE_KEY)
        return raw.decode("ascii", "replace") if raw else None

    def rules(self) -> int | None:
        """The stamp of the code that built the saved index (None: none saved,
        an index built before storylens stamped it)."""
        raw = self.store.state(RULES_KEY)
        return int(raw) if raw and raw.isdigit() else None

    def journal(self, base: str) -> list[list[str]]:
        """Batches of article ids added after base ``base``, oldest first."""
        return [json.loads(r["docs"]) for r in self.conn.execute(
            "SELECT docs FROM index_journal WHERE base=? ORDER BY seq", (base,))]

    def journal_size(self, base: str) -> int:
        """How many articles the journal of base ``base`` holds."""
        return int(self.conn.execute(
            "SELECT coalesce(sum(json_array_length(docs)), 0) FROM index_journal WHERE base=?", (base,)
        ).fetchone()[0])

    def head(self) -> int:
        """Sequence number of the newest journal row (0 when empty)."""
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM index_journal").fetchone()[0])

    def delta(self, base: str, head: int) -> bytes | None:
        """The saved changes since base ``base``, when they bring it to
        journal head ``head`` (else None: replay the journal)."""
        if self.store.state(DELTA_AT_KEY) != f"{base} {head}".encode("ascii"):
            return None
        return self.store.state(DELTA_KEY)

    def replaced(self) -> bool:
        """Whether an article was replaced by a new version since the index was last rebuilt."""
        return bool(self.store.state(REPLACED_KEY))

    def stale_links(self) -> int:
        """Link rows whose article is gone, plus one when an article was replaced."""
        n = int(self.conn.execute(
            "SELECT count(*) FROM links l WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id=l.doc)"
        ).fetchone()[0])
        return n + int(self.replaced())

    def max_article_rowid(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])

    def unlinked_articles(self, recent: bool = False) -> tuple[list[Article], int]:
        """Articles that have no link row yet, in the order they were added,
        and the highest article rowid now. ``recent``: look only at articles
        stored after the watermark the last run recorded, which spares a scan
        of every article. (A new article gets a rowid above every existing
        one; SQLite reuses a rowid only when the highest row was deleted,
        which happens here only when an article is replaced, and that marks
        the index for a rebuild.)"""
        top = self.max_article_rowid()
        since = 0
        if recent:
            raw = self.store.state(LINKED_UPTO_KEY)
            since = int(raw) if raw and raw.isdigit() else 0
        rows = self.conn.execute(
            "SELECT a.data FROM articles a JOIN documents d ON d.id=a.id"
            " WHERE a.rowid > ? AND a.rowid <= ? AND NOT EXISTS (SELECT 1 FROM links l WHERE l.doc=a.id)"
            " ORDER BY d.added, a.id", (since, top))
        return [Article.from_dict(json.loads(r["data"])) for r in rows], top

    # -- writing -----------------------------------------------------------------
    def save_all(self, links: Sequence[tuple[str, CopyLink]], stories: Sequence[dict[str, Any]],
                 state: dict[str, bytes], story_links: Sequence[dict[str, Any]] | None = None,
                 watermark: int | None = None) -> None:
        """Replace every link row (``(article id, link)``), story and story
        link (when given) and write ``state`` (a new base: the journal, the
        delta and the replacement mark are emptied), atomically."""
        with self.store.transaction() as c:
            if story_links is not None:
                c.execute("DELETE FROM story_links")
                _put_story_links(c, story_links)
            c.execute("DELETE FROM index_journal")
            c.executemany("DELETE FROM state WHERE key=?", [(REPLACED_KEY,), (DELTA_KEY,), (DELTA_AT_KEY,)])
            if watermark is not None:
                state = {**state, LINKED_UPTO_KEY: str(watermark).encode("ascii")}
            c.execute("DELETE FROM links")
            c.executemany("INSERT INTO links(doc,name,story,duplicate_of,relation,data) VALUES (?,?,?,?,?,?)",
                          [(doc_id, link.doc, link.story, link.duplicate_of, link.relation, _dumps(asdict(link)))
                           for doc_id, link in links])
            c.execute("DELETE FROM stories")
            c.executemany("INSERT INTO stories(id,label,first,last,data) VALUES (?,?,?,?,?)", _story_rows(stories))
            for key, blob in state.items():
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (key, blob))

    def save_changes(self, new: Sequence[tuple[str, CopyLink]], changed: Sequence[CopyLink],
                     stories: Sequence[dict[str, Any]], gone_stories: Sequence[str],
                     state: dict[str, bytes], journal: tuple[str, list[str]] | None,
                     expect: tuple[str, int], story_links_gone: Sequence[tuple[str, str]] = (),
                     story_links_put: Sequence[dict[str, Any]] = (), watermark: int | None = None,
                     delta: bytes | None = None) -> int:
        """Atomically: insert the link rows of new articles (by id), update the
        rows of articles whose link changed (by name), upsert changed stories,
        delete stories that no longer exist, delete and upsert story links,
        record the watermark, write ``state`` entries and append one batch
        ``(base token, article ids)`` to the journal (``journal=None``:
        ``state`` holds a new base; the journal and the delta are emptied)
        with ``delta``, the index's changes since its base up to that batch,
        when given. ``expect`` is the ``(base token, journal head)`` the
        changes were computed on: if another process moved it meanwhile,
        nothing is written and :class:`StoreConflict` is raised. Returns the
        new journal head."""
        with self.store.transaction() as c:
            if (self.base(), self.head()) != tuple(expect):
                raise StoreConflict("the story index was changed by another run meanwhile")
            c.executemany(
                "INSERT OR REPLACE INTO links(doc,name,story,duplicate_of,relation,data) VALUES (?,?,?,?,?,?)",
                [(doc_id, link.doc, link.story, link.duplicate_of, link.relation, _dumps(asdict(link))) for doc_id, link in new])
            c.executemany("UPDATE links SET story=?, duplicate_of=?, relation=?, data=? WHERE name=?",
                          [(link.story, link.duplicate_of, link.relation, _dumps(asdict(link)), link.doc) for link in changed])
            c.executemany("DELETE FROM stories WHERE id=?", [(sid,) for sid in gone_stories])
            c.executemany("INSERT OR REPLACE INTO stories(id,label,first,last,data) VALUES (?,?,?,?,?)",
                          _story_rows(stories))
            c.executemany("DELETE FROM story_links WHERE a=? AND b=?", list(story_links_gone))
            _put_story_links(c, story_links_put)
            if watermark is not None:
                state = {**state, LINKED_UPTO_KEY: str(watermark).encode("ascii")}
            for key, blob in state.items():
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (key, blob))
            if journal is None:
                c.execute("DELETE FROM index_journal")
                c.executemany("DELETE FROM state WHERE key=?", [(DELTA_KEY,), (DELTA_AT_KEY,)])
                return 0
            cur = c.execute("INSERT INTO index_journal(base, docs) VALUES (?,?)", (journal[0], _dumps(journal[1])))
            head = int(cur.lastrowid or 0)
            if delta is not None:
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (DELTA_KEY, delta))
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)",
                          (DELTA_AT_KEY, f"{journal[0]} {head}".encode("ascii")))
            return head
