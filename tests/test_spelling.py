import pytest

from storylens.compare.spelling import spelling_variants
from storylens.models import Article, Segment


def _a(name, text):
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))])


def test_name_spelled_differently_by_outlets():
    a = _a("a", "Floods hit the town of Drevnyk on Sunday. Residents of Drevnyk were evacuated by Marta Olin.")
    b = _a("b", "The river burst its banks near the town of Drevnik, and residents of Drevnik fled. Marta Olin spoke.")
    out = spelling_variants([a, b])
    assert [v["pair"] for v in out] == [["Drevnik", "Drevnyk"]]
    assert out[0]["usage"]["a"]["term"] == "Drevnyk" and out[0]["usage"]["b"]["term"] == "Drevnik"
    s, e = out[0]["usage"]["b"]["spans"][0]
    assert b.source[s:e] == "Drevnik"


def test_two_names_in_one_article_are_not_variants():
    a = _a("a", "The talks between Marten Vos and Marta Vos went on, said Maren Holt.")
    b = _a("b", "Observers said Marten Vos left early while Marta Vos stayed.")
    assert spelling_variants([a, b]) == []


def test_sentence_initial_words_are_ignored():
    a = _a("a", "Later the board met. Water rose quickly.")
    b = _a("b", "Latter reports said the board met. Waters rose quickly.")
    assert spelling_variants([a, b]) == []


def test_one_name_spelled_two_ways_next_to_the_same_name():
    a = _a("a", "Former Valdorian President Vicente Marrow said his party would not fund the canal.")
    b = _a("b", "Former Valdorian President Vincente Marrow left no doubt about it on Thursday.")
    assert [v["pair"] for v in spelling_variants([a, b])] == [["Vicente", "Vincente"]]


@pytest.mark.parametrize("text_a, text_b", [
    # two people: different names beside them
    ("The speech by Senator Marco Danek drew praise in Ostrel.", "The speech by Governor Mario Kessel drew praise in Brava."),
    # words, not names: they are written in lower case too
    ("Anders Clark spoke to the clerk of the court.", "The Clerk of the House, Tilda Brenn, read the roll."),
    ("The Majority Leader met the minority whip.", "The Minority Leader said the majority had no plan."),
    # apostrophes and possessives
    ("He praised Ukraine's army and Ukraine's resolve in the war.", "He praised Ukraine’s army and Ukraine’s resolve."),
    # derivations: a country and its people or adjective
    ("The deal is good for America and for Europe, officials said.", "American officials and Europeans said the deal was good."),
    ("Critics said Europe's leaders and Russia's envoy met.", "Critics said Europeans and Russians met the envoy."),
    ("The Minister of Finance spoke.", "The Ministry of Finance spoke."),
    ("A Democrat from Ohio voted no.", "The Democratic senator from Ohio voted no."),
])
def test_false_variants_are_not_reported(text_a, text_b):
    assert spelling_variants([_a("a", text_a), _a("b", text_b)]) == []


def _o(name, outlet, text):
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))], outlet=outlet)


def test_an_outlet_writing_both_forms_names_two_people():
    """Two given names of one family (Ivana and Ivanka) stand beside the same
    surname; an outlet that writes both, in any of its articles, tells two
    people apart. A form only other outlets write is still a variant."""
    arts = [_o("a1", "Courier", "Her mother, Ivana Brandt, sold the harbour house."),
            _o("a2", "Courier", "The speech by Ivanka Brandt, his daughter, drew praise."),
            _o("b1", "Ledger", "Ivanka Brandt introduced her father at the harbour.")]
    assert spelling_variants(arts) == []
    arts = [_o("a1", "Courier", "The mayor met Helena Drevnyk in Ostrel."), _o("a2", "Courier", "Then Helena Drevnyk left."),
            _o("b1", "Ledger", "The mayor met Helena Drevnik in Ostrel.")]
    assert [v["pair"] for v in spelling_variants(arts)] == [["Drevnik", "Drevnyk"]]


def test_a_hyphenated_derivation_is_no_variant():
    a = _a("a", "The Slovenia-born model spoke at the Velmora convention.")
    b = _a("b", "The Slovenian-born model spoke at the Velmora convention on Monday.")
    assert spelling_variants([a, b]) == []


def test_a_shared_title_is_no_shared_name():
    a = _o("a", "Courier", "“We need a plan,” said Representative Louie Gohl of Ostrel.")
    b = _o("b", "Ledger", "“It is late,” said Representative Louise Stann of Brava.")
    assert spelling_variants([a, b]) == []


@pytest.mark.parametrize("tail", ["", "…", " ...", " [...]"])
def test_a_name_cut_off_at_the_end_of_a_text_is_no_variant(tail):
    """A feed's summary or a page cut at a length can stop inside a word."""
    a = _a("a", "Dockworkers in Velmora marched on Sunday, and the Courier said Velmora Harbour would stay shut. "
                "Follow the Courier on Facebook for updates.")
    b = _a("b", "The strike in Velmora went on, the harbour board said. For updates follow us on Faceboo" + tail)
    assert spelling_variants([a, b]) == []
    # the same word inside the text is a form like any other
    c = _a("c", "The strike in Velmora went on. For updates follow us on Faceboo, the board said, and on the radio.")
    assert [v["pair"] for v in spelling_variants([a, c])] == [["Faceboo", "Facebook"]]
