"""Quotation finding, classification and speakers on small handmade texts."""

from __future__ import annotations

import pytest

from storylens.annotate.attribution.corpus_names import canonicalize
from storylens.annotate.attribution.finder import extract_quotes, find_quotes
from storylens.annotate.attribution.marks import scan_quotes
from storylens.annotate.attribution.names import NameIndex, strip_titles
from storylens.annotate.attribution.reported import extract_statements
from storylens.annotate.attribution.speech import extract_speech
from storylens.errors import AnnotationError, StorylensError
from storylens.models import Article, Quote, Removed, Segment, Span


def _quotes(text: str, headline: bool = False) -> list[Quote]:
    return find_quotes(text, "t", first_line_headline=headline)


def _one(text: str, headline: bool = False) -> Quote:
    qs = [q for q in _quotes(text, headline)]
    assert len(qs) == 1, qs
    return qs[0]


def _quote_with(text: str, part: str) -> Quote:
    """The one quotation of ``text`` that holds ``part``."""
    qs = [q for q in find_quotes(text) if part in q.text]
    assert len(qs) == 1, qs
    return qs[0]


def _speaker(text: str, q: Quote) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start : q.speaker_end]


def _article(text: str, **kw) -> Article:
    return Article(id="a1", name="a1", source=text, body=text, segments=[Segment(0, 0, len(text))], **kw)


# -- marks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "opener,closer",
    [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‹", "›"), ("‘", "’"), ("'", "'"), ("''", "''"), ("”", "”")],
)
def test_every_mark_style_gives_the_quoted_words(opener: str, closer: str) -> None:
    words = "We will build the bridge next spring"
    text = f"{opener}{words},{closer} the mayor said."
    q = _one(text)
    assert q.text == words  # the trailing comma is the sentence's, not the speaker's
    assert text[q.start : q.end] == q.text
    assert _speaker(text, q) == "the mayor"
    assert q.kind == "direct"


def test_apostrophes_are_not_quote_marks() -> None:
    text = "The towns’ lawyers don't agree, and Varga’s aides say it's 'far from settled,' Ms. Lane said."
    qs = _quotes(text)
    assert [q.text for q in qs] == ["far from settled"]


def test_paragraph_left_open_continues_in_next_paragraph() -> None:
    text = (
        "“The harbour will stay open all winter. We have the crews for it.\n"
        "“Nobody will lose a shift,” Ines Calder said."
    )
    qs = _quotes(text)
    assert [q.text for q in qs] == [
        "The harbour will stay open all winter. We have the crews for it.",
        "Nobody will lose a shift",
    ]
    assert qs[0].end == text.index("\n")  # runs to the end of its paragraph
    assert _speaker(text, qs[1]) == "Ines Calder"


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = "“He told me ‘never again’ and walked out,” Ms. Osei said."
    regions = scan_quotes(text)
    assert len(regions) == 1
    assert regions[0].children and text[regions[0].children[0].start : regions[0].children[0].end] == "never again"
    q = _one(text)
    assert q.text.startswith("He told me ‘never again’")


def test_a_quotation_reopened_after_a_full_stop_ends_the_unclosed_one_before() -> None:
    """Wire copy run into one line loses the paragraph break of a quotation of
    two paragraphs ("``We have not analyzed it. ``We believe ...''"): the
    first part stops where the second opens, and the quotations after stay
    apart (they were children of one region running to the end)."""
    text = ("Hol replied: ``We have not analyzed the statement. ``We believe his words cannot hide the facts.'' "
            "A force has mobilized. ``We don't just arrive,'' said Gen. Ilse Marr. ``We are there to stay for a long time.'' "
            "The force grew.")
    regions = scan_quotes(text)
    assert [text[r.start:r.end] for r in regions] == [
        "We have not analyzed the statement.", "We believe his words cannot hide the facts.",
        "We don't just arrive,", "We are there to stay for a long time."]
    assert [q.speaker for q in _quotes(text)] == ["Hol", "Hol", "Ilse Marr", "Ilse Marr"]
    # a double quotation opened after a word, not a full stop, is still nested
    assert len(scan_quotes("“He called it “madness” and left,” Hol said.")) == 1


def test_closing_mark_used_as_opener() -> None:
    text = "”At this moment the port is our main concern,” Calder said at the meeting."
    q = _one(text)
    assert q.text == "At this moment the port is our main concern"
    assert _speaker(text, q) == "Calder"


# -- kinds ---------------------------------------------------------------------


def test_partial_quote_inside_reported_sentence() -> None:
    text = "Prime Minister Anna Berg warned of “harbour psychosis” in the region."
    q = _one(text)
    assert q.kind == "partial"
    assert q.text == "harbour psychosis"
    assert _speaker(text, q) == "Prime Minister Anna Berg"
    assert q.speaker == "Anna Berg"


def test_scare_quote_is_not_speech() -> None:
    text = "Under the port rules, the chair must be chosen “by consensus,” which means a long wait."
    q = _one(text)
    assert q.kind == "scare"
    assert q.speaker is None and q.speaker_start is None


def test_so_called_term_is_scare() -> None:
    text = "Tomas Reyk said the so-called “night plan” had failed before."
    assert _one(text).kind == "scare"


@pytest.mark.parametrize("text", [
    'Talks are hard, Calder said on the Velmora TV program “State of the Harbour.”',
    'Talks are hard, Calder said on Velmora TV’s “State of the Harbour.”',
    'Talks are hard, Calder said on “State of the Harbour.”',
])
def test_a_programme_named_with_the_sentence_s_stop_is_a_title(text: str) -> None:
    assert _one(text).kind == "title"


