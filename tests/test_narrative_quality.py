"""Quality gates for coverage, naming, spelling variants and the summary on
labelled data in ``../shared`` (skipped when it is absent). Floors sit just
below the figures ``benchmarks/bench_narrative.py`` measures; they only go up."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from storylens.annotate.attribution.corpus_names import canonicalize
from storylens.evaluation.narrative import SummaryFaults, summary_faults
from storylens.index.linker import link_store
from storylens.pipeline import analyze_documents
from storylens.present.dossier import _quotes, build_dossier
from storylens.settings import Settings
from storylens.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip("../shared evaluation data is absent")


def _analyzed(inputs: list[Path]):
    store = Store(":memory:")
    settings = Settings(db=":memory:")
    analyze_documents(inputs, store, settings)
    link_store(store)
    dossier, _ = build_dossier(store, settings)
    arts = {a.name: a for a in store.articles()}
    quotes = {a.name: _quotes(store, a) for a in arts.values()}
    canonicalize(quotes, arts)
    return dossier, arts, quotes


def _score_module():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "compare" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def triplets(tmp_path_factory):
    _need(SHARED / "eval" / "compare" / "basil_dev")
    tmp = tmp_path_factory.mktemp("triplets")
    score = _score_module()
    score.corpus(str(SHARED / "eval" / "compare" / "basil_dev"), str(tmp / "t.jsonl"))
    dossier, arts, quotes = _analyzed([tmp / "t.jsonl"])
    (tmp / "dossier.json").write_text(json.dumps(dossier.to_json()), encoding="utf-8")
    return score.score(str(SHARED / "eval" / "compare" / "basil_dev"), str(tmp / "dossier.json")), dossier, arts, quotes


def _spelling(dossier) -> list[list[str]]:
    return [v["pair"] for s in dossier.stories for v in s.compared.framing.get("terms", [])
            if v.get("kind") == "spelling"]


def _faults(dossier, arts, quotes) -> SummaryFaults:
    f = SummaryFaults()
    for s in dossier.stories:
        summary_faults(s.compared.summary, arts, quotes, f, [a.doc for a in s.articles])
    return f


def test_coverage_on_the_dev_triplets(triplets) -> None:
    cov = triplets[0]["coverage"]
    # 0.846 / 0.639 on 72 flags (thirtieth session: statements are clauses); 0.843 / 0.608 on 74 flags (twenty-ninth session: a quotation is reported only as its speaker's
    # speech, aligned figures hold a fact's number); 0.836 / 0.574 on 61 flags (sixteenth session:
    # statements start after the dateline); 0.834 / 0.556 on 63 flags (fifteenth session, with its quote groups, which tie coverage
    # facts); 0.833 / 0.548 on 62 flags, every triplet one story (fourteenth session); 0.821 / 0.448 on
    # 87 flags while the clustering split one dev triplet into two stories. Issue targets
    # 0.85 / 0.80.
    assert cov["marks_accuracy"] >= 0.845
    assert cov["omission_precision"] >= 0.635
    assert cov["key_facts_found"] >= 0.995


def test_summary_and_spelling_on_the_dev_triplets(triplets) -> None:
    _, dossier, arts, quotes = triplets
    f = _faults(dossier, arts, quotes)
    assert f.passages >= 100
    assert not f.split_quotes and not f.section_labels and not f.unnamed_speakers and not f.out_of_order
    # two reported, both one name spelled two ways (a first name; a misspelled first name): no false ones
    assert len(_spelling(dossier)) <= 2


@pytest.mark.parametrize("name", ["seeds", "example"])
def test_summary_and_spelling_on_seeds_and_example(name: str) -> None:
    path = SHARED / "corpus" / "seeds" if name == "seeds" else ROOT / "examples" / "corpus"
    _need(SHARED / "corpus" / "seeds")
    dossier, arts, quotes = _analyzed([path])
    f = _faults(dossier, arts, quotes)
    assert f.passages >= 5
    assert not f.split_quotes and not f.section_labels and not f.unnamed_speakers and not f.out_of_order
    expected = [] if name == "seeds" else [["Drevnik", "Drevnyk"]]  # the example corpus's gold variant
    assert _spelling(dossier) == expected


def test_naming_on_newswcl50() -> None:
    _need(SHARED / "eval" / "newswcl50")
    from storylens.evaluation.newswcl import score_naming

    r = score_naming(SHARED / "eval" / "newswcl50")
    assert r["bcubed_f1"] >= 0.75  # 0.763 measured (issue target 0.75)
    assert r["bcubed_precision"] >= 0.86  # 0.870
    assert r["mention_recall"] >= 0.87  # 0.881 of the coded mentions overlapped
