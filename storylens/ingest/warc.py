"""WARC / WARC.gz archives: HTML response records become documents.

The reader says what it did with every record it could not use whole:

- a payload is read at most ``max_bytes + 1`` bytes at a time (a record that
  decompresses to more is refused without being held in memory);
- a record that ends before its declared ``Content-Length`` (a truncated
  archive, a shortened length) is refused, not stored in part;
- a record that is not followed by the blank lines the format requires has a
  wrong ``Content-Length``: what was read for it is not trusted, so it is
  refused too (the next record is checked the same way);
- a stream that cannot be read on ends the archive with a rejection that says
  how many records were stored before it.
"""

from __future__ import annotations

import contextlib
import io
import re
import urllib.parse
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import RejectedDocument
from ..models import RawDocument, Rejection
from .decode import decode_bytes

__all__ = ["read_warc", "uri_slug"]


def uri_slug(uri: str, fallback: str) -> str:
    """Last non-empty path segment of a URI, extension dropped."""
    try:
        path = urllib.parse.urlsplit(uri).path
    except ValueError:  # a malformed host ("http://[::1/a"): the path after it, as written
        rest = re.split(r"[?#]", uri, maxsplit=1)[0]
        path = rest.split("://", 1)[-1].partition("/")[2]
    segs = [s for s in path.split("/") if s]
    if not segs:
        return fallback
    slug = segs[-1]
    if "." in slug:
        slug = slug.rsplit(".", 1)[0] or slug
    return urllib.parse.unquote(slug) or fallback


def _next(it: Any) -> Any:
    """The iterator's next record; warcio's own warnings (written to stderr)
    are counted in ``it.err_count`` and read by the caller instead."""
    with contextlib.redirect_stderr(io.StringIO()):
        return next(it)


def read_warc(stream: BinaryIO, origin: str, stem: str, *, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    """Documents (and rejections) of the HTML response records of a WARC stream."""
    from warcio.archiveiterator import ArchiveIterator

    archive = ArchiveIterator(stream)
    it = iter(archive)
    stored = 0
    n = 0  # response records seen
    pending: RawDocument | Rejection | None = None  # held until the next record shows its length was right
    while True:
        errors = archive.err_count
        try:
            record = _next(it)
        except StopIteration:
            record = None
        except Exception as exc:  # a damaged stream: nothing after this point can be read
            if pending is not None:
                yield _checked(pending, archive.err_count > errors)
                stored += isinstance(pending, RawDocument)
            yield Rejection(f"{stem}#record{n + 1}", origin,
                            f"corrupt WARC stream after {n} response records ({stored} stored): "
                            f"{type(exc).__name__}: {exc}"[:300], "ingest")
            return
        if pending is not None:
            out = _checked(pending, archive.err_count > errors)
            stored += isinstance(out, RawDocument)
            yield out
            pending = None
        if record is None:
            return
        if record.rec_type != "response":
            continue
        n += 1
        pending = _document(record, origin, stem, n, stored, max_bytes)


def _checked(doc: RawDocument | Rejection, length_wrong: bool) -> RawDocument | Rejection:
    """``doc``, or its rejection when the reader found its record's length wrong."""
    if isinstance(doc, RawDocument) and length_wrong:
        return Rejection(doc.name, doc.origin, "WARC record's Content-Length does not match its content "
                         "(the record is not followed by a record boundary); not stored", "ingest")
    return doc


def _document(record: Any, origin: str, stem: str, n: int, stored: int, max_bytes: int) -> RawDocument | Rejection | None:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    name = uri_slug(uri, f"{stem}#{n}")
    where = f"{origin}#{uri or n}"
    try:
        http = record.http_headers
        status = http.get_statuscode() if http else "200"
        ctype = (http.get_header("Content-Type") if http else "") or ""
        if status and not str(status).startswith("2"):
            return None
        if ctype and "html" not in ctype.lower():
            return None
        data = record.content_stream().read(max_bytes + 1)
        if len(data) > max_bytes:
            return Rejection(name, where, f"WARC payload larger than the {max_bytes}-byte limit (refused while "
                             "reading it; raise --max-bytes to accept it)", "ingest")
        missing = getattr(record.raw_stream, "limit", 0)
        if missing:
            return Rejection(name, where, f"WARC record truncated: {missing} of its {record.length} declared bytes "
                             f"are missing (the archive ends early or is damaged; {stored} records stored "
                             "before it)", "ingest")
        charset = None
        if "charset=" in ctype.lower():
            charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip()
        text, enc, warnings = decode_bytes(data, charset, max_bytes=max_bytes, check=False)  # HTML
    except RejectedDocument as exc:
        return Rejection(name, where, exc.message, "ingest")
    except Exception as exc:  # decompression or chunking errors inside a record
        return Rejection(name, where, f"corrupt WARC record: {type(exc).__name__}: {exc}"[:300], "ingest")
    meta: dict[str, Any] = {"url": uri} if uri else {}
    date = record.rec_headers.get_header("WARC-Date")
    if date:
        meta["crawled"] = date
    if warnings:
        meta["warnings"] = warnings
    return RawDocument(name=name, origin=where, format="html", content=text, meta=meta, encoding=enc)
