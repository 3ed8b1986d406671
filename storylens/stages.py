"""The concrete pipeline stages, each declaring what it reads and writes.

Per-document stages (extract, annotate) run once per new document and their
results are stored with the stage ``version``; bumping a version makes the
next run recompute that stage's results.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .models import Article, RawDocument
from .stage import Stage


class ExtractStage(Stage):
    name = "extract"
    layer = "extract"
    reads = ("raw",)
    writes = ("article",)
    version = 1

    def run(self, raw: RawDocument) -> Article:
        from .extract import extract

        return extract(raw)


class DocAnnotator(Stage):
    """A per-article stage whose JSON-able output is stored under ``name``."""

    layer = "annotate"
    reads = ("article",)

    def run(self, article: Article) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class QuotesStage(DocAnnotator):
    name = "quotes"
    writes = ("quotes",)
    version = 1

    def run(self, article: Article) -> list[dict[str, Any]]:
        from .annotate.quotes import extract_quotes

        return [asdict(q) for q in extract_quotes(article)]


class StatementsStage(DocAnnotator):
    name = "statements"
    writes = ("statements",)
    version = 1

    def run(self, article: Article) -> list[dict[str, Any]]:
        from .annotate.reported import extract_statements

        return [asdict(s) for s in extract_statements(article)]


def default_doc_stages() -> list[Stage]:
    return [ExtractStage(), QuotesStage(), StatementsStage()]


def annotators(stages: list[Stage]) -> list[DocAnnotator]:
    return [s for s in stages if isinstance(s, DocAnnotator)]
