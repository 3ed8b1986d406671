"""The library functions behind each CLI command (one call per command)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable

from .errors import InputError
from .index.linker import link_store
from .models import Article, CopyLink, Quote, Statement
from .pipeline import RunReport, analyze_documents
from .present import build_dossier, write_dossier
from .settings import Settings
from .store import Store


def open_store(db: str | Path = "storylens.db") -> Store:
    return Store(db)


def _check_inputs(inputs: Iterable[str | Path]) -> list[str | Path]:
    items = list(inputs)
    if not items:
        raise InputError("no input given: pass files, folders or URLs")
    for item in items:
        s = str(item)
        if not s.startswith(("http://", "https://")) and not Path(s).exists():
            raise InputError(f"no such file or folder: {s}")
    return items


def analyze(inputs: Iterable[str | Path], *, settings: Settings | None = None, meta: str | Path | None = None,
            out: str | Path | None = None, store: Store | None = None) -> RunReport:
    """Run the whole pipeline: ingest, extract, annotate, link, and write the
    dossier (JSON, Markdown, HTML) into ``out`` (``settings.out`` by default)."""
    settings = settings or Settings()
    items = _check_inputs(inputs)
    own = store is None
    store = store or Store(settings.db)
    try:
        report = analyze_documents(items, store, settings, meta=meta)
        report.linked = link_store(store)
        dossier, articles = build_dossier(store, settings)
        report.stories = len(dossier["stories"])
        report.outputs = write_dossier(dossier, articles, out or settings.out)
        return report
    finally:
        if own:
            store.close()


def _analyzed_store(inputs: Iterable[str | Path], settings: Settings | None, meta: str | Path | None,
                    store: Store | None) -> tuple[Store, RunReport]:
    settings = settings or Settings(db=":memory:")
    store = store or Store(settings.db)
    report = analyze_documents(_check_inputs(inputs), store, settings, meta=meta)
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
    rep.linked = link_store(store)
    if report is not None:
        report.__dict__.update(rep.__dict__)
    return sorted(store.links().values(), key=lambda l: (l.story, l.doc))


def list_articles(store: Store) -> list[dict[str, Any]]:
    """Stored articles and rejected documents, for ``storylens articles``."""
    rows = [dict(r, status="ok", reason=None) for r in store.article_rows()]
    rows += [{"id": r["id"], "name": r["name"], "outlet": None, "published": None, "title": None, "words": 0,
              "origin": r["origin"], "status": "rejected", "reason": r["reason"]} for r in store.rejections()]
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
