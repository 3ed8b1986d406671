"""The command line at its edges, tried as a new user would: every mistake
gets a plain message and exit code 1 (2 for usage), before any work is done
where it can be found before, and read commands never create a store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLE_A, ARTICLE_B

from storylens import api
from storylens.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_out_onto_an_existing_file_fails_before_any_work(small_corpus, tmp_path, capsys):
    out = tmp_path / "taken"
    out.write_text("a file the user keeps")
    db = tmp_path / "x.db"
    assert main(["analyze", str(small_corpus), "--db", str(db), "--out", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "Traceback" not in err
    assert not db.exists() and out.read_text() == "a file the user keeps"  # nothing done, nothing lost


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_out_into_an_unwritable_folder_fails_before_any_work(small_corpus, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    db = tmp_path / "x.db"
    assert main(["analyze", str(small_corpus), "--db", str(db), "--out", str(locked / "out"), "--no-progress"]) == 1
    assert "cannot create the output folder" in capsys.readouterr().err and not db.exists()


def test_out_under_a_file_fails_before_any_work(small_corpus, tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    db = tmp_path / "x.db"
    assert main(["analyze", str(small_corpus), "--db", str(db), "--out", str(tmp_path / "f" / "out"),
                 "--no-progress"]) == 1
    assert "cannot create the output folder" in capsys.readouterr().err and not db.exists()


def test_an_interrupt_is_a_clean_message(small_corpus, tmp_path, capsys, monkeypatch):
    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "analyze", interrupted)
    assert main(["analyze", str(small_corpus), "--db", str(tmp_path / "x.db"), "--no-progress"]) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err


def test_ctrl_c_early_in_a_real_run_prints_no_traceback(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for k in range(150):
        (corpus / f"a{k}.txt").write_text(ARTICLE_A.replace("Tuesday", f"day {k}"))
    proc = subprocess.Popen([sys.executable, "-m", "storylens", "analyze", str(corpus), "--db", str(tmp_path / "x.db"),
                             "--out", str(tmp_path / "out"), "--no-progress"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # interrupt once the run is under way (its store exists), however slow the start on a loaded machine
    deadline = time.monotonic() + 60
    while not (tmp_path / "x.db").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    # 130 (or 0: it had finished already); on a loaded machine the process has
    # also been seen to end by the signal itself after its message
    assert proc.returncode in (130, 0, -signal.SIGINT), err
    assert proc.returncode == 0 or "interrupted; everything committed so far is kept" in err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


@pytest.mark.parametrize("argv", [["articles"], ["show", "port_a"], ["quotes"], ["stories"]])
def test_read_commands_never_create_a_store(tmp_path, capsys, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "missing.db"
    code = main([*argv, "--db", str(db)])
    assert code == 1 and f"no store at {db}" in capsys.readouterr().err
    assert not db.exists()
    if argv[0] in ("articles", "show"):  # the default store of the current folder is not created either
        assert main(argv) == 1 and "no store at storylens.db" in capsys.readouterr().err
        assert list(tmp_path.iterdir()) == []


def test_inputs_holding_no_article_exit_1(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.bin").write_bytes(b"\x00\x01")  # not an input format: nothing found
    assert main(["analyze", str(empty), "--db", str(tmp_path / "x.db"), "--out", str(tmp_path / "out"),
                 "--no-progress"]) == 1
    assert "hold no document" in capsys.readouterr().err


def test_a_bad_flag_shows_the_commands_usage(capsys):
    with pytest.raises(SystemExit) as e:
        main(["analyze", "somewhere", "--bogus"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "usage: storylens analyze" in err and "unrecognized arguments: --bogus" in err


def test_quotes_and_stories_read_a_store_they_are_given(small_corpus, tmp_path, capsys):
    db = str(tmp_path / "x.db")
    assert main(["analyze", str(small_corpus), "--db", db, "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    capsys.readouterr()
    for cmd in ("quotes", "stories"):
        assert main([cmd, str(small_corpus), "--jsonl", "--no-progress"]) == 0
        fresh = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        (small_corpus / "port_a.txt").unlink() if cmd == "stories" else None
        assert main([cmd, "--db", db, "--jsonl"]) == 0  # no inputs: what the store holds
        stored = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert stored == fresh and stored


def test_quotes_without_inputs_or_store_says_what_to_give(capsys):
    assert main(["quotes", "--jsonl"]) == 1
    assert "give files, folders or URLs to analyze, or --db FILE" in capsys.readouterr().err


def test_the_readme_names_both_browser_packages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "chromium chromium-driver" in readme


def test_quotes_with_db_and_inputs_keeps_them_in_that_store(small_corpus, tmp_path, capsys):
    db = tmp_path / "kept.db"
    (small_corpus / "port_b.txt").write_text(ARTICLE_B)
    assert main(["quotes", str(small_corpus), "--db", str(db), "--jsonl", "--no-progress"]) == 0
    capsys.readouterr()
    assert db.exists()
    assert main(["articles", "--db", str(db), "--json"]) == 0
    assert {json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()} == {"port_a", "port_b", "frost"}
