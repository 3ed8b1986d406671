"""The story-link cache: saved, loaded lazily, restored from an overlay; and
story links updated from only the links touching the changed stories.

A loaded cache (and one restored from an overlay over the same saved cache)
must read and continue exactly as the cache kept in memory; the delta update
must give exactly the links of the full update.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from storylens.errors import LinkError
from storylens.index.linkcache import LinkCache
from storylens.index.state import pack_arrays, unpack_arrays
from storylens.index.stories import StoryIndex
from storylens.index.storylinks import (
    link_cache,
    link_stories,
    update_story_links,
    update_story_links_delta,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import synthetic_corpus  # noqa: E402

TIGHT = {"max_links_per_story": 2, "max_entity_stories": 12}  # caps reached often
# The synthetic stories are different events that share a quotation: linked
# only when the quotation test alone suffices, so that links come and go.
LOOSE = {"min_quote_similarity": 0.0, "max_quote_gap_days": 10**6}
_PEOPLE = [f"{a} {b}" for a in ("Anna", "Boris", "Clara", "Dmitri", "Elena", "Farid")
           for b in ("Berg", "Castell", "Dorn", "Ekland", "Falk")]
_QUOTES = ["we will rebuild the harbour bridge before winter", "the budget deficit threatens every pension fund",
           "nobody expected the tribunal to reverse its ruling", "our soldiers are returning home next spring"]


@pytest.fixture(scope="module")
def corpus():
    """The synthetic corpus, each article also naming two people of a small
    pool and quoting one of a few sentences: stories of different events
    share entities and quotations, so links come and go between batches."""
    arts = synthetic_corpus(560, seed=7)
    rng = random.Random(7)
    for a in arts:
        p, q = rng.sample(_PEOPLE, 2), rng.choice(_QUOTES)
        a.body += f'\n\n{p[0]} met {p[1]} on Monday. "{q.capitalize()}," {p[0]} said. {p[1]} agreed with {p[0]}.'
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    return arts


def _stored(meta: dict, arrays: dict):
    """``(meta, arrays)`` as a loader sees them: JSON meta, read-only views."""
    return json.loads(json.dumps(meta)), unpack_arrays(pack_arrays(arrays))


def _saved_index(index: StoryIndex):
    """The index and its link cache saved (the cache as ``(meta, arrays)``)."""
    return index.to_state(), _stored(*link_cache(index).state())


def _load(blob: bytes, cache_state, overlay=None) -> StoryIndex:
    """An index loaded with its saved link cache (what ``StoryIndex.from_state``
    is to do with the ``lc_`` arrays), the cache overlay restored over it."""
    index = StoryIndex.from_state(blob)
    index._link_cache = LinkCache.from_state(*cache_state)
    if overlay is not None:
        index._link_cache.load_overlay(*overlay)
    return index


def _content(cache: LinkCache, stories: int) -> tuple:
    ents = [cache.entities(s) for s in range(stories)]
    post = {e: sorted(ss) for e, ss in cache.items()}
    assert all(cache.count(e) == len(ss) for e, ss in post.items())
    return ents, post


def _same_arrays(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[k].dtype == b[k].dtype and np.array_equal(a[k], b[k]) for k in a)


def test_saved_cache_reads_like_the_built_one(corpus):
    idx = StoryIndex()
    idx.add_many(corpus[:300])
    built = link_cache(idx)
    n = len(idx.clusterer.stories)
    loaded = LinkCache.from_state(*_stored(*built.state()))
    assert _content(loaded, n + 3) == _content(built, n + 3)
    assert loaded.cents == {} and loaded.idf_version == -1  # centroids are never saved
    assert loaded.count("no such entity") == 0 and loaded.stories_of("no such entity") == []
    assert _same_arrays(loaded.state()[1], built.state()[1])  # re-saving changes nothing


def test_full_state_after_changes_equals_a_cache_built_so(corpus):
    """Stories set after loading (new entities, entities left without a
    story, stories past the saved ones) fold into the same arrays as a cache
    given the same rows from the start."""
    built = LinkCache()
    for s in range(40):
        built.set(s, [f"e{(s * 7 + k) % 23}" for k in range(s % 4)])
    loaded = LinkCache.from_state(*_stored(*built.state()))
    for c in (built, loaded):
        c.set(3, ["new one", "e1"])
        c.set(5, [])
        c.set(44, ["e2", "other new"])
        for s in range(10, 40):  # every story of e0 .. e22 but a few goes
            c.set(s, [])
    assert _content(loaded, 50) == _content(built, 50)
    fresh = LinkCache()
    for s in range(50):
        fresh.set(s, built.entities(s))
    assert _content(fresh, 50) == _content(loaded, 50)
    meta, arrays = loaded.state()
    assert meta == built.state()[0] and _same_arrays(arrays, built.state()[1])
    assert meta["entities"] == len(fresh.state()[1]["names_offs"]) - 1  # unused entities dropped


def test_overlay_restores_the_cache_as_it_was(corpus):
    """Contract: X = loaded base + batches, Y = the same base + X's overlay
    (cumulative: every batch since loading): Y continues exactly as X
    (links, cache content, overlay, full state)."""
    mem = StoryIndex()
    mem.add_many(corpus[:240])
    mem.take_changes()
    links = link_stories(mem, **LOOSE)
    base_blob, base_cache = _saved_index(mem)
    x, y = _load(base_blob, base_cache), None
    for start in range(240, len(corpus), 80):
        batch = corpus[start : start + 80]
        x.add_many(batch)
        lx = update_story_links(x, links, x.take_changes(), **LOOSE)
        if y is not None:
            y.add_many(batch)
            assert update_story_links(y, links, y.take_changes(), **LOOSE) == lx
            ox, oy = x._link_cache.overlay_state(), y._link_cache.overlay_state()
            assert ox[0] == oy[0] and _same_arrays(ox[1], oy[1])
            sx, sy = x._link_cache.state(), y._link_cache.state()
            assert sx[0] == sy[0] and _same_arrays(sx[1], sy[1])
        links = lx
        y = _load(x.to_state(), base_cache, _stored(*x._link_cache.overlay_state()))
        n = len(x.clusterer.stories)
        assert y._link_cache.cents == {} and _content(y._link_cache, n) == _content(x._link_cache, n)
    meta, _ = x._link_cache.overlay_state()  # what changed, not the corpus
    assert 0 < meta["stories"] < len(x.clusterer.stories) // 2


def test_loaded_cache_links_like_a_rebuilt_one(corpus):
    """A loaded cache gives the story links of today's cache rebuilt at load."""
    mem = StoryIndex()
    mem.add_many(corpus[:300])
    mem.take_changes()
    links = link_stories(mem, **LOOSE)
    blob, cache_state = _saved_index(mem)
    loaded, rebuilt = _load(blob, cache_state), StoryIndex.from_state(blob)
    out = []
    for idx in (loaded, rebuilt):
        got = links
        for start in range(300, len(corpus), 65):
            idx.add_many(corpus[start : start + 65])
            got = update_story_links(idx, got, idx.take_changes(), **LOOSE)
        out.append(got)
    assert out[0] == out[1] and out[0] != links


