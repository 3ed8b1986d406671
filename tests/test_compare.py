"""Cross-outlet comparison on handmade mini-articles (quotes built by hand)."""

from __future__ import annotations

import json

import pytest

from storylens.compare.attributes import attribute_conflicts
from storylens.compare.quotegroups import classify, group_quotes, make_item, word_diff
from storylens.compare.story import compare_story, copy_roots
from storylens.errors import LinkError
from storylens.models import Article, CopyLink, Quote, Segment


def art(name: str, text: str, published: str | None = None, outlet: str | None = None) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                   published=published, outlet=outlet or name)


def q(a: Article, text: str, speaker: str | None = "Ines Calder", kind: str = "direct", nth: int = 0) -> Quote:
    start = -1
    for _ in range(nth + 1):
        start = a.source.index(text, start + 1)
    return Quote(doc=a.name, start=start, end=start + len(text), text=text, kind=kind, speaker=speaker)


REF = "We will not accept twelve-hour nights without a new contract, and we will fight for it"


def item(text: str, doc: str = "x") -> object:
    return make_item(Quote(doc=doc, start=0, end=len(text), text=text, kind="direct", speaker="Ines Calder"))


@pytest.mark.parametrize("member,relation", [
    (REF, "verbatim"),
    (REF.upper().replace(",", ";"), "verbatim"),  # punctuation and case alone are no change
    ("twelve-hour nights", "trimmed"),
    ("We will not accept twelve-hour nights without a new contract", "trimmed"),
    (REF + " right through the coming winter", "trimmed"),
    ("We will not accept twelve-hour night shifts without a new contract, and we will fight for it", "reworded"),
    ("We refuse twelve-hour night shifts until we get a fresh contract, and we are ready to fight", "reworded"),
    ("We will accept twelve-hour nights without a new contract, and we will fight for it", "altered"),
    ("We will not accept ten-hour nights without a new contract, and we will fight for it", "altered"),
    ("We might not accept twelve-hour nights without a new contract, and we will fight for it", "altered"),
])
def test_every_quote_relation_class(member: str, relation: str) -> None:
    got, why = classify(item(REF), item(member))
    assert got == relation, (member, got, why)


def test_altered_says_why() -> None:
    assert classify(item(REF), item(REF.replace("not accept", "accept")))[1] == "negation"
    assert classify(item("Prices rose 4% this year"), item("Prices rose 6% this year"))[1] == "number"


def test_word_diff_marks_changes() -> None:
    d = word_diff("we will not accept it", "we will accept it now")
    assert ["-", "not"] in d and ["+", "now"] in d
    assert " ".join(w for op, w in d if op != "-").split() == "we will accept it now".split()


def test_groups_separate_utterances_and_pick_repeated_reference() -> None:
    a = art("a", f'"{REF}," Calder said. "Nobody here wants a strike, but nobody here is afraid of one."')
    b = art("b", f'"{REF}," said Calder. Later: "{REF}." She added: "The weather is fine today."')
    c = art("c", '"We will never take twelve-hour nights unless there is a fresh contract, and we are ready to '
                 'fight," Calder told us.')
    quotes = {"a": [q(a, REF), q(a, "Nobody here wants a strike, but nobody here is afraid of one.")],
              "b": [q(b, REF), q(b, REF, nth=1), q(b, "The weather is fine today.")],
              "c": [q(c, "We will never take twelve-hour nights unless there is a fresh contract, and we are "
                         "ready to fight")]}
    groups = group_quotes(quotes)
    assert len(groups) == 1
    g = groups[0]
    assert g["reference"]["text"] == REF and g["speaker"] == "Ines Calder"
    rel = {(m["doc"], m["start"]): m["relation"] for m in g["members"]}
    assert sorted(rel.values()) == ["reference", "reworded", "verbatim", "verbatim"]
    for m in g["members"]:  # offsets are source offsets of the member's words
        src = {"a": a, "b": b, "c": c}[m["doc"]].source
        assert src[m["start"]:m["end"]] == m["text"]


