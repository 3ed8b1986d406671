"""Saving the story index: the protocol its parts follow, and the blob format.

The index is saved as a *base* (every part's :meth:`~SavedPart.state`) plus,
after later runs, an *overlay* of what changed since that base was loaded
(:meth:`~SavedPart.overlay_state`), both as named flat numpy arrays packed
into one blob by :func:`pack_arrays` (no pickle; a new process maps the
blob and reads arrays as views, decoding nothing until it is used) with a
compressed JSON ``meta`` entry. Each part saves under its own prefix.
"""

from __future__ import annotations

import contextlib
import gc
import json
import zlib
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import numpy as np

from ..errors import LinkError

__all__ = ["SavedPart", "STATE_VERSION", "pack_arrays", "unpack_arrays", "pack_state", "unpack_state", "prefixed",
           "no_gc"]

STATE_VERSION = 8  # 2: spelling-tolerant entity terms; 3: flat arrays, saved inverted indexes; 4: lazy columns;
#                    5: each part saves its own options; 6: head vectors, late paragraphs, event days;
#                    7: story links ask quotations for a shared message, the re-check's event margin,
#                       no dateline among an article's terms
#                       (a store of 6 is rebuilt once, so that its links and stories follow the new rules)
#                    8: the days each article's lead names (a store of 7 is rebuilt once)
_META_LEVEL = 1  # zlib level of the JSON meta entry (the arrays are stored uncompressed)
_MAGIC = b"storylens-index\n"

Meta = dict[str, Any]
Arrays = Mapping[str, np.ndarray]


class SavedPart(Protocol):
    """A part of the story index that saves itself as flat arrays: the whole
    (:meth:`state`, restored by :meth:`from_state`) and what changed since it
    was restored (:meth:`overlay_state`, applied by :meth:`load_overlay` over
    the same base)."""

    def state(self) -> tuple[Meta, dict[str, np.ndarray]]: ...

    @classmethod
    def from_state(cls, meta: Meta, arrays: Arrays) -> SavedPart: ...

    def overlay_state(self) -> tuple[Meta, dict[str, np.ndarray]]: ...

    def load_overlay(self, meta: Meta, arrays: Arrays) -> None: ...


def pack_state(meta: Meta, arrays: dict[str, np.ndarray]) -> bytes:
    """``arrays`` and ``meta`` (stamped with :data:`STATE_VERSION`) as one blob."""
    return pack_arrays({**arrays, "meta": np.frombuffer(
        zlib.compress(json.dumps({**meta, "version": STATE_VERSION}, ensure_ascii=False).encode("utf-8"),
                      _META_LEVEL), dtype=np.uint8)})


def unpack_state(blob: Any, what: str) -> tuple[dict[str, np.ndarray], Meta]:
    """The arrays and the meta of a :func:`pack_state` blob of this version;
    anything else raises :class:`LinkError` (``what`` names it)."""
    try:
        arrays = unpack_arrays(blob)
        meta = json.loads(zlib.decompress(arrays["meta"].tobytes()).decode("utf-8"))
    except Exception as exc:
        raise LinkError(f"unreadable story index {what}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("version") != STATE_VERSION:
        version = meta.get("version") if isinstance(meta, dict) else None
        raise LinkError(f"story index {what} version {version} is not {STATE_VERSION}")
    return arrays, meta


def prefixed(arrays: Arrays, prefix: str) -> dict[str, np.ndarray]:
    """The arrays saved under ``prefix``, without it."""
    n = len(prefix)
    return {k[n:]: v for k, v in arrays.items() if k.startswith(prefix)}


def pack_arrays(arrays: dict[str, np.ndarray]) -> bytes:
    """Named numpy arrays as one self-describing blob: a magic line, the
    length of a JSON header (name, dtype, shape, offset of each array), the
    header, then the raw little-endian data of each array, 8-byte aligned.
    No zip container and no checksum pass: :func:`unpack_arrays` returns
    views into the blob without copying."""
    entries, parts, pos = [], [], 0
    for name, a in arrays.items():
        a = np.ascontiguousarray(a)
        if a.dtype.byteorder == ">" or a.dtype.hasobject:
            raise LinkError(f"cannot store array {name!r} of type {a.dtype}")
        entries.append([name, a.dtype.str, list(a.shape), pos])
        parts.append(a.reshape(-1).data.cast("B") if a.size else b"")  # no copy before the join
        pos += a.nbytes
        pad = -pos % 8
        if pad:
            parts.append(b"\0" * pad)
            pos += pad
    head = json.dumps(entries).encode("utf-8")
    head += b" " * (-(len(_MAGIC) + 8 + len(head)) % 8)
    return b"".join([_MAGIC, len(head).to_bytes(8, "little"), head, *parts])


def unpack_arrays(blob: bytes) -> dict[str, np.ndarray]:
    """The arrays of a :func:`pack_arrays` blob (read-only views into it)."""
    if bytes(blob[: len(_MAGIC)]) != _MAGIC:  # bytes, or a memory map
        raise ValueError("not a storylens index state")
    start = len(_MAGIC) + 8
    n = int.from_bytes(blob[len(_MAGIC) : start], "little")
    entries = json.loads(blob[start : start + n].decode("utf-8"))
    base = start + n
    out = {}
    for name, dtype, shape, off in entries:
        dt = np.dtype(dtype)
        count = int(np.prod(shape, dtype=np.int64))
        if base + off + count * dt.itemsize > len(blob):
            raise ValueError(f"truncated state: array {name!r}")
        out[name] = np.frombuffer(blob, dtype=dt, count=count, offset=base + off).reshape(shape)
    return out


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: decoding a state creates millions
    of small containers, none of them cyclic, and each collection pass would
    walk them all again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
