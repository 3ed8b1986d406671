"""Article records from JSONL and CSV exports (the article JSONL schema)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import RejectedDocument
from ..models import RawDocument, Rejection
from .decode import DEFAULT_MAX_BYTES, check_text

KNOWN = ("title", "outlet", "url", "published", "author", "language")


def record_to_doc(rec: Any, origin: str, fallback_name: str,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument | Rejection:
    """One article record -> RawDocument, or a Rejection with the reason (no
    text, a text over ``max_bytes`` bytes, or one that is mostly not letters)."""
    if not isinstance(rec, dict):
        return Rejection(fallback_name, origin, "record is not a JSON object", "ingest")
    name = str(rec.get("id") or "").strip() or fallback_name
    text, html = rec.get("text"), rec.get("html")
    if isinstance(html, str) and html.strip():
        fmt, content = "html", html
    elif isinstance(text, str) and text.strip():
        fmt, content = "text", text
    else:
        odd = [k for k, v in (("text", text), ("html", html)) if v is not None and not isinstance(v, str)]
        why = (f"record's {' and '.join(repr(k) for k in odd)} is not a string" if odd
               else "record has no 'text' or 'html'")
        return Rejection(name, origin, why, "ingest")
    size = len(content.encode("utf-8", errors="replace"))
    if max_bytes and size > max_bytes:
        return Rejection(name, origin, f"record too large ({size} bytes > the {max_bytes}-byte limit; raise "
                         "--max-bytes to accept it)", "ingest")
    try:
        check_text(content, "its " + fmt)
    except RejectedDocument as exc:
        return Rejection(name, origin, exc.message, "ingest")
    meta = {k: v for k, v in rec.items() if k not in ("id", "text", "html") and v not in (None, "")}
    return RawDocument(name=name, origin=origin, format=fmt, content=content, meta=meta)


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(obj: Any) -> tuple[Any, int]:
    """``obj`` (parsed JSON) with every lone surrogate (a ``\\ud800`` escape
    that no UTF-8 text can hold) replaced by U+FFFD, and how many there were."""
    if isinstance(obj, str):
        return _SURROGATE.subn("\ufffd", obj)
    if isinstance(obj, dict):
        total, out = 0, {}
        for k, v in obj.items():
            (k2, a), (v2, b) = scrub_surrogates(k), scrub_surrogates(v)
            out[k2], total = v2, total + a + b
        return out, total
    if isinstance(obj, list):
        items = [scrub_surrogates(v) for v in obj]
        return [v for v, _ in items], sum(n for _, n in items)
    return obj, 0


def read_jsonl(text: str, origin: str, stem: str, *,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Rejection]:
    # records end at "\n" only: JSON strings may hold U+2028, U+0085 and other breaks splitlines() cuts at
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin}#{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(f"{stem}#{lineno}", where,
                            f"line {lineno}: invalid JSON ({exc.msg}; truncated line?)", "ingest")
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number, arrays nested 100,000 deep
            yield Rejection(f"{stem}#{lineno}", where, f"line {lineno}: unreadable JSON "
                            f"({type(exc).__name__}: {str(exc)[:120]})", "ingest")
            continue
        rec, bad = scrub_surrogates(rec)
        doc = record_to_doc(rec, where, f"{stem}#{lineno}", max_bytes)
        if bad and isinstance(doc, RawDocument):
            doc.meta["warnings"] = [*doc.meta.get("warnings", []),
                                    f"{bad} lone surrogate escape(s) (\\ud800-\\udfff) replaced by U+FFFD"]
        yield doc


_EXTRA = "\x00extra"  # DictReader's key for the fields beyond the header's


def read_csv(text: str, origin: str, stem: str, *,
             max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Rejection]:
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))  # a long article is one field
    first = text[:text.find("\n")] if "\n" in text else text
    delimiter = max(",;\t", key=first.count)  # the header's separator: "id;title;text" is a CSV too
    runs_on = False
    try:
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter, restkey=_EXTRA, strict=True))
    except csv.Error as strict_error:
        # a quotation mark left open runs to the end of the file: read on, and say which record did
        runs_on = "unexpected end of data" in str(strict_error)
        try:
            rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter, restkey=_EXTRA))
        except csv.Error as exc:
            yield Rejection(stem, origin, f"unreadable CSV: {exc}", "ingest")
            return
    for i, row in enumerate(rows, 2):
        if runs_on and i == len(rows) + 1:
            yield Rejection(f"{stem}#{i}", f"{origin}#{i}", f"record {i - 1}: a quoted field is never closed, so "
                            "it runs to the end of the file and may hold the records after it", "ingest")
            continue
        if any(str(v).strip() for v in row.get(_EXTRA) or ()):
            yield Rejection(f"{stem}#{i}", f"{origin}#{i}", f"record {i - 1} has more fields than the header row "
                            "(a quotation mark left open, or a separator inside an unquoted field): not read, "
                            "as it may hold the records after it", "ingest")
            continue
        yield record_to_doc({k: v for k, v in row.items() if k and k != _EXTRA}, f"{origin}#{i}", f"{stem}#{i}",
                            max_bytes)
