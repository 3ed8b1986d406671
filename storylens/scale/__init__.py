"""Corpus-scale runs on a Dask cluster: every stage on the workers.

``storylens analyze PATH... --scheduler ADDRESS`` (or ``--scheduler local``)
runs :func:`analyze_on_cluster`: inputs stream in partitions
(:mod:`.sources`), each partition is ingested, extracted, annotated and
written as Parquet by a worker (:mod:`.articles`), copies come from LSH band
keys and sampled shingles shuffled by key (:mod:`.copies`), stories from
time windows that overlap, reconciled (:mod:`.windows`, :mod:`.stories`),
and each story is compared on a worker (:mod:`.compare`); :mod:`.run` runs
the stages in order. The result is imported into the store, so that
``storylens serve`` and the other commands read it as after a
single-process run, and the dossier is written when the corpus is small
enough to read as one (:mod:`.output`). See ``docs/scale.md``.

This package sits on top, like the pipeline: it reuses the ingest, extract,
annotate, index, compare and present layers through their public functions.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import Settings
from ..store import Store

if TYPE_CHECKING:
    from ..pipeline import RunReport

__all__ = ["analyze_on_cluster"]


def analyze_on_cluster(inputs: list[str], store: Store, settings: Settings, out_dir: Path,
                       meta: str | Path | None = None) -> RunReport:
    """The whole pipeline on the cluster ``settings.scheduler``; the results
    imported into ``store`` and, for a corpus of at most
    :data:`~.output.DOSSIER_MAX_ARTICLES` articles, the dossier written to
    ``out_dir`` (an empty ``outputs`` list says it was not)."""
    from ..errors import InputError
    from ..pipeline import RunReport
    from ..stages import default_doc_stages, required_versions
    from .output import DOSSIER_MAX_ARTICLES, import_documents, import_links, write_scaled_dossier
    from .run import analyze_scaled

    t0 = time.perf_counter()
    run = analyze_scaled([str(i) for i in inputs], settings, out_dir, meta=meta)
    stages = default_doc_stages(settings)
    n_annotators = sum(1 for s in stages if s.layer == "annotate")
    report = RunReport(seen=run.seen, analyzed=run.analyzed, skipped=run.reused, rejected=run.rejected,
                       extract_calls=run.analyzed, annotate_calls=run.analyzed * n_annotators,
                       rejections=run.rejections, stories=run.stories)
    if not run.seen:
        raise InputError("the inputs hold no document to analyze (no text, HTML, JSONL, CSV, WARC, feed or URL "
                         "list found in them)")
    _saved, _ = import_documents(store, run.root, run.keys, required_versions(stages))
    report.linked = import_links(store, run.root)
    n_articles = sum(run.dates.values())
    if n_articles <= DOSSIER_MAX_ARTICLES:
        report.outputs = write_scaled_dossier(store, run.root, settings, out_dir)
    report.seconds = time.perf_counter() - t0
    return report
