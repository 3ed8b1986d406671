"""Temporal expressions: finding them, their TIMEX3 type and value, and
resolution against the publication date with the tense of their clause."""

from __future__ import annotations

import datetime as dt

import pytest

from storylens.annotate.dates import Timex, find_dates, readable, resolve_weekday, value_start

SAT = "2025-03-22T02:47:00Z"  # a Saturday
WED = "2025-10-15"  # a Wednesday


def one(text: str, published: str | None = SAT) -> Timex:
    found = [t for t in find_dates(text, published)]
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start:t.end] == t.text
    return t


@pytest.mark.parametrize("text,expected", [
    ("Speaking to Kestrow Radio on Friday, Marrow said.", "2025-03-21"),
    ("Last Thursday, Marrow met Dorner.", "2025-03-20"),
    ("The minister resigned yesterday.", "2025-03-21"),
    ("The talks ended on Saturday.", "2025-03-22"),          # same weekday as publication: that day
    ("They met last Saturday.", "2025-03-15"),               # 'last' is strictly before
    ("The mediator will meet both sides on Monday.", "2025-03-24"),  # future tense looks ahead
    ("Monday's rally drew thousands.", "2025-03-17"),
    ("The vote is due next Tuesday.", "2025-03-25"),
    ("The deal was signed on 21 March 2025.", "2025-03-21"),
    ("The deal was signed on March 3.", "2025-03-03"),
    ("The ferry sank on Tuesday, March 4.", "2025-03-04"),
    ("The bill passed on 2025-03-19.", "2025-03-19"),
])
def test_days(text: str, expected: str) -> None:
    t = one(text)
    assert t.resolved and t.type == "DATE" and t.value == expected


# --- the tense and direction cases of the issue -------------------------------------------------

def test_future_tense_weekday_points_forward() -> None:
    t = one("The talks will bring both delegations together on Thursday in Geneva.", WED)
    assert t.value == "2025-10-16"
    # the same words in the past tense: the Thursday before
    assert one("The talks brought both delegations together on Thursday in Geneva.", WED).value == "2025-10-09"


def test_an_agreed_or_promised_act_points_forward() -> None:
    assert one("Both unions agreed to meet the mediator on Thursday.", WED).value == "2025-10-16"
    assert one("The mayor vowed to reopen the bridge by Friday.", WED).value == "2025-10-17"
    # "agreed to" a thing, not to an act: the day it was agreed
    assert one("Both unions agreed to the terms on Monday.", WED).value == "2025-10-13"
    # a commitment reported in the past perfect still looks ahead; a schedule that had been set was overtaken
    assert one("He said both sides had agreed to meet him on Thursday.", WED).value == "2025-10-16"
    assert one("The offer was extended. It had been due to expire on Friday.", WED).value == "2025-10-10"


def test_this_weekend_in_a_past_clause_is_the_one_gone() -> None:
    mon = "2025-10-13"  # a Monday
    assert one("The mayor became a candidate this weekend.", mon).value == "2025-W41-WE"
    assert one("The mayor will decide this weekend.", mon).value == "2025-W42-WE"


def test_that_month_is_of_the_year_spoken_of() -> None:
    found = find_dates("The dam was finished in 1974. It flooded that March.", WED)
    assert [(t.text, t.value) for t in found] == [("1974", "1974"), ("March", "1974-03")]
    assert one("It flooded that March.", WED).value == "2025-03"  # no year spoken of: the publication's


def test_a_programme_named_this_week_is_no_week() -> None:
    assert find_dates("“Not on my desk,” he said on KVRT’s “This Week.”", WED) == []
    assert one("The board meets this week.", WED).value == "2025-W42"


def test_an_era_named_after_a_day_is_no_date() -> None:
    assert find_dates("The post-Sept. 11 law and a pre-Jan. 6 plan were debated.", WED) == []


def test_an_event_named_after_its_day_is_no_date_of_the_story() -> None:
    assert find_dates("Families of those killed in the March 4 attacks sued the carrier.", WED) == []
    assert find_dates("Twelve of the 19 March 4 hijackers had trained abroad.", WED) == []
    assert find_dates("Ilse Varga, a 3/4 widow, spoke to the panel.", WED) == []
    assert find_dates("He said his children cannot openly celebrate Christmas any more.", WED) == []
    # the attack the story is about, a deadline and a feast day named as a day stay dates
    assert one("Officials changed their account of the Sept. 11 attack on the consulate.", WED).value == "2025-09-11"
    assert one("The Sept. 11 deadline passed quietly.", WED).value == "2025-09-11"
    assert one("The market closes on Christmas.", WED).value == "2025-12-25"


