"""Canonical speaker names on handmade sentences: role phrases resolved to the
entity the text licenses, ``X of ORG``, places and plain nouns, headline
quotes, and corpus-wide aliases of organisation names."""

from __future__ import annotations

from storylens.annotate.attribution.corpus_names import canonicalize
from storylens.annotate.attribution.finder import find_quotes
from storylens.annotate.attribution.names import NameIndex, role_head
from storylens.models import Article, Quote, Segment


def _by_text(text: str, headline: bool = False) -> dict[str, Quote]:
    return {q.text.strip(" ,."): q for q in find_quotes(text, "t", first_line_headline=headline)}


def _mention(text: str, q: Quote) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start : q.speaker_end]


def test_the_company_is_the_organisation_named_before() -> None:
    text = ("Floodwater reached the turbines of the Kestrow plant on Friday. The plant's owner, "
            "Brannock Energy, said its staff had been evacuated. \"Nobody was hurt,\" the company said.")
    q = _by_text(text)["Nobody was hurt"]
    assert q.speaker == "Brannock Energy"
    assert _mention(text, q) == "the company"  # the local mention is untouched


def test_the_paper_is_the_newspaper_named_before() -> None:
    text = ("Reaction abroad was sharp. The Ostvik Gazette was blunter than most. The plan, the paper "
            "wrote, was \"a gift to smugglers\".")
    q = _by_text(text)["a gift to smugglers"]
    assert q.speaker == "Ostvik Gazette"
    assert _mention(text, q) == "the paper"


def test_apposition_name_wins_over_role_and_feeds_pronouns() -> None:
    text = ("Governor Pia Lund said the talks would resume. The carrier's chief executive, Noor Haddad, "
            "said on Monday that the airline \"cannot fly at a loss\". \"We will not budge,\" she said.")
    qs = _by_text(text)
    assert qs["cannot fly at a loss"].speaker == "Noor Haddad"
    assert _mention(text, qs["cannot fly at a loss"]) == "The carrier's chief executive"
    # the pronoun goes to the person just named in apposition, not the governor
    assert qs["We will not budge"].speaker == "Noor Haddad"


def test_role_without_name_takes_the_person_the_article_gives_that_role() -> None:
    text = ("Union leader Saskia Dorn addressed the crowd on Monday. The Tramworkers' Guild later "
            "distanced itself from the vandalism. Its leader said the guild had \"no part in it\".")
    q = _by_text(text)["no part in it"]
    assert q.speaker == "Saskia Dorn"


def test_unnamed_spokeswoman_keeps_the_role_text() -> None:
    text = "A ministry spokeswoman said the border \"stays open for now\"."
    assert _by_text(text)["stays open for now"].speaker == "A ministry spokeswoman"


def test_groups_are_not_speakers() -> None:
    text = "Both sides warned that the talks were \"close to collapse\"."
    q = _by_text(text)["close to collapse"]
    assert _mention(text, q) == "Both sides" and q.speaker is None


def test_spokeswoman_named_in_apposition() -> None:
    text = "A ministry spokeswoman, Edda Marsh, said the border \"stays open for now\"."
    assert _by_text(text)["stays open for now"].speaker == "Edda Marsh"


def test_person_of_organisation_is_the_person() -> None:
    text = ("\"Rivers do not read our maps,\" Professor Ilkka Moen of the Aalborn Institute of Hydrology "
            "told reporters.")
    q = _by_text(text)["Rivers do not read our maps"]
    assert q.speaker == "Ilkka Moen"


def test_places_and_plain_nouns_are_not_speakers() -> None:
    text = ("Farmers gathered in Lowmoor on Sunday. Prices in Lowmoor have doubled. \"The rain ruined "
            "everything this year,\" farmers said.")
    q = _by_text(text)["The rain ruined everything this year"]
    assert _mention(text, q) == "farmers" and q.speaker is None
    idx = NameIndex(text)
    assert idx.kind("Lowmoor") == "place"
    start = text.index("Lowmoor")
    assert idx.canonical("Lowmoor", start, start + len("Lowmoor")) is None


