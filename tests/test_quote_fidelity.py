"""Quote fidelity on invented renderings: the four classes, one utterance per
group, member spans, and bounded alignment of very long quotations."""

from __future__ import annotations

import random
import time

import pytest

from storylens.compare.quotegroups import RELATIONS, classify, group_quotes, make_item
from storylens.compare.story import compare_story
from storylens.models import Article, Quote, Segment


def item(text: str, doc: str = "x") -> object:
    return make_item(Quote(doc=doc, start=0, end=len(text), text=text, kind="direct", speaker="Ines Calder"))


def art(name: str, text: str) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))])


def q(a: Article, text: str, speaker: str | None = "Ines Calder", kind: str = "direct") -> Quote:
    start = a.source.index(text)
    return Quote(doc=a.name, start=start, end=start + len(text), text=text, kind=kind, speaker=speaker)


@pytest.mark.parametrize("ref,mem,relation", [
    # punctuation, case, abbreviations, number spelling and censoring are no change
    ("We're not going to sign that lease, ever.", "we’re not going to sign that lease -- ever", "verbatim"),
    ("Senator Lind agrees with them, but the plan is flawed.", "Sen. Lind agrees with them but the plan is flawed",
     "verbatim"),
    ("I give the ferry a three-in-four chance of sailing by spring",
     "I give the ferry a 3 in 4 chance of sailing by spring",
     "verbatim"),
    ("Nobody here will sign off on that fucking pier", "Nobody here will sign off on that f***ing pier", "verbatim"),
    # a left quotation mark typed for an apostrophe
    ("Calder's plan could make both our ports less safe", "Calder‘s plan could make both our ports less safe",
     "verbatim"),
    ("The firm must settle with them. It has got the cash.", "The firm must settle [with] them. It has got the cash.",
     "verbatim"),
    # a contraction the source's tokeniser set apart, a word written as one or two
    ("It ’s insane. It ’s ridiculous, and we do n't accept it", "It's insane. It's ridiculous, and we don't accept it",
     "verbatim"),
    ("I really believe there is a lot of good will on the ferry board", "there is a lot of goodwill on the ferry board",
     "trimmed"),
    ("Send the e-mail to the harbour office today", "Send the email to the harbour office today", "verbatim"),
    # a contiguous part, or words dropped inside
    ("The audit disproves your earlier and current statements", "earlier and current statements", "trimmed"),
    ("I was careless, I owe everyone an apology, and I was wrong to blame the auditors",
     "I was careless and I was wrong to blame the auditors", "trimmed"),
    # words changed, added (an editor's brackets) or moved, meaning kept
    ("We are not going to sign that lease, ever.", "we're not going to sign that lease -- ever", "reworded"),
    ("I would like to see where those ferrymen went, because they owe rent",
     "I'd like to see where those ferrymen went",
     "reworded"),  # a contraction made or spelled out, even in a cut
    ("Calder's plan is sound, and I'd say so again", "Calder’s plan is sound", "trimmed"),
    ("Every child in the valley needs the vaccination before school starts",
     "Every child in the valley needs the vaccine before school starts", "reworded"),
    ("The harbour rules are clear to every worker here", "The harbour rules is clear to every worker here",
     "reworded"),
    ("Then these inspectors hold far too much sway", "Then these (regional) inspectors hold far too much sway",
     "reworded"),
    ("No mayor would fight harder with either the unions or the board",
     "No mayor would fight harder either with the unions or the board", "reworded"),
    # a number, a negation or a hedge changed
    ("Prices rose 4 percent this year in the valley", "Prices rose 6 percent this year in the valley", "altered"),
    ("Approving the levy before the harvest would lift the danger of a grain shortage",
     "If they don't approve the levy before the harvest it will lift the danger of a grain shortage", "altered"),
    ("The repairs will take six weeks at the dam", "The repairs will take about six weeks at the dam", "altered"),
    # a number only dropped with other words is a rewording, not a changed number
    ("moves money from the bankers, big landlords and the 1 percent and hands it to the dockers",
     "pulls money away from the bankers and the loan sharks and hands it to the dockers", "reworded"),
])
def test_fidelity_classes(ref: str, mem: str, relation: str) -> None:
    got, why = classify(item(ref), item(mem))
    assert got == relation, (mem, got, why)
    assert got in RELATIONS


