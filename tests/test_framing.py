"""Framing: the contested-term lexicon and weighted log-odds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storylens.compare.framing import (
    distinctive_words,
    framing,
    load_lexicon,
    term_usage,
)
from storylens.errors import ConfigError
from storylens.models import Article, Segment


def _art(name: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                   outlet=outlet or name)


def test_shipped_lexicon_has_enough_pairs() -> None:
    lex = load_lexicon()
    assert len(lex) >= 25
    pairs = {tuple(t.lower() for t in e["terms"][:2]) for e in lex}
    assert ("kiev", "kyiv") in pairs
    assert all(e.get("note") and len(e["terms"]) >= 2 for e in lex)


def test_user_lexicon_merges_and_bad_file_is_a_config_error(tmp_path: Path) -> None:
    f = tmp_path / "extra.json"
    f.write_text(json.dumps({"entries": [{"id": "kiev-kyiv", "terms": ["Kiev", "Kyiv", "Kyjiw"], "note": "x"},
                                         {"terms": ["jab", "vaccine"], "note": "y"}]}))
    lex = load_lexicon(f)
    by_id = {e["id"]: e for e in lex}
    assert by_id["kiev-kyiv"]["terms"] == ["Kiev", "Kyiv", "Kyjiw"]
    assert any(e["terms"] == ["jab", "vaccine"] for e in lex)
    assert len(lex) == len(load_lexicon()) + 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError):
        load_lexicon(bad)
    with pytest.raises(ConfigError):
        load_lexicon(tmp_path / "missing.json")
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps([{"terms": ["tyrant", "president"], "note": "z", "referent": "name_after"}]))
    with pytest.raises(ConfigError, match="referent"):
        load_lexicon(typo)


def test_a_term_inside_a_phrase_of_another_sense_does_not_count(tmp_path: Path) -> None:
    a = _art("a", "The minister said the welfare and safety of the dockworkers came first, and welfare cuts "
                  "would hit the poor.")
    b = _art("b", "Critics said handouts to the poor and welfare fraud were the real issue for the poverty board.")
    usage = {t["id"]: t for t in term_usage([a, b], load_lexicon())}["welfare"]["usage"]
    assert usage["a"]["terms"] == {"welfare": 1}  # "welfare cuts", not "the welfare and safety of"
    s, e = usage["a"]["spans"][0]
    assert a.source[s:e + 5] == "welfare cuts"
    assert usage["b"]["terms"] == {"handouts": 1, "welfare": 1}
    bad = tmp_path / "senses.json"
    bad.write_text(json.dumps([{"terms": ["jab", "vaccine"], "note": "z", "other_senses": ["jab(s"]}]))
    with pytest.raises(ConfigError, match="other_senses"):
        load_lexicon(bad)


def test_term_usage_per_article_with_spans() -> None:
    a = _art("a", "Weapons went to Kiev. The US-led military bloc met; the bloc agreed. Crimea's reunification.")
    b = _art("b", "Weapons went to Kyiv. The alliance met after the annexation of Crimea.")
    usage = {tuple(t["pair"][:2]): t for t in term_usage([a, b], load_lexicon())}
    kiev = usage[("Kiev", "Kyiv")]
    assert kiev["usage"]["a"]["term"] == "Kiev" and kiev["usage"]["b"]["term"] == "Kyiv" and kiev["contested"]
    s, e = kiev["usage"]["a"]["spans"][0]
    assert a.source[s:e] == "Kiev"
    bloc = usage[("military bloc", "US-led bloc")]["usage"]["a"]
    assert bloc["count"] == 2  # "US-led military bloc" counted once, not also as "military bloc"
    assert usage[("reunification", "annexation")]["usage"]["a"]["term"] == "reunification"


def test_a_title_is_contested_only_for_one_person_now() -> None:
    """'former president' against 'President' is a choice only when both
    name one person at one time: not Clinton against Obama, nor a past
    "President Obama's administration" against today's "former President
    Barack Obama"."""
    lex = load_lexicon()

    def contested(x: str, y: str) -> bool:
        (entry,) = [t for t in term_usage([_art("a", x), _art("b", y)], lex) if t["id"] == "former-president"]
        return entry["contested"]

    assert contested("Former President Donald Trump met Rutte.", "US President Donald Trump met Rutte.")
    assert not contested("Former President Bill Clinton spoke.", "President Barack Obama spoke.")
    assert not contested("He criticized former President Barack Obama.",
                         "The fence was built during President Barack Obama’s administration.")
    assert not contested("Former President Donald Trump's remarks drew fire.", "Under President Trump, it grew.")


