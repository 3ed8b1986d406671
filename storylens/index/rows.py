"""Containers of flat (CSR) rows that the indexes keep their state in (the
helpers over CSRs are in :mod:`.arrays`), read lazily from possibly
read-only saved arrays:
:class:`Ragged` (a growable list of 1-D arrays) and :class:`FlatRows` (rows
keyed by sorted codes, the base of posting lists that only grow). What
changed since loading is kept apart, so that it can be saved alone as an
overlay.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .arrays import concat_rows, splice_rows, split_rows
from .columns import Overlaid

__all__ = ["Ragged", "FlatRows"]


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
        svals, soffs = concat_rows([self._set[k] for k in keys], self.dtype)
        tvals, toffs = concat_rows(self._tail, self.dtype)
        return {prefix + "_setk": np.array(keys, dtype=np.int64), prefix + "_setv": svals,
                prefix + "_setl": np.diff(soffs), prefix + "_tailv": tvals, prefix + "_taill": np.diff(toffs)}

    def load_overlay(self, arrays, prefix: str) -> None:
        """Restore rows saved by :meth:`overlay_arrays` over the same base
        (rows are copied: the arrays may be views of a passing buffer)."""
        keys = arrays[prefix + "_setk"].tolist()
        sets = split_rows(arrays[prefix + "_setv"], arrays[prefix + "_setl"], self.dtype)
        tail = split_rows(arrays[prefix + "_tailv"], arrays[prefix + "_taill"], self.dtype)
        if len(sets) != len(keys) or (keys and (min(keys) < 0 or max(keys) >= self._nbase)):
            raise ValueError("bad ragged overlay")
        self._set = dict(zip(keys, sets, strict=True))
        self._tail = tail


class FlatRows:
    """Rows of int32 keyed by sorted codes, stored flat (codes + CSR values +
    offsets) as saved in the index state; subclasses keep rows that grew since
    loading in ``_new`` and fold them back with :func:`merge_grown_rows`."""

    code_dtype: Any = np.int64

    def __init__(self, codes: np.ndarray | None = None, values: np.ndarray | None = None,
                 offsets: np.ndarray | None = None) -> None:
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
