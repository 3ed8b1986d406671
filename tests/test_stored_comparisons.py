"""Story comparisons are computed when a story changes, stored, and read by
the dossier and the pages (which never compute one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ARTICLE_A, ARTICLE_B, ARTICLE_C

from storylens.api import analyze
from storylens.compare import story as story_module
from storylens.compare.stored import CompareInputs, refresh_comparisons
from storylens.models import Article
from storylens.present import build_dossier
from storylens.settings import Settings
from storylens.store import Store


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings(db=str(tmp_path / "s.db"), progress=False, **kw)


def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "port_a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (d / "frost.txt").write_text(ARTICLE_C, encoding="utf-8")
    return d


def test_analyze_stores_each_story_comparison_and_reruns_compare_nothing(tmp_path):
    settings = _settings(tmp_path)
    src = _corpus(tmp_path)
    first = analyze([src], settings=settings, out=tmp_path / "out1")
    assert first.compared == 2
    with Store(settings.db) as s:
        keys = s.comparison_keys()
        assert len(keys) == 2
        row = s.comparison(next(iter(keys)))
        assert row is not None and row[1] is not None and "quote_groups" in row[1]
    again = analyze([src], settings=settings, out=tmp_path / "out2")
    assert again.compared == 0  # nothing changed: nothing compared
    d1 = json.loads((tmp_path / "out1" / "dossier.json").read_text())
    d2 = json.loads((tmp_path / "out2" / "dossier.json").read_text())
    assert [s["claims"] for s in d1["stories"]] == [s["claims"] for s in d2["stories"]]


def test_a_new_article_recompares_only_the_story_it_joins(tmp_path):
    settings = _settings(tmp_path)
    src = _corpus(tmp_path)
    analyze([src], settings=settings, out=tmp_path / "out")
    with Store(settings.db) as s:
        before = s.comparison_keys()
    (src / "port_b.txt").write_text(ARTICLE_B, encoding="utf-8")
    rep = analyze([src], settings=settings, out=tmp_path / "out")
    with Store(settings.db) as s:
        after = s.comparison_keys()
        harbour = next(st["id"] for st in s.stories() if "port_a" in st["docs"])
        frost = next(st["id"] for st in s.stories() if "frost" in st["docs"])
    assert rep.compared == 1
    assert after[frost] == before[frost] and after[harbour] != before.get(harbour)
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text())
    port = next(st for st in dossier["stories"] if st["id"] == harbour)
    # the stored comparison is the one of both articles: the 40 vs 45 million conflict
    assert any(c["status"] == "conflict" for c in port["claims"])


def test_the_dossier_reads_stored_comparisons_without_computing(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    src = _corpus(tmp_path)
    (src / "port_b.txt").write_text(ARTICLE_B, encoding="utf-8")
    analyze([src], settings=settings, out=tmp_path / "out")

    def boom(*a, **k):
        raise AssertionError("a read computed a comparison")

    monkeypatch.setattr(story_module, "compare_story", boom)
    with Store(settings.db) as s:
        dossier, _ = build_dossier(s, settings)
    assert all(st.comparison is not None and not st.errors for st in dossier.stories)


def test_a_story_over_its_budget_keeps_its_articles_and_says_what_it_left_out(tmp_path):
    settings = _settings(tmp_path, max_story_words=60)
    src = _corpus(tmp_path)
    (src / "port_b.txt").write_text(ARTICLE_B, encoding="utf-8")
    analyze([src], settings=settings, out=tmp_path / "out")
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text())
    port = next(st for st in dossier["stories"] if len(st["articles"]) == 2)
    assert {a["doc"] for a in port["articles"]} == {"port_a", "port_b"}
    assert port["quotes"]  # who said what is still there
    assert "claims" not in port  # the comparison is left out ...
    assert "max_story_words" in port["errors"][0] and "words" in port["errors"][0]  # ... and says why


def test_a_failing_section_is_left_out_and_the_others_stand(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    src = _corpus(tmp_path)
    (src / "port_b.txt").write_text(ARTICLE_B, encoding="utf-8")

    def no_memory(*a, **k):
        raise MemoryError("Unable to allocate 13.4 GiB for an array")

    monkeypatch.setattr(story_module, "build_coverage", no_memory)
    analyze([src], settings=settings, out=tmp_path / "out")
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text())
    port = next(st for st in dossier["stories"] if len(st["articles"]) == 2)
    assert port["left_out"] == [{"section": "coverage", "reason": "MemoryError: Unable to allocate 13.4 GiB for an "
                                                                   "array"}]
    assert any("coverage" in e for e in port["errors"])
    assert port["claims"] and port["quote_groups"] and port["coverage"] == {}


def test_keys_follow_what_the_comparison_reads(tmp_path):
    settings = _settings(tmp_path)
    src = _corpus(tmp_path)
    analyze([src], settings=settings, out=tmp_path / "out")
    with Store(settings.db) as s:
        inputs = CompareInputs.load(s, settings)
        story = next(st for st in inputs.stories if "port_a" in st.docs)
        k = inputs.key(story)
        assert inputs.key(story) == k  # stable
        a = inputs.articles["port_a"]
        inputs.articles["port_a"] = Article(**{**a.__dict__, "published": "2031-01-01"})
        assert inputs.key(story) != k  # metadata matters
        other = CompareInputs.load(s, settings.replace(summary_sentences=2))
        assert other.key(next(st for st in other.stories if st.id == story.id)) != k  # settings matter
        assert refresh_comparisons(s, settings).compared == 0


def test_web_story_page_reads_the_stored_comparison(tmp_path, monkeypatch):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storylens.web import create_app

    settings = _settings(tmp_path)
    src = _corpus(tmp_path)
    (src / "port_b.txt").write_text(ARTICLE_B, encoding="utf-8")
    analyze([src], settings=settings, out=tmp_path / "out")
    with Store(settings.db) as s:
        harbour = next(st["id"] for st in s.stories() if "port_a" in st["docs"])

    def boom(*a, **k):
        raise AssertionError("a request computed a comparison")

    monkeypatch.setattr(story_module, "compare_story", boom)
    c = TestClient(create_app(settings), base_url="http://127.0.0.1")
    j = c.get(f"/story/{harbour}.json").json()
    assert any(cl["status"] == "conflict" for cl in j["claims"]) and not j.get("errors")
    # a store whose comparisons are not stored yet: the page says so, and computes nothing
    with Store(settings.db) as s:
        s.save_comparisons([], gone=list(s.comparison_keys()))
    c2 = TestClient(create_app(settings), base_url="http://127.0.0.1")
    j2 = c2.get(f"/story/{harbour}.json").json()
    assert "not stored yet" in j2["errors"][0] and "claims" not in j2
    assert c2.get(f"/story/{harbour}").status_code == 200


_COMPARE_ALL = """
import hashlib, json, sys
from storylens.compare.stored import CompareInputs
from storylens.settings import Settings
from storylens.store import Store
with Store(sys.argv[1]) as s:
    inputs = CompareInputs.load(s, Settings())
    out = []
    for story in inputs.stories:
        comp, errors = inputs.compare(story)
        out.append([story.id, comp.to_stored() if comp else None, errors])
