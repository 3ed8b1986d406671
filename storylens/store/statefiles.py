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
the stored articles, losing nothing. A damaged location (a file where the
folder should be, a folder where a state file should be, an unreadable
file) is reported in one line (a warning on the ``storylens`` logger) and
moved aside as ``<name>.damaged-<time>`` when a new state is written there;
the index is rebuilt.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import re
import time
from pathlib import Path

__all__ = ["FILE_REF", "StateFiles"]

FILE_REF = b"file:"
_NAME = re.compile(r"^[0-9a-f]{8,64}\.state$")
_TMP_AGE = 3600.0  # a temporary file older than this (seconds) was left by a crash
log = logging.getLogger("storylens")


def _move_aside(path: Path, what: str) -> None:
    """Rename a damaged ``path`` out of the way (never delete what a user may want)."""
    aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
    log.warning("storylens: %s %s is damaged (%s); moved to %s, the story index will be rebuilt",
                what, path, "a file, not a folder" if path.is_file() else "a folder, not a file", aside.name)
    os.replace(path, aside)


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
        if self.dir.exists() and not self.dir.is_dir():
            _move_aside(self.dir, "the index folder")
        self.dir.mkdir(exist_ok=True)
        target = self.dir / name
        if target.is_dir():
            _move_aside(target, "the index state file")
        tmp = self.dir / f".{name}.tmp"
        with open(tmp, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        return FILE_REF + name.encode("ascii")

    def read(self, value: bytes | None):
        """The state a row holds: its bytes, or a read-only memory map of the
        file it refers to; None when there is none or the file is missing."""
        if not value or not value.startswith(FILE_REF):
            return value
        name = value[len(FILE_REF):].decode("ascii", "replace")
        if self.dir is None or not _NAME.match(name):
            return None
        path = self.dir / name
        try:
            with open(path, "rb") as f:
                return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
            log.warning("storylens: the index state %s cannot be read (%s); the story index will be rebuilt",
                        path, exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
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