@pytest.mark.parametrize("options", [{}, TIGHT])
def test_delta_update_equals_the_full_update(corpus, options):
    """Over several batches, the previous links minus ``gone`` plus ``new``
    are exactly the full update's links, reading only the links involving
    the stories asked for."""
    idx = StoryIndex()
    idx.add_many(corpus[:200])
    idx.take_changes()
    full = link_stories(idx, **LOOSE, **options)
    stored = {tuple(l["stories"]): l for l in full}
    asked = []

    def links_of(ids: set[str]) -> list[dict]:
        asked.append(len(ids))
        return [l for l in stored.values() if set(l["stories"]) & ids]

    capped = 0  # kept links dropped by the cap of a partner story
    for start in range(200, len(corpus), 60):
        idx.add_many(corpus[start : start + 60])
        changes = idx.take_changes()
        gone, new = update_story_links_delta(idx, changes, links_of, **LOOSE, **options)
        full = update_story_links(idx, full, changes, **LOOSE, **options)
        for pair in gone:
            del stored[pair]
        stored.update((tuple(l["stories"]), l) for l in new)
        assert sorted(stored) == sorted(tuple(l["stories"]) for l in full)
        assert all(stored[tuple(l["stories"])] == l for l in full)
        void = set(changes.gone) | {r["id"] for r in changes.stories}
        capped += sum(1 for pair in gone if not set(pair) & void)
    assert full and all(n < len(idx.clusterer.stories) for n in asked)
    assert capped > 0 or not options


@pytest.mark.parametrize("damage", ["missing", "short", "meta"])
def test_damaged_cache_state_raises_link_error(damage):
    c = LinkCache()
    for s in range(5):
        c.set(s, [f"e{s % 2}", f"f{s}"])
    meta, arrays = c.state()
    if damage == "missing":
        del arrays["post_vals"]
    elif damage == "short":
        arrays["st_offs"] = arrays["st_offs"][:-1]
    else:
        meta = {"stories": "x"}
    with pytest.raises(LinkError):
        LinkCache.from_state(meta, arrays)
    om, oa = c.overlay_state()
    oa["ov_add_offs"] = oa["ov_add_offs"][:-1]
    with pytest.raises(LinkError):
        LinkCache().load_overlay(om, oa)
