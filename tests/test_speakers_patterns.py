"""Regression tests for speaker-mention patterns (invented sentences).

Each test pins one systematic attribution error fixed in :mod:`speakers` /
:mod:`tokens`: the predicted speaker mention must be the subject, not a time
phrase, a subordinate clause's subject, an infinitive's object, and so on.
"""

from __future__ import annotations

from storylens.annotate.attribution.finder import find_quotes
from storylens.models import Quote


def _speakers(text: str) -> list[str | None]:
    return [None if q.speaker_start is None else text[q.speaker_start : q.speaker_end] for q in find_quotes(text)]


def _one(text: str) -> Quote:
    qs = find_quotes(text)
    assert len(qs) == 1, qs
    return qs[0]


def test_time_phrase_between_subject_and_cue_is_not_the_speaker() -> None:
    assert _speakers("Alder on Friday declared the site “a place for everyone.”") == ["Alder"]
    assert _speakers("Okoro later Thursday told the crowd: “We are not finished here.”") == ["Okoro"]


def test_in_the_past_is_an_adverbial_not_a_subject() -> None:
    text = "Ravel, who had in the past described the levy as “a feverish daydream,” changed course."
    q = _one(text)
    assert text[q.speaker_start : q.speaker_end] == "who"


def test_at_the_time_and_contracted_pronoun() -> None:
    # "she’d" is one token; the pronoun sits in a clause reported by the warden
    assert _speakers("The warden at the time said she’d told her “staff” to “dig into” the bills.") == [
        "The warden", "The warden"]


def test_place_in_commas_after_the_name() -> None:
    text = "Marla Quist, in Kestrow, said Monday that her opponent was “a paper-thin candidate.”"
    assert _speakers(text) == ["Marla Quist"]
    text = "Vera Lund, at a church supper in Pelling, Vt., said she would “knock on every last door.”"
    assert _speakers(text) == ["Vera Lund"]


def test_cue_in_an_opening_subordinate_clause_does_not_speak_the_main_clause() -> None:
    text = "When Dunmore announced his bid in June, Pella dismissed the rival plan as “pure fantasy” and moved on."
    assert _speakers(text) == ["Pella"]
    # the subordinator is not part of the name
    text = "While Marchetti hails the survey as a “superb bit of work,” others are unconvinced."
    assert _speakers(text) == ["Marchetti"]


def test_as_x_put_it_with_a_determiner() -> None:
    text = "As The Beacon's Ilse Marrow puts it, Harlan is trying to hand rivals “a deal they cannot turn down.”"
    (spk,) = _speakers(text)
    assert spk is not None and "Ilse Marrow" in spk


def test_infinitive_cue_takes_the_clause_subject() -> None:
    assert _speakers("Pell went on to say the budget was “dead on arrival.”") == ["Pell"]
    text = "Ardo said that by declining to say “toll rise,” the council was “ducking.”"
    assert _speakers(text) == ["Ardo", "Ardo"]


def test_participle_after_an_opening_time_phrase() -> None:
    text = "On Saturday, Dunmore posted a note saying his rival was “a gifted organiser.”"
    assert _speakers(text) == ["Dunmore"]
    text = "After his upset in the runoff in May, Kovac roused his backers by warning that “the harbour vote is slipping.”"
    assert _speakers(text) == ["Kovac"]


def test_adverb_between_subject_and_cue() -> None:
    assert _speakers("The board formally declared the dispute “closed.”") == ["The board"]


def test_state_abbreviation_after_the_name_keeps_the_sentence_whole() -> None:
    text = "“We will look at every option,” Council Leader Tom Hale, R-Ky., said."
    assert _speakers(text) == ["Council Leader Tom Hale"]
    text = "Sen. Tara Wilde (D-Ore.), said the bill was “a disgrace.”"
    assert _speakers(text) == ["Sen. Tara Wilde"]


def test_thousands_separator_is_not_a_comma() -> None:
    text = "Gomez, who wants to admit 250,000 visitors, said the fair was “a record.”"
    assert _speakers(text) == ["Gomez"]


def test_trailing_comma_is_left_out_of_the_quote_text() -> None:
    text = "“We will not budge,” she said, and “we never have.”"
    qs = find_quotes(text)
    assert qs[0].text == "We will not budge"
    for q in qs:
        assert text[q.start : q.end] == q.text
        assert not q.text.endswith(",")


