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
    out = conflicts("Greta Lind blasted by older sister over harbour vote\n\nThe feud went public on Friday.",
                    "Hanna Lind, the younger sister of council candidate Greta Lind, criticised the vote.")
    assert len(out) == 1 and out[0]["attribute"].startswith("birth order")
    assert set(out[0]["values"]) == {"Hanna Lind older than Greta Lind", "Greta Lind older than Hanna Lind"}


def test_nicknames_are_one_person_and_agreeing_order_is_no_conflict() -> None:
    assert conflicts("Hanna Lind, the younger sister of Margaret Lind, spoke first.",
                     "Maggie Lind's younger sister Hanna Lind spoke first.") == []


def test_a_spouse_spelled_two_ways() -> None:
    out = conflicts("Mr. Oduya was sworn in on Monday. He and wife Stacy have two sons.",
                    "The ceremony was attended by Mr. Oduya’s wife, Stacey, and their two sons.")
    assert [(c["entity"], c["attribute"]) for c in out] == [("Oduya's wife", "name (spelling)")]
    assert {v: docs for v, docs in out[0]["values"].items()} == {"Stacy": ["d0"], "Stacey": ["d1"]}


def test_two_first_names_for_one_winner() -> None:
    out = conflicts("Rep. Loreta Marquez won the race for vice caucus chair, defeating fellow Ohio congresswoman "
                    "Barbara Lenz.",
                    "Representative Linda T. Márquez of Ohio defeated another Ohio Democrat, Representative "
                    "Barbara Lenz, to become vice caucus chair.")
    assert [(c["attribute"], sorted(c["values"])) for c in out] == [("name", ["Linda Márquez", "Loreta Marquez"])]


def test_two_people_of_one_family_named_side_by_side_are_no_conflict() -> None:
    assert conflicts("Rep. Loreta Marquez and her sister, Rep. Linda Marquez, both won the vice caucus chair vote.",
                     "Rep. Linda Marquez won the vice caucus chair vote after Rep. Loreta Marquez withdrew.") == []


def test_party_and_state_conflicts() -> None:
    out = conflicts("Sen. Rand Keller (R-Ky.) said the bill would fail.",
                    "Sen. Rand Keller (D-Tenn.) said the bill would fail.")
    assert sorted((c["attribute"], sorted(c["values"])) for c in out) == [
        ("party", ["Democrat", "Republican"]), ("state", ["Kentucky", "Tennessee"])]
    assert conflicts("Gov. Asa Brenner, Republican of Arkansas, signed it.",
                     "Gov. Asa Brenner (R-Ark.) signed it.") == []


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
