"""The store: one SQLite file keyed by content hashes.

Each document's results (raw document, article, annotations) are written in
one transaction, so a killed run leaves either all of a document or nothing,
and a re-run skips documents whose results are complete and current.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..models import Article, CopyLink, RawDocument, Rejection
from .schema import MIGRATIONS, SCHEMA_VERSION
from .statefiles import StateFiles

DEFAULT_DB = "storylens.db"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# set when a stored article is replaced by a new version: the story index
# (storylens.index.journal) still holds the old text and must be rebuilt
REPLACED_KEY = "story_index_stale"


# the required annotation versions and the annotations' highest rowid when
# no stored document was found outdated: while both hold, none is
ANNOTATED_KEY = "annotations_current"


def _mark_replaced(c: sqlite3.Connection) -> None:
    """Mark the story index for a rebuild: an article it holds was replaced or removed."""
    c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (REPLACED_KEY, b"1"))


# A list of ids as one parameter: ``... IN {IN_LIST}`` with ``id_list(ids)``.
# One SQL text whatever the count: a statement written with one ``?`` per id
# is a new prepared statement for each count, and each connection's
# statement cache kept up to 128 of them (6 MB measured), which grew a
# long-running server's memory as new counts came.
IN_LIST = "(SELECT value FROM json_each(?))"


def id_list(ids: Iterable[Any]) -> str:
    """``ids`` (strings or integers) as the JSON array :data:`IN_LIST` reads."""
    return json.dumps(list(ids))


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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- documents --------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        """Whether a document of this id (name and content) is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def origins_named(self, name: str) -> list[str]:
        """The origins of the stored documents called ``name``."""
        return [r["origin"] for r in self.conn.execute("SELECT origin FROM documents WHERE name=?", (name,))]

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

    def outdated_ids(self, required: dict[str, int], skip: Iterable[str] = (),
                     limit: int | None = None) -> list[str]:
        """Ids of the stored documents with an article whose annotations are
        not all at the ``required`` versions (analysed by other code: see
        :mod:`storylens.code_version`), oldest first, except ids in
        ``skip``; at most ``limit``. A store found current is stamped so,
        and a later call reads only the stamp until an annotation is
        written."""
        if self.state(ANNOTATED_KEY) == self._annotated_stamp(required):
            return []
        skip = set(skip)
        ids = [r[0] for r in self.conn.execute(
            "SELECT d.id FROM documents d JOIN articles a ON a.id=d.id WHERE (SELECT count(*) FROM annotations n"
            " JOIN json_each(?) r ON n.kind=json_extract(r.value, '$[0]') AND n.version=json_extract(r.value, '$[1]')"
            " WHERE n.doc=d.id) < ? ORDER BY d.added, d.id", (_dumps(sorted(required.items())), len(required)))]
        if not ids:
            self.mark_annotations_current(required)
        return [d for d in ids if d not in skip][:limit]

    def documents_by_id(self, ids: Sequence[str]) -> list[RawDocument]:
        """The stored inputs of ``ids``, in that order (ids not stored left out)."""
        rows = {r["id"]: r for r in self.conn.execute(
            f"SELECT id, name, origin, format, encoding, meta, content FROM documents WHERE id IN {IN_LIST}",
            (_dumps(list(ids)),))}
        return [RawDocument(name=r["name"], origin=r["origin"], format=r["format"], content=r["content"],
                            meta=json.loads(r["meta"]), encoding=r["encoding"] or "utf-8", id=r["id"])
                for r in (rows[d] for d in ids if d in rows)]

    def _annotated_stamp(self, required: dict[str, int]) -> bytes:
        top = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM annotations").fetchone()[0]
        return _dumps([sorted(required.items()), top]).encode("utf-8")

    def mark_annotations_current(self, required: dict[str, int]) -> None:
        """Stamp the store as holding no document analysed by other code (see
        :meth:`outdated_ids`); the caller knows it to be so."""
        with self.transaction() as c:
            c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)",
                      (ANNOTATED_KEY, self._annotated_stamp(required)))

    def save_document(
        self,
        raw: RawDocument,
        article: Article,
        annotations: dict[str, tuple[int, Any]],
    ) -> None:
        """Write a document, its article and its annotations atomically.

        An older version of the same input (same origin, other content) is
        replaced in the same transaction; a rejection of the same document is
        cleared. An article analysed again into another text (other code)
        marks the story index, which holds the old text, for a rebuild.
        """
        with self.transaction() as c:
            # (read first: replacing the document row deletes its article)
            was = c.execute("SELECT data FROM articles WHERE id=?", (article.id,)).fetchone()
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
                _mark_replaced(c)
            c.execute(
                "INSERT OR REPLACE INTO documents(id,name,origin,format,encoding,meta,content,added)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (raw.id, raw.name, raw.origin, raw.format, raw.encoding, _dumps(raw.meta),
                 raw.content, time.time()),
            )
            data = _dumps(article.to_dict())
            if was is not None and was[0] != data:  # analysed again into another text: the index holds the old
                _mark_replaced(c)
            c.execute(
                "INSERT OR REPLACE INTO articles(id,name,outlet,published,title,words,data)"
                " VALUES (?,?,?,?,?,?,?)",
                (article.id, article.name, article.outlet, article.published, article.title,
                 article.words, data),
            )
            c.execute("DELETE FROM annotations WHERE doc=?", (raw.id,))
            c.executemany(
                "INSERT INTO annotations(doc,kind,version,data) VALUES (?,?,?,?)",
                [(raw.id, k, v, _dumps(data)) for k, (v, data) in sorted(annotations.items())],
            )
            c.execute("DELETE FROM rejections WHERE name=? AND origin=?", (raw.name, raw.origin))

    def retract_article(self, doc_id: str) -> bool:
        """Remove a stored document's article, results and link (its input
        stays in ``documents``): this code rejects what other code had
        analysed. The story index, which held it, is rebuilt. Returns
        whether there was an article."""
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM articles WHERE id=?", (doc_id,)).fetchone() is None:
                return False
            c.execute("DELETE FROM articles WHERE id=?", (doc_id,))
            c.execute("DELETE FROM annotations WHERE doc=?", (doc_id,))
            c.execute("DELETE FROM links WHERE doc=?", (doc_id,))
            _mark_replaced(c)
        return True

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
        got = self._one_row(
            "SELECT json_group_array(json_array(a.id, a.name, a.outlet, a.published, a.title, a.words, d.origin,"
            " d.format, json_extract(a.data, '$.meta.warnings')))"
            " FROM articles a JOIN documents d ON d.id=a.id")
        rows = [dict(zip(_ROW_FIELDS, r, strict=True)) for r in got]
        for r in rows:  # json_extract hands the warnings over as a JSON array (a list here)
            w = r["warnings"]
            r["warnings"] = w if isinstance(w, list) else json.loads(w) if isinstance(w, str) and w else []
        rows.sort(key=lambda r: (r["published"] is not None, r["published"] or "", r["name"]))
        return rows

    def _one_row(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The JSON array a ``json_group_array`` query answers, parsed. A
        listing read as one row costs one step: each row stepped releases
        the interpreter lock and waits to take it back, which under a busy
        web server cost more than the read itself. (SQLite renders reals in
        JSON with 15 digits: such columns are gathered as ``printf('%!.17g')``
        text by the callers.)"""
        got = self.conn.execute(sql, params).fetchone()[0]
        return json.loads(got) if got else []

    def annotation(self, doc_id: str, kind: str) -> Any:
        row = self.conn.execute(
            "SELECT data FROM annotations WHERE doc=? AND kind=?", (doc_id, kind)
        ).fetchone()
        return json.loads(row["data"]) if row else None

    def annotations(self, kind: str, docs: Iterable[str] | None = None) -> dict[str, Any]:
        """``{doc_id: data}`` for one annotation kind (of the documents
        ``docs`` only, when given)."""
        if docs is None:
            return {
                r["doc"]: json.loads(r["data"])
                for r in self.conn.execute("SELECT doc, data FROM annotations WHERE kind=?", (kind,))
            }
        return {r["doc"]: json.loads(r["data"]) for r in self.conn.execute(
            f"SELECT doc, data FROM annotations WHERE kind=? AND doc IN {IN_LIST}", (kind, id_list(docs)))}

    def document_stamps(self) -> dict[str, float]:
        """``{doc_id: time added}``: a document saved again (with its
        annotations, always written together) gets a new stamp, so a reader
        can reload only what changed."""
        return {d: float(t) for d, t in self._one_row(
            "SELECT json_group_array(json_array(id, printf('%!.17g', added))) FROM documents")}

    def rejections(self) -> list[dict[str, Any]]:
        rows = [dict(zip(("id", "name", "origin", "reason", "stage", "at"), r, strict=True)) for r in self._one_row(
            "SELECT json_group_array(json_array(id, name, origin, reason, stage, printf('%!.17g', at)))"
            " FROM rejections")]
        for r in rows:
            r["at"] = float(r["at"])
        rows.sort(key=lambda r: (r["at"], r["id"]))
        return rows

    def counts(self) -> dict[str, int]:
        q = lambda t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])  # noqa: E731
        return {t: q(t) for t in ("documents", "articles", "annotations", "rejections", "links", "stories")}

    # -- cross-article results ----------------------------------------------------
    def links(self) -> dict[str, CopyLink]:
        """``{doc name: CopyLink}``."""
        out = {}
        for r in self.conn.execute("SELECT data FROM links"):
            d = json.loads(r["data"])
            out[d["doc"]] = CopyLink(**d)
        return out

    def stories(self) -> list[dict[str, Any]]:
        rows = self._one_row("SELECT json_group_array(json_array(first, id, data)) FROM stories")
        rows.sort(key=lambda r: (r[0] is not None, r[0] or "", r[1]))
        return [json.loads(r[2]) for r in rows]

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

    def articles_by_id(self, ids: list[str]) -> list[Article]:
        """The articles with these ids, in that order (missing ones left out)."""
        found = {r["id"]: Article.from_dict(json.loads(r["data"])) for r in self.conn.execute(
            f"SELECT id, data FROM articles WHERE id IN {IN_LIST}", (id_list(ids),))}
        return [found[i] for i in ids if i in found]

    def story_links_of(self, story_ids) -> list[dict[str, Any]]:
        """The story links that involve any of ``story_ids``, strongest first."""
        ids = id_list(sorted(set(story_ids)))
        out: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        for r in self.conn.execute(
                f"SELECT a, b, score, data FROM story_links WHERE a IN {IN_LIST} UNION "
                f"SELECT a, b, score, data FROM story_links WHERE b IN {IN_LIST}", (ids, ids)):
            out[(r[0], r[1])] = (r[2], json.loads(r[3]))
        return [d for _, d in sorted(((-sc, k), d) for k, (sc, d) in out.items())]

    def story_links(self) -> list[dict[str, Any]]:
        """Links between stories, strongest first."""
        rows = self._one_row(
            "SELECT json_group_array(json_array(printf('%!.17g', score), a, b, data)) FROM story_links")
        rows.sort(key=lambda r: (-float(r[0]), r[1], r[2]))
        return [json.loads(r[3]) for r in rows]

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
            ("comparisons", "story,key,data,errors"),
        ):
            out[table] = sorted(tuple(r) for r in self.conn.execute(f"SELECT {cols} FROM {table}"))
        return out

    # -- stored story comparisons (storylens.compare.stored) -----------------------
    def comparison_keys(self) -> dict[str, str]:
        """``{story id: key}`` of every stored comparison."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT story, key FROM comparisons")}

    def corpus_version(self) -> tuple[Any, ...]:
        """A cheap fingerprint of what the corpus-wide pages show (articles,
        stories, rejections, the search index), which a stored comparison
        does not move: counts, the newest rowids and the stories' total size."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT max(rowid) FROM articles),"
            " (SELECT count(*) FROM stories), (SELECT max(rowid) FROM stories),"
            " (SELECT total(length(data)) FROM stories), (SELECT count(*) FROM rejections),"
            " (SELECT count(*) FROM article_fts_docs), (SELECT max(rowid) FROM article_fts_docs)").fetchone()
        return tuple(row)

    def story_version(self, story_id: str) -> tuple[str | None, str | None]:
        """What a story's page is built from, cheaply: its stored row and
        the key of its stored comparison (None where missing)."""
        row = self.conn.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        key = self.conn.execute("SELECT key FROM comparisons WHERE story=?", (story_id,)).fetchone()
        return (row[0] if row else None), (key[0] if key else None)

    def article_story(self, key: str) -> tuple[str | None, str | None]:
        """An article's id and its story's id, by id or name as :meth:`article`
        finds it (None where missing)."""
        row = self.conn.execute(
            "SELECT a.id, l.story FROM articles a JOIN documents d ON d.id=a.id LEFT JOIN links l ON l.doc=a.id"
            " WHERE a.id=? OR a.name=? ORDER BY (a.id=?) DESC, d.added DESC LIMIT 1", (key, key, key)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def comparison(self, story_id: str) -> tuple[str, dict[str, Any] | None, list[str]] | None:
        """The stored comparison of one story as ``(key, data, errors)``
        (``data`` None when it was left out), or None when none is stored."""
        row = self.conn.execute("SELECT key, data, errors FROM comparisons WHERE story=?", (story_id,)).fetchone()
        if row is None:
            return None
        return row[0], (json.loads(row[1]) if row[1] is not None else None), list(json.loads(row[2] or "[]"))

    def save_comparisons(self, put: list[tuple[str, str, dict[str, Any] | None, list[str]]],
                         gone: Iterable[str] = ()) -> None:
        """Store ``(story, key, data, errors)`` rows and drop the comparisons
        of stories in ``gone``, in one transaction."""
        now = time.time()
        with self.transaction() as c:
            c.executemany("DELETE FROM comparisons WHERE story=?", [(g,) for g in gone])
            c.executemany("INSERT OR REPLACE INTO comparisons(story, key, data, errors, at) VALUES (?,?,?,?,?)",
                          [(sid, key, _dumps(data) if data is not None else None, _dumps(errors), now)
                           for sid, key, data, errors in put])

    # -- web UI: full-text search and narrow reads ------------------------------
    def fts_sync(self) -> int:
        """Bring the full-text index up to date with the stored articles: index
        new articles, drop replaced or deleted ones. Cheap when nothing
        changed (no write). Returns how many index rows were added or dropped."""
        if not self.fts_behind():
            return 0
        changed = 0
        with self.transaction() as c:
            stale, new = self._fts_pending()
            added = id_list(new)
            for rows in (id_list(stale), added):
                c.execute(f"DELETE FROM article_fts WHERE rowid IN {IN_LIST}", (rows,))
                c.execute(f"DELETE FROM article_fts_docs WHERE rowid IN {IN_LIST}", (rows,))
            c.execute(
                "INSERT INTO article_fts(rowid, title, body) SELECT rowid, coalesce(title, ''),"
                f" coalesce(json_extract(data, '$.body'), '') FROM articles WHERE rowid IN {IN_LIST}", (added,))
            c.execute(f"INSERT INTO article_fts_docs(rowid, doc) SELECT rowid, id FROM articles"
                      f" WHERE rowid IN {IN_LIST}", (added,))
            changed = len(stale) + len(new)
        return changed

    def fts_behind(self) -> bool:
        """Whether the full-text index misses a stored article or holds a
        replaced one (one read, answered in one row)."""
        return bool(self.conn.execute(f"SELECT EXISTS ({_FTS_STALE}) OR EXISTS ({_FTS_NEW})").fetchone()[0])

    def _fts_pending(self) -> tuple[list[int], list[int]]:
        """(index rows whose article was replaced or deleted, article rows not indexed)."""
        return ([r[0] for r in self.conn.execute(_FTS_STALE)], [r[0] for r in self.conn.execute(_FTS_NEW)])

    def search(self, match: str, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Articles matching an FTS5 ``match`` expression, best first (ties in
        the order stored), as ``(total, rows)``. Each row has ``id, name,
        title, outlet, published``, ``story`` (the id of the stored story
        holding it, or None) and ``snippet``: plain text where matched
        words sit between ``\x02`` and ``\x03`` (the caller escapes the
        text, then turns those into markup). Build ``match`` with
        :func:`fts_query` from user input."""
        # Ranked first on row ids alone, then the snippets and listing
        # fields of the page's rows only: the ranking reads every match, and
        # a snippet or a join per match would multiply that cost. Each query
        # answers in one row (its rows gathered as JSON): every row stepped
        # is a release and a wait for the interpreter lock, which under load
        # cost more than the search itself.
        rank = "bm25(article_fts, 4.0, 1.0)"
        try:
            total, ranked = self.conn.execute(
                "SELECT (SELECT count(*) FROM article_fts f JOIN article_fts_docs d ON d.rowid=f.rowid"
                "        WHERE article_fts MATCH :m),"
                "       (SELECT json_group_array(json_array(r, k)) FROM"
                f"        (SELECT f.rowid AS r, {rank} AS k FROM article_fts f"
                "         JOIN article_fts_docs d ON d.rowid=f.rowid WHERE article_fts MATCH :m"
                f"         ORDER BY {rank}, f.rowid LIMIT :limit OFFSET :offset))",
                {"m": match, "limit": int(limit), "offset": int(offset)}).fetchone()
            ids = [r for r, _ in sorted(json.loads(ranked or "[]"), key=lambda rk: (rk[1], rk[0]))]
            if not ids:
                return int(total), []
            got = self.conn.execute(
                "WITH hits AS MATERIALIZED"  # snippet() cannot run inside the aggregate
                " (SELECT f.rowid AS r, a.id, a.name, a.title, a.outlet, a.published, s.id AS story,"
                "         snippet(article_fts, -1, char(2), char(3), ' … ', 24) AS snip"
                "  FROM article_fts f JOIN article_fts_docs d ON d.rowid=f.rowid"
                "  JOIN articles a ON a.rowid=f.rowid AND a.id=d.doc"
                "  LEFT JOIN links l ON l.doc=a.id LEFT JOIN stories s ON s.id=l.story"
                f"  WHERE article_fts MATCH ? AND f.rowid IN {IN_LIST})"
                " SELECT json_group_array(json_array(r, id, name, title, outlet, published, story, snip)) FROM hits",
                (match, id_list(ids))).fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {match!r}: {exc}") from exc
        rows = {r[0]: dict(zip(_SEARCH_FIELDS, r[1:], strict=True)) for r in json.loads(got or "[]")}
        # a row replaced since the ranking is left out
        return int(total), [rows[i] for i in ids if i in rows]

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


# the rows the full-text index holds for an article no longer stored, and the articles it lacks
_FTS_STALE = ("SELECT f.rowid FROM article_fts_docs f LEFT JOIN articles a ON a.rowid=f.rowid AND a.id=f.doc"
              " WHERE a.id IS NULL")
_FTS_NEW = ("SELECT a.rowid FROM articles a LEFT JOIN article_fts_docs f ON f.rowid=a.rowid AND f.doc=a.id"
            " WHERE f.rowid IS NULL")
_SEARCH_FIELDS = ("id", "name", "title", "outlet", "published", "story", "snippet")
_ROW_FIELDS = ("id", "name", "outlet", "published", "title", "words", "origin", "format", "warnings")


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