def test_quotation_ending_in_a_full_stop_ends_its_sentence() -> None:
    text = ("Norland called the treaty “a paper tiger with no teeth.” Vestria insisted "
            "that the talks “go on without delay.”")
    assert _speakers(text) == ["Norland", "Vestria"]


def test_quotation_ending_in_a_full_stop_keeps_its_attribution_after_it() -> None:
    assert _speakers("“We are finished with this matter.” Okafor said on Friday.") == ["Okafor"]
    assert _speakers("“We are finished with this matter.” she said.") == ["she"]


def test_capitalised_modal_before_an_inflected_cue_is_a_name() -> None:
    # "Will wrote" / "May said": a surname, not a modal (a modal takes "write", "say")
    assert _speakers("Headline\n\n“The harbour plan will sink us all,” Will wrote.") == ["Will"]
    assert _speakers("Headline\n\n“We are done here,” May said on Friday.") == ["May"]


def test_exclamation_closing_a_quote_keeps_a_tweeted_or_declared_cue() -> None:
    text = "Headline\n\nThe vote was close.\n\n“Nobody saw this coming. What a night!” Brannock tweeted.\n"
    assert _speakers(text) == ["Brannock"]
    text = "Headline\n\nThe hall was full.\n\n“And nobody pays me for this!” Idris Vale declared, to cheers.\n"
    assert _speakers(text) == ["Idris Vale"]


def test_name_with_party_tag_and_comma_after_an_opening_phrase() -> None:
    # "…, Gov. X (R-OH), said": the name before the party tag, not the phrase
    # before the sentence's earlier comma
    text = "On Tuesday, after winning the primary in Delmar, Gov. Tessa Quill (R-OH), said, “We are going west.”"
    assert _speakers(text) == ["Gov. Tessa Quill"]
    assert _speakers("Sen. Amos Brede (D-VT), said, “We are ready.”") == ["Sen. Amos Brede"]
    # an apposition in parentheses still yields the head before the comma pair
    assert _speakers("Flynn, a top surrogate (and an old friend), said, “We are ready.”") == ["Flynn"]


def test_a_pronoun_inside_a_quotation_gives_no_gender_to_the_person_before() -> None:
    # the "He" opening the quotation is the mayor, not Ilse Marrow: "she" is still hers
    text = "Ilse Marrow said the mayor was welcome. “He came, and that matters,” she said."
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marrow"]
    text = "Mayor Aurel Fenn met the strikers.\n\nUnion spokeswoman Lena Dors said the mayor was welcome. “He came,” she said."
    assert [q.speaker for q in find_quotes(text)] == ["Lena Dors"]


def test_a_spokesman_for_a_person_is_the_speaker_not_the_person() -> None:
    assert [q.speaker for q in find_quotes("“Nothing has changed,” a spokesman for Mayor Aurel Fenn said.")] == [
        "spokesman for Aurel Fenn"]
    text = "A spokeswoman for Aurel Fenn said the toll would stay. “Nothing has changed,” the spokeswoman said."
    assert [q.speaker for q in find_quotes(text)] == ["spokeswoman for Aurel Fenn"]
    # the spokesman named in apposition speaks
    text = "A spokesman for Mr. Fenn, Piet Hol, said the mayor “believes the toll is fair.”"
    assert [q.speaker for q in find_quotes(text)] == ["Piet Hol"]
    assert [q.speaker for q in find_quotes("“It is fair,” Mayor Aurel Fenn said.")] == ["Aurel Fenn"]


def test_a_subject_the_sentence_denies_speaks_no_words() -> None:
    """A quotation standing alone after "No alcohol was allowed." is no one's
    (neither the rules' sentence before nor the reranker takes "No alcohol");
    a named subject of that sentence still speaks."""
    assert _speakers("The rule for the night? No alcohol was allowed. “It’s back. They’re making it theirs.”") == [None]
    text = "Ilse Marr identified the levy as one of the reasons. “The younger people are leaving the harbour towns.”"
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marr"]


def test_a_capitalised_adjective_before_a_role_keeps_the_role() -> None:
    """"according to the Kenyan minister" is the minister, not "Kenyan";
    "said the Harbour campaign" the campaign; a relative pronoun is no role."""
    assert _speakers("According to the Valdorian minister, the roads are “safe again”.") == ["the Valdorian minister"]
    assert [q.speaker for q in find_quotes("“We will win,” said the Marr campaign.")] == ["the Marr campaign"]
    assert [q.speaker for q in find_quotes("“We will win,” said the Marr campaign Tuesday.")] == ["the Marr campaign"]
    text = "According to the DFS chief Atul Harlow, “a call was received at 4.23 a.m.”"
    assert [q.speaker for q in find_quotes(text)] == ["Atul Harlow"]  # the name after the role
    assert _speakers("“There’s unease,” said one Democrat who doubted her.") != ["one Democrat who"]


