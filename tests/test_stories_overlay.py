"""The story clusterer's overlay state: the changes since loading alone.

Contract: ``X = load(base); X.add...(batch1); d = X.overlay_state()``, then
``Y = load(base); Y.load_overlay(d)``: Y continues exactly as X (same
stories, same later full state), and a later overlay of X (batch1 + batch2,
all since loading) does the same. Arrays go through ``pack_arrays`` /
``unpack_arrays`` and the meta through JSON, so every loaded array is a
read-only view, as when the state file is memory-mapped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from storylens.errors import LinkError
from storylens.index.clusters import StoryClusterer
from storylens.index.features import text_features
from storylens.index.state import pack_arrays, unpack_arrays
from storylens.index.stories import StoryIndex

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import synthetic_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus():
    """420 articles: a base of 270 (missing 30 of its period, added next so
    that stored stories change), then two batches of 60 and 90."""
    arts = synthetic_corpus(420, seed=11)
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    late = arts[150:300:5]
    base = [a for a in arts[:300] if a not in late]
    return base + late + arts[300:]


def _through_file(state: tuple[dict, dict]) -> tuple[dict, dict]:
    meta, arrays = state
    return json.loads(json.dumps(meta)), unpack_arrays(pack_arrays(arrays))


def _feed(cl: StoryClusterer, arts, refine: bool = True) -> None:
    """Cluster ``arts`` as :meth:`StoryIndex.add_many` does (no copies)."""
    touched, fresh = set(), set()
    for a in arts:
        cl.add(a.name, text_features(a, 3.0, 2.0))
        key = len(cl.ids) - 1
        touched.add(cl.story(key))
        fresh.add(key)
    if refine:
        cl.refine(touched, fresh)
    cl.dirty.clear()


def _load(base, overlay=None) -> StoryClusterer:
    cl = StoryClusterer.from_state(*_through_file(base))
    if overlay is not None:
        cl.load_overlay(*_through_file(overlay))
    return cl


def _based(arts):
    """A clusterer fed ``arts``, its state, and a clusterer loaded from that state."""
    first = StoryClusterer()
    _feed(first, arts)
    base = first.state()
    return first, base, _load(base)


def _same_state(a: StoryClusterer, b: StoryClusterer, same_load: bool = True) -> None:
    (ma, xa), (mb, xb) = a.state(), b.state()
    assert ma == mb and xa.keys() == xb.keys()
    for k in xa:
        assert xa[k].dtype == xb[k].dtype and np.array_equal(xa[k], xb[k], equal_nan=xa[k].dtype.kind == "f"), k
    assert a._idf_version == b._idf_version or not same_load  # a load starts counting afresh
    assert [a.story(k) for k in range(len(a.ids))] == [b.story(k) for k in range(len(b.ids))]


def test_clusterer_overlay_continues_exactly(corpus):
    first, base, x = _based(corpus[:270])
    _feed(x, corpus[270:330])
    d1 = x.overlay_state()
    assert len(d1[1]["st_setk"]) > 0  # stored stories were changed, not only added
    y = _load(base, d1)
    _same_state(x, y)
    for cl in (x, y):
        _feed(cl, corpus[330:420])
    _same_state(x, y)
    z = _load(base, x.overlay_state())  # cumulative: everything since the base
    _same_state(x, z)
    _same_state(x, _load(base, y.overlay_state()))  # y: a loaded overlay, partly read, saved again
    # the same as never saving at all
    _feed(first, corpus[270:330])
    _feed(first, corpus[330:420])
    _same_state(first, x, same_load=False)


def test_clusterer_overlay_of_single_adds(corpus):
    """Adds without refinement, an overlay after each one; the IDF cache is
    saved as its new tail, or whole once it was recomputed."""
    _, base, x = _based(corpus[:270])
    whole = set()
    for a in corpus[270:285]:
        _feed(x, [a], refine=False)
        meta, arrays = x.overlay_state()
        whole.add(meta["idf_whole"])
        y = _load(base, (meta, arrays))
        _same_state(x, y)
    assert whole == {True, False}


def test_overlay_over_another_base_is_refused(corpus):
    first, base, x = _based(corpus[:50])
    _feed(x, corpus[50:60])
    d = x.overlay_state()
    _feed(first, corpus[60:61])
    with pytest.raises(ValueError):
        _load(first.state(), d)


def _snapshot(idx: StoryIndex):
    return ({n: l.to_json() for n, l in idx.links().items()}, idx.stories(), idx.story_links())


def test_story_index_overlay(corpus):
    """Through :class:`StoryIndex`: every part's overlay and the index's own
    columns restore the index over its base, and it goes on as the
    original does; an overlay saved over another base is refused."""
    idx = StoryIndex()
    idx.add_many(corpus[:270])
    blob = idx.to_state()
    x = StoryIndex.from_state(blob)
    x.add_many(corpus[270:330])
    x.take_changes()
    overlay = x.overlay_state()
    y = StoryIndex.from_state(blob, overlay=overlay)
    assert _snapshot(y) == _snapshot(x)
    for i in (x, y):
        i.add_many(corpus[330:420])
    assert _snapshot(y) == _snapshot(x)
    with pytest.raises(LinkError):
        StoryIndex.from_state(x.to_state(), overlay=overlay)
