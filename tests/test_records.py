"""The typed records where layers meet (Story, StoryLink, StoryComparison,
Dossier) give back exactly the JSON they were read from, in the same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storylens import Settings, Store, analyze
from storylens.compare.records import StoryComparison
from storylens.index.records import Story, StoryLink, stored_stories, stored_story, stored_story_links
from storylens.present import build_dossier
from storylens.present.records import Dossier, DossierStory

ROOT = Path(__file__).resolve().parents[1]


def _same(a: object, b: object) -> bool:
    """Equal, keys in the same order too (as ``dossier.json`` is written)."""
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("records")
    s = Settings(db=str(tmp / "ex.db"), out=str(tmp / "out"), progress=False)
    analyze([ROOT / "examples" / "corpus"], settings=s)
    written = json.loads((tmp / "out" / "dossier.json").read_text(encoding="utf-8"))
    store = Store(s.db)
    yield store, s, written
    store.close()


def test_stories_and_links_read_back_exactly(example):
    store, _, _ = example
    stories = stored_stories(store)
    assert stories and all(isinstance(s, Story) for s in stories)
    assert all(_same(s.to_json(), d) for s, d in zip(stories, store.stories(), strict=True))
    first = stories[0]
    assert stored_story(store, first.id) == first and stored_story(store, "S-missing") is None
    assert (first.first, first.last) == tuple(first.date_range)
    links = stored_story_links(store)
    assert links and all(isinstance(link, StoryLink) for link in links)
    assert all(_same(link.to_json(), d) for link, d in zip(links, store.story_links(), strict=True))
    assert [link.score for link in links] == sorted((link.score for link in links), reverse=True)


def test_dossier_json_reads_back_exactly(example):
    store, settings, written = example
    dossier, _ = build_dossier(store, settings)
    assert isinstance(dossier, Dossier) and all(isinstance(s, DossierStory) for s in dossier.stories)
    assert all(isinstance(s.comparison, StoryComparison) for s in dossier.stories)
    got = dossier.to_json()
    assert _same({k: v for k, v in got.items() if k != "created"},
                 {k: v for k, v in written.items() if k != "created"})
    assert _same(Dossier.from_json(written).to_json(), written)


def test_a_story_without_comparison_keeps_the_index_fields_and_its_errors():
    entry = DossierStory(id="S1", label=None, date_range=[None, None], independent_sources=2, outlets=["A"],
                         errors=["comparison failed: ValueError: x"])
    d = entry.to_json()
    assert list(d) == ["id", "label", "date_range", "independent_sources", "outlets", "articles", "quotes", "errors"]
    assert entry.compared == StoryComparison() and entry.title == "S1"
    assert _same(DossierStory.from_json(d).to_json(), d)