def test_british_and_american_spellings_are_one_term() -> None:
    a = _art("a", "NATO allies agreed to raise defence spending to 3% of GDP.")
    b = _art("b", "NATO allies agreed to raise defense spending to 3% of GDP; defense spending will keep militarizing.")
    (entry,) = [t for t in term_usage([a, b], load_lexicon()) if t["id"] == "militarization"]
    assert entry["usage"]["a"]["term"] == "defence spending" and entry["usage"]["b"]["term"] == "defense spending"
    assert not entry["contested"]
    assert entry["marked"] == ["militarizing"]  # the loaded word is still shown


def test_two_neutral_terms_are_no_contest() -> None:
    """Outlets leading with two neutral words ("protest", "demonstration")
    choose no frame; one leading with the marked "riot" does."""
    a = _art("a", "The protest outside the harbour office grew. Police called the protest peaceful, "
                  "though two rioters were held.")
    b = _art("b", "The demonstration outside the harbour office grew; the demonstration stayed calm.")
    c = _art("c", "The riot outside the harbour office grew, and the riot spread.")
    (entry,) = [t for t in term_usage([a, b], load_lexicon()) if t["id"] == "protest-label"]
    assert entry["usage"]["a"]["term"] == "protest" and entry["usage"]["b"]["term"] == "demonstration"
    assert not entry["contested"]
    (entry,) = [t for t in term_usage([a, c], load_lexicon()) if t["id"] == "protest-label"]
    assert entry["contested"]


def test_neutral_only_usage_is_not_reported() -> None:
    a = _art("a", "The government said the alliance would meet in Kyiv.")
    assert term_usage([a], load_lexicon()) == []


def test_log_odds_only_with_enough_evidence() -> None:
    base = "the port strike continued as talks between the union and the company stalled again today. " * 8
    loaded = base + "militants blockade militants blockade militants blockade regime regime regime. " * 3
    texts = {"A": loaded, "B": base + base}
    out = distinctive_words(texts, min_tokens=50)
    words = [w for w, z, n, m in out["A"]]
    assert {"militants", "blockade", "regime"} <= set(words)
    assert all(z >= 1.0 and n >= 2 for _, z, n, _ in out["A"])
    assert dict((w, (n, m)) for w, _, n, m in out["A"])["militants"] == (9, 0)  # shown with counts
    assert out["B"] == []  # nothing sets B apart
    # too little text: no words at all
    assert distinctive_words({"A": "militants militants militants", "B": "members"}) == {"A": [], "B": []}
    # a single outlet has nothing to be compared with
    assert distinctive_words({"A": loaded}, min_tokens=10) == {"A": []}


def test_framing_entry_shape() -> None:
    out = framing([_art("a", "Weapons went to Kiev."), _art("b", "Weapons went to Kyiv.")])
    assert {"terms", "distinctive"} <= set(out)


def test_settings_lexicon_reaches_the_dossier(tmp_path: Path) -> None:
    """``Settings.lexicon`` (``--lexicon``, ``lexicon =`` in storylens.toml)
    extends the shipped lexicon in every story of the dossier."""
    from storylens.api import analyze
    from storylens.settings import Settings

    corpus = tmp_path / "in"
    corpus.mkdir()
    body = ("Dock owners in Portsalve agreed on {term} for cargo ships on Tuesday, after weeks of talks "
            "with the harbour board. The {term} starts in May and is paid by every ship that berths. ")
    (corpus / "a.txt").write_text("Owners agree harbour levy\n\n" + body.format(term="a harbour levy") * 3)
    (corpus / "b.txt").write_text("Owners agree port tax\n\n" + body.format(term="a port tax") * 3)
    lex = tmp_path / "lex.json"
    lex.write_text(json.dumps([{"id": "levy-tax", "terms": ["harbour levy", "port tax"], "note": "same charge"}]))

    def terms(lexicon: str | None) -> set[tuple[str, ...]]:
        out = tmp_path / f"out-{bool(lexicon)}"
        analyze([corpus], settings=Settings(db=":memory:", out=str(out), lexicon=lexicon, progress=False))
        dossier = json.loads((out / "dossier.json").read_text())
        return {tuple(t["pair"][:2]) for s in dossier["stories"] for t in s["framing"]["terms"]}

    assert ("harbour levy", "port tax") in terms(str(lex))
    assert ("harbour levy", "port tax") not in terms(None)
    with pytest.raises(ConfigError):
        terms(str(tmp_path / "missing.json"))
