"""The narrative half of a story page, on invented text: coverage as facts,
naming and framing, the summary. One test per failure the issue lists."""

from __future__ import annotations

import re
import time

import pytest

from storylens.compare.coverage import CoverageBudget, build_coverage
from storylens.compare.framing import framing, load_lexicon, term_usage
from storylens.compare.mentions import find_mentions
from storylens.compare.naming import naming, resolve
from storylens.compare.statements import clauses, is_furniture, section_label, statements
from storylens.compare.story import compare_story
from storylens.compare.summary import _Said, balanced_span, build_summary
from storylens.evaluation.narrative import summary_faults
from storylens.models import Article, Quote, Segment, Span
from storylens.present.html import render_coverage
from storylens.present.records import DossierArticle, DossierStory
from storylens.text import article_sentences


def art(name: str, text: str, outlet: str | None = None, published: str = "2025-10-15") -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                   outlet=outlet or name.title(), published=published)


# -- coverage ---------------------------------------------------------------------------------------
STRIKE_A = ("Harbour workers walk out\n\n"
            "By Petra Lind\n\n"
            "Dockworkers at the port of Velmora walked out on Tuesday after talks on a 5.9% raise collapsed.\n\n"
            "Photo: Meridian Wire / Petra Lind\n\n"
            "What happens next\n\n"
            "The union said 1,200 members had stopped work at the container terminal.\n\n"
            "The harbour board warned that 37 ships were already waiting at anchor.\n\n"
            "Reuters contributed to this report.\n\n"
            "Sign up for our daily newsletter to get the latest news in your inbox.")
STRIKE_B = ("A strike has shut the container terminal in Velmora, where 1,200 union members stopped work on "
            "Tuesday.\n\n"
            "The walkout followed the collapse of negotiations over a pay rise of 5.9 percent.\n\n"
            "Port officials counted 37 vessels waiting offshore by the evening.\n\n"
            "The mediator, Aurel Fenn, who died last year aged 81, had warned of such a dispute.")


def test_furniture_is_never_a_fact() -> None:
    texts = [s.text for s in statements(art("a", STRIKE_A))]
    assert not any("Petra Lind" in t or "newsletter" in t or "contributed" in t or t == "What happens next"
                   for t in texts)
    assert is_furniture("By Petra Lind", True) == "byline"
    assert is_furniture("Photo: Meridian Wire / Petra Lind", True)
    assert is_furniture("What happens next", True) == "subhead"
    assert is_furniture("The union said 1,200 members had stopped work.", True) is None


def test_paraphrases_are_one_fact_and_not_omitted() -> None:
    """The raise both lead with, in other words ("5.9% raise" / "pay rise of 5.9 percent"), is reported
    by both outlets: neither is marked as omitting it."""
    a, b = art("a", STRIKE_A, "Meridian"), art("b", STRIKE_B, "Courier")
    cov = build_coverage([a, b])
    raise_fact = [f for f in cov["facts"] if any("5.9" in a.source[e["start"]:e["end"]] or
                                                 "5.9" in b.source[e["start"]:e["end"]] for e in f["evidence"]
                                                 if e["doc"] in ("a", "b"))]
    assert raise_fact and all(set(f["docs"]) == {"a", "b"} for f in raise_fact)
    ships = [f for f in cov["facts"] if "37" in f["text"]]
    assert ships and set(ships[0]["docs"]) == {"a", "b"}
    # the only fact of one outlet (the mediator's death at 81) is not "omitted" by the other: one source
    assert all(cov["facts"][k]["stated_by"] >= 2 for ks in cov["omitted"].values() for k in ks)


RESIGN_A = ("Velmora harbour master Piet Hol resigned on Monday over the dredging contract, and the council "
            "named his deputy, Mirela Stanic, acting harbour master until a vote in March.\n\n"
            "The dredging contract had been awarded without a tender in the summer.")
RESIGN_B = ("The council named Mirela Stanic, the deputy, to act in the post until a vote in March.\n\n"
            "Councillors argued for an hour about the cost of repairs to the ferry pier.")
RESIGN_C = ("Piet Hol quit as head of the Velmora port on Monday, citing the dredging contract.\n\n"
            "The dredging contract had been awarded without a tender, critics said.")


def test_a_sentence_is_cut_into_its_clauses() -> None:
    """A sentence that says two things ("resigned ..., and the council named ...") is two
    statements, each citing its own span of the source and keeping the sentence's place, and so
    is one whose opening clause sets the scene ("After ..., the union ..."); a list ("wages,
    hours, and pensions"), a quotation and a short opening ("After that, ...") are never cut."""
    a = art("a", RESIGN_A)
    first = statements(a)[0]
    parts = clauses(first)
    assert len(parts) == 2
    assert parts[0].text.endswith("over the dredging contract") and parts[1].text.startswith("and the council")
    assert all(a.source[p.start:p.end] == p.text and p.position == first.position for p in parts)
    assert parts[0].start == first.start and parts[1].end == first.end
    listed = statements(art("b", "The union wants talks on wages, hours, and pensions before the strike ends "
                                 "on Friday."))[0]
    assert clauses(listed) == [listed]
    quoted = statements(art("c", "“We asked for a fair offer on pay and hours, and we got an insult from the "
                                 "board,” the union leader Ilse Marrow said on Monday."))[0]
    assert clauses(quoted) == [quoted]
    scene = statements(art("d", "After a night of talks at the Velmora town hall, the union called off the "
                                "strike at the container terminal."))[0]
    assert [p.text for p in clauses(scene)] == ["After a night of talks at the Velmora town hall",
                                                "the union called off the strike at the container terminal."]
    short = statements(art("e", "After that, the union called off the strike at the container terminal."))[0]
    assert clauses(short) == [short]


def test_a_clause_is_a_fact_of_its_own() -> None:
    """The appointment that one outlet states in the second clause of its lede and another in a
    sentence of its own is one fact of those two outlets, and the third, which reports only the
    resignation, neither states it nor is made to; the summary quotes the whole sentence."""
    a, b, c = art("a", RESIGN_A, "Herald"), art("b", RESIGN_B, "Courier"), art("c", RESIGN_C, "Gazette")
    cov = build_coverage([a, b, c])
    named = [f for f in cov["facts"] if any(e["doc"] == "b" and e["match"] == "stated" for e in f["evidence"])
             and "Stanic" in f["text"]]
    assert named and set(named[0]["docs"]) == {"a", "b"}
    cited = [e for e in named[0]["evidence"] if e["doc"] == "a"][0]
    assert a.source[cited["start"]:cited["end"]].startswith("and the council named")
    quit_ = [f for f in cov["facts"] if any(e["doc"] == "c" and e["match"] == "stated" and
                                           c.source[e["start"]:e["end"]].startswith("Piet Hol quit")
                                           for e in f["evidence"])]
    assert quit_ and "b" not in quit_[0]["docs"] and "a" in quit_[0]["docs"]
    alone = build_summary([a], build_coverage([a]), 5)  # its two clauses are two facts, quoted once, whole
    assert [p["text"] for p in alone] == RESIGN_A.split("\n\n")
    out = compare_story([a, b, c], {})  # the page marks a clause that starts inside its sentence
    story = DossierStory(id="s", label="x", date_range=[None, None], independent_sources=3, outlets=[],
                         articles=[DossierArticle.of(x, None) for x in (a, b, c)], quotes=[], comparison=out)
    page = render_coverage(story)
    assert "…and the council named" in page and ">Velmora harbour master Piet Hol resigned" in page


def test_a_fact_two_outlets_state_and_a_third_lacks_is_omitted() -> None:
    a, b = art("a", STRIKE_A, "Meridian"), art("b", STRIKE_B, "Courier")
    c = art("c", "Shoppers in Velmora queued for bread on Saturday as bakeries reopened after the holiday.\n\n"
                 "The city council said the new market hall would open in the spring.", "Gazette")
    cov = build_coverage([a, b, c])
    assert cov["omitted"]["Gazette"], "the strike facts both other outlets state are missing from c"
    for k in cov["omitted"]["Gazette"]:
        assert "c" not in cov["facts"][k]["docs"]