def test_organisation_kinds_from_context() -> None:
    text = ("Shares of freight operator Calloway fell. Calloway said it was \"confident\". "
            "The Brisk Motors plant in Tarnow will close.")
    idx = NameIndex(text)
    assert idx.kind("Calloway") == "org"
    assert idx.kind("Brisk Motors") == "org"
    assert idx.kind("Tarnow") == "place"
    assert role_head("Its chief executive") == "executive"
    assert role_head("the union's") == "union"


def test_short_organisation_name_maps_to_the_longer_one_in_the_article() -> None:
    text = ("Talks between the pilots and Skyrail Holdings broke down. Skyrail said the demand was "
            "\"simply unaffordable\".")
    assert _by_text(text)["simply unaffordable"].speaker == "Skyrail Holdings"


def test_headline_quote_takes_the_body_speaker_who_said_it() -> None:
    text = ("Pilots vow \"no flights\" until pay rises\n\n"
            "Captain Rhea Voss, who leads the pilots, spoke at the rally. \"There will be no flights "
            "until pay rises, and that is final,\" Voss said.")
    qs = find_quotes(text, "t", first_line_headline=True)
    head = next(q for q in qs if q.text == "no flights")
    assert head.speaker == "Rhea Voss"


def test_as_x_put_it() -> None:
    text = "As Mirel Tasca put it to the rally on Monday: \"Not one tram leaves the depot.\""
    q = _by_text(text)["Not one tram leaves the depot"]
    assert q.speaker == "Mirel Tasca" and _mention(text, q) == "Mirel Tasca"


def test_quote_left_open_runs_into_the_attributed_block() -> None:
    text = ("Speaking at the depot, Dana Pirk said the strike was about safety. \"For ten years we have "
            "covered the gaps. We did the night runs and the holiday runs.\n\n"
            "\"Now they want us on call all week. We said no.\"\n\n"
            "Dana Pirk\n\nThe depot reopened on Friday.")
    qs = _by_text(text)
    assert qs["For ten years we have covered the gaps. We did the night runs and the holiday runs"].speaker == "Dana Pirk"


def _article(name: str, text: str) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))])


def test_corpus_maps_short_org_name_to_the_one_longer_name() -> None:
    a = _article("a", "Rail operator Vantor said the strike was \"illegal\".")
    b = _article("b", "Workers at Vantor Freightlines walked out. Vantor Freightlines said it would talk.")
    quotes = {"a": find_quotes(a.source, "a"), "b": []}
    assert quotes["a"][0].speaker == "Vantor"
    mapping = canonicalize(quotes, {"a": a, "b": b})
    assert mapping.get("Vantor") == "Vantor Freightlines"
    assert quotes["a"][0].speaker == "Vantor Freightlines"


def test_corpus_leaves_ambiguous_org_names_alone() -> None:
    a = _article("a", "Rail operator Vantor said the strike was \"illegal\".")
    b = _article("b", "Vantor Freightlines said it would talk. Vantor Bank said it would lend.")
    quotes = {"a": find_quotes(a.source, "a"), "b": []}
    canonicalize(quotes, {"a": a, "b": b})
    assert quotes["a"][0].speaker == "Vantor"


def test_a_named_persons_role_takes_the_name_in_apposition() -> None:
    text = ("“The minister raised the tariff,” Mr. Vell’s spokesman, Ivo Karst, wrote on Monday. "
            "“Nothing else was agreed.”")
    qs = _by_text(text)
    assert qs["The minister raised the tariff"].speaker == "Ivo Karst"  # not "Vell spokesman"
    assert qs["Nothing else was agreed"].speaker == "Ivo Karst"


def test_a_party_and_state_description_names_the_member_tagged_so() -> None:
    text = ("Senator Mara Quist (D-Ore.) and Senator Hal Brun (R-Tex.) met on Monday.\n\n"
            "The Oregon Democrat said the bill was “dead on arrival.”\n\n"
            "Representative Lea Fenwick, Democrat of Vermont, wrote the letter.\n\n"
            "“It is grossly unfair,” the Vermont Democrat said.")
    qs = _by_text(text)
    assert qs["dead on arrival"].speaker == "Mara Quist"
    assert qs["It is grossly unfair"].speaker == "Lea Fenwick"
    other = "Senator Hal Brun (R-Tex.) spoke. “No,” the Oregon Democrat said."
    assert _by_text(other)["No"].speaker is None  # no one is tagged so: no guess
    anon = "Senator Mara Quist (D-Ore.) won. “There is a lot of anger,” said a Democrat who voted no."
    assert _by_text(anon)["There is a lot of anger"].speaker != "Mara Quist"  # an indefinite is nobody named


