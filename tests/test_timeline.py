"""Relative date resolution and the story timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from storylens.annotate.dates import find_dates, resolve_weekday
from storylens.compare.timeline import build_timeline
from storylens.models import Article, Segment

SAT = "2025-03-22T01:33:00Z"  # a Saturday


def one(text: str, published: str | None = SAT):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,expected", [
    ("Speaking to Bloomberg TV on Friday, Rutte said.", "2025-03-21"),
    ("Last Thursday, Rutte met Trump.", "2025-03-20"),
    ("The minister resigned yesterday.", "2025-03-21"),
    ("The talks ended on Saturday.", "2025-03-22"),          # same weekday as publication: that day
    ("They met last Saturday.", "2025-03-15"),               # 'last' is strictly before
    ("The mediator will meet both sides on Monday.", "2025-03-24"),  # future tense looks ahead
    ("Monday's rally drew thousands.", "2025-03-17"),
    ("The vote is due next Tuesday.", "2025-03-25"),
    ("The deal was signed on 21 March 2025.", "2025-03-21"),
    ("The deal was signed on March 3.", "2025-03-03"),
])
def test_relative_dates_resolved(text: str, expected: str) -> None:
    d = one(text)
    assert d.resolved and d.date == expected


def test_unresolved_without_publication_date_is_flagged() -> None:
    d = one("Last Thursday, Rutte met Trump.", None)
    assert not d.resolved and d.date is None and d.relative
    # an absolute date needs no publication date
    d = one("Crimea was annexed in 2014.", None)
    assert d.resolved and d.date == "2014"


def test_coarse_expressions() -> None:
    assert one("Prices rose last month.").date == "2025-02"
    assert one("Sales fell last year.").date == "2024"
    assert one("It rained in October.").date == "2024-10"  # a past month after publication: the year before


def test_resolve_weekday_modes() -> None:
    sat = dt.date(2025, 3, 22)
    assert resolve_weekday(sat, 4, "past") == dt.date(2025, 3, 21)
    assert resolve_weekday(sat, 5, "last") == dt.date(2025, 3, 15)
    assert resolve_weekday(sat, 5, "next") == dt.date(2025, 3, 29)
    assert resolve_weekday(sat, 0, "future") == dt.date(2025, 3, 24)


def _art(name: str, text: str, published: str | None) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                   published=published)


def test_timeline_sorted_merged_and_flagged() -> None:
    a = _art("a", "The union voted on Friday to strike. Talks collapsed last Thursday.", SAT)
    b = _art("b", "On Friday the union voted to strike, its leader said.", "2025-03-23")
    c = _art("c", "Last Thursday, the talks collapsed.", None)
    tl = build_timeline([a, b, c])
    dates = [e["date"] for e in tl]
    assert dates == ["2025-03-20", "2025-03-21", None]
    friday = tl[1]
    assert friday["doc"] == "a" and [x["doc"] for x in friday["also"]] == ["b"]
    assert tl[-1]["resolved"] is False and tl[-1]["doc"] == "c"
    for e in tl:
        src = {"a": a, "b": b, "c": c}[e["doc"]].source
        assert src[e["start"]:e["end"]] == e["text"]
        assert src[e["expression_start"]:e["expression_end"]] == e["expression"]
