"""The library functions behind each CLI command (one call per command)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .index.linker import StoryLinker
from .models import Article, CopyLink, Quote, Statement
from .pipeline import RunReport, analyze_documents
from .present import build_dossier, write_dossier
from .settings import Settings
from .store import Store

if TYPE_CHECKING:
    from .annotate.dates import Timex


def open_store(db: str | Path = "storylens.db") -> Store:
    """The store ``db``, created when it does not exist."""
    return Store(db)


def require_store(db: str | Path) -> Store:
    """The existing store ``db`` (for reading: nothing is created)."""
    if str(db) != ":memory:" and not Path(db).is_file():
        raise InputError(f"no store at {db} (run `storylens analyze ... --db {db}` first)")
    return Store(db)


_URL = re.compile(r"^https?://", re.I)


def _check_inputs(inputs: Iterable[str | Path]) -> list[str | Path]:
    items = list(inputs)
    if not items:
        raise InputError("no input given: pass files, folders or URLs")
    for item in items:
        s = str(item)
        if not _URL.match(s) and not Path(s).exists():
            raise InputError(f"no such file or folder: {s}")
    return items


def check_out_dir(out: str | Path) -> Path:
    """``out`` as a folder the dossier can be written to, created if need be;
    checked before any work so that a bad ``--out`` fails at once."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise InputError(f"--out {out} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {out}: {exc.strerror or exc}") from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError(f"cannot write to the output folder {out}")
    return path


def _link(store: Store, report: RunReport, progress: bool = False) -> None:
    """Add the store's new articles to its story index; say in ``report``
    how many, and whether the index was rebuilt because other code built it."""
    linker = StoryLinker(progress=progress)
    report.linked = linker.run(store)
    report.index_rebuilt = linker.last.get("why") == "rules"


def analyze(inputs: Iterable[str | Path], *, settings: Settings | None = None, meta: str | Path | None = None,
            out: str | Path | None = None, store: Store | None = None) -> RunReport:
    """Run the whole pipeline: ingest, extract, annotate, link, compare the
    stories that changed (stored), and write the dossier (JSON, Markdown, HTML) into ``out`` (``settings.out`` by default).
    Raises :class:`InputError` before any work for missing inputs or an
    unusable ``out``, and after ingest when the inputs hold no document."""
    settings = settings or Settings()
    items = _check_inputs(inputs)
    out_dir = check_out_dir(out or settings.out)
    own = store is None
    store = store or Store(settings.db)
    try:
        if settings.scheduler:  # every stage on a Dask cluster (see docs/scale.md)
            from .scale import analyze_on_cluster

            return analyze_on_cluster([str(i) for i in items], store, settings, out_dir, meta=meta)
        report = analyze_documents(items, store, settings, meta=meta)
        if not report.seen:
            raise InputError("the inputs hold no document to analyze (no text, HTML, JSONL, CSV, WARC, feed or URL "
                             "list found in them)")
        _link(store, report, settings.progress)
        from .compare.stored import CompareInputs, refresh_comparisons

        compare_inputs = CompareInputs.load(store, settings)  # read once, for the compare stage and the dossier
        report.compared = refresh_comparisons(store, settings, inputs=compare_inputs).compared
        dossier, articles = build_dossier(store, settings, inputs=compare_inputs)
        report.stories = len(dossier.stories)
        report.outputs = write_dossier(dossier, articles, out_dir)
        return report
    finally:
        if own:
            store.close()


def _analyzed_store(inputs: Iterable[str | Path], settings: Settings | None, meta: str | Path | None,
                    store: Store | None) -> tuple[Store, RunReport]:
    """The store the inputs were analyzed into; with no inputs, the store as it is."""
    settings = settings or Settings(db=":memory:")
    items = list(inputs)
    store = store or (Store(settings.db) if items else require_store(settings.db))
    if not items:
        return store, RunReport()
    report = analyze_documents(_check_inputs(items), store, settings, meta=meta)
    return store, report


def find_quotes(inputs: Iterable[str | Path], *, settings: Settings | None = None,
                meta: str | Path | None = None, store: Store | None = None,
                report: RunReport | None = None) -> list[Quote]:
    """Every quotation in the inputs (``storylens quotes``), ordered by
    document then offset. Speakers are canonical across the inputs."""
    store, rep = _analyzed_store(inputs, settings, meta, store)
    if report is not None:
        report.__dict__.update(rep.__dict__)
    from .annotate.attribution.corpus_names import canonicalize

    articles = {a.name: a for a in store.articles()}
    by_doc = {a.name: [Quote(**q) for q in (store.annotation(a.id, "quotes") or [])] for a in articles.values()}
    canonicalize(by_doc, articles)
    out = [q for qs in by_doc.values() for q in qs]
    out.sort(key=lambda q: (q.doc, q.start))
    return out


def find_dates(inputs: Iterable[str | Path], *, settings: Settings | None = None,
               meta: str | Path | None = None, store: Store | None = None,
               report: RunReport | None = None) -> list[Timex]:
    """Every temporal expression in the inputs (``storylens dates``), with its
    TIMEX3 type and value resolved against its article's publication date,
    ordered by document then offset. A store analyzed before dates were
    stored has them computed on the fly."""
    from .annotate.dates import Timex, article_dates

    store, rep = _analyzed_store(inputs, settings, meta, store)
    if report is not None:
        report.__dict__.update(rep.__dict__)
    stored = store.annotations("dates")
    out: list[Timex] = []
    for a in store.articles():
        rows = stored.get(a.id)
        out += [Timex.from_json(r) for r in rows] if rows is not None else article_dates(a)
    out.sort(key=lambda t: (t.doc, t.start))
    return out


def find_statements(inputs: Iterable[str | Path], *, settings: Settings | None = None,
                    meta: str | Path | None = None, store: Store | None = None) -> list[Statement]:
    """Reported (indirect) speech in the inputs."""
    store, _ = _analyzed_store(inputs, settings, meta, store)
    out: list[Statement] = []
    for a in store.articles():
        out += [Statement(**s) for s in (store.annotation(a.id, "statements") or [])]
    return out


def find_stories(inputs: Iterable[str | Path], *, settings: Settings | None = None,
                 meta: str | Path | None = None, store: Store | None = None,
                 report: RunReport | None = None) -> list[CopyLink]:
    """Story and copy relation of every article (``storylens stories``)."""
    store, rep = _analyzed_store(inputs, settings, meta, store)
    _link(store, rep, settings.progress if settings is not None else False)
    if report is not None:
        report.__dict__.update(rep.__dict__)
    return sorted(store.links().values(), key=lambda link: (link.story, link.doc))


def list_articles(store: Store) -> list[dict[str, Any]]:
    """Stored articles and rejected documents, for ``storylens articles``."""
    rows = [dict(r, status="ok", reason="; ".join(r["warnings"]) or None) for r in store.article_rows()]
    rows += [{"id": r["id"], "name": r["name"], "outlet": None, "published": None, "title": None, "words": 0,
              "origin": r["origin"], "warnings": [], "status": "rejected", "reason": r["reason"]}
             for r in store.rejections()]
    return rows


def show_article(store: Store, doc: str) -> Article:
    """One stored article by name or id."""
    a = store.article(doc)
    if a is None:
        raise InputError(f"no article named {doc!r} in {store.path}")
    return a


def article_json(a: Article) -> dict[str, Any]:
    d = asdict(a)
    d["words"] = a.words
    return d
