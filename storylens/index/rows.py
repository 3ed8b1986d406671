"""Flat (CSR) arrays of rows: the containers the indexes keep their state in.

A CSR is ``(values, offsets)``: row ``i`` is ``values[offsets[i]:offsets[i + 1]]``.
Here are vectorised helpers over CSRs (:func:`ragged_gather`,
:func:`merge_grown_rows`, :func:`splice_rows`, :func:`pack_offsets` /
:func:`unpack_offsets`), the delta of a flat array over its saved base, and
two containers read lazily from possibly read-only saved arrays:
:class:`Ragged` (a growable list of 1-D arrays) and :class:`FlatRows` (rows
keyed by sorted codes, the base of posting lists that only grow). What
changed since loading is kept apart, so that it can be saved alone as an
overlay.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .columns import Overlaid

__all__ = ["Ragged", "FlatRows", "ragged_gather", "merge_grown_rows", "splice_rows", "pack_offsets",
           "unpack_offsets"]


def ragged_gather(values: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``rows`` of the CSR ``(values, offsets)``, in that order, as a new
    CSR (vectorised: no Python loop over rows)."""
    starts, lens = offsets[:-1][rows], np.diff(offsets)[rows]
    new_offs = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lens, out=new_offs[1:])
    idx = np.repeat(starts - new_offs[:-1], lens) + np.arange(new_offs[-1], dtype=np.int64)
    return values[idx], new_offs