def test_different_speakers_group_only_on_a_long_shared_passage() -> None:
    short = "Nobody here wants a strike"
    a = art("a", f'"{short}," Calder said. "{REF}," she added.')
    b = art("b", f'"{short}," Reyk said. "{REF}," Reyk added.')
    groups = group_quotes({"a": [q(a, short), q(a, REF)],
                           "b": [q(b, short, speaker="Tomas Reyk"), q(b, REF, speaker="Tomas Reyk")]})
    # five words two people both say are two utterances; sixteen words printed alike are one,
    # credited to two people (the members keep their own speakers)
    assert len(groups) == 1
    assert {m["speaker"] for m in groups[0]["members"]} == {"Ines Calder", "Tomas Reyk"}
    assert all(m["text"] == REF for m in groups[0]["members"])


def test_echo_links_other_story_without_merging() -> None:
    a = art("a", '"Kestrow is not disappearing overnight," he said.')
    old = art("old", '"Kestrow will not disappear quietly, and we must build a working peace with Kestrow," he said.')
    out = compare_story([a], {"a": [q(a, "Kestrow is not disappearing overnight", "Oskar Venn")]},
                        all_quotes={"old": [q(old, "Kestrow will not disappear quietly, and we must build a "
                                                   "working peace with Kestrow", "Oskar Venn")]})
    assert out.quote_groups == []
    assert len(out.echoes) == 1 and out.echoes[0]["echo_of"]["doc"] == "old"


def test_echo_reads_another_story_quote_as_it_is_now() -> None:
    """Another story's quotes are tokenised once and kept across stories; a
    quote re-analysed with other words at the same place is read anew."""
    a = art("a", '"Kestrow is not disappearing overnight," he said.')
    mine = {"a": [q(a, "Kestrow is not disappearing overnight", "Oskar Venn")]}
    old = art("old", '"Kestrow will not disappear quietly, and we must build a working peace with Kestrow," he said.')
    other = q(old, "Kestrow will not disappear quietly, and we must build a working peace with Kestrow", "Oskar Venn")
    for _ in range(2):
        assert len(compare_story([a], mine, all_quotes={"old": [other]}).echoes) == 1
    changed = Quote(doc="old", start=other.start, end=other.start + 34, text="The harbour fees rise in the spring",
                    kind="direct", speaker="Oskar Venn")
    assert compare_story([a], mine, all_quotes={"old": [changed]}).echoes == []
    # another speaker's quote is no echo
    assert compare_story([a], mine, all_quotes={"old": [q(old, other.text, "Ines Calder")]}).echoes == []


def _claims(*texts: str) -> list[dict]:
    arts = [art(f"d{i}", t) for i, t in enumerate(texts)]
    return compare_story(arts, {}).claims


def test_paired_currency_is_one_claim() -> None:
    cl = _claims("The bloc's ministers signed off on a €700 billion ($750 billion) rail investment plan on Monday.")
    assert len(cl) == 1
    assert cl[0]["unit"] == "EUR" and cl[0]["value"] == 7e11
    assert cl[0]["converted"] == {"value": 7.5e11, "unit": "USD"}


def test_target_vs_demand_is_not_a_conflict_and_agreement_is_found() -> None:
    cl = _claims("At its autumn congress, the league will seek to lift the floor for school budgets to 6% of GDP. "
                 "However, Minister Oren Halle wants still more, 8%, which economists call unaffordable.",
                 "The league intends to raise school budgets to at least 6% of GDP at the congress in autumn.")
    by_value = {c["value"]: c for c in cl}
    assert by_value[6.0]["status"] == "agree" and by_value[6.0]["docs"] == ["d0", "d1"]
    assert by_value[8.0]["status"] == "single source"


