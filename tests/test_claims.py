"""Numeric mention extraction (per article)."""

from __future__ import annotations

from storylens.annotate.numbers import extract_numbers, numbers_in_text
from storylens.text import article_sentences, sentence_spans
from storylens.models import Article, Segment


def _art(text: str) -> Article:
    return Article(id="d", name="d", source=text, body=text, segments=[Segment(0, 0, len(text))])


def test_units_values_and_offsets() -> None:
    text = ("The league aims for 6% of GDP. Its ministers signed off on a €700 billion ($750 billion) plan. "
            "About 1,200 dockworkers walked out; a fair offer starts at nine percent. "
            "The fund pays 40 crowns a day. Rates rise by 0.25 percentage points. It happened in 2014.")
    ms = extract_numbers(_art(text))
    got = [(m.text, m.value, m.unit) for m in ms]
    assert got == [("6%", 6.0, "%"),
                   ("€700 billion ($750 billion)", 7e11, "EUR"),
                   ("1,200 dockworkers", 1200.0, "count:dockwo"),
                   ("nine percent", 9.0, "%"),
                   ("40 crowns", 40.0, "crowns"),
                   ("0.25 percentage points", 0.25, "pp")]
    for m in ms:
        assert text[m.start:m.end] == m.text
    assert ms[1].converted == (7.5e11, "USD")
    assert ms[4].per == "day"


def test_roles_tell_from_and_to_apart() -> None:
    ms = extract_numbers(_art("The bank raised its key rate to 3.75% from 3.5% and to at least 4% later."))
    assert [(m.value, m.role) for m in ms] == [(3.75, "to"), (3.5, "from"), (4.0, "to")]


def test_no_numbers_in_years_or_hyphenated_names() -> None:
    assert numbers_in_text("F-16 warplanes arrived in 2024 and 1999.") == []


def test_sentences_respect_abbreviations_and_lines() -> None:
    text = "Mr. Smith went to Washington. He met Dr. Jones.\nNew line here"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["Mr. Smith went to Washington.", "He met Dr. Jones.", "New line here"]
    assert article_sentences(_art(text)) == spans


def test_sentences_run_over_state_and_plural_title_abbreviations() -> None:
    def said(text: str) -> list[str]:
        return [text[a:b] for a, b in sentence_spans(text)]

    assert said("She met Wash. Gov. Lena Dahl on Monday. They spoke.") == [
        "She met Wash. Gov. Lena Dahl on Monday.", "They spoke."]
    assert said("Sens. Ana Vass and Ole Berg objected, as did then-Rep. Ida Holm. Then they left.") == [
        "Sens. Ana Vass and Ole Berg objected, as did then-Rep. Ida Holm.", "Then they left."]
    # a city's state after its comma may end the sentence, and so may a common word
    assert said("It happened in Arden, Conn. At the time, he spoke.") == [
        "It happened in Arden, Conn.", "At the time, he spoke."]
    assert said("She fell ill. He stayed.") == ["She fell ill.", "He stayed."]
    # a time and its zone: "5 p.m. EST" goes on; "5 p.m." before a sentence ends it
    assert said("The offer runs until 5 p.m. EST, Nov. 6. It was due Friday.") == [
        "The offer runs until 5 p.m. EST, Nov. 6.", "It was due Friday."]
    assert said("The vote ends at 5 p.m. Officials count overnight.") == [
        "The vote ends at 5 p.m.", "Officials count overnight."]


def test_ranks_and_dates_are_not_quantities() -> None:
    assert numbers_in_text("She rose to the No. 2 post and then to No. 3.") == []
    assert numbers_in_text("The Sept. 11 attackers and the #4 seed") == []


def test_numbers_in_words_compound_and_vague() -> None:
    def got(text: str) -> list[tuple[str, float]]:
        return [(text[a:b], v) for a, b, v, _, _ in numbers_in_text(text)]

    assert got("Two hundred and fifty dockers and twenty-five crane drivers walked out.") == [
        ("Two hundred and fifty dockers", 250.0), ("twenty-five crane drivers", 25.0)]
    assert got("A hundred boats waited; the strike lasted twenty-one days.") == [
        ("A hundred boats", 100.0), ("twenty-one days", 21.0)]
    assert got("three dozen pilots") == [("three dozen pilots", 36.0)]
    # "several hundred", "a few dozen": no figure to compare
    assert got("Several hundred residents marched, and a few dozen boats stayed out.") == []


def test_numbers_that_are_names_weights_or_vague() -> None:
    text = ("The crew won two Harbour Four titles. He was fined not more than one year's pay. "
            "She lost weight, shedding more than 40 pounds, and paid 500 pounds in fees. "
            "More than a dozen pilots waited for a few hours.")
    got = {m.text: (m.display, m.unit) for m in extract_numbers(_art(text))}
    assert not any("Four" in t for t in got)  # "Harbour Four": a name, not a count
    assert got["one year"][0] == "not more than 1 year"  # a cap, not a floor
    assert got["40 pounds"][1] != "GBP" and got["500 pounds"][1] == "GBP"  # weighed, then paid
    assert got["a dozen pilots"][0] == "more than 12"
    assert got["a few hours"][0] == "a few hours"  # no figure to show


def test_range_end_takes_the_scale_of_the_other_end() -> None:
    got = [(v, u) for _, _, v, u, _ in numbers_in_text("a fortune of between $12 and $15 million")]
    assert got == [(12e6, "USD"), (15e6, "USD")]


def test_qualifier_of_a_number() -> None:
    text = ("Nearly 400 nurses joined. More than 80 wards shut. About 2,000 beds were empty. "
            "The hospital employs 6,100 staff.")
    assert [(m.value, m.qualifier) for m in extract_numbers(_art(text))] == [
        (400.0, "max"), (80.0, "min"), (2000.0, "approx"), (6100.0, "")]
