"""Incremental same-event clustering of articles (the story clusterer).

Each original article (copies follow their original) has two sparse term
vectors (see :func:`~.features.text_features`): the whole text (title x3,
lead x2, body x1, paragraphs after 230 words x0.5, named entities as extra
terms, sublinear tf, its ``top_k`` strongest terms) and its *head* (the title
x3 and the first 40 body words: what the article says happened). IDF is kept
incrementally and applied at comparison time.

A new article is compared with the candidates that share one of its most
distinctive terms (time-bucketed inverted index, ``max_postings`` newest per
list) in two ways: the *topic* similarity (cosine of the whole texts) and the
*event* similarity (how well the head of one is covered by the whole of the
other, the better direction: a short lead is compared with what a long
article says first). Both are scaled by the publication-day gap when both
days are known: ``near_time_boost`` within ``grace_days``, then the topic
part decays with ``topic_decay_days`` (days apart, a shared topic is not a
shared event) and the event part with ``decay_days``. Both are scaled again
by the days the two leads name (:mod:`.leaddays`): ``lead_day_share`` when
they name a common day, ``lead_day_disjoint`` when both name days and none
is common (a remark on Monday, the apology on Thursday). Their mix
(``head_mix``) averaged over a story's best ``link_k`` members is the
story's score (when the candidate search was cut, a story's members it did
not return are scored too: :meth:`~StoryClusterer._complete`); a story
whose average event similarity is below ``event_threshold`` is not a
candidate (same topic, another event). The article joins the best story
scoring at least ``threshold`` or opens one; a second story scoring
``merge_threshold`` merges with it (the older id stays).

:meth:`~StoryClusterer.refine` re-checks, after a batch, the stories that got
articles: a member scoring below ``evict_threshold`` with its story, or
whose event part with it falls as far below ``event_threshold`` (the same
margin: a member is not evicted for a score it had when it joined), or
beaten by ``move_margin`` elsewhere, moves or stands alone. Story ids come
from a story's first member. The pipeline adds articles by (publication
date, name), so a corpus gives the same stories run after run; another
order or other batch boundaries can place borderline articles differently.
A time window of a larger corpus (the scaled story stage) weighs terms as
one clusterer holding the corpus would: :meth:`~StoryClusterer.seed_df` and
:meth:`~StoryClusterer.assume_df`.

State: :mod:`.clusterstate` saves flat arrays, reads them lazily and saves
the overlay of what changed since loading; the containers live in
:mod:`.rows`, :mod:`.storylist` and :mod:`.termindex`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .arrays import row_sums
from .candidates import NO_DATE_BUCKET, candidates
from .clusterstate import base_marks, clusterer_overlay, clusterer_state, load_clusterer_overlay, load_clusterer_state
from .columns import NumColumn, RowColumn
from .features import TextFeatures, background_idf, fold_name
from .leaddays import lead_day_factor
from .rows import Ragged
from .storylist import StoryList, StoryRecord, story_id
from .termindex import TermIndex, TermPostings

__all__ = ["StoryClusterer"]



class StoryClusterer:
    """Incremental clustering; doc keys are the clusterer's own 0, 1, ..."""

    def __init__(self, threshold: float = 0.185, merge_threshold: float = 0.285, top_k: int = 150,
                 query_terms: int = 20, max_candidates: int = 30, link_k: int = 100,
                 grace_days: float = 3.0, decay_days: float = 5.0, entity_weight: float = 1.5,
                 bucket_days: int = 7, window_buckets: int = 1, prior_docs: float = 50.0,
                 use_background: bool = False, near_time_boost: float = 1.4,
                 evict_threshold: float | None = 0.175, move_margin: float = 0.03,
                 max_postings: int = 100, post_terms: int = 30, head_mix: float = 0.5,
                 topic_decay_days: float = 2.0, event_threshold: float = 0.18,
                 lead_day_share: float = 1.1, lead_day_disjoint: float = 0.9) -> None:
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
        self.head_mix = head_mix
        self.topic_decay_days = topic_decay_days
        self.event_threshold = event_threshold
        self.lead_day_share = lead_day_share
        self.lead_day_disjoint = lead_day_disjoint
        self.use_background = use_background and background_idf("news") is not None
        self.earlier_docs = 0  # documents counted in ``df`` that this clusterer does not hold (see seed_df)
        self._seed: Mapping[str, int] | None = None  # their document frequencies (see seed_df)
        self.terms = RowColumn("str")  # term id -> term
        self.vocab = TermIndex("str", key_of=self.terms.__getitem__)  # term -> term id
        self.df = np.zeros(1024, dtype=np.int32)
        self.bg = np.zeros(1024, dtype=np.float32)
        self.ids = Ragged(np.int32)  # per doc: sorted term ids
        self.wts = Ragged(np.float32)  # per doc: their weights
        self.hids = Ragged(np.int32)  # per doc: sorted term ids of its head (title and lead)
        self.hwts = Ragged(np.float32)  # per doc: their weights
        self.days = NumColumn(np.float64, none_as_nan=True)  # per doc: day or None
        self.leads = Ragged(np.int32)  # per doc: the days its lead names (see leaddays)
        self.names = RowColumn("str")
        self.settled = NumColumn(bool)  # first assignment was clear-cut (see refine)
        self.story_of = NumColumn(np.int64)  # doc key -> story index
        self.stories = StoryList()
        self.postings = TermPostings()
        self.dirty: set[int] = set()  # stories changed since the last take (see StoryIndex.take_changes)
        self._reset_caches()
        self._loaded = base_marks(self, np.zeros(0, np.int32), np.zeros(0, np.float32))  # see overlay_state

    def _reset_caches(self) -> None:
        self._idf_cache: np.ndarray | None = None
        self._idf_n = 0
        self._idf_version = 0
        self._qbuf = np.zeros(1024, dtype=np.float32)
        # head vector or not -> per doc key: the norm of its idf-weighted
        # vector and the IDF version it was computed with (-1: none yet)
        self._norm_cache = {h: (np.zeros(0, np.float64), np.zeros(0, np.int64)) for h in (False, True)}

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
        n = len(self.ids) + 1 + self.earlier_docs
        v = len(self.vocab)
        c = self._idf_cache
        if c is None or n > self._idf_n * 1.02:
            c = self._idf_cache = self._compute_idf(0, v, n)
            self._idf_n = n
            self._idf_version += 1
        elif v > len(c):
            c = self._idf_cache = np.concatenate([c, self._compute_idf(len(c), v, self._idf_n)])
        return c

    def _norms_of(self, keys: list[int], idf: np.ndarray, head: bool = False) -> np.ndarray:
        """Norms of the idf-weighted vectors of docs ``keys``, or of their
        head vectors (cached per doc and IDF version)."""
        vals, vers = self._norm_cache[head]
        if len(vals) < len(self.ids):  # grown for the documents added since
            n = max(len(self.ids), 2 * len(vals), 1024)
            vals = np.concatenate([vals, np.zeros(n - len(vals))])
            vers = np.concatenate([vers, np.full(n - len(vers), -1, np.int64)])
            self._norm_cache[head] = (vals, vers)
        at = np.fromiter(keys, np.int64, len(keys))
        version = self._idf_version
        stale = at[vers[at] != version]
        if len(stale):
            ids_rows, w_rows = (self.hids, self.hwts) if head else (self.ids, self.wts)
            keys_ = stale.tolist()
            for k, ids, w in zip(keys_, ids_rows.take(keys_), w_rows.take(keys_), strict=True):
                vals[k] = float(np.linalg.norm(w * idf[ids])) or 1.0
            vers[stale] = version
        return vals[at]

    def _head_vector(self, feats: TextFeatures) -> tuple[np.ndarray, np.ndarray]:
        """The head's vector (terms not in the vocabulary dropped), sorted by term id."""
        items = {(("e:" + fold_name(t[2:])) if t.startswith("e:") else t): w * (self.entity_weight if t.startswith("e:") else 1.0)
                 for t, w in feats.head.items()}
        return self._sorted(*self._weights(list(items.items()), grow=False))

    @staticmethod
    def _sorted(ids: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(ids)
        return ids[order], w[order]

    def _vector(self, feats: TextFeatures, grow: bool) -> tuple[np.ndarray, np.ndarray]:
        items = list(feats.terms.items()) + [("e:" + fold_name(e), w * self.entity_weight) for e, w in feats.ents.items()]
        return self._weights(items, grow)

    def _weights(self, items: list[tuple[str, float]], grow: bool) -> tuple[np.ndarray, np.ndarray]:
        """Term ids and sublinear weights of weighted ``items`` (new terms
        added to the vocabulary when ``grow``, else dropped)."""
        raw: dict[int, float] = {}
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
                if self._seed is not None:
                    self.df[i] = self._seed.get(t, 0)
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

    def seed_df(self, counts: Mapping[str, int], docs: int) -> None:
        """Count ``docs`` earlier articles that this clusterer will not hold
        in its document frequencies (``counts``: term -> how many of them
        hold it, terms as :meth:`_vector` spells them: see
        :func:`~.features.cluster_terms`): a term takes its count when it
        enters the vocabulary, and the IDF is then the one a clusterer that
        had seen those articles would use. A corpus's story stage cut into
        time windows seeds each window with the windows before it. Only on
        an empty clusterer; not saved with the state (:meth:`state` refuses
        a seeded clusterer)."""
        if len(self.ids) or self.earlier_docs or len(self.vocab):
            raise ValueError("seed_df needs an empty clusterer")
        if docs < 0:
            raise ValueError("a negative number of earlier documents")
        self.earlier_docs = int(docs)
        self._seed = counts
        self._reset_caches()

    def assume_df(self, counts: Mapping[str, int], docs: int) -> None:
        """Weigh terms from now on with the document frequencies of a whole
        corpus of ``docs`` clustered articles that holds this clusterer's
        (``counts`` as in :meth:`seed_df`): a time window refines its stories
        as one process holding the whole corpus would. Not saved with the
        state."""
        if docs < len(self.ids):
            raise ValueError("the corpus holds fewer documents than the clusterer")
        v = len(self.vocab)
        corpus = np.fromiter((counts.get(self.terms[i], 0) for i in range(v)), dtype=np.int32, count=v)
        self.df[:v] = np.maximum(corpus, self.df[:v])  # never below what this clusterer counted itself
        self.earlier_docs = int(docs) - len(self.ids)
        self._seed = counts
        self._reset_caches()

    def bucket(self, day: float | None) -> int:
        return NO_DATE_BUCKET if day is None else int(day // self.bucket_days)

    def _time_factor(self, a: float | None, b: float | None, decay: float) -> float:
        """How publication days ``a`` and ``b`` scale a similarity:
        ``near_time_boost`` within ``grace_days``, then decaying with
        ``decay`` days; 1 when a day is unknown."""
        if a is None or b is None:
            return 1.0
        d = abs(a - b)
        if d <= self.grace_days:
            return self.near_time_boost
        return self.near_time_boost * math.exp(-(d - self.grace_days) / decay)

    # -- adding --------------------------------------------------------------
    def score(self, feats: TextFeatures) -> tuple[np.ndarray, np.ndarray, list[tuple[float, int]]]:
        """Vector of ``feats`` (new terms not yet in the vocabulary are
        dropped) and ``(score, story index)`` of candidate stories, best first."""
        ids, w = self._vector(feats, grow=False)
        return ids, w, self._rank(ids, w, feats.day, head=self._head_vector(feats), leads=feats.lead_days)

    def _rank(self, ids: np.ndarray, w: np.ndarray, day: float | None, exclude: int | None = None,
              head: tuple[np.ndarray, np.ndarray] | None = None, own: int | None = None,
              leads: tuple[int, ...] | np.ndarray = ()) -> list[tuple[float, int]]:
        """``(score, story index)`` of the candidate stories of a document
        (vector ``ids``, ``w``, head vector ``head``, day ``day``, the days
        its lead names ``leads``), best first.
        ``own``: the story the document is in, whose event part needs only
        the eviction floor (``event_threshold`` lowered by the gap between
        ``threshold`` and ``evict_threshold``), as its score does."""
        if not len(ids) or not len(self.ids):
            return []
        idf = self._idf()
        qw = w * idf[ids]
        cands = candidates(self, ids, qw, day, exclude)
        if not cands:
            return []
        per_story: dict[int, dict[int, tuple[float, float]]] = {}  # story -> member -> (score, event part)
        self._score_members(ids, qw, head, cands, idf, (day, leads), per_story, skip_zero=True)
        if len(cands) >= self.max_candidates - (exclude is not None):  # the search was cut: members may be missing
            self._complete(ids, qw, head, idf, (day, leads), exclude, per_story)
        mix = self.head_mix
        ranked = []
        for s, got in per_story.items():
            size = len(self.stories[s].members) - (1 if exclude is not None and self._find(self.story_of[exclude]) == s else 0)
            if size <= 0:
                continue
            kk = min(self.link_k, size)
            best = sorted(got.values(), reverse=True)[:kk]
            floor = self.event_threshold - (self.threshold - self.evict_threshold if s == own else 0.0)
            if mix > 0.0 and sum(e for _, e in best) / kk < floor:
                continue  # the same topic, not the same event
            ranked.append((sum(x for x, _ in best) / kk, s))
        ranked.sort(key=lambda x: (-x[0], x[1]))
        return ranked

    def _score_members(self, ids: np.ndarray, qw: np.ndarray, head: tuple[np.ndarray, np.ndarray] | None,
                       keys: list[int], idf: np.ndarray, when: tuple[float | None, tuple[int, ...] | np.ndarray],
                       per_story: dict[int, dict[int, tuple[float, float]]], skip_zero: bool) -> None:
        """The query's score with each of ``keys`` (the topic and event
        similarities, scaled by the days apart and by the days their leads
        name, mixed by ``head_mix``) and its event part, put under the key's
        story in ``per_story``. ``when``: the query's day and lead days."""
        if not keys:
            return
        day, leads = when[0], frozenset(int(x) for x in when[1])
        full, event = self._similarities(ids, qw, head, keys, idf)
        mix = self.head_mix
        tf, decay, topic_decay = self._time_factor, self.decay_days, self.topic_decay_days
        share, disjoint = self.lead_day_share, self.lead_day_disjoint
        theirs = self.leads.take(keys) if leads else [()] * len(keys)
        root: dict[int, int] = {}  # story -> the story it was merged into (none merge during this call)
        for k, f, e, other, s, ld in zip(keys, full.tolist(), event.tolist(), self.days.take(keys),
                                         self.story_of.take(keys), theirs, strict=True):
            if skip_zero and f <= 0.0 and e <= 0.0:
                continue
            lf = lead_day_factor(leads, ld, share, disjoint)
            ev = e * tf(day, other, decay) * lf
            sim = (1.0 - mix) * f * tf(day, other, topic_decay) * lf + mix * ev
            r = root.get(s)
            if r is None:
                r = root[s] = self._find(s)
            per_story.setdefault(r, {})[k] = (sim, ev)

    def _complete(self, ids: np.ndarray, qw: np.ndarray, head: tuple[np.ndarray, np.ndarray] | None,
                  idf: np.ndarray, when: tuple[float | None, tuple[int, ...] | np.ndarray], exclude: int | None,
                  per_story: dict[int, dict[int, tuple[float, float]]]) -> None:
        """Score the members of a candidate story that a cut candidate search
        did not return, when the story could still reach the threshold. A
        story's score is the mean over its best ``link_k`` members, and the
        search returns at most ``max_candidates`` documents in all: without
        this, a story of more members than that could never score its
        members' true mean, and a large event's new articles would open
        stories of their own (10,000 synthetic articles: events of 60 to 740
        articles came out as 10 to 390 stories each). Scored: the story's
        last ``link_k`` members (all of them in a smaller story); the bound
        assumes no unseen member beats the best seen one. When the search
        was not cut, a member it did not return shares none of the query's
        distinctive terms and counts as 0, as before."""
        floor = min(self.threshold, self.evict_threshold)
        extra: list[int] = []
        for s, got in per_story.items():
            members = self.stories[s].members
            size = len(members) - (1 if exclude is not None and self._find(self.story_of[exclude]) == s else 0)
            kk = min(self.link_k, size)
            if len(got) >= kk or kk <= 0:
                continue
            sims = sorted((x for x, _ in got.values()), reverse=True)[:kk]
            if (sum(sims) + (kk - len(sims)) * sims[0]) / kk < floor:
                continue
            extra.extend(m for m in members[-self.link_k:] if m not in got and m != exclude)
        self._score_members(ids, qw, head, extra, idf, when, per_story, skip_zero=False)

    def _dots(self, qd: np.ndarray, rows: Ragged, cands: list[int], idf: np.ndarray, wrows: Ragged) -> np.ndarray:
        """Dot products of the dense query ``qd`` with the idf-weighted rows
        (term ids ``rows``, weights ``wrows``) of ``cands``."""
        cid = rows.take(cands)
        lens = np.fromiter(map(len, cid), dtype=np.int64, count=len(cid))
        if not lens.sum():
            return np.zeros(len(cands))
        cat = np.concatenate(cid)
        catw = np.concatenate(wrows.take(cands))
        return row_sums(qd[cat] * catw * idf[cat], lens)

    def _similarities(self, ids: np.ndarray, qw: np.ndarray, head: tuple[np.ndarray, np.ndarray] | None,
                      cands: list[int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Two similarities of the query with each candidate: the cosine of
        the whole texts (the topic), and how well the head of one (what it
        says happened) is covered by the whole of the other, the better
        direction (the event): a short text or a lead is compared with what
        the other says first."""
        qd = self._qbuf
        if len(qd) < len(self.vocab):
            qd = self._qbuf = np.zeros(max(len(self.vocab), 2 * len(qd)), dtype=np.float32)
        qd[ids] = qw / (float(np.linalg.norm(qw)) or 1.0)
        try:
            norms = self._norms_of(cands, idf)
            full = self._dots(qd, self.ids, cands, idf, self.wts) / norms
            if self.head_mix <= 0.0:
                return full, np.zeros(len(cands))
            hnorms = self._norms_of(cands, idf, head=True)
            full_head = self._dots(qd, self.hids, cands, idf, self.hwts) / hnorms
        finally:
            qd[ids] = 0.0
        head_full = np.zeros(len(cands))
        if head is not None and len(head[0]):
            hw = head[1] * idf[head[0]]
            qd[head[0]] = hw / (float(np.linalg.norm(hw)) or 1.0)
            try:
                head_full = self._dots(qd, self.ids, cands, idf, self.wts) / norms
            finally:
                qd[head[0]] = 0.0
        return full, np.maximum(head_full, full_head)

    def _find(self, s: int) -> int:
        while self.stories[s].merged_into is not None:
            s = self.stories[s].merged_into  # type: ignore[assignment]
        return s

    def add(self, name: str, feats: TextFeatures) -> int:
        """Cluster one article; return its story index."""
        ids, w = self._vector(feats, grow=True)
        head = self._head_vector(feats)
        ranked = self._rank(ids, w, feats.day, head=head, leads=feats.lead_days)
        key = len(self.ids)
        best = ranked[0][0] if ranked else 0.0
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        self.settled.append(
            key + self.earlier_docs >= self.settle_after
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
        self.hids.append(head[0])
        self.hwts.append(head[1])
        self.days.append(feats.day)
        self.leads.append(np.asarray(feats.lead_days, dtype=np.int32))
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
        b = self.bucket(self.days[key])
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

    # -- state (see :mod:`.clusterstate`) --------------------------------------
    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(JSON-able meta, flat numpy arrays): everything needed to continue
        exactly as this clusterer would, the inverted index and the IDF cache
        included."""
        return clusterer_state(self)

    @classmethod
    def from_state(cls, meta: dict, z) -> StoryClusterer:
        """A clusterer restored from what :meth:`state` returned (``z``: a
        mapping of arrays, possibly read-only views of a memory-mapped file).
        Nothing per document or per term is decoded here: rows are read when
        used."""
        c = cls(**meta["options"])
        load_clusterer_state(c, meta, z)
        return c

    def overlay_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """What changed since :meth:`from_state` (or since construction), for
        :meth:`load_overlay` over the same base."""
        return clusterer_overlay(self)

    def load_overlay(self, meta: dict, z) -> None:
        """Restore :meth:`overlay_state` over the base just loaded: this
        clusterer then continues exactly as the saved one would."""
        load_clusterer_overlay(self, meta, z)

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
                ranked = self._rank(self.ids[k], self.wts[k], self.days[k], exclude=k, head=(self.hids[k], self.hwts[k]),
                                    own=cur, leads=self.leads[k])
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
