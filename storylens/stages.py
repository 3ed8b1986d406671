"""The concrete pipeline stages, each declaring what it reads and writes.

Per-document stages (extract, annotate) run once per new document and their
results are stored with the stage's :meth:`~storylens.stage.Stage.output_version`,
a fingerprint of the code they depend on: after an upgrade (or any change
to that code) the next run analyses each document again.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .code_version import ANNOTATE_CODE
from .models import Article, RawDocument
from .stage import Stage


class ExtractStage(Stage):
    name = "extract"
    layer = "extract"
    reads = ("raw",)
    writes = ("article",)
    version = 1

    def __init__(self, html_mode: str = "fast", max_words: int | None = None):
        self.html_mode = html_mode
        self.max_words = max_words  # the per-document budget (Settings.max_doc_words); None: no limit

    def run(self, raw: RawDocument) -> Article:
        from .extract import extract

        article = extract(raw, html_settings=self.html_mode)
        if self.max_words is not None and article.words > self.max_words:
            from .errors import RejectedDocument

            raise RejectedDocument(f"too long to analyze: {article.words:,} words (the limit, max_doc_words, is "
                             f"{self.max_words:,})", doc=raw.name, stage="extract")
        return article


class DocAnnotator(Stage):
    """A per-article stage with JSON-able output. With one artefact in
    ``writes`` the output is stored under that name; with several, ``run``
    returns a dict keyed by them and each is stored separately."""

    layer = "annotate"
    reads = ("article",)

    def run(self, article: Article) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class SpeechStage(DocAnnotator):
    """Direct quotes with speakers and reported (indirect) speech, in one pass."""

    name = "speech"
    writes = ("quotes", "statements")
    version = 1
    code = ANNOTATE_CODE

    def run(self, article: Article) -> dict[str, list[dict[str, Any]]]:
        from .annotate.attribution.speech import extract_speech

        quotes, statements = extract_speech(article)
        return {"quotes": [asdict(q) for q in quotes], "statements": [asdict(s) for s in statements]}


class DatesStage(DocAnnotator):
    """Temporal expressions with TIMEX3 type and value, resolved against the publication date."""

    name = "dates"
    writes = ("dates",)
    version = 1
    code = ANNOTATE_CODE

    def run(self, article: Article) -> list[dict[str, Any]]:
        from .annotate.dates import article_dates

        return [asdict(t) for t in article_dates(article)]


def default_doc_stages(settings: Any = None) -> list[Stage]:
    """Extract, then speech and dates; ``settings`` (a :class:`~storylens.settings.Settings`) picks the HTML mode
    and the per-document budget (``max_doc_words``)."""
    return [ExtractStage(getattr(settings, "html_mode", "fast"), getattr(settings, "max_doc_words", None)),
            SpeechStage(), DatesStage()]


def annotators(stages: list[Stage]) -> list[DocAnnotator]:
    return [s for s in stages if isinstance(s, DocAnnotator)]


def required_versions(stages: list[Stage]) -> dict[str, int]:
    """``{artefact: version}`` a complete document has in the store."""
    return {w: s.output_version() for s in annotators(stages) for w in s.writes}


def run_annotator(stage: DocAnnotator, article: Article) -> dict[str, tuple[int, Any]]:
    out = stage.run(article)
    if len(stage.writes) == 1:
        return {stage.writes[0]: (stage.output_version(), out)}
    return {w: (stage.output_version(), out[w]) for w in stage.writes}
