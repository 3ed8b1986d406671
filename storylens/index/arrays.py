"""Flat (CSR) arrays of rows: the vectorised helpers every index module uses.

A CSR is always written ``(values, offsets)``: row ``i`` is
``values[offsets[i]:offsets[i + 1]]``, ``offsets[0] == 0`` and
``offsets[-1] == len(values)``. Nothing here loops over rows in Python,
except where a docstring says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, pairwise
from typing import Any

import numpy as np

__all__ = ["offsets_of", "csr_of", "concat_rows", "split_rows", "rows_as_lists", "append_rows",
           "ragged_gather", "flat_gather", "replace_rows", "splice_rows", "merge_grown_rows", "merge_pairs",
           "row_sums", "array_delta", "apply_delta"]


def offsets_of(lens: np.ndarray | Sequence[int]) -> np.ndarray:
    """CSR offsets of rows of lengths ``lens``."""
    lens = np.asarray(lens, dtype=np.int64)
    offs = np.zeros(len(lens) + 1, dtype=np.int64)
    np.cumsum(lens, dtype=np.int64, out=offs[1:])
    return offs


def csr_of(lists: Sequence[Iterable[int]], dtype: Any = np.int32) -> tuple[np.ndarray, np.ndarray]:
    """``(values, offsets)`` of Python integer rows."""
    rows = [list(x) for x in lists]
    offs = offsets_of(np.fromiter(map(len, rows), np.int64, len(rows)))
    return np.fromiter(chain.from_iterable(rows), dtype, int(offs[-1])), offs


def concat_rows(rows: Sequence[np.ndarray], dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(values, offsets)`` of 1-D arrays ``rows`` one after the other."""
    lens = np.fromiter((len(a) for a in rows), np.int64, len(rows))
    vals = np.concatenate(rows).astype(dtype, copy=False) if len(rows) else np.zeros(0, dtype)
    return vals, offsets_of(lens)


def split_rows(values: np.ndarray, lens: np.ndarray, dtype: Any) -> list[np.ndarray]:
    """Rows of lengths ``lens`` one after the other in ``values``, as views
    of one copy of it."""
    offs = offsets_of(lens)
    if offs[-1] != len(values):
        raise ValueError("ragged rows do not match their values")
    return np.split(np.array(values, dtype=dtype), offs[1:-1]) if len(lens) else []


def rows_as_lists(values: np.ndarray, offsets: np.ndarray) -> list[list[int]]:
    """The rows of a CSR as Python lists (a Python step per row)."""
    if len(offsets) < 1 or offsets[-1] != len(values):
        raise ValueError("offsets do not match the values")
    flat, bounds = values.tolist(), offsets.tolist()
    return [flat[a:b] for a, b in pairwise(bounds)]


