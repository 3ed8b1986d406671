"""Incremental same-event clustering of articles (the story clusterer).

Each original article (copies are not clustered: they follow their original)
becomes a sparse vector of weighted terms: title words x3, lead words x2,
body words x1, plus capitalised phrases (named entities) as extra terms,
sublinear term frequency, truncated to its ``top_k`` strongest terms. IDF is
kept incrementally (document frequencies over every article seen so far) and
applied *at comparison time*, so early articles are re-weighted as the corpus
grows.

A new article is compared with candidate articles that share one of its most
distinctive terms (time-bucketed inverted index: weeks around its publication
date, plus articles without a date; lists longer than ``max_postings`` in a
window are cut to their newest entries). Cosine similarity is scaled by a
time factor when both dates are known: ``near_time_boost`` (> 1: being
published within ``grace_days`` of each other is evidence of the same event),
then decaying as ``exp(-(days - grace)/decay)``; 1 when a date is unknown.
A story's score is the mean similarity over its members (average linkage;
members that are not candidates count as 0; ``link_k`` caps how many of the
best members are averaged). The article joins the best story scoring at least
``threshold``, or opens a new one. If it scores at least ``merge_threshold``
with a second story as well, the two stories merge (the older id is kept).

After a batch (:meth:`refine`), the stories that received articles are
re-checked with the IDF of the grown corpus: a member whose score with the
rest of its story is below ``evict_threshold`` (or another story beats its own
by ``move_margin``) moves to the best story scoring at least ``threshold`` or
becomes a story of its own. Only touched stories are revisited.

Order dependence (what remains): an article's first assignment depends on
the articles and IDF seen before it; refinement repairs most of that within a
batch, but stories are never re-split or re-joined outside the touched ones,
so a different input order (or different batch boundaries) can still place
borderline articles differently. Story ids come from a story's first member,
so they depend on order too. The pipeline adds articles sorted by
(publication date, name), so a given corpus gives the same result run after
run; adding one article at a time gives the same result as one batch when
refinement has nothing to move (tested on the synthetic corpus).

State: :meth:`StoryClusterer.state` saves flat arrays; :meth:`~StoryClusterer.load_state`
reads them lazily (vectors, names, days, stories, vocabulary and postings are
read when used, from possibly read-only arrays), and
:meth:`~StoryClusterer.overlay_state` saves only what changed since loading,
restored over the same base by :meth:`~StoryClusterer.load_overlay`.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .columns import KeyIndex, NumColumn, RowColumn, encode_rows, str_hash
from .features import TextFeatures, background_idf, fold_name

__all__ = ["StoryClusterer", "StoryRecord", "StoryList", "story_id", "Ragged", "FlatRows", "TermPostings",
           "ragged_gather", "merge_grown_rows", "splice_rows", "pack_offsets", "unpack_offsets"]

NO_DATE_BUCKET = -(10**9)


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


class Ragged:
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

    def __len__(self) -> int:
        return self._nbase + len(self._tail)

    def _index(self, i: int) -> int:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("ragged index out of range")
        return i

    def __getitem__(self, i: int) -> np.ndarray:
        i = self._index(i)
        if i >= self._nbase:
            return self._tail[i - self._nbase]
        a = self._set.get(i)
        if a is not None:
            return a
        return self._vals[self._offs[i] : self._offs[i + 1]]

    def __setitem__(self, i: int, a: np.ndarray) -> None:
        i = self._index(i)
        if i >= self._nbase:
            self._tail[i - self._nbase] = a
        else:
            self._set[i] = a

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def append(self, a: np.ndarray) -> None:
        self._tail.append(a)

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


def _term_code(key: tuple[int, int | None]) -> int:
    t, b = key
    return (t << 32) | (0xFFFFFFFF if b is None else (b + 2**31) & 0xFFFFFFFF)


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


class TermPostings(FlatRows):
    """The clusterer's inverted index ``(term, time bucket or None) -> doc
    keys`` (oldest first). Saved as sorted int64 codes + CSR; after loading,
    a list is copied out of the flat arrays only when a new doc is appended
    to it. Keys are looked up many at a time (one binary search in numpy).

    An overlay (:meth:`overlay_arrays`) holds the tails the lists grew by
    since loading; once loaded (:meth:`load_overlay`) a tail stays in flat
    arrays (``_pend_*``) until its list is read."""

    def __init__(self, codes: np.ndarray | None = None, offsets: np.ndarray | None = None,
                 values: np.ndarray | None = None) -> None:
        super().__init__(codes, offsets, values)
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
        out = [None] * len(keys)
        c = self._codes
        if len(c):
            pos = np.minimum(np.searchsorted(c, codes), len(c) - 1)
            hit = (c[pos] == codes).tolist()
            lo, hi, vals = self._offs[pos].tolist(), self._offs[pos + 1].tolist(), self._vals
            out = [vals[a:b] if h else None for h, a, b in zip(hit, lo, hi)]
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
        for i, row in zip(miss, self._rows([keys[i] for i in miss])):
            out[i] = row
        return out

    def get(self, key: tuple[int, int | None]):
        """Doc keys posted under ``key`` (a buffer of int32), or None."""
        return self.get_many([key])[0]

    def append_many(self, keys: list, doc: int) -> None:
        """Post ``doc`` under each of ``keys``."""
        new = self._new
        fresh = [k for k in keys if k not in new]
        for k, row in zip(fresh, self._rows(fresh)):
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
            self._rows([(t, None if b == 0xFFFFFFFF else b - 2**31) for t, b in zip((todo >> 32).tolist(), low)])
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
        """``(codes, offsets, values)``, codes sorted, the lists appended to
        since loading merged in (they stay in the overlay: see
        :meth:`overlay_arrays`)."""
        self._all_rows()
        if self._new:
            lens = np.fromiter((len(v) for v in self._new.values()), np.int64, len(self._new))
            flat = np.frombuffer(b"".join(v.tobytes() for v in self._new.values()), dtype=np.int32)
            return merge_grown_rows(self._codes, self._offs, self._vals, self._new_codes(), lens, flat)
        return self._codes, self._offs, self._vals

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
        within = np.arange(len(flat), dtype=np.int64) - np.repeat(unpack_offsets(lens)[:-1], lens)
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
        self._pend_vals, self._pend_offs = ragged_gather(vals, unpack_offsets(lens), order)
        self._pend_codes = codes[order]


def story_id(first_doc: str) -> str:
    """Stable story id derived from its first member's name."""
    return "S" + hashlib.sha1(first_doc.encode("utf-8")).hexdigest()[:8]


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
            for j, hit, v in zip(miss, (h[pos] == codes).tolist(), self._v[pos].tolist()):
                if hit:  # the stored term says whether it is this one (else a rare equal hash)
                    out[j] = v if self.key_of(v) == terms[j] else self._base_get(terms[j])
        return out

    def insert_absent(self, items: dict[str, int]) -> None:
        """Add terms known not to be in the vocabulary yet."""
        self._new.update(items)


