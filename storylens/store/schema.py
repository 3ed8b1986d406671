"""Versioned SQLite schema. Each migration moves ``PRAGMA user_version`` up by one."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: documents, articles, annotations, rejections
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        origin TEXT NOT NULL,
        format TEXT NOT NULL,
        encoding TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        content TEXT NOT NULL,
        added REAL NOT NULL
    );
    CREATE INDEX documents_name ON documents(name);
    CREATE INDEX documents_origin ON documents(origin);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        outlet TEXT,
        published TEXT,
        title TEXT,
        words INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE annotations (
        doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (doc, kind)
    );
    CREATE TABLE rejections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        origin TEXT NOT NULL,
        reason TEXT NOT NULL,
        stage TEXT NOT NULL,
        at REAL NOT NULL
    );
    """,
    # 2: cross-article results and persisted index state
    """
    CREATE TABLE links (
        doc TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        story TEXT NOT NULL,
        duplicate_of TEXT,
        relation TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX links_story ON links(story);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        label TEXT,
        first TEXT,
        last TEXT,
        data TEXT NOT NULL
    );
    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        data BLOB NOT NULL
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started REAL NOT NULL,
        finished REAL,
        stats TEXT NOT NULL DEFAULT '{}'
    );
    """,
    # 3: full-text search over articles (web UI). ``article_fts`` rows use the
    # article's rowid; ``article_fts_docs`` records which article id each row
    # holds, so ``Store.fts_sync`` can add new and drop replaced articles.
    """
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE article_fts_docs (
        rowid INTEGER PRIMARY KEY,
        doc TEXT NOT NULL
    );
    """,
]

MIGRATIONS.append(
    # 4: look-ups of articles by name (file stem or JSONL id)
    """
    CREATE INDEX IF NOT EXISTS articles_name ON articles(name)
    """
)

MIGRATIONS.append(
    # 5: the story index's journal (batches of article ids added since its
    # saved base state; see storylens.index.linker) and look-ups of links by name
    """
    CREATE TABLE index_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        base TEXT NOT NULL,
        docs TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS links_name ON links(name)
    """
)

MIGRATIONS.append(
    # 6: story links as rows (a run rewrites only the links that changed),
    # moved from the JSON list kept in ``state``
    """
    CREATE TABLE story_links (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        score REAL NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    INSERT OR REPLACE INTO story_links(a, b, score, data)
        SELECT json_extract(j.value, '$.stories[0]'), json_extract(j.value, '$.stories[1]'),
               coalesce(json_extract(j.value, '$.similarity'), 0) + coalesce(json_extract(j.value, '$.quote_overlap'), 0),
               j.value
        FROM state, json_each(CAST(state.data AS TEXT)) AS j
        WHERE state.key = 'story_links' AND json_valid(CAST(state.data AS TEXT));
    DELETE FROM state WHERE key = 'story_links'
    """
)

MIGRATIONS.append(
    # 7: look-ups of story links by their second story (a run reads only the
    # links of the stories it changed)
    """
    CREATE INDEX IF NOT EXISTS story_links_b ON story_links(b)
    """
)

MIGRATIONS.append(
    # 8: each story's comparison across its outlets (a StoryComparison as
    # JSON), stored when the story changes (storylens.compare.stored) and read
    # by the dossier, the pages and the API; ``key`` is a hash of everything it
    # was computed from, ``errors`` why it is missing or incomplete
    """
    CREATE TABLE IF NOT EXISTS comparisons (
        story TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        data TEXT,
        errors TEXT NOT NULL DEFAULT '[]',
        at REAL NOT NULL
    )
    """
)

SCHEMA_VERSION = len(MIGRATIONS)