def test_a_meeting_called_off_lies_ahead() -> None:
    fri = "2025-10-17"  # a Friday
    assert one("Senators urged the minister to cancel Monday's meeting in Velmora.", fri).value == "2025-10-20"
    assert one("Some also called for the minister to cancel the Monday session.", fri).value == "2025-10-20"
    assert one("Monday's meeting was tense.", fri).value == "2025-10-13"  # a possessive weekday is still past
    assert one("The minister could not attend Monday's meeting.", fri).value == "2025-10-13"
    # a call-off after the date is another clause's: the letter was sent on the day before
    assert one("A letter sent to the minister on Oct. 6 asked him to postpone the vote.", fri).value == "2025-10-06"


def test_last_season_said_during_that_season_is_the_year_before() -> None:
    assert one("He was removed from the panel last summer.", "2025-08-13").value == "2024-SU"
    assert one("He was removed from the panel last summer.", "2025-10-13").value == "2025-SU"
    assert one("The tape was released last fall.", "2025-11-10").value == "2024-FA"


def test_a_title_named_today_or_tonight_is_no_day() -> None:
    assert [t.text for t in find_dates("Her lawyer wrote last month in Valdoria Today.", WED)] == ["last month"]
    assert find_dates("She told the Morning Today show she would run.", WED) == []
    assert one("He appeared on The Tonight Show on Monday.", WED).text == "Monday"
    assert one("The port shut. Today the union voted.", WED).value == "2025-10-15"
    assert one("“We shut the port. Tomorrow we vote,” she said.", WED).value == "2025-10-16"


def test_a_title_in_capitals_or_a_name_that_opens_with_a_month_is_no_date() -> None:
    assert find_dates("He told VALDORIA TODAY on Monday that he would run.", WED)[0].text == "Monday"
    assert [t.text for t in find_dates("She marched with the March Without Borders in the rain.", WED)] == []
    assert [t.text for t in find_dates("They marched in March.", WED)] == ["March"]


def test_a_month_of_last_year_and_a_verb_after_may_or_could() -> None:
    assert one("They met at the resort in February of last year.", WED).value == "2024-02"
    # a past-looking form after a modal is a base form: the day lies ahead
    assert one("They may hit the links again on Thursday.", WED).value == "2025-10-16"
    assert one("He believed he could put the state in play in November.", "2025-06-10").value == "2025-11"
    assert one("They may have met on Monday.", WED).value == "2025-10-13"


def test_a_day_named_again_without_its_year_keeps_the_year_given_before() -> None:
    text = ("The files describe a Feb. 8, 2024, meeting with the harbour master. At that same Feb. 8 meeting, "
            "Varga asked about the toll. The board met on Feb. 9.")
    assert [t.value for t in find_dates(text, WED)] == ["2024-02-08", "2024-02-08", "2025-02-09"]
    # an anniversary is another year: only "that (same) day" is the day named before
    sworn = "Varga was sworn in on Jan. 20, 2017. Her successor will be sworn in on Jan. 20."
    assert [t.value for t in find_dates(sworn, "2020-12-01")] == ["2017-01-20", "2021-01-20"]


def test_may_is_no_month_where_the_article_names_a_person_may() -> None:
    text = "Prime Minister Theresa May met the mayor. Varga and May last met in Davos, then spoke to May again."
    assert [t.text for t in find_dates(text, WED)] == []
    assert [t.text for t in find_dates("Varga and the mayor last met in May.", WED)] == ["May"]
    assert [t.text for t in find_dates(text + " The talks resume in May.", WED)] == ["May"]


def test_a_date_that_has_been_set_lies_ahead() -> None:
    assert one("The regatta has been set for June 27.", "2025-02-20").value == "2025-06-27"
    assert one("The regatta had been set for June 27.", "2025-02-20").value == "2024-06-27"


