"""Canonical speakers on invented text: who a quote's speaker is, never a
non-speaker, resolved within an article and across a story's articles."""

from __future__ import annotations

from storylens.annotate.attribution.finder import find_quotes
from storylens.annotate.attribution.name_forms import fullest, name_of_phrase, non_speaker_name, same_person
from storylens.annotate.attribution.names import NameIndex
from storylens.compare.speakers import resolve_story_speakers
from storylens.models import Article, Quote, Segment


def _speaker(text: str, words: str) -> str | None:
    q = next(q for q in find_quotes(text, "t") if words in q.text)
    return q.speaker


def _art(name: str, text: str) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))])


def test_a_title_resolves_to_its_holder_only_with_evidence() -> None:
    text = ("Chinese President Wen Kailun met envoys in Pelling on Monday. Across the strait, officials were "
            "wary. The Taiwanese president said the island \"will not be rushed into talks\".")
    assert _speaker(text, "will not be rushed") != "Wen Kailun"
    text2 = ("Taiwanese President Lin Shuyan spoke after Chinese President Wen Kailun left Pelling. "
             "The Taiwanese president said the island \"will not be rushed into talks\".")
    assert _speaker(text2, "will not be rushed") == "Lin Shuyan"


def test_demonyms_parties_and_party_tags_are_not_speakers() -> None:
    for name in ("African American", "Democrats", "California Democrat", "R-Ky", "(R-Ky.)", "Republicans",
                 "that October", "Every Sunday"):
        assert non_speaker_name(name), name
    for name in ("Mitch Rennard", "House Intelligence Committee Republicans", "Dana Whitcombe"):
        assert not non_speaker_name(name), name
    text = "\"We were never asked,\" one African American said at the hearing."
    assert _speaker(text, "never asked") is None


def test_a_holiday_is_no_speaker_but_a_surname_day_is() -> None:
    for name in ("Election Day", "Christmas Eve", "Inauguration Day"):
        assert non_speaker_name(name), name
    for name in ("Doris Day", "Mara Day"):
        assert not non_speaker_name(name), name


def test_a_party_tag_stands_for_the_name_before_it() -> None:
    text = ("Senate Majority Leader Orrin Vasquez, R-Vt., told reporters that any compromise \"must be "
            "something both chambers can live with\".")
    assert _speaker(text, "live with") == "Orrin Vasquez"


def test_of_place_tails_and_titles_are_not_part_of_the_name() -> None:
    assert name_of_phrase("Representative Nadia Pell of California")[0] == "Nadia Pell"
    assert name_of_phrase("Director of National Intelligence Jonas R. Kell Jr.")[0] == "Jonas R. Kell Jr."
    assert name_of_phrase("Jesuit Father Tomas J. Reyes")[0] == "Tomas J. Reyes"
    assert name_of_phrase("Representative-elect Mara Lindqvist")[0] == "Mara Lindqvist"
    assert name_of_phrase("Bank of Velmora")[0] == "Bank of Velmora"
    text = ("Representative Nadia Pell of California said the vote was close. \"We will pass it on Friday,\" "
            "Ms. Pell told reporters.")
    assert _speaker(text, "pass it on Friday") == "Nadia Pell"


def test_a_lawsuit_a_document_or_a_party_is_never_he() -> None:
    text = ("Justice Hal Brenner questioned the attorneys on Tuesday. The lawsuit alleges that depot supervisors "
            "underpaid night crews. \"Was the shortfall really bigger than anywhere else in the region?\" he asked.")
    assert _speaker(text, "Was the shortfall") == "Hal Brenner"
    text2 = ("Senator Ilse Marrow spoke first. Democrats left the meeting early, saying it was pointless. "
             "\"We are not walking away from this,\" she said.")
    assert _speaker(text2, "not walking away") == "Ilse Marrow"


def test_he_is_the_person_the_sentence_before_opens_with() -> None:
    text = ("\"The case is weak,\" Justice Mira Olsen said. But Justice Anton Kray was unconvinced. "
            "\"I feel pulled in two directions here,\" he told the lawyers.")
    assert _speaker(text, "two directions") == "Anton Kray"


def test_a_document_title_is_not_a_speaker() -> None:
    text = "The Harbour Files say the board \"knew about the cracks\" in 2019."
    assert "Files" not in (_speaker(text, "knew about the cracks") or "")