def test_police_and_military_ranks_are_titles_not_sentence_ends() -> None:
    """"Cpl. Jesse Harlow told CTV News" was spoken by "Cpl" (the stop read
    as a sentence end); the rank is a title of the name."""
    for rank in ("Cpl.", "Det.", "Insp.", "Const.", "Pvt.", "Det. Insp."):
        assert [q.speaker for q in find_quotes(f'"There is a gap," {rank} Jesse Harlow told reporters.')] \
            == ["Jesse Harlow"]


def test_a_hyphenated_title_is_a_title() -> None:
    for title in ("Editor-in-Chief", "Editor-publisher", "Co-founder", "Ex-minister"):
        assert [q.speaker for q in find_quotes(f"“We stand by it,” {title} Ilse Marr said.")] == ["Ilse Marr"]


def test_a_company_is_no_person_whatever_title_word_opens_its_name() -> None:
    """"General Varde Mills Inc." is a company (its legal form closes it, the
    "General" is no rank); "New Harbour Stock Exchange" a market. "he said"
    after them is the analyst the sentence is about, not the company."""
    text = ("Another analyst, Tomas Verlaine of Harbour Research, went to a “sell” rating on the stock, which "
            "closed at $71, in New Harbour Stock Exchange trading. “I don’t think Varde can get back,” he said.")
    assert [q.speaker for q in find_quotes(text)][-1] == "Tomas Verlaine"
    text = ("Varde’s rival is General Varde Mills Inc. A company spokesman said it was “possible, but highly "
            "unlikely,” that the plant is never built. “As we regain our level, we will look again,” he said.")
    assert [q.speaker for q in find_quotes(text)] == ["A company spokesman", "A company spokesman"]


def test_an_adverb_or_a_determiner_opening_a_sentence_is_no_part_of_the_name() -> None:
    text = "Certainly Aurel Fenn continues to implore his party. “Fight on,” he urged the delegates."
    assert [q.speaker for q in find_quotes(text)] == ["Aurel Fenn"]
    text = ("Other Fenn administration officials said the force would grow. Mr. Fenn acknowledged the aim. "
            "“No point getting into semantics,” he said.")
    assert [q.speaker for q in find_quotes(text)] == ["Fenn"]


def test_a_firm_and_a_role_before_the_name_the_name_speaks() -> None:
    """"says Merrill Harbour food analyst Ilse Marr" is Ilse Marr; a named
    person's lawyer is the lawyer, not the person; a name in apposition at
    the end of the sentence speaks for the role before it."""
    text = "“Oats have eaten away sales,” says Merrill Harbour food analyst Ilse Marr. “They are not happy.”"
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marr", "Ilse Marr"]
    assert [q.speaker for q in find_quotes("“It is fine,” said Fenn’s lawyer.")] == ["Fenn’s lawyer"]
    assert [q.speaker for q in find_quotes("“It is fine,” said Fenn’s spokesman, Piet Hol.")] == ["Piet Hol"]


def test_a_person_after_the_possessive_of_a_body_is_the_person() -> None:
    text = ("Piet Hol, the Varde Freight spokesman, declined to comment at first. Then others spoke. "
            "“The reason this got visibility is that some started shipping early,” said Varde Freight’s Mr. Hol.")
    assert [q.speaker for q in find_quotes(text)] == ["Piet Hol"]


def test_the_company_is_no_town_named_with_its_state() -> None:
    text = ("Consolidated Varde Freight Inc. reported a 77% drop in profit. The Menlo Harbour, Calif., company "
            "said net was $7.4 million. Profit also suffered from “intense” discounting, the company said.")
    assert [q.speaker for q in find_quotes(text)] == ["Consolidated Varde Freight Inc"]