def test_a_close_passage_without_the_facts_number_is_unclear_not_omitted() -> None:
    """An outlet whose passage shares most of a fact's words but not its
    number (800 members, not 1,200) neither reports the fact nor is silent on
    it: the cell is "unclear", citing the passage, and the outlet is not
    listed as omitting the fact, which two outlets state."""
    a, b = art("a", STRIKE_A, "Meridian"), art("b", STRIKE_B, "Courier")
    c = art("c", "Shoppers in Velmora queued for bread on Saturday as bakeries reopened.\n\n"
                 "Only 800 union members joined the stoppage at the terminal, organisers admitted.", "Gazette")
    cov = build_coverage([a, b, c])
    members = [f for f in cov["facts"] if "1,200" in f["text"]]
    assert members and members[0]["stated_by"] == 2 and "c" not in members[0]["docs"]
    unclear = [u for u in members[0]["unclear"] if u["doc"] == "c"]
    assert unclear and "800 union members" in c.source[unclear[0]["start"]:unclear[0]["end"]]
    k = cov["facts"].index(members[0])
    assert k not in cov["omitted"]["Gazette"]
    out = compare_story([a, b, c], {})
    story = DossierStory(id="s", label="x", date_range=[None, None], independent_sources=3, outlets=[],
                         articles=[DossierArticle.of(x, None) for x in (a, b, c)], quotes=[], comparison=out)
    assert re.search(r'<a class="cov-unclear" href="#[^"]+"[^>]*>\?</a>', render_coverage(story))


def _quoted(a: Article, words: str, speaker: str) -> Quote:
    s = a.source.index(words)
    return Quote(doc=a.name, start=s, end=s + len(words), text=words, kind="direct", speaker=speaker)


FLOOD = [art("a", "Mayor Jana Pell spent Sunday at an emergency shelter in the school gym.\n\n"
                  "“We had minutes, not hours, to get the children out of the valley,” Pell said.", "Herald"),
         art("b", "Rescue crews searched the riverbanks for a second day.\n\n"
                  "“The valley will need years, not months, to recover from this,” Pell said.", "Courier"),
         art("c", "Engineers began inspecting the cracked spillway on Monday.\n\n"
                  "The mayor told reporters that residents had minutes to carry their children out before the "
                  "water reached the church square.", "Gazette"),
         art("d", "Engineers began inspecting the cracked spillway on Monday.\n\n"
                  "Residents had minutes to carry their children out before the water reached the church square, "
                  "the engineers said.", "Post"),
         art("e", "Engineers began inspecting the cracked spillway on Monday.\n\n"
                  "Mayor Jana Pell visited residents who had minutes to carry their children out before the water "
                  "reached the church square.", "Tribune")]


def test_a_quotation_is_reported_only_as_its_speakers_speech() -> None:
    """A fact that is one speaker's quotation is likely reported by another
    outlet's passage only when that passage is no other quotation and names
    the speaker, here by a role phrase ("The mayor") resolved to her, with a
    speech verb. Another quotation of hers that shares its words, the same
    words said by others, and her name without a speech verb do not report
    it. Without the quotations every outlet would."""
    a, b, c, d, e = FLOOD
    quotes = {"a": [_quoted(a, "We had minutes, not hours, to get the children out of the valley,", "Jana Pell")],
              "b": [_quoted(b, "The valley will need years, not months, to recover from this,", "Jana Pell")]}
    actors = resolve(FLOOD)

    def likely(cov: dict, quote: str) -> list[str]:
        return [f for f in cov["facts"] if quote in f["text"]][0]["tentative"]

    assert likely(build_coverage(FLOOD, actors=actors), "We had minutes") == ["b", "c", "d", "e"]
    cov = build_coverage(FLOOD, quotes=quotes, actors=actors)
    assert likely(cov, "We had minutes") == ["c"]
    assert likely(cov, "The valley will need years") == []
    # without the resolved actors, "The mayor" names nobody: the passage is not taken as hers
    assert likely(build_coverage(FLOOD, quotes=quotes), "We had minutes") == []
    # compare_story resolves the actors once, for coverage and for the naming of framing
    out = compare_story(FLOOD, quotes)
    assert [f for f in out.coverage["facts"] if "We had minutes" in f["text"]][0]["tentative"] == ["c"]
    assert any(x["entity"] == "Jana Pell" for x in out.framing["actors"])


def test_a_short_quotation_two_outlets_print_is_a_statement_of_each() -> None:
    """A sentence too short to state anything on its own ("But I don't find
    it O.K.") is kept when it holds a quotation that another outlet prints
    too (a quote group): the outlet states that fact and is not listed as
    omitting it."""
    a = art("a", "The chairman read out a list of the minister’s contacts with foreign lobbyists.\n\n"
                 "“But I don’t find it O.K.,” he said.", "Times")
    b = art("b", "Chairman Varde told the hearing that the contacts were a danger to the country.\n\n"
                 "“I don’t find it OK,” he said on Thursday.\n\n"
                 "Republicans on the committee walked out of the room in protest.", "Post")
    c = art("c", "The hearing opened with a statement from the committee's ranking Republican.\n\n"
                 "“I don’t find it OK,” the chairman said of the contacts.", "Herald")
    short = "But I don’t find it O.K.,"
    assert not [st for st in statements(a) if short in st.text]
    members = [{"doc": x.name, "start": x.source.index(q)}
               for x, q in ((a, "But I don’t"), (b, "I don’t"), (c, "I don’t"))]
    assert [st for st in statements(a, keep=[members[0]["start"]]) if short in st.text]
    cov = build_coverage([a, b, c], quote_groups=[{"members": members}])
    fact = [f for f in cov["facts"] if any(e["doc"] == "a" and short in a.source[e["start"]:e["end"]]
                                           for e in f["evidence"])]
    assert fact and fact[0]["docs"] == ["a", "b", "c"] and fact[0]["tentative"] == []
    assert not any(cov["facts"][k] is fact[0] for ks in cov["omitted"].values() for k in ks)


def test_a_figure_the_claims_align_holds_a_facts_number() -> None:
    """A close passage that lacks a number the fact names (the day, "12
    October") but gives a figure the claims layer aligns with the fact's
    ("killed four people" against "killing four people") reports the fact;
    without the claims it is only "unclear"."""
    a = art("a", "The Veltmark dam, run by the state company Oltra, burst in the early hours of 12 October, "
                 "killing four people.\n\nEngineers had warned of cracks in its spillway two years earlier.", "Herald")
    b = art("b", "The national weather service said record rain had fallen on the upper valley over the weekend.\n\n"
                 "Schools in the lower valley stayed closed on Monday.", "Courier")
    c = art("c", "Several hundred residents marched to the regional office on Friday, five days after the collapse "
                 "of part of the Veltmark dam run by Oltra killed four people.\n\nThe protest was loud but peaceful.",
            "Gazette")

    def dam(facts: list[dict]) -> dict:
        return [f for f in facts if f["text"].startswith("The Veltmark dam")][0]

    plain = dam(build_coverage([a, b, c])["facts"])
    assert plain["tentative"] == [] and [u["doc"] for u in plain["unclear"]] == ["c"]
    out = compare_story([a, b, c], {})
    assert [x["docs"] for x in out.claims if x["value"] == 4] == [["a", "c"]]
    aligned = dam(out.coverage["facts"])
    assert aligned["tentative"] == ["c"] and aligned["unclear"] == []


def test_every_cell_cites_a_span_and_likely_matches_say_so() -> None:
    a, b = art("a", STRIKE_A, "Meridian"), art("b", STRIKE_B, "Courier")
    for f in build_coverage([a, b])["facts"]:
        assert {e["doc"] for e in f["evidence"]} == set(f["docs"])
        for e in f["evidence"]:
            assert 0 <= e["start"] < e["end"] <= len({"a": a, "b": b}[e["doc"]].source)
            assert e["match"] in ("stated", "likely")
        assert set(f["tentative"]) == {e["doc"] for e in f["evidence"] if e["match"] == "likely"} - \
            {e["doc"] for e in f["evidence"] if e["match"] == "stated"}


