"""Ingest: files, folders, JSONL/CSV exports, WARC archives, RSS/Atom feeds,
URL lists and URLs become :class:`~storylens.models.RawDocument` objects (or
:class:`~storylens.models.Rejection` records with a plain reason)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FetchError, InputError, RejectedDocument
from ..models import RawDocument, Rejection
from .decode import DEFAULT_MAX_BYTES, check_size, check_text, decode_bytes, looks_binary
from .feeds import looks_like_feed, read_feed
from .fetch import FetchPolicy, fetch
from .records import read_csv, read_jsonl, record_to_doc
from .sidecar import load_sidecar, meta_for
from .warc import read_warc, uri_slug

__all__ = ["IngestOptions", "ingest", "discover", "FetchPolicy", "load_sidecar", "known_name", "is_sidecar"]

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
RECORD_EXT = {".jsonl", ".ndjson", ".json", ".csv"}
FEED_EXT = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
URLLIST_EXT = {".urls"}
SIDECAR_NAMES = {"meta.csv", "meta.json", "metadata.csv", "metadata.json"}
_URL = re.compile(r"^https?://\S+$", re.I)


@dataclass
class IngestOptions:
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    fetch: FetchPolicy = field(default_factory=FetchPolicy)


def _is_warc(p: Path) -> bool:
    return p.name.lower().endswith(WARC_SUFFIXES)


_KNOWN_EXT = frozenset(TEXT_EXT | HTML_EXT | RECORD_EXT | FEED_EXT | URLLIST_EXT)


def known_name(name: str) -> bool:
    """A file name whose kind a reader knows (by its ending)."""
    low = name.lower()
    return low.endswith(WARC_SUFFIXES) or os.path.splitext(low)[1] in _KNOWN_EXT


def is_sidecar(p: str | Path) -> bool:
    """A metadata file (``meta.csv``/``meta.json``, or a CSV of metadata)."""
    name = os.path.basename(p).lower()
    return name in SIDECAR_NAMES or (name.endswith(".csv") and _is_sidecar_csv(Path(p)))


def _known(p: Path) -> bool:
    return known_name(p.name)


def _is_sidecar_csv(p: Path) -> bool:
    """A CSV with a ``file`` column and no ``text``/``html`` column is metadata."""
    if p.suffix.lower() != ".csv":
        return False
    try:
        with p.open(encoding="utf-8-sig", errors="replace") as fh:
            header = {h.strip().lower() for h in fh.readline().split(",")}
    except OSError:
        return False
    return "file" in header and not header & {"text", "html"}


def discover(inputs: Iterable[str | Path]) -> tuple[list[str | Path | Rejection], dict[str, dict[str, Any]]]:
    """Expand folders into their files (sorted) and pick up sidecar metadata
    files found in them (``meta.csv``/``meta.json``). A file inside a folder
    that is a symbolic link to somewhere outside it is not read: it becomes
    a :class:`Rejection`."""
    out: list[str | Path | Rejection] = []
    sidecar: dict[str, dict[str, Any]] = {}
    for item in inputs:
        s = str(item)
        if _URL.match(s):
            out.append(s)
            continue
        p = Path(s)
        if p.is_dir():
            root = p.resolve()
            for f in sorted(x for x in p.rglob("*") if x.is_file()):
                if any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if not f.resolve().is_relative_to(root):
                    out.append(Rejection(f.stem, str(f), "a symbolic link to a file outside the input folder "
                                         "(not followed)", "ingest"))
                    continue
                if is_sidecar(f):
                    try:
                        sidecar.update(load_sidecar(f))
                    except InputError:
                        out.append(f)
                    continue
                if _known(f):
                    out.append(f)
        else:
            out.append(p)
    return out, sidecar


def _few_controls(data: bytes) -> bool:
    """An export whose NUL or control bytes are a few stray ones (its
    records are checked one by one), not a binary file named .jsonl."""
    head = data[:1 << 20]
    ctrl = len(head) - len(head.translate(None, _CONTROLS))
    return ctrl <= max(8, len(head) // 10_000)


_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def ingest(inputs: Iterable[str | Path], options: IngestOptions | None = None) -> Iterator[RawDocument | Rejection]:
    """Yield a document or a rejection for everything found in ``inputs``."""
    opts = options or IngestOptions()
    items, found_meta = discover(inputs)
    meta = {**found_meta, **opts.meta}
    for item in items:
        if isinstance(item, Rejection):
            yield item
        elif isinstance(item, str):
            yield from _ingest_url(item, opts)
        else:
            seen = 0
            try:
                for doc in _ingest_file(item, opts, meta):
                    seen += 1
                    yield doc
            except Exception as exc:  # a reader's bug must not end the run: this file's rest is refused
                yield Rejection(item.stem, str(item), f"internal error reading this file after {seen} documents: "
                                f"{type(exc).__name__}: {exc}"[:300], "ingest")


def _merge(doc: RawDocument | Rejection, extra: dict[str, Any]) -> RawDocument | Rejection:
    if isinstance(doc, RawDocument) and extra:
        merged = {**doc.meta, **extra}
        return RawDocument(name=doc.name, origin=doc.origin, format=doc.format, content=doc.content,
                           meta=merged, encoding=doc.encoding)
    return doc


def _ingest_file(p: Path, opts: IngestOptions, meta: dict[str, dict[str, Any]]) -> Iterator[RawDocument | Rejection]:
    name, origin = p.name.split(".")[0] if _is_warc(p) else p.stem, str(p)
    try:
        size = p.stat().st_size
    except OSError as exc:
        yield Rejection(name, origin, f"cannot read file: {exc.strerror or exc}", "ingest")
        return
    try:
        if _is_warc(p):
            if size == 0:
                raise RejectedDocument("empty file", stage="ingest")
            with p.open("rb") as fh:
                yield from read_warc(fh, origin, name, max_bytes=opts.max_bytes)
            return
        suffix = p.suffix.lower()
        records = suffix in RECORD_EXT  # each record is held to max_bytes, not the whole export
        limit = opts.max_bytes if not records else max(opts.max_bytes, 1 << 31)
        check_size(size, limit)
        data = p.read_bytes()
        if looks_binary(data) and not (records and _few_controls(data)):
            raise RejectedDocument("binary file, not text (NUL or control bytes)", stage="ingest")
        text, enc, warnings = decode_bytes(data, max_bytes=limit, check=False,  # plain text is checked below
                                           binary_check=not records)
    except RejectedDocument as exc:
        yield Rejection(name, origin, exc.message, "ingest")
        return
    except OSError as exc:
        yield Rejection(name, origin, f"cannot read file: {exc.strerror or exc}", "ingest")
        return
    extra = meta_for(meta, p, name)
    if warnings:
        extra = {**extra, "warnings": warnings}
    if suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(text, origin, name, max_bytes=opts.max_bytes)
    elif suffix == ".json":
        yield from _read_json(text, origin, name, opts.max_bytes)
    elif suffix == ".csv":
        yield from read_csv(text, origin, name, max_bytes=opts.max_bytes)
    elif suffix in URLLIST_EXT or (suffix in TEXT_EXT and _is_url_list(text)):
        yield from _url_list(text, origin, opts)
    elif suffix in FEED_EXT or (suffix in HTML_EXT and looks_like_feed(text)):
        yield from (_merge(d, extra) for d in read_feed(text, origin, name))
    elif suffix in HTML_EXT:
        yield _merge(RawDocument(name=name, origin=origin, format="html", content=text, encoding=enc), extra)
    else:
        fmt = "html" if re.match(r"\s*(<!doctype html|<html)", text[:200], re.I) else "text"
        if fmt == "text":
            try:
                check_text(text)
            except RejectedDocument as exc:
                yield Rejection(name, origin, exc.message, "ingest")
                return
        yield _merge(RawDocument(name=name, origin=origin, format=fmt, content=text, encoding=enc), extra)


def _read_json(text: str, origin: str, stem: str, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejection(stem, origin, f"invalid JSON: {exc.msg} (line {exc.lineno})", "ingest")
        return
    recs = data if isinstance(data, list) else [data]
    for i, rec in enumerate(recs, 1):
        yield record_to_doc(rec, f"{origin}#{i}", f"{stem}#{i}" if len(recs) > 1 else stem, max_bytes)


def _is_url_list(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and all(_URL.match(line) for line in lines)


def _url_list(text: str, origin: str, opts: IngestOptions) -> Iterator[RawDocument | Rejection]:
    """The documents of a URL list; a line that is not an http(s) URL is a
    rejection named by the line itself."""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _URL.match(line):
            yield from _ingest_url(line, opts)
        else:
            yield Rejection(line[:200], origin, "not an http(s) URL: a URL list names web pages only (no file "
                            "paths, file:, data: or other schemes)", "ingest")


def _ingest_url(url: str, opts: IngestOptions) -> Iterator[RawDocument | Rejection]:
    name = uri_slug(url, url)
    try:
        got = fetch(url, opts.fetch)
        text, enc, warnings = decode_bytes(got.data, got.charset, max_bytes=opts.fetch.max_bytes, check=False)
    except (FetchError, RejectedDocument) as exc:
        yield Rejection(url, url, exc.message, "ingest")  # named by the URL: its last segment may say nothing
        return
    if "xml" in got.content_type or looks_like_feed(text):
        yield from read_feed(text, url, name)
        return
    fmt = "html" if "html" in got.content_type or re.match(r"\s*<", text) else "text"
    meta: dict[str, Any] = {"url": got.final_url, **({"warnings": warnings} if warnings else {})}
    yield RawDocument(name=name, origin=url, format=fmt, content=text, meta=meta, encoding=enc)
