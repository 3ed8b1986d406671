"""The pipeline: ingest -> extract -> annotate (per document, stored
atomically) -> link (incremental, across documents) -> present."""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import StorylensError
from .ingest import FetchPolicy, IngestOptions, ingest, load_sidecar
from .models import Article, RawDocument, Rejection, content_hash
from .progress import progress
from .settings import Settings
from .stage import Stage, check_order
from .stages import DocAnnotator, default_doc_stages, required_versions, run_annotator
from .store import Store

REFRESH_BATCH = 256  # stored documents read and analysed again together (their texts are held that long)
Result = tuple[Article | None, dict[str, tuple[int, Any]], Rejection | None]  # of process_document


@dataclass
class RunReport:
    """What a run did, with the counts users and tests look at."""

    seen: int = 0
    analyzed: int = 0  # documents extracted and annotated in this run
    skipped: int = 0  # documents whose stored results were complete and current
    outdated: int = 0  # documents analysed again: their stored results came from other code
    rejected: int = 0
    extract_calls: int = 0
    annotate_calls: int = 0
    linked: int = 0  # documents added to the story index in this run
    index_rebuilt: bool = False  # the story index was rebuilt: other code had built it
    compared: int = 0  # stories whose comparison was (re)computed and stored in this run
    stories: int = 0
    rejections: list[dict[str, str]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        analyzed = f"{self.analyzed} analyzed"
        if self.outdated:
            analyzed += f" ({self.outdated} again: their stored results came from another version of storylens)"
        parts = [f"{self.seen} documents", analyzed, f"{self.skipped} unchanged (skipped)",
                 f"{self.rejected} rejected", f"{self.stories} stories"]
        return ", ".join(parts) + f" in {self.seconds:.1f}s"


def process_document(raw: RawDocument, stages: list[Stage] | None = None,
                     skip: Iterable[str] = ()) -> Result:
    """Extract and annotate one document. Never raises for bad input: a
    failure becomes a :class:`Rejection` naming the stage and the reason."""
    stages = stages or default_doc_stages()
    article: Article | None = None
    results: dict[str, tuple[int, Any]] = {}
    current = "extract"
    try:
        for st in stages:
            current = st.name
            if st.layer == "extract":
                article = st.run(raw)
            elif article is not None and isinstance(st, DocAnnotator) and st.name not in skip:
                results.update(run_annotator(st, article))
    except StorylensError as exc:
        return None, {}, Rejection(raw.name, raw.origin, exc.message, exc.stage or current)
    except Exception as exc:  # a bug must not lose the other documents
        return None, {}, Rejection(raw.name, raw.origin, f"internal error: {type(exc).__name__}: {exc}"[:500], current)
    return article, results, None


def ingest_options(settings: Settings, meta: str | Path | None = None) -> IngestOptions:
    return IngestOptions(
        meta=load_sidecar(meta) if meta else {},
        max_bytes=settings.max_bytes,
        fetch=FetchPolicy(timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                          allow_private=settings.allow_private_urls, deadline=settings.fetch_deadline),
    )


def _source(origin: str) -> str:
    """The file or URL of an origin, without a record's "#line"."""
    return origin.split("#", 1)[0]


class UniqueNames:
    """Gives each document a name no other input holds: two files
    ``2024/index.txt`` and ``2025/index.txt``, or two JSONL records with one
    ``id`` and other texts, are ``index`` and ``index~2``, not one story
    member hiding the other. A name stays its input's on later runs: the
    same file keeps ``index``, and the other gets ``index~2`` again."""

    def __init__(self, store: Store):
        self.store = store
        self.run: dict[str, tuple[str, str]] = {}  # name -> (origin, id) of the document holding it in this run

    def _free_for(self, name: str, raw: RawDocument, doc_id: str) -> bool:
        holder = self.run.get(name)
        if holder is not None:
            return holder[0] == raw.origin or holder[1] == doc_id
        stored = {_source(o) for o in self.store.origins_named(name)}
        return not stored or _source(raw.origin) in stored or self.store.has_document(doc_id)

    def give(self, raw: RawDocument) -> RawDocument:
        """``raw``, or a copy of it under a name of its own. The same text
        under the same name is the same document wherever it comes from (an
        upload saved again in another folder): it keeps its name and id."""
        name, k = raw.name, 1
        while not self._free_for(name, raw, content_hash(name, raw.format, raw.content)):  # (the id under name)
            k += 1
            name = f"{raw.name}~{k}"
        renamed = raw if name == raw.name else RawDocument(
            name=name, origin=raw.origin, format=raw.format, content=raw.content,
            meta={**raw.meta, "name_given": raw.name}, encoding=raw.encoding)
        self.run[name] = (raw.origin, renamed.id)
        return renamed


def analyze_documents(
    inputs: Iterable[str | Path],
    store: Store,
    settings: Settings | None = None,
    *,
    meta: str | Path | None = None,
    stages: list[Stage] | None = None,
    report: RunReport | None = None,
    on_saved: Callable[[str], None] | None = None,
    refresh: int | None = None,
) -> RunReport:
    """Ingest, extract and annotate every document not already complete in
    ``store``; each document's results are committed in one transaction.
    Stored documents that other code analysed (:mod:`storylens.code_version`)
    are analysed again from their stored inputs too: all of them, or at
    most ``refresh`` (a web job's share)."""
    settings = settings or Settings()
    custom_stages = stages is not None
    stages = stages or default_doc_stages(settings)
    check_order(stages)
    required = required_versions(stages)
    report = report or RunReport()
    t0 = time.perf_counter()
    todo: list[RawDocument] = []
    names = UniqueNames(store)
    for item in ingest(inputs, ingest_options(settings, meta)):
        report.seen += 1
        if isinstance(item, RawDocument):
            item = names.give(item)
        if isinstance(item, Rejection):
            store.save_rejection(item)
            report.rejected += 1
            report.rejections.append({"doc": item.name, "origin": item.origin, "reason": item.reason})
        elif store.is_complete(item.id, required):
            report.skipped += 1
        else:
            report.outdated += store.has_document(item.id)  # stored, by other code (storylens.code_version)
            todo.append(item)
    current = not custom_stages and refresh != 0  # whether the store holds only current results after this run
    again: list[str] = []
    if current:  # stored documents that other code analysed: again, from their stored inputs
        again = store.outdated_ids(required, skip={raw.id for raw in todo},
                                   limit=None if refresh is None else refresh + 1)
        current = refresh is None or len(again) <= refresh  # (one more than a job's share: some are left)
        again = again[:refresh]
        report.outdated += len(again)
    total = len(todo) + len(again)

    workers = settings.workers or os.cpu_count() or 1
    pool: Any = None
    run: Callable[[list[RawDocument]], Iterable[Result]]
    if settings.scheduler and total and not custom_stages:
        pool, run = _dask_runner(settings.scheduler, stages)
    elif workers > 1 and total > 4 and not custom_stages:
        pool = ProcessPoolExecutor(max_workers=workers)
        run = functools.partial(pool.map, functools.partial(process_document, stages=stages), chunksize=4)
    else:
        def run(docs: list[RawDocument]) -> Iterator[Result]:
            return (process_document(raw, stages) for raw in docs)

    def pairs() -> Iterator[tuple[RawDocument, Result]]:
        """The inputs, then the stored documents in batches: their texts are read as they are analysed."""
        if todo:
            yield from zip(todo, run(todo), strict=True)
        for i in range(0, len(again), REFRESH_BATCH):
            docs = store.documents_by_id(again[i:i + REFRESH_BATCH])
            yield from zip(docs, run(docs), strict=True)

    try:
        for raw, (article, annots, rejection) in progress(pairs(), desc="analyze", enabled=settings.progress,
                                                           total=total):
            report.extract_calls += 1
            if rejection is not None:
                # a stored document that this code rejects: its article and results go (its input stays)
                store.retract_article(raw.id)
                store.save_rejection(rejection)
                report.rejected += 1
                report.rejections.append({"doc": rejection.name, "origin": rejection.origin,
                                          "reason": rejection.reason})
                continue
            assert article is not None
            report.annotate_calls += sum(1 for s in stages if isinstance(s, DocAnnotator))
            # stamped with this process's versions: a worker elsewhere (Dask) may fingerprint its files otherwise
            annots = {k: (required.get(k, v), data) for k, (v, data) in annots.items()}
            try:
                store.save_document(raw, article, annots)
            except (sqlite3.Error, UnicodeError, ValueError, TypeError) as exc:  # this document only: go on
                current = current and not store.has_document(raw.id)
                rejection = Rejection(raw.name, raw.origin, f"could not be stored: {type(exc).__name__}: {exc}"[:500],
                                      "store")
                store.save_rejection(rejection)
                report.rejected += 1
                report.rejections.append({"doc": rejection.name, "origin": rejection.origin,
                                          "reason": rejection.reason})
                continue
            report.analyzed += 1
            if on_saved:
                on_saved(raw.id)
    finally:
        if isinstance(pool, ProcessPoolExecutor):
            pool.shutdown(cancel_futures=True)
        elif pool is not None:
            pool.close()
    if current and report.analyzed:  # what this run wrote is current: the next run need not look again
        store.mark_annotations_current(required)
    report.seconds += time.perf_counter() - t0
    return report


def stale_results(store: Store) -> list[str]:
    """What in ``store`` another version of storylens made (see
    :mod:`storylens.code_version`): ``"N analysed documents"``, ``"the story
    index"``; empty when all is this code's. ``storylens analyze`` redoes
    them; the web server says so when it starts."""
    from .index.journal import IndexRecords
    from .index.linker import LinkStage

    out = []
    outdated = len(store.outdated_ids(required_versions(default_doc_stages())))
    if outdated:
        out.append(f"{outdated} analysed document{'s' if outdated != 1 else ''}")
    rec = IndexRecords(store)
    if rec.base() and rec.rules() != LinkStage.output_version():
        out.append("the story index")
    return out


def _dask_runner(scheduler: str, stages: list[Stage]) -> tuple[Any, Callable[[list[RawDocument]], Iterator[Any]]]:
    """Per-document work on a Dask cluster: ``"local"`` starts a local
    cluster, anything else is a scheduler address. The client, and a
    function that runs a batch of documents there: results come back in
    input order and are committed by this process, one document at a time."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        from .errors import ConfigError

        raise ConfigError("Dask is not installed: pip install 'storylens[dask]'") from exc
    client = Client(LocalCluster(processes=True, dashboard_address=None)) if scheduler == "local" else Client(scheduler)

    def run(docs: list[RawDocument]) -> Iterator[Any]:
        futures = client.map(functools.partial(process_document, stages=stages), docs, pure=False)
        for fut in futures:
            yield fut.result()
            fut.release()

    return client, run