def test_an_added_word_is_a_rewording_when_the_other_wording_is_printed_twice() -> None:
    plain, added = "I am sorry to see General Holm go", "I am very sorry to see Gen. Holm go"
    assert classify(item(plain), item(added), ref_repeated=True)[0] == "reworded"
    assert classify(item(plain), item(added), ref_repeated=False)[0] == "trimmed"


def test_two_sentences_of_one_speech_are_two_groups() -> None:
    s1 = "I would like to see where those ferrymen went"
    s2 = "They are disciples of a hollow creed"
    a = art("a", f'"{s1}," Calder said. "{s2}."')
    b = art("b", f'"{s1}," she said, and later: "{s2}."')
    c = art("c", f'Calder said: "{s1}. {s2}."')
    quotes = {"a": [q(a, s1), q(a, s2)], "b": [q(b, s1), q(b, s2)], "c": [q(c, f"{s1}. {s2}")]}
    groups = group_quotes(quotes)
    assert len(groups) == 2
    for g, sentence in zip(sorted(groups, key=lambda g: g["reference"]["text"]), sorted([s1, s2]), strict=True):
        assert {m["doc"] for m in g["members"]} == {"a", "b", "c"}
        for m in g["members"]:
            src = {"a": a, "b": b, "c": c}[m["doc"]].source
            assert src[m["start"]:m["end"]] == m["text"]
            assert m["text"].rstrip(".") == sentence  # the combined quotation joins with its sentence's span
        assert g["fidelity"] == "verbatim" and not g["fidelity_warning"]


def test_an_interrupted_quotation_is_one_rendering() -> None:
    whole = "If the harbour board tells you how to load, you do not have a choice"
    a = art("a", "“If the harbour board tells you how to load,” Judge Calder said, “you do not have a choice.”")
    b = art("b", f'"{whole}," she said.')
    first, second = "If the harbour board tells you how to load", "you do not have a choice."
    quotes = {"a": [q(a, first), q(a, second)], "b": [q(b, whole)]}
    groups = group_quotes(quotes, texts={"a": a.source, "b": b.source})
    assert len(groups) == 1 and groups[0]["fidelity"] == "verbatim"
    m = next(m for m in groups[0]["members"] if m["doc"] == "a")
    assert (m["start"], m["end"]) == (a.source.index(first), a.source.index(second) + len(second))
    assert m["text"] == f"{first} {second}"  # the attribution between the halves left out
    # without the source the halves stay apart: each is its own cut of the whole
    assert sorted(g["fidelity"] for g in group_quotes(quotes)) == ["trimmed", "trimmed"]


@pytest.mark.parametrize("source,first,second", [
    # a list of quoted phrases, no attribution between them
    ("She urged them to “load the barges first,” and, above all, “keep the quay clear.”",
     "load the barges first", "keep the quay clear."),
    # the first half ends its sentence
    ("“We load the barges first.” Calder said, “then we keep the quay clear.”",
     "We load the barges first.", "then we keep the quay clear."),
])
def test_quotations_that_are_not_one_interrupted_sentence_stay_apart(source: str, first: str, second: str) -> None:
    a = art("a", source)
    whole = f"{first.rstrip('.')} {second}"
    b = art("b", f'"{whole}," Calder said.')
    groups = group_quotes({"a": [q(a, first), q(a, second)], "b": [q(b, whole)]}, texts={"a": a.source, "b": b.source})
    spans = [(m["start"], m["end"]) for g in groups for m in g["members"] if m["doc"] == "a"]
    assert spans  # each half still renders part of the whole
    cut = a.source.index(second)
    assert all(e <= cut or s >= cut for s, e in spans)  # no member spans both halves