def append_rows(values: np.ndarray, offsets: np.ndarray, more_values: np.ndarray,
                more_offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the second CSR appended to those of the first."""
    return np.concatenate([values, more_values]), np.concatenate([offsets, more_offsets[1:] + offsets[-1]])


def ragged_gather(values: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``rows`` of a CSR, in that order, as a new CSR."""
    starts, lens = offsets[:-1][rows], np.diff(offsets)[rows]
    new_offs = offsets_of(lens)
    idx = np.repeat(starts - new_offs[:-1], lens) + np.arange(new_offs[-1], dtype=np.int64)
    return values[idx], new_offs


def flat_gather(values: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The values of rows ``rows`` one after the other (reads only those
    rows' offsets; one value per row is the fast path)."""
    starts = offsets[rows]
    lens = offsets[rows + 1] - starts
    total = int(lens.sum())
    if total == len(rows):
        return values[starts]
    first = np.zeros(len(rows), dtype=np.int64)
    np.cumsum(lens[:-1], out=first[1:])
    return values[np.repeat(starts - first, lens) + np.arange(total, dtype=np.int64)]


def replace_rows(values: np.ndarray, offsets: np.ndarray, keys: Sequence[int] | np.ndarray, new_values: np.ndarray,
                 new_offsets: np.ndarray, nrows: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A CSR of ``nrows`` rows (default: as many as ``offsets`` has): row
    ``keys[j]`` is row ``j`` of ``(new_values, new_offsets)``, any other row
    below the old count is the old row, and rows past it are empty. One
    gather, however many rows."""
    nsaved = len(offsets) - 1
    nrows = nsaved if nrows is None else nrows
    src_vals = np.concatenate([values, new_values.astype(values.dtype, copy=False)])
    src_offs = np.concatenate([offsets, new_offsets[1:] + offsets[-1], [len(src_vals)]])  # last: an empty row
    src = np.full(nrows, nsaved + len(new_offsets) - 1, dtype=np.int64)
    n = min(nsaved, nrows)
    src[:n] = np.arange(n)
    src[np.asarray(keys, dtype=np.int64)] = nsaved + np.arange(len(keys))
    return ragged_gather(src_vals, src_offs, src)


def splice_rows(values: np.ndarray, offsets: np.ndarray, rows: Mapping[int, Any], tail: Sequence[Any],
                dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """The CSR with row ``i`` replaced by ``rows[i]`` and ``tail`` appended,
    as a new CSR: the unchanged rows are copied in slices between the
    replaced ones (a Python step per replaced row, none per unchanged one)."""
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
    parts += list(tail)
    lens = np.concatenate([lens, np.fromiter((len(a) for a in tail), np.int64, len(tail))])
    return np.concatenate(parts).astype(dtype, copy=False), offsets_of(lens)


def merge_grown_rows(codes: np.ndarray, values: np.ndarray, offsets: np.ndarray, new_codes: np.ndarray,
                     new_values: np.ndarray, new_lens: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fold rows (``new_codes``; their values one after the other, of
    lengths ``new_lens``) into a CSR keyed by sorted unique ``codes``; return
    ``(codes, values, offsets)``. A row whose code is already there must
    extend that row (posting lists only grow by appending), so only its new
    tail is inserted: one ``np.insert`` pass over the values."""
    order = np.argsort(new_codes, kind="stable")
    ncodes = new_codes[order]
    flat, noffs = ragged_gather(new_values, offsets_of(new_lens), order)
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
    return codes, vals, offsets_of(lens)


def merge_pairs(codes: np.ndarray, values: np.ndarray, offsets: np.ndarray, pair_codes: np.ndarray,
                pair_values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fold ``(code, value)`` pairs into the CSR keyed by sorted unique
    ``codes``: each value goes at the end of its code's row (in the order of
    the pairs), a new code's row is inserted in order. Returns new
    ``(codes, values, offsets)`` (the inputs may be read-only views)."""
    order = np.argsort(pair_codes, kind="stable")
    pc, pv = pair_codes[order], pair_values[order].astype(values.dtype, copy=False)
    pos = np.searchsorted(codes, pc)
    exists = np.zeros(len(pc), dtype=bool)
    inb = pos < len(codes)
    exists[inb] = codes[pos[inb]] == pc[inb]
    # the end of an existing row is the start of the next one, where a new
    # code sorting after it is inserted: sorted pairs keep the two in order
    vals = np.insert(values, offsets[pos + exists], pv)
    lens = np.diff(offsets)
    lens += np.bincount(pos[exists], minlength=len(codes)).astype(lens.dtype)
    fresh, first, counts = np.unique(pc[~exists], return_index=True, return_counts=True)
    at = pos[~exists][first]
    return np.insert(codes, at, fresh), vals, offsets_of(np.insert(lens, at, counts))


def row_sums(values: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The sum of each row of values laid out one row after the other with
    lengths ``lens`` (0 for an empty row)."""
    out = np.zeros(len(lens), dtype=np.float64)
    nonempty = lens > 0
    if nonempty.any():
        out[nonempty] = np.add.reduceat(values, offsets_of(lens)[:-1][nonempty])
    return out


def array_delta(cur: np.ndarray, base: np.ndarray, name: str) -> dict[str, np.ndarray]:
    """Entries of ``cur`` that differ from ``base`` (indexes and values) and
    those beyond it."""
    nb = len(base)
    idx = np.flatnonzero(cur[:nb] != base)
    return {name + "_k": idx.astype(np.int64), name + "_v": cur[idx], name + "_tail": cur[nb:]}


def apply_delta(arr: np.ndarray, z: Mapping[str, np.ndarray], name: str, nb: int, n: int) -> None:
    """Write an :func:`array_delta` (over a base of ``nb`` entries, ``n``
    after it) into ``arr`` (a writable copy of the base)."""
    idx, tail = z[name + "_k"], z[name + "_tail"]
    if nb + len(tail) != n or (len(idx) and (idx.min() < 0 or idx.max() >= nb)):
        raise ValueError(f"bad overlay of {name!r}")
    arr[idx] = z[name + "_v"]
    arr[nb:n] = tail
