"""Copies: exact, near (new headline), contained reprints, syndication, negatives."""

from __future__ import annotations

import numpy as np
import pytest
from test_stories_texts import BRIDGE, BRIDGE_OTHER_OUTLET, ORCHESTRA, make

from storylens.errors import LinkError
from storylens.index.copies import CopyIndex, detect_markers, shared_passage
from storylens.index.features import shingle_hashes, word_hashes, words
from storylens.index.stories import StoryIndex


def _links(*articles):
    idx = StoryIndex()
    idx.add_many(articles)
    return idx, idx.links()


def test_exact_duplicate_after_normalisation():
    a = make("a", BRIDGE, title="Council votes to replace bridge", outlet="Lindqvist Post")
    b = make("b", [p.upper().replace(",", " ,") for p in BRIDGE], title="Other", outlet="Lindqvist Post")
    _, links = _links(a, b)
    assert links["a"].relation == "original" and links["a"].duplicate_of is None
    assert links["b"].relation == "exact" and links["b"].duplicate_of == "a"
    assert links["a"].story == links["b"].story


def test_near_duplicate_with_changed_headline_and_edits():
    a = make("a", BRIDGE, title="Council votes to replace bridge", outlet="Post")
    edited = [p.replace("Tuesday", "Tuesday evening").replace("about 48", "roughly 48") for p in BRIDGE]
    edited[3] = edited[3].replace("half as much", "about half as much")
    b = make("b", edited, title="Harbour Street bridge to be torn down", outlet="Post")
    _, links = _links(a, b)
    assert links["b"].relation == "near"
    assert links["b"].duplicate_of == "a"
    assert links["b"].similarity is not None and links["b"].similarity > 0.6
    assert "shared passage" in links["b"].evidence


def test_truncated_reprint_is_found_by_containment():
    a = make("a", BRIDGE + ORCHESTRA[:1], title="Bridge", outlet="Post")
    b = make("b", ["Advertisement"] + BRIDGE[:3], title="Bridge decision", outlet="Daily Courier")
    idx, links = _links(a, b)
    # Jaccard alone is low (b is about half of a) but b is contained in a
    assert idx.copies.mh.jaccard(0, 1) < 0.6
    assert links["b"].relation == "syndicated"
    assert links["b"].duplicate_of == "a"
    assert "Post -> Daily Courier" in links["b"].evidence


def test_inserted_paragraph_and_marker_make_syndicated_copy():
    a = make("a", BRIDGE, title="Bridge", published="2024-05-07")
    b = make("b", BRIDGE[:2] + ["Read more: our coverage of the port expansion."] + BRIDGE[2:],
             title="Bridge", published="2024-05-08", syndication=["WirePress"])
    _, links = _links(a, b)
    assert links["b"].relation == "syndicated" and links["b"].duplicate_of == "a"
    assert "WirePress" in links["b"].evidence


def test_original_is_earliest_published_whatever_the_order():
    a = make("a", BRIDGE, title="Bridge", outlet="Post", published="2024-05-07")
    b = make("b", BRIDGE[:4], title="Bridge", outlet="Courier", published="2024-05-09")
    for order in ((a, b), (b, a)):
        _, links = _links(*order)
        assert links["a"].relation == "original"
        assert links["b"].duplicate_of == "a"


def test_same_topic_other_outlet_is_not_a_copy():
    a = make("a", BRIDGE, title="Council votes to replace bridge", outlet="Post", published="2024-05-07")
    b = make("b", BRIDGE_OTHER_OUTLET, title="Bridge approved", outlet="Courier", published="2024-05-07")
    c = make("c", ORCHESTRA, title="Conductor to step down", outlet="Post", published="2024-05-07")
    _, links = _links(a, b, c)
    assert all(l.relation == "original" and l.duplicate_of is None for l in links.values())


def test_shared_quote_alone_is_not_a_copy():
    quote = ('"We have waited ten years for this bridge and we will not wait another ten for the '
             'money to arrive," Brandt said after the vote.')
    a = make("a", [BRIDGE[0], quote] + BRIDGE[2:4], outlet="Post")
    b = make("b", [BRIDGE_OTHER_OUTLET[0], quote] + BRIDGE_OTHER_OUTLET[3:], outlet="Courier")
    _, links = _links(a, b)
    assert links["b"].relation == "original"


