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


def test_a_share_is_no_count() -> None:
    """"three quarters of the vote" is a share: no count of "quarters"."""
    ms = mentions("Tovar won three quarters of the harbour vote, and two thirds of the 90 dockworkers backed her.")
    assert [(m.value, m.unit) for m in ms] == [(90.0, "count:dockwo")]


def test_dozens_and_a_proper_name_before_the_counted_noun() -> None:
    ms = mentions("Close to three dozen Velmora dockworkers met five Nordmark ministers, about two dozen times.")
    assert [(m.value, m.unit) for m in ms] == [(36.0, "count:dockwo"), (5.0, "count:minist"), (24.0, "count:time")]


def test_a_verb_after_a_number_is_no_unit() -> None:
    ms = mentions("Of the 40 strikers, the 19 went home and 12 voted to stay on the picket line.")
    assert [(m.value, m.noun) for m in ms] == [(40.0, "strikers")]


def test_a_compound_counts_its_head_noun() -> None:
    ms = mentions("The complaint names at least 317 branch supervisors across the province.")
    assert [(m.value, m.noun, m.qualifier_text) for m in ms] == [(317.0, "supervisors", "at least")]


@pytest.mark.parametrize("text,value,other", [
    ("The council approved the budget in the 19-0 vote on Monday.", 19.0, 0.0),
    ("The House passed the levy 226-203 after midnight.", 226.0, 203.0),
    ("The appeals court split 2-1 on the question.", 2.0, 1.0),
    ("Ms. Ardan held on to the chair after a caucus vote of 88 to 41.", 88.0, 41.0),
])
def test_a_tally_is_two_numbers_not_a_count(text: str, value: float, other: float) -> None:
    ms = mentions(text)
    assert len(ms) == 1 and ms[0].kind == "tally" and (ms[0].value, ms[0].other) == (value, other)
    assert ms[0].unit == "tally" and not ms[0].noun.startswith("count")


def test_the_19_0_vote_is_not_zero_votes() -> None:
    assert [(m.value, m.other, m.unit, m.display) for m in mentions("The 19-0 vote came after a long debate.")] == [
        (19.0, 0.0, "tally", "19-0 votes")]


def test_a_games_score_is_no_vote_even_against_the_senators() -> None:
    (m,) = mentions("Ilse Marr scored twice in the Harbour Lions' 5-2 victory against the Ottawa Senators.")
    assert (m.value, m.other, m.display) == (5.0, 2.0, "5-2")
    (m,) = mentions("The senators voted 52-47 to confirm her.")
    assert m.display == "52-47 votes"
    (m,) = mentions("Three of the Harbour Lions were selected after they went 12-4 and won the division.")
    assert m.display == "12-4"
    (m,) = mentions("The House passed the levy 226-203, a victory for the speaker.")
    assert m.display == "226-203 votes"


def test_a_tally_that_differs_is_a_conflict_and_the_same_tally_agrees() -> None:
    a = "The Senate confirmed Judge Ilse Marr by a 52-47 vote on Thursday."
    b = "The Senate confirmed Judge Ilse Marr on Thursday in a 51-48 vote."
    assert statuses(a, b) == {"conflict"}
    assert statuses(a, "In a 52-47 vote, the Senate confirmed Judge Ilse Marr on Thursday.") == {"agree"}


def test_a_range_and_a_split_scale() -> None:
    ms = mentions("Estimates of the crowd run from 5,000 to 8,000 marchers.")
    assert [(m.kind, m.value, m.other, m.low, m.high) for m in ms] == [("range", 5000.0, 8000.0, 4999.5, 8000.5)]
    ms = mentions("“The tunnel needs $3.4” billion, the mayor told the council.")
    assert [(m.value, m.unit) for m in ms] == [(3.4e9, "USD")]