def test_a_headline_title_is_the_person_the_body_titles_so() -> None:
    text = ("Former Italian President: ‘We Will Never Fund That Canal’\n\n"
            "Former Italian President Anton Kessel says his government will never fund the canal.")
    q = _by_text(text, headline=True)["We Will Never Fund That Canal"]
    assert q.speaker == "Anton Kessel"


def test_an_age_refers_back_to_the_person_just_named() -> None:
    text = ("Senator Ida Marsh spoke in Portsalve on Tuesday.\n\n"
            "“The threats have changed,” Marsh said.\n\n"
            "“It takes years to train the crews the port needs,” the 43-year-old said.")
    assert _by_text(text)["It takes years to train the crews the port needs"].speaker == "Ida Marsh"


def test_they_after_two_people_speaking_as_one() -> None:
    text = ("“The decree is unlawful,” Speaker Ana Tovar and Senator Rui Vass said in a statement.\n\n"
            "They vowed to “defend the powers of the chamber in every court.”\n\n"
            "Protesters gathered outside. “We are not leaving,” they said.")
    qs = _by_text(text)
    assert qs["defend the powers of the chamber in every court"].speaker == "Ana Tovar and Rui Vass"
    assert qs["We are not leaving"].speaker is None  # "they" after other speakers is no one


def test_a_role_points_back_not_to_a_holder_named_later() -> None:
    text = ("Senator Ida Marsh set out her plan on Tuesday.\n\n"
            "The presidential hopeful said she was guided by “three plain principles.”\n\n"
            "She also criticised Democratic presidential hopeful Tom Arlen, calling him “a man of yesterday.”")
    qs = _by_text(text)
    assert qs["three plain principles"].speaker != "Tom Arlen"  # he is named only after it
    later = ("Democratic presidential hopeful Tom Arlen spoke first.\n\n"
             "The presidential hopeful said he wanted “a fair fight.”")
    assert _by_text(later)["a fair fight"].speaker == "Tom Arlen"


def test_an_inverted_speaker_named_after_anothers_title() -> None:
    text = ("Governor Ana Tovar spoke first. “We never knew,” said Tovar press secretary Lea Marsh. "
            "“She learned it from the report,” said Tovar campaign manager Ivo Brandt.")
    qs = _by_text(text)
    assert qs["We never knew"].speaker == "Lea Marsh"
    assert qs["She learned it from the report"].speaker == "Ivo Brandt"
    other = "“It is late,” said Representative Ivo Brandt of South Carolina."
    assert _by_text(other)["It is late"].speaker == "Ivo Brandt"


def test_a_question_attributed_after_an_apposition() -> None:
    text = ("“Is this the way the chamber will work?” Representative Ivo Brandt of Ohio, the party's leader, "
            "asked on Monday.")
    assert _by_text(text)["Is this the way the chamber will work?"].speaker == "Ivo Brandt"
    other = "Japan called it an “outlaw nation.” Russia, its neighbour, kept silent."
    assert _by_text(other)["outlaw nation"].speaker != "Russia"


def test_a_middle_initial_makes_a_person_of_an_organisation_word() -> None:
    text = ("Governor Lea Marsh spoke on Thursday.\n\n"
            "“The rules won’t please every skipper,” Helena R. Post, a former harbourmaster, said on Friday. "
            "But, she added, “the tides are with us.”")
    qs = _by_text(text)
    assert qs["the tides are with us"].speaker == "Helena R. Post"