def test_real_conflict_found() -> None:
    cl = _claims("About 1,200 dockworkers at the port stayed off the job on Tuesday.",
                 "A walkout by some 2,100 dockworkers at the port entered its third day.")
    assert {c["status"] for c in cl} == {"conflict"}
    assert cl[0]["conflicts_with"] == [1] and cl[1]["conflicts_with"] == [0]


def test_from_and_to_values_are_different_quantities() -> None:
    cl = _claims("The bank raised its key rate to 3.75% from 3.5% on Thursday.",
                 "The bank on Thursday raised its key rate to 3.75%, the third increase this year.")
    assert [c["status"] for c in cl if c["value"] == 3.75] == ["agree"]
    assert [c["status"] for c in cl if c["value"] == 3.5] == ["single source"]


def test_copies_count_as_one_source() -> None:
    text = "About 1,200 dockworkers at the port stayed off the job on Tuesday, the union said."
    a, b = art("a", text), art("b", text)
    copies = {"b": CopyLink(doc="b", story="s", duplicate_of="a", relation="exact")}
    out = compare_story([a, b], {}, copies)
    assert out.claims[0]["status"] == "single source" and out.claims[0]["docs"] == ["a", "b"]
    assert out.independent_sources == 1
    assert copy_roots(["a", "b"], copies) == {"a": "a", "b": "a"}


def test_attribute_conflict_on_title() -> None:
    arts = [art("a", "Valdorian President Edda Varnholm received Venn at the Blue Palace."),
            art("b", "Former President Edda Varnholm hinted at a pull-back from the coast."),
            art("c", "The visit came after talks with Valdorian President Edda varnholm in Ostrel.")]
    conflicts = attribute_conflicts(arts)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert c["entity"] == "Edda Varnholm"
    assert c["values"] == {"Valdorian President": ["a", "c"], "Former President": ["b"]}


def test_no_attribute_conflict_when_titles_agree() -> None:
    arts = [art("a", "Former transport minister Aurel Fenn will mediate."),
            art("b", "Aurel Fenn, the former transport minister, said he would listen first.")]
    assert attribute_conflicts(arts) == []


def test_summary_cites_spans_that_contain_its_text() -> None:
    a = art("a", "The harbour board approved night shifts at the container terminal on Tuesday.\n\n"
                 "The union called the decision a betrayal of every family on the quay.\n\n"
                 "The weather in Velmora was mild for the season, forecasters said.", "2025-10-14", "Ledger")
    b = art("b", "Dockworkers reacted angrily after the harbour board approved night shifts at the container "
                 "terminal on Tuesday.\n\nBoard chair Tomas Reyk said the change would cut waiting times.",
            "2025-10-14", "Courier")
    out = compare_story([a, b], {}, summary_sentences=2)
    summ = out.summary
    assert 1 <= len(summ) <= 2
    src = {"a": a.source, "b": b.source}
    for s in summ:
        assert src[s["doc"]][s["start"]:s["end"]] == s["text"]
    assert any(set(x["sources"]) == {"a", "b"} for x in summ)  # the fact both outlets report is picked
    assert [(x["doc"], x["start"]) for x in summ] == sorted((x["doc"], x["start"]) for x in summ)  # reading order
    facts = out.coverage["facts"]
    assert facts[0]["docs"] == ["a", "b"] and facts[0]["independent_sources"] == 2
    assert out.coverage["omitted"] == {"Courier": [], "Ledger": []}


def test_compare_story_contract_and_json() -> None:
    a = art("a", '"We will not accept it," Calder said on Friday in Kiev. Prices rose 4% this year.', "2025-03-22")
    out = compare_story([a], {"a": [q(a, "We will not accept it")]})
    for key in ("quote_groups", "echoes", "claims", "attribute_conflicts", "coverage", "framing", "timeline",
                "summary"):
        assert key in out.to_json()
    json.dumps(out.to_json())
    friday = [e for e in out.timeline if e["expression"] == "Friday"]
    assert friday and friday[0]["date"] == "2025-03-21" and friday[0]["resolved"] and friday[0]["when"] == "2025-03-21"
    kiev = [t for t in out.framing["terms"] if "Kiev" in t["pair"]]
    assert kiev and kiev[0]["usage"]["a"]["term"] == "Kiev"


