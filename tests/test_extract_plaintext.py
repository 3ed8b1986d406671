"""Plain-text extraction: title, dateline, furniture rules, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.errors import RejectedDocument, StorylensError
from storylens.extract import extract
from storylens.extract.dates import parse_date
from storylens.extract.furniture import classify_line
from storylens.models import RawDocument

BODY_1 = (
    "The Velmora harbour board voted on Tuesday to add night shifts at the container terminal, "
    "a move the dockworkers' union opposed."
)
BODY_2 = "Board chair Tomas Reyk said the extra shifts would cut waiting times for ships by a third."
BODY_3 = "The union said it would consult its members before the next meeting of the board in May."


def _doc(text: str, **meta: object) -> RawDocument:
    return RawDocument(name="t", origin="test", format="text", content=text, meta=dict(meta))


def _check_offsets(article) -> None:
    for seg in article.segments:
        body_part = article.body[seg.body_start : seg.body_start + seg.length]
        assert body_part == article.source[seg.source_start : seg.source_start + seg.length]
        for k in (0, seg.length // 2, seg.length):
            assert article.to_source(seg.body_start + k) == seg.source_start + k
    paras = article.body.split("\n\n")
    assert len(paras) == len(article.segments)
    for r in article.removed:
        assert article.source[r.start : r.end] == r.text


def _reasons(article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def test_title_duplicate_and_comments_closed() -> None:
    title = "Harbour board approves night shifts"
    text = f"{title}\n\n{title}\n\n{BODY_1}\n\n{BODY_2}\n\nComments are closed.\n"
    a = extract(_doc(text))
    assert a.title == title
    assert a.title_span is not None and a.source[a.title_span.start : a.title_span.end] == title
    assert a.title_span.start == 0
    assert _reasons(a) == {title: "duplicate title", "Comments are closed.": "comments closed"}
    assert a.body == f"{BODY_1}\n\n{BODY_2}"
    _check_offsets(a)


def test_breadcrumb_glued_to_title() -> None:
    text = "WorldHarbour board approves\u00a0night shifts\n\nHarbour board approves night shifts\n\n" + BODY_1
    a = extract(_doc(text))
    assert a.title == "Harbour board approves night shifts"
    assert a.title_span is not None
    assert a.title_span.start == text.index("\n\nHarbour") + 2
    assert _reasons(a)["WorldHarbour board approves\u00a0night shifts"] == "breadcrumb"
    assert a.body == BODY_1


def test_no_title_when_first_line_is_a_sentence() -> None:
    a = extract(_doc(f"{BODY_1}\n{BODY_2}\n"))
    assert a.title is None and a.title_span is None
    assert a.body == f"{BODY_1}\n\n{BODY_2}"
    _check_offsets(a)


@pytest.mark.parametrize(
    "line, iso",
    [
        ("Saturday 22 March 2025 09:41 GMT", "2025-03-22T09:41:00Z"),
        ("March 22, 2025", "2025-03-22"),
        ("2025-03-22", "2025-03-22"),
        ("22/03/2025 10:15", "2025-03-22T10:15:00"),
        ("Updated: Mar. 22, 2025 at 1:33 p.m. EST", "2025-03-22T13:33:00-05:00"),
        ("Published 2025-03-22T10:15:00+01:00", "2025-03-22T10:15:00+01:00"),
        ("Fri 21 Mar 2025 14.05 CET", "2025-03-21T14:05:00+01:00"),
    ],
)
def test_dateline_formats(line: str, iso: str) -> None:
    assert parse_date(line) == iso
    a = extract(_doc(f"{line}\n\nHarbour board approves night shifts\n\n{BODY_1}\n"))
    assert a.published == iso
    assert _reasons(a) == {line: "dateline"}
    assert a.title == "Harbour board approves night shifts"


def test_published_preferred_over_updated() -> None:
    text = f"Updated: 24 March 2025\nPublished: 22 March 2025\n\n{BODY_1}\n"
    assert extract(_doc(text)).published == "2025-03-22"


def test_invalid_dates_are_not_dates() -> None:
    assert parse_date("31/02/2025") is None
    assert parse_date("The 32 allies met at 10:15.") is None


def test_wire_marker_tracking_id_and_disclaimer() -> None:
    text = (
        "Harbour board approves night shifts\n\n"
        f"(MENAFN) {BODY_1}\n\n{BODY_2}\n\n"
        "MENAFN22032025000045015687ID1109319999\n\n"
        "Legal Disclaimer:\n"
        "MENAFN provides the information \u201cas is\u201d without warranty of any kind. We do not accept any "
        "responsibility or liability for the accuracy of the information contained in this article.\n\n"
        "Search\n"
    )
    a = extract(_doc(text))
    assert a.syndication == ["MENAFN"]
    reasons = sorted(r.reason for r in a.removed)
    assert reasons == ["legal disclaimer", "legal disclaimer", "search", "tracking id"]
    assert a.body == f"(MENAFN) {BODY_1}\n\n{BODY_2}"
    _check_offsets(a)


@pytest.mark.parametrize(
    "line, wire",
    [
        ("KYIV (Reuters) - " + BODY_1, "Reuters"),
        ("(AFP) " + BODY_1, "AFP"),
        ("(AP) " + BODY_1, "AP"),
    ],
)
def test_wire_markers_kept_in_body(line: str, wire: str) -> None:
    a = extract(_doc(f"{line}\n\n{BODY_2}\n"))
    assert a.syndication == [wire]
    assert a.body.startswith(line)


@pytest.mark.parametrize(
    "line, reason, wire",
    [
        ("Reuters contributed to this report.", "wire credit", "Reuters"),
        ("This article was originally published by The Velmora Times.", "wire credit", "The Velmora Times"),
        ("(Reporting by Ana Lind; Editing by Tom Brown)", "wire credit", None),
        ("This article was provided by Harbour Press and is republished by the Velmora Post under licence.",
         "wire credit", "Harbour Press"),
        ("This story has been updated with the board's vote count.", "editor's note", None),
        ("Editor's note: An earlier version of this story gave the wrong date for the vote.", "editor's note", None),
        ("Dockworkers at the Eastmole gate on Monday.CreditPetra Lind/Harbour Press", "image caption", None),
    ],
)
def test_wire_credit_lines(line: str, reason: str, wire: str | None) -> None:
    a = extract(_doc(f"{BODY_1}\n\n{BODY_2}\n\n{line}\n"))
    assert _reasons(a) == {line: reason}
    if wire:
        assert wire in a.syndication
    assert line not in a.body


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Photo: Depositphotos", "photo credit"),
        ("Image: Harbour Press Agency", "photo credit"),
        ("(Photo by Ana Lind/Getty Images)", "photo credit"),
        ("Getty Images", "photo credit"),
        ("Share this article", "share"),
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Follow us on Twitter and Facebook", "social follow"),
        ("Click here to read the full report", "click here"),
        ("Copyright © 2025 Velmora Media", "copyright"),
        ("\u00a9 2025 Velmora Media. All rights reserved.", "copyright"),
        ("Sign up for our daily newsletter", "newsletter"),
        ("We use cookies to improve your experience on our site.", "cookie notice"),
        ("Read more: Dockworkers strike in Arden", "read also"),
        ("Also read: Dockworkers strike in Arden", "read also"),
        ("READ ALSO: Dockworkers strike in Arden", "read also"),
        ("Watch: The harbour at night", "related content"),
        ("Related content", "related content"),
        ("You may also like", "related content"),
        ("Home > News > Velmora", "breadcrumb"),
        ("Tags: harbour, Velmora, unions", "tags"),
        ("Search", "search"),
        ("Comments are closed.", "comments closed"),
        ("5 min read", "reading time"),
        ("This copy is for your personal, non-commercial use only.", "copyright"),
        ("Subscribe to the Velmora Times newsletter for a daily briefing.", "newsletter"),
        ("Get the top harbour stories in your inbox every morning.", "newsletter"),
        ("Have a tip? Write to the newsroom at tips@example.org.", "contact"),
        ("Like this story? Share it with a friend!", "share"),
        ("Related: Night shifts at the port", "related content"),
        ("Don't miss", "related content"),
        ("Also on velmora.com Ferry strike ends", "related content"),
        ("Updated at 4:52 p.m.", "dateline"),
        ("Tell us what you think", "comments"),
        ('[button link="/submit"]Send us your story[/button]', "markup"),
        ("Tags", "tags"),
        ("Follow her on Twitter @analind", "social follow"),
    ],
)
def test_furniture_line_rules(line: str, reason: str) -> None:
    text = f"{BODY_1}\n\n{line}\n\n{BODY_2}\n"
    a = extract(_doc(text))
    assert _reasons(a) == {line: reason}
    assert a.body == f"{BODY_1}\n\n{BODY_2}"
    _check_offsets(a)


def test_byline_sets_author() -> None:
    a = extract(_doc(f"Harbour board approves night shifts\n\nBy Jane Doe\n\n{BODY_1}\n"))
    assert a.author == "Jane Doe"
    assert _reasons(a) == {"By Jane Doe": "byline"}
    assert a.body == BODY_1


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell by a third after the board said the port would close for a week in June.",
        "Click here, the minister joked, was all the advice the ministry could give to anxious families.",
        "Follow the money, the union leader said, and you will see who profits from the night shifts.",
        "Photo: the board released a picture of the new cranes, which were bought from a Finnish firm.",
        "By Monday the union had collected more than four thousand signatures against the night shifts.",
        "Search teams found the missing trawler on Thursday, two days after it left the Velmora harbour.",
    ],
)
def test_body_sentences_that_look_like_furniture_are_kept(sentence: str) -> None:
    a = extract(_doc(f"{BODY_1}\n\n{sentence}\n\n{BODY_2}\n"))
    assert a.removed == []
    assert sentence in a.body.split("\n\n")


def test_subheadings_are_kept() -> None:
    text = f"{BODY_1}\nNight shifts: what the union wants\n{BODY_2}\nWhat happens next?\n{BODY_3}\n"
    a = extract(_doc(text))
    assert a.removed == []
    assert len(a.segments) == 5


def test_attribution_line_after_quote_block() -> None:
    quote = "\u201cWe will not accept twelve-hour nights without a new contract. Nobody here wants a strike.\u201d"
    text = f"{BODY_1}\n{quote}\nInes Calder\n{BODY_2}\nInes Calder met the board on Friday.\n"
    a = extract(_doc(text))
    assert _reasons(a) == {"Ines Calder": "attribution line"}
    assert a.body == f"{BODY_1}\n\n{quote}\n\n{BODY_2}\n\nInes Calder met the board on Friday."
    # a name-only line that does not follow a quote block is kept
    b = extract(_doc(f"{BODY_1}\nInes Calder\n{BODY_2}\n"))
    assert b.removed == []


def test_repeated_image_caption_and_credit() -> None:
    text = (
        f"{BODY_1}\n\nInes Calder, Tomas Reyk\nInes Calder, Tomas Reyk\n"
        "Images source: \u00a9 Getty Images | Ana Lind\n\n"
        f"{BODY_2}\n"
    )
    a = extract(_doc(text))
    assert [r.reason for r in a.removed] == ["image caption", "image caption", "photo credit"]
    assert a.body == f"{BODY_1}\n\n{BODY_2}"
    _check_offsets(a)


def test_caption_glued_above_credit() -> None:
    text = f"{BODY_1}\n\nThe container terminal at dawn\nPhoto: Ana Lind\n\n{BODY_2}\n"
    a = extract(_doc(text))
    assert _reasons(a) == {"The container terminal at dawn": "image caption", "Photo: Ana Lind": "photo credit"}


def test_a_report_provided_by_someone_is_body_text() -> None:
    line = "This report was provided by the harbour board to the council last year. Credit Velmora declined to comment."
    a = extract(_doc(f"{BODY_1}\n\n{line}\n\n{BODY_2}\n"))
    assert line in a.body and a.removed == []


def test_caption_glued_below_credit() -> None:
    caption = "Crane drivers leave the container terminal on Monday."
    text = f"Harbour board approves night shifts\n\nPhoto: Port Gazette / Ana Lind\n{caption}\n\n{BODY_1}\n\n{BODY_2}\n"
    a = extract(_doc(text))
    assert _reasons(a) == {"Photo: Port Gazette / Ana Lind": "photo credit", caption: "image caption"}
    assert a.body == f"{BODY_1}\n\n{BODY_2}"
    _check_offsets(a)
    # a paragraph that runs on below the caption's line, or a text without blank lines, keeps it
    a = extract(_doc(f"Harbour board approves night shifts\n\nPhoto: Ana Lind\n{BODY_1}\n{BODY_2}\n\n{BODY_3}\n"))
    assert BODY_1 in a.body
    a = extract(_doc(f"Harbour board approves night shifts\nPhoto: Ana Lind\n{caption}\n{BODY_1}\n"))
    assert caption in a.body


def test_bullets_and_crlf_offsets() -> None:
    text = f"Harbour board approves night shifts\r\n\r\n  \u2022 {BODY_1}\r\n  \u2022 {BODY_2}\r\n\u00a0{BODY_3}\u00a0\u00a0\r\n"
    a = extract(_doc(text))
    assert a.body == f"{BODY_1}\n\n{BODY_2}\n\n{BODY_3}"
    assert a.title == "Harbour board approves night shifts"
    _check_offsets(a)


def test_lone_carriage_returns_end_lines() -> None:
    text = f"Harbour board approves night shifts\r\r{BODY_1}\r{BODY_2}\r"
    a = extract(_doc(text))
    assert a.title == "Harbour board approves night shifts"
    assert a.body == f"{BODY_1}\n\n{BODY_2}"
    _check_offsets(a)


def test_metadata_takes_precedence_and_extra_meta_kept() -> None:
    text = f"Saturday 22 March 2025 09:41 GMT\n\nHarbour board approves night shifts\n\n{BODY_1}\n\n{BODY_2}\n"
    a = extract(
        _doc(
            text,
            title="Night shifts approved",
            outlet="Velmora Times",
            published="2025-03-23",
            author="Ana Lind",
            url="https://example.org/a",
            language="en",
            section="port",
        )
    )
    assert a.title == "Night shifts approved"
    assert a.title_span is None  # the given title is not in the text
    assert (a.outlet, a.published, a.author, a.url, a.language) == (
        "Velmora Times", "2025-03-23", "Ana Lind", "https://example.org/a", "en",
    )
    assert a.meta == {"section": "port"}
    assert (a.id, a.name, a.format) == (_doc(text).id, "t", "text")
    # a given title found in the text gets its span
    b = extract(_doc(text, title="Harbour board approves night shifts", published="22 March 2025"))
    assert b.title_span is not None and b.source[b.title_span.start : b.title_span.end] == b.title
    assert b.published == "2025-03-22"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Search\n\nAdvertisement\n\nComments are closed.\n",
        "Harbour board approves night shifts\n\nHarbour board approves night shifts\n",
    ],
)
def test_rejects_documents_without_body(text: str) -> None:
    with pytest.raises(RejectedDocument) as err:
        extract(_doc(text))
    assert err.value.message in ("empty document", "no article text found after cleanup")


def test_body_of_bare_links_is_rejected() -> None:
    with pytest.raises(RejectedDocument):
        extract(_doc("This copy is for your personal, non-commercial use only.\nhttps://example.org/a-story\n"))
    # links inside a real article are kept
    a = extract(_doc(f"{BODY_1}\nhttps://example.org/report.pdf\n"))
    assert a.body.endswith("https://example.org/report.pdf")


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(StorylensError):
        extract(RawDocument(name="t", origin="x", format="pdf", content="abc"))


def test_classify_line_leaves_long_body_lines_alone() -> None:
    long = "Advertisement revenue at the Velmora Times fell by a third last year, the owners said on Monday."
    assert classify_line(long) is None
    assert classify_line("Advertisement") is not None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("ALL RIGHTS RESERVED.", "copyright"),
        ("Velmora Media 2025, all rights reserved", "copyright"),
        ("Manage Cookies", "cookie notice"),
        ("Read our COOKIE POLICY for details", "cookie notice"),
        ("Thanks for reading. Subscribe to our weekly harbour newsletter", "newsletter"),
        ("Harbour at dawn SHUTTERSTOCK", "photo credit"),
        ("Ana Lind/AFP Photo", "photo credit"),
        ("IMAGO / Velmora", "photo credit"),
        ("Reuters/Ana Lind", "photo credit"),
        ("Source: Wikimedia Commons", "photo credit"),
        # re.IGNORECASE matches "ſ" with "s" and the Kelvin sign with "k": the
        # literal prefilters of classify_line must not hide such matches
        ("Cookie Settings".replace("S", "\u017f"), "cookie notice"),
        ("Accept all coo\u212aies", "cookie notice"),
        ("All rights re\u017ferved", "copyright"),
    ],
)
def test_classify_line_prefilters_keep_case_insensitive_matches(line: str, reason: str) -> None:
    v = classify_line(line)
    assert v is not None and v.reason == reason


@pytest.mark.parametrize("pad", ["", "  ", "\t \n"])
def test_short_line_rules_stop_at_twelve_words(pad: str) -> None:
    # the word count is taken without splitting a whole paragraph: same boundary
    words = ["harbour"] * 20
    assert classify_line("Photo: " + " ".join(words[:11]) + pad).reason == "photo credit"  # 12 words
    assert classify_line("Photo: " + " ".join(words[:12]) + pad) is None  # 13 words
    assert classify_line("Photo:   " + "  ".join(words[:11]) + pad).reason == "photo credit"


def test_dates_need_a_year() -> None:
    # find_date's shortcut: every pattern needs a year from 1900 to 2099
    assert parse_date("Saturday 22 March 09:41 GMT") is None
    assert parse_date("22 March 1999") == "1999-03-22"
    assert parse_date("On 3/4/2001 at 10:15") == "2001-04-03T10:15:00"


FURNITURE_SAMPLES = [
    "Legal Disclaimer:", "Copyright 2025 Velmora Times", "We use cookies to improve your experience",
    "Sign up for our daily briefing newsletter", "Reuters contributed to this report.", "Reporting by Ana Lind; Editing by Tomas Reyk",
    "Share this article", "Story continues below advertisement", "Comments are closed.", "Read more: Night shifts",
    "Related articles", "Photo: Harbour Press", "By Ana Lind", "BY ANA LIND", "Share | Tweet | Email",
    "Advertisement", "Tags: port, strike", "5 min read", "Home > News > Port", "Follow us on Twitter",
    "(With AFP)", "© Velmora Times", "Ana Lind/Getty Images", "Updated 10:15 GMT",
]


def test_anchored_rule_union_matches_where_an_anchored_rule_matches() -> None:
    import re

    from storylens.extract import furniture as f

    assert f._anchored(re.compile(r"^share\b")) and not f._anchored(re.compile(r"^a|b"))
    assert not f._anchored(re.compile(r"(?:^|[.!?] )subscribe")) and not f._anchored(re.compile(r"\ball rights\b"))
    lines = FURNITURE_SAMPLES + [BODY_1, BODY_2, BODY_3, "Share", "SHARE this", "by ana lind", "Byline By Ana Lind"]
    seeds = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
    for path in sorted(seeds.glob("*.txt")):  # real page furniture and body lines, when ../shared is there
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for union, checks, rest in ((f._SPECIFIC_ANCHORED, f._SPECIFIC_CHECKS, f._SPECIFIC_REST),
                                (f._SHORT_ANCHORED, f._SHORT_CHECKS, f._SHORT_REST)):
        anchored = [pat for check in checks if check not in rest for _, pat, _ in [check]]
        assert anchored and all(pat.pattern.startswith("^") for pat in anchored)
        for line in lines:
            assert bool(union.match(line)) == any(pat.search(line) for pat in anchored), line
    assert sum(classify_line(line) is not None for line in FURNITURE_SAMPLES) == len(FURNITURE_SAMPLES)
    assert classify_line("by ana lind") is None  # the byline rule stays case-sensitive inside the union


SIGN_IN = ("Are you sure you want to log out? X Login The Ledger's readers shape the stories that shape the city. "
           "Join now! E-mail or Username: Password REMEMBER ME SIGN IN or sign in with New user? CLICK HERE TO REGISTER")


@pytest.mark.parametrize("line", [
    "You have reached the limit for free access to our reporting.",
    "You've reached your monthly limit of free articles.",
    "Subscribers, click here to log in and keep reading. Log In",
    "Already a subscriber? Log in",
    "To continue reading, please subscribe.",
    "This article is only available to our subscribers.",
    "Registered users can read up to 5 stories a month.",
    # sign-in forms flattened to one line
    SIGN_IN,
    "E-mail: Password: Remember me Sign in Register Forgot your password? Privacy Policy",
    "Log in to your account Username Password Forgot password? Create an account",
    "Member login Email address Password Sign in",
])
def test_paywall_notices_are_furniture(line):
    v = classify_line(line)
    assert v is not None and v.reason == "paywall notice"


@pytest.mark.parametrize("line", [
    "You have reached the limit of what the city can pay, the mayor told the dockworkers.",
    "The Ledger said registered users can read up to 10 articles a month.",
    "Readers who subscribe to the print edition get the weekend magazine.",
    # sentences about passwords and signing in
    "Sign-in details and passwords of 40,000 port workers were stolen, the union said; change your password "
    "and never tick remember me on a shared computer.",
    "Email addresses and passwords of harbour board members were posted online on Friday.",
    "Log in with your new password, the council told residents after the portal was restored.",
])
def test_sentences_about_paywalls_are_body(line):
    assert classify_line(line) is None
    art = extract(_doc(f"{BODY_1}\n\n{line}"))
    assert line in art.body


def test_a_paywall_notice_inside_a_flattened_line_is_cut_off():
    text = (f"{BODY_1} {BODY_2} TAKE A FREE TRIAL Registered users can read up to 5 stories a month. "
            "Fill in the form below. Email Name Company")
    art = extract(_doc(text))
    _check_offsets(art)
    assert art.body == f"{BODY_1} {BODY_2}"
    (cut,) = [r for r in art.removed if r.reason == "paywall notice"]
    assert cut.text.startswith("TAKE A FREE TRIAL") and cut.text.endswith("Company")


def test_a_headline_over_a_paywall_is_the_whole_article():
    text = ("Crane collapses at Velmora container terminal\n\n"
            "You have reached the limit for free access to our reporting.\n\n"
            "Members, tap here to sign in or register to keep reading. Sign In")
    art = extract(_doc(text, title="Crane collapses at Velmora container terminal"))
    _check_offsets(art)
    assert art.body == "Crane collapses at Velmora container terminal"
    assert sorted(r.reason for r in art.removed if r.reason != "title") == ["paywall notice", "paywall notice"]


def test_a_headline_over_a_sign_in_form_is_the_whole_article():
    text = f"Calder leads dockworkers out of harbour talks\n\n{SIGN_IN}"
    art = extract(_doc(text, title="Calder leads dockworkers out of harbour talks"))
    _check_offsets(art)
    assert art.body == "Calder leads dockworkers out of harbour talks" and art.paywalled


def test_a_sign_in_form_above_the_article_leaves_the_article_whole():
    art = extract(_doc(f"{SIGN_IN}\n\n{BODY_1}\n\n{BODY_2}"))
    _check_offsets(art)
    assert art.body == f"{BODY_1}\n\n{BODY_2}"
    (form,) = [r for r in art.removed if r.reason == "paywall notice"]
    assert form.text == SIGN_IN


def test_a_sign_in_form_glued_to_the_article_text_is_kept_with_it():
    """A long line is never dropped for a form at its start: the article's text would go with it."""
    line = f"{SIGN_IN} {BODY_1} {BODY_2}"
    art = extract(_doc(line))
    assert BODY_2 in art.body


def test_a_paywall_without_a_headline_is_rejected_with_that_reason():
    text = "You have reached the limit for free access to our reporting.\n\nAlready a subscriber? Log in"
    with pytest.raises(RejectedDocument) as err:
        extract(_doc(text))
    assert "paywall" in err.value.message


def test_a_continues_below_marker_inside_a_line_is_cut_out_and_the_line_goes_on():
    text = (f"{BODY_1} Article continues below “We will not accept twelve-hour nights,” Calder said.\n\n"
            "article continues below\n\nStory continues below advertisement\n\n"
            "The board meets again in May. The story continues below the fold of the sea wall, locals joke.")
    art = extract(_doc(text))
    _check_offsets(art)
    assert art.body == (f"{BODY_1}\n\n“We will not accept twelve-hour nights,” Calder said.\n\n"
                        "The board meets again in May. The story continues below the fold of the sea wall, locals joke.")
    assert [r.text for r in art.removed if r.reason == "advertisement"] == [
        "Article continues below", "article continues below", "Story continues below advertisement"]
