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

import numpy as np

from .features import TextFeatures, background_idf, fold_name

__all__ = ["StoryClusterer", "StoryRecord", "story_id"]

NO_DATE_BUCKET = -(10**9)


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
        self.ids: list[np.ndarray] = []
        self.wts: list[np.ndarray] = []
        self.days: list[float | None] = []
        self.names: list[str] = []
        self.settled: list[bool] = []  # first assignment was clear-cut (see refine)
        self.story_of: list[int] = []  # doc key -> story index
        self.stories: list[StoryRecord] = []
        self.postings: dict[tuple[int, int | None], array] = {}
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
        if not len(ids) or not self.ids:
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
        for t in self.ids[key][top].tolist():
            for pk in ((t, b), (t, None)):
                lst = self.postings.get(pk)
                if lst is None:
                    lst = self.postings[pk] = array("i")
                lst.append(key)

    def rebuild_postings(self) -> None:
        """Recreate the inverted index and caches (after loading a saved state)."""
        self._reset_caches()
        self.postings = {}
        idf = self._idf()
        for key in range(len(self.ids)):
            self._post(key, idf)

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