def test_page_shows_twelve_facts_and_the_rest_behind_a_link() -> None:
    body = "\n\n".join(f"The council approved plan number {k} for the {w} district on Monday." for k, w in
                       enumerate("north south east west river hill port old new market park lake bay mill "
                                 "field".split(), 1))
    a, b = art("a", body, "Ledger"), art("b", body.replace("Monday", "Tuesday"), "Courier")
    out = compare_story([a, b], {})
    assert len(out.facts) > 12
    story = DossierStory(id="s", label="x", date_range=[None, None], independent_sources=2, outlets=[],
                         articles=[DossierArticle.of(a, None), DossierArticle.of(b, None)], quotes=[],
                         comparison=out)
    html = render_coverage(story)
    shown, rest = html.split("<details", 1)
    assert shown.count("<tr>") == 13  # the header and 12 facts
    assert f"{len(out.facts) - 12} more facts" in rest
    assert re.search(r'<a class="cov-yes" href="#[^"]+"', html)  # a mark links to its span


def test_coverage_is_bounded_on_a_huge_text() -> None:
    """60,000 short sentences: no n x n matrix; the budget keeps the first statements and says so."""
    text = "\n".join(f"The crane {k} moved cargo {k % 97} across the quay." for k in range(60000))
    t = time.perf_counter()
    cov = build_coverage([art("big", text)], budget=CoverageBudget(max_statements=3000))
    assert time.perf_counter() - t < 30  # generous: about 1 s alone
    assert len(cov["facts"]) <= 3000 and cov["left_out"]


# -- framing and naming -----------------------------------------------------------------------------
def test_contested_terms_only_in_their_sense() -> None:
    lex = load_lexicon()
    taiwan = art("t", "Beijing speaks of reunification with Taiwan, which it claims as its own territory.")
    climate = art("c", "Climate activists blocked the road outside the ministry on Friday.")
    assert not [e for e in term_usage([taiwan, climate], lex) if e["id"] in ("crimea-status", "unionists")]
    crimea = art("k", "Moscow calls the 2014 events in Crimea a reunification.")
    union = art("u", "Union militants blocked the gates of the terminal as the strike went on.")
    ids = {e["id"] for e in term_usage([crimea, union], lex)}
    assert {"crimea-status", "unionists"} <= ids


def test_heartbeat_law_and_virus_names_are_noticed() -> None:
    a = art("a", "The governor signed the heartbeat bill on Tuesday, and critics blamed the CCP virus.", "Right")
    b = art("b", "The governor signed a six-week abortion ban on Tuesday as coronavirus cases rose.", "Left")
    used = {e["id"]: e for e in term_usage([a, b], load_lexicon())}
    assert used["abortion-ban-label"]["contested"] and used["covid-name"]["contested"]


def test_distinctive_words_with_counts_and_no_trivial_words() -> None:
    base = ("The port strike continued on Tuesday as talks between the union and the company stalled. "
            "Workers gathered at the gate since the first shift, step by step. ") * 12
    a = art("a", base + "Militants blockade the terminal; the regime failed the militants and the blockade held. " * 4,
            "Voice")
    b = art("b", base + "Members of the union held a peaceful picket while negotiators met again. " * 4, "Ledger")
    fr = framing([a, b])
    words = {w: (n, m) for w, _, n, m in fr["distinctive"]["Voice"]}
    assert words["militants"] == (8, 0)
    assert not {"first", "since", "step"} & {w for ws in fr["distinctive"].values() for w, *_ in ws}


def test_actors_and_how_each_outlet_names_them() -> None:
    a = art("a", "Venezuelan leader Oskar Brandvold received the envoy in Caracas on Monday. Mr. Brandvold "
                 "called the visit useful. The Venezuelan leader then inspected a refinery.", "Daily")
    b = art("b", "The Venezuelan dictator Oskar Brandvold greeted the envoy. Brandvold waved at the crowd, and "
                 "the Venezuelan dictator pledged further meetings. Venezuela added nothing more.", "Herald")
    actors = {x["entity"]: x for x in naming([a, b])["actors"]}
    kim = actors["Oskar Brandvold"]
    forms = {o: {f["form"] for f in fs} for o, fs in kim["outlets"].items()}
    assert "the Venezuelan dictator" in forms["Herald"] and "the Venezuelan leader" in forms["Daily"]
    assert "Mr. Brandvold" in forms["Daily"] and "Brandvold" in forms["Herald"]
    assert "the Venezuelan dictator" in kim["labels"]  # one outlet's label for him
    for fs in kim["outlets"].values():
        for f in fs:
            src = {"a": a, "b": b}[f["cite"]["doc"]].source
            assert src[f["cite"]["start"]:f["cite"]["end"]].lower().endswith(f["form"].lower().split()[-1])


def test_a_surname_shared_by_two_people_goes_to_the_one_with_the_role() -> None:
    a = art("a", "President Hal Dorner greeted the visitors. Greta Dorner wore green. Dorner spoke first.", "A")
    b = art("b", "Mr. Dorner spoke for an hour. President Dorner thanked the mayors.", "B")
    actors = {x["entity"]: x for x in naming([a, b], min_mentions=1)["actors"]}
    assert actors["Hal Dorner"]["mentions"] == 4 and actors["Greta Dorner"]["mentions"] == 1


def _entities(articles: list[Article]) -> dict[str, set[str]]:
    """Each entity key with the mention texts resolved to it."""
    out: dict[str, set[str]] = {}
    for m, key in resolve(articles):
        out.setdefault(key, set()).add(m.text)
    return out


def test_an_administration_is_its_country_and_a_campaign_is_not_the_person() -> None:
    a = art("a", "U.S. President Hal Dorner hosted Japanese Prime Minister Kenji Arata. The Dorner administration "
                 "called the visit a success, and Dorner campaign staff applauded. Arata flew back, where his "
                 "government faced criticism.", "A")
    keys = _entities([a])
    assert "The Dorner administration" in keys["country:USA"]
    assert "his government" in keys["country:JPN"]  # the nearest person before it is Arata
    assert "Dorner campaign" in keys["team:hal dorner:campaign"]
    assert "Dorner" in keys["person:hal dorner"]  # the name inside the phrase is still the person
    b = art("b", "The Veltish government said nothing.", "B")  # a word that names no person: left alone
    assert not any("Veltish government" in t for ts in _entities([b]).values() for t in ts)


def test_a_leaders_administration_is_not_the_country_another_leads() -> None:
    # a story about Portugal, led by Aurel Fenn; President Dorner is titled with no country
    a = art("a", "Portugal closed its ports on Monday. Portuguese Prime Minister Aurel Fenn watched the vote. "
                 "Portugal said the law was final, and Portugal will go on. President Hal Dorner said talks were "
                 "possible. The Dorner administration has not replied to Portugal.", "A")
    keys = _entities([a])
    assert "The Dorner administration" in keys["team:hal dorner:administration"]
    assert "The Dorner administration" not in keys["country:PRT"]
    # with no leader of the story's country named, the story still never says Dorner is Portugal's: his people
    b = art("b", "Portugal closed its ports. Portugal said the law was final. Portugal will go on. President Hal "
                 "Dorner spoke. The Dorner administration replied.", "B")
    keys = _entities([b])
    assert "The Dorner administration" in keys["team:hal dorner:administration"]
    assert "The Dorner administration" not in keys["country:PRT"]
    # a leader the story ties to a country: that country ("U.S. President Hal Dorner")
    c = art("c", "Portugal closed its ports. Portugal said the law was final. Portugal will go on. U.S. President "
                 "Hal Dorner spoke. The Dorner administration replied.", "C")
    assert "The Dorner administration" in _entities([c])["country:USA"]


def test_his_government_is_the_country_of_the_person_not_of_a_nearer_country() -> None:
    a = art("a", "Japanese Prime Minister Kenji Arata met U.S. President Hal Dorner. Arata wants more U.S. "
                 "support for his government's plans. The president did not say who in his administration "
                 "would lead the talks.", "A")
    keys = _entities([a])
    assert "his government" in keys["country:JPN"]  # Arata's, though "U.S." is nearer
    assert "his administration" in keys["country:USA"]  # "The president" (Dorner) is the person before it


