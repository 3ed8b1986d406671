"""The story clusterer's term indexes: its vocabulary (:class:`TermIndex`,
term -> term id) and its time-bucketed inverted index (:class:`TermPostings`,
``(term, time bucket)`` -> doc keys), both read lazily from the saved state.
"""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np

from .arrays import merge_grown_rows, offsets_of, ragged_gather
from .columns import KeyIndex, str_hash
from .rows import FlatRows

__all__ = ["TermIndex", "TermPostings"]


class TermIndex(KeyIndex):
    """The clusterer's vocabulary (term -> term id): a string
    :class:`KeyIndex` read many terms at a time."""

    def get_many(self, terms: list[str]) -> list[int | None]:
        """The id of each of ``terms`` (None when not a term)."""
        out = [self._new.get(t) for t in terms]
        h = self._h
        miss = [j for j, v in enumerate(out) if v is None]
        if miss and len(h):
            codes = np.fromiter((str_hash(terms[j]) for j in miss), np.uint64, len(miss))
            pos = np.minimum(np.searchsorted(h, codes), len(h) - 1)
            for j, hit, v in zip(miss, (h[pos] == codes).tolist(), self._v[pos].tolist(), strict=True):
                if hit:  # the stored term says whether it is this one (else a rare equal hash)
                    same = self.key_of is not None and self.key_of(v) == terms[j]
                    out[j] = v if same else self._base_get(terms[j])
        return out

    def insert_absent(self, items: dict[str, int]) -> None:
        """Add terms known not to be in the vocabulary yet."""
        self._new.update(items)


def _term_code(key: tuple[int, int | None]) -> int:
    t, b = key
    return (t << 32) | (0xFFFFFFFF if b is None else (b + 2**31) & 0xFFFFFFFF)