@pytest.mark.parametrize("text", [
    "Ida Marsh, the head of the Harbour Renewal Fund, which backs the plan, said that “the port must grow.”",
    "“The port must grow,” Ida Marsh, a spokeswoman for Harbour Watch, a dockers' charity, said on Monday.",
])
def test_a_body_named_in_the_apposition_of_a_name_is_not_the_speaker(text: str) -> None:
    assert _one(text).speaker == "Ida Marsh"


def test_title_of_a_work() -> None:
    text = "Reyk spoke on the radio show “Morning Harbour Hour” on Tuesday about the new shifts."
    assert _one(text).kind == "title"


@pytest.mark.parametrize("text,title", [
    ('Her book, "Quit Sailing Your Ferry with a Spoon and a Fork," became a bestseller.',
     "Quit Sailing Your Ferry with a Spoon and a Fork"),
    ('Calder wrote in her memoir, "From Harbour to Higher Ground," that the docks shaped her.',
     "From Harbour to Higher Ground"),
    ("“We will pull things together,” Calder said while recording an appearance on the “Late Show Starring "
     "Ivo Marten” on Wednesday.", "Late Show Starring Ivo Marten"),
    ("Reyk described his contact with the group, who used the handle “Harbour 2.0”, as “benign.”", "Harbour 2.0"),
    ("Reyk told him to do a Corvetti, a nod to a “Moonharbour” character who deceives the board.", "Moonharbour"),
])
def test_a_work_or_a_name_given_is_a_title_not_a_quotation(text: str, title: str) -> None:
    q = next(q for q in _quotes(text) if q.text.rstrip(",.") == title)
    assert q.kind == "title" and q.speaker is None


# -- cue patterns ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,speaker,cue",
    [
        ("“The shifts start in May,” Reyk said.", "Reyk", "said"),
        ("“The shifts start in May,” said Tomas Reyk, the board's chair.", "Tomas Reyk", "said"),
        ("Reyk told reporters: “The shifts start in May.”", "Reyk", "told"),
        ("Reyk, the board's chair, said: “The shifts start in May.”", "Reyk", "said"),
        ("According to Reyk, “the shifts start in May and run all year.”", "Reyk", "according to"),
        ("“The shifts start in May,” the board said in a statement.", "the board", "said"),
        ("“The shifts start in May,” he added.", "he", "added"),
        ("Reyk: “The shifts start in May.”", "Reyk", None),
    ],
)
def test_cue_patterns(text: str, speaker: str, cue: str | None) -> None:
    q = _one(text)
    assert q.is_speech
    assert _speaker(text, q) == speaker
    assert q.cue == cue


def test_participle_cue_takes_the_clause_subject() -> None:
    text = "Ines Calder spoke for an hour, adding that the board was “playing with fire.”"
    q = _one(text)
    assert _speaker(text, q) == "Ines Calder"


# -- speakers in context ---------------------------------------------------------


def test_pronoun_speaker_resolves_to_previous_speaker() -> None:
    text = (
        "Union leader Ines Calder met the board on Monday.\n"
        "“We will not accept twelve-hour nights,” she said."
    )
    q = _one(text)
    assert _speaker(text, q) == "she"
    assert q.speaker == "Ines Calder"


def test_pronoun_prefers_gender_compatible_person() -> None:
    text = (
        "Ms. Calder met Mr. Reyk on Monday, and Mr. Reyk listened.\n"
        "“We will not accept twelve-hour nights,” she said."
    )
    assert _one(text).speaker == "Calder"


def test_continuation_quote_keeps_the_previous_speaker() -> None:
    text = (
        "“The board has not listened,” Ines Calder said. “Nobody here wants a strike, "
        "but nobody here is afraid of one.”\n"
        "“We will be back next week with the whole crew.”"
    )
    qs = _quotes(text)
    assert len(qs) == 3
    for q in qs:
        assert _speaker(text, q) == "Ines Calder"
        assert q.speaker == "Ines Calder"
    assert qs[1].cue is None and qs[2].cue is None


def test_attribution_line_names_the_block_above() -> None:
    text = (
        "Calder spoke to the press after the vote.\n"
        "“We will not accept twelve-hour nights without a new contract.\n"
        "“Nobody here wants a strike, but nobody here is afraid of one.”\n"
        "Ines Calder\n"
        "The board will meet again on Friday."
    )
    qs = _quotes(text)
    assert len(qs) == 2
    line = text.index("Ines Calder\n")
    for q in qs:
        assert (q.speaker_start, q.speaker_end) == (line, line + len("Ines Calder"))
        assert q.speaker == "Ines Calder"


def test_attribution_line_from_article_removed_items() -> None:
    text = "“Nobody here wants a strike, but nobody is afraid.”\nInes Calder\nMore text follows here."
    s = text.index("Ines Calder")
    art = _article(text, removed=[Removed(s, s + len("Ines Calder"), "attribution line", "Ines Calder")])
    q = extract_quotes(art)[0]
    assert (q.speaker_start, q.speaker_end) == (s, s + len("Ines Calder"))
    assert q.doc == "a1"


def test_headline_speaker_with_colon() -> None:
    text = "Calder: 'We will strike if we must'\n\nThe union met on Monday in the port."
    q = _quotes(text, headline=True)[0]
    assert q.is_speech
    assert _speaker(text, q) == "Calder"


