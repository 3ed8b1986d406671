"""``storylens dates``: the library call, the stored stage output and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storylens import api
from storylens.cli import main
from storylens.pipeline import analyze_documents
from storylens.settings import Settings
from storylens.stages import DatesStage, default_doc_stages
from storylens.store import Store

# a Wednesday article and one without a publication date
HARBOUR = ("Harbour talks set for Thursday\n\nThe mediator will bring the dockers and the terminal operator together "
           "on Thursday. The strike began on Monday, and the last one ended in June.\n")
ORCHARD = "Frost hits orchards\n\nGrowers said on Friday that a late frost had destroyed half the blossom.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    (d / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (d / "orchard.txt").write_text(ORCHARD, encoding="utf-8")
    (d / "meta.csv").write_text("file,outlet,published\nharbour.txt,Courier,2025-10-15T09:00:00Z\n", encoding="utf-8")
    return d


def test_dates_jsonl_contract(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dates", str(corpus), "--jsonl", "--no-progress"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for row in lines:
        assert {"doc", "start", "end", "text", "type", "value"} <= set(row)
        src = (corpus / f"{row['doc']}.txt").read_text(encoding="utf-8")
        assert src[row["start"]:row["end"]] == row["text"]  # offsets into the input's own text
    got = {(r["doc"], r["text"]): (r["type"], r["value"], r["resolved"]) for r in lines}
    assert got[("harbour", "Thursday")] == ("DATE", "2025-10-16", True)  # future tense: the next day
    assert got[("harbour", "Monday")] == ("DATE", "2025-10-13", True)
    assert got[("harbour", "June")] == ("DATE", "2025-06", True)
    assert got[("orchard", "Friday")] == ("DATE", "XXXX-WXX-5", False)  # no publication date
    assert [r["doc"] for r in lines] == sorted(r["doc"] for r in lines)


def test_dates_table_flags_unresolved(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dates", str(corpus), "--no-progress"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert any(r.startswith("harbour\t") and "\t2025-10-16\tThursday" in r for r in rows)
    assert any(r.startswith("orchard\t") and r.endswith("(no publication date)") for r in rows)


def test_dates_stage_is_stored_and_read_back(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert any(isinstance(s, DatesStage) for s in default_doc_stages())
    db = str(tmp_path / "x.db")
    assert main(["dates", str(corpus), "--db", db, "--jsonl", "--no-progress"]) == 0
    fresh = capsys.readouterr().out
    with Store(db) as store:
        stored = {a.name: store.annotation(a.id, "dates") for a in store.articles()}
    assert [d["value"] for d in stored["harbour"]] == ["2025-10-16", "2025-10-13", "2025-06"]
    assert main(["dates", "--db", db, "--jsonl"]) == 0  # no inputs: what the store holds
    assert capsys.readouterr().out == fresh


def test_store_without_dates_computes_them(corpus: Path) -> None:
    """A store analyzed before the dates stage existed still answers."""
    store = Store(":memory:")
    stages = [s for s in default_doc_stages() if not isinstance(s, DatesStage)]
    analyze_documents([corpus], store, Settings(db=":memory:", progress=False), stages=stages)
    assert all(store.annotation(a.id, "dates") is None for a in store.articles())
    found = api.find_dates([], store=store)
    assert [(t.doc, t.value) for t in found if t.doc == "harbour"] == [
        ("harbour", "2025-10-16"), ("harbour", "2025-10-13"), ("harbour", "2025-06")]


def test_dates_without_inputs_or_store_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dates", "--jsonl"]) == 1
    assert "give files, folders or URLs to analyze, or --db FILE" in capsys.readouterr().err
