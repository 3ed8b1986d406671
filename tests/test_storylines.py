"""Event-level stories and storylines, on invented texts written for these
tests: a follow-up event days later is a story of its own inside one
storyline with the first; a short lead joins the story it belongs to; a
storyline never joins stories that share no named entity."""

from __future__ import annotations

from storylens.index.records import Story, StoryLink
from storylens.index.stories import StoryIndex
from storylens.index.storylines import build_storylines
from tests.test_stories_texts import BRIDGE, BRIDGE_OTHER_OUTLET, ORCHESTRA, make

# day 0: the council votes for a new bridge (BRIDGE, BRIDGE_OTHER_OUTLET);
# day 6: a follow-up event, the tender is awarded and the mayor is questioned
TENDER = [
    "The Lindqvist city council on Friday awarded the contract to build the new Harbour Street bridge to the "
    "Dalberg construction group, whose bid of 51 million euros beat two rivals from the capital.",
    "Mayor Helena Brandt defended the choice at a packed press conference, saying Dalberg had promised to finish "
    "the steel deck before the winter storms and to hire apprentices from the port's vocational school.",
    "Opposition councillor Marek Voss called the award rushed and said he had filed a complaint with the regional "
    "audit office because the winning bid came in three million euros above the council's own estimate.",
    "Dalberg's managing director, Oskar Feld, said the first piles would be driven in September and that the "
    "temporary pedestrian ferry would start the same week.",
]
TENDER_OTHER_OUTLET = [
    "Dalberg will build Lindqvist's new Harbour Street bridge after the council picked its 51-million-euro bid on "
    "Friday, a decision the opposition says broke the tender rules.",
    "Councillor Marek Voss said the award went to the most expensive serious bidder and asked the audit office to "
    "freeze the contract. Mayor Helena Brandt said the process had been checked by outside lawyers.",
    "Oskar Feld, who runs Dalberg, promised that local subcontractors would get a third of the work.",
]


def _bridge_corpus() -> list:
    return [
        make("vote_a", BRIDGE, "Lindqvist council votes to replace Harbour Street bridge", "Harbour Times",
             "2025-03-04T09:00:00Z"),
        make("vote_b", BRIDGE_OTHER_OUTLET, "New Harbour Street bridge approved after decade-long row",
             "Nordhafen Post", "2025-03-04T15:00:00Z"),
        make("orchestra", ORCHESTRA, "Sorensen to leave Vellmar Philharmonic", "Arts Daily", "2025-03-05T10:00:00Z"),
        make("tender_a", TENDER, "Dalberg wins Harbour Street bridge contract", "Harbour Times",
             "2025-03-10T11:00:00Z"),
        make("tender_b", TENDER_OTHER_OUTLET, "Opposition cries foul as Dalberg gets bridge deal", "Nordhafen Post",
             "2025-03-10T17:00:00Z"),
    ]


def _index(articles) -> StoryIndex:
    idx = StoryIndex()
    idx.add_many(sorted(articles, key=lambda a: (a.published or "9999", a.name)))
    return idx


def test_follow_up_days_later_is_its_own_story_in_one_storyline():
    idx = _index(_bridge_corpus())
    story = {n: link.story for n, link in idx.links().items()}
    assert story["vote_a"] == story["vote_b"]
    assert story["tender_a"] == story["tender_b"]
    assert story["vote_a"] != story["tender_a"]  # the same bridge, another event six days later
    assert story["orchestra"] not in (story["vote_a"], story["tender_a"])
    lines = idx.storylines()
    assert len(lines) == 1
    line = lines[0]
    assert line["stories"] == [story["vote_a"], story["tender_a"]]  # first to last
    assert (line["first"], line["last"]) == ("2025-03-04", "2025-03-10")
    assert line["id"].startswith("L") and "helena brandt" in line["entities"]
    assert line["label"]


def test_two_paragraph_lead_joins_its_story():
    articles = _bridge_corpus()
    lead = make("lead_only", [
        "Lindqvist will get a new Harbour Street bridge: councillors voted seven to two on Tuesday to replace the "
        "cracked 1911 crossing rather than repair it.",
        "Mayor Helena Brandt said the 48-million-euro bridge should open in 2027; Marek Voss, who voted against, "
        "called it a waste of a landmark.",
    ], "Lindqvist to replace old bridge", "Coast Radio", "2025-03-04T18:00:00Z")
    idx = _index([*articles, lead])
    story = {n: link.story for n, link in idx.links().items()}
    assert story["lead_only"] == story["vote_a"]
    assert story["lead_only"] != story["tender_a"]


