"""Speaker noun phrases found by the rules (:mod:`storylens.annotate.attribution.phrases`), on invented sentences."""

from __future__ import annotations

import pytest

from storylens.annotate.attribution.finder import QuoteFinder
from storylens.annotate.attribution.marks import scan_paragraph
from storylens.annotate.attribution.phrases import first_np, np_left
from storylens.annotate.attribution.tokens import sentence_ranges, tokenize_paragraph


def _rules(text: str) -> list[str | None]:
    """Speaker mentions of the rules alone (no reranker)."""
    qs = QuoteFinder(text, rerank=False).run()
    return [None if q.speaker_start is None else text[q.speaker_start : q.speaker_end] for q in qs]


def _toks(text: str):
    regions, _ = scan_paragraph(text, 0, len(text))
    return tokenize_paragraph(text, 0, len(text), regions)


@pytest.mark.parametrize("text,want", [
    ("The board saw Ilse Varga as the right pick.", "The board"),
    ("The Harbour Trust also finds that fares rose.", "The Harbour Trust"),
    ("Meanwhile, Brenner attacked the plan.", "Brenner"),
    ("A week later, he made a call.", "he"),
    ("Asked on Monday whether she would run, Mayor Ilse Varga shook her head.", "Mayor Ilse Varga"),
    ("Separately, Olav Brenner wrote to the board.", "Olav Brenner"),
    ("A handful of junior members of Kestrow Council voiced her doubts.", "A handful of junior members of Kestrow Council"),
    ("Small crowds of fishermen kept up the blockade.", "Small crowds of fishermen"),
    ("A chorus of prominent councillors has said the same thing.", "A chorus of prominent councillors"),
])
def test_first_np_is_a_phrase_not_a_lone_determiner_or_adverb(text: str, want: str) -> None:
    toks = _toks(text)
    lo, hi = sentence_ranges(toks)[0]
    m = first_np(toks, lo, hi)
    assert m is not None and m.text == want


def test_a_name_that_ends_in_ly_still_opens_a_sentence() -> None:
    toks = _toks("Kelly Marsh told the council it was over.")
    assert first_np(toks, 0, len(toks)).text == "Kelly Marsh"


def test_subject_phrase_ending_in_a_number_keeps_its_head() -> None:
    text = "Asked again, the 61-year-old grandfather of four replied, “It was built for grandfathers.”"
    toks = _toks(text)
    k = next(i for i, t in enumerate(toks) if t.lower == "replied")
    assert np_left(toks, k, 0).text == "the 61-year-old grandfather of four"


def test_adverb_now_between_subject_and_cue_is_skipped() -> None:
    assert _rules("A listener would now ask: “Why is the ferry late again?”") == ["A listener"]


def test_coordinated_cue_takes_the_subject_of_the_first_verb() -> None:
    assert _rules("Mayor Ilse Varga folded her arms and said, “Not this season.”") == ["Mayor Ilse Varga"]
    text = ("The Harbour Council on Friday issued a stern warning to the ferry company and pledged "
            "to act against what it called “a reckless fare rise.”")
    assert [s.removeprefix("The ") for s in _rules(text)] == ["Harbour Council"]


def test_passive_cue_takes_its_by_agent() -> None:
    text = "The closure was announced by the harbour council as “a temporary measure for the winter.”"
    assert _rules(text) == ["the harbour council"]


def test_question_then_name_and_cue_stays_one_sentence() -> None:
    text = "Headline\n\n“Why is this not clear proof that the ferry is too big to manage?” Brenner demanded."
    assert _rules(text) == ["Brenner"]


def test_transcript_as_follows_names_the_transcript_not_the_verb() -> None:
    text = ("Headline\n\nPartial transcript as follows:\n\n"
            "“We have said this from the start. The fares are too high.”\n\n"
            "“And they will stay too high until the board acts.”")
    speakers = _rules(text)
    assert speakers and all(s == "transcript" for s in speakers)


@pytest.mark.parametrize("headline,want", [
    ("Varga Says Ferry Board Will Tell of ‘Hard Choices Ahead.’", "Varga"),
    ("Brenner On Fare Rise: ‘We Will Fight It.’", "Brenner"),
    ("Angry Commuters Rally Outside City Hall To ‘Save Our Ferries.’", "Angry Commuters"),
    ("Varga Makes Last Appeal Against ‘Reckless Fare Rise.’", "Varga"),
])
def test_title_case_headline_quote_takes_the_headline_subject(headline: str, want: str) -> None:
    body = "The angry commuters met Mayor Ilse Varga and Olav Brenner at the harbour on Monday."
    speakers = _rules(headline + "\n\n" + body)
    assert speakers == [want]


@pytest.mark.parametrize("text", ["Do well enough in the polls to stay in the race.",
                                  "Why fares rose again this winter.",
                                  "Unless rivals quit, “nobody can picture anyone catching her.”"])
def test_question_words_imperatives_and_subordinators_are_no_subject(text: str) -> None:
    toks = _toks(text)
    m = first_np(toks, 0, len(toks))
    assert m is None or m.text.split()[0].lower() not in ("do", "why", "unless")


def test_a_weekday_alone_is_no_speaker_candidate() -> None:
    from storylens.annotate.attribution.reranker import candidates

    text = "The timetable page gave way early Tuesday to a banner that said, “Closed, back soon.”"
    toks = _toks(text)
    q = next(i for i, t in enumerate(toks) if t.quote is not None)
    lo, hi = next((a, b) for a, b in sentence_ranges(toks) if a <= q < b)
    texts = {c.mention.text for c in candidates(toks, q, lo, hi, None, "", None, None, None)}
    assert "Tuesday" not in texts and texts


