"""The store: one SQLite file keyed by content hashes.

Each document's results (raw document, article, annotations) are written in
one transaction, so a killed run leaves either all of a document or nothing,
and a re-run skips documents whose results are complete and current.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreConflict, StoreError
from ..models import Article, CopyLink, RawDocument, Rejection
from .schema import MIGRATIONS, SCHEMA_VERSION
from .statefiles import StateFiles

DEFAULT_DB = "storylens.db"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


INDEX_STALE_KEY = "story_index_stale"  # set when an article is replaced: the index must be rebuilt
INDEX_BASE_KEY = "story_index_base"  # token of the saved base state (see storylens.index.linker)
LINKED_UPTO_KEY = "linked_upto"  # highest article rowid the last linking run saw
INDEX_DELTA_KEY = "story_index_delta"  # what changed in the index since its base (see storylens.index.linker)
INDEX_DELTA_AT_KEY = "story_index_delta_at"  # "<base token> <journal head>" the delta brings the base to


class Store:
    """A storylens store in one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | Path = DEFAULT_DB):
        self.path = str(path)
        self.files = StateFiles(self.path)  # large index states, beside the store
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a storylens store: {exc}") from exc

    # -- schema ---------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this storylens "
                f"({SCHEMA_VERSION}); upgrade storylens"
            )
        for i in range(version, SCHEMA_VERSION):
            with self.transaction():
                for stmt in _split_sql(MIGRATIONS[i]):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version={i + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- documents --------------------------------------------------------------
    def is_complete(self, doc_id: str, required: dict[str, int]) -> bool:
        """True when the document's article and every required annotation
        (at the required version) are stored."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return False
        have = {
            r["kind"]: r["version"]
            for r in self.conn.execute("SELECT kind, version FROM annotations WHERE doc=?", (doc_id,))
        }
        return all(have.get(k) == v for k, v in required.items())

    def save_document(
        self,
        raw: RawDocument,
        article: Article,
        annotations: dict[str, tuple[int, Any]],
    ) -> None:
        """Write a document, its article and its annotations atomically.

        An older version of the same input (same origin, other content) is
        replaced in the same transaction; a rejection of the same document is
        cleared.
        """
        with self.transaction() as c:
            old = [
                r["id"]
                for r in c.execute(
                    "SELECT id FROM documents WHERE origin=? AND name=? AND id<>?",
                    (raw.origin, raw.name, raw.id),
                )
            ]
            for oid in old:
                c.execute("DELETE FROM documents WHERE id=?", (oid,))
                c.execute("DELETE FROM links WHERE doc=?", (oid,))
                # the story index still holds the old text under this name
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (INDEX_STALE_KEY, b"1"))
            c.execute(
                "INSERT OR REPLACE INTO documents(id,name,origin,format,encoding,meta,content,added)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (raw.id, raw.name, raw.origin, raw.format, raw.encoding, _dumps(raw.meta),
                 raw.content, time.time()),
            )
            c.execute(
                "INSERT OR REPLACE INTO articles(id,name,outlet,published,title,words,data)"
                " VALUES (?,?,?,?,?,?,?)",
                (article.id, article.name, article.outlet, article.published, article.title,
                 article.words, _dumps(article.to_dict())),
            )
            c.execute("DELETE FROM annotations WHERE doc=?", (raw.id,))
            c.executemany(
                "INSERT INTO annotations(doc,kind,version,data) VALUES (?,?,?,?)",
                [(raw.id, k, v, _dumps(data)) for k, (v, data) in sorted(annotations.items())],
            )
            c.execute("DELETE FROM rejections WHERE name=? AND origin=?", (raw.name, raw.origin))

    def save_rejection(self, rej: Rejection) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO rejections(id,name,origin,reason,stage,at) VALUES (?,?,?,?,?,?)",
                (rej.id, rej.name, rej.origin, rej.reason, rej.stage, time.time()),
            )

    def article(self, key: str) -> Article | None:
        """An article by id or by name (the most recently added when names clash)."""
        row = self.conn.execute(
            "SELECT a.data FROM articles a JOIN documents d ON d.id=a.id"
            " WHERE a.id=? OR a.name=? ORDER BY (a.id=?) DESC, d.added DESC LIMIT 1",
            (key, key, key),
        ).fetchone()
        return Article.from_dict(json.loads(row["data"])) if row else None

    def articles(self) -> list[Article]:
        rows = self.conn.execute(
            "SELECT a.data FROM articles a JOIN documents d ON d.id=a.id ORDER BY d.added, a.id"
        )
        return [Article.from_dict(json.loads(r["data"])) for r in rows]

    def article_rows(self) -> list[dict[str, Any]]:
        """Cheap listing rows (no article text)."""
        rows = self.conn.execute(
            "SELECT a.id, a.name, a.outlet, a.published, a.title, a.words, d.origin, d.format"
            " FROM articles a JOIN documents d ON d.id=a.id ORDER BY a.published, a.name"
        )
        return [dict(r) for r in rows]

    def annotation(self, doc_id: str, kind: str) -> Any:
        row = self.conn.execute(
            "SELECT data FROM annotations WHERE doc=? AND kind=?", (doc_id, kind)
        ).fetchone()
        return json.loads(row["data"]) if row else None

    def annotations(self, kind: str) -> dict[str, Any]:
        """``{doc_id: data}`` for one annotation kind."""
        return {
            r["doc"]: json.loads(r["data"])
            for r in self.conn.execute("SELECT doc, data FROM annotations WHERE kind=?", (kind,))
        }

    def rejections(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT id, name, origin, reason, stage, at FROM rejections ORDER BY at, id")]

    def counts(self) -> dict[str, int]:
        q = lambda t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])  # noqa: E731
        return {t: q(t) for t in ("documents", "articles", "annotations", "rejections", "links", "stories")}

    # -- cross-article results ----------------------------------------------------
    def save_links(self, links: list[tuple[str, CopyLink]], stories: list[dict[str, Any]],
                   state: dict[str, bytes], story_links: list[dict[str, Any]] | None = None,
                   watermark: int | None = None) -> None:
        """Replace links, stories and story links (when given) and persist
        index state, atomically (the index journal is emptied: ``state``
        holds a new base)."""
        with self.transaction() as c:
            if story_links is not None:
                c.execute("DELETE FROM story_links")
                _put_story_links(c, story_links)
            c.execute("DELETE FROM index_journal")
            c.executemany("DELETE FROM state WHERE key=?",
                          [(INDEX_STALE_KEY,), (INDEX_DELTA_KEY,), (INDEX_DELTA_AT_KEY,)])
            if watermark is not None:
                state = {**state, LINKED_UPTO_KEY: str(watermark).encode("ascii")}
            c.execute("DELETE FROM links")
            c.executemany(
                "INSERT INTO links(doc,name,story,duplicate_of,relation,data) VALUES (?,?,?,?,?,?)",
                [(doc_id, l.doc, l.story, l.duplicate_of, l.relation, _dumps(asdict(l)))
                 for doc_id, l in links],
            )
            c.execute("DELETE FROM stories")
            c.executemany(
                "INSERT INTO stories(id,label,first,last,data) VALUES (?,?,?,?,?)",
                [(s["id"], s.get("label"), (s.get("date_range") or [None, None])[0],
                  (s.get("date_range") or [None, None])[-1], _dumps(s)) for s in stories],
            )
            for key, blob in state.items():
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (key, blob))

    def links(self) -> dict[str, CopyLink]:
        """``{doc name: CopyLink}``."""
        out = {}
        for r in self.conn.execute("SELECT data FROM links"):
            d = json.loads(r["data"])
            out[d["doc"]] = CopyLink(**d)
        return out

    def stories(self) -> list[dict[str, Any]]:
        return [json.loads(r["data"]) for r in self.conn.execute(
            "SELECT data FROM stories ORDER BY first, id")]

    def state(self, key: str) -> bytes | None:
        row = self.conn.execute("SELECT data FROM state WHERE key=?", (key,)).fetchone()
        return bytes(row["data"]) if row else None

    def state_buffer(self, key: str):
        """State ``key`` for reading: bytes, or a read-only memory map when the
        row refers to a state file (see :mod:`storylens.store.statefiles`);
        None when there is none or its file is missing."""
        return self.files.read(self.state(key))

    def put_state_file(self, token: str, blob: bytes) -> bytes:
        """Write a base state as a file of its own (before the transaction
        that refers to it); return the value for its ``state`` row."""
        return self.files.put(token, blob)

    def prune_state_files(self, keep: str | None) -> None:
        """Remove state files other than base ``keep``'s (after its commit)."""
        self.files.prune(keep)

    def linked_doc_ids(self) -> set[str]:
        return {r["doc"] for r in self.conn.execute("SELECT doc FROM links")}

    # -- incremental linking (see storylens.index.linker) ----------------------------
    def unlinked_articles(self, recent: bool = False) -> tuple[list[Article], int]:
        """Articles that have no link row yet, in the order they were added,
        and the highest article rowid now. ``recent``: look only at articles
        stored after the watermark the last linking run recorded, which
        spares a scan of every article. (A new article gets a rowid above
        every existing one; SQLite reuses a rowid only when the highest row
        was deleted, which happens here only when an article is replaced,
        and that sets the flag that makes the next run rebuild.)"""
        top = self.max_article_rowid()
        since = 0
        if recent:
            raw = self.state(LINKED_UPTO_KEY)
            since = int(raw) if raw and raw.isdigit() else 0
        rows = self.conn.execute(
            "SELECT a.data FROM articles a JOIN documents d ON d.id=a.id"
            " WHERE a.rowid > ? AND a.rowid <= ? AND NOT EXISTS (SELECT 1 FROM links l WHERE l.doc=a.id)"
            " ORDER BY d.added, a.id", (since, top))
        return [Article.from_dict(json.loads(r["data"])) for r in rows], top

    def max_article_rowid(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])

    def replaced_flag(self) -> int:
        """1 when an article was replaced by a new version since the story
        index was last rebuilt, else 0."""
        return 1 if self.state(INDEX_STALE_KEY) else 0

    def stale_link_count(self) -> int:
        """Link rows whose article is gone, plus one when an article was
        replaced by a new version since the story index was saved."""
        n = int(self.conn.execute(
            "SELECT count(*) FROM links l WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id=l.doc)"
        ).fetchone()[0])
        return n + self.replaced_flag()

    def articles_by_id(self, ids: list[str]) -> list[Article]:
        """The articles with these ids, in that order (missing ones left out)."""
        found: dict[str, Article] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT id, data FROM articles WHERE id IN ({marks})", chunk):
                found[r["id"]] = Article.from_dict(json.loads(r["data"]))
        return [found[i] for i in ids if i in found]

    def journal(self, base: str) -> list[list[str]]:
        """Batches of article ids added to the story index after its saved
        base state ``base``, oldest first."""
        return [json.loads(r["docs"]) for r in self.conn.execute(
            "SELECT docs FROM index_journal WHERE base=? ORDER BY seq", (base,))]

    def index_base(self) -> str | None:
        """Token of the story index's saved base state (None when none)."""
        raw = self.state(INDEX_BASE_KEY)
        return raw.decode("ascii", "replace") if raw else None

    def journal_size(self, base: str) -> int:
        """How many articles the journal of base state ``base`` holds."""
        return int(self.conn.execute(
            "SELECT coalesce(sum(json_array_length(docs)), 0) FROM index_journal WHERE base=?", (base,)
        ).fetchone()[0])

    def journal_head(self) -> int:
        """Sequence number of the newest journal row (0 when empty)."""
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM index_journal").fetchone()[0])

    def index_delta(self, base: str, head: int) -> bytes | None:
        """The saved changes of the story index since base ``base``, when they
        bring it to journal head ``head`` (else None: replay the journal)."""
        at = self.state(INDEX_DELTA_AT_KEY)
        if at != f"{base} {head}".encode("ascii"):
            return None
        return self.state(INDEX_DELTA_KEY)

    def story_links_of(self, story_ids) -> list[dict[str, Any]]:
        """The story links that involve any of ``story_ids``, strongest first."""
        ids = sorted(set(story_ids))
        out: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        for i in range(0, len(ids), 400):
            chunk = ids[i:i + 400]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                    f"SELECT a, b, score, data FROM story_links WHERE a IN ({marks}) UNION "
                    f"SELECT a, b, score, data FROM story_links WHERE b IN ({marks})", chunk + chunk):
                out[(r[0], r[1])] = (r[2], json.loads(r[3]))
        return [d for _, d in sorted(((-sc, k), d) for k, (sc, d) in out.items())]

    def story_links(self) -> list[dict[str, Any]]:
        """Links between stories, strongest first."""
        return [json.loads(r[0]) for r in self.conn.execute(
            "SELECT data FROM story_links ORDER BY score DESC, a, b")]

    def save_link_changes(self, new: list[tuple[str, CopyLink]], changed: list[CopyLink],
                          stories: list[dict[str, Any]], gone_stories: list[str],
                          state: dict[str, bytes], journal: tuple[str, list[str]] | None,
                          expect: tuple[str, int], story_links_gone: list[tuple[str, str]] = (),
                          story_links_put: list[dict[str, Any]] = (), watermark: int | None = None,
                          delta: bytes | None = None) -> int:
        """Atomically: insert the link rows of new articles (by id), update the
        rows of articles whose link changed (by name), upsert changed stories,
        delete stories that no longer exist, delete and upsert story links,
        record the highest article rowid linked (``watermark``, see
        :meth:`unlinked_articles`), write ``state`` entries and
        append one batch ``(base token, article ids)`` to the index journal
        (``journal=None``: ``state`` holds a new base; the journal and the
        delta are emptied) with ``delta``, the index's changes since its base
        up to that batch, when given. ``expect`` is the ``(base token, journal head)`` the
        changes were computed on: if another process moved it meanwhile,
        nothing is written and :class:`StoreConflict` is raised. Returns the
        new journal head."""
        with self.transaction() as c:
            if (self.index_base(), self.journal_head()) != tuple(expect):
                raise StoreConflict("the story index was changed by another run meanwhile")
            c.executemany(
                "INSERT OR REPLACE INTO links(doc,name,story,duplicate_of,relation,data) VALUES (?,?,?,?,?,?)",
                [(doc_id, l.doc, l.story, l.duplicate_of, l.relation, _dumps(asdict(l))) for doc_id, l in new])
            c.executemany(
                "UPDATE links SET story=?, duplicate_of=?, relation=?, data=? WHERE name=?",
                [(l.story, l.duplicate_of, l.relation, _dumps(asdict(l)), l.doc) for l in changed])
            c.executemany("DELETE FROM stories WHERE id=?", [(sid,) for sid in gone_stories])
            c.executemany(
                "INSERT OR REPLACE INTO stories(id,label,first,last,data) VALUES (?,?,?,?,?)",
                [(s["id"], s.get("label"), (s.get("date_range") or [None, None])[0],
                  (s.get("date_range") or [None, None])[-1], _dumps(s)) for s in stories])
            c.executemany("DELETE FROM story_links WHERE a=? AND b=?", list(story_links_gone))
            _put_story_links(c, story_links_put)
            if watermark is not None:
                state = {**state, LINKED_UPTO_KEY: str(watermark).encode("ascii")}
            for key, blob in state.items():
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (key, blob))
            if journal is None:
                c.execute("DELETE FROM index_journal")
                c.executemany("DELETE FROM state WHERE key=?", [(INDEX_DELTA_KEY,), (INDEX_DELTA_AT_KEY,)])
                return 0
            cur = c.execute("INSERT INTO index_journal(base, docs) VALUES (?,?)", (journal[0], _dumps(journal[1])))
            head = int(cur.lastrowid)
            if delta is not None:
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (INDEX_DELTA_KEY, delta))
                c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)",
                          (INDEX_DELTA_AT_KEY, f"{journal[0]} {head}".encode("ascii")))
            return head

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of the content tables, sorted (for comparing stores in tests)."""
        out = {}
        for table, cols in (
            ("documents", "id,name,origin,format,encoding,meta,content"),
            ("articles", "id,name,outlet,published,title,words,data"),
            ("annotations", "doc,kind,version,data"),
            ("rejections", "id,name,origin,reason,stage"),
            ("links", "doc,name,story,duplicate_of,relation,data"),
            ("stories", "id,label,first,last,data"),
        ):
            out[table] = sorted(tuple(r) for r in self.conn.execute(f"SELECT {cols} FROM {table}"))
        return out

    # -- web UI: full-text search and narrow reads ------------------------------
    def fts_sync(self) -> int:
        """Bring the full-text index up to date with the stored articles: index
        new articles, drop replaced or deleted ones. Cheap when nothing
        changed (no write). Returns how many index rows were added or dropped."""
        if not self._fts_pending():
            return 0
        changed = 0
        with self.transaction() as c:
            stale, new = self._fts_pending()
            for i in range(0, len(stale), 500):
                chunk = stale[i:i + 500]
                marks = ",".join("?" * len(chunk))
                c.execute(f"DELETE FROM article_fts WHERE rowid IN ({marks})", chunk)
                c.execute(f"DELETE FROM article_fts_docs WHERE rowid IN ({marks})", chunk)
            for i in range(0, len(new), 500):
                chunk = new[i:i + 500]
                marks = ",".join("?" * len(chunk))
                c.execute(f"DELETE FROM article_fts WHERE rowid IN ({marks})", chunk)
                c.execute(f"DELETE FROM article_fts_docs WHERE rowid IN ({marks})", chunk)
                c.execute(
                    "INSERT INTO article_fts(rowid, title, body) SELECT rowid, coalesce(title, ''),"
                    f" coalesce(json_extract(data, '$.body'), '') FROM articles WHERE rowid IN ({marks})", chunk)
                c.execute(f"INSERT INTO article_fts_docs(rowid, doc) SELECT rowid, id FROM articles"
                          f" WHERE rowid IN ({marks})", chunk)
            changed = len(stale) + len(new)
        return changed

    def _fts_pending(self) -> tuple[list[int], list[int]]:
        stale = [r[0] for r in self.conn.execute(
            "SELECT f.rowid FROM article_fts_docs f LEFT JOIN articles a ON a.rowid=f.rowid AND a.id=f.doc"
            " WHERE a.id IS NULL")]
        new = [r[0] for r in self.conn.execute(
            "SELECT a.rowid FROM articles a LEFT JOIN article_fts_docs f ON f.rowid=a.rowid AND f.doc=a.id"
            " WHERE f.rowid IS NULL")]
        return stale, new

    def search(self, match: str, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Articles matching an FTS5 ``match`` expression, best first, as
        ``(total, rows)``. Each row has ``id, name, title, outlet, published``
        and ``snippet``: plain text where matched words sit between ``\x02``
        and ``\x03`` (the caller escapes the text, then turns those into
        markup). Build ``match`` with :func:`fts_query` from user input."""
        try:
            total = int(self.conn.execute(
                "SELECT count(*) FROM article_fts f JOIN article_fts_docs d ON d.rowid=f.rowid"
                " WHERE article_fts MATCH ?", (match,)).fetchone()[0])
            rows = self.conn.execute(
                "SELECT a.id, a.name, a.title, a.outlet, a.published,"
                " snippet(article_fts, -1, char(2), char(3), ' … ', 24) AS snippet"
                " FROM article_fts JOIN article_fts_docs d ON d.rowid=article_fts.rowid"
                " JOIN articles a ON a.rowid=article_fts.rowid AND a.id=d.doc"
                " WHERE article_fts MATCH ? ORDER BY bm25(article_fts, 4.0, 1.0), a.name LIMIT ? OFFSET ?",
                (match, int(limit), int(offset))).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {match!r}: {exc}") from exc
        return total, [dict(r) for r in rows]

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story (as in :meth:`stories`) by id, or None."""
        row = self.conn.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def story_copy_links(self, story_id: str) -> dict[str, CopyLink]:
        """``{doc name: CopyLink}`` for the articles of one story."""
        out = {}
        for r in self.conn.execute("SELECT data FROM links WHERE story=?", (story_id,)):
            d = json.loads(r["data"])
            out[d["doc"]] = CopyLink(**d)
        return out


def _put_story_links(c: sqlite3.Connection, links) -> None:
    c.executemany(
        "INSERT OR REPLACE INTO story_links(a,b,score,data) VALUES (?,?,?,?)",
        [(l["stories"][0], l["stories"][1], l.get("similarity", 0) + l.get("quote_overlap", 0), _dumps(l))
         for l in links])


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def fts_query(text: str) -> str:
    """A safe FTS5 match expression from what a user typed: ``"quoted
    phrases"`` stay phrases, other words must all occur; FTS5 operators and
    punctuation typed by the user are treated as plain words. Empty when
    nothing searchable remains."""
    import re

    parts: list[str] = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', text or ""):
        phrase = m.group(1) if m.group(1) is not None else m.group(2)
        words = re.findall(r"\w+", phrase)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)
