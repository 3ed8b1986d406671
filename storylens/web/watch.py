"""Watched folders (``storylens serve --watch DIR``): files that appear or
change in a folder are analyzed by the server's job queue, whose linker
keeps the story index in memory, so each new article is linked in tens of
milliseconds even in a large store.

A file is taken once it has kept the same size and modification time for
one poll (so a file still being copied in is not read half-written). When a
folder holds a sidecar metadata file (``meta.csv``/``meta.json``), the whole
folder is submitted, so the metadata applies; unchanged files are skipped by
content hash.

A poll reads the folder's entries with ``os.scandir`` (names as plain
strings, one ``stat`` each): it takes the files :func:`~storylens.ingest.discover`
would (hidden names and links leading out of the folder left out) without
making a ``Path`` of every file every second, whose parts Python interns.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import ConfigError
from ..ingest import is_sidecar, known_name

__all__ = ["FolderWatcher"]


def scan(root: str) -> Iterator[tuple[str, tuple[int, int] | None]]:
    """The files of folder ``root`` (resolved) that a reader takes, each with
    its ``(mtime_ns, size)``; a metadata file comes with ``None``. Hidden
    names are skipped, and so are a linked folder and a symbolic link whose
    target is outside ``root``; a file that vanishes meanwhile is left out."""
    stack = [root]
    inside = root.rstrip(os.sep) + os.sep
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # removed meanwhile, or not readable
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                if e.is_symlink():
                    if e.is_dir() or not os.path.realpath(e.path).startswith(inside):
                        continue  # as discover(): no linked folder, no file outside
                elif e.is_dir():
                    stack.append(e.path)
                    continue
                if not e.is_file():
                    continue
                if is_sidecar(e.path):
                    yield e.path, None
                elif known_name(e.name):
                    st = e.stat()
                    yield e.path, (st.st_mtime_ns, st.st_size)
            except OSError:
                continue


class FolderWatcher:
    """Polls ``folders`` every ``interval`` seconds and calls ``submit``
    with the inputs to analyze (a list of paths)."""

    def __init__(self, folders: Sequence[str | Path], submit: Callable[[list[str]], object], interval: float = 5.0):
        self.folders = [Path(f).resolve() for f in folders]
        for f in self.folders:
            if not f.is_dir():
                raise ConfigError(f"--watch needs a folder: {f} is not one")
        if interval <= 0:
            raise ConfigError("the watch interval must be positive")
        self.submit, self.interval = submit, interval
        self._seen: dict[str, tuple[int, int]] = {}  # path -> (mtime_ns, size) when last submitted
        self._pending: dict[str, tuple[int, int]] = {}  # path -> signature seen at the previous poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll(self) -> list[str]:
        """One scan: submit what is new or changed and stable; return it."""
        out: list[str] = []
        for folder in self.folders:
            sidecar = False
            ready: list[str] = []
            for p, sig in scan(str(folder)):
                if sig is None:
                    sidecar = True
                    continue
                if self._seen.get(p) == sig:
                    continue
                if self._pending.get(p) == sig:
                    ready.append(p)
                    self._seen[p] = sig
                    self._pending.pop(p, None)
                else:
                    self._pending[p] = sig
            if not ready:
                continue
            inputs = [str(folder)] if sidecar else sorted(ready)
            self.submit(inputs)
            out += inputs
        return out

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="storylens-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(Exception):  # a folder that vanished or a transient error: try again next time
                self.poll()
            self._stop.wait(self.interval)