def test_roles_named_with_a_body_and_generic_heads() -> None:
    a = art("a", "FBI Director Walt Brenning testified. Later the former FBI director refused to answer. "
                 "NATO Secretary General Ilse Marrow spoke; the NATO chief said members concurred. "
                 "WorldHarbor said its chief executive would respond.", "A")
    keys = _entities([a])
    assert any("FBI director" in t for t in keys["person:walt brenning"])
    assert "the NATO chief" in keys["person:ilse marrow"]
    assert not any("chief executive" in t for ts in keys.values() for t in ts)  # a title, not a head of state


def test_the_north_compound_demonyms_months_and_places() -> None:
    a = art("a", "North Korea fired a missile. The North said it was a test over the Korean Peninsula. "
                 "Thousands of Central Americans marched. Harriet May met the envoy. May said talks would "
                 "resume in May 2019.", "A")
    keys = _entities([a])
    assert "North" in keys["country:PRK"]
    assert not any("Peninsula" in t for ts in keys.values() for t in ts)  # a place, not an actor
    assert "country:USA" not in keys  # "Central Americans" are not the United States
    may = [m.text for m, k in resolve([a]) if k == "person:harriet may"]
    assert may == ["Harriet May", "May"]  # "May said" is her; "in May 2019" is a date


def test_possessives_name_their_country_and_a_demonym_role_keeps_its_country() -> None:
    a = art("a", "U.S. President Hal Dorner met Tovar Quist in Lindqvist. After Dorner’s talks with Quist, the "
                 "Ukrainian president urged calm. Ukraine's economy shrank, and NATO’s envoy said the "
                 "United States' offer stood. Israel's prime minister was not invited.", "A")
    keys = _entities([a])
    assert "Ukraine's" in keys["country:UKR"] and "NATO’s" in keys["country:NATO"]
    assert "United States'" in keys["country:USA"]
    assert not any(k.startswith(("name:", "person:")) and {"NATO’s", "Ukraine's"} & ts
                   for k, ts in keys.items())  # a possessive is no person
    # the Ukrainian president is not the US president the story names, and no one else is titled so
    assert not any("the Ukrainian president" in ts for ts in keys.values())
    roles = [m for m in find_mentions(a) if m.text == "Israel's prime minister"]
    assert roles and roles[0].kind == "role" and roles[0].country == "ISR"


def test_a_foreign_leader_is_no_one_the_story_names_without_a_country() -> None:
    a = art("a", "Senate Leader Ana Vass met reporters in Washington. The United States and the United States "
                 "Senate agreed. Vass said the Russian leader must answer. Leader Vass left. "
                 "A U.S. senator, Tovar Quist, disagreed. The senator spoke later.", "A")
    keys = _entities([a])
    vass = next(ts for k, ts in keys.items() if k.startswith("person:") and "Vass" in ts)
    assert "the Russian leader" not in vass  # no person of Russia is named: the role stays unresolved


def test_a_sentence_adverb_is_no_name_and_a_first_name_ending_in_ly_stays() -> None:
    a = art("a", "Additionally, Calder said more. Kelly Vass, the envoy, agreed. Similarly Tovar Quist agreed.", "A")
    people = [m.text for m in find_mentions(a) if m.kind == "person"]
    assert people == ["Calder", "Kelly Vass", "Tovar Quist"]


def test_a_name_with_particles_is_one_mention() -> None:
    a = art("a", "Later, envoy Karim al-Mansouri met Greta van der Hoek and Luis de la Vega on Monday.", "A")
    people = [m.text for m in find_mentions(a) if m.kind == "person"]
    assert people == ["Karim al-Mansouri", "Greta van der Hoek", "Luis de la Vega"]


def test_countries_beyond_the_usual_news_few_and_first_names_that_look_like_them() -> None:
    a = art("a", "Finn Calder met Norwegian officials. The Finnish president spoke, and Brazil's envoy agreed. "
                 "Dane Vass and Jim Jordan listened.", "A")
    got = {m.text: (m.kind, m.country) for m in find_mentions(a)}
    assert got["Norwegian officials"] == ("role", "NOR") and got["The Finnish president"] == ("role", "FIN")
    assert got["Brazil's"] == ("country", "BRA")
    # a first name or a surname that is also a demonym or a country stays a name
    assert got["Finn Calder"][0] == got["Dane Vass"][0] == got["Jim Jordan"][0] == "person"


def test_actor_names_without_possessives_contractions_or_a_passing_country() -> None:
    a = art("a", "Velmora's mayor Rena Calder spoke. It’s late, Calder’s aide said. I’m tired, Calder said. "
                 "Velmora's council met; Velmora's port reopened. The government said it would pay. "
                 "The leaflet was printed in English.", "A")
    actors = {x["entity"]: x for x in naming([a], min_mentions=1)["actors"]}
    assert "Velmora" in actors and "Velmora's" not in actors  # shown as named, without the possessive
    assert not {"It", "It’s", "I’m", "I"} & set(actors)  # a contraction that opens a sentence is no actor
    # "the government" is not the country named once in passing ("in English")
    assert [f["form"] for f in actors["United Kingdom"]["outlets"]["A"]] == ["English"]
    assert "Rena Calder" in actors


@pytest.mark.parametrize(("text", "kind", "name"), [
    ("House Democrats met.", "group", "Democrats"),  # a party's people, not a person
    ("An Ohio Republican objected.", "group", "Republicans"),
    ("Officer Dana Wills spoke.", "person", "Dana Wills"),  # titles are no part of the name
    ("Velmora Harbour Patrol Capt. Ron Vass spoke.", "person", "Ron Vass"),
    ("Spokesperson Marie Lind spoke.", "person", "Marie Lind"),
    ("Director of National Intelligence Tomas Quist testified.", "person", "Tomas Quist"),
    ("He told Vellmar Radio’s Jorge Lind.", "person", "Jorge Lind"),  # the owner is another mention
    ("Calder Monday said no.", "person", "Calder"),  # a day is no part of the name
    ("An Iowa Democrat spoke.", "group", "Democrats"),
    ("He went to the F.B.I. He said no.", "org", "F.B.I."),  # the abbreviation's stop ended the sentence
    ("Facebook sold the data.", "person", "Facebook"),  # a platform alone is an actor
    ("The Velmora Chamber of Commerce objected.", "org", "Velmora Chamber of Commerce"),  # a body "of" a thing
    ("Talks with Ana Vass of Velmora stalled.", "person", "Ana Vass"),
    ("He told The New Harbour Times so.", "org", "New Harbour Times"),  # "New" is no stop word before a name
    ("Officials at the Justice Department declined.", "org", "Justice Department"),  # a body's name holds no title
    ("He wrote to the U.S. Conference of Velmoran Bishops.", "org", "Conference of Velmoran Bishops"),
    ("He was tried at the St. Arden County Court.", "org", "St. Arden County Court"),
])
def test_name_sequences_split_into_what_they_are(text: str, kind: str, name: str) -> None:
    assert (kind, name) in {(m.kind, m.name) for m in find_mentions(art("a", text, "A"))}


@pytest.mark.parametrize("text", [
    "The Arkansas-based firm left.", "After the Cold War ended.", "Roman Catholic bishops met.",
    "St. Louis voted.", "Ms. Vass, Republican of Wyoming, agreed.",
    "We’ve won. They’ll stay.", "Rep. Ana Vass (D-Calif.) spoke.", "WikiLeaks Twitter posted.",
    "A Twitter-affiliated group posted.", "The Secretary’s aide left.",
])
def test_no_person_in_adjectives_events_faiths_places_or_contractions(text: str) -> None:
    names = {m.name for m in find_mentions(art("a", text, "A")) if m.kind == "person"}
    assert names <= {"Vass", "Ana Vass"}, names


