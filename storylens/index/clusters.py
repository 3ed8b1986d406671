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

State: :meth:`StoryClusterer.state` saves flat arrays; :meth:`~StoryClusterer.from_state`
reads them lazily (vectors, names, days, stories, vocabulary and postings are
read when used, from possibly read-only arrays), and
:meth:`~StoryClusterer.overlay_state` saves only what changed since loading,
restored over the same base by :meth:`~StoryClusterer.load_overlay`. The
containers of that state live in :mod:`storylens.index.rows` (flat arrays),
:mod:`storylens.index.storylist` (stories) and :mod:`storylens.index.termindex`
(vocabulary and inverted index).
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np

from .arrays import apply_delta, array_delta, row_sums
from .columns import NumColumn, RowColumn, encode_rows
from .features import TextFeatures, background_idf, fold_name
from .rows import Ragged
from .storylist import StoryList, StoryRecord, story_id
from .termindex import TermIndex, TermPostings

__all__ = ["StoryClusterer"]

NO_DATE_BUCKET = -(10**9)


class StoryClusterer:
    """Incremental clustering; doc keys are the clusterer's own 0, 1, ..."""

    def __init__(self, threshold: float = 0.21, merge_threshold: float = 0.31, top_k: int = 150,
                 query_terms: int = 20, max_candidates: int = 30, link_k: int = 100,
                 grace_days: float = 3.0, decay_days: float = 5.0, entity_weight: float = 1.5,
                 bucket_days: int = 7, window_buckets: int = 1, prior_docs: float = 50.0,
                 use_background: bool = False, near_time_boost: float = 1.4,
                 evict_threshold: float | None = 0.2, move_margin: float = 0.03,
                 max_postings: int = 100, post_terms: int = 30) -> None:
        self.options = {k: v for k, v in locals().items() if k != "self"}  # saved with the state
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
            c = self._idf_cache = self._compute_idf(0, v, n)
            self._idf_n = n
            self._idf_version += 1
        elif v > len(c):
            c = self._idf_cache = np.concatenate([c, self._compute_idf(len(c), v, self._idf_n)])
        return c

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
        for (t, w), i in zip(items, self.vocab.get_many([t for t, _ in items]), strict=True):
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
        wts = np.fromiter(raw.values(), dtype=np.float32, count=len(raw))
        return ids, np.where(wts > 1.0, 1.0 + np.log(np.maximum(wts, 1.0)), wts).astype(np.float32)

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
        for t, wt in zip(qterms, qw[order].tolist(), strict=True):
            for b in [None] if buckets is None else buckets:
                keys_.append((t, b))
                kw.append(wt)
        parts, pw = [], []
        for lst, wt in zip(self.postings.get_many(keys_), kw, strict=True):
            if lst is None:
                continue
            # at most the newest ``cap`` (more are too common in this window
            # to be distinctive); sliced before the view is taken, so that no
            # view of a live list outlives this call (a profiler or debugger
            # holding this frame would then make the next append fail)
            arr = np.frombuffer(lst[-cap:], dtype=np.int32)
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
            dots = row_sums(prod, lens)
        finally:
            qd[ids] = 0.0
        for k, dot in zip(cands, dots.tolist(), strict=True):
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
            ranked.append((sum(sorted(sims, reverse=True)[:kk]) / kk, s))
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
        pcodes, pvals, poffs = self.postings.csr()
        meta = {
            "options": self.options,
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

    @classmethod
    def from_state(cls, meta: dict, z) -> StoryClusterer:
        """A clusterer restored from what :meth:`state` returned (``z``: a
        mapping of arrays, possibly read-only views of a memory-mapped file).
        Nothing per document or per term is decoded here: rows are read when
        used."""
        c = cls(**meta["options"])
        c._load_state(meta, z)
        return c

    def _load_state(self, meta: dict, z) -> None:
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
        self.postings = TermPostings(z["post_codes"], z["post_vals"], z["post_offs"])
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
        """What changed since :meth:`from_state` (or since construction), as
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
        arrays.update(array_delta(self.df[:v], base["df"], "df"))
        arrays.update(array_delta(self.bg[:v], base["bg"], "bg"))
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
        terms = [data[a:b].decode("utf-8") for a, b in pairwise(offs)]
        self.terms.extend(terms)
        v = len(self.terms)
        self.vocab.insert_absent(dict(zip(terms, range(nv, v), strict=True)))
        if v > len(self.df):
            self._grow(v)
        apply_delta(self.df, z, "df", nv, v)
        apply_delta(self.bg, z, "bg", nv, v)
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