def test_storyline_never_joins_stories_without_a_common_entity():
    stories = [Story(id=s, label=f"story {s}", date_range=[d, d]) for s, d in
               (("A", "2025-01-01"), ("B", "2025-01-03"), ("C", "2025-01-09"))]
    links = [StoryLink(stories=["A", "B"], similarity=0.5, entities=["helena brandt", "lindqvist"]),
             StoryLink(stories=["B", "C"], similarity=0.4, entities=["oskar feld"])]
    lines = build_storylines(stories, links)
    assert [line.stories for line in lines] == [["A", "B"]]  # C shares nothing with A: the link B-C stays a link
    assert lines[0].entities == ["helena brandt", "lindqvist"]
    links.append(StoryLink(stories=["A", "C"], similarity=0.45, entities=["lindqvist"]))
    lines = build_storylines(stories, links)
    assert [line.stories for line in lines] == [["A", "B", "C"]]
    assert lines[0].entities == ["lindqvist"] and (lines[0].first, lines[0].last) == ("2025-01-01", "2025-01-09")
    assert lines[0].label.startswith("Lindqvist: story A")


def test_storyline_record_round_trips():
    stories = [Story(id="A", label="a", date_range=["2025-01-01", "2025-01-02"]),
               Story(id="B", label="b", date_range=[None, None])]
    line = build_storylines(stories, [StoryLink(stories=["B", "A"], similarity=0.3, entities=["voss"])])[0]
    assert line.stories == ["A", "B"]  # undated stories last
    from storylens.index.records import Storyline

    assert Storyline.from_json(line.to_json()) == line


# Two events months apart around the same mayor: the harbour bridge vote
# (March) and a summer festival (August). Both quote her calling something
# "pure theatre": a two-word phrase, no shared message.
FESTIVAL = [
    "Lindqvist's summer festival opened on Saturday with a parade of tall ships, a jazz stage on the old fish "
    "market and fireworks over the marina that drew an estimated 40,000 visitors.",
    "Mayor Helena Brandt, asked about complaints from residents over the noise, called them \"pure theatre\" "
    "and said the festival brought the city's hotels their best weekend of the year.",
    "The organisers said ticket sales for the closing concert, headlined by the Vellmar Brass Ensemble, had "
    "doubled compared with last summer.",
]
BRIDGE_THEATRE = [
    "The Lindqvist city council voted seven to two on Tuesday to tear down the cracked Harbour Street bridge and "
    "build a new crossing, ending a decade-long dispute over the landmark.",
    "Mayor Helena Brandt dismissed the opposition's call for a referendum as \"pure theatre\" and said the "
    "48-million-euro bridge should open in 2027.",
    "Councillor Marek Voss, who voted against, said the council had ignored engineers who believed the old "
    "bridge could be repaired for a fraction of the cost.",
]


def _mayor_corpus(summer_quote: str, summer_day: str) -> list:
    festival = [p.replace('"pure theatre"', summer_quote) for p in FESTIVAL]
    return [make("bridge", BRIDGE_THEATRE, "Lindqvist votes to replace Harbour Street bridge", "Harbour Times",
                 "2025-03-04T09:00:00Z"),
            make("festival", festival, "Tall ships open Lindqvist summer festival", "Harbour Times", summer_day)]


def _linked(idx: StoryIndex) -> bool:
    story = {n: link.story for n, link in idx.links().items()}
    assert story["bridge"] != story["festival"]
    return any(set(lk["stories"]) == {story["bridge"], story["festival"]} for lk in idx.story_links())


def test_a_shared_two_word_phrase_is_no_story_link():
    assert not _linked(_index(_mayor_corpus('"pure theatre"', "2025-08-09T10:00:00Z")))


def test_a_shared_message_links_stories_when_near_in_time_or_long():
    # the same message of three content words: a link within a month, none five months later
    message = '"nothing but pure theatre from people who never cared about the harbour"'
    bridge = [p.replace('"pure theatre"', message) for p in BRIDGE_THEATRE]
    for day, want in (("2025-03-20T10:00:00Z", True), ("2025-08-09T10:00:00Z", False)):
        corpus = _mayor_corpus('"pure theatre from people who never cared"', day)
        corpus[0] = make("bridge", bridge, corpus[0].title, "Harbour Times", "2025-03-04T09:00:00Z")
        assert _linked(_index(corpus)) is want, day
    # a longer message repeated months later is the same speaker's same message
    corpus = _mayor_corpus(message, "2025-08-09T10:00:00Z")
    corpus[0] = make("bridge", bridge, corpus[0].title, "Harbour Times", "2025-03-04T09:00:00Z")
    assert _linked(_index(corpus))


def test_storyline_label_spells_small_words_of_a_name_in_lower_case():
    stories = [Story(id=s, label=f"story {s}", date_range=[d, d]) for s, d in
               (("A", "2025-01-01"), ("B", "2025-01-03"))]
    links = [StoryLink(stories=["A", "B"], similarity=0.5, entities=["national bank of valdoria"])]
    assert build_storylines(stories, links)[0].label == "National Bank of Valdoria: story A"


def test_storyline_label_prefers_a_name_the_story_labels_write():
    stories = [Story(id="A", label="Dorner Jr. wrote to the leakers", date_range=["2025-01-01", "2025-01-01"]),
               Story(id="B", label="Dorner adviser indicted", date_range=["2025-03-01", "2025-03-01"])]
    links = [StoryLink(stories=["A", "B"], similarity=0.3, entities=["russian", "dorner"])]
    assert build_storylines(stories, links)[0].label == "Dorner: Dorner Jr. wrote to the leakers"