def test_durations_are_measured_in_days() -> None:
    ms = mentions("The court granted a two-month extension after a 20-month audit that took nearly two years.")
    assert [(m.kind, round(m.value), m.display) for m in ms] == [
        ("duration", 61, "2 months"), ("duration", 609, "20 months"), ("duration", 730, "nearly 2 years")]


@pytest.mark.parametrize("text,what,entity", [
    ("About 1,200 dockworkers at the Velmora port stayed off the job.", "dockworkers at the Velmora port", None),
    ("The library catalogued 55,000 sheets of Varga's diaries on Monday.", "sheets of Varga's diaries", "Varga"),
    ("The court granted a two-month extension of the deadline.", "extension of the deadline", None),
    ("Ms. Varga has chaired the harbour board since 2004.", "chaired the harbour board", "Varga"),
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
    ("The brothers declared $212 million in gross income over the nine years.",
     "The brothers declared $208 million in adjusted gross income over the nine years."),
    # votes needed vs votes cast
    ("The ferry bill needed 34 votes in the assembly to advance on Tuesday.",
     "The ferry bill won only 29 votes in the assembly on Tuesday."),
    # two thresholds of one vote
    ("The closure rule demands a supermajority of 34 votes to end the debate on the nominee.",
     "The opposition said it had the 17 votes required to block the debate on the nominee."),
    # the same quantity on two days
    ("Police arrested 47 protesters in the square on Monday night.",
     "Police arrested 36 protesters in the square on Wednesday night."),
    # a rejected value is not a stated one
    ("“Not $1.8 billion for the seawall,” the governor told lawmakers.",
     "The governor told lawmakers $2.2 billion for the seawall was enough."),
    # a part added to another count
    ("Inspectors located three other tenants who described the same pattern of threats.",
     "Inspectors located four tenants who described the same pattern of threats."),
])
def test_compatible_or_different_measures_are_no_conflict(a: str, b: str) -> None:
    assert "conflict" not in statuses(a, b)


def test_a_shared_day_or_name_does_not_make_one_measure() -> None:
    """What the contexts share must say what is measured: a day or month says when, and for a count a
    name says whom; a running total is not one month's figure."""
    # the states a candidate won vs the states where her rival drew more votes
    assert "conflict" not in statuses("Vela won three states in the primaries, her campaign said.",
                                      "More people voted for Osk than for Vela in two states.")
    # one campaign's month vs a rival group's month
    assert "conflict" not in statuses(
        "His campaign was short of money, but in February he raised $5.7 million for the race.",
        "The donors' club, which met last week to plan its attacks on him, raised $4 million in February.")
    # a running total vs one month's figure
    assert "conflict" not in statuses(
        "The Harbour Fund raised about $58 million for Vela since she became a candidate last spring.",
        "In February, donors poured $25 million into the Harbour Fund, a record for a single month.")
    # the same measure still conflicts
    assert statuses("Rescuers pulled 12 survivors from the collapsed tower at Drevnyk on Tuesday.",
                    "Rescuers pulled 17 survivors from the collapsed tower at Drevnyk on Tuesday.") == {"conflict"}


def test_two_and_three_months_for_one_extension_conflict() -> None:
    cl = claims("The regulator granted the airline a two-month extension of the deadline on Friday.",
                "The regulator granted the airline a three-month extension of the deadline on Friday.")
    assert [c["status"] for c in cl] == ["conflict", "conflict"]
    assert {c["display"] for c in cl} == {"2 months", "3 months"}


def test_extensions_of_different_things_do_not_conflict() -> None:
    assert "conflict" not in statuses(
        "Parliament backed the two-year extension of fuel subsidies for all farmers on Friday.",
        "Parliament backed a 15-month extension of jobless benefits on Friday.")


def test_two_ceilings_that_differ_conflict() -> None:
    a = "The complaint covers as many as 2.3 million drivers who worked for the delivery app."
    b = "The complaint was brought for up to 2.4 million drivers who worked for the delivery app."
    assert statuses(a, b) == {"conflict"}