def test_opening_participle_clause_speaks_for_the_main_subject() -> None:
    text = "After saying her ankle felt “so stiff I could hardly stand,” she was helped to the bench."
    assert _rules(text) == ["she"]


def test_to_her_before_a_quotation_gives_whose_view_it_is() -> None:
    text = "Varga praises the crews because to her, “no job matters more than a punctual ferry.”"
    assert _rules(text) == ["her"]


@pytest.mark.parametrize("text,want", [
    # words right after the quotation that name its source
    ("The levy is a “fair share of harbour income,” as a council memo put it.", "a council memo"),
    ("Proxies may not vote “to fill a seat on the board,” per the trust’s bylaws.", "the trust’s bylaws"),
    # a pronoun and an attributing verb right after the quotation
    ("“Enough,” she demanded, as Brenner kept cutting in.", "she"),
    # a name before a participle, after "and", "with" or a dash, is its own subject
    ("Both issued a statement – Varga saying she was “very pleased” and Brenner calling it a “fine day.”",
     "Brenner"),
])
def test_source_named_next_to_the_quotation(text: str, want: str) -> None:
    assert _rules(text)[-1] == want


def test_per_before_a_measure_word_names_no_source() -> None:
    assert _rules("Tickets cost “twelve crowns” per year, the trust said.")[0] == "the trust"


def test_transcript_labels_speak_and_unlabelled_paragraphs_continue_them() -> None:
    text = ("Partial transcript as follows:\n\n"
            "\"MARROW: Will the ferry run on Sunday?\n\n"
            "\"KETTLE: It will not. The crews need a day of rest.\n\n"
            "\"And the fares stay where they are.\n\n"
            "\"VIDEO: The harbour at dawn, gulls over the pier.\n\n"
            "\"We are sorry for the delay.")
    qf = QuoteFinder(text, rerank=False)
    qs = qf.run()
    spoken = [(text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None, q.speaker) for q in qs]
    assert spoken[0] == ("MARROW", "Marrow")
    assert spoken[1] == ("KETTLE", "Kettle")
    assert spoken[2] == ("KETTLE", "Kettle")  # no label: Kettle goes on
    assert spoken[3][0] is None  # "VIDEO:" is no speaker
    assert spoken[4][0] != "KETTLE"  # nor does Kettle's turn run on past it
    assert [f.how for f in qf.last_found][:3] == ["label", "label", "continuation"]


def test_quotation_ending_in_a_full_stop_before_to_which_ends_its_sentence() -> None:
    toks = _toks("I took it back at once: “That was a joke.” To which she said, “Fine.”")
    assert len(sentence_ranges(toks)) == 2
    toks = _toks("“I was only joking.” Brenner said, and left.")
    assert len(sentence_ranges(toks)) == 1  # the words after it attribute it


def test_went_on_about_attributes_the_quotation() -> None:
    text = "“Tea?” she asked, but the room was noisy, and as Brenner went on about “the rigged fares,” we left."
    assert _rules(text) == ["she", "Brenner"]


def test_closing_dash_byline_signs_every_quotation_of_its_paragraph() -> None:
    text = ("“The ferry is late again.” ― Olav Brenner\n\n"
            "“Fares went up ‘for safety.” And the pier is still shut “until further notice.” ― Ilse Varga")
    assert _rules(text)[:2] == ["Olav Brenner", "Ilse Varga"]
    assert "Olav Brenner" not in _rules(text)[1:]


def test_uncued_quotation_takes_the_subject_of_the_sentence_before() -> None:
    text = ("“We will not budge,” Brenner said on Monday.\n\n"
            "On “Harbour Hour,” Mayor Ilse Varga, who lost the vote, named the fares as the main worry. "
            "“People cannot pay this much for a crossing.”")
    got = _rules(text)
    assert got[0] == "Brenner"
    assert got[-1] == "Mayor Ilse Varga"


def test_participle_speaker_is_not_a_relative_pronoun_of_the_parse() -> None:
    pytest.importorskip("spacy")
    text = ("Brenner was just as prickly when pressed about an unpaid bill from a plumber who said he was cheated "
            "once he had fitted the pipes at one of Brenner’s hotels, saying, “Perhaps the pipes leaked, "
            "and I never liked what he did.”")
    q = QuoteFinder(text, rerank=False).run()[0]  # the rules with the parse's check
    assert text[q.speaker_start:q.speaker_end] == "Brenner"


@pytest.mark.parametrize("text,want", [
    # appositions chained after the name, the last a place or a name of its own
    ("“The quay is ours,” Ilse Varga, a trader hoping to unseat Councillor Olav Brenner, a Liberal, "
     "in Harbour Ward, said in a statement.", "Ilse Varga"),
    ("Tomas Ferrer, the editor of the port's paper, The Harbour Lamp, said it was “at once familiar and strange.”",
     "Tomas Ferrer"),
    ("Mara Quist, who lives outside the county seat, Pelling, said she “still hopes for a deal.”", "Mara Quist"),
])
def test_a_name_before_a_chain_of_appositions_is_the_speaker(text: str, want: str) -> None:
    assert _rules(text) == [want]


def test_a_clause_after_the_appositions_breaks_the_chain() -> None:
    # "…, the trade group, through … requests reveals …, described as": no speaker named
    text = ("A memo seen by Harbour Watch, the trade group, through freedom-of-information requests reveals "
            "Mr. Vey, described as one of the port's “most trusted brokers,” among the guests.")
    assert _rules(text) != ["Harbour Watch"]