print(hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest())
"""


def test_a_comparison_is_the_same_whatever_the_string_hashes(tmp_path):
    """A rerun (a new process, new string hashes) must store the same
    comparison, or a store killed and rerun differs from one never killed:
    float sums over term sets once followed the hash order and tipped a
    coverage mark (seen with PYTHONHASHSEED=1 on this corpus)."""
    import os
    import subprocess
    import sys

    src = tmp_path / "in"
    src.mkdir()
    days = ["Monday", "Tuesday", "Friday", "Sunday"]
    for i in range(30):  # many near-copies: many near-equal sums
        base = [ARTICLE_A, ARTICLE_B, ARTICLE_C][i % 3]
        (src / f"doc{i:03d}.txt").write_text(base.replace("Tuesday", days[i % 4]).replace(
            "40 million", f"{40 + i % 7} million") + f"\nThe ledger entry number {i} closes the report.\n",
            encoding="utf-8")
    settings = _settings(tmp_path)
    analyze([src], settings=settings, out=tmp_path / "out")
    root = Path(__file__).resolve().parents[1]
    digests = set()
    for seed in ("0", "1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(root))
        run = subprocess.run([sys.executable, "-c", _COMPARE_ALL, settings.db], env=env, capture_output=True,
                             text=True, check=True)
        digests.add(run.stdout.strip())
    assert len(digests) == 1


def test_inputs_reload_reads_only_the_documents_stored_since_and_answer_the_same(tmp_path):
    settings = _settings(tmp_path)
    src = _corpus(tmp_path)
    analyze([src], settings=settings, out=tmp_path / "out")
    with Store(settings.db) as s:
        before = CompareInputs.load(s, settings)
    (src / "port_b.txt").write_text(ARTICLE_B, encoding="utf-8")  # a new article
    (src / "frost.txt").write_text(ARTICLE_C + "\n\nThe frost is expected to last.", encoding="utf-8")  # replaced
    analyze([src], settings=settings, out=tmp_path / "out")
    with Store(settings.db) as s:
        again = CompareInputs.load(s, settings, before)
        fresh = CompareInputs.load(s, settings)
        assert list(again.articles) == list(fresh.articles) and again.articles == fresh.articles
        assert again.quotes == fresh.quotes and again.links == fresh.links
        assert [again.key(st) for st in again.stories] == [fresh.key(st) for st in fresh.stories]
        assert again.key(again.stories[0]) in s.comparison_keys().values()
    # what did not change is the very same article, not read again; the rest is new
    assert again.articles["port_a"] is before.articles["port_a"]
    assert again.articles["frost"] is not before.articles["frost"] and "port_b" not in before.articles
    # the quotations are made again (their speakers are made canonical across the corpus each time)
    assert before.quotes["port_a"]
    assert all(q1 is not q0 for q1, q0 in zip(again.quotes["port_a"], before.quotes["port_a"], strict=True))
