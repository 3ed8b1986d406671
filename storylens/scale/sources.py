"""Inputs as a stream of partitions (:class:`Shard`), never a full list.

A folder is walked lazily (one directory listing at a time, sorted) and its
files are handed out in batches of ``partition_docs``; a JSONL/NDJSON file
larger than ``chunk_bytes`` is cut into byte ranges at line ends (the client
reads it once to find them and to number the lines, so a record's origin is
``path#line`` as in a single-process run); a WARC archive is one shard (its
records are read in order by one worker); a glob pattern (``shards/*.jsonl``)
expands lazily; URLs are batched. A worker turns a shard back into raw
documents with :func:`read_shard`, through the ingest layer.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, RejectedDocument
from ..ingest import (
    FEED_EXT,
    HTML_EXT,
    RECORD_EXT,
    SIDECAR_NAMES,
    TEXT_EXT,
    URLLIST_EXT,
    WARC_SUFFIXES,
    IngestOptions,
    ingest,
    load_sidecar,
)
from ..ingest.decode import decode_bytes
from ..ingest.records import record_to_doc
from ..models import RawDocument, Rejection

__all__ = ["Shard", "iter_shards", "read_shard", "find_sidecars"]

CHUNK_BYTES = 32 << 20
_URL_PREFIXES = ("http://", "https://")
_GLOB = set("*?[")


@dataclass(frozen=True)
class Shard:
    """One partition of the inputs: ``paths`` (files, URLs) read whole, or
    the byte range ``[start, end)`` of one JSONL file whose first line is
    line ``first_line``."""

    kind: str  # "paths" | "jsonl"
    items: tuple[str, ...]
    start: int = 0
    end: int = 0
    first_line: int = 1

    @property
    def key(self) -> str:
        """A stable name for the shard's results (same inputs, same key)."""
        raw = json.dumps([self.kind, self.items, self.start, self.end, self.first_line])
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def _is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def _known(p: Path) -> bool:
    s = p.suffix.lower()
    return _is_warc(p.name) or s in TEXT_EXT | HTML_EXT | RECORD_EXT | FEED_EXT | URLLIST_EXT


def _is_sidecar(p: Path) -> bool:
    if p.name.lower() in SIDECAR_NAMES:
        return True
    if p.suffix.lower() != ".csv":
        return False
    try:
        with p.open(encoding="utf-8-sig", errors="replace") as fh:
            header = {h.strip().lower() for h in fh.readline().split(",")}
    except OSError:
        return False
    return "file" in header and not header & {"text", "html"}


def _walk(top: Path) -> Iterator[Path | Rejection]:
    """Files under ``top``, one directory listing at a time, sorted; hidden
    names skipped, a symbolic link out of ``top`` refused."""
    root = top.resolve()
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if fn.startswith("."):
                continue
            f = Path(dirpath) / fn
            if not f.resolve().is_relative_to(root):
                yield Rejection(f.stem, str(f), "a symbolic link to a file outside the input folder (not followed)",
                                "ingest")
                continue
            yield f


def _expand(inputs: Iterable[str | Path]) -> Iterator[str | Path]:
    for item in inputs:
        s = str(item)
        if s.startswith(_URL_PREFIXES) or Path(s).exists() or not _GLOB & set(s):
            yield item
        else:
            yield from (Path(p) for p in glob.iglob(s, recursive=True))


def find_sidecars(inputs: Iterable[str | Path]) -> dict[str, dict[str, Any]]:
    """Sidecar metadata found in the input folders (a first, cheap pass)."""
    meta: dict[str, dict[str, Any]] = {}
    for item in _expand(inputs):
        p = Path(str(item))
        if str(item).startswith(_URL_PREFIXES) or not p.is_dir():
            continue
        for f in _walk(p):
            if isinstance(f, Path) and _is_sidecar(f):
                with contextlib.suppress(InputError):
                    meta.update(load_sidecar(f))
    return meta


def _jsonl_ranges(p: Path, chunk: int) -> Iterator[Shard]:
    """Byte ranges of about ``chunk`` bytes ending at line ends, with the
    number of each range's first line."""
    start, line = 0, 1
    with p.open("rb") as fh:
        while True:
            fh.seek(start)
            data = fh.read(chunk)
            if not data:
                return
            rest = fh.readline()  # finish the line the chunk cut
            data += rest
            end = start + len(data)
            yield Shard("jsonl", (str(p),), start, end, line)
            line += data.count(b"\n")
            start = end


def iter_shards(inputs: Iterable[str | Path], partition_docs: int, chunk_bytes: int = CHUNK_BYTES,
                rejected: list[Rejection] | None = None) -> Iterator[Shard]:
    """The shards of ``inputs``, as they are found: up to ``partition_docs``
    files or ``chunk_bytes`` bytes per shard. Files refused before reading
    (links out of a folder) go to ``rejected``."""
    batch: list[str] = []
    size = 0
    for item in _expand(inputs):
        s = str(item)
        p = Path(s)
        if s.startswith(_URL_PREFIXES):
            files: Iterable[Path | Rejection] = []
            batch.append(s)
        elif p.is_dir():
            files = (f for f in _walk(p) if not isinstance(f, Path) or (_known(f) and not _is_sidecar(f)))
        else:
            files = [p]
        for f in files:
            if isinstance(f, Rejection):
                if rejected is not None:
                    rejected.append(f)
                continue
            big = f.suffix.lower() in (".jsonl", ".ndjson") and _size(f) > chunk_bytes
            if big or _is_warc(f.name):
                yield from _jsonl_ranges(f, chunk_bytes) if big else [Shard("paths", (str(f),))]
                continue
            batch.append(str(f))
            size += _size(f)
            if len(batch) >= partition_docs or size >= chunk_bytes:  # files of many records count by size
                yield Shard("paths", tuple(batch))
                batch, size = [], 0
    if batch:
        yield Shard("paths", tuple(batch))


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def read_shard(shard: Shard, options: IngestOptions) -> Iterator[RawDocument | Rejection]:
    """The raw documents (or rejections) of one shard, on a worker."""
    if shard.kind == "paths":
        yield from ingest(list(shard.items), options)
        return
    p = Path(shard.items[0])
    origin, stem = str(p), p.stem
    try:
        with p.open("rb") as fh:
            fh.seek(shard.start)
            data = fh.read(shard.end - shard.start)
        text, _enc, _warn = decode_bytes(data, max_bytes=max(len(data), 1), check=False)
    except (OSError, RejectedDocument) as exc:
        reason = exc.message if isinstance(exc, RejectedDocument) else f"cannot read file: {exc.strerror or exc}"
        yield Rejection(f"{stem}@{shard.start}", origin, reason, "ingest")
        return
    for lineno, line in enumerate(text.split("\n"), shard.first_line):
        if not line.strip():
            continue
        where = f"{origin}#{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(f"{stem}#{lineno}", where, f"line {lineno}: invalid JSON ({exc.msg}; truncated line?)",
                            "ingest")
            continue
        yield record_to_doc(rec, where, f"{stem}#{lineno}", options.max_bytes)