def test_a_would_in_a_clause_of_its_own_after_the_date_is_no_future() -> None:
    wed = "2025-10-15"
    text = "The ad follows his statement on Tuesday attacking the plan that the council would adopt."
    assert one(text, wed).value == "2025-10-14"
    # a clause that describes the dated thing keeps its tense; "that year" is no clause
    assert one("The party said he would give a speech on Monday that would set out the plan.", wed).value \
        == "2025-10-20"


def test_upcoming_month_after_it_passed_is_next_year() -> None:
    t = one("Officials are preparing for the upcoming summit in June, aides said.", "2024-10-02")
    assert t.value == "2025-06"
    # a past-tense June in the same article date stays in 2024
    assert one("The summit in June ended without a deal.", "2024-10-02").value == "2024-06"


def test_future_tense_month_is_the_coming_one() -> None:
    assert one("The party will hold its congress in November.", "2025-12-03").value == "2026-11"
    assert one("Voters will elect a new parliament in November.", "2025-03-03").value == "2025-11"
    assert one("The strike ended in November.", "2025-03-03").value == "2024-11"


def test_next_last_this_and_modal_clauses() -> None:
    assert one("Parliament votes next week.").value == "2025-W13"
    assert one("Parliament voted last week.").value == "2025-W11"
    assert one("Parliament votes this week.").value == "2025-W12"
    assert one("Prices rose last month.").value == "2025-02"
    assert one("Sales will recover next year.").value == "2026"
    assert one("He said the vote would be held on Friday.", "2025-03-19").value == "2025-03-21"
    assert one("The vote had been scheduled for Friday.", "2025-03-19").value == "2025-03-14"
    assert one("Elections are planned for this summer.").value == "2025-SU"


def test_participles_deadlines_and_forecasts() -> None:
    mon = "2025-10-13"  # a Monday
    got = [t.value for t in find_dates("Schools will stay closed on Tuesday and Wednesday.", mon)]
    assert got == ["2025-10-14", "2025-10-15"]  # "closed" after "stay" is no past tense
    assert one("More rain is forecast for Tuesday.", mon).value == "2025-10-14"
    assert one("Nobody expects a deal by the weekend.", mon).value == "2025-W42-WE"
    assert one("Schools were closed on Tuesday.", mon).value == "2025-10-07"
    # an -ed word after a determiner or an adverb is an adjective: the modal decides
    assert one("The split would be paid on a still unspecified date in January.", "2025-10-26").value == "2026-01"
    assert one("The split was paid on an unspecified date in January.", "2025-10-26").value == "2025-01"
    assert one("She still worked on Friday.", "2025-10-15").value == "2025-10-10"  # an adverb alone: a verb
    # "to be" and an irregular participle point forward, whatever the main clause's tense
    assert one("In an interview to be shown on Tuesday, Calder warned of delays.", mon).value == "2025-10-14"
    assert one("The interview was shown on Tuesday.", mon).value == "2025-10-07"
    # a past form after a determiner is a noun: "his bid" does not make the clause past
    assert one("Calder is expected to file her bid Thursday.", mon).value == "2025-10-16"
    assert one("Calder filed her bid on Thursday.", mon).value == "2025-10-09"
    # a deadline looks ahead, unless it opens a clause in the past
    assert one("By Saturday, Calder had clarified her remarks.", mon).value == "2025-10-11"
    assert one("By Saturday, Calder clarified her remarks.", mon).value == "2025-10-11"
    assert one("The council must vote by Saturday, officials said.", mon).value == "2025-10-18"
    # a "when" clause about the day gives its tense
    assert one("Hopes rose from Friday, when Mr. Calder told reporters there was no deal.", mon).value == "2025-10-10"
    assert one("The vote is set for Friday, when the council will decide.", mon).value == "2025-10-17"
    # a scheduled event in the present is the nearer day, which a day or two ahead usually is
    tue = "2019-11-19"
    assert one("Harbour Freight reports earnings Wednesday.", tue).value == "2019-11-20"
    assert one("The show opens to the public on Friday.", tue).value == "2019-11-22"
    assert one("The show opened to the public on Friday.", tue).value == "2019-11-15"
    assert one("The reports on Wednesday were bad.", tue).value == "2019-11-13"  # a noun, no tense