def merge_grown_rows(codes: np.ndarray, offsets: np.ndarray, values: np.ndarray, new_codes: np.ndarray,
                     new_lens: np.ndarray, new_values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fold rows (``new_codes``, their lengths and their values one after the
    other) into a CSR keyed by sorted unique ``codes``. A row whose code is
    already there must extend that row (posting lists only grow by
    appending), so only its new tail is inserted: one ``np.insert`` pass over
    the values, vectorised whatever the number of rows."""
    new_offs = unpack_offsets(new_lens)
    order = np.argsort(new_codes, kind="stable")
    ncodes = new_codes[order]
    flat, noffs = ragged_gather(new_values, new_offs, order)
    nlens = np.diff(noffs)
    lens = np.diff(offsets)
    pos = np.searchsorted(codes, ncodes)
    exists = np.zeros(len(ncodes), dtype=bool)
    inb = pos < len(codes)
    exists[inb] = codes[pos[inb]] == ncodes[inb]
    blen = np.zeros(len(ncodes), dtype=np.int64)
    blen[exists] = lens[pos[exists]]
    if np.any(nlens < blen):
        raise ValueError("a posting list shrank")
    within = np.arange(len(flat), dtype=np.int64) - np.repeat(noffs[:-1], nlens)
    extra = flat[within >= np.repeat(blen, nlens)].astype(values.dtype, copy=False)
    # insertion points ascend with the codes: the tail of an existing row
    # goes before a new row inserted right after it
    point = offsets[pos + exists]
    vals = np.insert(values, np.repeat(point, nlens - blen), extra)
    lens = lens.copy()
    lens[pos[exists]] = nlens[exists]
    fresh = ~exists
    lens = np.insert(lens, pos[fresh], nlens[fresh])
    codes = np.insert(codes, pos[fresh], ncodes[fresh])
    return codes, unpack_offsets(lens), vals


def pack_offsets(offsets: np.ndarray) -> np.ndarray:
    """CSR offsets as row lengths in the narrowest unsigned type (smaller
    state); :func:`unpack_offsets` restores them."""
    lens = np.diff(offsets)
    top = int(lens.max()) if len(lens) else 0
    for dt in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(dt).max:
            return lens.astype(dt)
    return lens.astype(np.int64)


def unpack_offsets(lens: np.ndarray) -> np.ndarray:
    offs = np.zeros(len(lens) + 1, dtype=np.int64)
    np.cumsum(lens, dtype=np.int64, out=offs[1:])
    return offs


def _array_delta(cur: np.ndarray, base: np.ndarray, name: str) -> dict[str, np.ndarray]:
    """Entries of ``cur`` that differ from ``base`` (indexes and values) and
    those beyond it."""
    nb = len(base)
    idx = np.flatnonzero(cur[:nb] != base)
    return {name + "_k": idx.astype(np.int64), name + "_v": cur[idx], name + "_tail": cur[nb:]}


def _apply_delta(arr: np.ndarray, z, name: str, nb: int, n: int) -> None:
    """Write an :func:`_array_delta` (over a base of ``nb`` entries, ``n``
    after it) into ``arr`` (a writable copy of the base)."""
    idx, tail = z[name + "_k"], z[name + "_tail"]
    if nb + len(tail) != n or (len(idx) and (idx.min() < 0 or idx.max() >= nb)):
        raise ValueError(f"bad overlay of {name!r}")
    arr[idx] = z[name + "_v"]
    arr[nb:n] = tail


class Ragged(Overlaid):
    """A growable list of 1-D arrays kept as one flat array plus offsets
    (CSR), so that it is saved and loaded without a loop over its rows.
    Rows loaded from a state are views into the flat array; rows set or
    appended since are kept apart (the overlay: :meth:`overlay_arrays`) and
    joined by :meth:`csr`."""

    def __init__(self, dtype, values: np.ndarray | None = None, offsets: np.ndarray | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self._vals = np.zeros(0, self.dtype) if values is None else values.astype(self.dtype, copy=False)
        self._offs = np.zeros(1, np.int64) if offsets is None else offsets.astype(np.int64, copy=False)
        if self._offs[0] != 0 or self._offs[-1] != len(self._vals) or np.any(np.diff(self._offs) < 0):
            raise ValueError("corrupt ragged array offsets")
        self._nbase = len(self._offs) - 1
        self._set: dict[int, np.ndarray] = {}  # base rows replaced since loading
        self._tail: list[np.ndarray] = []

    def _read_base(self, i: int) -> np.ndarray:
        return self._vals[self._offs[i] : self._offs[i + 1]]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def csr(self) -> tuple[np.ndarray, np.ndarray]:
        """``(values, offsets)`` of every row (new arrays when rows changed
        since loading; the overlay is kept: see :meth:`overlay_arrays`)."""
        if self._set or self._tail:
            return splice_rows(self._vals, self._offs, self._set, self._tail, self.dtype)
        return self._vals, self._offs

    def overlay_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The rows replaced and appended since loading (see :meth:`load_overlay`)."""
        keys = sorted(self._set)
        svals, soffs = _concat_rows([self._set[k] for k in keys], self.dtype)
        tvals, toffs = _concat_rows(self._tail, self.dtype)
        return {prefix + "_setk": np.array(keys, dtype=np.int64), prefix + "_setv": svals,
                prefix + "_setl": np.diff(soffs), prefix + "_tailv": tvals, prefix + "_taill": np.diff(toffs)}

    def load_overlay(self, arrays, prefix: str) -> None:
        """Restore rows saved by :meth:`overlay_arrays` over the same base
        (rows are copied: the arrays may be views of a passing buffer)."""
        keys = arrays[prefix + "_setk"].tolist()
        sets = _split_rows(arrays[prefix + "_setv"], arrays[prefix + "_setl"], self.dtype)
        tail = _split_rows(arrays[prefix + "_tailv"], arrays[prefix + "_taill"], self.dtype)
        if len(sets) != len(keys) or (keys and (min(keys) < 0 or max(keys) >= self._nbase)):
            raise ValueError("bad ragged overlay")
        self._set = dict(zip(keys, sets))
        self._tail = tail


def _split_rows(values: np.ndarray, lens: np.ndarray, dtype) -> list[np.ndarray]:
    """Rows of lengths ``lens`` one after the other in ``values``, as views
    of one copy of it."""
    offs = unpack_offsets(lens)
    if offs[-1] != len(values):
        raise ValueError("ragged rows do not match their values")
    return np.split(np.array(values, dtype=dtype), offs[1:-1]) if len(lens) else []


def _concat_rows(rows: list, dtype) -> tuple[np.ndarray, np.ndarray]:
    """``(values, offsets)`` of ``rows`` one after the other."""
    lens = np.fromiter((len(a) for a in rows), np.int64, len(rows))
    vals = np.concatenate(rows).astype(dtype, copy=False) if rows else np.zeros(0, dtype)
    return vals, unpack_offsets(lens)


def splice_rows(values: np.ndarray, offsets: np.ndarray, rows: dict, tail: list,
                dtype) -> tuple[np.ndarray, np.ndarray]:
    """The CSR ``(values, offsets)`` with row ``i`` replaced by ``rows[i]``
    and ``tail`` appended, as a new CSR: the unchanged rows are copied in
    slices between the replaced ones (a Python step per replaced row, none
    per unchanged one)."""
    lens = np.diff(offsets)
    parts, prev = [], 0
    if rows:
        keys = sorted(rows)
        lens = lens.copy()
        lens[keys] = [len(rows[k]) for k in keys]
        for k in keys:
            parts += [values[offsets[prev] : offsets[k]], np.asarray(rows[k])]
            prev = k + 1
    parts.append(values[offsets[prev] : offsets[-1]])
    parts += tail
    lens = np.concatenate([lens, np.fromiter((len(a) for a in tail), np.int64, len(tail))])
    vals = np.concatenate(parts).astype(dtype, copy=False)
    return vals, unpack_offsets(lens)


class FlatRows:
    """Rows of int32 keyed by sorted codes, stored flat (codes + CSR offsets +
    values) as saved in the index state; subclasses keep rows that grew since
    loading in ``_new`` and fold them back with :func:`merge_grown_rows`."""

    code_dtype: Any = np.int64

    def __init__(self, codes: np.ndarray | None = None, offsets: np.ndarray | None = None,
                 values: np.ndarray | None = None) -> None:
        dt = self.code_dtype
        self._codes = np.zeros(0, dt) if codes is None else codes.astype(dt, copy=False)
        self._offs = np.zeros(1, np.int64) if offsets is None else offsets.astype(np.int64, copy=False)
        self._vals = np.zeros(0, np.int32) if values is None else values.astype(np.int32, copy=False)
        if len(self._offs) != len(self._codes) + 1 or self._offs[-1] != len(self._vals):
            raise ValueError(f"corrupt {type(self).__name__} state")
        self._new: dict = {}

    def _row(self, code: int) -> np.ndarray | None:
        """The stored row of ``code`` (a view), or None."""
        c = self._codes
        if not len(c):
            return None
        i = int(np.searchsorted(c, self.code_dtype(code)))
        if i < len(c) and int(c[i]) == code:
            return self._vals[self._offs[i] : self._offs[i + 1]]
        return None
