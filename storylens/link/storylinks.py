"""Story links: stories connected across time.

Two stories are linked when they are *not* the same event (the clusterer kept
them apart) but continue each other: they share a named person or
organisation among their most frequent entities and either their term
vectors are similar (``min_similarity``, a follow-up) or a quotation in one
and a quotation in the other share at least two content words covering
``min_quote_overlap`` of the shorter (the same speaker's same message, even a
year later). Each link carries its reason: shared entities, similarity,
quote words, time gap.

:func:`link_stories` computes every link; :func:`update_story_links` brings
a previous result up to date after some stories changed, comparing only
the changed stories with the stories that share an entity with them (the
per-story entities are kept in a :class:`LinkCache` on the index, saved and
loaded with it, read lazily). :func:`update_story_links_delta` gives the
same result as deletions and additions, from only the previous links that
involve the changed stories and their fresh partners. The update equals a
full recomputation except where the corpus-wide IDF has moved since two
unchanged stories were last compared (their similarity is the one of that
time, so a pair right at ``min_similarity`` can differ), where an entity's
number of stories crosses ``max_entity_stories`` (pairs of unchanged
stories through it are not revisited), and where a story at its link cap
(``max_links_per_story``) does not get a weaker link back when a stronger
one goes. The pipeline recomputes every link when it rebuilds
the index (see :mod:`storylens.link.run`).
"""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import chain
from typing import TYPE_CHECKING, Callable

import numpy as np

from ..errors import LinkError
from .clusters import ragged_gather
from .columns import KeyIndex, RowColumn, encode_rows, str_hash

if TYPE_CHECKING:  # pragma: no cover
    from .stories import StoryIndex

__all__ = ["link_stories", "update_story_links", "update_story_links_delta", "refresh_link_cache",
           "link_cache", "LinkCache"]

# an entity's two-word tail ("of valdoria" from "national bank of valdoria") is
# matched on but not shown; quotation words are matched on 5-letter prefixes
_CONNECTORS = frozenset({"of", "the", "for", "de", "von", "van", "al", "bin"})
_PREFIX = 5


_MAX_CACHED = 20000  # centroids kept between updates (the cache is emptied past it)
OPTIONS = {"min_similarity": 0.3, "min_quote_overlap": 0.25, "top_entities": 8, "max_links_per_story": 5,
           "max_entity_stories": 200}


