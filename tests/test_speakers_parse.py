"""Parse features of speaker candidates (:mod:`storylens.annotate.attribution.parse_features`) and when the
reranker asks for a parse, on invented sentences."""

from __future__ import annotations

import pytest

import storylens.annotate.attribution.parse_rerank as quotes_mod
from storylens.annotate.attribution.finder import QuoteFinder
from storylens.annotate.attribution.parse_features import parse_features
from storylens.annotate.attribution.reranker import load_weights

TEXT = ("On the Sunday broadcast of “Harbour Hour,” Councillor Ada Vorn said her rival Piet Hallam’s letter "
        "to the board was only “a distraction” from the budget. “It changes nothing,” she added.")


def _parsed_candidates(text: str, i: int) -> dict[str, dict[str, float]]:
    qf = QuoteFinder(text, rerank=False)
    qf.run()
    f = qf.last_found[i]
    cands = qf.speaker_candidates(qf.last_found, i)
    span = qf._sent_span(f)
    doc = qf.deps.doc_of(span)
    if doc is None:
        pytest.skip("no spaCy English pipeline installed")
    parse_features(doc, span[0], (f.region.start, f.region.end), cands)
    return {c.mention.text: c.feats for c in cands}


def test_the_cue_subject_lies_on_the_path_to_the_quotation() -> None:
    feats = _parsed_candidates(TEXT, 1)  # “a distraction”
    vorn = feats["Councillor Ada Vorn"]
    # the subject of "said", whose clause holds the quotation
    assert "p_headcue_nsubj" in vorn and "p_child_of_anc" in vorn and "pp_up_nsubj&lca_cue" in vorn
    # the owner of the letter is a possessive inside that clause, not a speaker of it
    hallam = feats["Piet Hallam’s"]
    assert "pdep_poss" in hallam and "p_child_of_anc" not in hallam and "p_headcue_nsubj" not in hallam
    assert "pp_up_poss>nsubj" in hallam


def test_a_candidate_outside_the_parsed_sentence_is_marked_out() -> None:
    feats = _parsed_candidates(TEXT, 2)  # “It changes nothing,” she added.
    assert "p_out" in feats["Councillor Ada Vorn"]  # the previous sentence's speaker
    assert "p_headcue_nsubj" in feats["she"] and "p_out" not in feats["she"]


def _parse_count(text: str, monkeypatch: pytest.MonkeyPatch, gap: float | None, use_parser: bool = True) -> int:
    model = dict(load_weights())
    if gap is None:
        model.pop("parse", None)
    else:
        model["parse"] = {**model["parse"], "gap": gap}
    monkeypatch.setattr(quotes_mod, "load_weights", lambda: model)
    qf = QuoteFinder(text, use_parser=use_parser)
    qf.run()
    return qf.deps.parsed


def test_the_parse_model_parses_only_where_the_choice_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    if QuoteFinder(TEXT).deps.doc_of((0, 5)) is None:
        pytest.skip("no spaCy English pipeline installed")
    without = _parse_count(TEXT, monkeypatch, None)
    assert _parse_count(TEXT, monkeypatch, 0.0) == without  # no score gap is under 0
    # an unbounded gap parses the sentence of every speech quotation with two candidates or more
    assert _parse_count(TEXT, monkeypatch, 1e9) == without + 2
    assert _parse_count(TEXT, monkeypatch, 1e9, use_parser=False) == 0


def test_the_shipped_parse_model_keeps_plain_attributions(monkeypatch: pytest.MonkeyPatch) -> None:
    model = dict(load_weights())
    assert {"weights", "margin", "gap"} <= set(model["parse"])
    # force the parse model on every quotation: the plain answers stand
    monkeypatch.setattr(quotes_mod, "load_weights", lambda: {**model, "parse": {**model["parse"], "gap": 1e9}})
    qs = QuoteFinder(TEXT).run()
    speech = [q for q in qs if q.kind in ("direct", "partial")]
    assert [TEXT[q.speaker_start:q.speaker_end] for q in speech] == ["Councillor Ada Vorn", "she"]