def test_no_actor_in_a_common_word_opening_a_sentence_or_a_place_adjective() -> None:
    text = ("The union met on Monday. Union activists handed out leaflets. Valdorian officials said little. "
            "Labour costs rose, said Labour.")
    got = {m.text for m in find_mentions(art("a", text, "A"))}
    assert "Union" not in got and "Valdorian" in got  # "the union" is a common word; "Valdoria" is not named yet
    text += " Valdoria is small."  # now "Valdorian" is made of a place the text names
    got = {m.text for m in find_mentions(art("a", text, "A"))}
    assert "Valdorian" not in got and "Labour" in got  # "said Labour": a name alone inside a sentence


def test_a_dateline_is_no_actor() -> None:
    got = {m.text for m in find_mentions(art("a", "PORTSALVE, Valdoria — Ilse Marrow spoke to dockers.", "A"))}
    assert got == {"Ilse Marrow"}


def test_an_owner_and_a_thing_it_owns_are_two_mentions() -> None:
    text = ("Calder said the cuts were unfair. Ana Calder’s Harbourcare plan failed. "
            "Ines Vass shops at Bram’s Market. The Calder-Vass ticket lost.")
    got = {m.text for m in find_mentions(art("a", text, "A"))}
    assert "Ana Calder’s" in got and "Ana Calder’s Harbourcare" not in got  # "Calder" is written on its own
    assert "Bram’s Market" in got  # "Bram" is not: one name
    assert not any("Calder-Vass" in t for t in got)  # a ticket of two people the text names


def test_a_long_run_of_possessive_names_is_read_without_recursion() -> None:
    """Hostile input: 3,000 owners in a row ("Vass’s Vass’s … Rena Calder") are 3,000 owner mentions
    and a person, read in a loop (a recursion per owner overflowed the stack)."""
    text = "Vass’s " * 3000 + "Rena Calder spoke."
    ms = find_mentions(art("a", text, "A"))
    assert len(ms) == 3001 and ms[-1].name == "Rena Calder"


def test_a_title_case_headline_is_no_person() -> None:
    head, body = "Calder Urges Restraint On Harbour Strike", "Rena Calder urged restraint. Calder spoke twice."
    text = head + "\n\n" + body
    a = Article(id="a", name="a", source=text, body=text, outlet="A", published="2025-10-15",
                segments=[Segment(0, 0, len(head)), Segment(len(head) + 2, len(head) + 2, len(body))])
    keys = _entities([a])
    assert not any("Restraint" in t for ts in keys.values() for t in ts)
    assert keys["person:rena calder"] >= {"Rena Calder", "Calder"}


def test_collectives_are_one_group_whatever_each_outlet_calls_them() -> None:
    a = art("a", "The migrant caravan reached the border on Sunday. Many asylum-seekers slept outside.", "Daily")
    b = art("b", "Hundreds of illegal aliens arrived at the border. The caravan was stopped by police.", "Herald")
    actors = {x["entity"]: x for x in naming([a, b], min_mentions=1)["actors"]}
    forms = {o: {f["form"] for f in fs} for o, fs in actors["migrants"]["outlets"].items()}
    assert forms == {"Daily": {"the migrant caravan", "asylum-seekers"}, "Herald": {"illegal aliens", "the caravan"}}


# -- summary ----------------------------------------------------------------------------------------
QUOTED = ("The president visited the flooded town of Drevnyk on Thursday with the regional governor.\n\n"
          "\u201cWe will rebuild every house. Nobody will be left behind,\u201d he said, standing on a ruined bridge.\n\n"
          "Driving the news: Engineers found 3,400 homes damaged by the water in the valley.\n\n"
          "Officials said 3,400 homes were damaged and the dam would be repaired by spring.")


def test_summary_never_splits_a_quotation_and_names_its_speaker() -> None:
    a = art("a", QUOTED, "Herald")
    sents = article_sentences(a)
    inside = next(s for s in sents if a.source[s[0]:s[1]].startswith("Nobody"))  # the splitter cut the quote
    s, e = balanced_span(a.source, sents, *inside)
    assert a.source[s:e].startswith("\u201cWe will rebuild") and "he said" in a.source[s:e]
    q0 = a.source.index("We will")
    quotes = {"a": [Quote(doc="a", start=q0, end=a.source.index(",\u201d"), text="", kind="direct",
                          speaker="Anselm Varde")]}
    b = art("b", "Anselm Varde toured Drevnyk on Thursday and promised to rebuild every house in the town.", "Post")
    out = compare_story([a, b], quotes, summary_sentences=5)
    faults = summary_faults(out.summary, {"a": a, "b": b}, quotes, order=["a", "b"])
    assert not faults.split_quotes and not faults.section_labels and not faults.unnamed_speakers
    quoted = [x for x in out.summary if "\u201c" in x["text"]]
    assert all(x.get("speaker") == "Anselm Varde" for x in quoted)


def test_summary_drops_section_labels_repeats_and_keeps_reading_order() -> None:
    a = art("a", QUOTED, "Herald")
    cov = build_coverage([a])
    out = build_summary([a], cov, 5)
    assert not any(x["text"].startswith("Driving the news") for x in out)
    assert sum("3,400" in x["text"] for x in out) <= 1  # one number, one passage
    assert [x["start"] for x in out] == sorted(x["start"] for x in out)
    assert section_label("Driving the news: Engineers found damage.") == len("Driving the news: ")
    # a label in title case, a dateline in capitals with a colon
    assert section_label("New Price Drop: Harbour Watch for $169.99") == len("New Price Drop: ")
    # a subhead in title case with its small words, run into the paragraph
    assert section_label("Little Relief for Dockers: The strike fund pays 40 crowns a day.") == \
        len("Little Relief for Dockers: ")
    assert section_label("Bank of Valdoria said: rates will rise.") == 0
    assert section_label("NEW DELHI: Their American dream shattered, 150 people returned.") == len("NEW DELHI: ")
    assert section_label("He said: “We will stay.”") == 0
    # a details box ending in a web address is no statement (it stays in the article's text)
    assert is_furniture("Harbour Songs, 2 CDs, RRP: 19.95 Euro More info: www.example.org/songs | +49 40 85-433",
                        whole_line=True) == "contact"
    assert section_label("He said: we will rebuild.") == 0


def test_two_ledes_telling_one_event_are_one_summary_passage() -> None:
    herald = art("a", "Mayor Ilse Varga has dropped plans to chair the harbour debate, citing a packed diary.\n\n"
                      "Dock owners welcomed the news at a meeting in Ostrava.\n\n"
                      "The debate will go ahead without a chair.", "Herald")
    courier = art("b", "Ilse Varga announced Tuesday she is bowing out as chair of the harbour debate later this "
                       "month.\n\nCouncillors had asked her to stay on.\n\nFerry crews plan a strike in March.",
                  "Courier")
    out = build_summary([herald, courier], build_coverage([herald, courier]), 5)
    ledes = [x for x in out if x["text"].startswith(("Mayor Ilse Varga", "Ilse Varga announced"))]
    assert len(ledes) == 1, [x["text"] for x in out]
    # ledes of two events, days apart, are kept both; a lede repeats no passage from further down
    resigned = _Said.of("Ilse Varga resigned Monday as chair of the port panel after a row.", True)
    apologized = _Said.of("Mayor Ilse Varga apologized Saturday for her remarks on dock owners.", True)
    weight = {w: (1.0 if w in ("ilse", "varga") else 0.1) for w in resigned.stems | apologized.stems}
    assert not resigned.repeats(apologized, weight)  # the words the story's facts rarely share are hers
    same_day = _Said.of("Mayor Ilse Varga apologized Monday for her remarks on dock owners.", True)
    assert resigned.repeats(same_day, weight)
    assert not resigned.repeats(_Said.of("Mayor Ilse Varga apologized Monday for her remarks on dock owners.",
                                         False), weight)


def _two_outlets_summary(text: str, lede: str, reworded: str) -> list[dict]:
    """The summary of ``text`` printed by two outlets, the second with its lede's words ``lede`` reworded."""
    a, b = art("a", text, "Herald"), art("b", text.replace(lede, reworded), "Courier")
    return build_summary([a, b], build_coverage([a, b]), 5)