def test_removed_furniture_is_not_scanned() -> None:
    text = "Legal notice: we provide the data “as is” today.\nReyk said the “night plan” is “a disaster for the port.”"
    art = _article(text, removed=[Removed(0, text.index("\n"), "legal disclaimer", text[: text.index("\n")])])
    qs = extract_quotes(art)
    assert all(q.start > text.index("\n") for q in qs)


def test_sentence_bounds_surround_the_quote() -> None:
    text = "The vote was close. “We won,” Calder said. Then she left."
    q = _one(text)
    assert text[q.sentence_start : q.sentence_end] == "“We won,” Calder said."


def test_json_contract_fields() -> None:
    q = _one("“The shifts start in May,” Reyk said.")
    d = q.to_json()
    assert set(d) >= {"doc", "start", "end", "text", "speaker", "speaker_start", "speaker_end", "cue", "kind", "confidence"}
    assert 0 < d["confidence"] <= 1


# -- names -------------------------------------------------------------------------


def test_titles_are_stripped_and_surnames_aliased() -> None:
    assert strip_titles("Outgoing Dutch Prime Minister Joost Marrevelt")[0] == "Joost Marrevelt"
    idx = NameIndex("NATO Secretary General Ilse Marrow spoke. Later Marrow left, and the NATO chief smiled.")
    assert idx.resolve("Marrow") == "Ilse Marrow"
    assert idx.resolve("Ms. Marrow") == "Ilse Marrow"
    assert idx.resolve("the NATO chief") == "Ilse Marrow"
    assert idx.alias_map()["Marrow"] == "Ilse Marrow"
    assert NameIndex("Lindqvist spoke in Kestrow.").resolve("the NATO chief") == "the NATO chief"


def test_canonicalize_across_corpus() -> None:
    a = Quote(doc="a", start=0, end=1, text="x", kind="direct", speaker="Marrow")
    b = Quote(doc="b", start=0, end=1, text="y", kind="direct", speaker="Ilse Marrow")
    c = Quote(doc="b", start=0, end=1, text="z", kind="direct", speaker="Smith")
    mapping = canonicalize({"a": [a], "b": [b, c]}, {})
    assert a.speaker == "Ilse Marrow" and mapping["Marrow"] == "Ilse Marrow"
    assert c.speaker == "Smith"


def test_canonicalize_indexes_each_article_once_and_answers_the_same(monkeypatch) -> None:
    import storylens.annotate.attribution.corpus_names as cn

    texts = {"a": "Kessler Freight said on Monday it would close the depot. Anna Kessler, its chief, agreed.",
             "b": "“We will close it,” Kessler said. The union said it would fight the plan."}
    arts = {d: Article(id=d, name=d, source=t, body=t, segments=[Segment(0, 0, len(t))]) for d, t in texts.items()}

    def quotes():
        return {"a": [Quote(doc="a", start=0, end=1, text="x", kind="direct", speaker="Kessler Freight")],
                "b": [Quote(doc="b", start=0, end=1, text="y", kind="direct", speaker="Kessler")]}
    built = []
    real = cn.NameIndex
    monkeypatch.setattr(cn, "NameIndex", lambda text: built.append(text) or real(text))
    monkeypatch.setattr(cn, "_NAMES", type(cn._NAMES)())
    first, again = quotes(), quotes()
    m1 = canonicalize(first, arts)
    assert len(built) == 2
    m2 = canonicalize(again, arts)
    assert len(built) == 2, "the second pass reads each article's names from the cache"
    assert m1 == m2 and [q.speaker for qs in first.values() for q in qs] == [q.speaker for qs in again.values() for q in qs]
    # a changed text is indexed again
    arts["b"] = Article(id="b", name="b", source=texts["b"] + " Anna Kessler spoke later.", body=texts["b"],
                        segments=[Segment(0, 0, len(texts["b"]))])
    canonicalize(quotes(), arts)
    assert len(built) == 3


# -- reported speech ---------------------------------------------------------------


def test_reported_statements() -> None:
    text = "Port chair Tomas Reyk confirmed that the night shifts will start in May. “It is done,” he said."
    quotes, statements = extract_speech(_article(text))
    assert len(quotes) == 1
    st = [s for s in statements if s.cue == "confirmed"]
    assert st and st[0].content.startswith("the night shifts will start in May")
    assert st[0].source == "Tomas Reyk"
    assert text[st[0].source_start : st[0].source_end] == "Port chair Tomas Reyk" or "Reyk" in text[st[0].source_start : st[0].source_end]
    assert extract_statements(_article(text))[0].cue == "confirmed"


# -- bad input -----------------------------------------------------------------------


def test_bad_input_raises_storylens_error() -> None:
    with pytest.raises(AnnotationError):
        extract_quotes("not an article")  # type: ignore[arg-type]
    with pytest.raises(StorylensError):
        find_quotes(None)  # type: ignore[arg-type]


def test_empty_and_unbalanced_text_do_not_crash() -> None:
    assert _quotes("") == []
    assert all(q.end > q.start for q in _quotes("“Open and never closed\n\n” stray ” marks “ here"))


def test_title_span_is_scanned_as_headline() -> None:
    text = "Marrow Says ‘The Storm Is Far From Over’\n\nThe NATO chief spoke on Friday."
    art = _article(text, title="Marrow Says ‘The Storm Is Far From Over’", title_span=Span(0, text.index("\n")))
    q = extract_quotes(art)[0]
    assert q.is_speech and _speaker(text, q) == "Marrow"


