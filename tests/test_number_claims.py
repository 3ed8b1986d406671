"""Numbers as claims: units, tallies, qualifiers as intervals, times, and
when two outlets' numbers conflict (issue 14, item 1). Invented text only."""

from __future__ import annotations

import pytest

from storylens.annotate.numbers import extract_numbers
from storylens.compare.story import compare_story
from storylens.models import Article, Segment


def art(name: str, text: str, published: str | None = "2021-09-17") -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                   published=published, outlet=name)


def mentions(text: str, published: str | None = "2021-09-17"):
    return extract_numbers(art("d", text, published))


def claims(*texts: str, published: tuple[str, ...] | None = None) -> list[dict]:
    pubs = published or tuple("2021-09-17" for _ in texts)
    return compare_story([art(f"d{i}", t, p) for i, (t, p) in enumerate(zip(texts, pubs, strict=True))], {}).claims


def statuses(*texts: str, published: tuple[str, ...] | None = None) -> set[str]:
    return {c["status"] for c in claims(*texts, published=published)}


# --- units: the counted noun, never an adjective or a verb -------------------------------------

def test_unit_is_the_counted_noun_not_an_adjective() -> None:
    ms = mentions("The airline cancelled 19 domestic flights and three recent charters on Tuesday.")
    assert [(m.value, m.unit, m.noun) for m in ms] == [(19.0, "count:flight", "flights"),
                                                      (3.0, "count:charte", "charters")]


def test_a_verb_after_a_number_is_no_unit() -> None:
    ms = mentions("Of the 40 strikers, the 19 went home and 12 voted to stay on the picket line.")
    assert [(m.value, m.noun) for m in ms] == [(40.0, "strikers")]


def test_a_compound_counts_its_head_noun() -> None:
    ms = mentions("The class includes at least 544 store managers across the region.")
    assert [(m.value, m.noun, m.qualifier_text) for m in ms] == [(544.0, "managers", "at least")]


@pytest.mark.parametrize("text,value,other", [
    ("The council approved the budget in the 19-0 vote on Monday.", 19.0, 0.0),
    ("The House passed the levy 219-212 after midnight.", 219.0, 212.0),
    ("The appeals court split 2-1 on the question.", 2.0, 1.0),
    ("Ms. Ardan kept her post by a vote of 134 to 63.", 134.0, 63.0),
])
def test_a_tally_is_two_numbers_not_a_count(text: str, value: float, other: float) -> None:
    ms = mentions(text)
    assert len(ms) == 1 and ms[0].kind == "tally" and (ms[0].value, ms[0].other) == (value, other)
    assert ms[0].unit == "tally" and not ms[0].noun.startswith("count")


def test_the_19_0_vote_is_not_zero_votes() -> None:
    assert [(m.value, m.other, m.unit, m.display) for m in mentions("The 19-0 vote came after a long debate.")] == [
        (19.0, 0.0, "tally", "19-0 votes")]


def test_a_tally_that_differs_is_a_conflict_and_the_same_tally_agrees() -> None:
    a = "The Senate confirmed Judge Ilse Marr by a 52-47 vote on Thursday."
    b = "The Senate confirmed Judge Ilse Marr on Thursday in a 51-48 vote."
    assert statuses(a, b) == {"conflict"}
    assert statuses(a, "In a 52-47 vote, the Senate confirmed Judge Ilse Marr on Thursday.") == {"agree"}


def test_a_range_and_a_split_scale() -> None:
    ms = mentions("Estimates of the crowd run from 5,000 to 8,000 marchers.")
    assert [(m.kind, m.value, m.other, m.low, m.high) for m in ms] == [("range", 5000.0, 8000.0, 4999.5, 8000.5)]
    ms = mentions("“We are asking for $5.6” billion, the mayor said of the tunnel.")
    assert [(m.value, m.unit) for m in ms] == [(5.6e9, "USD")]


def test_durations_are_measured_in_days() -> None:
    ms = mentions("The court granted a two-month extension after a 22-month inquiry that took nearly two years.")
    assert [(m.kind, round(m.value), m.display) for m in ms] == [
        ("duration", 61, "2 months"), ("duration", 670, "22 months"), ("duration", 730, "nearly 2 years")]


@pytest.mark.parametrize("text,what,entity", [
    ("About 1,200 dockworkers at the Velmora port stayed off the job.", "dockworkers at the Velmora port", None),
    ("The archive received 55,000 pages of Varga's letters on Monday.", "pages of Varga's letters", "Varga"),
    ("The court granted a two-month extension of the deadline.", "extension of the deadline", None),
    ("Ms. Varga has led the party caucus since 2002.", "led the party caucus", "Varga"),
])
def test_what_a_number_measures_and_whose(text: str, what: str, entity: str | None) -> None:
    (m,) = mentions(text)
    assert (m.what, m.entity) == (what, entity)