@dataclass
class StoryRecord:
    id: str
    members: list[int] = field(default_factory=list)  # clustered doc keys
    first: float | None = None
    last: float | None = None
    merged_into: int | None = None


def _opt(v: float) -> float | None:
    return None if v != v else v


def _spans(recs) -> np.ndarray:
    """``[[first, last], ...]`` of ``recs`` (None as nan)."""
    nan = float("nan")
    return np.array([[nan if r.first is None else r.first, nan if r.last is None else r.last] for r in recs],
                    dtype=np.float64).reshape(-1, 2)


def _merged_into(recs) -> np.ndarray:
    return np.array([-1 if r.merged_into is None else r.merged_into for r in recs], dtype=np.int64)


class StoryList:
    """The clusterer's stories, a list of :class:`StoryRecord` over saved
    arrays (members CSR, spans, merged-into, ids): a stored record is made
    when first read and kept, since the clusterer changes records in place;
    records changed since loading are marked (:meth:`mark`) for the overlay.
    Story ids are looked up (:meth:`has_id`) in a :class:`KeyIndex`."""

    def __init__(self, arrays=None, prefix: str = "st") -> None:
        if arrays is None:
            self._offs = np.zeros(1, np.int64)
            self._members = np.zeros(0, np.int64)
            self._span = np.zeros((0, 2), np.float64)
            self._merged = np.zeros(0, np.int64)
            self._ids = RowColumn("str")
            by_id = KeyIndex("str")
        else:
            self._offs = np.asarray(arrays[prefix + "_offs"], dtype=np.int64)
            self._members = arrays[prefix + "_members"]
            self._span = arrays[prefix + "_span"]
            self._merged = arrays[prefix + "_merged"]
            self._ids = RowColumn.from_arrays(arrays, prefix + "_ids", "str")
            by_id = KeyIndex.from_arrays(arrays, prefix + "_byid")
        self._nbase = len(self._offs) - 1
        if not (len(self._span) == len(self._merged) == len(self._ids) == self._nbase
                and self._offs[-1] == len(self._members)):
            raise ValueError("story columns differ in length")
        by_id.key_of = self._ids.__getitem__
        self._by_id = by_id
        self._recs: dict[int, StoryRecord] = {}  # stored records read so far
        self._changed: set[int] = set()  # stored records changed since loading
        self._tail: list[StoryRecord] = []

    def __len__(self) -> int:
        return self._nbase + len(self._tail)

    def __getitem__(self, i: int) -> StoryRecord:
        if i >= self._nbase:
            return self._tail[i - self._nbase]
        if i < 0:
            return self[i + len(self)]
        rec = self._recs.get(i)
        if rec is None:
            a, b = int(self._offs[i]), int(self._offs[i + 1])
            f, l = self._span[i].tolist()
            m = int(self._merged[i])
            rec = self._recs[i] = StoryRecord(id=self._ids[i], members=self._members[a:b].tolist(), first=_opt(f),
                                              last=_opt(l), merged_into=None if m < 0 else m)
        return rec

    def append(self, rec: StoryRecord) -> None:
        self._tail.append(rec)
        self._ids.append(rec.id)
        self._by_id[rec.id] = len(self) - 1

    def mark(self, stories) -> None:
        """Note that the records ``stories`` were changed (for the overlay)."""
        self._changed.update(stories)

    def has_id(self, sid: str) -> bool:
        return sid in self._by_id

    def merged_into(self) -> np.ndarray:
        """Every story's ``merged_into`` (-1 for none), as an array."""
        out = np.concatenate([self._merged, _merged_into(self._tail)])
        if self._recs:
            keys = list(self._recs)
            out[keys] = _merged_into(self._recs.values())
        return out

    # -- saving ----------------------------------------------------------------
    def arrays(self, prefix: str = "st") -> dict[str, np.ndarray]:
        """Every record (stored ones read since loading folded in)."""
        keys = list(self._recs)
        rows = {k: np.array(self._recs[k].members, dtype=np.int64) for k in keys}
        tail = [np.array(r.members, dtype=np.int64) for r in self._tail]
        members, offs = splice_rows(self._members, self._offs, rows, tail, np.int64)
        span = np.concatenate([self._span, _spans(self._tail)])
        span[keys] = _spans(self._recs.values())
        out = {prefix + "_offs": offs, prefix + "_members": members, prefix + "_span": span,
               prefix + "_merged": self.merged_into()}
        out.update(self._ids.arrays(prefix + "_ids"))
        out.update(self._by_id.arrays(prefix + "_byid"))
        return out

    def overlay_arrays(self, prefix: str = "st") -> dict[str, np.ndarray]:
        """The stored records changed since loading and the records added."""
        keys = sorted(k for k in self._changed if k < self._nbase)
        recs = [self[k] for k in keys] + self._tail
        members, offs = _concat_rows([np.array(r.members, dtype=np.int64) for r in recs], np.int64)
        ids, id_offs = encode_rows([r.id for r in self._tail], "str")
        return {prefix + "_setk": np.array(keys, dtype=np.int64), prefix + "_lens": np.diff(offs),
                prefix + "_members": members, prefix + "_span": _spans(recs), prefix + "_merged": _merged_into(recs),
                prefix + "_idd": ids, prefix + "_ido": id_offs}

    def load_overlay(self, arrays, prefix: str = "st") -> None:
        """Restore :meth:`overlay_arrays` over the same, freshly loaded, base."""
        if self._recs or self._tail:
            raise ValueError("a story overlay loads over a freshly loaded base only")
        keys = arrays[prefix + "_setk"].tolist()
        ids = RowColumn("str", arrays[prefix + "_idd"], arrays[prefix + "_ido"]).tolist()
        offs = unpack_offsets(arrays[prefix + "_lens"]).tolist()
        members = arrays[prefix + "_members"].tolist()
        span = arrays[prefix + "_span"].tolist()
        merged = arrays[prefix + "_merged"].tolist()
        n = len(keys) + len(ids)
        if not (len(offs) - 1 == len(span) == len(merged) == n) or (keys and (min(keys) < 0 or max(keys) >= self._nbase)):
            raise ValueError("bad story overlay")
        for j, sid in enumerate([self._ids[k] for k in keys] + ids):
            (f, l), m = span[j], merged[j]
            rec = StoryRecord(id=sid, members=members[offs[j] : offs[j + 1]], first=_opt(f), last=_opt(l),
                              merged_into=None if m < 0 else m)
            if j < len(keys):
                self._recs[keys[j]] = rec
            else:
                self.append(rec)
        self._changed = set(keys)