# -- PolNeAR scoring (handmade brat) ----------------------------------------------------


def test_polnear_gold_regions_and_scoring() -> None:
    from storylens.evaluation.polnear import gold_quotes, score_quotes

    text = "Headline here.\n\n“We will win,” Calder said, calling it “a fair deal.”"
    s = text.index("“We")
    e = text.index(" Calder")
    src = text.index("Calder")
    c2 = text.index("it “")
    ann = (
        f"T1\tSource {src} {src + 6}\tCalder\n"
        f"T2\tCue {src + 7} {src + 11}\tsaid\n"
        f"T3\tContent {s} {e}\t{text[s:e]}\n"
        f"T4\tAttribution {src + 7} {src + 11}\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        f"T5\tContent {c2} {len(text)}\t{text[c2:]}\n"
        "E2\tAttribution:T4 Content:T5 Source:T1\n"
    )
    gold = gold_quotes(text, ann)
    assert [text[g.start : g.end] for g in gold] == ["We will win,", "a fair deal."]
    perfect = score_quotes(find_quotes(text, first_line_headline=True), gold)
    assert (perfect.precision, perfect.recall, perfect.speaker_accuracy) == (1.0, 1.0, 1.0)
    wrong = [{"start": gold[0].start, "end": gold[0].end, "kind": "direct", "speaker_start": 0, "speaker_end": 4},
             {"start": 0, "end": 8, "kind": "direct", "speaker_start": None, "speaker_end": None},
             {"start": gold[1].start, "end": gold[1].end, "kind": "scare", "speaker_start": None, "speaker_end": None}]
    sc = score_quotes(wrong, gold)
    assert (sc.predicted, sc.matched, sc.speaker_right) == (2, 1, 0)
    assert sc.precision == 0.5 and sc.recall == 0.5 and sc.attributed_f1 == 0.0


# -- speakers beyond the adjacent cue ------------------------------------------------


def _has_parser() -> bool:
    from storylens.annotate.nlp import load_nlp
    from storylens.errors import ModelUnavailableError

    try:
        load_nlp(disable=("ner", "lemmatizer", "attribute_ruler"))
    except ModelUnavailableError:
        return False
    return True


def test_dash_byline_after_the_quote_names_the_speaker() -> None:
    text = "Reader letters.\n“The ferry schedule changed without any warning to us.” ― Marta Velloso\n"
    q = _one(text)
    assert _speaker(text, q) == "Marta Velloso"
    assert q.speaker == "Marta Velloso"


def test_colon_headline_speaker_covers_a_later_quote() -> None:
    text = "Okafor: Port Deal Has ‘Nothing To Hide’ On Tariffs\n\nThe minister spoke on Monday."
    q = _one(text, headline=True)
    assert _speaker(text, q) == "Okafor"


def test_according_to_after_the_cue_wins() -> None:
    text = "“We will not move the depot,” Ines Calder said, according to the Harbour Gazette."
    q = _one(text)
    assert _speaker(text, q) == "the Harbour Gazette"  # the attribution rests on the report ...
    assert q.speaker == "Ines Calder" and q.cue == "according to"  # ... of Calder's words


def test_according_to_after_a_reply_keeps_the_voice() -> None:
    # a parse or the reranker once took the report back as the speaker when the cue was "replied"
    text = ("“I would seem reckless if I signed that,” Ines Calder replied after a dockers' leader put the "
            "question to her, according to three officials aware of the exchange.")
    q = _one(text)
    assert _speaker(text, q).startswith("three officials")
    assert q.speaker == "Ines Calder"


def test_according_to_after_a_broad_verb_is_the_verbs_subject() -> None:
    text = "Ines Calder criticized the port board for its “secrecy,” according to the Harbour Gazette."
    q = _one(text)
    assert _speaker(text, q) == "the Harbour Gazette" and q.speaker == "Ines Calder"
    plain = "The port board's plan is “reckless,” according to the Harbour Gazette."
    q = _one(plain)
    assert q.speaker == "the Harbour Gazette"  # no verb before the quotation: the report speaks


def test_a_news_report_after_the_quotation_is_no_speaker_when_a_verb_before_has_one() -> None:
    text = ("The port board met on Monday. Its deputy chair, Ines Calder, called the plan reckless and said "
            "the figures were “invented and misleading,” the Harbour Gazette reported.")
    q = _one(text)
    assert _speaker(text, q).endswith("Harbour Gazette") and q.speaker == "Ines Calder"
    said = "Tomas Reyk said the strike was “the only way left,” the Harbour Gazette reported."
    assert _one(said).speaker == "Tomas Reyk"
    plain = "The port board met on Monday. The plan was “the only way left,” the Harbour Gazette reported."
    assert (_one(plain).speaker or "").endswith("Harbour Gazette")  # no verb before the quotation: the report speaks


