"""Extract layer: turn a :class:`RawDocument` into a clean :class:`Article`.

``extract(raw)`` dispatches on ``raw.format``:

* ``"text"``: scraped plain text, cleaned line by line
  (:mod:`storylens.extract.plaintext`); ``article.source`` is the input text;
* ``"html"``: main text and metadata by trafilatura
  (:mod:`storylens.extract.html`); ``article.source`` is the extracted text.

Metadata given with the document (``raw.meta`` keys ``title``, ``outlet``,
``url``, ``published``, ``author``, ``language``, from JSONL fields or a
sidecar file) takes precedence over what extraction detects; the other keys of
``raw.meta`` are kept in ``article.meta``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..errors import RejectedDocument, StorylensError
from ..models import Article, RawDocument, Span
from .dates import parse_date
from .plaintext import NO_BODY, clean_text, extract_plaintext, norm

__all__ = ["extract", "extract_plaintext", "extract_html", "clean_text", "apply_meta", "META_KEYS", "NO_BODY"]

META_KEYS = ("title", "outlet", "url", "published", "author", "language")


def extract_html(raw: RawDocument, settings: Any = None) -> Article:
    """HTML page -> Article (imported lazily: trafilatura is slow to import).

    ``settings`` is an :class:`storylens.extract.html.HtmlSettings`, or the
    name of a preset: ``"fast"`` (the default: no fallback extractors, F1
    0.9676 on the benchmark) or ``"precise"`` (F1 0.9705, about half as
    fast).
    """
    from .html import DEFAULT_SETTINGS, FAST_SETTINGS
    from .html import extract_html as _extract_html

    if settings is None or settings == "fast":
        settings = FAST_SETTINGS
    elif settings == "precise":
        settings = DEFAULT_SETTINGS
    return _extract_html(raw, settings)


def _published_value(value: Any) -> str | None:
    """A publication date given as metadata, as ISO 8601, or ``None`` when it
    is no date a calendar holds (the caller keeps the given value)."""
    if value is None or value == "":
        return None
    if isinstance(value, (_dt.datetime, _dt.date)):
        text = value.isoformat()
    else:
        text = str(value).strip()
        if not (len(text) >= 10 and text[4] == "-" and text[7] == "-"):
            text = parse_date(text) or text  # not yet ISO 8601
    return text if usable_iso_date(text) else None


def usable_iso_date(text: str) -> bool:
    """Whether ``text`` is an ISO 8601 date or time that converts to UTC and
    back without leaving the calendar ("9999-12-31T23:59:59-12:00" does not:
    it is in the year 10000)."""
    try:
        if len(text) > 10:
            d = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if d.tzinfo is not None:
                d = d.astimezone(_dt.UTC)
            (d + _dt.timedelta(days=2)) - _dt.timedelta(days=4)  # room for day arithmetic either side
            return True
        day = _dt.date.fromisoformat(text)
        (day + _dt.timedelta(days=2)) - _dt.timedelta(days=4)
        return True
    except (ValueError, OverflowError):
        return False


def apply_meta(article: Article, meta: dict[str, Any]) -> Article:
    """Let given metadata override detected values; keep other keys in ``meta``."""
    for key, value in meta.items():
        if key not in META_KEYS:
            article.meta[key] = value
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "published":
            article.published = _published_value(value)
            if article.published is None:
                article.meta["published_given"] = str(value)  # kept, not read: no calendar date
        elif key == "title":
            title = " ".join(str(value).split())
            if article.title is None or norm(article.title) != norm(title):
                idx = article.source.find(title)
                article.title_span = Span(idx, idx + len(title)) if idx >= 0 else None
            article.title = title
        else:
            setattr(article, key, str(value).strip())
    return article


def extract(raw: RawDocument, *, html_settings: Any = None) -> Article:
    """Clean ``raw`` into an Article (see the module docstring).

    Raises :class:`~storylens.errors.RejectedDocument` when no usable body
    is left, and :class:`~storylens.errors.ExtractionError` when HTML
    parsing fails.
    """
    fmt = (raw.format or "").lower()
    if not isinstance(raw.content, str) or not raw.content.strip():
        raise RejectedDocument("empty document", doc=raw.name, stage="extract")
    try:
        if fmt == "text":
            article = extract_plaintext(raw)
        elif fmt == "html":
            article = extract_html(raw, html_settings)
        else:
            raise RejectedDocument(f"unknown document format {raw.format!r}", doc=raw.name, stage="extract")
    except StorylensError:
        raise
    except RecursionError as exc:  # pathological input
        raise RejectedDocument(f"document too deeply nested ({exc})", doc=raw.name, stage="extract") from exc
    return apply_meta(article, dict(raw.meta or {}))