class TermPostings(FlatRows):
    """The clusterer's inverted index ``(term, time bucket or None) -> doc
    keys`` (oldest first). Saved as sorted int64 codes + CSR; after loading,
    a list is copied out of the flat arrays only when a new doc is appended
    to it. Keys are looked up many at a time (one binary search in numpy).

    An overlay (:meth:`overlay_arrays`) holds the tails the lists grew by
    since loading; once loaded (:meth:`load_overlay`) a tail stays in flat
    arrays (``_pend_*``) until its list is read."""

    def __init__(self, codes: np.ndarray | None = None, values: np.ndarray | None = None,
                 offsets: np.ndarray | None = None) -> None:
        super().__init__(codes, values, offsets)
        self._no_pending()

    def _no_pending(self) -> None:
        self._pend_codes = np.zeros(0, np.int64)
        self._pend_offs = np.zeros(1, np.int64)
        self._pend_vals = np.zeros(0, np.int32)

    def _rows(self, keys: list) -> list:
        """The current list of each of ``keys`` (none in ``_new``): the stored
        row (a view) or None; a list with a tail from a loaded overlay is
        first put together in ``_new``."""
        if not keys or not (len(self._codes) or len(self._pend_codes)):
            return [None] * len(keys)
        codes = np.fromiter((_term_code(k) for k in keys), np.int64, len(keys))
        out: list[Any] = [None] * len(keys)
        c = self._codes
        if len(c):
            pos = np.minimum(np.searchsorted(c, codes), len(c) - 1)
            hit = (c[pos] == codes).tolist()
            lo, hi, vals = self._offs[pos].tolist(), self._offs[pos + 1].tolist(), self._vals
            out = [vals[a:b] if h else None for h, a, b in zip(hit, lo, hi, strict=True)]
        pc = self._pend_codes
        if len(pc):
            pos = np.minimum(np.searchsorted(pc, codes), len(pc) - 1)
            for j in np.flatnonzero(pc[pos] == codes).tolist():
                p = int(pos[j])
                lst = self._new[keys[j]] = array("i")
                if out[j] is not None:
                    lst.frombytes(out[j].tobytes())
                lst.frombytes(self._pend_vals[self._pend_offs[p] : self._pend_offs[p + 1]].tobytes())
                out[j] = lst
        return out

    def get_many(self, keys: list) -> list:
        """Doc keys posted under each of ``keys`` (buffers of int32, or None)."""
        new = self._new
        out = [new.get(k) for k in keys]
        miss = [i for i, v in enumerate(out) if v is None]
        for i, row in zip(miss, self._rows([keys[i] for i in miss]), strict=True):
            out[i] = row
        return out

    def get(self, key: tuple[int, int | None]):
        """Doc keys posted under ``key`` (a buffer of int32), or None."""
        return self.get_many([key])[0]

    def append_many(self, keys: list, doc: int) -> None:
        """Post ``doc`` under each of ``keys``."""
        new = self._new
        fresh = [k for k in keys if k not in new]
        for k, row in zip(fresh, self._rows(fresh), strict=True):
            if k not in new:
                lst = new[k] = array("i")
                if row is not None:
                    lst.frombytes(row.tobytes())
        for k in keys:
            new[k].append(doc)

    def append(self, key: tuple[int, int | None], doc: int) -> None:
        self.append_many([key], doc)

    def _all_rows(self) -> None:
        """Put together every list that has a tail from a loaded overlay."""
        if len(self._pend_codes):
            todo = self._pend_codes[~np.isin(self._pend_codes, self._new_codes())]
            low = (todo & 0xFFFFFFFF).tolist()
            self._rows([(t, None if b == 0xFFFFFFFF else b - 2**31) for t, b in zip((todo >> 32).tolist(), low, strict=True)])
            self._no_pending()

    def __len__(self) -> int:
        self._all_rows()
        n = len(self._new)
        if n and len(self._codes):
            n += int(np.count_nonzero(~np.isin(self._codes, self._new_codes())))
        return n or len(self._codes)

    def _new_codes(self) -> np.ndarray:
        return np.fromiter((_term_code(k) for k in self._new), np.int64, len(self._new))

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(codes, values, offsets)``, codes sorted, the lists appended to
        since loading merged in (they stay in the overlay: see
        :meth:`overlay_arrays`)."""
        self._all_rows()
        if self._new:
            lens = np.fromiter((len(v) for v in self._new.values()), np.int64, len(self._new))
            flat = np.frombuffer(b"".join(v.tobytes() for v in self._new.values()), dtype=np.int32)
            return merge_grown_rows(self._codes, self._vals, self._offs, self._new_codes(), flat, lens)
        return self._codes, self._vals, self._offs

    def _base_lens(self, codes: np.ndarray) -> np.ndarray:
        """Length of the stored row of each of ``codes`` (0 when none)."""
        c = self._codes
        out = np.zeros(len(codes), dtype=np.int64)
        if len(c):
            pos = np.minimum(np.searchsorted(c, codes), len(c) - 1)
            hit = c[pos] == codes
            out[hit] = self._offs[pos[hit] + 1] - self._offs[pos[hit]]
        return out

    def overlay_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The tails the lists grew by since loading: codes, tail lengths,
        tail values (cut from the lists in numpy, not one by one)."""
        codes = self._new_codes()
        lens = np.fromiter((len(v) for v in self._new.values()), np.int64, len(codes))
        flat = np.frombuffer(b"".join(v.tobytes() for v in self._new.values()), dtype=np.int32)
        blen = self._base_lens(codes)
        within = np.arange(len(flat), dtype=np.int64) - np.repeat(offsets_of(lens)[:-1], lens)
        parts = [(codes, lens - blen, flat[within >= np.repeat(blen, lens)])]
        if len(self._pend_codes):  # tails loaded and not read since
            rest = np.flatnonzero(~np.isin(self._pend_codes, codes))
            vals, offs = ragged_gather(self._pend_vals, self._pend_offs, rest)
            parts.append((self._pend_codes[rest], np.diff(offs), vals))
        return {prefix + "_codes": np.concatenate([p[0] for p in parts]),
                prefix + "_lens": np.concatenate([p[1] for p in parts]),
                prefix + "_vals": np.concatenate([p[2] for p in parts]).astype(np.int32, copy=False)}

    def load_overlay(self, arrays, prefix: str) -> None:
        """Restore the tails saved by :meth:`overlay_arrays` over the same
        base (kept flat, sorted by code, until their lists are read)."""
        codes = np.asarray(arrays[prefix + "_codes"], dtype=np.int64)
        lens = np.asarray(arrays[prefix + "_lens"], dtype=np.int64)
        vals = np.asarray(arrays[prefix + "_vals"], dtype=np.int32)
        if len(lens) != len(codes) or lens.sum() != len(vals) or (len(lens) and lens.min() < 0) or self._new:
            raise ValueError("bad term postings overlay")
        order = np.argsort(codes, kind="stable")
        self._pend_vals, self._pend_offs = ragged_gather(vals, offsets_of(lens), order)
        self._pend_codes = codes[order]
