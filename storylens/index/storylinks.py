"""Story links: stories connected across time.

Two stories are linked when they are *not* the same event (the clusterer kept
them apart) but continue each other: they share a named person or
organisation among their most frequent entities and either their term
vectors are similar (``min_similarity``, a follow-up) or a quotation in one
and a quotation in the other share a message: at least ``min_quote_words``
content words (stop words and common news verbs left out: a shared "I don't
know", "witch hunt" or "Fox News Sunday" is no message) covering
``min_quote_overlap`` of the shorter. A quotation link also needs texts that
are not unrelated (``min_quote_similarity``) and, when both dates are known,
stories at most ``max_quote_gap_days`` apart, unless the shared words number
``long_quote_words`` (the same speaker's same message, even a year later).
Each link carries its reason: shared entities, similarity, quote words, time
gap.

:func:`link_stories` computes every link; :func:`update_story_links` brings
a previous result up to date after some stories changed, comparing only
the changed stories with the stories that share an entity with them (the
per-story entities are kept in a :class:`~storylens.index.linkcache.LinkCache`
on the index, saved and loaded with it, read lazily). :func:`update_story_links_delta` gives the
same result as deletions and additions, from only the previous links that
involve the changed stories and their fresh partners. The update equals a
full recomputation except where the corpus-wide IDF has moved since two
unchanged stories were last compared (their similarity is the one of that
time, so a pair right at ``min_similarity`` can differ), where an entity's
number of stories crosses ``max_entity_stories`` (pairs of unchanged
stories through it are not revisited), and where a story at its link cap
(``max_links_per_story``) does not get a weaker link back when a stronger
one goes. The pipeline recomputes every link when it rebuilds
the index (see :mod:`storylens.index.linker`).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .arrays import row_sums
from .journal import story_link_score
from .linkcache import LinkCache
from .records import StoryLink

if TYPE_CHECKING:  # pragma: no cover
    from .stories import StoryIndex

__all__ = ["link_stories", "update_story_links", "update_story_links_delta", "refresh_link_cache",
           "link_cache"]

# an entity's two-word tail ("of valdoria" from "national bank of valdoria") is
# matched on but not shown; quotation words are matched on 5-letter prefixes
_CONNECTORS = frozenset({"of", "the", "for", "de", "von", "van", "al", "bin"})
_PREFIX = 5


_MAX_CACHED = 20000  # centroids kept between updates (the cache is emptied past it)
OPTIONS: dict[str, Any] = {"min_similarity": 0.3, "min_quote_overlap": 0.25, "min_quote_words": 3,
                           "min_quote_similarity": 0.15, "max_quote_gap_days": 30, "long_quote_words": 5,
                           "top_entities": 8, "max_links_per_story": 5, "max_entity_stories": 200}


def _top_entities(index: StoryIndex, keys: list[int], top: int) -> list[str]:
    ents: Counter = Counter()
    for k in keys:
        ents.update(index.doc_ents[k])
    return [e for e, _ in ents.most_common(top)]


def centroid(index: StoryIndex, keys: list[int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def _info(index: StoryIndex, keys: list[int], top: list[str], cent: tuple[np.ndarray, np.ndarray]):
    """(top entities, centroid, quotations as word sets, publication days) of a story."""
    quotes = [set(q) for k in keys for q in index.quote_sets[k]]
    day = index.copies.docs.day
    days = [d for d in map(day, keys) if d is not None]
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
            sims = row_sums(buf[cat_ids] * np.concatenate([c[1] for c in cents]), lens)
        buf[ids] = 0.0
        out.update(((a, b), float(x)) for b, x in zip(bs, sims.tolist(), strict=True))
    return out


def _shared_message(qa: list[set[str]], qb: list[set[str]], sim: float, gap: int | None,
                    opts: dict) -> tuple[float, set[str]]:
    """The best message a quotation of each story shares (see the module
    docstring): its overlap with the shorter quotation and its words, or
    ``(0.0, set())``."""
    if sim < opts["min_quote_similarity"]:
        return 0.0, set()
    near = gap is None or gap <= opts["max_quote_gap_days"]
    need = opts["min_quote_words"] if near else max(opts["min_quote_words"], opts["long_quote_words"])
    qover, qshared = 0.0, set()
    for x in qa:
        for y in qb:
            inter = x & y
            if len(inter) >= need:
                o = len(inter) / min(len(x), len(y))
                if o >= opts["min_quote_overlap"] and o > qover:
                    qover, qshared = o, inter
    return qover, qshared


def _pair(index: StoryIndex, a: int, b: int, ia, ib, shared: set[str], sim: float, opts: dict) -> dict | None:
    """The link between stories ``a`` and ``b`` (infos ``ia``, ``ib``, cosine
    ``sim``) that share the entities ``shared``, or None when they are not
    linked."""
    ea, _, qa, da = ia
    eb, _, qb, db = ib
    shown = [e for e in shared if e.split()[0] not in _CONNECTORS] or sorted(shared)
    people = [e for e in shown if len(e.split()) >= 2] or sorted(shown)
    gap = round(abs(min(da) - min(db))) if da and db else None
    qover, qshared = _shared_message(qa, qb, sim, gap, opts)
    if not (sim >= opts["min_similarity"] or qshared):
        return None
    why = [f"shared entities: {', '.join(sorted(people)[:4])}", f"similarity {sim:.2f}"]
    if qshared:
        stems = ", ".join(w + "…" if len(w) >= _PREFIX else w for w in sorted(qshared)[:8])
        why.append(f"a quotation in each shares the words {stems} ({qover:.2f})")
    if gap is not None:
        why.append(f"{gap} days apart")
    stories = index.clusterer.stories
    return StoryLink(stories=[stories[a].id, stories[b].id], similarity=round(sim, 3),
                     quote_overlap=round(qover, 3), why="; ".join(why), entities=sorted(shared)).to_json()


def _links(index: StoryIndex, pairs: dict[tuple[int, int], set[str]], info_of, opts: dict) -> list[dict]:
    """The links among ``pairs`` of stories (each with its shared entities):
    cosines first, in bulk; the rest only for pairs that can pass (a quote
    overlap needs quotations on both sides)."""
    sims = _similarities(pairs, info_of, len(index.clusterer.vocab))
    out = []
    for (a, b), shared in pairs.items():
        sim = sims[(a, b)]
        ia, ib = info_of(a), info_of(b)
        if sim < opts["min_similarity"] and not (ia[2] and ib[2] and sim >= opts["min_quote_similarity"]):
            continue
        link = _pair(index, a, b, ia, ib, shared, sim, opts)
        if link is not None:
            out.append(link)
    return out


def _score(link: dict) -> tuple:
    return (-story_link_score(link), link["stories"])


def _capped(links: list[dict], cap: int, ordered: Sequence[dict] = ()) -> list[dict]:
    """Strongest first; each story keeps at most ``cap`` links. ``ordered``:
    more links, already in that order (merged, not sorted again)."""
    links = list(heapq.merge(ordered, sorted(links, key=_score), key=_score)) if ordered else sorted(links, key=_score)
    count: dict[str, int] = {}
    out = []
    for link in links:
        a, b = link["stories"]
        ca, cb = count.get(a, 0), count.get(b, 0)
        if ca >= cap or cb >= cap:
            continue
        count[a], count[b] = ca + 1, cb + 1
        out.append(link)
    return out


def link_stories(index: StoryIndex, **options) -> list[dict]:
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


def link_cache(index: StoryIndex, top_entities: int = OPTIONS["top_entities"]) -> LinkCache:
    """The index's story-link cache: the one it carries (loaded with it, or
    kept since built), else built now from the top entities of every story
    (about a second for 100,000 articles)."""
    cache = index._link_cache
    if cache is None:
        cache = LinkCache()
        for s, keys in index._members().items():
            cache.set(s, _top_entities(index, keys, top_entities))
        index._link_cache = cache
    return cache


def refresh_link_cache(index: StoryIndex, changes,
                       top_entities: int = OPTIONS["top_entities"]) -> dict[int, list[int]]:
    """Bring the index's link cache up to date for ``changes`` (an
    :class:`~storylens.index.stories.IndexChanges`): the top entities of
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