def test_years_of_a_period_conflict_for_one_person_only() -> None:
    assert statuses("Ms. Varga has chaired the harbour board since 2004.",
                    "Ms. Varga has chaired the harbour board since 2005.") == {"conflict"}
    assert "conflict" not in statuses("Anton Ruiz, who was mayor of Velmora from 2000 to 2006, spoke.",
                                      "Pia Lind, who was mayor of Velmora from 2006 to 2012, spoke.")


def test_weekdays_resolve_against_the_published_date() -> None:
    (m,) = mentions("On Monday the port handled 41 ships.", published="2021-09-17")  # a Friday
    assert m.times == ["2021-09-13"]


def test_an_announced_figure_and_the_later_one_are_successive_not_conflicting() -> None:
    assert "conflict" not in statuses(
        "The mayor will set out 14 distinct steps to curb cycling injuries, aides said.",
        "The mayor unveiled 17 distinct steps to curb cycling injuries on Wednesday.",
        published=("2021-09-13", "2021-09-15"))


@pytest.mark.parametrize("published,conflict", [
    (("2021-09-13", "2021-09-14"), True),   # a day apart: one count, two values
    (("2021-09-13", "2021-09-15"), True),
    (("2021-09-13", "2021-09-16"), False),  # three days apart: the count has moved on
    (("2021-09-13", None), True),           # a day unknown: the rule says nothing
])
def test_a_count_reported_days_later_is_a_later_figure(published, conflict) -> None:
    a = "Tovar is 71 delegates short of the nomination, the party's count shows."
    b = "Tovar is 67 delegates short of the nomination, the party's count shows."
    assert ("conflict" in statuses(a, b, published=published)) is conflict


def test_two_polls_margins_of_error_do_not_conflict() -> None:
    a = "The Harbour Institute poll of 552 voters has a margin of error of plus or minus 5.7 percentage points."
    b = "The margin of sampling error of the Harbour Institute poll was plus or minus four percentage points."
    assert "conflict" not in statuses(a, b)
    # the same words about the share of the vote still conflict
    a = "Tovar won 57 percentage points of the harbour vote, the count shows."
    b = "Tovar won 47 percentage points of the harbour vote, the count shows."
    assert "conflict" in statuses(a, b)


def test_the_years_of_a_period_conflict_however_far_apart() -> None:
    a = "Tove Halvorsen served in the Nordmark senate from 1967 to 1979."
    b = "Tove Halvorsen served in the Nordmark senate from 1966 to 1978."
    assert "conflict" in statuses(a, b, published=("2021-09-13", "2021-09-20"))


def test_agreeing_numbers_are_marked() -> None:
    cl = claims("About 1,200 dockworkers at the port walked off the job on Tuesday.",
                "Some 1,200 dockworkers at the port walked off the job on Tuesday.")
    assert [c["status"] for c in cl] == ["agree"] and cl[0]["docs"] == ["d0", "d1"]
    m = cl[0]["mentions"][0]
    assert m["qualifier"] == "about" and m["interval"] == [1140.0, 1260.0]


def test_briefs_on_two_companies_in_one_story_do_not_conflict() -> None:
    """A story that joined two companies' results (their briefs share the
    genre's words) holds no disagreement: the articles share no main actor.
    The same figures of one company in two outlets still conflict."""
    a = ("Varde Freight Inc. reported a 77% drop in third-quarter net income. The Portsalve company said Varde "
         "Freight earned $7.4 million, or 22 cents a share. Varde Freight shares fell.")
    b = ("Halmer Computing Corp. reported a sharp decline in net income for its third quarter. Halmer Computing "
         "earned $12 million, or 30 cents a share. Halmer Computing shares rose.")
    assert "conflict" not in statuses(a, b)
    c = ("Varde Freight Inc. reported a steep drop in third-quarter net income. Varde Freight earned $9.1 million, "
         "or 30 cents a share, the company said. Varde Freight shares fell.")
    assert "conflict" in statuses(a, c)
