"""The days an article's lead names, and how they scale the story clusterer's scores."""

from __future__ import annotations

import datetime as dt

import pytest

from storylens.index.clusters import StoryClusterer
from storylens.index.features import text_features
from storylens.index.leaddays import LEAD_DATE_CHARS, lead_day_factor, lead_days
from storylens.index.stories import StoryIndex
from storylens.models import Article


def day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - dt.date(1970, 1, 1)).days


def art(name: str, body: str, published: str | None, title: str = "Dam council meets") -> Article:
    return Article(id=name, name=name, source=title + "\n\n" + body, body=body, title=title, published=published)


def test_weekday_resolved_against_publication():
    # 23 March 2017 was a Thursday; "Wednesday" is the day before
    got = lead_days("Harbour unions on Thursday vowed to walk out. At 10 p.m. Wednesday the talks broke off.",
                    "2017-03-23")
    assert got == (day("2017-03-22"), day("2017-03-23"))


def test_no_day_without_publication_or_day_granularity():
    assert lead_days("The council met on Thursday and will meet again in March.", None) == ()
    assert lead_days("The council met last week.", "2017-03-23") == ()  # a week, no day
    assert lead_days("The talks of March 3, 2020, failed.", None) == (day("2020-03-03"),)
    assert lead_days("", "2017-03-23") == ()


@pytest.mark.parametrize("lead,iso", [
    ("The council will meet tomorrow.", "2017-03-24"),
    ("The council met late tonight.", "2017-03-23"),
    ("Talks broke off this afternoon.", "2017-03-23"),
    ("The vote came two days ago.", "2017-03-21"),
    ("The dam opened on Christmas Eve.", "2016-12-24"),
    ("It opened on the fifth of March.", "2017-03-05"),
])
def test_every_kind_of_day_is_read(lead, iso):
    """The quick test that skips a lead naming no day lets each kind through."""
    assert lead_days(lead, "2017-03-23") == (day(iso),)


def test_only_the_lead_is_read():
    filler = "The council spoke at length about the dam. " * (LEAD_DATE_CHARS // 40 + 2)
    assert lead_days(filler + "It met on Monday.", "2017-03-23") == ()
    assert lead_days("It met on Monday. " + filler, "2017-03-23") == (day("2017-03-20"),)


def test_factor():
    assert lead_day_factor((1, 2), (2, 3), 1.1, 0.9) == 1.1
    assert lead_day_factor((1,), (3,), 1.1, 0.9) == 0.9
    assert lead_day_factor((), (3,), 1.1, 0.9) == 1.0
    assert lead_day_factor((1,), [], 1.1, 0.9) == 1.0


BODY = ("The Drevnyk valley council met on Monday to vote on the dam repair fund after the spring floods "
        "damaged the spillway, the council chairman Ivo Marek said.")


@pytest.mark.parametrize("share,disjoint", [(1.1, 0.9), (1.0, 1.0)])
def test_clusterer_scales_by_the_leads_days(share, disjoint):
    """One text, read against an article of Monday 4 March 2024: published the
    next day its "Monday" is the same day; published a week later, another
    Monday. Inside ``grace_days`` the publication gap changes nothing, so the
    two scores differ by the leads' days alone."""
    cl = StoryClusterer(grace_days=30.0, lead_day_share=share, lead_day_disjoint=disjoint)
    cl.add("a", text_features(art("a", BODY, "2024-03-04")))
    same = text_features(art("b", BODY, "2024-03-05"))
    other = text_features(art("c", BODY, "2024-03-12"))
    assert same.lead_days == (day("2024-03-04"),) and other.lead_days == (day("2024-03-11"),)
    s_same = cl.score(same)[2][0][0]
    s_other = cl.score(other)[2][0][0]
    assert s_same == pytest.approx(s_other * share / disjoint)


def test_lead_days_survive_the_saved_state():
    idx = StoryIndex()
    idx.add_many([art("a", BODY, "2024-03-04"), art("b", "Nothing was dated in this one.", "2024-03-05")])
    back = StoryIndex.from_state(idx.to_state())
    assert [list(back.clusterer.leads[k]) for k in range(2)] == [[day("2024-03-04")], []]