# --- qualifiers are intervals --------------------------------------------------------------------

@pytest.mark.parametrize("text,low,high", [
    ("Turnout was more than 25% in the port district.", 25.0, float("inf")),
    ("Turnout was nearly 28% in the port district.", 23.8, 28.5),
    ("Turnout was below 50 percent in the port district.", 0.0, 50.0),
    ("Turnout was about 40% in the port district.", 35.0, 45.0),  # a round figure: to the nearest ten
    ("Turnout was 47% in the port district.", 46.5, 47.5),
])
def test_qualifier_interval(text: str, low: float, high: float) -> None:
    (m,) = mentions(text)
    assert m.low == pytest.approx(low) and m.high == pytest.approx(high)


@pytest.mark.parametrize("a,b", [
    ("Support for the levy is more than 25% among dock workers, the union said.",
     "Support for the levy is nearly 28% among dock workers, the union said."),
    ("Approval of the governor stood below 50 percent in the spring poll of voters.",
     "Approval of the governor stood at 47% in the spring poll of voters."),
    # gross vs adjusted income: two measures
    ("The couple reported $141 million in gross income over the eight years.",
     "The couple reported $139 million in adjusted gross income over the eight years."),
    # votes needed vs votes cast
    ("The repeal needed 60 votes in the Senate to advance on Wednesday.",
     "The repeal won only 52 votes in the Senate on Wednesday."),
    # two thresholds of one vote
    ("The cloture rule requires a supermajority of 60 votes to end the debate on the judge.",
     "Democrats said they had the 41 votes required to block the debate on the judge."),
    # the same quantity on two days
    ("Police arrested 47 protesters in the square on Monday night.",
     "Police arrested 36 protesters in the square on Wednesday night."),
    # a rejected value is not a stated one
    ("“Not $2.5 billion for the seawall,” the governor told lawmakers.",
     "The governor told lawmakers $2.9 billion for the seawall was enough."),
    # a part added to another count
    ("Reporters found three other women who described the same pattern of calls.",
     "Reporters found four women who described the same pattern of calls."),
])
def test_compatible_or_different_measures_are_no_conflict(a: str, b: str) -> None:
    assert "conflict" not in statuses(a, b)


def test_two_and_three_months_for_one_extension_conflict() -> None:
    cl = claims("The regulator granted the airline a two-month extension of the deadline on Friday.",
                "The regulator granted the airline a three-month extension of the deadline on Friday.")
    assert [c["status"] for c in cl] == ["conflict", "conflict"]
    assert {c["display"] for c in cl} == {"2 months", "3 months"}


def test_extensions_of_different_things_do_not_conflict() -> None:
    assert "conflict" not in statuses(
        "Congress agreed to the two-year extension of tax cuts for all earners on Friday.",
        "Congress agreed to a 13-month extension of unemployment insurance on Friday.")


def test_two_ceilings_that_differ_conflict() -> None:
    a = "The lawsuit covers as many as 1.5 million women who worked at the chain."
    b = "The lawsuit was filed on behalf of up to 1.6 million women who worked at the chain."
    assert statuses(a, b) == {"conflict"}


def test_years_of_a_period_conflict_for_one_person_only() -> None:
    assert statuses("Ms. Varga has led the party caucus since 2002.",
                    "Ms. Varga has led the party caucus since 2003.") == {"conflict"}
    assert "conflict" not in statuses("Anton Ruiz, who was mayor of Velmora from 2000 to 2006, spoke.",
                                      "Pia Lind, who was mayor of Velmora from 2006 to 2012, spoke.")


def test_weekdays_resolve_against_the_published_date() -> None:
    (m,) = mentions("On Monday the port handled 41 ships.", published="2021-09-17")  # a Friday
    assert m.times == ["2021-09-13"]


def test_an_announced_figure_and_the_later_one_are_successive_not_conflicting() -> None:
    assert "conflict" not in statuses(
        "The mayor will lay out 19 separate measures to cut traffic deaths, aides said.",
        "The mayor unveiled 23 separate measures to cut traffic deaths on Wednesday.",
        published=("2021-09-13", "2021-09-15"))


def test_agreeing_numbers_are_marked() -> None:
    cl = claims("About 1,200 dockworkers at the port walked off the job on Tuesday.",
                "Some 1,200 dockworkers at the port walked off the job on Tuesday.")
    assert [c["status"] for c in cl] == ["agree"] and cl[0]["docs"] == ["d0", "d1"]
    m = cl[0]["mentions"][0]
    assert m["qualifier"] == "about" and m["interval"] == [1140.0, 1260.0]