class LinkCache:
    """Per-story top entities and the stories of each entity, for the
    stories of one index, keyed by story index (kept on the index: see
    :func:`link_cache`).

    :meth:`state` saves it as flat arrays: per story its entity ids (CSR),
    the entity strings with their sorted hashes, and per entity its sorted
    story indexes (CSR). :meth:`from_state` decodes nothing up front (the
    arrays may be read-only views of a memory-mapped file): what changed
    since is kept in overlays, ``_ents`` (story -> its entities) and
    ``_add``/``_del`` (entity -> stories added to or removed from its saved
    postings), which :meth:`overlay_state` saves alone. The centroids
    (``cents``, valid for the clusterer's IDF version ``idf_version``) are a
    cache of one process, never saved: a loaded cache starts without, so it
    cannot use a centroid of another process's IDF."""

    def __init__(self) -> None:
        self._st_offs = np.zeros(1, np.int64)  # saved: story -> entity ids (CSR)
        self._st_ents = np.zeros(0, np.int32)
        self._names = RowColumn("str")  # saved: entity id -> entity
        self._ids = KeyIndex("str", key_of=self._names.__getitem__)  # saved: entity -> entity id
        self._p_offs = np.zeros(1, np.int64)  # saved: entity id -> sorted story indexes (CSR)
        self._p_vals = np.zeros(0, np.int32)
        self._ents: dict[int, list[str]] = {}  # stories set since loading
        self._add: dict[str, set[int]] = {}  # entity -> stories gained since loading
        self._del: dict[str, set[int]] = {}  # entity -> saved stories lost since loading
        self.cents: dict[int, tuple] = {}  # story -> centroid, at IDF version ``idf_version``
        self.idf_version = -1

    # -- reading ---------------------------------------------------------------
    def entities(self, s: int) -> list[str]:
        """Top entities of story ``s`` (empty for a story without)."""
        ents = self._ents.get(s)
        if ents is not None:
            return ents
        if s >= len(self._st_offs) - 1:
            return []
        names = self._names
        return [names[e] for e in self._st_ents[self._st_offs[s] : self._st_offs[s + 1]].tolist()]

    def _saved(self, e: str) -> np.ndarray:
        """The saved story indexes of entity ``e``."""
        i = self._ids.get(e)
        if i is None:
            return self._p_vals[:0]
        return self._p_vals[self._p_offs[i] : self._p_offs[i + 1]]

    def count(self, e: str) -> int:
        """How many stories have entity ``e``."""
        return len(self._saved(e)) + len(self._add.get(e, ())) - len(self._del.get(e, ()))

    def stories_of(self, e: str) -> list[int]:
        """The stories having entity ``e`` (in no particular order)."""
        saved = self._saved(e).tolist()
        lost = self._del.get(e)
        if lost:
            saved = [t for t in saved if t not in lost]
        return saved + list(self._add.get(e, ()))

    def items(self):
        """Every ``(entity, stories)`` pair with at least one story."""
        names = self._names
        for i in range(len(names)):
            ss = self.stories_of(names[i])
            if ss:
                yield names[i], ss
        for e, ss in self._add.items():
            if ss and self._ids.get(e) is None:
                yield e, list(ss)

    # -- changing --------------------------------------------------------------
    def set(self, s: int, ents: list[str]) -> None:
        """Story ``s`` now has the top entities ``ents`` (empty: none, or gone)."""
        self.cents.pop(s, None)
        for e in self.entities(s):
            gained = self._add.get(e)
            if gained is not None and s in gained:
                gained.discard(s)
            else:
                self._del.setdefault(e, set()).add(s)
        self._ents[s] = list(ents)
        for e in ents:
            lost = self._del.get(e)
            if lost is not None and s in lost:
                lost.discard(s)
            else:
                self._add.setdefault(e, set()).add(s)

    # -- saving ----------------------------------------------------------------
    def _overlay_ids(self) -> tuple[list[str], dict[str, int]]:
        """The entities new since loading (sorted), and the id of every entity
        of the overlays (new ones numbered after the saved ones)."""
        names = set(self._add).union(self._del, *self._ents.values())
        ids = {e: self._ids.get(e) for e in names}
        new = sorted(e for e, i in ids.items() if i is None)
        ids.update(zip(new, range(len(self._names), len(self._names) + len(new))))
        return new, ids  # type: ignore[return-value]

    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(meta, arrays) of the whole cache, saved part and overlays folded
        (entities left without a story are dropped); vectorised but for the
        rows changed since loading."""
        nsaved = len(self._names)
        new, ids = self._overlay_ids()
        rows = sorted(self._ents)
        nst = max(len(self._st_offs) - 1, rows[-1] + 1 if rows else 0)
        st_offs, st_ents = _replace_rows(self._st_offs, self._st_ents, nst, rows,
                                         [[ids[e] for e in self._ents[s]] for s in rows])
        changed = sorted({ids[e]: e for d in (self._add, self._del) for e, ss in d.items() if ss}.items())
        fresh = set(new)
        p_offs, p_vals = _replace_rows(self._p_offs, self._p_vals, nsaved + len(new), [i for i, _ in changed],
                                       [sorted(self._add[e] if e in fresh else self.stories_of(e)) for _, e in changed])
        names = RowColumn("str", *self._names.arrays("n").values())
        names.extend(new)
        used = np.diff(p_offs) > 0  # drop entities without a story; renumber the rest
        keep = np.nonzero(used)[0]
        renum = np.cumsum(used) - 1
        p_vals, p_offs = ragged_gather(p_vals, p_offs, keep)
        n_data, n_offs = ragged_gather(*names.arrays("n").values(), keep)
        saved = self._ids.arrays("k")
        h = np.concatenate([saved["k_h"], np.fromiter(map(str_hash, new), np.uint64, len(new))])
        v = np.concatenate([saved["k_v"], np.arange(nsaved, nsaved + len(new), dtype=np.int64)])
        live = used[v]
        h, v = h[live], renum[v[live]]
        order = np.argsort(h, kind="stable")
        meta = {"stories": int(nst), "entities": int(len(keep))}
        return meta, {"st_offs": st_offs, "st_ents": renum[st_ents].astype(np.int32), "names_data": n_data,
                      "names_offs": n_offs, "ids_h": h[order], "ids_v": v[order].astype(np.int64),
                      "post_offs": p_offs, "post_vals": p_vals}

    @classmethod
    def from_state(cls, meta: dict, arrays) -> "LinkCache":
        """The cache saved by :meth:`state` (``arrays``: a mapping, possibly
        of read-only views), read lazily; a damaged state raises
        :class:`~storylens.errors.LinkError`."""
        c = cls()
        try:
            c._st_offs, c._st_ents = arrays["st_offs"], arrays["st_ents"]
            c._names = RowColumn.from_arrays(arrays, "names", "str")
            c._ids = KeyIndex.from_arrays(arrays, "ids", "str", key_of=c._names.__getitem__)
            c._p_offs, c._p_vals = arrays["post_offs"], arrays["post_vals"]
            ok = (len(c._st_offs) == int(meta["stories"]) + 1 and c._st_offs[-1] == len(c._st_ents)
                  and len(c._p_offs) == len(c._names) + 1 == int(meta["entities"]) + 1
                  and c._p_offs[-1] == len(c._p_vals) and len(c._ids) == len(c._names))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise LinkError(f"unreadable story-link cache state: {exc}") from exc
        if not ok:
            raise LinkError("unreadable story-link cache state: its arrays differ in length")
        return c

    def overlay_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(meta, arrays) of what changed since loading: the stories set and
        the stories each entity gained or lost (restored by :meth:`load_overlay`)."""
        rows = sorted(self._ents)
        s_data, s_offs = encode_rows([self._ents[s] for s in rows], "json")
        ents = sorted(e for e in set(self._add) | set(self._del) if self._add.get(e) or self._del.get(e))
        e_data, e_offs = encode_rows(ents, "str")
        add_offs, add_vals = _csr([sorted(self._add.get(e, ())) for e in ents])
        del_offs, del_vals = _csr([sorted(self._del.get(e, ())) for e in ents])
        meta = {"stories": len(rows), "entities": len(ents)}
        return meta, {"ov_st": np.array(rows, dtype=np.int64), "ov_st_data": s_data, "ov_st_offs": s_offs,
                      "ov_e_data": e_data, "ov_e_offs": e_offs, "ov_add_offs": add_offs, "ov_add_vals": add_vals,
                      "ov_del_offs": del_offs, "ov_del_vals": del_vals}

    def load_overlay(self, meta: dict, arrays) -> None:
        """Restore what :meth:`overlay_state` saved, over the same saved
        cache just loaded; a damaged overlay raises
        :class:`~storylens.errors.LinkError`."""
        try:
            rows = arrays["ov_st"].tolist()
            ents = RowColumn("json", arrays["ov_st_data"], arrays["ov_st_offs"]).tolist()
            names = RowColumn("str", arrays["ov_e_data"], arrays["ov_e_offs"]).tolist()
            add = _lists(arrays["ov_add_offs"], arrays["ov_add_vals"])
            lost = _lists(arrays["ov_del_offs"], arrays["ov_del_vals"])
            ok = len(rows) == len(ents) == int(meta["stories"]) and len(names) == len(add) == len(lost) == int(
                meta["entities"])
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise LinkError(f"unreadable story-link cache overlay: {exc}") from exc
        if not ok:
            raise LinkError("unreadable story-link cache overlay: its arrays differ in length")
        self._ents = dict(zip(rows, ents))
        self._add = {e: set(ss) for e, ss in zip(names, add) if ss}
        self._del = {e: set(ss) for e, ss in zip(names, lost) if ss}
        self.cents, self.idf_version = {}, -1


