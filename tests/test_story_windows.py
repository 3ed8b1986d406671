"""The story clusterer at corpus scale: a story larger than the candidate
search still takes its event's articles, and a time window weighs terms as
one index holding the whole corpus would (seeded with the document
frequencies of the windows before it, refined with the corpus's)."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from storylens.evaluation.clustering import bcubed
from storylens.index.clusters import StoryClusterer
from storylens.index.features import cluster_terms, text_features
from storylens.index.stories import StoryIndex
from storylens.models import Article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import synthetic_corpus  # noqa: E402


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


def _counts(arts: list[Article]) -> tuple[Counter[str], int]:
    c: Counter[str] = Counter()
    for a in arts:
        c.update(cluster_terms(text_features(a)))
    return c, len(arts)


def test_a_seeded_clusterer_weighs_terms_as_one_that_saw_the_earlier_articles():
    arts = _event_articles(30)
    whole = StoryClusterer()
    for a in arts:
        whole.add(a.name, text_features(a))
    part = StoryClusterer()
    part.seed_df(*_counts(arts[:20]))
    for a in arts[20:]:
        part.add(a.name, text_features(a))
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
    whole = StoryClusterer()
    for a in arts:
        whole.add(a.name, text_features(a))
    part = StoryClusterer()
    for a in arts[10:]:
        part.add(a.name, text_features(a))
    part.assume_df(*_counts(arts))
    assert part.earlier_docs == 10
    df = {whole.terms[i]: int(whole.df[i]) for i in range(len(whole.vocab))}
    assert all(int(part.df[i]) == df[part.terms[i]] for i in range(len(part.vocab)))
    with pytest.raises(ValueError):
        part.assume_df(Counter(), 5)  # a corpus smaller than what the clusterer holds


def _windows(arts: list[Article], size: int, margin_days: int, seeded: bool) -> dict[str, str]:
    """The scaled run's story stage in one process: windows of ``size``
    articles in the index's order, each with the last ``margin_days`` of the
    windows before it, reconciled by the margin's majority."""
    first = StoryIndex()
    first.add_many(arts)
    originals = [a for a in arts if first.link(a.name).relation == "original"]
    corpus = _counts(originals)
    final: dict[str, str] = {}
    done: list[Article] = []
    for lo in range(0, len(arts), size):
        cur = arts[lo:lo + size]
        start = (dt.date.fromisoformat(cur[0].published or "") - dt.timedelta(days=margin_days)).isoformat()
        margin = [a for a in done if (a.published or "") >= start]
        idx = StoryIndex()
        if seeded and done:
            orig = {a.name for a in originals}
            before, n_before = _counts([a for a in done if a.name in orig and a not in margin])
            idx.clusterer.seed_df(before, n_before)
        idx.add_many(margin + cur, corpus_df=corpus if seeded else None)
        local = _stories(idx)
        votes: dict[str, Counter[str]] = {}
        for a in margin:
            votes.setdefault(local[a.name], Counter())[final[a.name]] += 1
        for a in cur:
            s = local[a.name]
            final[a.name] = min(votes[s], key=lambda x: (-votes[s][x], x)) if s in votes else s
        done.extend(cur)
    return final


@pytest.mark.slow
def test_windows_weighing_terms_as_one_index_give_its_stories():
    arts = synthetic_corpus(1600, seed=3)
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    one = StoryIndex()
    one.add_many(arts)
    single = _stories(one)
    plain = bcubed(_windows(arts, 550, 21, seeded=False), single)[2]
    seeded = bcubed(_windows(arts, 550, 21, seeded=True), single)[2]
    # three windows; measured 0.848 for windows that see only themselves and
    # 0.910 seeded (the synthetic corpus is sensitive: one index weighing
    # terms with an IDF 2 % staler agrees with itself at 0.90 on 10,000)
    assert seeded >= 0.90, (plain, seeded)
    assert seeded >= plain + 0.04, (plain, seeded)
