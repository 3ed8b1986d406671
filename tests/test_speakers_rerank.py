"""The learned speaker-mention reranker (:mod:`storylens.annotate.attribution.reranker`), on invented sentences."""

from __future__ import annotations

import subprocess
import sys

from storylens.annotate.attribution.finder import QuoteFinder
from storylens.annotate.attribution.marks import scan_paragraph
from storylens.annotate.attribution.phrases import Mention
from storylens.annotate.attribution.reranker import (
    WEIGHTS_PATH,
    Candidate,
    candidates,
    load_weights,
    score,
)
from storylens.annotate.attribution.tokens import sentence_ranges, tokenize_paragraph


def _mentions(text: str, rerank: bool) -> list[str | None]:
    qs = QuoteFinder(text, rerank=rerank).run()
    return [None if q.speaker_start is None else text[q.speaker_start : q.speaker_end] for q in qs]


def test_subject_of_the_governing_cue_beats_a_later_pronoun() -> None:
    text = ("Headline\n\nThe council voted on Monday. Olav Brenner told reporters the vote was "
            "“a farce from start to finish,” and he promised to appeal.")
    # the rules take the pronoun of the clause after the quotation
    assert _mentions(text, rerank=False) == ["he"]
    # the reranker takes the subject of "told", the cue that governs it (as PolNeAR annotates)
    assert _mentions(text, rerank=True) == ["Olav Brenner"]


def test_rerank_leaves_a_plain_attribution_alone() -> None:
    text = "Headline\n\n“We will not sign this,” Marta Quell said on Tuesday."
    assert _mentions(text, rerank=True) == ["Marta Quell"]


def test_candidates_carry_relative_antecedent_and_rule_features() -> None:
    text = "Petra Lusk, who once described the harbour plan as “a slow-motion disaster,” spoke on Tuesday."
    regions, _ = scan_paragraph(text, 0, len(text))
    toks = tokenize_paragraph(text, 0, len(text), regions)
    lo, hi = sentence_ranges(toks)[0]
    q = next(i for i, t in enumerate(toks) if t.quote is not None)
    who = text.index("who")
    cands = candidates(toks, q, lo, hi, Mention(who, who + 3, "who"), "before", None, None, None)
    by_text = {c.mention.text: c.feats for c in cands}
    assert "rule" in by_text["who"] and "kind_rel" in by_text["who"]
    assert "antecedent_of_rule" in by_text["Petra Lusk"]


def test_weights_are_a_small_data_file_scored_by_a_dot_product() -> None:
    model = load_weights()
    assert WEIGHTS_PATH.name == "speaker_reranker.json" and WEIGHTS_PATH.exists()
    assert 0 < len(model["weights"]) < 1000 and "margin" in model
    c = Candidate(Mention(0, 2, "he"), {"rule": 1.0, "kind_pron": 1.0})
    want = model["bias"] + model["weights"].get("rule", 0.0) + model["weights"].get("kind_pron", 0.0)
    assert abs(score(c, model) - want) < 1e-9


def test_no_machine_learning_library_at_run_time() -> None:
    code = ("import sys; from storylens.annotate.attribution.finder import find_quotes; "
            "find_quotes('Headline\\n\\nOlav Brenner told reporters the vote was “a farce from start to finish,” "
            "and he promised to appeal.'); assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def _cands(text: str, rule: str | None = None, **kw) -> dict[str, dict[str, float]]:
    regions, _ = scan_paragraph(text, 0, len(text))
    toks = tokenize_paragraph(text, 0, len(text), regions)
    q = next(i for i, t in enumerate(toks) if t.quote is not None)
    lo, hi = next((a, b) for a, b in sentence_ranges(toks) if a <= q < b)
    m = None
    if rule is not None:
        s = text.index(rule)
        m = Mention(s, s + len(rule), rule)
    return {c.mention.text: c.feats for c in candidates(toks, q, lo, hi, m, "before", None, None, None, **kw)}


def test_possessive_speaker_of_a_speech_noun_is_a_candidate() -> None:
    # no speech cue at all: the source is the owner of "claim"
    feats = _cands("Councillor Ada Brisk disputed Gerrit Holm’s claim that the ferry was “never late.”")
    assert "poss" in feats["Gerrit Holm’s"] and "poss_speech_noun" in feats["Gerrit Holm’s"]
    assert "any_mention" in feats["Councillor Ada Brisk"] and "subj_verb" in feats["Councillor Ada Brisk"]
    feats = _cands("The mayor repeated her promise to keep the ferry “running every hour.”")
    assert "poss_speech_noun" in feats["her"]


def test_mentions_after_by_and_with_a_participle_are_candidates() -> None:
    feats = _cands("Brisk was asked by moderator Tilde Aune whether the levy was “a tax by another name.”")
    assert "after_by" in feats["Tilde Aune"]
    feats = _cands("The board denied it, with Jonas Pell calling the report “pure invention.”")
    assert "then_ing" in feats["Jonas Pell"]


def test_quotation_opening_a_paragraph_sees_the_paragraph_before() -> None:
    text = "Rosa Kettle praised the new harbour wall.\n\n“It will outlast all of us.”"
    qs = QuoteFinder(text)
    found_quotes = qs.run()
    assert len(found_quotes) == 1
    cands = {c.mention.text: c.feats for c in qs.speaker_candidates(qs.last_found, 0)}
    assert "prevpara_first" in cands["Rosa Kettle"] or "prevpara_subj" in cands["Rosa Kettle"]


def test_reranker_keeps_a_route_it_never_saw_in_training(monkeypatch) -> None:
    import storylens.annotate.attribution.parse_rerank as quotes_mod

    text = "Headline\n\nShe smiled at the council, with Jonas Pell calling the plan “pure invention.”"
    # a model that prefers pronouns by far, with no weight for the "absolute" route
    model = {"bias": 0.0, "weights": {"kind_pron": 50.0, "rule_after": 0.0}, "margin": 0.0, "threshold_new": 0.0}
    monkeypatch.setattr(quotes_mod, "load_weights", lambda: model)

    def speaker() -> str | None:
        q = QuoteFinder(text, use_parser=False).run()[0]
        return None if q.speaker_start is None else text[q.speaker_start:q.speaker_end]

    assert speaker() == "Jonas Pell"  # "absolute" is unknown to the model: kept
    model["weights"]["rule_absolute"] = 0.0  # once the model knows the route, it may override it
    assert speaker() == "She"


def test_reranker_never_overrides_a_source_the_text_names(monkeypatch) -> None:
    import storylens.annotate.attribution.parse_rerank as quotes_mod

    text = ("Headline\n\n“Not again.” ― Olav Brenner\n\n“Fares rise in May,” as a trust memo put it, and she agreed."
            "\n\n\"KETTLE: We will not budge, and she knows it.\"")
    # a model that knows every route and prefers pronouns by far
    model = {"bias": 0.0, "weights": {"kind_pron": 50.0, "rule_dash": 0.0, "rule_put-it": 0.0, "rule_label": 0.0},
             "margin": 0.0, "threshold_new": 0.0}
    monkeypatch.setattr(quotes_mod, "load_weights", lambda: model)
    qs = QuoteFinder(text, use_parser=False).run()
    got = [None if q.speaker_start is None else text[q.speaker_start:q.speaker_end] for q in qs]
    assert got == ["Olav Brenner", "a trust memo", "KETTLE"]
