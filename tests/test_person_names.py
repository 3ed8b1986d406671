"""Who a name stands for: a surname shared by a titled person and a full name
of the other gender (in an article and across a corpus: :func:`canonicalize`
and its map-reduce), a name after "in" that is no subject, abbreviations and
countries that are no persons, a subhead's question, crowd words, "he" after
a sentence-closing attribution, a surname that is a month's name, and a name
ending in "Un"."""

from __future__ import annotations

from storylens.annotate.attribution.corpus_names import canonicalize
from storylens.annotate.attribution.finder import find_quotes
from storylens.annotate.attribution.names import NameIndex
from storylens.models import Article, Segment
from storylens.scale.names import NameStats, alias_map

# President Varga is named by title and surname only; his wife in full
VARGA = ("Varga warns council on harbour fees\n\n"
         "President Varga warned the harbour council on Tuesday, as he and first lady Maria Varga welcomed "
         "the mayor of Ostrava.\n\n"
         "\"They will pay a price like no council has ever paid,\" Varga said at the palace.\n\n"
         "\"Maria and I were honored to host you,\" Varga said later.")


def _art(name: str, text: str) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))])


def _speakers(text: str) -> dict[str, str | None]:
    return {q.text.strip(" ,."): q.speaker for q in find_quotes(text, "t")}


def test_a_surname_known_by_title_is_not_the_full_name_of_the_other_gender() -> None:
    idx = NameIndex(VARGA)
    assert idx.full_name("Varga") is None  # not "Maria Varga": the titled surname stands alone
    assert set(_speakers(VARGA).values()) == {"Varga"}
    # titles of both genders on one surname ("Mr." and "Mrs. Varga") settle nothing
    both = ("Mr. Varga spoke first. Mrs. Varga spoke next, and Anton Varga and Ilse Varga left together. "
            "\"We are done,\" Varga said.")
    assert NameIndex(both).persons["Varga"].clear_gender() is None


def test_the_corpus_does_not_give_a_titled_surname_the_full_name_of_the_other_gender() -> None:
    arts = {"a": _art("a", VARGA)}
    quotes = {"a": find_quotes(VARGA, "a")}
    mapping = canonicalize(quotes, arts)
    assert "Varga" not in mapping  # Maria Varga is the only full name, and a woman
    assert {q.speaker for q in quotes["a"]} == {"Varga"}
    # another article names him in full: that name is taken
    other = ("Anton Varga, the president, spoke again on Wednesday. \"The fees stay,\" Varga said.")
    arts["b"] = _art("b", other)
    quotes = {"a": find_quotes(VARGA, "a"), "b": find_quotes(other, "b")}
    assert canonicalize(quotes, arts).get("Varga") == "Anton Varga"
    # the map-reduce of the same evidence decides alike
    stats = NameStats()
    for k, a in arts.items():
        stats.add(a, [{"speaker": q.speaker} for q in find_quotes(a.source, k)])
    assert alias_map(NameStats.from_json(stats.to_json())).get("Varga") == "Anton Varga"


def test_a_name_after_in_is_no_subject() -> None:
    text = ("A Valdorian government spokeswoman in Ostrava said the extension was \"positive,\" but "
            "the mills needed safeguards.")
    q = next(q for q in find_quotes(text, "t") if q.text.startswith("positive"))
    assert text[q.speaker_start:q.speaker_end] == "A Valdorian government spokeswoman"
    assert q.speaker != "Ostrava"
    # a name that is the subject keeps its place
    assert _speakers("Officials met in Ostrava. Ilse Varga said the deal was \"positive\".")["positive"] \
        == "Ilse Varga"


def test_abbreviations_countries_and_subhead_questions_are_no_persons() -> None:
    text = ("The U.S. Embassy in Ostrava said little. U.S. President Anton Varga visited El Salvador and "
            "South Korea.\n\nHas Varga been questioned?\n\nNot yet, she said.")
    persons = set(NameIndex(text).persons)
    assert "Anton Varga" in persons
    assert not persons & {"S. Embassy", "S. President Anton Varga", "El Salvador", "South Korea", "Has Varga"}


