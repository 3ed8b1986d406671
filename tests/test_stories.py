"""Stories: clustering, incremental adds, state round-trip, story links."""

from __future__ import annotations

import pytest
from test_stories_texts import BRIDGE, BRIDGE_OTHER_OUTLET, ORCHESTRA, make

from storylens.errors import LinkError
from storylens.index.stories import StoryIndex

ORCHESTRA_OTHER = [
    "Ingrid Sorensen is to leave the Vellmar Philharmonic after eleven seasons as chief conductor, the orchestra said on Friday.",
    "The 63-year-old conductor plans to teach and to record Sibelius with a small ensemble, the orchestra's board said in a statement.",
    "Subscribers doubled during her tenure, which included two tours of Japan. A successor is to be named by the summer.",
]


def corpus():
    return [
        make("bridge-post", BRIDGE, title="Council votes to replace Harbour Street bridge", outlet="Post", published="2024-05-07"),
        make("orch-post", ORCHESTRA, title="Vellmar conductor Sorensen to step down", outlet="Post", published="2024-05-10"),
        make("bridge-courier", BRIDGE_OTHER_OUTLET, title="Lindqvist approves new bridge", outlet="Courier", published="2024-05-07"),
        make("orch-herald", ORCHESTRA_OTHER, title="Sorensen to leave Vellmar Philharmonic", outlet="Herald", published="2024-05-10"),
        make("bridge-wire", BRIDGE[:4], title="Bridge to be replaced", outlet="Wire", published="2024-05-08"),
    ]


def groups(idx: StoryIndex) -> set[frozenset[str]]:
    return {frozenset(s["docs"]) for s in idx.stories()}


def test_same_event_grouped_and_other_event_apart():
    idx = StoryIndex()
    idx.add_many(corpus())
    assert groups(idx) == {
        frozenset({"bridge-post", "bridge-courier", "bridge-wire"}),
        frozenset({"orch-post", "orch-herald"}),
    }
    bridge = next(s for s in idx.stories() if "bridge-post" in s["docs"])
    assert bridge["date_range"] == ["2024-05-07", "2024-05-08"]
    assert bridge["independent_sources"] == 2  # the wire copy collapses into its original
    assert bridge["outlets"] == ["Courier", "Post", "Wire"]
    assert bridge["label"] in {"Council votes to replace Harbour Street bridge", "Lindqvist approves new bridge"}


def test_same_topic_months_apart_is_a_new_story_linked_to_the_old():
    idx = StoryIndex()
    idx.add_many(corpus()[:3])
    later = make("bridge-opening", [
        "The new Harbour Street bridge in Lindqvist opened to traffic on Monday, three years after the council voted to replace the 1911 crossing.",
        "Mayor Helena Brandt cut the ribbon. \"We have a bridge our grandchildren can cross,\" Brandt said.",
        "Marek Voss, who opposed the project, attended the ceremony and said the final cost of 52 million euros proved his point.",
    ], title="Lindqvist opens new Harbour Street bridge", outlet="Post", published="2027-04-12")
    link = idx.add(later)
    bridge = idx.link("bridge-post").story
    assert link.story != bridge
    linked = {frozenset(l["stories"]) for l in idx.story_links()}
    assert frozenset({bridge, link.story}) in linked


def test_incremental_equals_batch_and_ids_are_stable():
    batch = StoryIndex()
    batch.add_many(corpus())
    inc = StoryIndex()
    for a in corpus():
        inc.add_many([a])
    assert {n: l.to_json() for n, l in inc.links().items()} == {n: l.to_json() for n, l in batch.links().items()}
    again = StoryIndex()
    again.add_many(corpus())
    assert [s["id"] for s in again.stories()] == [s["id"] for s in batch.stories()]


def test_state_round_trip_then_continue():
    arts = corpus()
    idx = StoryIndex()
    idx.add_many(arts[:3])
    blob = idx.to_state()
    assert isinstance(blob, bytes)
    back = StoryIndex.from_state(blob)
    assert {n: l.to_json() for n, l in back.links().items()} == {n: l.to_json() for n, l in idx.links().items()}
    back.add_many(arts[3:])
    full = StoryIndex()
    full.add_many(arts)
    assert {n: l.to_json() for n, l in back.links().items()} == {n: l.to_json() for n, l in full.links().items()}
    assert back.stories() == full.stories()


def test_re_adding_is_a_no_op_and_jsonl_contract():
    idx = StoryIndex()
    first = idx.add_many(corpus())
    second = idx.add_many(corpus())
    assert [l.to_json() for l in first] == [l.to_json() for l in second]
    for link in first:
        js = link.to_json()
        assert {"doc", "story", "duplicate_of", "relation"} <= set(js)
        assert js["relation"] in {"original", "exact", "near", "syndicated"}
        assert js["story"].startswith("S") and len(js["story"]) == 9


def test_bad_state_raises_link_error():
    with pytest.raises(LinkError):
        StoryIndex.from_state(b"not a state")


