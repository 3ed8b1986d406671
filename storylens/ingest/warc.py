"""WARC / WARC.gz archives: HTML response records become documents."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import RejectedDocument
from ..models import RawDocument, Rejection
from .decode import decode_bytes


def uri_slug(uri: str, fallback: str) -> str:
    """Last non-empty path segment of a URI, extension dropped."""
    path = urllib.parse.urlsplit(uri).path
    segs = [s for s in path.split("/") if s]
    if not segs:
        return fallback
    slug = segs[-1]
    if "." in slug:
        slug = slug.rsplit(".", 1)[0] or slug
    return urllib.parse.unquote(slug) or fallback


def read_warc(stream: BinaryIO, origin: str, stem: str, *, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    it = iter(ArchiveIterator(stream))
    while True:
        try:
            record = next(it)
        except StopIteration:
            return
        except (ArchiveLoadFailed, ValueError, OSError, EOFError, Exception) as exc:  # corrupt record
            yield Rejection(f"{stem}#record{n + 1}", origin,
                            f"corrupt WARC record after {n} good records: {type(exc).__name__}: {exc}"[:300],
                            "ingest")
            return
        if record.rec_type != "response":
            continue
        n += 1
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        name = uri_slug(uri, f"{stem}#{n}")
        where = f"{origin}#{uri or n}"
        try:
            http = record.http_headers
            status = http.get_statuscode() if http else "200"
            ctype = (http.get_header("Content-Type") if http else "") or ""
            if status and not str(status).startswith("2"):
                continue
            if ctype and "html" not in ctype.lower():
                continue
            data = record.content_stream().read()
            charset = None
            if "charset=" in ctype.lower():
                charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip()
            text, enc = decode_bytes(data, charset, max_bytes=max_bytes)
        except RejectedDocument as exc:
            yield Rejection(name, where, exc.message, "ingest")
            continue
        except Exception as exc:  # decompression or chunking errors inside a record
            yield Rejection(name, where, f"corrupt WARC record: {type(exc).__name__}: {exc}"[:300], "ingest")
            continue
        meta = {"url": uri} if uri else {}
        date = record.rec_headers.get_header("WARC-Date")
        if date:
            meta["crawled"] = date
        yield RawDocument(name=name, origin=where, format="html", content=text, meta=meta, encoding=enc)