class StoryClusterer:
    """Incremental clustering; doc keys are the clusterer's own 0, 1, ..."""

    def __init__(self, threshold: float = 0.21, merge_threshold: float = 0.31, top_k: int = 150,
                 query_terms: int = 20, max_candidates: int = 30, link_k: int = 100,
                 grace_days: float = 3.0, decay_days: float = 5.0, entity_weight: float = 1.5,
                 bucket_days: int = 7, window_buckets: int = 1, prior_docs: float = 50.0,
                 use_background: bool = False, near_time_boost: float = 1.4,
                 evict_threshold: float | None = 0.2, move_margin: float = 0.03,
                 max_postings: int = 100, post_terms: int = 30) -> None:
        self.threshold = threshold
        self.merge_threshold = merge_threshold
        self.top_k = top_k
        self.query_terms = query_terms
        self.max_candidates = max_candidates
        self.link_k = link_k
        self.grace_days = grace_days
        self.decay_days = decay_days
        self.entity_weight = entity_weight
        self.bucket_days = bucket_days
        self.window_buckets = window_buckets
        self.prior_docs = prior_docs
        self.near_time_boost = near_time_boost
        self.evict_threshold = threshold if evict_threshold is None else evict_threshold
        self.move_margin = move_margin
        self.max_postings = max_postings
        self.refine_old_max = 12
        # a clear-cut first assignment in a large corpus is not re-checked
        self.settle_after = 2000
        self.settle_margin = 0.1
        self.post_terms = post_terms
        self.use_background = use_background and background_idf("news") is not None
        self.terms = RowColumn("str")  # term id -> term
        self.vocab = TermIndex("str", key_of=self.terms.__getitem__)  # term -> term id
        self.df = np.zeros(1024, dtype=np.int32)
        self.bg = np.zeros(1024, dtype=np.float32)
        self.ids = Ragged(np.int32)  # per doc: sorted term ids
        self.wts = Ragged(np.float32)  # per doc: their weights
        self.days = NumColumn(np.float64, none_as_nan=True)  # per doc: day or None
        self.names = RowColumn("str")
        self.settled = NumColumn(bool)  # first assignment was clear-cut (see refine)
        self.story_of = NumColumn(np.int64)  # doc key -> story index
        self.stories = StoryList()
        self.postings = TermPostings()
        self.dirty: set[int] = set()  # stories changed since the last take (see StoryIndex.take_changes)
        self._reset_caches()
        self._loaded = self._base_marks(np.zeros(0, np.int32), np.zeros(0, np.float32))  # see overlay_state

    def _reset_caches(self) -> None:
        self._idf_cache: np.ndarray | None = None
        self._idf_n = 0
        self._idf_version = 0
        self._qbuf = np.zeros(1024, dtype=np.float32)
        self._norms: dict[int, tuple[int, float]] = {}  # doc key -> (IDF version, norm)

    # -- vectors -------------------------------------------------------------
    def _compute_idf(self, lo: int, hi: int, n: int) -> np.ndarray:
        idf = np.log((n + 1.0) / (self.df[lo:hi] + 1.0)) + 1.0
        if self.use_background:
            a = self.prior_docs / (self.prior_docs + n)
            idf = a * self.bg[lo:hi] + (1.0 - a) * idf
        return idf.astype(np.float32)

    def _idf(self) -> np.ndarray:
        """Current IDF: corpus IDF (blended with the background prior, weight
        ``prior_docs / (prior_docs + N)``, when enabled). Cached: recomputed
        when the corpus has grown by 2 % (exact for small corpora); terms new
        since then get their IDF appended."""
        n = len(self.ids) + 1
        v = len(self.vocab)
        c = self._idf_cache
        if c is None or n > self._idf_n * 1.02:
            self._idf_cache = self._compute_idf(0, v, n)
            self._idf_n = n
            self._idf_version += 1
        elif v > len(c):
            self._idf_cache = np.concatenate([c, self._compute_idf(len(c), v, self._idf_n)])
        return self._idf_cache

    def _norm(self, k: int, idf: np.ndarray) -> float:
        """Norm of doc ``k``'s idf-weighted vector (cached per IDF version)."""
        hit = self._norms.get(k)
        if hit is not None and hit[0] == self._idf_version:
            return hit[1]
        norm = float(np.linalg.norm(self.wts[k] * idf[self.ids[k]])) or 1.0
        self._norms[k] = (self._idf_version, norm)
        return norm

    def _vector(self, feats: TextFeatures, grow: bool) -> tuple[np.ndarray, np.ndarray]:
        raw: dict[int, float] = {}
        items = list(feats.terms.items()) + [("e:" + fold_name(e), w * self.entity_weight) for e, w in feats.ents.items()]
        added: dict[str, int] = {}  # terms new in this call (an entity can come twice)
        for (t, w), i in zip(items, self.vocab.get_many([t for t, _ in items])):
            if i is None:
                i = added.get(t)
            if i is None:
                if not grow:
                    continue
                i = added[t] = len(self.vocab)
                self.terms.append(t)
                self.vocab.insert_absent({t: i})
                if i >= len(self.df):
                    self._grow(i + 1)
                if self.use_background:
                    self.bg[i] = background_idf(t) or 0.0
            raw[i] = raw.get(i, 0.0) + w
        if not raw:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        ids = np.fromiter(raw.keys(), dtype=np.int32, count=len(raw))
        w = np.fromiter(raw.values(), dtype=np.float32, count=len(raw))
        w = np.where(w > 1.0, 1.0 + np.log(np.maximum(w, 1.0)), w).astype(np.float32)
        return ids, w

    def _grow(self, size: int) -> None:
        n = max(size, 2 * len(self.df))
        df = np.zeros(n, dtype=np.int32)
        df[: len(self.df)] = self.df
        bg = np.zeros(n, dtype=np.float32)
        bg[: len(self.bg)] = self.bg
        self.df, self.bg = df, bg

    def _bucket(self, day: float | None) -> int:
        return NO_DATE_BUCKET if day is None else int(day // self.bucket_days)

    def _time_factor(self, a: float | None, b: float | None) -> float:
        if a is None or b is None:
            return 1.0
        d = abs(a - b)
        if d <= self.grace_days:
            return self.near_time_boost
        return self.near_time_boost * math.exp(-(d - self.grace_days) / self.decay_days)

    # -- adding --------------------------------------------------------------
    def score(self, feats: TextFeatures) -> tuple[np.ndarray, np.ndarray, list[tuple[float, int]]]:
        """Vector of ``feats`` (new terms not yet in the vocabulary are
        dropped) and ``(score, story index)`` of candidate stories, best first."""
        ids, w = self._vector(feats, grow=False)
        return ids, w, self._rank(ids, w, feats.day)

    def _rank(self, ids: np.ndarray, w: np.ndarray, day: float | None,
              exclude: int | None = None) -> list[tuple[float, int]]:
        if not len(ids) or not len(self.ids):
            return []
        idf = self._idf()
        qw = w * idf[ids]
        qn = float(np.linalg.norm(qw)) or 1.0
        order = np.argsort(-qw)[: self.query_terms]
        qterms = ids[order].tolist()
        if day is None:
            buckets = None
        else:
            b0 = self._bucket(day)
            buckets = [b0 + d for d in range(-self.window_buckets, self.window_buckets + 1)] + [NO_DATE_BUCKET]
        cap = self.max_postings
        keys_, kw = [], []
        for t, wt in zip(qterms, qw[order].tolist()):
            for b in [None] if buckets is None else buckets:
                keys_.append((t, b))
                kw.append(wt)
        parts, pw = [], []
        for lst, wt in zip(self.postings.get_many(keys_), kw):
            if lst is None:
                continue
            arr = np.frombuffer(lst, dtype=np.int32)
            if len(arr) > cap:  # too common in this window to be distinctive
                arr = arr[-cap:]
            parts.append(arr)
            pw.append((wt, len(arr)))
        if not parts:
            return []
        cat = np.concatenate(parts)
        wts = np.repeat(np.array([x for x, _ in pw], dtype=np.float32), [n for _, n in pw])
        uniq, inv = np.unique(cat, return_inverse=True)
        score = np.bincount(inv, weights=wts)
        if len(uniq) > self.max_candidates:
            top = np.argpartition(-score, self.max_candidates)[: self.max_candidates]
            top = top[np.lexsort((uniq[top], -score[top]))]
        else:
            top = np.lexsort((uniq, -score))
        cands = uniq[top].tolist()
        if exclude is not None:
            cands = [k for k in cands if k != exclude]
        if not cands:
            return []
        per_story: dict[int, list[float]] = {}
        qd = self._qbuf
        if len(qd) < len(self.vocab):
            qd = self._qbuf = np.zeros(max(len(self.vocab), 2 * len(qd)), dtype=np.float32)
        qd[ids] = qw / qn
        try:
            cid = [self.ids[k] for k in cands]
            lens = np.fromiter((len(a) for a in cid), dtype=np.int64, count=len(cid))
            cat = np.concatenate(cid)
            catw = np.concatenate([self.wts[k] for k in cands])
            prod = qd[cat] * catw * idf[cat]
            offs = np.concatenate(([0], np.cumsum(lens)[:-1]))
            nonempty = lens > 0
            dots = np.zeros(len(cands), dtype=np.float64)
            if nonempty.any():
                dots[nonempty] = np.add.reduceat(prod, offs[nonempty])
        finally:
            qd[ids] = 0.0
        for k, dot in zip(cands, dots.tolist()):
            if dot <= 0.0:
                continue
            sim = dot / self._norm(k, idf)
            sim *= self._time_factor(day, self.days[k])
            s = self._find(self.story_of[k])
            per_story.setdefault(s, []).append(sim)
        ranked = []
        for s, sims in per_story.items():
            size = len(self.stories[s].members) - (1 if exclude is not None and self._find(self.story_of[exclude]) == s else 0)
            if size <= 0:
                continue
            kk = min(self.link_k, size)
            top = sorted(sims, reverse=True)[:kk]
            ranked.append((sum(top) / kk, s))
        ranked.sort(key=lambda x: (-x[0], x[1]))
        return ranked

    def _find(self, s: int) -> int:
        while self.stories[s].merged_into is not None:
            s = self.stories[s].merged_into  # type: ignore[assignment]
        return s

    def add(self, name: str, feats: TextFeatures) -> int:
        """Cluster one article; return its story index."""
        ids, w = self._vector(feats, grow=True)
        ranked = self._rank(ids, w, feats.day)
        key = len(self.ids)
        best = ranked[0][0] if ranked else 0.0
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        self.settled.append(
            key >= self.settle_after
            and (best >= self.threshold + self.settle_margin or best < self.threshold - self.settle_margin)
            and second < self.evict_threshold - self.settle_margin / 2
        )
        if ranked and ranked[0][0] >= self.threshold:
            s = ranked[0][1]
            for sc, other in ranked[1:]:
                if sc >= self.merge_threshold:
                    s = self._merge(s, other)
        else:
            s = len(self.stories)
            self.names.append(name)
            self.stories.append(StoryRecord(id=self._fresh_id(len(self.names) - 1)))
            self.names.pop()
        # index the document
        self.df[ids] += 1
        self.ids.append(ids)
        self.wts.append(w)
        self.days.append(feats.day)
        self.names.append(name)
        self.story_of.append(s)
        rec = self.stories[s]
        rec.members.append(key)
        self._touch(s)
        if feats.day is not None:
            rec.first = feats.day if rec.first is None else min(rec.first, feats.day)
            rec.last = feats.day if rec.last is None else max(rec.last, feats.day)
        if len(ids) > self.top_k:
            keep = np.argsort(-(w * self._idf()[ids]))[: self.top_k]
            keep.sort()
            ids, w = ids[keep], w[keep]
            self.ids[key], self.wts[key] = ids, w
        order = np.argsort(ids)
        self.ids[key], self.wts[key] = ids[order], w[order]
        self._post(key, self._idf())
        return s

    def _post(self, key: int, idf: np.ndarray) -> None:
        """Put a document's most distinctive terms in the inverted index."""
        top = np.argsort(-(self.wts[key] * idf[self.ids[key]]))[: self.post_terms]
        b = self._bucket(self.days[key])
        self.postings.append_many([k for t in self.ids[key][top].tolist() for k in ((t, b), (t, None))], key)

    def rebuild_postings(self) -> None:
        """Recreate the inverted index and caches from the vectors, with the
        current IDF (the saved state keeps the index itself: see
        :meth:`state`)."""
        self._reset_caches()
        self.postings = TermPostings()
        idf = self._idf()
        for key in range(len(self.ids)):
            self._post(key, idf)

    # -- state ---------------------------------------------------------------
    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(JSON-able meta, flat numpy arrays): everything needed to continue
        exactly as this clusterer would, the inverted index and the IDF cache
        included (no Python loop over documents or postings). Nothing is
        folded in place: :meth:`overlay_state` still saves what changed
        since loading."""
        v = len(self.vocab)
        ids, offs = self.ids.csr()
        wts, woffs = self.wts.csr()
        if not np.array_equal(offs, woffs):
            raise ValueError("term ids and weights out of step")
        pcodes, poffs, pvals = self.postings.csr()
        meta = {
            "use_background": self.use_background,
            "idf_n": self._idf_n if self._idf_cache is not None else None,
        }
        arrays = {
            "df": self.df[:v],
            "bg": self.bg[:v],
            "vec_offs": offs,
            "vec_ids": ids,
            "vec_w": wts,
            "days": self.days.numpy(),
            "settled": self.settled.numpy(),
            "story_of": self.story_of.numpy(),
            "post_codes": pcodes,
            "post_offs": poffs,
            "post_vals": pvals,
            "idf_cache": self._idf_cache if self._idf_cache is not None else np.zeros(0, np.float32),
        }
        arrays.update(self.stories.arrays("st"))
        arrays.update(self.terms.arrays("terms"))
        arrays.update(self.vocab.arrays("vocab"))
        arrays.update(self.names.arrays("names"))
        return meta, arrays

    def load_state(self, meta: dict, z) -> None:
        """Restore what :meth:`state` returned (``z``: a mapping of arrays,
        possibly read-only views of a memory-mapped file). Nothing per
        document or per term is decoded here: rows are read when used."""
        df = z["df"]
        self.df = np.zeros(max(1024, len(df)), dtype=np.int32)
        self.df[: len(df)] = df
        self.bg = np.zeros(len(self.df), dtype=np.float32)
        self.bg[: len(df)] = z["bg"]
        self.use_background = bool(meta.get("use_background", False))
        self.terms = RowColumn.from_arrays(z, "terms", "str")
        self.vocab = TermIndex.from_arrays(z, "vocab", key_of=self.terms.__getitem__)
        offs = z["vec_offs"]
        self.ids = Ragged(np.int32, z["vec_ids"], offs)
        self.wts = Ragged(np.float32, z["vec_w"], offs)
        self.days = NumColumn.from_arrays(z, "days", np.float64, none_as_nan=True)
        self.names = RowColumn.from_arrays(z, "names", "str")
        self.settled = NumColumn.from_arrays(z, "settled", bool)
        self.story_of = NumColumn.from_arrays(z, "story_of", np.int64)
        self.stories = StoryList(z, "st")
        self.postings = TermPostings(z["post_codes"], z["post_offs"], z["post_vals"])
        n = len(self.ids)
        if not (len(self.wts) == len(self.days) == len(self.names) == len(self.settled) == len(self.story_of) == n):
            raise ValueError("clusterer state columns differ in length")
        if not len(self.terms) == len(self.vocab) == len(df) == len(z["bg"]):
            raise ValueError("clusterer vocabulary columns differ in length")
        self._reset_caches()
        if meta.get("idf_n") is not None:
            self._idf_cache = z["idf_cache"].astype(np.float32)  # a copy: it grows in place
            self._idf_n = int(meta["idf_n"])
            self._idf_version = 1
        self._loaded = self._base_marks(df, z["bg"])

    def _base_marks(self, df: np.ndarray, bg: np.ndarray) -> dict:
        """What :meth:`overlay_state` compares with: sizes, DF and background
        IDF as loaded, the IDF cache length and version."""
        return {"sizes": [len(self.ids), len(self.vocab), len(self.stories)], "df": df, "bg": bg,
                "idf_len": 0 if self._idf_cache is None else len(self._idf_cache),
                "idf_version": self._idf_version}

    def overlay_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """What changed since :meth:`load_state` (or since construction), as
        (JSON-able meta, arrays), for :meth:`load_overlay` over the same base:
        new documents and terms, the postings lists and stories changed, the
        DF entries changed and the IDF cache (only its new tail unless it was
        recomputed since loading)."""
        base = self._loaded
        nd, nv, _ = base["sizes"]
        v = len(self.vocab)
        c = self._idf_cache
        whole = c is None or self._idf_version != base["idf_version"]
        meta = {"base": base["sizes"], "idf_n": None if c is None else self._idf_n,
                "idf_version": self._idf_version, "idf_whole": whole}
        arrays = {"idf": np.zeros(0, np.float32) if c is None else c if whole else c[base["idf_len"] :]}
        arrays.update(_array_delta(self.df[:v], base["df"], "df"))
        arrays.update(_array_delta(self.bg[:v], base["bg"], "bg"))
        for name in ("ids", "wts", "days", "names", "settled", "story_of"):
            arrays.update(getattr(self, name).overlay_arrays(name))
        data, offs = encode_rows(list(self.vocab.new_items()), "str")  # in id order: terms are only added
        arrays.update({"terms_d": data, "terms_o": offs})
        arrays.update(self.postings.overlay_arrays("post"))
        arrays.update(self.stories.overlay_arrays("st"))
        return meta, arrays

    def load_overlay(self, meta: dict, z) -> None:
        """Restore :meth:`overlay_state` over the base just loaded: this
        clusterer then continues exactly as the saved one would."""
        base = self._loaded
        if list(meta["base"]) != base["sizes"] or self.dirty or len(self.ids) != base["sizes"][0]:
            raise ValueError("the overlay was saved over another base")
        nv = base["sizes"][1]
        data, offs = bytes(z["terms_d"]), z["terms_o"].tolist()
        if len(data) != offs[-1]:
            raise ValueError("bad overlay of the vocabulary")
        terms = [data[a:b].decode("utf-8") for a, b in zip(offs, offs[1:])]
        self.terms.extend(terms)
        v = len(self.terms)
        self.vocab.insert_absent(dict(zip(terms, range(nv, v))))
        if v > len(self.df):
            self._grow(v)
        _apply_delta(self.df, z, "df", nv, v)
        _apply_delta(self.bg, z, "bg", nv, v)
        for name in ("ids", "wts", "days", "names", "settled", "story_of"):
            getattr(self, name).load_overlay(z, name)
        self.postings.load_overlay(z, "post")
        self.stories.load_overlay(z, "st")
        n = len(self.ids)
        if not (len(self.wts) == len(self.days) == len(self.names) == len(self.settled) == len(self.story_of) == n):
            raise ValueError("clusterer overlay columns differ in length")
        idf = np.asarray(z["idf"], dtype=np.float32)
        if meta["idf_n"] is None:
            self._idf_cache = None
        else:
            self._idf_cache = idf.copy() if meta["idf_whole"] else np.concatenate([self._idf_cache, idf])
            self._idf_n = int(meta["idf_n"])
        self._idf_version = int(meta["idf_version"])

    def refine(self, touched: set[int], fresh: set[int] | frozenset = frozenset(), rounds: int = 4) -> None:
        """Re-check the members of the stories in ``touched`` (those that got
        new articles) with the current IDF: a member whose score with the rest
        of its story fell below the threshold moves to the best other story
        scoring above it, or becomes a story of its own. Only the touched
        stories are revisited, never the whole corpus: their members added in
        this batch (``fresh``), and the older members of stories with at most
        ``refine_old_max`` members. A fresh member whose first assignment was
        clear-cut (added after ``settle_after`` articles, best score at least
        ``settle_margin`` away from the threshold, no close second story) is
        not re-checked."""
        check: set[int] | None = None  # stories to re-check after the first round
        for _ in range(rounds):
            changed: set[int] = set()
            if check is None:
                keys = [k for s in sorted({self._find(t) for t in touched})
                        for k in list(self.stories[s].members)
                        if (k in fresh and not self.settled[k])
                        or (k not in fresh and len(self.stories[s].members) <= self.refine_old_max)]
            else:
                keys = [k for s in sorted({self._find(t) for t in check}) for k in list(self.stories[s].members)]
            for k in keys:
                cur = self._find(self.story_of[k])
                alone = len(self.stories[cur].members) <= 1
                ranked = self._rank(self.ids[k], self.wts[k], self.days[k], exclude=k)
                own = 0.0 if alone else next((sc for sc, st in ranked if st == cur), 0.0)
                best = next(((sc, st) for sc, st in ranked if st != cur), None)
                better = best is not None and best[0] >= self.threshold and best[0] > own + self.move_margin
                if own >= (self.threshold if alone else self.evict_threshold) and not better:
                    continue
                if best is not None and best[0] >= self.threshold and best[0] > own:
                    target = best[1]
                elif alone:
                    continue
                else:
                    target = len(self.stories)
                    self.stories.append(StoryRecord(id=self._fresh_id(k)))
                self._move(k, cur, target)
                if alone:
                    self.stories[cur].merged_into = target
                touched.add(target)
                changed.update((cur, target))
            if not changed:
                break
            check = changed

    def _fresh_id(self, key: int) -> str:
        """An id for a new story first holding doc ``key``, unlike any other."""
        sid, n = story_id(self.names[key]), 1
        while self.stories.has_id(sid):
            sid = story_id(f"{self.names[key]}#{n}")
            n += 1
        return sid

    def _touch(self, *stories: int) -> None:
        """Record that ``stories`` changed (for the next take and the overlay)."""
        self.dirty.update(stories)
        self.stories.mark(stories)

    def _move(self, key: int, src: int, dst: int) -> None:
        self._touch(src, dst)
        self.stories[src].members.remove(key)
        self.stories[dst].members.append(key)
        self.story_of[key] = dst
        for s in (src, dst):
            rec = self.stories[s]
            ds = [self.days[m] for m in rec.members if self.days[m] is not None]
            rec.first, rec.last = (min(ds), max(ds)) if ds else (None, None)

    def _merge(self, a: int, b: int) -> int:
        """Merge stories ``a`` and ``b``; the older (lower index) survives."""
        a, b = self._find(a), self._find(b)
        if a == b:
            return a
        keep, gone = min(a, b), max(a, b)
        self._touch(keep, gone)
        ks, gs = self.stories[keep], self.stories[gone]
        ks.members.extend(gs.members)
        for k in gs.members:
            self.story_of[k] = keep
        for v in (gs.first, gs.last):
            if v is not None:
                ks.first = v if ks.first is None else min(ks.first, v)
                ks.last = v if ks.last is None else max(ks.last, v)
        gs.members = []
        gs.merged_into = keep
        return keep

    # -- reading -------------------------------------------------------------
    def story(self, key: int) -> int:
        return self._find(self.story_of[key])

    def live_stories(self) -> list[int]:
        return np.flatnonzero(self.stories.merged_into() < 0).tolist()

    def unit_vector(self, key: int, idf: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        idf = self._idf() if idf is None else idf
        ids = self.ids[key]
        w = self.wts[key] * idf[ids]
        n = float(np.linalg.norm(w)) or 1.0
        return ids, w / n
