"""The story clusterer at corpus scale: a story larger than the candidate
search still takes its event's articles, and a time window weighs terms as
one index holding the whole corpus would (seeded with the document
frequencies of the windows before it, refined with the corpus's)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from storylens.evaluation.clustering import bcubed
from storylens.index.clusters import StoryClusterer
from storylens.index.features import text_features
from storylens.index.stories import StoryIndex
from storylens.models import Article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import synthetic_corpus  # noqa: E402
from bench_story_windows import simulate_windows, term_counts  # noqa: E402


def _event_articles(n: int) -> list[Article]:
    """``n`` reports of one event over two days: each names the event's
    people and place and a few of its words, among everyday words of its own."""
    rng = np.random.default_rng(4)
    filler = [f"word{i}" for i in range(400)]
    event = ["harbour", "crane", "collapse", "dockers", "inquiry", "cargo", "berth", "salvage"]
    out = []
    for i in range(n):
        paras = []
        for _ in range(4):
            toks = list(rng.choice(filler, size=40))
            toks[5:5] = list(rng.choice(event, size=3, replace=False))
            toks[20:20] = ["Velmora", "Port", "Authority", "chief", "Ilse", "Marrow"]
            paras.append(" ".join(toks) + ".")
        body = "\n\n".join(paras)
        out.append(Article(id=f"e{i}", name=f"e{i:03d}", source=body, body=body,
                           title="Crane collapse at Velmora harbour " + " ".join(rng.choice(event, size=2)),
                           published=f"2025-03-{10 + i % 2:02d}", outlet=f"outlet{i % 9}"))
    return out


def _stories(idx: StoryIndex) -> dict[str, str]:
    return {n: lk.story for n, lk in idx.links().items()}


def test_a_story_larger_than_the_candidate_search_keeps_taking_its_articles(monkeypatch):
    arts = _event_articles(60)
    idx = StoryIndex(max_candidates=8)  # the search returns 8 documents; the story grows to 60
    idx.add_many(arts)
    assert len(set(_stories(idx).values())) == 1
    # without scoring the members the search left out, the story's mean
    # over its members is diluted and the event falls apart
    monkeypatch.setattr(StoryClusterer, "_complete", lambda self, *a, **k: None)
    cut = StoryIndex(max_candidates=8)
    cut.add_many(arts)
    assert len(set(_stories(cut).values())) > 5


def _clustered(c: StoryClusterer, arts: list[Article]) -> StoryClusterer:
    for a in arts:
        c.add(a.name, text_features(a))
    return c


def test_a_seeded_clusterer_weighs_terms_as_one_that_saw_the_earlier_articles():
    arts = _event_articles(30)
    whole = _clustered(StoryClusterer(), arts)
    part = StoryClusterer()
    part.seed_df(*term_counts(arts[:20]))
    _clustered(part, arts[20:])
    n = len(whole.ids) + 1
    assert len(part.ids) + 1 + part.earlier_docs == n
    want = dict(zip((whole.terms[i] for i in range(len(whole.vocab))), whole._compute_idf(0, len(whole.vocab), n),
                    strict=True))
    got = part._compute_idf(0, len(part.vocab), n)
    assert len(part.vocab) > 10
    for i in range(len(part.vocab)):
        assert got[i] == pytest.approx(want[part.terms[i]])
    with pytest.raises(ValueError):
        part.state()  # the seed is not part of the state: a seeded clusterer is never saved
    with pytest.raises(ValueError):
        part.seed_df(Counter(), 0)  # only an empty clusterer is seeded


def test_assumed_corpus_frequencies_are_the_whole_corpus_ones():
    arts = _event_articles(30)
    whole = _clustered(StoryClusterer(), arts)
    part = _clustered(StoryClusterer(), arts[10:])
    part.assume_df(*term_counts(arts))
    assert part.earlier_docs == 10
    df = {whole.terms[i]: int(whole.df[i]) for i in range(len(whole.vocab))}
    assert all(int(part.df[i]) == df[part.terms[i]] for i in range(len(part.vocab)))
    with pytest.raises(ValueError):
        part.assume_df(Counter(), 5)  # a corpus smaller than what the clusterer holds


@pytest.mark.slow
def test_windows_weighing_terms_as_one_index_give_its_stories():
    arts = synthetic_corpus(1600, seed=3)
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    one = StoryIndex()
    one.add_many(arts)
    single = _stories(one)
    originals = {n for n, lk in one.links().items() if lk.relation == "original"}
    plain = bcubed(simulate_windows(arts, 550, 21, False, originals), single)[2]
    seeded = bcubed(simulate_windows(arts, 550, 21, True, originals), single)[2]
    # three windows; measured 0.848 for windows that see only themselves and
    # 0.910 seeded (the synthetic corpus is sensitive: one index weighing
    # terms with an IDF 2 % staler agrees with itself at 0.90 on 10,000)
    assert seeded >= 0.90, (plain, seeded)
    assert seeded >= plain + 0.04, (plain, seeded)