# pronouns, epithets and names: (text, a part of the quotation, its speaker)
_SPEAKER_CASES = {
    "a_role_subject_with_an_adverb_is_the_pronouns_antecedent": (
        ("Chief Justice Mara Quist led the questioning.\n\n"
        "The chief justice also asked Mr. Tomas Reyk whether the rule had exceptions. "
        "Even so, he said, “some crews will always cut corners” on a quay that long."),
        "cut corners", "Mara Quist"),
    "a_weekday_after_a_name_is_no_part_of_it": (
        ("Harbour chief Ines Calder broke with Mayor Teodor Blank Monday over the depot.\n\n"
        "Blank had backed the plan. The next day, he said he was only defending the port's "
        "“independence” and nothing more."),
        "independence", "Teodor Blank"),
    "a_preposition_before_a_name_gives_it_no_title": (
        ("President Ana Tovar defended her former adviser, Rui Vass, on Monday.\n\n"
        "Her lawyer says the president already knew about Vass and his contacts.\n\n"
        "The president this afternoon says 'I feel sorry for Rui Vass.' The post was shared widely."),
        "feel sorry", "Ana Tovar"),
    "an_epithet_is_the_storys_subject_named_before": (
        ("Mara Quist laid out her port plan on Monday. Quist spoke for an hour, and Quist took questions.\n\n"
        "“Trade is a means of keeping the peace,” Quist said.\n\n"
        "Setting out the plan her aides have named the “Quist Charter,” the presidential hopeful said she "
        "would start with “open berths.”"),
        "open berths.", "Mara Quist"),
    "who_after_a_description_is_the_person_it_describes": (
        ("Mara Quist wants a new berth. Quist spoke on Monday, and Quist took questions.\n\n"
        "Quist was asked about the cost by the reporter Ines Calder.\n\n"
        "The GOP front-runner, who once described the dockers as “saboteurs,” says the port will pay."),
        "saboteurs", "Mara Quist"),
    "an_office_owned_by_a_title_is_the_office": (
        "“The ferry fees were booked as gifts,” the U.S. Attorney’s Office said in a release.",
        "booked as gifts", "U.S. Attorney’s Office"),
    "an_outlet_owning_a_name_is_no_part_of_it": (
        ("Harbour Weekly’s Ines Calder has covered the port for a decade.\n\n"
        "“Nobody on the quay expected the vote,” Harbour Weekly’s Ines Calder said."),
        "expected the vote", "Ines Calder"),
    "a_headline_verb_after_a_title_is_no_name": (
        ("Velmora Congressman Regrets Shoving Match at Harbour Gate\n\n"
        "A week after dockers filmed Velmora Rep. Rui Vass pushing past their picket line, the "
        "lawmaker said he had lost his temper.\n\n"
        "Vass, a Liberal, is seen elbowing a picket who had asked him about the levy.\n\n"
        "\"Step away from my car!\" the two-term congressman shouts. \"You have no right to stop me.\""),
        "Step away from my car", "Rui Vass"),
    "the_subject_of_a_passive_is_no_speaker": (
        "Mayor Ivo Fenn unveiled a harbour plan on Monday. Within hours Fenn’s plan was called “reckless.”",
        "reckless", None),
    "a_passive_with_its_agent_is_the_agents": (
        ("Mayor Ivo Fenn unveiled a harbour plan on Monday. Within hours Fenn’s plan was called "
        "“reckless” by Senator Ana Tovar."),
        "reckless", "Ana Tovar"),
    "the_subject_after_an_opening_phrase_is_the_pronouns_antecedent": (
        ("Rui Vass, the dockmaster, runs the northern quay.\n\n"
        "Asked by Mayor Ivo Fenn about the levy, Vass said, “We will pay what is fair.” "
        "“But not a crown more,” he continued."),
        "not a crown more", "Rui Vass"),
    "a_name_in_apposition_inside_an_opening_phrase_is_not_the_subject": (
        ("Senator Ana Tovar debated Mayor Rui Vass on Monday.\n\n"
        "Asked by the moderator, Harbour Radio’s Ivo Fenn, opening the forum with a query about "
        "the levy, Vass criticised the board. “They never asked the crews,” he said."),
        "never asked the crews", "Rui Vass"),
    "he_continued_is_the_speaker_just_quoted": (
        ("“We are ready for the night shifts,” port union chief Rui Vass told Harbour Radio host "
        "Ivo Fenn on Monday.\n\n“But nobody asked the crews,” he continued."),
        "nobody asked the crews", "Rui Vass"),
    "a_pronoun_subject_takes_the_person_of_the_opening_phrase": (
        ("Mayor Ivo Fenn and Senator Ana Tovar met on the quay.\n\n"
        "After Fenn lost the harbour vote, he said the board had “chosen the easy road.”"),
        "easy road", "Ivo Fenn"),
    "an_outlet_reporting_a_person_is_no_part_of_the_speaker": (
        ("Ana Tovar spoke at the harbour.\n\n"
        "The Gazette reports Ana Tovar on Friday first set out her view, saying the pier should be a "
        "matter for “islanders” and not for the board."),
        "islanders", "Ana Tovar"),
    "an_unnamed_official_speaks_for_the_administration_named_before": (
        ("The Tovar administration defended the toll on Monday.\n\n"
        "“The toll pays for the night boats,” a senior administration official said."),
        "night boats", "the Tovar administration"),
    "an_apology_speaks_for_its_owner": (
        ("Senator Ivo Fenn apologised to the dockers on Monday.\n\n"
        "Fenn’s apology recalled his own years “loading grain at the north quay” as a student."),
        "loading grain", "Ivo Fenn"),
    "a_comment_or_a_showdown_is_no_speaker": (
        ("Mayor Ana Tovar called the toll a tax on islanders.\n\n"
        "The comment was “the lowest point of a bitter campaign,” her rival's office wrote later. "
        "Thursday’s showdown came during a hearing on “the future of the night boats.”"),
        "future of the night boats", None),
    "a_title_of_a_body_runs_on_to_the_name": (
        ("Calder suspended the harbour permits on Friday.\n\n"
        "Secretary of the Interior Ines Vass echoed Calder's comment in her own post, saying that "
        "the two had spoken and \"both believe that the herds come first.\""),
        "herds come first", "Ines Vass"),
    "a_pronoun_after_a_name_gives_no_gender_a_first_name_denies": (
        ("Ilse Marrow was asked about the audit two days before the hearing.\n\n"
         "Rep. Joseph Brannagh asked her if she might \"say a few words on the audit.\"\n\n"
         "She said: \"Well there's a checklist that started this whole review.\"\n\n"
         "Brannagh later called her answer evasive."),
        "checklist", "Ilse Marrow"),
    "a_person_named_after_a_place_with_a_joined_particle": (
        ("But former harbour attorney for the District of Velmora Joseph diMarco blasted the plan.\n\n"
         "“I am appalled that the board has permitted this,” diMarco, who advises the mayor, told the Herald.\n\n"
         "“This is an abuse of power.”\n\n"
         "He added: “Those are the tactics we keep for smugglers.”"),
        "tactics we keep", "Joseph diMarco"),
    "a_joined_particle_surname_speaks": (
        ("But former harbour attorney for the District of Velmora Joseph diMarco blasted the plan.\n\n"
         "“I am appalled that the board has permitted this,” diMarco, who advises the mayor, told the Herald."),
        "I am appalled", "Joseph diMarco"),
    "a_title_epithet_after_quotations_is_their_speaker": (
        ("Port candidate Aurel Fenn launched a new radio spot on Monday.\n\n"
         "\"I am not ashamed of the docks,\" says Fenn. \"They built this town.\"\n\n"
         "\"As mayor, I will reopen the night boats,\" the Velmoran governor continues. \"That is a promise.\"\n\n"
         "Fenn has stepped up his campaign. Fenn spoke again on Tuesday."),
        "night boats", "Aurel Fenn"),
    "a_tenure_does_not_hide_a_titles_holder": (
        ("Rep. Ivo Marten (R-Velm.) is resigning, he said Friday.\n\n"
         "Ilse Karst accused Marten of threats, then said she was fired after complaining to Marten.\n\n"
         "“I never learned how to manage a staff,” the four-term congressman said in March."),
        "manage a staff", "Ivo Marten"),
    "describing_words_before_a_name_are_no_part_of_it": (
        ("Santo Quell spoke on Sunday.\n\n"
         "An incredulous Rui Vass began his interview with Quell by asking, \"What in the world was that?\""),
        "What in the world", "Rui Vass"),
    "a_shared_surname_is_the_person_named_first": (
        ("President Vass takes office\n\n"
         "Anton Vass took office on Friday, vowing to \"fight\" for the port.\n\n"
         "\"This waste stops right here,\" Vass said, and the new president left.\n\n"
         "Marisela Vass, his wife, wore blue."),
        "This waste", "Anton Vass"),
    "a_title_held_in_a_headline_is_the_full_name": (
        ("President Vass takes office\n\n"
         "Anton Vass took office on Friday. Vice President Ilse Karst stood by.\n\n"
         "The president addressed the crowd after taking the oath along with Vice President Ilse Karst. "
         "The speech was short. But it was stitched together by an appeal for “port pride,” as he "
         "described it."),
        "port pride", "Anton Vass"),
}