def test_nearest_month_or_day_without_tense() -> None:
    # a payment date named in October is the coming December, not last year's
    assert one("The dividend is payable Dec. 15 to holders of record.", "1989-10-26").value == "1989-12-15"
    assert one("It rained in October.").value == "2024-10"  # a past month after publication: the year before


# --- types and values ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,typ,value", [
    ("Fighting has lasted three days.", "DURATION", "P3D"),
    ("He was jailed for 18 months.", "DURATION", "P18M"),
    ("The board meets every Monday.", "SET", "XXXX-WXX-1"),
    ("Dividends are paid annually.", "SET", "P1Y"),
    ("Orangemen march each July from the church.", "SET", "XXXX-07"),
    ("The town parades every July 4.", "SET", "XXXX-07-04"),
    ("Prices are now falling.", "DATE", "PRESENT_REF"),
    ("Such attacks have become rare recently.", "DATE", "PAST_REF"),
    ("Talks resumed this morning.", "TIME", "2025-03-22TMO"),
    ("The polls will close at 10 p.m. Sunday.", "TIME", "2025-03-23T22:00"),
    ("The law dates from the 1990s.", "DATE", "199"),
    ("It was the worst flood of the 20th century.", "DATE", "19"),
    ("Profit fell in the third quarter.", "DATE", "2024-Q3"),
    ("Revenue rose in the first half of 2024.", "DATE", "2024-H1"),
    ("The mill closed in mid-2019.", "DATE", "2019"),
    ("The treaty was signed in February 1947.", "DATE", "1947-02"),
    ("She was born in nineteen ninety-six.", "DATE", "1996"),
    ("Three years ago the mine flooded.", "DATE", "2022"),
    ("The factory opened two weeks ago.", "DATE", "2025-W10"),
])
def test_types_and_values(text: str, typ: str, value: str) -> None:
    t = one(text)
    assert (t.type, t.value) == (typ, value)


def test_holidays_clock_times_and_year_ranges() -> None:
    got = [(t.text, t.value) for t in find_dates("The shops will close on Christmas Eve and reopen after Easter.", WED)]
    assert got == [("Christmas Eve", "2025-12-24"), ("Easter", "2026-04-05")]  # Easter 2026 is 5 April
    assert one("Sales rose over Thanksgiving.", "2025-12-03").value == "2025-11-27"  # fourth Thursday
    got = [(t.text, t.type, t.value) for t in find_dates("The strike began at 06:00 on Monday. The score was 14.30.", WED)]
    assert got == [("06:00 on Monday", "TIME", "2025-10-13T06:00")]
    text = "The dam burst before dawn on Sunday. Sirens had sounded at 04:10 GMT."
    assert [t.value for t in find_dates(text, "2025-10-13")] == ["2025-10-12", "2025-10-12T04:10"]  # that Sunday
    assert [t.value for t in find_dates("He served between 2016-2018, and in 1990-91.", WED)] == ["2016", "2018"]


def test_anaphora_counts_from_the_date_before() -> None:
    text = "Third-quarter profit rose to $5 million from $3 million a year earlier. The plant shut on 3 May 2019. " \
           "It reopened the next day."
    got = [(t.text, t.value) for t in find_dates(text, "1989-11-02")]
    assert got == [("Third-quarter", "1989-Q3"), ("a year earlier", "1988-Q3"), ("3 May 2019", "2019-05-03"),
                   ("the next day", "2019-05-04")]


def test_without_publication_date_relative_values_keep_unknowns() -> None:
    t = one("Last Thursday, Marrow met Dorner.", None)
    assert not t.resolved and t.relative and t.value == "XXXX-WXX-4" and t.date is None
    t = one("The minister resigned yesterday.", None)
    assert not t.resolved and t.value == "XXXX-XX-XX"
    t = one("Crimea was annexed in 2014.", None)  # an absolute date needs no publication date
    assert t.resolved and not t.relative and t.value == "2014"


def test_not_dates() -> None:
    assert find_dates("You may go. About 2000 people marched. The fall of the regime. Spring water.", SAT) == []
    assert find_dates("Leave as soon as you can; in the long run it pays.", SAT) == []
    assert find_dates("The bank raised its rate by a quarter of a percentage point.", SAT) == []
    assert find_dates("The spring offensive stalled.", SAT) == []