def test_a_person_in_an_opening_phrase_is_the_topic_not_he() -> None:
    """"Of Obama, he said" is the man quoted before, not Obama."""
    text = ("Aurel Fenn spoke about the levy. “I am only interested if we get the oil,” Fenn said. "
            "Of Piet Hol, he said, “I wish him luck with the port.”")
    assert [q.speaker for q in find_quotes(text)] == ["Aurel Fenn", "Aurel Fenn"]
    # a person of an opening clause is "he"
    text = ("Aurel Fenn acted on his own. But when the draft was sent to Mr. Hol, he dismissed it, saying "
            "“Frankly, I would not use this.”")
    assert [q.speaker for q in find_quotes(text)] == ["Hol"]


def test_an_area_is_no_person() -> None:
    text = ("Mr. Fenn, who is in his seventh term, blanketed Valdoria’s Seventh Congressional District with fliers "
            "in which he emphasized that he fought a “bailout” scheme.")
    assert [q.speaker for q in find_quotes(text)] == ["Fenn"]


def test_quoted_x_as_saying_is_xs_words() -> None:
    """"Harbour Radio quoted Ilse Marr as saying …": Marr speaks, through the
    report; an official quoted so speaks for the body named in the role."""
    text = "Harbour Radio quoted Ilse Marr as saying: “We will not leave the harbour this winter.”"
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marr"]
    text = ("Harbour Radio quoted a Valdorian Foreign Ministry official in Portsalve as saying the crews are "
            "“restrictees” who will stay.")
    assert [q.speaker for q in find_quotes(text)] == ["Valdorian Foreign Ministry"]
    text = "Senator Ilse Marr was quoted in The Harbour Post as saying: “I think the levy is not good for us.”"
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marr"]  # a passive: the subject speaks


def test_a_bodys_name_before_a_role_after_said_is_the_role() -> None:
    """"said a Foreign Office spokesman" was spoken by "a Foreign Office": the
    role closes the phrase (an unnamed spokesman speaks for the body), and a
    name after the role is the speaker."""
    text = "“It is deeply discouraging,” said a Valdorian Foreign Office spokesman, speaking with customary anonymity."
    assert [q.speaker for q in find_quotes(text)] == ["Valdorian Foreign Office"]
    text = "“It is fine,” said the Harbour Board press officer Piet Hol."
    assert [q.speaker for q in find_quotes(text)] == ["Piet Hol"]


def test_no_name_from_a_contracted_subject_or_an_auxiliary() -> None:
    """"That’s produced …", "There’s a saying …", "I’d need …" name no one;
    a question's auxiliary is no part of the name after it."""
    text = ("That’s produced a strategy of “continuous cost-cutting for more than a decade.” There’s a saying "
            "that goes “a figure is formed at the presence of flowers.” And I’d need to “put myself out there.”")
    assert [q.speaker for q in find_quotes(text)] == [None, None, None]
    text = "Would Aurel Fenn have pleaded to keep the “whistleblower’s” identity secret?"
    assert all(not (q.speaker or "").startswith("Would") for q in find_quotes(text))


def test_with_a_noun_phrase_before_a_participle_is_its_subject() -> None:
    """"with forecasters warning of “severe” levels" is not the sentence
    subject's ("Another cloud of smoke")."""
    text = ("Another cloud of choking smoke is set to descend upon Portsalve this week, with forecasters warning "
            "that pollution is likely to reach “severe” levels.")
    assert [q.speaker for q in find_quotes(text)] == [None]
    text = "The mayor left early, with Ilse Marr saying the plan was “a fine start.”"
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marr"]


def test_called_naming_a_thing_is_no_ones_words() -> None:
    """"what’s called “harbour lung”", "a script called “Wild Rose”": a name;
    "Fenn called the levy “a disgrace”" stays Fenn's."""
    text = ("Breathing in mold from hay can lead to what’s called “harbour lung,” not to be confused with a tan. "
            "Aurel Fenn had fallen in love with an electric script called “Wild Rose,” a story about a singer.")
    assert [q.speaker for q in find_quotes(text)] == [None, None]
    text = "Aurel Fenn called the levy “a disgrace.”"
    assert [q.speaker for q in find_quotes(text)] == ["Aurel Fenn"]


def test_a_role_or_a_country_opening_a_name_is_not_part_of_it() -> None:
    text = "Singer-songwriter Ilse Marr said she was “thrilled” by the tour."
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marr"]
    text = ("Valdoria's ambassador to France Piet Hol has said that the port has the “resolution and power” "
            "to end the strike.")
    assert [q.speaker for q in find_quotes(text)] == ["Piet Hol"]


