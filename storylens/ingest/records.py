"""Article records from JSONL and CSV exports (the article JSONL schema)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..models import RawDocument, Rejection

KNOWN = ("title", "outlet", "url", "published", "author", "language")


def record_to_doc(rec: Any, origin: str, fallback_name: str) -> RawDocument | Rejection:
    """One article record -> RawDocument, or a Rejection with the reason."""
    if not isinstance(rec, dict):
        return Rejection(fallback_name, origin, "record is not a JSON object", "ingest")
    name = str(rec.get("id") or "").strip() or fallback_name
    text, html = rec.get("text"), rec.get("html")
    if isinstance(html, str) and html.strip():
        fmt, content = "html", html
    elif isinstance(text, str) and text.strip():
        fmt, content = "text", text
    else:
        return Rejection(name, origin, "record has no 'text' or 'html'", "ingest")
    meta = {k: v for k, v in rec.items() if k not in ("id", "text", "html") and v not in (None, "")}
    return RawDocument(name=name, origin=origin, format=fmt, content=content, meta=meta)


def read_jsonl(text: str, origin: str, stem: str) -> Iterator[RawDocument | Rejection]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}#{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(f"{stem}#{lineno}", where,
                            f"line {lineno}: invalid JSON ({exc.msg}; truncated line?)", "ingest")
            continue
        yield record_to_doc(rec, where, f"{stem}#{lineno}")


def read_csv(text: str, origin: str, stem: str) -> Iterator[RawDocument | Rejection]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        rows = list(reader)
    except csv.Error as exc:
        yield Rejection(stem, origin, f"unreadable CSV: {exc}", "ingest")
        return
    for i, row in enumerate(rows, 2):
        yield record_to_doc({k: v for k, v in row.items() if k}, f"{origin}#{i}", f"{stem}#{i}")