def test_offsets_into_the_text_and_doc() -> None:
    text = "Intro.\n\nOn 5 June 2024 the dam broke; on June 7 it was repaired."
    got = find_dates(text, "2024-06-10", start=8, doc="d1")
    assert [(t.text, t.value, t.doc) for t in got] == [("5 June 2024", "2024-06-05", "d1"), ("June 7", "2024-06-07", "d1")]
    assert all(text[t.start:t.end] == t.text for t in got)
    assert got[0].to_json()["doc"] == "d1" and Timex.from_json(got[0].to_json()).value == "2024-06-05"


@pytest.mark.parametrize("value, said", [
    ("2025-10-11TEV", "2025-10-11 evening"), ("2025-10-12T04:10", "2025-10-12 04:10"), ("197", "1970s"),
    ("19", "1900s"), ("2025-W42", "week of 2025-10-13"), ("2025-W42-WE", "weekend of 2025-10-18"),
    ("2024-Q3", "Q3 2024"), ("2024-H1", "first half of 2024"), ("2026-SP", "spring 2026"),
    ("2025-10-12", "2025-10-12"), ("2025-10", "2025-10"), ("PRESENT_REF", "PRESENT_REF"), ("XXXX-WXX-4", "XXXX-WXX-4"),
])
def test_readable_value(value: str, said: str) -> None:
    assert readable(value) == said


def test_resolve_weekday_modes_and_value_start() -> None:
    sat = dt.date(2025, 3, 22)
    assert resolve_weekday(sat, 4, "past") == dt.date(2025, 3, 21)
    assert resolve_weekday(sat, 5, "last") == dt.date(2025, 3, 15)
    assert resolve_weekday(sat, 5, "next") == dt.date(2025, 3, 29)
    assert resolve_weekday(sat, 0, "future") == dt.date(2025, 3, 24)
    assert value_start("2025-W12") == dt.date(2025, 3, 17)
    assert value_start("2025-Q3") == dt.date(2025, 7, 1)
    assert value_start("199") == dt.date(1990, 1, 1)
    assert value_start("PRESENT_REF") is None and value_start("XXXX-WXX-4") is None


def test_a_decimal_point_does_not_end_the_clause() -> None:
    # the tense of "was" reaches "March" across "$29.75": a month in a past clause is this year's
    assert one("The stock was at $29.75 in March.", "1989-10-30").value == "1989-03"
    assert one("The stock was at $29 in March.", "1989-10-30").value == "1989-03"


def test_a_record_set_on_a_day_is_past_but_a_date_set_for_one_is_ahead() -> None:
    assert one("The index is within 70 points of its record high set on Aug. 6.", "1998-02-06").value \
        == "1997-08-06"
    assert one("The vote is set for Aug. 6.", "1998-02-06").value == "1998-08-06"


def test_is_to_with_a_verb_points_ahead() -> None:
    fri = "1989-10-27"
    assert one("The stock is to resume trading in Paris Tuesday.", fri).value == "1989-10-31"
    assert one("The stock resumed trading in Paris Tuesday.", fri).value == "1989-10-24"


def test_done_by_a_day_in_the_past_perfect_is_past() -> None:
    thu = "1990-08-16"
    assert one("Thirty-two members had filed compliance reports by Wednesday.", thu).value == "1990-08-15"
    assert one("Members must file compliance reports by Wednesday.", thu).value == "1990-08-22"


def test_two_thousand_of_something_is_no_year() -> None:
    assert find_dates("Families have kept the secret for more than two thousand years.", WED) == []
    assert find_dates("About two thousand people marched.", WED) == []
    assert one("The plan runs out in two thousand.", WED).value == "2000"


def test_a_month_before_a_coordinated_month_and_year_takes_that_year() -> None:
    found = find_dates("Between June and July 2016, the pair met twice.", "2019-01-25")
    assert [(t.text, t.value) for t in found] == [("June", "2016-06"), ("July 2016", "2016-07")]
    found = find_dates("It ran from November to March 2016.", "2019-01-25")
    assert [t.value for t in found] == ["2015-11", "2016-03"]