def test_one_article_printing_two_wordings_quotes_two_remarks() -> None:
    real, big = "We have got a real problem", "We have got a big problem, and we have work to do"
    a = art("a", f'"{real}," Calder said in May. Later she added: "{big}."')
    b = art("b", f'"{big}," Calder said.')
    groups = group_quotes({"a": [q(a, real), q(a, big)], "b": [q(b, big)]})
    assert [sorted((m["doc"], m["text"]) for m in g["members"]) for g in groups] == [[("a", big), ("b", big)]]
    # printed by another outlet only, the other wording is a rewording of the remark
    c = art("c", f'"{real}," Calder said.')
    groups = group_quotes({"b": [q(b, big)], "c": [q(c, real)]})
    assert len(groups) == 1 and groups[0]["fidelity"] == "reworded"


def test_one_article_printing_two_remarks_that_share_a_phrase_quotes_two() -> None:
    """Two quotations of one article that share a phrase, each with words of
    its own around it, are two remarks; a cut of the other is one."""
    r1 = "has the stamina to govern sensibly as harbour master"
    r2 = "is seasoned enough to govern sensibly as harbour master"
    a = art("a", f'Voters said Calder "{r1}" and Ferrer "{r2}", the poll found.')
    assert group_quotes({"a": [q(a, r1, speaker=None), q(a, r2, speaker=None)]}) == []
    cut = "to govern sensibly as harbour master"
    b = art("b", f'Calder "{r1}," the poll found. Can she "{cut}"?')
    groups = group_quotes({"b": [q(b, r1, speaker=None), q(b, cut, speaker=None)]})
    assert [sorted(m["relation"] for m in g["members"]) for g in groups] == [["reference", "trimmed"]]


def test_a_fragment_of_two_remarks_joins_neither_and_of_one_joins_it() -> None:
    r1 = "We will not back down from this fight, and the harbour will stay open"
    r2 = "I told the board that we will not back down on wages either"
    a = art("a", f'"{r1}," Calder said. Later: "{r2}."')
    b = art("b", f'"{r1}," Calder said.')
    c = art("c", f'"{r2}," Calder said, vowing to "not back down".')
    quotes = {"a": [q(a, r1), q(a, r2)], "b": [q(b, r1)], "c": [q(c, r2), q(c, "not back down", kind="partial")]}
    groups = [sorted((m["doc"], m["text"]) for m in g["members"]) for g in group_quotes(quotes)]
    assert sorted(groups) == [[("a", r2), ("c", r2)], [("a", r1), ("b", r1)]]  # the fragment: neither, for sure
    quotes = {"a": [q(a, r1)], "b": [q(b, r1)], "c": [q(c, "not back down", kind="partial")]}
    groups = [sorted((m["doc"], m["text"]) for m in g["members"]) for g in group_quotes(quotes)]
    assert groups == [[("a", r1), ("b", r1), ("c", "not back down")]]


def test_a_plain_sentence_printed_nearly_alike_by_one_speaker_is_one_remark() -> None:
    s1 = "We have told the warden the depot must reopen. So how can she not do it?"
    s2 = "She now has an easy way out of the dispute. So how can she not do that?"
    a, b = art("a", f'"{s1}" Calder said.'), art("b", f'"{s2}" she said.')
    groups = group_quotes({"a": [q(a, s1)], "b": [q(b, s2)]})
    assert len(groups) == 1
    assert sorted(m["text"] for m in groups[0]["members"]) == ["So how can she not do it", "So how can she not do that"]
    # two speakers' plain sentences share no content word: no remark in common
    groups = group_quotes({"a": [q(a, s1)], "b": [q(b, s2, speaker="Tomas Ferrer")]})
    assert groups == []


