"""Attribute conflicts across outlets: family relations, spouses' names,
names themselves, party and state, and titles of past office holders
(issue 14, item 4). Invented text only."""

from __future__ import annotations

from storylens.compare.attributes import attribute_conflicts
from storylens.models import Article, Segment


def art(name: str, text: str) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                   published="2022-05-06", outlet=name)


def conflicts(*texts: str) -> list[dict]:
    arts = [art(f"d{i}", t) for i, t in enumerate(texts)]
    out = attribute_conflicts(arts)
    for c in out:  # every conflict points at its evidence in the source text
        assert c["evidence"] and len({e["doc"] for e in c["evidence"]}) >= 2
        for e in c["evidence"]:
            src = next(a.source for a in arts if a.name == e["doc"])
            assert 0 <= e["start"] < e["end"] <= len(src)
    return out


def test_older_and_younger_sister_conflict_with_the_unnamed_sister_resolved() -> None:
    out = conflicts("Greta Lind scolded by older sister in harbour levy row\n\nThe quarrel went public on Friday.",
                    "Hanna Lind, the younger sister of harbour board hopeful Greta Lind, condemned the levy.")
    assert len(out) == 1 and out[0]["attribute"].startswith("birth order")
    assert set(out[0]["values"]) == {"Hanna Lind older than Greta Lind", "Greta Lind older than Hanna Lind"}


def test_nicknames_are_one_person_and_agreeing_order_is_no_conflict() -> None:
    assert conflicts("Hanna Lind, the younger sister of Margaret Lind, spoke first.",
                     "Maggie Lind's younger sister Hanna Lind spoke first.") == []


def test_a_spouse_spelled_two_ways() -> None:
    out = conflicts("Mr. Oduya took the oath of office on Monday. He and wife Tracy are raising three daughters.",
                    "Mr. Oduya’s wife, Tracey, and their three daughters watched from the front row.")
    assert [(c["entity"], c["attribute"]) for c in out] == [("Oduya's wife", "name (spelling)")]
    assert {v: docs for v, docs in out[0]["values"].items()} == {"Tracy": ["d0"], "Tracey": ["d1"]}


def test_two_first_names_for_one_winner() -> None:
    out = conflicts("Rep. Dorota Halvik took the contest for deputy whip, beating fellow Kestrow lawmaker "
                    "Ilse Marrow.",
                    "Representative Mira J. Hálvik of Kestrow edged out another Kestrow delegate, Representative "
                    "Ilse Marrow, to become deputy whip.")
    assert [(c["attribute"], sorted(c["values"])) for c in out] == [("name", ["Dorota Halvik", "Mira Hálvik"])]


def test_two_people_of_one_family_named_side_by_side_are_no_conflict() -> None:
    assert conflicts("Rep. Dorota Halvik and her sister, Rep. Mira Halvik, both ran in the deputy whip vote.",
                     "Rep. Mira Halvik took the deputy whip vote after Rep. Dorota Halvik withdrew.") == []


def test_party_and_state_conflicts() -> None:
    out = conflicts("Sen. Owen Keller (R-Ky.) said the ferry bill was doomed.",
                    "Sen. Owen Keller (D-Tenn.) said the ferry bill was doomed.")
    assert sorted((c["attribute"], sorted(c["values"])) for c in out) == [
        ("party", ["Democrat", "Republican"]), ("state", ["Kentucky", "Tennessee"])]
    assert conflicts("Gov. Lyle Brenner, Republican of Arkansas, signed it.",
                     "Gov. Lyle Brenner (R-Ark.) signed it.") == []


def test_the_title_of_a_past_holder_is_not_a_current_title() -> None:
    a = ("President Marta Ilves said on Friday she would act alone. President Marta Ilves signed the order. "
         "Critics noted that President Marta Ilves had once faulted President Karl Sepp for using the same power.")
    b = "President Marta Ilves signed the order, a power former President Karl Sepp also used."
    assert conflicts(a, b) == []
    assert conflicts("then-President Karl Sepp signed the treaty.", "former President Karl Sepp spoke.") == []


def test_current_vs_former_title_is_still_a_conflict() -> None:
    out = conflicts("Transport Minister Aurel Fenn will chair the talks.",
                    "The government asked former transport minister Aurel Fenn to chair the talks.")
    assert len(out) == 1 and out[0]["entity"] == "Aurel Fenn"


def test_a_former_office_with_a_word_between_is_no_conflict() -> None:
    # "his former campaign chairman": the modifier stands before a word that qualifies the office
    a = art("a", "Mueller asked about his former campaign chairman Pavel Kral, who met Ostrava officials.")
    b = art("b", "Mueller asked about the former chairman Pavel Kral, who met Ostrava officials.")
    assert attribute_conflicts([a, b]) == []
    # a director who "recently resigned" holds the office no longer either
    c = art("c", "Guests included recently resigned party political director Ida Marsh and others.")
    d = art("d", "Guests included former party Political Director Ida Marsh and others.")
    assert attribute_conflicts([c, d]) == []
    # a current office against a former one still is
    e = art("e", "Guests included party Political Director Ida Marsh and others.")
    assert [x["attribute"] for x in attribute_conflicts([d, e])] == ["title (director: current or former)"]