def test_that_year_is_the_year_named_before() -> None:
    found = find_dates("They met in 2016. On July 22 that year, the files were released.", "2019-01-25")
    assert [(t.text, t.value) for t in found] == [("2016", "2016"), ("July 22 that year", "2016-07-22")]
    found = find_dates("They met in 2016. In the summer that year, the files leaked.", "2019-01-25")
    assert [t.value for t in found] == ["2016", "2016-SU"]


def test_a_weekday_in_a_week_the_clause_names_is_in_that_week() -> None:
    wed = "2025-10-15"  # week 42
    found = find_dates("Next week the council votes on Friday and the mayor speaks on Monday.", wed)
    assert [(t.text, t.value) for t in found] == [("Next week", "2025-W43"), ("Friday", "2025-10-24"),
                                                  ("Monday", "2025-10-20")]
    assert find_dates("The council meets again on Friday of next week.", wed)[0].value == "2025-10-24"
    assert find_dates("Last week, on Tuesday, the council voted.", wed)[1].value == "2025-10-07"
    # a week named in a quotation is not the week of a weekday outside it
    said = find_dates("“It will be announced next week,” he posted Sunday evening.", wed)
    assert said[1].value == "2025-10-12TEV"
    # nor in another sentence, nor against the weekday's own tense
    assert find_dates("The vote is next week. Talks ended Monday.", wed)[1].value == "2025-10-13"
    assert find_dates("Next week brings a vote, after talks ended Monday.", wed)[1].value == "2025-10-13"


def test_ahead_and_expected_to_point_forward() -> None:
    wed = "2025-10-15"
    assert one("In the week ahead, the council votes on Friday.", wed).value == "2025-10-17"
    assert one("Stocks rose ahead of Friday's jobs report.", wed).value == "2025-10-17"
    assert one("On Monday the minister is expected to announce the plan.", wed).value == "2025-10-20"
    assert one("The project went ahead on Monday.", wed).value == "2025-10-13"


def test_a_number_with_a_unit_of_measure_is_no_year() -> None:
    assert find_dates("A display of 1080 pixels by 1920 pixels at 401 ppi.", "2019-11-19") == []
    assert find_dates("The plane climbed to 2000 feet.", "2019-11-19") == []
    assert [t.value for t in find_dates("In 2016 people voted.", "2019-11-19")] == ["2016"]


def test_the_past_with_a_count_of_units_is_a_duration_not_the_past() -> None:
    # a count of two or more digits, of quarters or of seasons once left "the past" as a PAST_REF beside it
    got = [(t.text, t.type, t.value) for t in find_dates("Losses grew over the past 20 years and the past two "
                                                        "quarters, as for the past three summers.", WED)]
    assert got == [("20 years", "DURATION", "P20Y"), ("two quarters", "DURATION", "P2Q")]
    assert one("In the past, the mill flooded.", WED).value == "PAST_REF"
    assert one("Prices rose over the past few weeks.", WED).value == "PAST_REF"


def test_soon_after_an_event_is_a_signal_but_as_soon_as_possible_is_ahead() -> None:
    assert find_dates("The hostage was freed soon after the talks.", WED) == []
    assert find_dates("They sold soon before the crash.", WED) == []
    t = one("The board will act as soon as possible.", WED)
    assert (t.text, t.value) == ("soon", "FUTURE_REF")
    assert one("The board will soon act.", WED).value == "FUTURE_REF"


def test_a_count_with_thousands_separators_is_read_whole() -> None:
    assert [(t.text, t.value) for t in find_dates("The siege lasted 1,200 days.", WED)] == [("1,200 days", "P1200D")]
    assert [(t.text, t.value) for t in find_dates("It took 2,500 more hours.", WED)] == [("2,500 more hours", "PT2500H")]
    # never the digits after the comma alone ("000 years ago" was read as this year)
    assert all(not t.text.startswith("000") for t in find_dates("Some 10,000 years ago the ice retreated.", WED))




def test_a_range_of_days_gives_its_first_and_last_day() -> None:
    def got(text: str) -> list[tuple[str, str]]:
        return [(t.text, t.value) for t in find_dates(text, WED)]
    assert got("Talks ran from 10 to 12 October.") == [("10", "2025-10-10"), ("12 October", "2025-10-12")]
    assert got("Talks ran 10-12 October 2024.") == [("10", "2024-10-10"), ("12 October 2024", "2024-10-12")]
    assert got("The poll was taken Sept. 9-11.") == [("Sept. 9", "2025-09-09"), ("11", "2025-09-11")]
    assert got("It met on Oct. 10-12, 2024, in Rome.") == [("Oct. 10", "2024-10-10"), ("12, 2024", "2024-10-12")]
    assert got("Scores were 10-12 in May.") == [("May", "2025-05")]  # no day before a month



