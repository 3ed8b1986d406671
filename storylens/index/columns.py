"""Columns read lazily from a saved index state, with an overlay of changes.

A saved story index (:mod:`storylens.index.stories`) is a set of flat numpy
arrays, loaded as views of a memory-mapped file: nothing is decoded until it
is used. The classes here give list- and dict-like access to such arrays:

* :class:`RowColumn`: a list of values (strings, JSON values), each stored as
  bytes (one ``uint8`` array plus row offsets); a row is decoded when read.
* :class:`NumColumn`: a list of numbers over one numpy array.
* :class:`KeyIndex`: a mapping (string or int key -> int) over sorted 64-bit
  key hashes and values, looked up by binary search.

Each keeps what changed since loading in an *overlay*: rows set or appended,
keys inserted. :meth:`arrays` folds base and overlay into new arrays (a full
state); :meth:`overlay_arrays` saves the overlay alone and
:meth:`load_overlay` restores it over the same base (a delta state: see
:mod:`storylens.index.linker`).

A row of a ``mutable`` :class:`RowColumn` (a list that callers append to) is
copied into the overlay when first read, so that changes made to it in place
are kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any, Self

import numpy as np

from .arrays import offsets_of

__all__ = ["Overlaid", "RowColumn", "NumColumn", "KeyIndex", "str_hash", "encode_rows"]


def _json_dump(v: Any) -> bytes:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_load(b: bytes) -> Any:
    return json.loads(b)


def _str_dump(v: str) -> bytes:
    return v.encode("utf-8")


def _str_load(b: bytes) -> str:
    return b.decode("utf-8")


def _bytes_dump(v: bytes) -> bytes:
    return bytes(v)


def _bytes_load(b: Any) -> Any:
    return b


_CODECS: dict[str, tuple[Callable[[Any], bytes], Callable[[Any], Any]]] = {
    "json": (_json_dump, _json_load),
    "str": (_str_dump, _str_load),
    "bytes": (_bytes_dump, _bytes_load),
}


def encode_rows(rows, codec: str = "json") -> tuple[np.ndarray, np.ndarray]:
    """``(data, offsets)`` of ``rows`` encoded one after the other."""
    dump = _CODECS[codec][0]
    parts = [dump(r) for r in rows]
    return np.frombuffer(b"".join(parts), dtype=np.uint8), offsets_of([len(p) for p in parts])


def _view(a: np.ndarray):
    """Item access to a 1-D array that returns Python numbers: a memoryview
    when the array allows one (contiguous, native), else the array's
    ``item``."""
    try:
        mv = a.data
        if mv.ndim == 1 and mv.format in ("q", "l", "d", "f", "i", "?", "B", "b", "h", "H", "I", "Q", "L"):
            return mv
    except (TypeError, ValueError):
        pass
    return _Items(a)


class _Items:
    def __init__(self, a: np.ndarray) -> None:
        self.item = a.item

    def __getitem__(self, i: int):
        return self.item(i)


class Overlaid:
    """A list over ``_nbase`` stored rows: rows set over the base since
    loading in ``_set``, rows appended in ``_tail`` (the overlay). Subclasses
    read a stored row in ``_read_base``."""

    _nbase: int
    _set: dict[int, Any]
    _tail: list[Any]

    def __len__(self) -> int:
        return self._nbase + len(self._tail)

    def _index(self, i: int) -> int:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("index out of range")
        return i

    def __getitem__(self, i: int) -> Any:
        i = self._index(i)
        if i >= self._nbase:
            return self._tail[i - self._nbase]
        if i in self._set:
            return self._set[i]
        return self._read_base(i)

    def _read_base(self, i: int) -> Any:
        raise NotImplementedError

    def take(self, keys: list[int]) -> list[Any]:
        """The values at ``keys`` (indexes in range, none negative), in
        order: ``[self[k] for k in keys]`` without a method call per key
        (the story clusterer reads its candidates' rows this way)."""
        nb, tail = self._nbase, self._tail
        if nb == 0:
            return [tail[k] for k in keys]
        s, base = self._set, self._read_base
        return [tail[k - nb] if k >= nb else (s[k] if k in s else base(k)) for k in keys]

    def __setitem__(self, i: int, v: Any) -> None:
        i = self._index(i)
        if i >= self._nbase:
            self._tail[i - self._nbase] = v
        else:
            self._set[i] = v

    def append(self, v: Any) -> None:
        self._tail.append(v)

    def pop(self) -> Any:
        if not self._tail:
            raise IndexError("only values added since loading can be popped")
        return self._tail.pop()


class RowColumn(Overlaid):
    """A list of values stored as encoded rows (``codec``: ``"json"``,
    ``"str"`` or ``"bytes"``; a ``bytes`` row is returned as a memoryview of
    the stored data, without a copy)."""

    def __init__(self, codec: str = "json", data: np.ndarray | None = None, offsets: np.ndarray | None = None,
                 mutable: bool = False) -> None:
        if codec not in _CODECS:
            raise ValueError(f"unknown codec {codec!r}")
        self.codec, self.mutable = codec, mutable
        self._dump, self._load = _CODECS[codec]
        self._data = np.zeros(0, np.uint8) if data is None else data
        self._offs = np.zeros(1, np.int64) if offsets is None else np.asarray(offsets, dtype=np.int64)
        if len(self._offs) < 1 or self._offs[-1] != len(self._data):
            raise ValueError("corrupt column: offsets do not match the data")
        self._mv = self._data.data.cast("B") if len(self._data) else memoryview(b"")
        self._nbase = len(self._offs) - 1
        self._ov = _view(self._offs)  # offsets read as Python ints, 4x faster than numpy scalars
        self._set: dict[int, Any] = {}
        self._tail: list[Any] = []

    @classmethod
    def of(cls, rows, codec: str = "json", mutable: bool = False) -> RowColumn:
        """A column holding ``rows`` (all in the overlay: nothing to encode yet)."""
        col = cls(codec, mutable=mutable)
        col._tail = list(rows)
        return col

    def _read_base(self, i: int) -> Any:
        raw = self._mv[self._ov[i] : self._ov[i + 1]]
        v = self._load(raw if self.codec == "bytes" else bytes(raw))
        if self.mutable:
            self._set[i] = v
        return v

    def extend(self, vs) -> None:
        self._tail.extend(vs)

    def __iter__(self) -> Iterator[Any]:
        for i in range(len(self)):
            yield self[i]

    def tolist(self) -> list:
        return list(self)

    # -- saving ----------------------------------------------------------------
    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The whole column (base and overlay) as ``{prefix_data, prefix_offs}``."""
        if not self._set and not self._tail:
            return {prefix + "_data": self._data, prefix + "_offs": self._offs}
        if not self._set:  # appended only: the base bytes are kept as they are
            tdata, toffs = encode_rows(self._tail, self.codec)
            return {prefix + "_data": np.concatenate([self._data, tdata]),
                    prefix + "_offs": np.concatenate([self._offs, toffs[1:] + self._offs[-1]])}
        data, offs = encode_rows(self, self.codec)
        return {prefix + "_data": data, prefix + "_offs": offs}

    @classmethod
    def from_arrays(cls, arrays, prefix: str, codec: str = "json", mutable: bool = False) -> RowColumn:
        return cls(codec, arrays[prefix + "_data"], arrays[prefix + "_offs"], mutable=mutable)

    def overlay_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The overlay alone: rows set over the base and rows appended."""
        keys = sorted(self._set)
        sdata, soffs = encode_rows([self._set[k] for k in keys], self.codec)
        tdata, toffs = encode_rows(self._tail, self.codec)
        return {prefix + "_setk": np.array(keys, dtype=np.int64), prefix + "_setd": sdata,
                prefix + "_seto": soffs, prefix + "_taild": tdata, prefix + "_tailo": toffs}

    def load_overlay(self, arrays, prefix: str) -> None:
        """Restore an overlay saved by :meth:`overlay_arrays` over this base."""
        keys = arrays[prefix + "_setk"].tolist()
        if keys and (min(keys) < 0 or max(keys) >= self._nbase):
            raise ValueError("overlay rows outside the base column")
        sets = RowColumn(self.codec, arrays[prefix + "_setd"], arrays[prefix + "_seto"])
        tail = RowColumn(self.codec, arrays[prefix + "_taild"], arrays[prefix + "_tailo"])
        if len(sets) != len(keys):
            raise ValueError("overlay keys and rows differ in number")
        own = self.codec == "bytes"  # a bytes row must not point into a buffer that may go away
        self._set = {k: (bytes(v) if own else v) for k, v in zip(keys, sets, strict=True)}
        self._tail = [bytes(v) if own else v for v in tail]


class NumColumn(Overlaid):
    """A list of numbers over a numpy array (base) plus an overlay; ``nan``
    in a float column reads as None when ``none_as_nan``."""

    def __init__(self, dtype, base: np.ndarray | None = None, none_as_nan: bool = False) -> None:
        self.dtype = np.dtype(dtype)
        self._base = np.zeros(0, self.dtype) if base is None else np.asarray(base)
        self.none_as_nan = none_as_nan
        self._nbase = len(self._base)
        self._bv = _view(self._base)
        self._set: dict[int, Any] = {}
        self._tail: list[Any] = []

    @classmethod
    def of(cls, values, dtype, none_as_nan: bool = False) -> NumColumn:
        col = cls(dtype, none_as_nan=none_as_nan)
        col._tail = list(values)
        return col

    def _read_base(self, i: int) -> Any:
        v = self._bv[i]
        if self.none_as_nan and v != v:
            return None
        return v

    def __iter__(self) -> Iterator[Any]:
        return iter(self.tolist())

    def tolist(self) -> list:
        out = self._base.tolist()
        if self.none_as_nan:
            out = [None if v != v else v for v in out]
        for k, v in self._set.items():
            out[k] = v
        return out + self._tail

    def numpy(self) -> np.ndarray:
        """The whole column as a new array (None as nan)."""
        if not self._set and not self._tail:
            return np.array(self._base, dtype=self.dtype)
        out = np.empty(len(self), dtype=self.dtype)
        out[: self._nbase] = self._base
        if self._set:
            ks = np.fromiter(self._set, np.int64, len(self._set))
            out[ks] = self._conv(list(self._set.values()))
        if self._tail:
            out[self._nbase :] = self._conv(self._tail)
        return out

    def _conv(self, vals: list) -> np.ndarray:
        if self.none_as_nan:
            vals = [np.nan if v is None else v for v in vals]
        return np.array(vals, dtype=self.dtype)

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        return {name: self.numpy()}

    @classmethod
    def from_arrays(cls, arrays, name: str, dtype, none_as_nan: bool = False) -> NumColumn:
        return cls(dtype, arrays[name], none_as_nan)

    def overlay_arrays(self, name: str) -> dict[str, np.ndarray]:
        keys = sorted(self._set)
        return {name + "_setk": np.array(keys, dtype=np.int64),
                name + "_setv": self._conv([self._set[k] for k in keys]),
                name + "_tail": self._conv(self._tail)}

    def load_overlay(self, arrays, name: str) -> None:
        keys = arrays[name + "_setk"].tolist()
        vals = NumColumn(self.dtype, arrays[name + "_setv"], self.none_as_nan)
        tail = NumColumn(self.dtype, arrays[name + "_tail"], self.none_as_nan)
        if len(vals) != len(keys) or (keys and (min(keys) < 0 or max(keys) >= self._nbase)):
            raise ValueError(f"bad overlay for column {name!r}")
        self._set = dict(zip(keys, vals.tolist(), strict=True))
        self._tail = tail.tolist()


def str_hash(s: str) -> int:
    """A 64-bit hash of a string, the same in every process (unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")


def _hash_many(keys: list, kind: str) -> np.ndarray:
    if kind == "int":
        return np.array(keys, dtype=np.int64).view(np.uint64)
    return np.fromiter((str_hash(k) for k in keys), np.uint64, len(keys))


class KeyIndex:
    """A mapping ``key -> int`` (keys: ``kind`` ``"str"`` or ``"int"``) over
    sorted 64-bit key hashes and their values, plus an overlay dict of keys
    set since loading. A string whose hash collides with a stored one is told
    apart by ``key_of(value)`` (the stored key of a value), when given; keys
    cannot be removed."""

    def __init__(self, kind: str = "str", hashes: np.ndarray | None = None, values: np.ndarray | None = None,
                 key_of: Callable[[int], Any] | None = None) -> None:
        if kind not in ("str", "int"):
            raise ValueError(f"unknown key kind {kind!r}")
        self.kind, self.key_of = kind, key_of
        self._h = np.zeros(0, np.uint64) if hashes is None else hashes
        self._v = np.zeros(0, np.int64) if values is None else values
        if len(self._h) != len(self._v):
            raise ValueError("corrupt key index: hashes and values differ in number")
        self._new: dict[Any, int] = {}
        self._overridden = 0  # keys of the base set again since loading

    @classmethod
    def of(cls, mapping: dict, kind: str = "str", key_of=None) -> KeyIndex:
        ki = cls(kind, key_of=key_of)
        ki._new = dict(mapping)
        return ki

    def _hash(self, key: Any) -> int:
        return (int(key) & 0xFFFFFFFFFFFFFFFF) if self.kind == "int" else str_hash(key)

    def _base_get(self, key: Any) -> int | None:
        h = self._h
        if not len(h):
            return None
        code = np.uint64(self._hash(key))
        i = int(np.searchsorted(h, code))
        while i < len(h) and h[i] == code:
            v = int(self._v[i])
            if self.kind == "int" or self.key_of is None or self.key_of(v) == key:
                return v
            i += 1
        return None

    def get(self, key: Any, default: Any = None) -> Any:
        v = self._new.get(key)
        if v is not None:
            return v
        v = self._base_get(key)
        return default if v is None else v

    def __getitem__(self, key: Any) -> int:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def __contains__(self, key: Any) -> bool:
        return self.get(key) is not None

    def __setitem__(self, key: Any, value: int) -> None:
        if self._base_get(key) is not None and key not in self._new:
            self._overridden += 1
        self._new[key] = int(value)

    def __len__(self) -> int:
        return len(self._h) + len(self._new) - self._overridden

    def new_items(self) -> dict:
        """Keys set since loading."""
        return dict(self._new)

    # -- saving ----------------------------------------------------------------
    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The whole mapping as ``{prefix_h, prefix_v}`` (hashes sorted; a key
        set since loading replaces the stored one)."""
        h, v = self._h, self._v
        if self._new:
            nk = list(self._new)
            nh = _hash_many(nk, self.kind)
            nv = np.fromiter(self._new.values(), np.int64, len(nk))
            if len(h) and self._overridden:
                old = np.array([self._base_get(k) is not None for k in nk])
                drop = np.zeros(len(h), dtype=bool)
                for k in (k for k, o in zip(nk, old, strict=True) if o):
                    code = np.uint64(self._hash(k))
                    i = int(np.searchsorted(h, code))
                    while i < len(h) and h[i] == code:
                        if self.kind == "int" or self.key_of is None or self.key_of(int(v[i])) == k:
                            drop[i] = True
                            break
                        i += 1
                h, v = h[~drop], v[~drop]
            h = np.concatenate([h, nh])
            v = np.concatenate([v, nv])
            order = np.argsort(h, kind="stable")
            h, v = h[order], v[order]
        return {prefix + "_h": h, prefix + "_v": v}

    @classmethod
    def from_arrays(cls, arrays, prefix: str, kind: str = "str", key_of=None) -> Self:
        return cls(kind, arrays[prefix + "_h"], arrays[prefix + "_v"], key_of=key_of)

    def overlay_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        keys = list(self._new)
        vals = np.fromiter(self._new.values(), np.int64, len(keys))
        if self.kind == "int":
            return {prefix + "_nk": np.array(keys, dtype=np.int64), prefix + "_nv": vals}
        data, offs = encode_rows(keys, "str")
        return {prefix + "_nkd": data, prefix + "_nko": offs, prefix + "_nv": vals}

    def load_overlay(self, arrays, prefix: str) -> None:
        if self.kind == "int":
            keys = arrays[prefix + "_nk"].tolist()
        else:
            keys = RowColumn("str", arrays[prefix + "_nkd"], arrays[prefix + "_nko"]).tolist()
        vals = arrays[prefix + "_nv"].tolist()
        if len(keys) != len(vals):
            raise ValueError("bad key index overlay")
        self._new = dict(zip(keys, vals, strict=True))
        if len(self._new) != len(keys):
            raise ValueError("bad key index overlay: a key twice")
        self._overridden = self._count_in_base(keys)

    def _count_in_base(self, keys: list) -> int:
        """How many of ``keys`` the base holds (one vectorised search; only
        keys whose hash is stored are checked one by one)."""
        h = self._h
        if not len(h) or not keys:
            return 0
        codes = _hash_many(keys, self.kind)
        pos = np.searchsorted(h, codes)
        hit = np.flatnonzero(h.take(pos, mode="clip") == codes)
        if self.kind == "int" or self.key_of is None:
            return len(hit)
        return sum(1 for i in hit.tolist() if self._base_get(keys[i]) is not None)