def test_copy_counts_once_in_independent_sources():
    a = make("a", BRIDGE, title="Council votes", outlet="Post", published="2024-05-07")
    b = make("b", BRIDGE[:5], title="Council votes (wire)", outlet="Courier", published="2024-05-07")
    c = make("c", BRIDGE_OTHER_OUTLET, title="Bridge approved", outlet="Herald", published="2024-05-07")
    idx, links = _links(a, b, c)
    assert links["b"].relation == "syndicated"
    story = next(s for s in idx.stories() if "a" in s["docs"])
    assert set(story["docs"]) >= {"a", "b"}
    assert story["copies"] == {"b": "a"}
    assert story["independent_sources"] == len(story["docs"]) - 1


def test_detect_markers_from_credit_lines_and_field():
    a = make("a", ["(MENAFN) The council met.", "Legal Disclaimer: MENAFN provides the information as is."])
    assert detect_markers(a) == ["MENAFN"]
    b = make("b", ["LONDON (Reuters) - Shares fell.", "Reporting by Jane Roe"], syndication=["AP"])
    assert detect_markers(b)[:2] == ["AP", "Reuters"]
    assert detect_markers(make("c", ORCHESTRA)) == []


def test_shared_passage_reports_longest_common_run():
    text, n = shared_passage("one two three four five six", "zero Two three FOUR five ten")
    assert text == "two three four five" and n == 4


def test_shingles_are_stable_and_order_sensitive():
    h1 = shingle_hashes(word_hashes(words("a b c d e f")))
    h2 = shingle_hashes(word_hashes(words("A  b c d e f")))
    h3 = shingle_hashes(word_hashes(words("f e d c b a")))
    assert np.array_equal(h1, h2) and len(h1) == 2
    assert not set(h1.tolist()) & set(h3.tolist())


def test_empty_and_bad_input_do_not_crash():
    idx = StoryIndex()
    link = idx.add(make("empty", [""]))
    assert link.relation == "original"
    with pytest.raises(LinkError):
        idx.add("not an article")  # type: ignore[arg-type]
    with pytest.raises(LinkError):
        idx.link("missing")


def test_copy_index_alone():
    ci = CopyIndex()
    k0 = ci.add(make("a", BRIDGE))
    k1 = ci.add(make("b", BRIDGE))
    assert ci.match(k1).relation == "exact" and ci.root(k1) == k0


def test_known_copy_statuses_give_the_stories_that_detection_gives():
    arts = [make("a", BRIDGE, title="Council votes to replace bridge", outlet="Post"),
            make("b", BRIDGE, title="Bridge to go", outlet="Wire"),
            make("c", ORCHESTRA, title="Orchestra", outlet="Post"),
            make("d", BRIDGE_OTHER_OUTLET, title="Harbour bridge", outlet="Courier")]
    detected = StoryIndex()
    found = detected.add_many(arts)
    copy_of = {x.doc: x.duplicate_of for x in found if x.duplicate_of}
    assert copy_of == {"b": "a"}
    known = StoryIndex()
    given = known.add_many(arts, copy_of=copy_of)
    assert [x.story for x in given] == [x.story for x in found]
    assert given[1].duplicate_of == "a" and given[1].relation != "original"
    assert [x.relation for x in given if x.doc != "b"] == ["original"] * 3
    # no text was compared: a copy status not given is an original, even for identical text
    alone = StoryIndex()
    assert [x.relation for x in alone.add_many(arts[:2], copy_of={})] == ["original", "original"]


def test_an_index_of_known_copies_compares_no_texts_and_is_not_saved():
    ci = CopyIndex()
    k0 = ci.add_known(make("a", BRIDGE), None)
    k1 = ci.add_known(make("b", ORCHESTRA), "a")
    assert ci.root(k1) == k0 and ci.match(k1).duplicate_of == "a"
    with pytest.raises(LinkError, match="not indexed"):
        ci.add_known(make("c", BRIDGE), "missing")
    with pytest.raises(LinkError, match="compares no texts|holds known"):
        ci.add(make("d", BRIDGE))
    with pytest.raises(LinkError, match="holds known"):
        ci.state()
    detecting = CopyIndex()
    detecting.add(make("a", BRIDGE))
    with pytest.raises(LinkError, match="compares no texts"):
        detecting.add_known(make("b", BRIDGE), None)