@pytest.mark.parametrize("bad", [None, "text", [1, 2], [object()]])
def test_bad_input_raises_link_error(bad: object) -> None:
    with pytest.raises(LinkError):
        compare_story(bad, {})  # type: ignore[arg-type]


# --- stricter quote grouping and containment-first classification ---------------------------------

def test_overlapping_cuts_are_not_rewordings() -> None:
    ref = "We checked every pump on the estate twice and the water is safe to drink again"
    mem = "the water is safe to drink again, and families can stop boiling it tonight"
    assert classify(item(ref), item(mem))[0] == "trimmed"


def test_unmarked_elision_is_trimmed_not_reworded() -> None:
    ref = "I was careless with the figures, I owe everyone an apology, and I was wrong to blame the auditors"
    assert classify(item(ref), item("I was careless with the figures and I was wrong to blame the auditors")) == (
        "trimmed", "words dropped inside")


def test_a_contraction_and_a_word_swap_are_rewordings_a_cut_alone_is_not() -> None:
    ref = "We are asking the council to reopen the library. Why would they refuse?"
    assert classify(item(ref), item("We are asking the council to reopen the library")) == ("trimmed", "cut")
    assert classify(item(ref), item("We're asking the council to reopen the library")) == ("reworded", "contraction")
    assert classify(item(ref), item("We're asking the council to reopen a library")) == ("reworded", "words changed")


def test_moved_or_repeated_negation_is_not_altered() -> None:
    ref = "Without the lifeguards, the swim could have ended in grief on the shore"
    assert classify(item(ref), item("The swim could have ended in grief on the shore without them"))[0] != "altered"
    ref2 = "I do not back the tunnel if it costs more than the bridge, and I do not back the new toll either"
    mem2 = "I don't back the new toll, and I don't back the tunnel if it costs more than the bridge"
    assert classify(item(ref2), item(mem2))[0] != "altered"


def test_negation_added_inside_a_cut_is_altered() -> None:
    ref = "I used funds that should have gone to the school roof, and I regret it"
    assert classify(item(ref), item("used funds that shouldn't have gone")) == ("altered", "negation")


def test_about_as_a_preposition_is_no_hedge() -> None:
    ref = "We are speaking about the fate of the harbour and its workers"
    assert classify(item(ref), item("We are speaking of the fate of the harbour and its workers"))[0] == "reworded"
    assert classify(item("The repairs will take 6 weeks"), item("The repairs will take about 6 weeks")) == (
        "altered", "hedge")


def test_shared_names_alone_do_not_group() -> None:
    a = art("a", '"I am ready to serve the people of the Republic of Veldora," Ines Calder said.')
    b = art("b", '"I am not standing for office in the Republic of Veldora to win a popularity prize," said Calder.')
    groups = group_quotes({"a": [q(a, "I am ready to serve the people of the Republic of Veldora")],
                           "b": [q(b, "I am not standing for office in the Republic of Veldora to win a "
                                      "popularity prize")]})
    assert groups == []


def test_short_pieces_need_an_exact_cut() -> None:
    said = "I understand the anger of the families in the valley"
    a = art("a", f'"{said}," Calder said.')
    b = art("b", 'Calder spoke of "the anger" in the valley and said she wanted "to listen first".')
    groups = group_quotes({"a": [q(a, said)],
                           "b": [q(b, "the anger", kind="partial"), q(b, "to listen first", kind="partial")]})
    assert len(groups) == 1 and {m["relation"] for m in groups[0]["members"]} == {"reference", "trimmed"}
    c = art("c", 'Calder spoke of "that anger" in the valley.')
    assert group_quotes({"a": [q(a, said)], "c": [q(c, "that anger", kind="partial")]}) == []