def test_the_parse_reads_a_title_of_a_body_on_to_the_name() -> None:
    """On the parse, "Secretary of the Interior Ines Vass" is the subject: the
    head noun is "Secretary", and the name is the object of its "of"."""
    from storylens.annotate.attribution.parse_rules import DependencySpeakers

    text = "Director of the Port Authority Ines Vass praised Calder's plan in a short note, saying that she had agreed."
    deps = DependencySpeakers(text)
    if not deps.available:
        pytest.skip("no spaCy pipeline")
    subj = deps.subject_of_cue((0, len(text)), text.index("saying"))
    assert subj is not None and text[subj.start:subj.end] == "Director of the Port Authority Ines Vass"


@pytest.mark.parametrize("case", sorted(_SPEAKER_CASES))
def test_speaker_cases(case: str) -> None:
    text, part, speaker = _SPEAKER_CASES[case]
    assert _quote_with(text, part).speaker == speaker


def test_which_after_a_body_is_that_body() -> None:
    text = ("The plan was denounced by the Velmora Port Workers Union, a dockers' group, which said it "
            "was “a gift to the shipowners.”\n\n"
            "That came before a book by reporter Ines Calder, which reported that Fenn once told aides "
            "the board had “no spine.”")
    union, book = find_quotes(text)
    assert union.speaker == "Velmora Port Workers Union"
    assert book.speaker != "Ines Calder"  # "which" after a person is the book, not her


def test_the_plural_head_of_a_body_named_before_is_that_body() -> None:
    text = ("The letter cites the Velmora Council of Harbour Pilots, whose members guide every ship in. "
            "The pilots noted that “the new berths are too narrow for the winter tides.”")
    q = _one(text)
    assert _speaker(text, q) == "The pilots" and q.speaker == "Velmora Council of Harbour Pilots"
    crowd = "Dockers gathered at the gate. The pilots noted that “the berths are too narrow.”"
    assert _one(crowd).speaker is None  # no body of pilots named: a crowd is nobody
    headline = ("Port Board Blames Veteran Pilots\n\n"
                "The pilots noted that “the berths are too narrow.” The bias shows “in every ruling.”")
    assert all(q.speaker is None for q in find_quotes(headline))  # a headline's words name no body


