"""The story timeline: events dated by resolved expressions, future ones in the future."""

from __future__ import annotations

from storylens.compare.timeline import build_timeline
from storylens.models import Article, Segment

SAT = "2025-03-22T01:33:00Z"  # a Saturday


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
    assert tl[-1]["resolved"] is False and tl[-1]["doc"] == "c" and tl[-1]["value"] == "XXXX-WXX-4"
    for e in tl:
        src = {"a": a, "b": b, "c": c}[e["doc"]].source
        assert src[e["start"]:e["end"]] == e["text"]
        assert src[e["expression_start"]:e["expression_end"]] == e["expression"]


def test_future_events_are_dated_in_the_future() -> None:
    # a Wednesday article: "will ... on Thursday" is the next day, not the Thursday before
    a = _art("a", "The summit opened in Geneva on Monday. The ministers will bring the delegations together "
                  "on Thursday to sign the accord. The upcoming review in June will test it.", "2025-10-15")
    tl = build_timeline([a])
    by_expr = {e["expression"]: e for e in tl}
    assert by_expr["Monday"]["date"] == "2025-10-13" and by_expr["Monday"]["future"] is False
    assert by_expr["Thursday"]["date"] == "2025-10-16" and by_expr["Thursday"]["future"] is True
    assert by_expr["June"]["date"] == "2026-06" and by_expr["June"]["future"] is True
    assert [e["expression"] for e in tl] == ["Monday", "Thursday", "June"]


def test_finest_expression_dates_the_sentence_and_references_date_nothing() -> None:
    a = _art("a", "In 2019, on 4 March, the plant closed. Prices are now falling. Talks lasted three days.",
             "2025-03-22")
    tl = build_timeline([a])
    assert [(e["expression"], e["date"], e["granularity"]) for e in tl] == [("4 March", "2025-03-04", "day")]


def test_week_and_month_values_sort_by_their_first_day() -> None:
    a = _art("a", "Output fell last month. Exports rose last week. Orders slumped in 2024.", "2025-03-22")
    tl = build_timeline([a])
    assert [e["date"] for e in tl] == ["2024", "2025-02", "2025-W11"]


def test_a_stretch_up_to_publication_dates_no_event() -> None:
    # "over the past week" is the seven days up to now, not the calendar week before
    a = _art("a", "Protests spread over the past week. In the last few months prices rose. Exports rose last week. "
                  "Sales fell in the last fiscal year.", "2025-03-22")
    tl = build_timeline([a])
    assert [e["expression"] for e in tl] == ["the last fiscal year", "last week"]


def test_an_event_is_a_whole_quotation_without_label_or_dateline() -> None:
    a = _art("a", "PORTSALVE — The harbour reopened on Friday after the storm.\n\n"
                  "“The cranes are safe. We will load again,” the harbour master said on Friday.\n\n"
                  "UPDATE 2:52 p.m. -- The union said on Thursday that the strike was over.", SAT)
    tl = build_timeline([a])
    texts = {e["text"]: e for e in tl}
    assert "The harbour reopened on Friday after the storm." in texts  # no dateline
    whole = "“The cranes are safe. We will load again,” the harbour master said on Friday."
    assert whole in texts and not any(t.startswith("We will load") for t in texts)
    union = texts["The union said on Thursday that the strike was over."]  # no update stamp
    assert union["date"] == "2025-03-20" and union["expression"] == "Thursday"  # not the stamp's 2:52 p.m.
    for e in tl:
        assert a.source[e["start"]:e["end"]] == e["text"]


def test_an_attribution_after_a_closed_quotation_keeps_its_quotation() -> None:
    a = _art("a", "The vote is near.\n\n“Could any judge pass? Could anyone?” Senate Leader Ivo Marten asked on "
                  "Tuesday.\n\n“The port is safe. The cranes work.” Marten wrote on Thursday.\n\n"
                  "The union called it “a trick.” On Friday the council met again.", SAT)
    texts = [e["text"] for e in build_timeline([a])]
    assert "“Could any judge pass? Could anyone?” Senate Leader Ivo Marten asked on Tuesday." in texts
    assert "“The port is safe. The cranes work.” Marten wrote on Thursday." in texts
    assert "On Friday the council met again." in texts  # a new sentence after a quotation stays alone


def test_quote_depths_answer_as_quote_depth_does() -> None:
    import random

    from storylens.compare.summary import QuoteDepths, quote_depth
    rng = random.Random(5)
    for _ in range(50):
        text = "".join(rng.choice(["a", " ", "“", "”", '"', "«", "»", "\n", "."]) for _ in range(120))
        depths = QuoteDepths(text)
        for pos in range(len(text) + 1):
            para = text.rfind("\n", 0, pos) + 1
            assert depths.at(pos) == quote_depth(text, para, pos), (text, pos)
