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
"""

from __future__ import annotations

import hashlib
import math
from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .features import TextFeatures, background_idf, fold_name

__all__ = ["StoryClusterer", "StoryRecord", "story_id", "Ragged", "FlatRows", "TermPostings", "ragged_gather",
           "merge_grown_rows", "pack_offsets", "unpack_offsets"]

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


class Ragged:
    """A growable list of 1-D arrays kept as one flat array plus offsets
    (CSR), so that it is saved and loaded without a loop over its rows.
    Rows loaded from a state are views into the flat array; rows appended
    since are kept apart until :meth:`csr` folds them in."""

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
        """``(values, offsets)`` of every row; the rows are folded into one
        flat array (same contents) so the next call is free."""
        if self._set or self._tail:
            rows = [self[i] for i in range(len(self))] if self._set else None
            if rows is None:
                parts = [self._vals] + self._tail
                lens = np.concatenate([np.diff(self._offs),
                                       np.fromiter((len(a) for a in self._tail), np.int64, len(self._tail))])
            else:
                parts = rows
                lens = np.fromiter((len(a) for a in rows), np.int64, len(rows))
            vals = np.concatenate(parts).astype(self.dtype, copy=False) if parts else np.zeros(0, self.dtype)
            offs = np.zeros(len(lens) + 1, dtype=np.int64)
            np.cumsum(lens, out=offs[1:])
            self._vals, self._offs, self._nbase = vals, offs, len(lens)
            self._set, self._tail = {}, []
        return self._vals, self._offs


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
    to it."""

    def _base(self, code: int) -> np.ndarray | None:
        return self._row(code)

    def get(self, key: tuple[int, int | None]):
        """Doc keys posted under ``key`` (a buffer of int32), or None."""
        lst = self._new.get(key)
        if lst is not None or not len(self._codes):
            return lst
        return self._base(_term_code(key))

    def append(self, key: tuple[int, int | None], doc: int) -> None:
        lst = self._new.get(key)
        if lst is None:
            lst = self._new[key] = array("i")
            if len(self._codes):
                base = self._base(_term_code(key))
                if base is not None:
                    lst.frombytes(base.tobytes())
        lst.append(doc)

    def __len__(self) -> int:
        n = len(self._new)
        if n and len(self._codes):
            n += int(np.count_nonzero(~np.isin(self._codes, self._new_codes())))
        return n or len(self._codes)

    def _new_codes(self) -> np.ndarray:
        return np.fromiter((_term_code(k) for k in self._new), np.int64, len(self._new))

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(codes, offsets, values)``, codes sorted; the lists appended to
        are folded into the flat arrays (same contents)."""
        if self._new:
            lens = np.fromiter((len(v) for v in self._new.values()), np.int64, len(self._new))
            flat = np.frombuffer(b"".join(v.tobytes() for v in self._new.values()), dtype=np.int32)
            self._codes, self._offs, self._vals = merge_grown_rows(
                self._codes, self._offs, self._vals, self._new_codes(), lens, flat)
            self._new = {}
        return self._codes, self._offs, self._vals


def story_id(first_doc: str) -> str:
    """Stable story id derived from its first member's name."""
    return "S" + hashlib.sha1(first_doc.encode("utf-8")).hexdigest()[:8]


