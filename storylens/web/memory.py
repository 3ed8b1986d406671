"""Keeping a long-running server's memory flat (glibc only).

A server that builds pages in many worker threads makes glibc give each
thread a malloc arena of its own (up to eight per core); the freed memory
scattered over them stays counted in the process's resident size, which
then grows for as long as the server runs although Python's own heap does
not (measured: 1.7 MB a minute over a 30-minute soak, Python's traced
memory flat). :func:`bound_native_heap` limits the arenas to two and hands
free memory back to the system every ``TRIM_EVERY_S`` seconds
(``malloc_trim``). Elsewhere (macOS, musl, Windows) it does nothing.

To see where a server's memory goes, set ``STORYLENS_MEMLOG`` to a file:
each trimming round then appends one :class:`NativeHeap` as a JSON line
(malloc's bytes in use and free, SQLite's bytes, Python's allocated
blocks, Python's allocator arenas and bytes (:func:`pymalloc_stats`),
and what :func:`report_also` adds, such as the web caches' sizes);
with ``STORYLENS_MEMLOG_TYPES=N`` too, the N commonest types of the objects
the garbage collector tracks; and when Python traces its allocations
(``PYTHONTRACEMALLOC=N``), the ``TRACE_TOP`` largest growths since the
first line written a minute or more after the start (when a soak's memory
growth is first measured), by the N-frame traceback that allocated them
(slow: for diagnosis).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

log = logging.getLogger("storylens.web")

M_ARENA_MAX = -8  # mallopt parameter (glibc malloc.h)
ARENAS = 2
TRIM_EVERY_S = 30.0

_started = threading.Event()
MEMLOG_ENV = "STORYLENS_MEMLOG"  # a file to which the trimming thread appends one NativeHeap line each round
MEMLOG_TYPES_ENV = "STORYLENS_MEMLOG_TYPES"  # with it, each line also counts the N commonest object types
TRACE_TOP = 15  # growths by traceback in each memory-log line when tracemalloc traces
TRACE_FROM_S = 60.0  # the growths are counted from the first line this long after the start
_extra: list[Callable[[], dict[str, Any]]] = []


def report_also(fn: Callable[[], dict[str, Any]]) -> None:
    """Have each memory-log line also hold ``fn()`` (e.g. cache sizes)."""
    _extra.append(fn)


class _Growth:
    """Python's traced memory compared, by traceback, with a snapshot taken
    at the first call ``TRACE_FROM_S`` or more after this object was made."""

    def __init__(self) -> None:
        self._t0 = time.monotonic()
        self._first: Any = None

    def top(self, n: int) -> list[dict[str, Any]]:
        import tracemalloc

        if not tracemalloc.is_tracing() or time.monotonic() - self._t0 < TRACE_FROM_S:
            return []
        if self._first is None:
            self._first = tracemalloc.take_snapshot()
            return []
        diff = tracemalloc.take_snapshot().compare_to(self._first, "traceback")
        return [{"kb": round(d.size_diff / 1024, 1), "count": d.count_diff,
                 "where": [f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno}" for f in d.traceback]}
                for d in diff[:n]]


def object_types(top: int) -> dict[str, int]:
    """Live objects the garbage collector tracks, by type: the ``top`` commonest
    (a pass over every object: for diagnosis, not for a server at work)."""
    import gc
    from collections import Counter

    counts = Counter(type(o).__qualname__ for o in gc.get_objects())
    return dict(counts.most_common(top))


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                 "fordblks", "keepcost")]


@dataclass(frozen=True)
class NativeHeap:
    """Where a process's native memory is, for finding what makes it grow:
    malloc's view (bytes in use, free but kept, mmapped blocks) and
    SQLite's (bytes its allocator holds: page caches, statements)."""

    t: float
    malloc_in_use: int
    malloc_free: int
    malloc_mmapped: int
    sqlite_used: int
    python_blocks: int  # objects allocated by Python's allocator (sys.getallocatedblocks)
    threads: int
    pid: int  # the server and its job process may log to one file


@functools.cache
def _sqlite() -> Any | None:
    """The shared SQLite library Python's ``sqlite3`` uses (None where it is linked in)."""
    try:
        sq = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0")
        sq.sqlite3_memory_used.restype = ctypes.c_int64
        return sq
    except (OSError, AttributeError):
        return None