def test_the_letter_said_is_its_author_where_the_article_names_one() -> None:
    text = ("Thirty members backed a letter from Representative Lea Fenwick, Democrat of Vermont. "
            "The letter says the governor “should not back down.”")
    assert _by_text(text)["should not back down"].speaker == "Lea Fenwick"
    joint = ("Speaker Ana Tovar (D-Ore.) and Senator Rui Vass (D-Wash.) released a joint statement on Monday.\n\n"
             "“The minister must not see the report first,” the joint statement said.")
    assert _by_text(joint)["The minister must not see the report first"].speaker == "Ana Tovar and Rui Vass"
    # the one who receives a letter did not write it
    sent = ("A group of professors has sent Senator Ida Marsh a letter on Monday. "
            "“We thank you for the meeting,” the letter states.")
    assert _by_text(sent)["We thank you for the meeting"].speaker is None


def test_the_statement_said_is_whoever_said_or_issued_it_before() -> None:
    said_in = ("The Harbour Board said in an official statement on Monday that the toll “was never a tax.” "
               "“We will review every fee,” the statement said.")
    assert _by_text(said_in)["We will review every fee"].speaker == "Harbour Board"
    carried = ("In a statement carried by the state news agency, harbour master Ana Tovar promised to “open every "
               "berth.” “The ferries will sail on time,” the statement said.")
    assert _by_text(carried)["The ferries will sail on time"].speaker == "Ana Tovar"
    issued = "The Harbour Board issued a statement on Monday. “We will review every fee,” the statement said."
    assert _by_text(issued)["We will review every fee"].speaker == "Harbour Board"
    # whoever rejects or receives a statement did not make it
    rejected = ("The Harbour Board rejected a statement from the dockers on Monday. "
                "“We will review every fee,” the statement said.")
    assert _by_text(rejected)["We will review every fee"].speaker != "Harbour Board"
    # someone speaking for a person is not that person; a time before the name is no part of it
    lawyer = ("A lawyer for Ana Tovar said in a statement on Monday that the claims were false. "
              "“We will fight this,” the statement said.")
    assert _by_text(lawyer)["We will fight this"].speaker != "Ana Tovar"
    monday = ("On Monday Ana Tovar said in a statement that the claims were false. "
              "“We will fight this,” the statement said.")
    assert _by_text(monday)["We will fight this"].speaker == "Ana Tovar"


def test_it_said_is_the_organisation_whose_speech_came_just_before() -> None:
    text = ("The Harbour Board said the toll had prolonged uncertainty for every ferry line.\n\n"
            "“The ferries should be exempted for good,” it said in a statement.")
    assert _by_text(text)["The ferries should be exempted for good"].speaker == "Harbour Board"
    # another name between them: "it" may be that one's (a magazine that "produced a profile")
    between = ("The Harbour Weekly reported in May that the mayor had served. When a national outlet, Port Review, "
               "produced a profile of Ana Tovar, it said she had “sailed every coast.”")
    assert _by_text(between)["sailed every coast"].speaker != "Harbour Weekly"
    # the subject of a verb that reports no speech ("the group charged with …") is nobody's "it"
    charged = ("The cable was marked SECRET. The group charged with guarding the port appeared weak. "
               "It said “requests for patrols have gone unanswered.”")
    assert _by_text(charged)["requests for patrols have gone unanswered"].speaker != "SECRET"
    # a sentence about something else between them
    study = "The Harbour Board said the toll was fair. The study found that fees rose. “Fees must fall,” it said."
    assert _by_text(study)["Fees must fall"].speaker != "Harbour Board"


def test_he_is_not_the_owner_named_after_a_verb_or_preposition() -> None:
    owner = ("Like other hopefuls, Tom Arlen is critical of Ida Marsh’s harbour plan. "
             "He has called for “dredging it twice” before winter.")
    assert _by_text(owner)["dredging it twice"].speaker == "Tom Arlen"


def test_a_one_name_person_titled_once_is_named_by_the_bare_name_later() -> None:
    from storylens.annotate.attribution.names import NameIndex

    text = "President Varde stood firm. Senator Ida Marsh said Varde had told them he would wait. Varde agreed."
    names = [n for _s, _e, n in NameIndex(text).mentions]
    assert names == ["Varde", "Ida Marsh", "Varde", "Varde"]


