"""The per-article stage on a worker: one shard of the inputs ingested,
extracted and annotated (:func:`~storylens.pipeline.process_document`, as in
a single-process run), its link features computed, and the results written
as a Parquet partition by the worker itself. Only a summary (counts, the
number of articles per publication date, the speaker-name evidence) goes
back to the client.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..ingest import IngestOptions
from ..models import Article, RawDocument, Rejection
from ..pipeline import process_document
from ..settings import Settings
from ..stages import default_doc_stages, required_versions
from .features import link_features
from .names import NameStats
from .parts import dumps, write_json, write_table
from .sources import Shard, read_shard

__all__ = ["ARTICLE_SCHEMA", "REJECTION_SCHEMA", "ShardSummary", "analyze_shard", "articles_shard", "article_table",
           "rejection_table"]

ARTICLE_SCHEMA = pa.schema([
    ("id", pa.string()), ("name", pa.string()), ("origin", pa.string()), ("format", pa.string()),
    ("encoding", pa.string()), ("raw_meta", pa.string()), ("content", pa.large_string()),
    ("article", pa.large_string()), ("annotations", pa.large_string()),
    ("outlet", pa.string()), ("published", pa.string()), ("title", pa.string()), ("words", pa.int32()),
    ("order", pa.string()), ("date", pa.string()), ("day", pa.float64()), ("exact", pa.int64()),
    ("nsh", pa.int32()), ("sig", pa.binary()), ("bands", pa.binary()), ("samples", pa.binary()),
    ("markers", pa.string()),
])
REJECTION_SCHEMA = pa.schema([("id", pa.string()), ("name", pa.string()), ("origin", pa.string()),
                              ("reason", pa.string()), ("stage", pa.string())])


@dataclass
class ShardSummary:
    """What a shard held, for the client: counts and the plan of later stages."""

    key: str
    seen: int = 0
    analyzed: int = 0
    rejected: int = 0
    dates: dict[str, int] = field(default_factory=dict)  # publication date ("" unknown) -> articles
    names: dict[str, Any] = field(default_factory=dict)  # NameStats.to_json()
    rejections: list[dict[str, str]] = field(default_factory=list)
    code: str = ""  # the stamps of the code that analysed it (required_versions): other code redoes the shard

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def article_table(rows: list[tuple[RawDocument | None, Article, dict[str, Any]]]) -> pa.Table:
    """The Parquet rows of analyzed articles: ``(raw document or None,
    article, annotations {kind: (version, data)})``."""
    cols: dict[str, list[Any]] = {f.name: [] for f in ARTICLE_SCHEMA}
    for raw, a, annots in rows:
        f = link_features(a)
        vals = {
            "id": a.id, "name": a.name, "origin": raw.origin if raw else "", "format": raw.format if raw else "text",
            "encoding": raw.encoding if raw else "utf-8", "raw_meta": dumps(raw.meta if raw else {}),
            "content": raw.content if raw else a.source, "article": dumps(a.to_dict()),
            "annotations": dumps({k: [v, d] for k, (v, d) in annots.items()}), "outlet": a.outlet,
            "published": a.published, "title": a.title, "words": a.words, "order": f.order, "date": f.date,
            "day": f.day, "exact": f.exact, "nsh": f.nsh, "sig": f.sig, "bands": f.bands, "samples": f.samples,
            "markers": dumps(f.markers),
        }
        for k, v in vals.items():
            cols[k].append(v)
    return pa.table(cols, schema=ARTICLE_SCHEMA)


def rejection_table(rejs: list[Rejection]) -> pa.Table:
    return pa.table({"id": [r.id for r in rejs], "name": [r.name for r in rejs], "origin": [r.origin for r in rejs],
                     "reason": [r.reason for r in rejs], "stage": [r.stage for r in rejs]}, schema=REJECTION_SCHEMA)


def _rej(r: Rejection) -> dict[str, str]:
    return {"doc": r.name, "origin": r.origin, "reason": r.reason}


def analyze_shard(shard: Shard, root: str, settings: Settings, meta: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Analyze one shard into ``articles/<key>.parquet`` (and its rejections);
    a shard whose results this code already wrote there is not analyzed
    again (one that other code analysed is)."""
    base = Path(root)
    done = base / "articles" / f"{shard.key}.json"
    stages = default_doc_stages(settings)
    code = json.dumps(sorted(required_versions(stages).items()))
    if done.exists():
        summary: dict[str, Any] = json.loads(done.read_text(encoding="utf-8"))
        if summary.get("code") == code:  # (a shard another version analysed is analysed again)
            summary.pop("names", None)
            return {**summary, "skipped": True}
    from ..pipeline import ingest_options

    opts: IngestOptions = ingest_options(settings)
    opts.meta = meta
    out = ShardSummary(shard.key, code=code)
    rows: list[tuple[RawDocument | None, Article, dict[str, Any]]] = []
    rejs: list[Rejection] = []
    stats = NameStats()
    dates: Counter[str] = Counter()
    for item in read_shard(shard, opts):
        out.seen += 1
        rejection: Rejection | None = item if isinstance(item, Rejection) else None
        if isinstance(item, RawDocument):
            article, annots, rejection = process_document(item, stages)
            if article is not None and rejection is None:
                rows.append((item, article, annots))
                quotes = annots.get("quotes", (0, []))[1]
                stats.add(article, quotes)
        if rejection is not None:
            rejs.append(rejection)
    table = article_table(rows)
    dates.update(table.column("date").to_pylist())
    write_table(base / "rejections" / f"{shard.key}.parquet", rejection_table(rejs))
    write_table(base / "articles" / f"{shard.key}.parquet", table)
    out.analyzed, out.rejected = len(rows), len(rejs)
    out.dates, out.names, out.rejections = dict(dates), stats.to_json(), [_rej(r) for r in rejs]
    write_json(done, out.to_json())
    res = out.to_json()
    res.pop("names")  # merged on the workers (see names.merge_files), not sent to the client
    return res


def articles_shard(path: str, root: str) -> dict[str, Any]:
    """A shard of articles already extracted (one ``Article.to_dict()`` JSON
    per line, no annotations: e.g. a benchmark's synthetic corpus) given
    their link features and written like :func:`analyze_shard`'s."""
    key = Path(path).stem
    base = Path(root)
    with open(path, encoding="utf-8") as fh:
        rows: list[tuple[RawDocument | None, Article, dict[str, Any]]] = [
            (None, Article.from_dict(json.loads(line)), {}) for line in fh if line.strip()]
    table = article_table(rows)
    write_table(base / "rejections" / f"{key}.parquet", rejection_table([]))
    write_table(base / "articles" / f"{key}.parquet", table)
    out = ShardSummary(key, seen=len(rows), analyzed=len(rows), dates=dict(Counter(table.column("date").to_pylist())),
                       names=NameStats().to_json())
    write_json(base / "articles" / f"{key}.json", out.to_json())
    res = out.to_json()
    res.pop("names")
    return res
