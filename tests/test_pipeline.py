import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLE_A, ARTICLE_B, ARTICLE_C

from storylens import Settings, Store, analyze
from storylens.pipeline import analyze_documents


def _settings(tmp_path, name="s.db"):
    return Settings(db=str(tmp_path / name), out=str(tmp_path / "out"), progress=False)


def test_second_run_does_no_extraction_or_nlp(small_corpus, tmp_path):
    s = _settings(tmp_path)
    first = analyze([small_corpus], settings=s)
    assert (first.analyzed, first.skipped, first.rejected) == (3, 0, 0)
    assert first.extract_calls == 3 and first.annotate_calls >= 3
    second = analyze([small_corpus], settings=s)
    assert (second.analyzed, second.skipped, second.extract_calls, second.annotate_calls, second.linked) == (0, 3, 0, 0, 0)
    # an edited file is the only one redone
    (small_corpus / "frost.txt").write_text(ARTICLE_C.replace("half", "a third"))
    third = analyze([small_corpus], settings=s)
    assert (third.analyzed, third.skipped) == (1, 2)
    with Store(s.db) as st:
        assert st.counts()["articles"] == 3


def test_bad_documents_do_not_stop_the_run(small_corpus, tmp_path):
    (small_corpus / "empty.txt").write_text("")
    (small_corpus / "bin.txt").write_bytes(b"\x00\xff" * 100)
    (small_corpus / "furniture_only.txt").write_text("Comments are closed.\n")
    rep = analyze([small_corpus], settings=_settings(tmp_path))
    assert rep.analyzed == 3 and rep.rejected == 3
    reasons = {r["doc"]: r["reason"] for r in rep.rejections}
    assert reasons["empty"] == "empty file" and "binary" in reasons["bin"]
    assert reasons["furniture_only"]


def _corpus(d: Path, n: int) -> Path:
    d.mkdir()
    bases = [ARTICLE_A, ARTICLE_B, ARTICLE_C]
    for i in range(n):
        text = bases[i % 3].replace("Tuesday", ["Monday", "Tuesday", "Friday"][i % 3]) + f"\nThe ledger entry number {i} closes the report.\n"
        (d / f"doc{i:03d}.txt").write_text(text)
    return d


def _count(db: Path) -> int:
    try:
        c = sqlite3.connect(db, timeout=1)
        try:
            return c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_9_then_rerun_equals_uninterrupted_run(tmp_path):
    n = 150
    corpus = _corpus(tmp_path / "c", n)
    cmd = [sys.executable, "-m", "storylens", "analyze", str(corpus), "--no-progress", "--workers", "1"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    ref_db, kill_db = tmp_path / "ref.db", tmp_path / "kill.db"
    subprocess.run(cmd + ["--db", str(ref_db), "--out", str(tmp_path / "o1")], check=True, env=env, capture_output=True)

    proc = subprocess.Popen(cmd + ["--db", str(kill_db), "--out", str(tmp_path / "o2")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _count(kill_db) < 10 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = _count(kill_db)
    assert 0 < done < n, f"expected to kill mid-analysis, {done} of {n} were stored"

    again = subprocess.run(cmd + ["--db", str(kill_db), "--out", str(tmp_path / "o2")], env=env,
                           capture_output=True, text=True, check=True)
    assert f"{n - done} analyzed" in again.stderr and f"{done} unchanged" in again.stderr
    with Store(ref_db) as a, Store(kill_db) as b:
        assert a.dump() == b.dump()
        # no duplicate or half-written rows: one article and a full set of annotations per document
        assert b.counts()["articles"] == b.counts()["documents"] == n
        kinds = b.conn.execute("SELECT COUNT(DISTINCT kind) FROM annotations").fetchone()[0]
        assert b.counts()["annotations"] == n * kinds


def test_custom_stage_order_is_checked_before_work(small_corpus):
    from storylens.errors import PipelineError
    from storylens.stage import Stage

    class NeedsClaims(Stage):
        name, layer, reads, writes = "x", "annotate", ("claims",), ("y",)

    with pytest.raises(PipelineError):
        analyze_documents([small_corpus], Store(":memory:"), stages=[NeedsClaims()])


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_store(small_corpus, tmp_path):
    pytest.importorskip("dask.distributed")
    serial = Settings(db=str(tmp_path / "a.db"), out=str(tmp_path / "oa"), progress=False)
    dask = Settings(db=str(tmp_path / "b.db"), out=str(tmp_path / "ob"), progress=False, scheduler="local")
    analyze([small_corpus], settings=serial)
    rep = analyze([small_corpus], settings=dask)
    assert rep.analyzed == 3
    with Store(serial.db) as a, Store(dask.db) as b:
        assert a.dump() == b.dump()


def test_process_pool_gives_the_same_store(small_corpus, tmp_path):
    for i in range(3):  # more documents than the pool threshold
        (small_corpus / f"extra{i}.txt").write_text(ARTICLE_C.replace("Monday", ["Sunday", "Friday", "Saturday"][i]))
    one = Settings(db=str(tmp_path / "a.db"), out=str(tmp_path / "oa"), progress=False, workers=1)
    two = Settings(db=str(tmp_path / "b.db"), out=str(tmp_path / "ob"), progress=False, workers=2)
    analyze([small_corpus], settings=one)
    analyze([small_corpus], settings=two)
    with Store(one.db) as a, Store(two.db) as b:
        assert a.dump() == b.dump()