_PYMALLOC_LINES = {"# arenas allocated current": "pymalloc_arenas", "# arenas highwater mark": "pymalloc_arenas_peak",
                   "# bytes in allocated blocks": "pymalloc_used", "# bytes in available blocks": "pymalloc_free_blocks"}


@functools.cache
def _malloc_stats() -> tuple[Any, Any] | None:
    """libc (for ``fopen``) and CPython's ``_PyObject_DebugMallocStats``, typed once."""
    libc = _glibc()
    fn = getattr(ctypes.pythonapi, "_PyObject_DebugMallocStats", None)
    if libc is None or fn is None:
        return None
    libc.fopen.restype, libc.fopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_char_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    fn.argtypes = [ctypes.c_void_p]
    return libc, fn


def pymalloc_stats() -> dict[str, int]:
    """Python's small-object allocator: its 1 MiB arenas now and at most,
    bytes in blocks in use and free, and bytes in pools left unused (an
    arena goes back to the system only when all of it is free, so arenas
    against bytes used tell how scattered the live objects are). Empty
    where the interpreter does not export its statistics."""
    import tempfile

    found = _malloc_stats()
    if found is None:
        return {}
    libc, fn = found
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as tmp:
        fh = libc.fopen(tmp.name.encode(), b"w")
        if not fh:
            return {}
        try:
            fn(fh)
        finally:
            libc.fclose(fh)
        text = tmp.read()
    out: dict[str, int] = {}
    for line in text.splitlines():
        label, _, value = line.partition("=")
        label, value = label.strip(), value.strip().replace(",", "")
        if label in _PYMALLOC_LINES and value.isdigit():
            out[_PYMALLOC_LINES[label]] = int(value)
        elif label.endswith("bytes") and "unused pools" in label and value.isdigit():
            out["pymalloc_unused_pools"] = int(value)
    return out


def native_heap() -> NativeHeap | None:
    """The current :class:`NativeHeap`, None without glibc 2.33+ or a shared SQLite."""
    libc = _glibc()
    if libc is None or not hasattr(libc, "mallinfo2"):
        return None
    libc.mallinfo2.restype = _MallInfo2
    mi = libc.mallinfo2()
    sq = _sqlite()
    sqlite_used = int(sq.sqlite3_memory_used()) if sq is not None else -1
    return NativeHeap(t=time.time(), malloc_in_use=mi.uordblks + mi.hblkhd, malloc_free=mi.fordblks,
                      malloc_mmapped=mi.hblkhd, sqlite_used=sqlite_used,
                      python_blocks=sys.getallocatedblocks(), threads=threading.active_count(),
                      pid=os.getpid())


@functools.cache
def _glibc() -> Any | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def bound_native_heap(trim_every: float = TRIM_EVERY_S) -> bool:
    """Limit malloc arenas and start the trimming thread, once per process
    (call it before the process starts its worker threads). True when
    glibc's malloc is there to be told."""
    libc = _glibc()
    if libc is None:
        return False
    if _started.is_set():
        return True
    _started.set()
    if libc.mallopt(M_ARENA_MAX, ARENAS) != 1:
        log.debug("mallopt(M_ARENA_MAX) refused")

    memlog = os.environ.get(MEMLOG_ENV)
    try:
        types = max(0, int(os.environ.get(MEMLOG_TYPES_ENV, "0") or 0))
    except ValueError:
        log.warning("%s is not a number: no object types in the memory log", MEMLOG_TYPES_ENV)
        types = 0

    def trim() -> None:
        nonlocal memlog
        growth = _Growth() if memlog else None
        while True:
            time.sleep(trim_every)
            libc.malloc_trim(0)
            if memlog:
                heap = native_heap()
                if heap is not None:
                    row: dict[str, Any] = asdict(heap)
                    row.update(pymalloc_stats())
                    for fn in _extra:
                        try:
                            row.update(fn())
                        except Exception as exc:  # a diagnosis must not stop the trimming
                            row.setdefault("errors", []).append(f"{type(exc).__name__}: {exc}")
                    if types:
                        row["types"] = object_types(types)
                    if growth is not None and (top := growth.top(TRACE_TOP)):
                        row["growth"] = top
                    try:
                        with open(memlog, "a", encoding="utf-8") as f:
                            f.write(json.dumps(row) + "\n")
                    except OSError as exc:  # the log is a diagnosis: trimming goes on without it
                        log.warning("memory log %s not written (%s): no more lines", memlog, exc)
                        memlog = None

    threading.Thread(target=trim, name="storylens-trim", daemon=True).start()
    return True