def test_aides_said_x_told_is_xs_quotation() -> None:
    text = ("“We got wiped out on the docks,” aides said Ms. Ines Calder told her colleagues before "
            "the vote.")
    q = _one(text)
    assert _speaker(text, q) == "aides" and q.speaker == "Ines Calder"
    plain = "“We got wiped out on the docks,” aides said. Ms. Calder told nobody."
    assert _one(plain).speaker != "Calder"


def test_a_pair_is_one_name_in_the_order_the_article_names_them() -> None:
    text = ("Weich wrote to Senators Rui Vass of Oregon and Ana Tovar of Colorado in May.\n\n"
            "On Friday, Ms. Tovar and Mr. Vass released a joint statement saying they had “long had "
            "doubts about the program.”")
    q = _one(text)
    assert q.speaker == "Rui Vass and Ana Tovar"


def test_a_thing_as_subject_gives_a_term_to_the_nearer_person() -> None:
    text = ("The report noted how divided the board remains, even as Aurel Fenn called the talks "
            "“useful” on his way out.")
    q = _one(text)
    assert q.text == "useful" and q.speaker == "Aurel Fenn"
    thing = ("The letter took the board to task, saying that port policy calls for help when towns "
             "“face problems beyond their means.”")
    assert _one(thing).speaker is None  # the nearer verb's subject is no person: nobody is named


def test_an_epithet_is_not_its_own_sentences_subject_nor_a_passer_by() -> None:
    own = ("Aurel Fenn spoke at length. Fenn answered every question, and Fenn thanked the dockers.\n\n"
           "Fenn took on Ilse Marrow after the Democratic front-runner said he was “unfit to lead.”")
    q = _quote_with(own, "unfit")
    assert q.speaker != "Aurel Fenn"  # an epithet does not name the subject of its own sentence
    passing = ("Aurel Fenn spoke at length. Fenn answered every question, and Fenn thanked the dockers.\n\n"
               "Teodor Blank closed the unit in April.\n\n"
               "“There is hatred,” the Republican presidential candidate said.")
    q = _quote_with(passing, "hatred")
    assert q.speaker != "Teodor Blank"  # named once, in passing: not whom an epithet describes


def test_a_term_between_its_owner_and_a_remark_is_the_owners() -> None:
    head = "Harbour Chief Says Ines Calder's 'Sellout' Comment Went Too Far\n\nThe chief spoke on Monday."
    q = _quote_with(head, "Sellout")
    assert q.speaker == "Ines Calder"  # not the headline's subject, who says something of it
    body = "Critics seized on Aurel Fenn’s “open berths” remark on Friday."
    assert _one(body).speaker == "Aurel Fenn" and _one(body).is_speech
    other = "Critics seized on Aurel Fenn’s “open berths” plan on Friday."
    assert _one(other).speaker is None  # a plan is no remark: a term, nobody's speech


def test_an_office_or_campaign_speaks_under_its_owners_full_name() -> None:
    text = ("Harbour Minister Ines Calder defended the plan on Monday.\n\n"
            "“The berths stay open,” reads a statement from Harbour Minister Ines Calder's office. "
            "“We will talk,” Calder's office said. Calder’s campaign called the report “baseless.”")
    speakers = [q.speaker for q in find_quotes(text)]
    assert speakers == ["Ines Calder's office", "Ines Calder's office", "Ines Calder's campaign"]


def test_a_subordinator_opening_a_sentence_is_no_first_name() -> None:
    text = ("Aurel Fenn spoke on Monday.\n\n"
            "Though Fenn has denied it, “the berths were never safe,” he told the board.")
    q = _one(text)
    assert q.speaker == "Aurel Fenn"  # not "Though Fenn"


def test_a_date_or_a_bare_title_is_no_speaker() -> None:
    text = ("A harbour report, on March 3, 2021, found “a rise in thefts.” "
            "Around Oct. 9, 2020, told a clerk he should “stay out of it.” Mr. wrote: “I have learned a lot.”")
    assert all(q.speaker is None for q in find_quotes(text))


def test_a_sentence_opening_word_is_no_first_name() -> None:
    text = ("Ines Calder spoke to the dockers.\n\n"
            "Following Calder, the board met. “We will wait,” Calder said. "
            "Plus Calder had more to say: “Never again.”")
    assert {q.speaker for q in find_quotes(text)} == {"Ines Calder"}


def test_a_headline_is_no_longer_name_of_a_body() -> None:
    docs = {
        "a": ("VPA Willing To Bargain On Pension Security Age\n\n"
              "VPA initially pushed back. “Stay tuned,” VPA said in an email."),
        "b": "VPA pushes back\n\nVPA said that “benefit adjustments” were needed.",
    }
    arts = {k: _article(v) for k, v in docs.items()}
    quotes = {k: find_quotes(v, k) for k, v in docs.items()}
    canonicalize(quotes, arts)
    assert {q.speaker for qs in quotes.values() for q in qs if q.speaker} == {"VPA"}


def test_a_letter_named_by_its_addressee_is_not_the_addressee_speaking() -> None:
    text = "“She has broken no rule,” the letter addressed to Chairman Aurel Fenn reads."
    q = _one(text)
    assert _speaker(text, q) == "the letter addressed to Chairman Aurel Fenn"
    assert q.speaker != "Aurel Fenn"


