from storylens.compare.spelling import spelling_variants
from storylens.models import Article, Segment


def _a(name, text):
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))])


def test_name_spelled_differently_by_outlets():
    a = _a("a", "Floods hit the town of Drevnyk on Sunday. Residents of Drevnyk were evacuated by Marta Olin.")
    b = _a("b", "The river burst its banks near Drevnik, officials in Drevnik said. Marta Olin spoke.")
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