def test_a_statement_printed_without_quotation_marks_is_no_summary_narration() -> None:
    text = ("Mayor Ilse Varga attacked the harbour judge on Tuesday over his ruling on the toll.\n\n"
            "Judge Teodor Blank of the harbour court has shamed the whole bench with his very silly words about me.\n\n"
            "The toll will be collected from Monday.")
    out = _two_outlets_summary(text, "Mayor Ilse Varga attacked", "Ilse Varga, the mayor, criticised")
    assert out and not any("about me" in x["text"] for x in out)


def test_summary_cites_as_sources_only_the_articles_that_state_the_fact() -> None:
    text = "Mayor Ilse Varga closed the harbour on Tuesday after the storm broke the sea wall."
    a, b = art("a", text, "Herald"), art("b", "The council met on Tuesday.", "Courier")
    cov = {"facts": [{"evidence": [{"doc": "a", "start": 0, "end": len(text), "match": "stated"},
                                   {"doc": "b", "start": 0, "end": 27, "match": "likely", "support": 0.15}],
                      "docs": ["a", "b"], "tentative": ["b"], "independent_sources": 2, "stated_by": 1}]}
    out = build_summary([a, b], cov, 5)
    assert [(x["sources"], x["likely_sources"], x["independent_sources"]) for x in out] == [(["a"], ["b"], 1)]


def test_a_label_that_names_a_quotations_speaker_stays_in_the_summary() -> None:
    text = ("Varga: Harbour toll is \u2018a tax on every ferry\u2019\n\n"
            "Mayor Ilse Varga attacked the harbour toll on Tuesday.\n\nThe council will vote next week.")
    arts = [art("a", text, "Herald"), art("b", text.replace("Mayor Ilse Varga attacked", "Ilse Varga criticised"),
                                         "Courier")]
    quotes = {a.name: [Quote(doc=a.name, start=a.source.index("a tax"), end=a.source.index("\u2019"),
                             text="a tax on every ferry", kind="partial", speaker="Ilse Varga", speaker_start=0,
                             speaker_end=5)] for a in arts}
    out = build_summary(arts, build_coverage(arts), 5, quotes=quotes)
    toll = [x["text"] for x in out if "a tax on every ferry" in x["text"]]
    assert toll and all(t.startswith("Varga: ") for t in toll), out
    labelled = "Driving the news: Harbour toll is \u2018a tax on every ferry\u2019"
    assert section_label(labelled) == len("Driving the news: ")  # a label that names nobody still goes


def test_a_photo_caption_is_no_summary_passage() -> None:
    from storylens.compare.captions import is_caption

    assert is_caption("Members of the dockers' union at the harbour gate in Ostrava on Sunday.")
    assert is_caption("Mayor Ilse Varga, left, and Judge Teodor Blank on Monday in Ostrava.")
    assert not is_caption("Mayor Ilse Varga closed the harbour on Tuesday.")
    assert not is_caption("The split concerned the harbour toll.")  # a past tense, however it is tagged
    assert not is_caption("Harbour Board Subpoenas Ferry Firm Over Tolls")  # a headline in title case
    assert not is_caption("Members of the union \ud800 at the harbour gate on Sunday.")  # untaggable: no caption
    text = ("Members of the dockers' union at the harbour gate in Ostrava on Sunday. The union met there at dawn.\n\n"
            "Mayor Ilse Varga closed the harbour on Tuesday after the storm broke the sea wall.\n\n"
            "The council will vote on the repairs next week.")
    out = _two_outlets_summary(text, "Mayor Ilse Varga closed", "Ilse Varga, the mayor, shut")
    assert out and not any(x["text"].startswith("Members of the dockers") for x in out), out


def test_a_summary_passage_never_opens_with_a_pronoun_whose_person_it_lacks() -> None:
    text = ("Mayor Ilse Varga closed the harbour to ferries on Tuesday after a storm.\n\n"
            "She also declined to open the new terminal, calling it a bad deal for the port.\n\n"
            "The council will vote on the repairs next week.")
    out = _two_outlets_summary(text, "Mayor Ilse Varga closed", "Ilse Varga, the mayor, shut")
    assert out and not any(x["text"].startswith(("She ", "He ", "They ", "And ")) for x in out), out


def test_a_summary_passage_never_opens_with_a_word_that_leans_on_the_sentence_before() -> None:
    """"That", "It", "Others", "However", "But" point back to a sentence the summary does not show;
    "This week" dates the news and stays."""
    text = ("Mayor Ilse Varga closed the harbour to ferries on Tuesday after a storm.\n\n"
            "That separates the mayor from the port authority, which wanted the ferries running.\n\n"
            "However, the harbour master warned that the closure could last until the weekend.\n\n"
            "Others worried about the fishing fleet, which cannot leave the harbour.\n\n"
            "This week the council will vote on the repairs to the breakwater.")
    out = _two_outlets_summary(text, "Mayor Ilse Varga closed", "Ilse Varga, the mayor, shut")
    assert out and not any(x["text"].startswith(("That ", "However", "Others")) for x in out), out
    assert any(x["text"].startswith("This week the council") for x in out), out


def test_a_sentence_about_the_article_is_no_summary_passage() -> None:
    text = ("Mayor Ilse Varga closed the harbour to ferries on Tuesday after a storm.\n\n"
            "Below is a summary of the week's events and what the repairs might bring.\n\n"
            "Here's what you need to know about the closure.\n\n"
            "The council will vote on the repairs next week.")
    out = _two_outlets_summary(text, "Mayor Ilse Varga closed", "Ilse Varga, the mayor, shut")
    assert out and not any(x["text"].startswith(("Below is", "Here's")) for x in out), out


def test_summary_and_claims_start_after_the_dateline() -> None:
    text = ("HARBOURTON (KVLQ) -- Two ferries collided at dawn off the harbour wall, injuring 14 passengers.\n\n"
            "The harbour master closed the channel until noon.")
    a = art("a", text, "Herald")
    out = build_summary([a], build_coverage([a]), 5)
    assert out and out[0]["text"].startswith("Two ferries collided")
    assert a.source[out[0]["start"]:out[0]["end"]] == out[0]["text"]  # the citation moves with it
    claims = compare_story([a], {"a": []}).claims
    measure = next(c["measure"] for c in claims if "14" in str(c.get("value")) or "14" in c.get("display", ""))
    assert "KVLQ" not in measure and "injuring 14 passengers" in measure
    facts = build_coverage([a])["facts"]  # a fact's text and its cited span start after the dateline too
    lead = next(f for f in facts if "ferries" in f["text"])
    assert lead["text"].startswith("Two ferries collided") and a.source[lead["start"]:lead["end"]] == lead["text"]


def test_a_passage_without_the_facts_number_does_not_report_it():
    """A likely match must carry one of the fact's numbers: sharing the
    story's words about spending is not reporting a €650 billion fund."""
    from storylens.compare.coverage import build_coverage
    from storylens.models import Article, Segment

    def art(name: str, outlet: str, body: str) -> Article:
        return Article(id=name, name=name, source=body, body=body, outlet=outlet,
                       segments=[Segment(0, 0, len(body))])

    a = art("a", "Gazette", "Ministers met in Brussels on Thursday to discuss the harbour strike at Portsalve. "
                            "The bloc also endorsed a €650 billion defence fund for its member states. "
                            "Dockworkers have stayed off the job for four days.")
    b = art("b", "Courier", "Ministers met in Brussels on Thursday to discuss the harbour strike at Portsalve. "
                            "Talks on defence went on late into the night. "
                            "The bloc wants its states to spend 3% of output on it. "
                            "Dockworkers have stayed off the job for four days.")
    cov = build_coverage([a, b], {"a": "a", "b": "b"}, [])
    package = next(f for f in cov["facts"] if "650" in f["text"])
    assert package["docs"] == ["a"]
    assert all(e["match"] == "stated" for e in package["evidence"])