def test_a_stretch_of_small_words_is_no_shared_remark() -> None:
    s1, s2 = "There’s such a heap of worry", "I guess there’s a heap of nerves here"
    a, b = art("a", f"“{s1},” said one delegate."), art("b", f"“{s2},” said Representative Lea Marsh.")
    assert group_quotes({"a": [q(a, s1, speaker=None)], "b": [q(b, s2, speaker="Lea Marsh")]}) == []
    s3 = "There’s such a heap of worry about the levy"
    c = art("c", f"“{s3},” she said.")  # two content words in the shared stretch: one remark
    groups = group_quotes({"a": [q(a, s1, speaker=None)], "c": [q(c, s3, speaker=None)]})
    assert len(groups) == 1


def test_a_remark_about_someone_and_one_addressed_to_them_are_two_utterances() -> None:
    about = "The mayor’s plan reflects the wishes of his developer friends rather than the needs of the valley"
    to = "Your plan reflects the wishes of your developer friends rather than the needs of the valley"
    a = art("a", f"“{about},” said Canon Ivo Brandt.")
    b = art("b", f"“{to},” says the petition, which the parish sent to the mayor.")
    assert group_quotes({"a": [q(a, about, speaker="Ivo Brandt")], "b": [q(b, to, speaker=None)]}) == []
    # an editor's bracketed pronoun is no other utterance
    edited = "Your plan reflects the wishes of [his] developer friends rather than the needs of the valley"
    c = art("c", f"“{edited},” the petition says.")
    assert len(group_quotes({"b": [q(b, to, speaker=None)], "c": [q(c, edited, speaker=None)]})) == 1


def test_group_fidelity_and_warning() -> None:
    said = "The night shifts will not start before the contract is signed"
    a = art("a", f'"{said}," Calder said.')
    b = art("b", f'"{said}," Calder told us.')
    c = art("c", '"The night shifts will start before the contract is signed," Calder said.')
    groups = group_quotes({"a": [q(a, said)], "b": [q(b, said)],
                           "c": [q(c, "The night shifts will start before the contract is signed")]})
    assert len(groups) == 1
    g = groups[0]
    assert g["fidelity"] == "altered" and g["fidelity_warning"]
    rel = {m["doc"]: m["relation"] for m in g["members"]}
    assert rel["c"] == "altered" and sorted(rel.values()).count("verbatim") == 1


def _long_quote(seed: int, size: int) -> str:
    rng = random.Random(seed)
    vocab = "the a of and to in that it was he for on are with as his they be at one have this".split()
    out, n = [], 0
    while n < size:
        s = " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 25))).capitalize() + "."
        out.append(s)
        n += len(s) + 1
    return " ".join(out)


def test_two_50kb_quotations_compare_in_bounded_time() -> None:
    """Issue 18: two 50 KB quotations (few distinct words, the worst case for
    difflib) in one story; the old alignment took about 350 s."""
    qa = _long_quote(7, 50_000)
    qb = qa.replace(" the ", " a ", 40)
    ta, tb = f'Ines Calder spoke. "{qa}," Calder said.', f'Calder said: "{qb}"'
    a, b = art("a", ta), art("b", tb)
    t = time.perf_counter()
    out = compare_story([a, b], {"a": [q(a, qa)], "b": [q(b, qb)]})
    elapsed = time.perf_counter() - t
    assert elapsed < 60, elapsed
    assert len(out.quote_groups) == 1
    rels = sorted(m["relation"] for m in out.quote_groups[0]["members"])
    assert rels == ["reference", "reworded"]


def test_a_longer_other_sentence_in_the_same_article_is_no_rendering_of_it() -> None:
    long = "And it’s turning out to be sort of a dreary day, though it’s still morning in Velmora"
    a = art("a", f"“It is still morning in Velmora,” she said. Later she said it was “{long}.”")
    quotes = {"a": [q(a, "It is still morning in Velmora"), q(a, long, kind="partial")]}
    assert not [g for g in group_quotes(quotes) if g["fidelity_warning"]]
    # a short rendering of the remark in the same article still is one ("not going away")
    b = art("b", "Calder said the port was “not going away.” “The port will not go away, and we will defend it,” "
                 "she said.")
    got = group_quotes({"b": [q(b, "not going away."), q(b, "The port will not go away, and we will defend it")]})
    assert got and len(got[0]["members"]) == 2