def test_a_title_set_off_after_a_name_is_that_persons() -> None:
    """A press release's "Name, Senior Vice President of Sales for X, says:";
    a title with a name of its own keeps it."""
    text = "Ilse Marr, Senior Vice President of Sales for Harbour Freight, Inc., says: “We will grow the fleet.”"
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marr"]
    text = "Speaking beside Aurel Fenn, President Piet Hol said the talks were “productive.”"
    assert [q.speaker for q in find_quotes(text)] == ["Piet Hol"]


def test_a_document_described_by_a_participle_is_the_document() -> None:
    text = "“In our professional opinion, this is an emergency,” says the letter signed by seven physicians."
    assert [q.speaker for q in find_quotes(text)] == [None]


def test_a_body_and_a_role_before_a_given_name_are_no_part_of_the_name() -> None:
    """"Harbour Agency Administrator Jim Varde", "Gulls QB Andrew Hol": the
    name starts at the given name after the role or the abbreviation; a run in
    lower case ("the letter addressed to Chairman …") is left alone."""
    text = "“We are joining the programme,” Harbour Agency Administrator Jim Varde said in a statement."
    assert [q.speaker for q in find_quotes(text)] == ["Jim Varde"]
    text = "Gulls QB Andrew Hol said the defence had a “beef” with him."
    assert [q.speaker for q in find_quotes(text)] == ["Andrew Hol"]
    text = ("“She has not committed any crime,” the letter addressed to Chairman Andrew Hol reads, according to "
            "the Harbour Post.")
    assert [q.speaker for q in find_quotes(text)] != ["Andrew Hol"]


def test_an_adjective_opening_a_sentence_is_no_given_name() -> None:
    text = ("Unpredictable Varde faces questions about the levy.\n\nGordon Varde is the most anticipated witness. "
            "Yet Varde has already amended his testimony once — “I now do recall,” he said.")
    assert [q.speaker for q in find_quotes(text)] == ["Gordon Varde"]


def test_a_capitalised_subhead_or_a_masked_name_after_a_quotation_names_no_one() -> None:
    """A subhead in capitals after a quoted paragraph is no attribution line;
    a reviewer's masked name ("– Man**") is one, of someone the page does not
    name."""
    text = ("Tennis today\n\n\"I played unreal tennis,\" the 14th-ranked Piet Hol said. \"I think Guido helped "
            "me a lot.\"\n\nVALDORIA WINS AGAIN\n\nValdoria also needed the doubles match.")
    assert [q.speaker for q in find_quotes(text)] == ["Piet Hol", "Piet Hol"]
    text = ("Reviews\n\n“The show was really great. We received the tickets.”\n\n– Man**\n\n“Very talented people!”"
            "\n\n– An** Fe*******\n\n“Great show!”\n\n– Ilse Marr")
    assert [q.speaker for q in find_quotes(text)] == [None, None, "Ilse Marr"]


def test_an_interjection_opens_no_name() -> None:
    text = "Hey Gullnet, please act.\n\nGullnet pledged to take “decisive corrective action” against such accounts."
    assert [q.speaker for q in find_quotes(text)] == ["Gullnet"]


def test_an_office_named_by_a_title_is_the_office() -> None:
    """"the Office of the Inspector General released reports that depicted
    “…”": the Inspector General, not "General"."""
    text = ("Harbour news\n\nThe importance of deadlines grew last week as the Harbour Agency’s Office of the Inspector "
            "General released two reports that depicted “technical challenges, cost increases and schedule delays”.")
    assert [q.speaker for q in find_quotes(text)] == ["Inspector General"]


def test_a_body_described_by_a_demonym_and_an_adjective_keeps_its_words() -> None:
    """"The Valdorian foreign ministry said" is that ministry, as "The
    Valdorian government said" is that government; not a bare "ministry"."""
    text = "The Valdorian foreign ministry said it “regrets any decision likely to encourage” the building."
    assert [q.speaker for q in find_quotes(text)] == ["The Valdorian foreign ministry"]


def test_a_bare_title_names_no_one_unless_the_article_gives_it() -> None:
    """"as one neo-bank CEO told me": no speaker called "CEO"; a body
    ("NATO") and an office one person holds ("the Pope") still speak."""
    text = "They are focused on their customers’ “financial health,” as one neo-bank CEO told me."
    assert [q.speaker for q in find_quotes(text)] == [None]
    text = "NATO said the exercise was “routine.” The Pope said it was “a time to pray.”"
    assert [q.speaker for q in find_quotes(text)] == ["NATO", "Pope"]