def test_summary_names_a_speaker_the_quoted_words_name_but_the_passage_does_not() -> None:
    from storylens.compare.summary import _speaker
    text = "“We will not let the Varde government close the port,” he added."
    q = Quote(doc="a", start=1, end=text.index(",\u201d"), text="", kind="direct", speaker="Anselm Varde")
    usable, speaker = _speaker(text, 0, len(text), [q])
    assert usable and speaker == "Anselm Varde"  # "Varde" inside the quotation does not name its speaker
    text2 = "“We will not let them close the port,” Varde added."
    q2 = Quote(doc="a", start=1, end=text2.index(",\u201d"), text="", kind="direct", speaker="Anselm Varde")
    assert _speaker(text2, 0, len(text2), [q2]) == (True, None)  # the attribution names him


def test_a_clause_before_a_colon_is_no_speaker() -> None:
    from storylens.annotate.attribution.finder import find_quotes
    text = ("Leaders sent a letter to the mayor on Monday.\n\nThe letter goes on: “Before the budget closes, the "
            "council should focus on these priorities.”")
    q = next(q for q in find_quotes(text, "t") if "budget closes" in q.text)
    assert q.speaker != "The letter goes on"
    text2 = "Marrow: “The port stays open.”"
    assert next(iter(find_quotes(text2, "t"))).speaker == "Marrow"


def test_a_headline_is_no_statement_nor_summary_passage_even_with_a_full_stop() -> None:
    title = "Harbour council approves ferry toll after long debate."
    body = ("The harbour council approved a ferry toll of 4 euros on Tuesday after a long debate.\n\n"
            "Mayor Ilse Varga said the toll would pay for a new pier.")
    arts = []
    for name, outlet in (("a", "Herald"), ("b", "Courier")):
        a = art(name, title + "\n\n" + body, outlet)
        a.title, a.title_span = title, Span(0, len(title))
        arts.append(a)
    assert all(s.start >= len(title) for a in arts for s in statements(a))
    out = build_summary(arts, build_coverage(arts), 5)
    assert out and not any(x["text"].startswith("Harbour council approves") for x in out)
    untitled = art("c", title + "\n\n" + body, "Post")  # without a known title the line is a sentence like any
    assert any(s.start == 0 for s in statements(untitled))


def test_a_nickname_given_in_quotation_marks_is_a_label_of_its_person() -> None:
    a = art("a", "North Korean leader Kim Jong Un fired a missile. Kim said it was a test. Kim will go on.", "Herald")
    b = art("b", "Kim Jong Un fired a missile. President Hal Dorner nicknamed him “Little Rocket Man” on Monday. "
                 "Kim laughed. Dorner called Kim “Rocket Man” again. The network referred to Dorner as a "
                 "“stubborn old man.”", "Courier")
    keys = _entities([a, b])
    assert {"Little Rocket Man", "Rocket Man"} <= keys["person:kim jong un"]  # "him" is not Dorner, the subject
    assert not any("stubborn" in t for ts in keys.values() for t in ts)  # a description, not a name
    kim = next(x for x in naming([a, b])["actors"] if x["entity"] == "Kim Jong Un")
    assert {"Little Rocket Man", "Rocket Man"} <= set(kim["labels"])


def test_a_name_the_story_writes_as_a_place_is_no_actor() -> None:
    a = art("a", "Mayor Aurel Fenn spoke in San Ravel on Monday. Crowds gathered in San Ravel where the port is. "
                 "Ilse Marrow, who served in the Fenn administration, said Fenn was wrong.", "Herald")
    b = art("b", "Protests spread in San Ravel. Aurel Fenn said the toll would stay.", "Courier")
    keys = _entities([a, b])
    assert not any(k.endswith("san ravel") for k in keys)  # "in San Ravel": a place
    assert "person:aurel fenn" in keys and "person:ilse marrow" in keys  # "in the Fenn administration" is no place
    actors = {x["entity"] for x in naming([a, b], min_mentions=1)["actors"]}
    assert "San Ravel" not in actors and "Aurel Fenn" in actors


def test_a_team_is_named_once_possessive() -> None:
    a = art("a", "Hal Dorner's campaign said it would sue. Hal Dorner's campaign filed on Monday. The Dorner "
                 "campaign won.", "Herald")
    assert "Hal Dorner’s campaign" in {x["entity"] for x in naming([a], min_mentions=1)["actors"]}


def test_a_title_case_headline_and_the_dateline_below_it_hold_no_actors() -> None:
    title = "Harbour Board Releases Toll Emails"
    text = title + "\n\nPORTSALVE — Mayor Aurel Fenn said on Monday that the Harbour Board had released the emails."
    a = art("a", text, "Herald")
    a.title, a.title_span = title, Span(0, len(title))
    names = [m.text for m in find_mentions(a)]
    assert names[0] == "Mayor Aurel Fenn" and "PORTSALVE" not in names
    assert not any("Releases" in n for n in names)
    # a name never runs from one paragraph into the next; one line break inside a paragraph it may cross
    b = art("b", "Toll row\n\nMayor Aurel Fenn spoke. The\nHarbour Board chair Ilse\nMarrow left.", "Courier")
    got = [m.text for m in find_mentions(b)]
    assert "Mayor Aurel Fenn" in got and not any("\n\n" in t for t in got)
    assert any(t.replace("\n", " ").endswith("Ilse Marrow") for t in got)


def test_a_title_of_one_body_is_not_its_holder_at_another() -> None:
    a = art("a", "CIA Director Ana Vass met Speaker Rui Tovar. The F.B.I. director did not attend. "
                 "The House speaker said the meeting went well.", "Herald")
    keys = _entities([a])
    assert not any("F.B.I. director" in ts for ts in keys.values())  # not the CIA's director
    assert "House speaker" in keys["person:rui tovar"]  # titled "Speaker" with no body


def test_a_title_case_line_in_the_text_holds_no_actors() -> None:
    text = ("Mayor Aurel Fenn spoke on Monday.\n\nHarbour Board Releases Toll Emails\n\n"
            "Ilse Marrow said the Harbour Board was right.")
    got = [m.text for m in find_mentions(art("a", text, "Herald"))]
    assert "Mayor Aurel Fenn" in got and "Ilse Marrow" in got
    assert not any("Releases" in t for t in got) and got.count("Harbour Board") == 1


def test_a_capitalised_phrase_of_words_the_story_writes_in_lower_case_is_no_person() -> None:
    a = art("a", "Mayor Aurel Fenn spoke about the harbour levy. Critics say Harbour Levy is a tax on every ferry. "
                 "Fenn said the levy would stay and the harbour would grow.", "Herald")
    keys = _entities([a])
    assert "person:harbour levy" not in keys and "person:aurel fenn" in keys
    b = art("b", "Mark Brown spoke. Brown said the brown river was high.", "Courier")  # a known first name
    assert "person:mark brown" in _entities([b])


def test_the_administration_of_a_story_about_another_leaders_country_is_the_presidents() -> None:
    a = art("a", "Russia denied the claims. Russian President Vasily Orlov said Russia did nothing. Russia will "
                 "not apologise. President Hal Dorner asked questions. The administration has not replied.", "A")
    keys = _entities([a])
    assert "The administration" in keys["team:hal dorner:administration"]
    b = art("b", "Russia denied the claims. Russia said it did nothing. Russia will not apologise. President Hal "
                 "Dorner asked questions. The administration has not replied.", "B")
    assert "The administration" in _entities([b])["team:hal dorner:administration"]  # never said to be Russia's
    c = art("c", "Russia denied the claims. Russia said it did nothing. Russia will not apologise. Officials "
                 "asked questions. The administration has not replied.", "C")
    assert "The administration" in _entities([c])["country:RUS"]  # no president named: the story's country