def _fresh_links(index: StoryIndex, changes, opts: dict) -> tuple[list[dict], set[str]]:
    """The links of the changed stories computed again against every story
    sharing an entity with them (cache refreshed first), and the ids of the
    stories whose previous links are void (changed or gone)."""
    changed = refresh_link_cache(index, changes, opts["top_entities"])
    cache = link_cache(index, opts["top_entities"])
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


def update_story_links(index: StoryIndex, previous: list[dict], changes, **options) -> list[dict]:
    """``previous`` (the links of the index before ``changes``, a
    :class:`~storylens.index.stories.IndexChanges`) updated: links of changed
    or vanished stories are dropped and those of the changed stories are
    computed again against every story sharing an entity with them."""
    opts = {**OPTIONS, **options}
    fresh, drop = _fresh_links(index, changes, opts)
    kept = [link for link in previous if not (set(link["stories"]) & drop)]
    return _capped(fresh, opts["max_links_per_story"], ordered=kept)


def update_story_links_delta(index: StoryIndex, changes, links_of: Callable[[set[str]], list[dict]],
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
    ends = drop | {sid for link in fresh for sid in link["stories"]}
    touching = {tuple(link["stories"]): link for link in links_of(ends)}.values()
    kept = sorted((link for link in touching if not (set(link["stories"]) & drop)), key=_score)
    links = _capped(fresh, opts["max_links_per_story"], ordered=kept)
    final = {id(link) for link in links}
    was = {id(link) for link in kept}
    return ([tuple(link["stories"]) for link in touching if id(link) not in final],
            [link for link in links if id(link) not in was])
