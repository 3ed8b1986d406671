"""A scaled run's results made usable by the other commands: imported into
the store (``storylens serve``, ``articles``, ``show``, ``stories --db``...
read it as after a single-process run), one partition at a time, and the
dossier assembled from the stories' entries that the workers built.

The Parquet partitions can also be read where they lie, e.g. with DuckDB::

    SELECT story, count(*) FROM 'out/parquet/links/*.parquet' GROUP BY story ORDER BY 2 DESC;
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .._version import __version__
from ..index.journal import LINKED_UPTO_KEY, IndexRecords, story_link_score
from ..models import Article, RawDocument, Rejection
from ..present import write_dossier
from ..present.records import Dossier, DossierStory
from ..settings import Settings
from ..store import Store
from .parts import dumps

__all__ = ["import_documents", "import_links", "write_scaled_dossier", "DOSSIER_MAX_ARTICLES"]

DOSSIER_MAX_ARTICLES = 20_000  # above this, the dossier pages are not written (the store and Parquet hold all)


def _rows(paths: list[Path], columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    for p in paths:
        if p.exists():
            pf = pq.ParquetFile(p)
            for batch in pf.iter_batches(batch_size=500, columns=columns):
                yield from batch.to_pylist()


def import_documents(store: Store, root: Path, keys: list[str], required: dict[str, int]) -> tuple[int, int]:
    """Articles and rejections of the shards ``keys`` into ``store`` (each
    document in its own transaction, as a single-process run writes it);
    documents already complete in the store are left as they are."""
    saved = skipped = 0
    for key in keys:
        for r in _rows([root / "rejections" / f"{key}.parquet"]):
            store.save_rejection(Rejection(r["name"], r["origin"], r["reason"], r["stage"]))
        for r in _rows([root / "articles" / f"{key}.parquet"],
                       ["id", "name", "origin", "format", "encoding", "raw_meta", "content", "article", "annotations"]):
            if store.is_complete(r["id"], required):
                skipped += 1
                continue
            raw = RawDocument(name=r["name"], origin=r["origin"], format=r["format"], content=r["content"],
                              meta=json.loads(r["raw_meta"]), encoding=r["encoding"], id=r["id"])
            # stamped with this process's versions, as a single-process run stamps what its workers return
            annots = {k: (required.get(k, v), d) for k, (v, d) in json.loads(r["annotations"]).items()}
            store.save_document(raw, Article.from_dict(json.loads(r["article"])), annots)
            saved += 1
    return saved, skipped


def import_links(store: Store, root: Path) -> int:
    """Links, stories and story links into ``store``, replacing the index's
    records (the story index itself is not saved: the next single-process
    run that adds articles rebuilds it from the stored articles)."""
    rec = IndexRecords(store)
    rec.save_all([], [], {}, story_links=[])
    n = 0
    with store.transaction() as c:
        c.execute("DELETE FROM state WHERE key IN (?, ?)", ("story_index", "story_index_base"))
        for r in _rows(sorted((root / "links").glob("*.parquet"))):
            link = {"doc": r["name"], "story": r["story"], "duplicate_of": r["duplicate_of"],
                    "relation": r["relation"], "similarity": r["similarity"], "evidence": r["evidence"],
                    "markers": json.loads(r["markers"] or "[]")}
            c.execute("INSERT OR REPLACE INTO links(doc,name,story,duplicate_of,relation,data) VALUES (?,?,?,?,?,?)",
                      (r["id"], r["name"], r["story"], r["duplicate_of"], r["relation"], dumps(link)))
            n += 1
        for r in _rows(sorted((root / "stories").glob("*.parquet")), ["data"]):
            s = json.loads(r["data"])
            dr = s.get("date_range") or [None, None]
            c.execute("INSERT INTO stories(id,label,first,last,data) VALUES (?,?,?,?,?)",
                      (s["id"], s.get("label"), dr[0], dr[-1], r["data"]))
        for r in _rows([root / "story_links.parquet"], ["data"]):
            link = json.loads(r["data"])
            c.execute("INSERT OR REPLACE INTO story_links(a,b,score,data) VALUES (?,?,?,?)",
                      (link["stories"][0], link["stories"][1], story_link_score(link), r["data"]))
        top = c.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
        c.execute("INSERT OR REPLACE INTO state(key,data) VALUES (?,?)", (LINKED_UPTO_KEY, str(top).encode("ascii")))
    return n


def write_scaled_dossier(store: Store, root: Path, settings: Settings, out_dir: Path) -> list[str]:
    """The dossier of a scaled run, from the stories' entries the workers
    built: the same JSON, Markdown and HTML as a single-process run."""
    from ..compare.spelling import spelling_variants
    from ..compare.stored import store_comparisons
    from ..index.records import stored_stories, stored_story_links
    from ..index.storylines import build_storylines

    entries = {r["id"]: r["data"] for r in _rows(sorted((root / "dossier").glob("*.parquet")), ["id", "data"])}
    stored = stored_stories(store)
    story_links = stored_story_links(store)
    stories = [DossierStory.from_json(json.loads(entries[s.id])) for s in stored if s.id in entries]
    # the workers' comparisons, stored as the compare stage stores them (pages and later runs read them)
    store_comparisons(store, {s.id: (s.comparison, s.errors) for s in stories}, settings)
    all_articles = store.articles()
    try:
        spelling = spelling_variants(all_articles)
    except Exception:  # pragma: no cover - never lose the dossier over this
        spelling = []
    rejections = store.rejections()
    dossier = Dossier(
        generator=f"storylens {__version__}", created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        corpus={"articles": len(all_articles), "outlets": len({a.outlet for a in all_articles if a.outlet}),
                "stories": len(stories), "rejected": len(rejections)},
        stories=stories, story_links=story_links, storylines=build_storylines(stored, story_links),
        spelling_variants=spelling,
        rejected=[{k: r[k] for k in ("name", "origin", "reason", "stage")} for r in rejections])
    names = {a for s in stories for a in s.docs}
    articles = {a.name: a for a in all_articles if a.name in names}
    return write_dossier(dossier, articles, out_dir)
