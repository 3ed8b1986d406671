"""Sources each article cites, and the primary sources a story's outlets
share (issue 14, item 5). Invented text only."""

from __future__ import annotations

import pytest

from storylens.annotate.sources import find_sources, source_key
from storylens.compare.sources import cited_sources, shared_sources, sourcing_summary
from storylens.compare.story import compare_story
from storylens.models import Article, Segment


def art(name: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                   published="2023-04-14", outlet=outlet or name)


def cites(text: str) -> list[tuple[str, str]]:
    a = art("d", text)
    out = find_sources(a)
    for c in out:
        assert 0 <= c.start < c.end <= len(text)
    return [(c.source, c.kind) for c in out]


@pytest.mark.parametrize("text,source,kind", [
    ("“We will not back down,” Mayor Ilse Varga told Bloomberg TV on Friday.", "Bloomberg TV", "outlet"),
    ("The scheme was first reported by The Wall Street Journal last week.", "The Wall Street Journal", "outlet"),
    ("The dam will be finished in May, according to the Associated Press.", "the Associated Press", "wire"),
    ("Varga said on CBS’ “Harbour Watch Weekly” that she would stay.", "CBS Harbour Watch Weekly", "outlet"),
    ("The tunnel costs more than planned, according to court filings seen by the council.",
     "court filings seen by the council", "document"),
    ("The Justice Department said in a statement that an appeal would follow.", "The Justice Department", "official"),
    ("Two Defense Department officials said on Monday that the drill was cancelled.",
     "Two Defense Department officials", "official"),
    ("The deal collapsed, according to two officials familiar with the negotiations.",
     "two officials familiar with the negotiations", "official"),
    ("In his resignation letter on Wednesday, the minister said he would step down in June.", "his resignation letter",
     "document"),
    ("Aides to the governor said she had not decided.", "Aides", "other"),
    # a spokesman's principal is a name: it ends where the capitalised words end
    ("A spokesperson for Quist Harbour says the firm will appeal.", "spokesperson for Quist Harbour",
     "official"),
    ("A spokesman for Rena P. Calder said there was no time.", "spokesman for Rena P. Calder", "official"),
    ("A spokeswoman for Mr. Vass declined to comment.", "spokeswoman for Mr. Vass", "official"),
])
def test_a_cited_source_and_its_kind(text: str, source: str, kind: str) -> None:
    assert cites(text) == [(source, kind)]


@pytest.mark.parametrize("text", [
    "“We will fight on,” the mayor said. “Nobody here is afraid.”",
    "Edda Stroud of the Varn Institute said the bill was flawed.",  # a person's affiliation, not the body speaking
    "The senator tweeted that the vote was rigged.",  # a participant's own post
    "The mayor announced her plan on Friday.",
    "In a TV interview on Sunday, the mayor said she backs the plan.",  # a medium, no outlet
    "Ferry fares are calculated according to a rider’s distance from the pier.",  # a rule, no source
])
def test_a_participant_speaking_is_no_cited_source(text: str) -> None:
    assert cites(text) == []


def test_a_source_cut_by_the_length_limit_ends_at_a_word() -> None:
    text = ("According to the report issued on Tuesday by the Office of the Velmora Harbour Board Inspector "
            "General for Port Administration, the fees rose.")
    found = find_sources(art("a", text))
    assert found
    for c in found:  # the cited span ends where a word ends, and so does the name
        assert not (text[c.end - 1].isalnum() and text[c.end].isalnum())
        assert text[c.start:c.end].endswith(c.source.split()[-1])


def test_each_source_once_where_first_cited_and_references_back_are_not_new() -> None:
    text = ("The New York Times revealed on Monday that the harbourmaster ran a second ledger. "
            "According to the Times, his deputies decided which entries to shred. "
            "Three officials familiar with the audit said it would drag on for months. "
            "The officials said the ledger was patchy, and one of the officials said pages were gone.")
    assert cites(text) == [("The New York Times", "outlet"), ("Three officials familiar with the audit", "official")]


def test_source_key_ignores_case_article_and_possessive() -> None:
    assert source_key("The Washington Post's") == source_key("the washington post") == "washington post"


def test_outlets_resting_on_one_interview() -> None:
    arts = [art("a", "Mayor Ilse Varga told Bloomberg TV that the port would reopen. She spoke on Friday.", "Ledger"),
            art("b", "In a Friday interview with Bloomberg TV, Mayor Ilse Varga said the port would reopen soon.", "Courier"),
            art("c", "Speaking to Bloomberg TV on Sunday, Varga said the port would reopen.", "Post")]
    cited = cited_sources(arts)
    shared = shared_sources(arts, cited)
    assert [(s["source"], s["docs"]) for s in shared] == [("Bloomberg TV", ["a", "b", "c"])]
    summary = sourcing_summary(arts, shared)
    assert summary["summary"] == "3 outlets, 1 primary source: an interview with Bloomberg TV"


def test_copies_count_once_and_unnamed_officials_are_never_shared() -> None:
    arts = [art("a", "Officials said the port would reopen, according to Reuters."),
            art("b", "Officials said the port would reopen, according to Reuters."),
            art("c", "Officials said the port would reopen on Monday.")]
    shared = shared_sources(arts, cited_sources(arts), roots={"a": "a", "b": "a", "c": "c"})
    assert shared == []  # Reuters behind one original and its copy; "officials" have no identity to share


def test_a_source_cited_late_by_one_outlet_is_shared_but_not_the_primary_source() -> None:
    filler = " ".join(["The harbour board met again on Tuesday and heard the shippers' complaints."] * 30)
    arts = [art("a", "The mayor told CNN that the port would reopen. " + filler),
            art("b", filler + " The mayor also told CNN that the port would reopen.")]
    shared = shared_sources(arts, cited_sources(arts))
    assert [s["source"] for s in shared] == ["CNN"]
    assert sourcing_summary(arts, shared)["summary"] is None


def test_dossier_articles_carry_their_sources() -> None:
    arts = [art("a", "The mayor told Bloomberg TV that the port would reopen."),
            art("b", "The mayor told Bloomberg TV on Friday the port would reopen.")]
    cmp = compare_story(arts, {})
    assert cmp.sources_cited["a"] == [{"source": "Bloomberg TV", "kind": "outlet", "start": 10, "end": 27}]
    assert cmp.primary_sources[0]["source"] == "Bloomberg TV"
    assert cmp.sourcing["summary"] == "2 outlets, 1 primary source: an interview with Bloomberg TV"