@dataclass
class StoryRecord:
    id: str
    members: list[int] = field(default_factory=list)  # clustered doc keys
    first: float | None = None
    last: float | None = None
    merged_into: int | None = None


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
        self.vocab: dict[str, int] = {}
        self.df = np.zeros(1024, dtype=np.int32)
        self.bg = np.zeros(1024, dtype=np.float32)
        self.ids = Ragged(np.int32)  # per doc: sorted term ids
        self.wts = Ragged(np.float32)  # per doc: their weights
        self.days: list[float | None] = []
        self.names: list[str] = []
        self.settled: list[bool] = []  # first assignment was clear-cut (see refine)
        self.story_of: list[int] = []  # doc key -> story index
        self.stories: list[StoryRecord] = []
        self.postings = TermPostings()
        self.dirty: set[int] = set()  # stories changed since the last take (see StoryIndex.take_changes)
        self._reset_caches()

    def _reset_caches(self) -> None:
        self._taken: set[str] = set()
        self._idf_cache: np.ndarray | None = None
        self._idf_n = 0
        self._idf_version = 0
        self._qbuf = np.zeros(1024, dtype=np.float32)
        self._norms: list[float] = [1.0] * len(self.ids)
        self._norm_ver: list[int] = [-1] * len(self.ids)

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
        if self._norm_ver[k] != self._idf_version:
            self._norms[k] = float(np.linalg.norm(self.wts[k] * idf[self.ids[k]])) or 1.0
            self._norm_ver[k] = self._idf_version
        return self._norms[k]

    def _vector(self, feats: TextFeatures, grow: bool) -> tuple[np.ndarray, np.ndarray]:
        raw: dict[int, float] = {}
        items = list(feats.terms.items()) + [("e:" + fold_name(e), w * self.entity_weight) for e, w in feats.ents.items()]
        for t, w in items:
            i = self.vocab.get(t)
            if i is None:
                if not grow:
                    continue
                i = len(self.vocab)
                self.vocab[t] = i
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
        get = self.postings.get
        cap = self.max_postings
        parts, pw = [], []
        for t, wt in zip(qterms, qw[order].tolist()):
            keys_ = [(t, None)] if buckets is None else [(t, b) for b in buckets]
            for key_ in keys_:
                lst = get(key_)
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
        self._norms.append(1.0)
        self._norm_ver.append(-1)
        self.names.append(name)
        self.story_of.append(s)
        rec = self.stories[s]
        rec.members.append(key)
        self.dirty.add(s)
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
        post = self.postings.append
        for t in self.ids[key][top].tolist():
            post((t, b), key)
            post((t, None), key)

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
        included (no Python loop over documents or postings)."""
        v = len(self.vocab)
        ids, offs = self.ids.csr()
        wts, woffs = self.wts.csr()
        pcodes, poffs, pvals = self.postings.csr()
        sm = np.array([len(s.members) for s in self.stories], dtype=np.int64)
        meta = {
            "use_background": self.use_background,
            "vocab": list(self.vocab),
            "names": self.names,
            "story_ids": [s.id for s in self.stories],
            "idf_n": self._idf_n if self._idf_cache is not None else None,
        }
        nan = float("nan")
        arrays = {
            "df": self.df[:v],
            "bg": self.bg[:v],
            "vec_lens": pack_offsets(offs),
            "vec_ids": ids,
            "vec_w": wts,
            "days": np.array([nan if d is None else d for d in self.days], dtype=np.float64),
            "settled": np.array(self.settled, dtype=bool),
            "story_of": np.array(self.story_of, dtype=np.int64),
            "st_offs": np.concatenate([[0], np.cumsum(sm)]).astype(np.int64),
            "st_members": np.array([m for s in self.stories for m in s.members], dtype=np.int64),
            "st_span": np.array([[nan if s.first is None else s.first, nan if s.last is None else s.last]
                                 for s in self.stories], dtype=np.float64).reshape(-1, 2),
            "st_merged": np.array([-1 if s.merged_into is None else s.merged_into for s in self.stories],
                                  dtype=np.int64),
            "post_codes": pcodes,
            "post_lens": pack_offsets(poffs),
            "post_vals": pvals,
            "idf_cache": self._idf_cache if self._idf_cache is not None else np.zeros(0, np.float32),
        }
        if len(offs) != len(woffs) or not np.array_equal(offs, woffs):
            raise ValueError("term ids and weights out of step")
        return meta, arrays

    def load_state(self, meta: dict, z) -> None:
        """Restore what :meth:`state` returned (``z``: a mapping of arrays)."""
        self.vocab = dict(zip(meta["vocab"], range(len(meta["vocab"]))))
        df = z["df"]
        self.df = np.zeros(max(1024, len(df)), dtype=np.int32)
        self.df[: len(df)] = df
        self.bg = np.zeros(len(self.df), dtype=np.float32)
        self.bg[: len(df)] = z["bg"]
        self.use_background = bool(meta.get("use_background", False))
        offs = unpack_offsets(z["vec_lens"])
        self.ids = Ragged(np.int32, z["vec_ids"], offs)
        self.wts = Ragged(np.float32, z["vec_w"], offs)
        days = z["days"]
        self.days = [None if d != d else d for d in days.tolist()]
        self.names = meta["names"]
        self.settled = z["settled"].tolist()
        self.story_of = z["story_of"].tolist()
        st_offs = z["st_offs"].tolist()
        members = z["st_members"].tolist()
        span = z["st_span"].tolist()
        merged = z["st_merged"].tolist()
        self.stories = [
            StoryRecord(id=sid, members=members[st_offs[i] : st_offs[i + 1]],
                        first=None if f != f else f, last=None if l != l else l,
                        merged_into=None if m < 0 else m)
            for i, (sid, (f, l), m) in enumerate(zip(meta["story_ids"], span, merged))
        ]
        self.postings = TermPostings(z["post_codes"], unpack_offsets(z["post_lens"]), z["post_vals"])
        n = len(self.ids)
        if not (len(self.wts) == len(self.days) == len(self.names) == len(self.settled) == len(self.story_of) == n):
            raise ValueError("clusterer state columns differ in length")
        self._reset_caches()
        if meta.get("idf_n") is not None:
            self._idf_cache = z["idf_cache"].astype(np.float32)  # a copy: it grows in place
            self._idf_n = int(meta["idf_n"])
            self._idf_version = 1

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
        base = story_id(self.names[key])
        taken = self._taken
        if len(taken) != len(self.stories):
            taken.clear()
            taken.update(s.id for s in self.stories)
        sid, n = base, 1
        while sid in taken:
            sid = story_id(f"{self.names[key]}#{n}")
            n += 1
        taken.add(sid)
        return sid

    def _move(self, key: int, src: int, dst: int) -> None:
        self.dirty.update((src, dst))
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
        self.dirty.update((keep, gone))
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
        return [i for i, s in enumerate(self.stories) if s.merged_into is None]

    def unit_vector(self, key: int, idf: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        idf = self._idf() if idf is None else idf
        ids = self.ids[key]
        w = self.wts[key] * idf[ids]
        n = float(np.linalg.norm(w)) or 1.0
        return ids, w / n
