"""``kill -9`` safety: a run that adds articles to a store is killed at
random moments (ingest and NLP, linking and the index's writes, the
comparison stage, the dossier), then run again; each time the store ends
exactly as a run that was never interrupted left it (``Store.dump()``:
documents, articles, annotations, rejections, links, stories, comparisons).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLE_A, ARTICLE_B, ARTICLE_C

from storylens.store import Store

KILLS = int(os.environ.get("STORYLENS_KILLS", "6"))
ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def _write(folder: Path, first: int, n: int) -> None:
    bases = [ARTICLE_A, ARTICLE_B, ARTICLE_C]
    days = ["Monday", "Tuesday", "Friday", "Sunday"]
    for i in range(first, first + n):
        text = (bases[i % 3].replace("Tuesday", days[i % 4]).replace("40 million", f"{40 + i % 7} million")
                + f"\nThe ledger entry number {i} closes the report.\n")
        (folder / f"doc{i:03d}.txt").write_text(text, encoding="utf-8")


def _analyze(db: Path, corpus: Path, out: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "storylens", "analyze", str(corpus), "--db", str(db), "--out", str(out),
           "--no-progress", "--workers", "1"]
    return subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _copy_store(src: Path, dst: Path) -> None:
    shutil.copy(src, dst)
    index = src.with_name(src.name + ".index")
    if index.exists():
        shutil.copytree(index, dst.with_name(dst.name + ".index"))


@pytest.mark.slow
def test_kills_at_random_moments_then_rerun_equal_an_uninterrupted_run(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    _write(corpus, 0, 12)
    base = tmp_path / "base.db"
    assert _analyze(base, corpus, tmp_path / "o").wait() == 0  # the store the runs add to
    _write(corpus, 12, 30)

    ref = tmp_path / "ref.db"
    _copy_store(base, ref)
    t = time.perf_counter()
    p = _analyze(ref, corpus, tmp_path / "o")
    assert p.wait() == 0, p.stderr.read() if p.stderr else ""
    clean_seconds = time.perf_counter() - t
    with Store(ref) as s:
        expected = s.dump()
    assert len(expected["articles"]) == 42 and expected["comparisons"]

    rng = random.Random(9)
    # spread over the run: early (ingest, NLP), middle, late (link, compare, dossier)
    moments = sorted(rng.uniform(0.05, 0.97) * clean_seconds for _ in range(KILLS))
    killed_mid_run = 0
    for k, moment in enumerate(moments):
        db = tmp_path / f"kill{k}.db"
        _copy_store(base, db)
        p = _analyze(db, corpus, tmp_path / f"ok{k}")
        time.sleep(moment)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            killed_mid_run += 1
        p.wait()
        again = _analyze(db, corpus, tmp_path / f"ok{k}")
        assert again.wait() == 0, again.stderr.read() if again.stderr else ""
        with Store(db) as s:
            got = s.dump()
            assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in expected:
            assert got[table] == expected[table], f"kill {k} at {moment:.2f}s: table {table} differs"
    assert killed_mid_run >= min(5, KILLS), f"only {killed_mid_run} runs were still going when killed"
