"""Large index states kept in files beside the store, read memory-mapped.

The story index's base state is hundreds of megabytes at 100,000 articles.
Read from an SQLite row it is copied in full before any use; kept in a file
of its own it is memory-mapped instead, so a new process reads only the
pages it touches. The file lives in ``<store>.index/`` and is named by the
base state's token; the store's ``state`` row holds only a reference
(:data:`FILE_REF` + file name). The file is written completely (and synced)
before the transaction that refers to it commits, and files of older bases
are removed after it, so a crash leaves at worst an unreferenced file, which
the next save removes. A store kept in memory holds the state in its row.

A referenced file that is missing (a store copied without its
``.index`` folder) reads as no state: the caller rebuilds the index from
the stored articles, losing nothing.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import re
import time
from pathlib import Path

__all__ = ["FILE_REF", "StateFiles"]

FILE_REF = b"file:"
_NAME = re.compile(r"^[0-9a-f]{8,64}\.state$")
_TMP_AGE = 3600.0  # a temporary file older than this (seconds) was left by a crash


class StateFiles:
    """The state files of the store at ``db_path`` (None: a store in memory)."""

    def __init__(self, db_path: str | None) -> None:
        self.dir = None if db_path in (None, ":memory:") else Path(db_path + ".index")

    def put(self, token: str, blob: bytes) -> bytes:
        """Write ``blob`` as the file of base ``token``; return what the state
        row should hold (the reference, or the blob itself in memory)."""
        if self.dir is None:
            return blob
        name = f"{token}.state"
        if not _NAME.match(name):
            raise ValueError(f"bad state token {token!r}")
        self.dir.mkdir(exist_ok=True)
        tmp = self.dir / f".{name}.tmp"
        with open(tmp, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.dir / name)
        return FILE_REF + name.encode("ascii")

    def read(self, value: bytes | None):
        """The state a row holds: its bytes, or a read-only memory map of the
        file it refers to; None when there is none or the file is missing."""
        if not value or not value.startswith(FILE_REF):
            return value
        name = value[len(FILE_REF):].decode("ascii", "replace")
        if self.dir is None or not _NAME.match(name):
            return None
        try:
            with open(self.dir / name, "rb") as f:
                return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (FileNotFoundError, ValueError):  # ValueError: an empty file cannot be mapped
            return None

    def prune(self, keep: str | None) -> None:
        """Remove the state files of every base but ``keep`` (best effort: a
        process still reading an old base keeps its mapping)."""
        if self.dir is None or not self.dir.is_dir():
            return
        for p in self.dir.iterdir():
            if p.name.startswith(".") and p.name.endswith(".tmp"):  # another run may be writing it
                try:
                    stale = time.time() - p.stat().st_mtime > _TMP_AGE
                except OSError:
                    stale = False
            else:
                stale = bool(_NAME.match(p.name)) and p.name != f"{keep}.state"
            if stale:
                with contextlib.suppress(OSError):
                    p.unlink()