def test_a_count_forward_past_publication_in_a_clause_not_ahead_is_dropped() -> None:
    fri = "2025-10-17"
    text = "People were promised help within 48 hours. Five days later, some are still sleeping in the hall."
    assert [t.text for t in find_dates(text, fri)] == ["48 hours"]
    text = "Fiorina took over in 2020. A decade later, the firm remains on the brink."
    assert [t.value for t in find_dates(text, fri)] == ["2020"]
    # a count that stays before publication, or one in a clause that looks ahead, is kept
    assert [t.value for t in find_dates("The dam broke on Sunday. Two days later the mayor resigned.", fri)] \
        == ["2025-10-12", "2025-10-14"]
    assert [t.value for t in find_dates("The vote is on Friday. Two days later results will be out.", WED)] \
        == ["2025-10-17", "2025-10-19"]


def test_a_four_digit_clock_time_before_a_time_zone_is_no_year() -> None:
    assert [t.value for t in find_dates("At 21:00 local time (1900 GMT) it began.", WED)] \
        == ["2025-10-15T21:00", "2025-10-15T19:00"]
    assert [t.value for t in find_dates("He worked 1200 hours in 1989.", WED)] == ["1989"]
    assert all(t.value != "2000-SU" for t in find_dates("In summer 2000 people came.", WED))  # a count, no year


def test_half_of_a_month_is_no_half_year_and_a_weekday_range_runs_forward() -> None:
    assert [(t.text, t.value) for t in find_dates("In the second half of October, talks resume.", WED)] \
        == [("October", "2025-10")]
    assert [t.value for t in find_dates("The plant will be shut from Monday to Friday.", WED)] \
        == ["2025-10-20", "2025-10-24"]
    assert [t.value for t in find_dates("From Friday to Monday, roads were closed.", WED)] == ["2025-10-10", "2025-10-13"]
    # after a calendar day the range may span weeks: the weekday keeps its own reading
    assert [t.value for t in find_dates("Shares were bought from Sept. 14 to Thursday.", WED)] \
        == ["2025-09-14", "2025-10-09"]


@pytest.mark.parametrize("text,published,value", [
    # "since" a month or weekday names a time already gone, whatever the nearest one is
    ("Since January, 40 people have died.", WED, "2025-01"),
    ("Prices have risen since November.", WED, "2024-11"),
    ("He has been held since Friday.", WED, "2025-10-10"),
    # "died": a short past form that the -ed rule (five letters or more) does not reach
    ("Three people died over Easter.", WED, "2025-04-20"),
    ("If we remember one thing about the actor, who died Sunday at 94, it will be that.", WED, "2025-10-12"),
    # "by August" half a year either side: a future clause settles it, a past one does not
    ("The airline will double its flights by August.", "1998-02-13", "1998-08"),
    ("He said he planned to visit before January.", "2016-05-11", "2017-01"),
    ("Applicants were due to file by March 15.", "2016-04-09", "2016-03-15"),
    ("The bank extended its loans through January.", "1989-10-30", "1990-01"),
    # forms of other styles
    ("At 9.30am on Tuesday they met.", WED, "2025-10-14T09:30"),
    ("The ceasefire took effect at 0600 GMT.", WED, "2025-10-15T06:00"),
    ("The decision, made on 14/10/2025, stands.", WED, "2025-10-14"),  # no month 14
    ("Filed 2025/10/12.", WED, "2025-10-12"),
    ("Sales in Q3 2025 rose.", WED, "2025-Q3"),
    ("Q1'24 sales fell.", WED, "2024-Q1"),
    ("In winter 2025 it snowed.", WED, "2025-WI"),
    ("The economy of spring 2000 was strong.", WED, "2000-SP"),
    ("On May Day workers marched.", WED, "2025-05-01"),
])
def test_one_expression_read_in_its_context(text: str, published: str, value: str) -> None:
    assert one(text, published).value == value