def _csr(lists: list[list[int]], dtype=np.int32) -> tuple[np.ndarray, np.ndarray]:
    """``(offsets, values)`` of integer rows."""
    offs = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, lists), np.int64, len(lists)), out=offs[1:])
    return offs, np.fromiter(chain.from_iterable(lists), dtype, int(offs[-1]))


def _lists(offs: np.ndarray, vals: np.ndarray) -> list[list[int]]:
    """The rows of the CSR ``(offs, vals)`` as lists."""
    if len(offs) < 1 or offs[-1] != len(vals):
        raise ValueError("offsets do not match the values")
    flat, bounds = vals.tolist(), offs.tolist()
    return [flat[a:b] for a, b in zip(bounds, bounds[1:])]


def _replace_rows(offs: np.ndarray, vals: np.ndarray, nrows: int, rows: list[int],
                  lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """``(offsets, values)`` of ``nrows`` rows: those of the CSR ``(offs,
    vals)``, its rows ``rows`` (ascending) replaced by ``lists``, the rows past
    its end empty but for ``rows`` (a numpy gather, however many rows)."""
    nsaved = len(offs) - 1
    noffs, nvals = _csr(lists, np.int32)
    all_vals = np.concatenate([vals.astype(np.int32, copy=False), nvals])
    all_offs = np.concatenate([offs, noffs[1:] + offs[-1], [len(all_vals)]])  # the last row: an empty one
    src = np.full(nrows, nsaved + len(rows), dtype=np.int64)
    n = min(nsaved, nrows)
    src[:n] = np.arange(n)
    src[np.array(rows, dtype=np.int64)] = nsaved + np.arange(len(rows))
    out_vals, out_offs = ragged_gather(all_vals, all_offs, src)
    return out_offs, out_vals


def _top_entities(index: "StoryIndex", keys: list[int], top: int) -> list[str]:
    ents: Counter = Counter()
    for k in keys:
        ents.update(index.doc_ents[k])
    return [e for e, _ in ents.most_common(top)]


def centroid(index: "StoryIndex", keys: list[int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit-length centroid of the clustered members of ``keys`` (sorted
    term ids, weights); empty when none is clustered."""
    cl = index.clusterer
    parts = [cl.unit_vector(c, idf) for c in (index.cluster_key[k] for k in keys) if c >= 0]
    if not parts:
        return np.zeros(0, np.int32), np.zeros(0, np.float64)
    if len(parts) == 1:
        ids, w = parts[0]
        return ids, w.astype(np.float64)
    ids, inv = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    w = np.bincount(inv, weights=np.concatenate([p[1] for p in parts]).astype(np.float64))
    n = float(np.sqrt(np.dot(w, w))) or 1.0
    return ids, w / n


def _info(index: "StoryIndex", keys: list[int], top: list[str], cent: tuple[np.ndarray, np.ndarray]):
    """(top entities, centroid, quotations as word sets, publication days) of a story."""
    quotes = [set(q) for k in keys for q in index.quote_sets[k]]
    days = [index.copies.docs[k].day for k in keys if index.copies.docs[k].day is not None]
    return (set(top), cent, quotes, days)


def _similarities(pairs, info_of, size: int) -> dict[tuple[int, int], float]:
    """Cosine of the centroids of each pair ``(a, b)``, batched per ``a``: its
    centroid scattered into a dense buffer, every partner gathered at once."""
    by_a: dict[int, list[int]] = {}
    for a, b in pairs:
        by_a.setdefault(a, []).append(b)
    buf = np.zeros(size, dtype=np.float64)
    out: dict[tuple[int, int], float] = {}
    for a, bs in by_a.items():
        ids, w = info_of(a)[1]
        if not len(ids):
            out.update(((a, b), 0.0) for b in bs)
            continue
        buf[ids] = w
        cents = [info_of(b)[1] for b in bs]
        lens = np.fromiter((len(c[0]) for c in cents), np.int64, len(cents))
        sims = np.zeros(len(bs))
        if lens.sum():
            cat_ids = np.concatenate([c[0] for c in cents])
            prod = buf[cat_ids] * np.concatenate([c[1] for c in cents])
            offs = np.concatenate(([0], np.cumsum(lens)[:-1]))
            nz = lens > 0
            sims[nz] = np.add.reduceat(prod, offs[nz])
        buf[ids] = 0.0
        out.update(((a, b), float(x)) for b, x in zip(bs, sims.tolist()))
    return out


def _pair(index: "StoryIndex", a: int, b: int, ia, ib, shared: set[str], sim: float, opts: dict) -> dict | None:
    """The link between stories ``a`` and ``b`` (infos ``ia``, ``ib``, cosine
    ``sim``) that share the entities ``shared``, or None when they are not
    linked."""
    ea, _, qa, da = ia
    eb, _, qb, db = ib
    shown = [e for e in shared if e.split()[0] not in _CONNECTORS] or sorted(shared)
    people = [e for e in shown if len(e.split()) >= 2] or sorted(shown)
    qover, qshared = 0.0, set()
    for x in qa:
        for y in qb:
            inter = x & y
            if len(inter) >= 2:
                o = len(inter) / min(len(x), len(y))
                if o > qover:
                    qover, qshared = o, inter
    if not (sim >= opts["min_similarity"] or qover >= opts["min_quote_overlap"]):
        return None
    gap = None
    if da and db:
        gap = round(abs(min(da) - min(db)))
    why = [f"shared entities: {', '.join(sorted(people)[:4])}", f"similarity {sim:.2f}"]
    if qshared:
        stems = ", ".join(w + "…" if len(w) >= _PREFIX else w for w in sorted(qshared)[:8])
        why.append(f"a quotation in each shares the words {stems} ({qover:.2f})")
    if gap is not None:
        why.append(f"{gap} days apart")
    stories = index.clusterer.stories
    return {
        "stories": [stories[a].id, stories[b].id],
        "similarity": round(sim, 3),
        "quote_overlap": round(qover, 3),
        "why": "; ".join(why),
    }


def _links(index: "StoryIndex", pairs: dict[tuple[int, int], set[str]], info_of, opts: dict) -> list[dict]:
    """The links among ``pairs`` of stories (each with its shared entities):
    cosines first, in bulk; the rest only for pairs that can pass (a quote
    overlap needs quotations on both sides)."""
    sims = _similarities(pairs, info_of, len(index.clusterer.vocab))
    out = []
    for (a, b), shared in pairs.items():
        sim = sims[(a, b)]
        ia, ib = info_of(a), info_of(b)
        if sim < opts["min_similarity"] and not (ia[2] and ib[2]):
            continue
        link = _pair(index, a, b, ia, ib, shared, sim, opts)
        if link is not None:
            out.append(link)
    return out


def _score(link: dict) -> tuple:
    return (-(link["similarity"] + link["quote_overlap"]), link["stories"])


def _capped(links: list[dict], cap: int, ordered: list[dict] = ()) -> list[dict]:
    """Strongest first; each story keeps at most ``cap`` links. ``ordered``:
    more links, already in that order (merged, not sorted again)."""
    if ordered:
        links = list(heapq.merge(ordered, sorted(links, key=_score), key=_score))
    else:
        links = sorted(links, key=_score)
    count: dict[str, int] = {}
    out = []
    for l in links:
        a, b = l["stories"]
        ca, cb = count.get(a, 0), count.get(b, 0)
        if ca >= cap or cb >= cap:
            continue
        count[a], count[b] = ca + 1, cb + 1
        out.append(l)
    return out


def link_stories(index: "StoryIndex", **options) -> list[dict]:
    """Links between the stories of ``index``, strongest first (options:
    :data:`OPTIONS`). Also fills the index's link cache."""
    opts = {**OPTIONS, **options}
    idf = index.clusterer._idf()
    cache = LinkCache()
    info = {}
    for s, keys in index._members().items():
        top = _top_entities(index, keys, opts["top_entities"])
        cache.set(s, top)
        info[s] = _info(index, keys, top, centroid(index, keys, idf))
    pairs: dict[tuple[int, int], set[str]] = {}
    for e, ss in cache.items():
        if len(ss) > opts["max_entity_stories"]:  # too common to mean anything
            continue
        ss = sorted(ss)
        for i in range(len(ss)):
            for j in range(i + 1, len(ss)):
                pairs.setdefault((ss[i], ss[j]), set()).add(e)
    links = _links(index, pairs, info.__getitem__, opts)
    index._link_cache = cache
    return _capped(links, opts["max_links_per_story"])


def link_cache(index: "StoryIndex", top_entities: int = OPTIONS["top_entities"]) -> LinkCache:
    """The index's story-link cache: the one it carries (loaded with it, or
    kept since built), else built now from the top entities of every story
    (about a second for 100,000 articles)."""
    if index._link_cache is None:
        cache = LinkCache()
        for s, keys in index._members().items():
            cache.set(s, _top_entities(index, keys, top_entities))
        index._link_cache = cache
    return index._link_cache


def refresh_link_cache(index: "StoryIndex", changes,
                       top_entities: int = OPTIONS["top_entities"]) -> dict[int, list[int]]:
    """Bring the index's link cache up to date for ``changes`` (an
    :class:`~storylens.link.stories.IndexChanges`): the top entities of
    every changed story again (idempotent). Returns the changed stories that
    have members, with their copy keys. The story-link updates run it; run
    it for changes taken without one too (replayed ones), as the cache is
    saved with the index."""
    cache = link_cache(index, top_entities)
    changed: dict[int, list[int]] = {}
    for s in changes.story_index:
        keys = index.story_keys(s)
        cache.set(s, _top_entities(index, keys, top_entities) if keys else [])
        if keys:
            changed[s] = keys
    return changed


def _fresh_links(index: "StoryIndex", changes, opts: dict) -> tuple[list[dict], set[str]]:
    """The links of the changed stories computed again against every story
    sharing an entity with them (cache refreshed first), and the ids of the
    stories whose previous links are void (changed or gone)."""
    changed = refresh_link_cache(index, changes, opts["top_entities"])
    cache = index._link_cache
    cl = index.clusterer
    idf = cl._idf()
    drop = set(changes.gone) | {cl.stories[s].id for s in changed}
    info: dict[int, tuple] = {}
    if cache.idf_version != cl._idf_version or len(cache.cents) > _MAX_CACHED:
        cache.cents.clear()
        cache.idf_version = cl._idf_version

    def info_of(s: int):
        if s not in info:
            keys = index.story_keys(s)
            cent = cache.cents.get(s)
            if cent is None:
                cent = cache.cents[s] = centroid(index, keys, idf)
            info[s] = _info(index, keys, cache.entities(s), cent)
        return info[s]

    pairs: dict[tuple[int, int], set[str]] = {}
    for s in changed:
        for e in cache.entities(s):
            if cache.count(e) > opts["max_entity_stories"]:
                continue
            for t in cache.stories_of(e):
                if t != s:
                    pairs.setdefault((min(s, t), max(s, t)), set()).add(e)
    return _links(index, pairs, info_of, opts), drop


def update_story_links(index: "StoryIndex", previous: list[dict], changes, **options) -> list[dict]:
    """``previous`` (the links of the index before ``changes``, a
    :class:`~storylens.link.stories.IndexChanges`) updated: links of changed
    or vanished stories are dropped and those of the changed stories are
    computed again against every story sharing an entity with them."""
    opts = {**OPTIONS, **options}
    fresh, drop = _fresh_links(index, changes, opts)
    kept = [l for l in previous if not (set(l["stories"]) & drop)]
    return _capped(fresh, opts["max_links_per_story"], ordered=kept)


def update_story_links_delta(index: "StoryIndex", changes, links_of: Callable[[set[str]], list[dict]],
                             **options) -> tuple[list[tuple[str, str]], list[dict]]:
    """What :func:`update_story_links` changes, from only some previous
    links: ``(gone, new)``, the story-id pairs of the previous links to
    delete and the links to add, so that the previous links minus ``gone``
    plus ``new`` are exactly its result.

    ``links_of(ids)`` returns the previous links involving any of the story
    ``ids`` (each once, any order): the changed and gone stories, and the
    partner of each fresh link. That suffices: the previous links are capped
    (at most ``max_links_per_story`` per story), so a kept link between two
    stories without a fresh link is kept whatever the order, and a story
    with a fresh link has all its previous links in hand for the cap."""
    opts = {**OPTIONS, **options}
    fresh, drop = _fresh_links(index, changes, opts)
    ends = drop | {sid for l in fresh for sid in l["stories"]}
    touching = {tuple(l["stories"]): l for l in links_of(ends)}.values()
    kept = sorted((l for l in touching if not (set(l["stories"]) & drop)), key=_score)
    links = _capped(fresh, opts["max_links_per_story"], ordered=kept)
    final = {id(l) for l in links}
    was = {id(l) for l in kept}
    return ([tuple(l["stories"]) for l in touching if id(l) not in final],
            [l for l in links if id(l) not in was])