def test_story_link_reason_reads_as_text():
    """The reason shown for a story link names whole entities (not the
    "of valdoria" tail used for matching) and marks quotation-word prefixes."""
    idx = StoryIndex()
    idx.add(make("bank-2024", [
        "Tomas Elgar told senators that the National Bank of Valdoria would put inflation first.",
        "\"Inflation is the cruellest tax and it falls hardest on the poor,\" Elgar said at the hearing.",
    ], title="Elgar vows to fight inflation at hearing", outlet="Ledger", published="2024-03-12"))
    idx.add(make("bank-2025", [
        "The National Bank of Valdoria raised its key rate to 3.75% on Thursday, governor Tomas Elgar said.",
        "\"Inflation is a cruel tax that falls hardest on those with least,\" Elgar told reporters.",
    ], title="National Bank raises key rate", outlet="Courier", published="2025-10-16"))
    links = idx.story_links()
    assert len(links) == 1
    why = links[0]["why"]
    assert "national bank of valdoria" in why and "tomas elgar" in why
    assert ", of valdoria" not in why and ": of valdoria" not in why
    assert "infla…" in why and "tax" in why and "tax…" not in why


def test_refine_evicts_on_the_event_part_only_past_the_eviction_margin():
    """A member whose event part with its story, re-checked after the batch,
    sits just below ``event_threshold`` stays, as a score just below
    ``threshold`` does: the eviction floor of both is lowered by the gap
    between ``threshold`` and ``evict_threshold``. Without that gap it goes."""
    from storylens.index.clusters import StoryClusterer
    from storylens.index.features import text_features

    a, b = corpus()[0], corpus()[2]  # one council vote, two outlets
    fa, fb = text_features(a, 3.0, 2.0), text_features(b, 3.0, 2.0)
    probe = StoryClusterer(threshold=0.0, evict_threshold=0.0, event_threshold=0.0, head_mix=1.0)
    probe.add(a.name, fa)
    probe.add(b.name, fb)
    # the event part of b with its story as the re-check sees it (head_mix 1: the score is the event part)
    seen = probe._rank(probe.ids[1], probe.wts[1], probe.days[1], exclude=1, head=(probe.hids[1], probe.hwts[1]))
    again = seen[0][0]
    for evict, stays in ((0.01, True), (0.02, False)):
        cl = StoryClusterer(threshold=0.02, evict_threshold=evict, event_threshold=again + 0.005, head_mix=1.0)
        assert cl.add(a.name, fa) == 0 and cl.add(b.name, fb) == 0  # b joins: its event part when added is higher
        cl.refine({0}, fresh={1})
        assert (cl.story(cl.story_of[1]) == cl.story(cl.story_of[0])) is stays, evict


@pytest.mark.parametrize(("body", "kept"), [
    ("HARBOURTON (KVLQ) -- Two ferries collided at dawn.", "Two ferries collided at dawn."),
    ("LINDQVIST, Nordmark — The council voted on Tuesday.", "The council voted on Tuesday."),
    ("VELMORA, March 3, 2025 /Wirefeed/ -- Quist Ltd. reported sales.", "Quist Ltd. reported sales."),
    ("(Courier) — Dockworkers struck on Monday.", "Dockworkers struck on Monday."),
    ("LINDQVIST (Harbour Wire) - The mayor resigned.", "The mayor resigned."),
    # a wire's date without its year, after a place and its region
    ("SOLBERG, Nordm., Dec. 8 (Harbour Wire) — The mayor resigned.", "The mayor resigned."),
    ("VELMORA, Aug 31 (Courier) - Quist Ltd. reported sales.", "Quist Ltd. reported sales."),
    # no dateline: a sentence, an acronym before a hyphen, a name before a dash
    ("Helena Brandt — the mayor — resigned.", "Helena Brandt — the mayor — resigned."),
    ("EU - Nordmark talks resumed.", "EU - Nordmark talks resumed."),
    ("The council voted - narrowly.", "The council voted - narrowly."),
])
def test_dateline_is_no_story_term(body, kept):
    """The dateline says where and for whom a story was filed, not what
    happened: its words are none of the article's clustering terms."""
    from storylens.index.features import strip_dateline, text_features

    assert strip_dateline(body) == kept
    feats = text_features(make("d", [body, "Nothing else happened."], title="A day in the port"))
    if kept != body:
        dropped = set(body.lower().replace(",", " ").split()) - set(kept.lower().split())
        assert not {w.strip("()/-—.") for w in dropped} & set(feats.terms), dropped


def test_contractions_are_no_entities():
    """A capitalised contraction opening a sentence ("It’s", "There’s",
    "I’m", either apostrophe) is a function word, not a named entity; a
    possessive name stays a name."""
    from storylens.index.features import entities

    text = "It’s over. That's it. There’s Quist’s offer. I’m told Helena Brandt agreed. We’ll see Port Velmora’s mayor."
    assert entities(text) == ["quist", "helena brandt", "port velmora"]