def test_a_junior_is_not_the_father_when_the_story_tells_them_apart() -> None:
    # the article titles the plain name and never the "Jr.": two people; a surname alone is the titled one
    a = art("a", "President Hal Dorner lifted the ban. Photos showed Hal Dorner Jr. on a hunt. Mr. Dorner said "
                 "the ban would stay.", "A")
    keys = _entities([a])
    assert "Hal Dorner Jr." in keys["person:hal dorner jr"]
    assert {"President Hal Dorner", "Mr. Dorner"} <= keys["person:hal dorner"]
    # "Dorner Jr." (the generation after one word) tells them apart too, and is the son
    b = art("b", "Hal Dorner Jr. met the lawyer. Dorner Jr. said little. Hal Dorner, his father, was away.", "B")
    keys = _entities([b])
    assert {"Hal Dorner Jr.", "Dorner Jr."} <= keys["person:hal dorner jr"] and "Hal Dorner" in keys["person:hal dorner"]
    # a newspaper of record prints one man's full name with "Jr.": the same person as the titled plain name
    c = art("c", "Director of National Intelligence Walt Brenning testified.", "C")
    d = art("d", "Walt R. Brenning Jr. testified on Tuesday. Mr. Brenning said the agency had no record.", "D")
    keys = _entities([c, d])
    person = next(k for k, v in keys.items() if "Walt R. Brenning Jr." in v)
    assert "Director of National Intelligence Walt Brenning" in keys[person] and "Mr. Brenning" in keys[person]


def test_place_names_by_their_first_or_last_word_are_no_persons() -> None:
    text = ("Mayor Aurel Fenn walked to San Ravel on Monday and spoke on the South Lawn. The Los Angeles Times "
            "and the Port Authority reported it.")
    got = {m.text: m.kind for m in find_mentions(art("a", text, "Herald"))}
    assert "San Ravel" not in got and "South Lawn" not in got
    assert got.get("Mayor Aurel Fenn") == "person"
    assert got.get("Los Angeles Times") == "org" and got.get("Port Authority") == "org"


def test_a_paper_named_after_its_city_keeps_the_city_and_is_a_body() -> None:
    text = "The Washington Post reported that Washington would act. The Boston Globe and the Portsalve Herald agreed."
    got = {m.text: (m.kind, m.name) for m in find_mentions(art("a", text, "Herald"))}
    assert got["Washington Post"] == ("org", "Washington Post")
    assert got["Washington"][0] == "country"  # the city alone is still the government's seat
    assert got["Boston Globe"][0] == "org" and got["Portsalve Herald"][0] == "org"


def test_the_short_name_of_the_storys_one_paper_is_that_paper() -> None:
    a = art("a", "The Washington Post reported the deal. Mayor Aurel Fenn told the Post it was fair. The Post said "
                 "more would follow. Guards could not defend Post in an attack.", "Herald")
    posts = [(a.source[m.start - 4:m.start].lower(), k) for m, k in resolve([a]) if m.text == "Post"]
    assert posts == [("the ", "org:washington post"), ("the ", "org:washington post"), ("end ", "org:post")]


def test_a_name_the_recogniser_reads_as_a_body_is_a_body_and_a_person_stays() -> None:
    pytest.importorskip("spacy")
    a = art("a", "Goldman Sachs said on Monday that profits rose. Analysts at Goldman Sachs expect more. "
                 "Ilse Marrow, who runs the harbour, disagreed. Marrow said the port would suffer.", "Herald")
    keys = _entities([a])
    assert "org:goldman sachs" in keys and "person:goldman sachs" not in keys
    assert "person:ilse marrow" in keys  # "Marrow said": a surname written alone is a person's


def test_the_recogniser_is_asked_about_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from storylens.compare import actor_filters

    asked: list[str] = []

    class Recogniser:
        def pipe(self, texts, batch_size=64):  # noqa: ANN001, ANN202 - spaCy's signature
            for t in texts:
                asked.append(t)
                yield type("Doc", (), {"ents": []})()

    monkeypatch.setattr(actor_filters, "_recogniser", lambda: Recogniser())
    text = " ".join(f"Vorn{i:04d} Kastel{i:04d} met the council." for i in range(500))
    resolve([art("a", text, "Herald")])
    assert 0 < len(asked) <= 2 * actor_filters.MAX_ASKED


def test_a_bodys_name_joined_by_and_or_for_is_one_body() -> None:
    def found(text: str) -> list[tuple[str, str]]:
        return [(m.kind, m.text) for m in find_mentions(art("a", text))]

    assert ("org", "U.S. Fish and Wildlife Service") in found("Officials at the U.S. Fish and Wildlife Service met.")
    assert found("The Centers for Disease Control and Prevention warned on Monday.") == [
        ("org", "Centers for Disease Control and Prevention")]
    assert ("org", "Center for Strategic & International Studies") in found(
        "She joined the Center for Strategic & International Studies.")
    assert ("org", "Democracy for America") in found("Democracy for America said Schumer had failed.")
    # two names, not one body: a person, a body's full name, an acronym, or a word written alone elsewhere
    assert found("Alan Dershowitz and Fox News said so.") == [("person", "Alan Dershowitz"), ("org", "Fox News")]
    assert [t for _, t in found("The House and Senate voted.")] == ["House", "Senate"]
    assert [t for _, t in found("The FBI and National Security Agency said.")] == ["FBI", "National Security Agency"]
    kinds = found("Hillary Clinton and State Department officials met. Clinton said no.")
    assert ("person", "Hillary Clinton") in kinds and not any("and" in t for _, t in kinds)
    # "Jr." after a name read as a title ("King") is no one's name
    assert found("They quoted Martin Luther King Jr. at the march.") == []


def test_a_law_is_no_actor_but_a_body_named_after_one_is() -> None:
    def found(text: str) -> list[tuple[str, str]]:
        return [(m.kind, m.text) for m in find_mentions(art("a", text))]

    text = ("They cited the First Amendment and the Voting Rights Act. It violates the Constitution's "
            "supremacy clause, the judge wrote, citing the Bush Doctrine.")
    assert not [t for k, t in found(text) if k in ("person", "org")]
    assert ("org", "American Constitution Society") in found("The American Constitution Society sued on Monday.")
    assert ("org", "Christian Coalition") in found("The Christian Coalition endorsed him.")


def test_a_deputy_holds_another_office_than_the_one_he_deputises() -> None:
    a = art("a", "FBI Director Ann Kell testified. Deputy Director Walt Bowen sat behind her. Later the deputy "
                 "director left early, and the F.B.I. director stayed. Deputy Attorney General Rod Brenner "
                 "watched; the attorney general, Lee Hart, did not.", "A")
    keys = _entities([a])
    assert keys["person:walt bowen"] == {"Deputy Director Walt Bowen", "the deputy director"}
    assert keys["person:ann kell"] == {"FBI Director Ann Kell", "F.B.I. director"}
    assert keys["person:rod brenner"] == {"Deputy Attorney General Rod Brenner"}  # "the attorney general" is Hart's


def test_a_role_of_a_country_is_that_countrys_and_of_its_agency_no_ones() -> None:
    a = art("a", "Japanese Prime Minister Kenji Arata flew in. President Hal Dorner began talks with the leader "
                 "of Japan on Tuesday. Later the leader of America's oldest ally spoke, and Rudi Kahn, the chief "
                 "of Japan's intelligence agency, listened.", "A")
    keys = _entities([a])
    assert "the leader" in keys["person:kenji arata"]
    assert "the leader" not in keys["person:hal dorner"] and "the chief" not in keys.get("person:kenji arata", set())
    assert sum(t == "the leader" for m, k in resolve([a]) for t in [m.text]) == 1  # "of America's oldest ally": none


def test_a_label_is_counted_once_however_it_is_written() -> None:
    from storylens.compare.naming import naming

    a = art("a", "President Hal Dorner spoke on Monday. The president said no to the plan.", "A")
    b = art("b", "Hal Dorner spoke on Monday. The President's plan failed, and the President left.", "B")
    c = art("c", "Hal Dorner spoke on Monday. Dorner left early.", "C")
    actor = next(x for x in naming([a, b, c])["actors"] if x["entity"] == "Hal Dorner")
    assert len(actor["labels"]) == 1 and actor["labels"][0].lower().removeprefix("the ") == "president"
    # a label every outlet uses in some form is no label that sets outlets apart
    d = art("d", "Hal Dorner spoke on Monday. The president left early.", "C")
    actor = next(x for x in naming([a, b, d])["actors"] if x["entity"] == "Hal Dorner")
    assert actor["labels"] == []