def test_a_pronoun_reported_by_a_transcript_is_its_person() -> None:
    text = ("Ines Calder spoke to the dockers on Friday. “We will not move the depot,” she said, "
            "according to a transcript of that session.")
    q = _one(text)
    assert _speaker(text, q) == "a transcript" and q.speaker == "Ines Calder"


def test_inverted_cue_with_lowercase_title_before_the_name() -> None:
    text = "“The numbers do not add up,” said veteran budget analyst Teodor Blank."
    q = _one(text)
    assert _speaker(text, q) == "veteran budget analyst Teodor Blank"
    assert q.speaker == "Teodor Blank"


def test_passive_cue_does_not_make_its_subject_the_speaker() -> None:
    text = "The closure was announced by the council as “a temporary measure for the whole winter season.”"
    q = _one(text)
    assert _speaker(text, q) != "The closure"


def test_pronoun_inside_a_reported_clause_speaks_for_the_matrix_subject() -> None:
    text = "Ines Calder said she had asked her staff to “look into the ferry fees again.”"
    q = _one(text)
    assert _speaker(text, q) == "Ines Calder"


def test_heading_paragraph_in_quotes_is_a_title() -> None:
    text = "“We will keep going,” Ines Calder said.\n\n‘The Harbour Holds Its Breath.’\n\nThe council met on Monday."
    kinds = {q.text: q.kind for q in _quotes(text)}
    assert kinds["The Harbour Holds Its Breath."] == "title"


@pytest.mark.skipif(not _has_parser(), reason="no spaCy English pipeline")
def test_coordinated_cue_takes_the_clause_subject_on_the_parse() -> None:
    text = ("Marta Velloso praised the new harbour budget on Tuesday and said the city "
            "can now “bring the ferries back” to the island.")
    q = _one(text)
    assert _speaker(text, q) == "Marta Velloso"


@pytest.mark.skipif(not _has_parser(), reason="no spaCy English pipeline")
def test_quote_without_cue_takes_the_subject_of_its_verb() -> None:
    text = "Marta Velloso lamented a mood in which neighbours “now despise one another over parking.”"
    q = _one(text)
    assert _speaker(text, q) == "Marta Velloso"


def test_rules_only_mode_never_parses() -> None:
    from storylens.annotate.attribution.finder import QuoteFinder

    text = ("Marta Velloso praised the new harbour budget on Tuesday and said the city "
            "can now “bring the ferries back” to the island.")
    qf = QuoteFinder(text, "t", use_parser=False)
    qf.run()
    assert qf.deps.parsed == 0


def test_apposition_with_age_and_place_keeps_the_name() -> None:
    text = "Tobin Harrow, 27, of Pelling, Vt., said he still expected a “twist” at the congress."
    q = _one(text)
    assert _speaker(text, q) == "Tobin Harrow"


@pytest.mark.skipif(not _has_parser(), reason="no spaCy English pipeline")
def test_parse_never_takes_a_speaker_from_inside_a_quotation() -> None:
    text = "Intro line.\n\n“All the Harbours Are Closed Tonight” was to be her second novel about the coast."
    for q in _quotes(text):
        if q.speaker_start is not None:
            assert not (q.start <= q.speaker_start < q.end)


def test_inverted_cue_after_a_trailing_phrase() -> None:
    text = "“Buyers have shrugged off the bad news,” like the recent price swings, said Richard Culver."
    q = _one(text)
    assert _speaker(text, q) == "Richard Culver"


def test_canonicalize_keeps_a_body_from_a_day_and_a_country_from_a_person() -> None:
    """"Gullnet" is no short form of "Gullnet Tuesday" ("wrote on Gullnet
    Tuesday, saying …"), nor "Britain" of a name that follows it in a run."""
    texts = {"a": "Gullnet pledged to act against such accounts. The party said it was a test.",
             "b": "The minister wrote on Gullnet Tuesday, saying he would not resign. Gullnet Tuesday said nothing."}
    arts = {d: Article(id=d, name=d, source=t, body=t, segments=[Segment(0, 0, len(t))]) for d, t in texts.items()}
    qs = {"a": [Quote(doc="a", start=0, end=1, text="x", kind="partial", speaker="Gullnet"),
                Quote(doc="a", start=2, end=3, text="y", kind="partial", speaker="Britain")],
          "b": [Quote(doc="b", start=0, end=1, text="z", kind="partial", speaker="Britain Liu Xiaming")]}
    canonicalize(qs, arts)
    assert [q.speaker for q in qs["a"]] == ["Gullnet", "Britain"]


def test_a_marker_cut_out_of_a_line_is_no_speaker():
    """ "... told the club's website. Article continues below "They bring ..." ": the quotation after
    the cut marker is read as a paragraph of its own, whose speaker is the one named before."""
    from storylens.extract import extract
    from storylens.ingest.records import record_to_doc

    text = ("Velmora FC signed three players on Friday. \"They trained with us on Sunday and look sharp,\" head "
            "coach Ines Calder told the club's website. Article continues below \"They bring the reinforcement "
            "we need as a team.\" The club finished fifth last season.")
    art = extract(record_to_doc({"id": "club", "text": text}, "club.jsonl", "club"))
    quotes = extract_quotes(art)
    assert [q.speaker for q in quotes] == ["Ines Calder", "Ines Calder"]