# --- claim conflicts need the same measured thing ---------------------------------------------------

@pytest.mark.parametrize("a,b", [
    # one step or more apart at the rounder value's precision
    ("The ministry will divert $2.6 billion from road projects to the rail link.",
     "The ministry will divert $2.5 billion from road projects to the rail link."),
    ("Filings show the mayor reported $88 million of taxable earnings over the past decade.",
     "Filings show the mayor reported $89,712,400 of taxable earnings over the past decade."),
    # a single significant digit is taken at its word
    ("The library catalogued 50,000 sheets of the minister's diaries on Monday.",
     "The library catalogued 55,000 sheets of the minister's diaries on Monday."),
])
def test_rounding_does_not_hide_a_real_conflict(a: str, b: str) -> None:
    assert {c["status"] for c in _claims(a, b)} == {"conflict"}


def test_tight_context_conflict_found() -> None:
    cl = _claims("The auditors found the utility's effective tax rate came to 21.4% last year.",
                 "Filings show the utility's effective tax rate was 17.9% last year.")
    assert {c["status"] for c in cl} == {"conflict"}


@pytest.mark.parametrize("a,b", [
    # values of a list are different items
    ("In the poll Varga had 17 percent, Holm 14 percent, Ostrow 12 percent and Lind 9 percent.",
     "A second poll gave Ostrow 10 percent support among likely voters."),
    # a value and its rounding, a bound and a value inside it
    ("The couple paid $2,431,870 in property taxes over the decade.",
     "The couple paid $2.4 million in property taxes over the decade."),
    ("The ministry sent more than 3,000 police officers to the border crossings.",
     "The ministry sent 3,150 police officers to the border crossings on Monday."),
    # another period
    ("The firm's effective tax rate for 2019 was 24.5 percent.",
     "From 2012 to 2019 the firm's effective tax rate averaged 19.5 percent."),
    # other people
    ("Governor Alma Reyes spent $42,000 on office furniture, records show.",
     "Senator Piet Vos spent $45,500 on office furniture, records show."),
    # another, additional amount
    ("The board will move $4.2 billion from road maintenance to the rail link.",
     "Besides that, another $3.1 billion from road maintenance will fund the rail link."),
    # far apart: another quantity
    ("The campaign spent $1.3 million on television advertising in the state.",
     "The campaign spent $400,000 on television advertising in the state."),
    # verbs of money flow alone are no shared measure
    ("The couple earned $3.2 million from book sales.", "The couple earned $2.9 million in speaking fees."),
    # a value truncated to its round figure
    ("Filings show the mayor handed over $17,640,115 in state levies over the past decade.",
     "Filings show the mayor handed over $17 million in state levies over the past decade."),
    ("The deputy bought a $27,000 watch with campaign funds, prosecutors said.",
     "The deputy bought a $27,450 gold watch with campaign funds, prosecutors said."),
])
def test_not_a_conflict(a: str, b: str) -> None:
    assert not [c for c in _claims(a, b) if c["status"] == "conflict"]


def test_counted_synonyms_are_one_quantity() -> None:
    cl = _claims("By Monday 41 vessels were waiting at anchor off the harbour.",
                 "By Monday 41 ships were waiting at anchor off the harbour.",
                 "A walkout by some 900 dockers entered its third day at the harbour.",
                 "The walkout by about 1,300 dockworkers at the harbour entered its third day.")
    ships = [c for c in cl if c["value"] == 41]
    assert len(ships) == 1 and ships[0]["status"] == "agree" and ships[0]["docs"] == ["d0", "d1"]
    walkout = {c["value"]: c["status"] for c in cl if c["value"] in (900, 1300)}
    assert walkout == {900: "conflict", 1300: "conflict"}