def test_unnamed_sources_are_kept_as_such() -> None:
    text = ("Budget chairman Paul Drennan defended the plan. \"He looks forward to the debate,\" "
            "a Drennan spokesman said.")
    assert _speaker(text, "looks forward") == "spokesman for Paul Drennan"
    text2 = "\"There is no deal yet,\" three officials familiar with the talks said."
    assert _speaker(text2, "no deal yet") == "three officials familiar with the talks"
    text3 = "\"We followed the law,\" a senior Harbour Ministry official said."
    assert _speaker(text3, "followed the law") == "Harbour Ministry"


def test_a_term_the_subject_rejects_is_not_their_quote() -> None:
    text = "The podcaster denied taking \"horse dewormer\" and said his doctor prescribed the drug."
    q = next(q for q in find_quotes(text, "t") if q.text == "horse dewormer")
    assert q.kind == "scare" and q.speaker is None
    text2 = "The mayor called the plan \"a disaster\" on Monday."
    assert next(q for q in find_quotes(text2, "t")).kind == "partial"


def test_nicknames_and_quoted_names() -> None:
    idx = NameIndex('Governor Ana Ruiz appointed William "Mo" Crane on Wednesday. Mo Crane thanked her.')
    assert idx.full_name("Mo Crane") == "William Crane"
    idx2 = NameIndex('The general, nicknamed "Iron Jaw Tarrow", was Jim Tarrow to his friends. Tarrow spoke.')
    assert "Iron Jaw Tarrow" not in idx2.persons


def test_name_forms_of_one_person() -> None:
    assert same_person("Jim Tarrow", "James Tarrow") and same_person("Hedda Vos", "Hedda Lind Vos")
    assert same_person("Felipe Aranda", "Felipe Arandá") and same_person("Vincente Palo", "Vicente Palo")
    assert not same_person("Liz Tarrow", "Mary Tarrow") and not same_person("Don Reyk Jr.", "Don Reyk Sr.")
    assert fullest(["Jim Tarrow", "James Tarrow"]) == "James Tarrow"
    assert fullest(["Felipe Aranda", "Felipe Arandá"]) == "Felipe Arandá"
    assert fullest(["Vincente Palo", "Vicente Palo"], {"Vincente Palo": 1, "Vicente Palo": 2}) == "Vicente Palo"


def test_story_names_each_speaker_by_the_fullest_form() -> None:
    a = _art("a", "Defense Secretary Jim Tarrow resigned on Thursday. Tarrow spoke briefly.")
    b = _art("b", "James Tarrow, the defense secretary, resigned. Mr. Tarrow wrote a letter.")
    c = _art("c", "Donald Vey Jr. and his father Donald Vey met reporters.")
    quotes = {"a": [Quote("a", 0, 5, "x", "direct", speaker="Jim Tarrow"), Quote("a", 6, 9, "y", "direct",
                                                                               speaker="Tarrow")],
              "b": [Quote("b", 0, 5, "z", "direct", speaker="James Tarrow")],
              "c": [Quote("c", 0, 5, "w", "direct", speaker="Donald Vey"),
                    Quote("c", 6, 9, "v", "direct", speaker="Donald Vey Jr.")]}
    out = resolve_story_speakers([a, b, c], quotes)
    assert [q.speaker for q in out["a"]] == ["James Tarrow", "James Tarrow"]
    assert out["b"][0].speaker == "James Tarrow"
    # a father and son one article names apart stay apart
    assert [q.speaker for q in out["c"]] == ["Donald Vey", "Donald Vey Jr."]


def test_the_spokesperson_is_the_one_named_before() -> None:
    text = ("A spokesperson for Graffa says the firm \"guards privacy closely\" for every customer. \"We disclose data only "
            "when the law requires it,\" the spokesperson said.")
    assert _speaker(text, "disclose data") == "Graffa"
    text2 = ("A Vantor spokesperson said the terminal was safe. \"Nobody was hurt,\" the spokesperson said.")
    assert _speaker(text2, "Nobody was hurt") == "Vantor"