def test_two_people_as_one_subject_and_their_they() -> None:
    text = ("Senator Ida Marsh and Senator Tom Arlen spoke. On Friday, Ms. Marsh and Mr. Arlen put out a joint "
            "statement saying that they had “long doubted the law.”\n\n"
            "“Officials have said it is lawful,” they said. They added that “nobody has shown it.”")
    qs = _by_text(text)
    assert qs["long doubted the law"].speaker == "Ida Marsh and Tom Arlen"
    assert qs["Officials have said it is lawful"].speaker == "Ida Marsh and Tom Arlen"
    assert qs["nobody has shown it"].speaker == "Ida Marsh and Tom Arlen"


def test_the_owner_of_a_claim_said_what_it_claims() -> None:
    text = ("Governor Ida Marsh also dismissed top campaign strategist Tom Arlen’s comment that the party is "
            "under a “siege” from its own wing.")
    assert _by_text(text)["siege"].speaker == "Tom Arlen"
    verdict = ("Campaign spokeswoman Lea Fenwick said Thursday that Tom Arlen’s claim that the governor backs the "
               "plan is “wholly untrue.”")
    assert _by_text(verdict)["wholly untrue"].speaker == "Lea Fenwick"  # her verdict on his claim
    word = "Lea Fenwick answered on the radio, calling Tom Arlen’s charge “absurd.”"
    assert _by_text(word)["absurd"].speaker != "Tom Arlen"  # her word for his charge


def test_a_closing_mark_left_out_before_the_attribution() -> None:
    text = ("Harbour Commissioner Ivo Brandt stepped down on Thursday.\n\n"
            "Brandt’ note to the governor names March 3 as his final day.\n\n"
            "“We finished the new sea wall a month early, he wrote.\n\n"
            "“The crews will keep the port running without me.”")
    qs = _by_text(text)
    assert "We finished the new sea wall a month early" in qs  # closed before ", he wrote"
    assert qs["We finished the new sea wall a month early"].speaker == "Ivo Brandt"


def test_a_possessive_written_with_the_apostrophe_alone_is_a_mention() -> None:
    from storylens.annotate.attribution.names import NameIndex

    text = "Harbour Commissioner Ivo Dorres resigned. Dorres’ note was short. Dorres's deputies left."
    assert [n for _s, _e, n in NameIndex(text).mentions] == ["Ivo Dorres"] * 3


def test_a_surname_that_is_an_organisation_word_names_the_articles_person() -> None:
    text = ("Former Valdorian President Anton Fox says his government will never fund the canal that candidate "
            "Ilse Marrow promises.\n\n"
            "Fox, though, doubts that Marrow can win.\n\n"
            "“People will not elect someone who has never left home,” he said.")
    assert _by_text(text)["People will not elect someone who has never left home"].speaker == "Anton Fox"


def test_anothers_role_in_an_apposition_is_not_the_persons() -> None:
    from storylens.annotate.attribution.names import NameIndex

    text = "Ivo Brandt, the president's former security adviser, pleaded guilty. Aurel Fenn, the former minister, spoke."
    index = NameIndex(text)
    assert index.role("The president", text.find("pleaded")) is None  # Brandt advised the president
    assert index.role("the former minister", len(text)) == "Aurel Fenn"


def test_a_party_the_article_does_not_give_is_taken_only_from_the_one_holder() -> None:
    """"the freshman Democratic congresswoman" is the one representative named
    before it when the article gives her no party; not one the article makes
    a Republican, and not when two representatives are named."""
    one = ("Oregon Rep. Mara Quill took office on Thursday. Asked about the ferry levy, the freshman Democratic "
           "congresswoman pledged to “honour each pledge,” aides said.")
    assert _by_text(one)["honour each pledge"].speaker == "Mara Quill"
    other_party = one.replace("Oregon Rep. Mara Quill", "Mara Quill (R-Ore.)")
    assert _by_text(other_party)["honour each pledge"].speaker != "Mara Quill"
    two = one.replace("took office", "and Rep. Ines Bolt took office")
    assert _by_text(two)["honour each pledge"].speaker not in ("Mara Quill", "Ines Bolt")


def test_a_front_runner_is_the_candidate_named_before() -> None:
    text = ("GOP presidential candidate Tom Arlen spoke in Ames on Friday, and Paul Dorr followed. The GOP "
            "front-runner has called his rivals \"tired,\" and insists he will win the state.")
    assert _by_text(text)["tired"].speaker == "Tom Arlen"