def test_a_pronoun_after_a_country_is_the_person_named_before() -> None:
    text = ("Kenia Avila, 35, appeared shaken after the volunteers told her that she could be separated from "
            "her children.\n\nBut she said that returning to her native El Salvador would be worse. She fled "
            "for reasons she declined to discuss.\n\n\"If they separate us, we wait,\" she said.")
    assert _speakers(text)["If they separate us, we wait"] == "Kenia Avila"


def test_a_crowd_word_or_a_comparative_opening_a_sentence_is_no_speaker() -> None:
    text = ("The mayor resigned on Monday. Critics called the deal \"a giveaway to the port\".\n\n"
            "Rather than wait, \"the council acted alone,\" the lawsuit states.")
    got = _speakers(text)
    assert got["a giveaway to the port"] is None
    assert got["the council acted alone"] is None
    # a surname that only ever opens a sentence is still a name
    assert _speakers("The vote failed. Rourke demanded the council \"release the report\".")["release the report"] \
        == "Rourke"


def test_he_after_a_sentence_closing_attribution_is_its_speaker() -> None:
    text = ("Mayor Anton Varga, Governor Teodor Blank, even Senator Pavel Kral would have kept the toll, said "
            "Rick Tyler, a consultant who worked for Kral.\n\n"
            "\"They would have looked at the books first,\" he said.")
    assert _speakers(text)["They would have looked at the books first"] == "Rick Tyler"
    # a name after "said" that opens what was said is no speaker
    text = ("Senator Pavel Kral, who said the toll must stay, said Blank needs to \"refocus\" on the vote.\n\n"
            "\"We need a chairman who is focused,\" he said.")
    assert _speakers(text)["We need a chairman who is focused"] == "Pavel Kral"


def test_a_surname_that_is_a_month_names_the_person() -> None:
    text = ("PM Theresa May met the mayor on Tuesday.\n\nMay was glowing in her praise of what she called a "
            "\"really special relationship\" in May.")
    idx = NameIndex(text)
    assert "Theresa May" in idx.persons and "PM Theresa May" not in idx.persons
    assert [text[s:e] for s, e in idx.mentions_of["Theresa May"]] == ["PM Theresa May", "May"]  # not "in May"
    assert _speakers(text)["really special relationship"] == "Theresa May"


def test_kim_jong_un_keeps_its_un() -> None:
    text = "North Korean leader Kim Jong Un said the tests would stop. The UN welcomed it, said Antonio Guterres."
    assert set(NameIndex(text).persons) == {"Kim Jong Un", "Antonio Guterres"}


def test_a_photo_credit_run_into_the_text_is_no_part_of_a_name() -> None:
    text = ("The minister toured the docks during a visit to Velmora: Getty Ines Calder has been criticised since. "
            "Calder said the board would meet. A picture (Getty Images) showed the quay. "
            "J. Paul Getty once owned the yard, and Getty said so. Getty Images CEO Craig Peters agreed.")
    idx = NameIndex(text)
    assert set(idx.persons) == {"Ines Calder", "J. Paul Getty", "Craig Peters"}
    assert idx.resolve("Calder") == "Ines Calder" and idx.resolve("Getty") == "J. Paul Getty"


def test_a_headline_glued_to_the_text_names_no_speaker() -> None:
    from storylens.annotate.attribution.name_forms import headline_run

    assert headline_run("Calder Gets Booed After Harbour Vote")
    assert headline_run("Dock Deal Scrapped Amid Claims That Board Lied")
    assert not headline_run("Al From") and not headline_run("Ian Read")  # names with such words
    assert not headline_run("Mothers Against Drunk Driving") and not headline_run("Ines Calder")
    text = ("‘Traitors’: Calder Gets Booed After Harbour Vote Suggests Board Must ‘Keep Watch’ Of Cranes "
            "The union's leader was jeered on Tuesday.")
    (traitors,) = [q for q in find_quotes(text) if q.text == "Traitors"]
    assert traitors.speaker is None and traitors.cue is None  # not "Calder Gets Booed After Harbour Vote"