def test_a_middle_name_one_outlet_prints_is_not_the_story_name() -> None:
    # one outlet's house style adds a middle name; the other two leave it out
    a = _art("a", "Senator Marla Quennet Dovey said the plan was sound.")
    b = _art("b", "Marla Dovey said the plan was sound.")
    c = _art("c", "Marla Dovey, the senator, said the plan was sound.")
    quotes = {k: [Quote(k, 0, 5, "x", "direct", speaker=s)]
              for k, s in (("a", "Marla Quennet Dovey"), ("b", "Marla Dovey"), ("c", "Marla Dovey"))}
    out = resolve_story_speakers([a, b, c], quotes)
    assert {q.speaker for qs in out.values() for q in qs} == {"Marla Dovey"}
    # printed as often as not, the fuller form stands; an initial always may
    assert fullest(["Marla Dovey", "Marla Quennet Dovey"], {"Marla Dovey": 1, "Marla Quennet Dovey": 1}) \
        == "Marla Quennet Dovey"
    assert fullest(["Marla Dovey", "Marla Q. Dovey"], {"Marla Dovey": 3, "Marla Q. Dovey": 1}) == "Marla Q. Dovey"


def test_a_name_never_runs_across_a_paragraph_or_past_a_suffix() -> None:
    text = ("Aides said the messages reached Tobin Vale Jr.\n\nVerinet said it keeps no records of them. "
            "“We never saw them,” Verinet said.")
    idx = NameIndex(text)
    assert not any("Verinet" in name and "Vale" in name for name in idx.persons)
    from storylens.annotate.attribution.names import looks_person
    assert not looks_person("Vale Jr. Verinet") and looks_person("Tobin Vale Jr.")


def test_a_body_whose_name_holds_a_title_word_keeps_its_whole_name() -> None:
    text = ("The mayor spoke on Monday.\n\nOn Monday, the Valdoria Lake Host Committee came out against the "
            "plan, stating, “We have listened carefully to the concerns of our partners.”")
    assert _speaker(text, "listened carefully") == "Valdoria Lake Host Committee"
    assert name_of_phrase("State Department") == ("State Department", [])
    assert name_of_phrase("Secretary Ilse Varga") == ("Ilse Varga", ["Secretary"])


def test_a_newspaper_named_before_its_report_is_the_paper() -> None:
    text = ("The mayor spoke on Monday.\n\nUPDATE: The Valdoria Post now reports that Marten has been "
            "\"quietly charged by a grand jury.\"")
    assert _speaker(text, "quietly charged") == "Valdoria Post"


def test_words_and_fragments_are_no_speakers() -> None:
    law = ("The mayor spoke on Monday.\n\nFederal law makes it an offence for any person “who offers a bribe to a "
           "voter,” and the penalty is steep.")
    assert _speaker(law, "offers a bribe") is None
    armed = "The board wants some staff to be armed.\n\nArmed school staff would undergo checks."
    at = armed.index("Armed")
    assert NameIndex(armed).canonical("Armed", at, at + 5) is None  # a word the text also writes in lower case
    some = ("Readers are up in arms about the cartoon, with some saying it shows Marten as \"unhinged\" "
            "on the page.")
    assert _speaker(some, "unhinged") is None
    cut = "The bill is sweeping in that it permits a firm to assert a claim to \"the open practice of belief.\""
    assert _speaker(cut, "open practice") is None
    tag = ("The agency posted that “threats against our staff get the highest priority,” with the hashtag "
           "#GuardNeverSleeps.")
    assert _speaker(tag, "highest priority") != "GuardNeverSleeps"
    # a one-word name the text never writes in lower case still speaks
    firm = "Nordvik said on Monday that “the deal is off.”"
    assert _speaker(firm, "deal is off") == "Nordvik"


def test_a_question_then_a_name_with_its_party_tag_and_the_cue() -> None:
    text = ("Party leaders have refrained from using the term.\n\n“Could any judge be approved with 60 votes from "
            "this Senate?” Senate Majority Leader Ivo Marten, R-Ky., asked on Tuesday.")
    assert _speaker(text, "any judge") == "Ivo Marten"


def test_headline_words_are_no_name() -> None:
    """A title-case headline's words are a name only as far as the article
    writes them outside its headlines: "Man Who Beat Marten" is nobody, and
    "Charging Ilse Varga" is Ilse Varga."""
    beat = ("Man Who Beat Marten Calls His Win 'A Miracle'\n\n"
            "Ivo Brandt celebrated his victory over Anna Marten after midnight in a phone interview.\n\n"
            "\"If you go door to door, people know the country is headed the wrong way,\" Brandt said.")
    assert _speaker(beat, "A Miracle") is None
    assert _speaker(beat, "door to door") == "Ivo Brandt"
    charged = ("Charging Ilse Varga, Prosecutors Cite Her Emails\n\n"
               "Ilse Varga was charged on Friday with lying to investigators, prosecutors said.\n\n"
               "Ms. Varga vowed to fight the charges. “There is no circumstance under which I will lie about my "
               "friends,” she said.")
    assert _speaker(charged, "no circumstance") == "Ilse Varga"
    # a nickname's form in a headline still names the person the article introduces with it
    nick = ("Mo Brenner Senate: Governor Names Former Aide To The Seat\n\n"
            "The governor on Wednesday appointed William \"Mo\" Brenner to the vacant seat.\n\n"
            "Brenner said the governor offered him the job on Tuesday. \"I am not running for office,\" he said.")
    assert _speaker(nick, "not running") == "William Brenner"


def test_an_office_between_title_and_name_is_no_part_of_the_name() -> None:
    assert name_of_phrase("Secretary of State Varga") == ("Varga", ["Secretary", "of", "State"])
    assert name_of_phrase("Secretary of State Ilse Varga") == ("Ilse Varga", ["Secretary", "of", "State"])
    assert name_of_phrase("state Senate President Pro Tem Dara Holm")[0] == "Dara Holm"
    assert name_of_phrase("Mr. House") == ("House", ["Mr."])  # a man named House, not a body


def test_a_titled_surname_is_not_the_spouse_of_the_other_gender() -> None:
    """"Mrs. Varga" is not Anton Varga, whom a "he" follows: she is the Varga
    the article names as a woman, or "Mrs. Varga" when it names none; a
    "her" near a man's name does not make "Mr. Varga" someone else."""
    alone = ("Former President Anton Varga spoke at the rally on Monday. He said the country needed change.\n\n"
             "Mrs. Varga, who is running for the Senate, told the crowd, \"We will win this seat.\"")
    assert _speaker(alone, "win this seat") == "Mrs. Varga"
    both = ("Anton Varga and his wife, Ilse Varga, arrived on Monday.\n\n"
            "\"We will win this seat,\" Mrs. Varga said. \"It is time,\" Mr. Varga added.")
    assert _speaker(both, "win this seat") == "Ilse Varga"
    assert _speaker(both, "It is time") == "Anton Varga"
    near_her = ("Chairman Darrell Varga asked her to stay, but Mr. Varga tried to dismiss her. "
                "\"A levy on bread is a levy on the poor,\" Mr. Varga said.")
    assert _speaker(near_her, "levy on bread") == "Darrell Varga"


def test_a_hyphened_describing_word_is_no_verb_ending_the_subject() -> None:
    text = ("Ivo Brandt won the primary on Tuesday.\n\nThe green party-backed candidate credited his "
            "victory to volunteers on the quays, calling the win a \"miracle.\"")
    assert _speaker(text, "miracle") == "Ivo Brandt"


def test_a_programme_named_after_a_network_or_an_interview_is_a_title() -> None:
    from storylens.annotate.attribution.finder import find_quotes
    on_air = ("“It shows complete disrespect,” Marten, R-Ore., said Tuesday night on Valdoria News' "
              "\"On the Record with Ilse Varga.\"")
    kinds = {q.text: q.kind for q in find_quotes(on_air, "t")}
    assert kinds["On the Record with Ilse Varga."] == "title"
    assert next(q for q in find_quotes("He spoke in an interview with “Talks on Channel Five” taped Monday.", "t")).kind \
        == "title"
    assert next(q for q in find_quotes("He alluded to a “Daily Varga Show” sketch in which a comedian mocked him.",
                                       "t")).kind == "title"
    # the speech after it keeps its speaker
    text = ("“It's ruinous for the port,” Rice said Tuesday on Harbour TV's the “Ilse Brand” show. “It's never "
            "been a party issue. We intend to keep it like that.”")
    assert _speaker(text, "never been a party issue") == "Rice"


def test_a_continuation_whose_opening_named_the_speaker_in_apposition_keeps_the_speaker() -> None:
    text = ("The group was surprised by the call.\n\n“Naturally I was startled, who wasn't?” said the legislator, "
            "Representative Tobin Vane. “I'm glad to sit down with him and talk it over.”")
    assert _speaker(text, "glad to sit down") == "Tobin Vane"


def test_a_son_the_article_tells_apart_is_not_the_titled_father() -> None:
    # one article titles "President Vey" and never the "Jr.": "Mr. Vey" is the president, not his son
    a = _art("a", "President Vey lifted the ban. A photo showed Hal Vey Jr. on a hunt. \"We will review it,\" "
                  "Mr. Vey said.")
    assert NameIndex(a.source).full_name("Mr. Vey") != "Hal Vey Jr"
    b = _art("b", "Hal Vey spoke on Friday. \"It is on hold,\" Hal Vey said.")
    quotes = {"a": [Quote("a", 0, 5, "x", "direct", speaker="Vey")],
              "b": [Quote("b", 0, 5, "y", "direct", speaker="Hal Vey")]}
    out = resolve_story_speakers([a, b], quotes)
    assert out["a"][0].speaker == "Hal Vey" and out["b"][0].speaker == "Hal Vey"
    # a newspaper of record's "Jr." is the same man as the plain name of another outlet
    c = _art("c", "Walt R. Brenning Jr. testified on Tuesday. \"No record,\" Mr. Brenning said.")
    d = _art("d", "Director Walt Brenning testified. \"None at all,\" Brenning said.")
    quotes = {"c": [Quote("c", 0, 5, "x", "direct", speaker="Walt R. Brenning Jr.")],
              "d": [Quote("d", 0, 5, "y", "direct", speaker="Walt Brenning")]}
    out = resolve_story_speakers([c, d], quotes)
    assert out["c"][0].speaker == out["d"][0].speaker


def test_a_role_with_himself_is_the_role() -> None:
    text = ("President Hal Vey denied it. The president himself responded in a post early Sunday, calling the "
            "article \u201ca dark hour for the press\u201d.")
    assert _speaker(text, "dark hour") == "Hal Vey"


def test_a_surname_with_particles_is_one_name_and_a_story_joins_its_forms() -> None:
    """"al-Mansouri", "el-Badawi" (a particle joined on by a hyphen) and
    "van der Hoek" (two particles) are part of the name, not its end; the
    bare surname another outlet writes is the same person."""
    assert _speaker("“We will hold the port,” said Karim al-Mansouri, the council's head.", "hold") \
        == "Karim al-Mansouri"
    assert _speaker("“We will hold the port,” Karim al-Mansouri said on Monday.", "hold") == "Karim al-Mansouri"
    assert _speaker("“Talks are over,” Hana el-Badawi, a spokeswoman for the council, told reporters.", "Talks") \
        == "Hana el-Badawi"
    assert _speaker("“Not yet,” Greta van der Hoek said.", "Not yet") == "Greta van der Hoek"
    assert _speaker("“Not yet,” said Greta van der Hoek, the envoy.", "Not yet") == "Greta van der Hoek"
    a = _art("a", "The council met.\n\n“We will hold the port,” said Karim al-Mansouri, its head.\n\n"
                  "“They will fail,” al-Mansouri added.")
    b = _art("b", "The port was quiet.\n\n“No one will enter,” Mansouri told reporters.")
    from storylens.annotate.attribution.finder import extract_quotes

    out = resolve_story_speakers([a, b], {x.name: extract_quotes(x) for x in (a, b)})
    assert {q.speaker for qs in out.values() for q in qs} == {"Karim al-Mansouri"}


def test_a_place_is_no_antecedent_and_a_repeated_name_is_one() -> None:
    """"he says" after "the first Test in Mount Harlow" is not Mount Harlow's;
    "Ilse Marr Ilse Marr" (a caption run into the text) is Ilse Marr."""
    text = ("Ilse Marr Ilse Marr was out for 2 in the first Test in Mount Harlow. "
            "But she says her batting has “just clicked” in training. “I'm not far away,” Marr said.")
    assert {q.speaker for q in find_quotes(text)} == {"Ilse Marr"}
    text = "The parade ran through South Harlow. “We celebrate one another,” he said."
    assert _speaker(text, "celebrate") is None


def test_a_first_name_alone_is_the_one_person_of_the_article_with_it() -> None:
    text = ("The trail started because Jason Harlow saw a need. Jason wanted to share his passion with his son. "
            "“I started this because we had nowhere to fish,” Jason said.")
    assert _speaker(text, "nowhere") == "Jason Harlow"
    text = "Ilse Marr and Ilse Varga spoke. “We won,” Ilse said."  # two people share it: no one's
    assert _speaker(text, "We won") == "Ilse"
