import json

import pytest

from storylens.cli import main
from storylens.store import Store


def test_quotes_jsonl_contract(small_corpus, capsys):
    assert main(["quotes", str(small_corpus), "--jsonl", "--no-progress"]) == 0
    lines = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert lines
    keys = {"doc", "start", "end", "text", "speaker", "speaker_start", "speaker_end", "cue", "kind", "confidence"}
    texts = {}
    for l in lines:
        assert keys <= set(l)
        assert l["kind"] in {"direct", "partial", "scare", "title"}
        src = (small_corpus / f"{l['doc']}.txt").read_text()
        assert src[l["start"]:l["end"]] == l["text"]  # offsets into the input's own text
        if l["speaker_start"] is not None:
            assert 0 <= l["speaker_start"] < l["speaker_end"] <= len(src)
        texts[l["text"]] = l
    q = texts["We will not accept twelve-hour nights without a new contract,"] if \
        "We will not accept twelve-hour nights without a new contract," in texts else \
        next(v for k, v in texts.items() if k.startswith("We will not accept"))
    assert q["speaker"] == "Ines Calder"


def test_stories_jsonl_contract(small_corpus, capsys):
    assert main(["stories", str(small_corpus), "--jsonl", "--no-progress"]) == 0
    lines = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert sorted(l["doc"] for l in lines) == ["frost", "port_a", "port_b"]
    for l in lines:
        assert {"doc", "story", "duplicate_of", "relation"} <= set(l)
        assert l["relation"] in {"original", "exact", "near", "syndicated"}
    story = {l["doc"]: l["story"] for l in lines}
    assert story["port_a"] == story["port_b"] != story["frost"]


def test_analyze_articles_show(small_corpus, tmp_path, capsys):
    db, out = str(tmp_path / "x.db"), str(tmp_path / "out")
    (small_corpus / "empty.txt").write_text("")
    assert main(["analyze", str(small_corpus), "--db", db, "--out", out, "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "1 document(s) rejected" in err and "rejected empty: empty file" in err
    assert (tmp_path / "out" / "dossier.json").exists() and (tmp_path / "out" / "index.html").exists()
    assert main(["articles", "--db", db, "--json"]) == 0
    rows = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert {r["name"]: r["status"] for r in rows} == {"port_a": "ok", "port_b": "ok", "frost": "ok", "empty": "rejected"}
    assert main(["show", "port_a", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "[removed: " in shown and "Photo: Harbour Press Agency" in shown


def test_a_paywalled_page_keeps_its_headline_and_says_so(small_corpus, tmp_path, capsys):
    (small_corpus / "port_c.txt").write_text(
        "Velmora harbour board approves night shifts at the docks\n\n"
        "You have reached the limit for free access to our reporting.\n\n"
        "Members, tap here to sign in or register to keep reading. Sign In\n", encoding="utf-8")
    (small_corpus / "wall.txt").write_text("Already a subscriber? Log in\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(small_corpus), "--db", str(tmp_path / "x.db"), "--out", str(out), "--no-progress"]) == 0
    assert "rejected wall: no article text: the page holds only a paywall or sign-in notice" in capsys.readouterr().err
    dossier = json.loads((out / "dossier.json").read_text())
    arts = {a["doc"]: a for s in dossier["stories"] for a in s["articles"]}
    assert arts["port_c"]["paywalled"] is True and arts["port_a"]["paywalled"] is False
    story = {a["doc"]: s["id"] for s in dossier["stories"] for a in s["articles"]}
    assert story["port_c"] == story["port_a"]  # the headline alone finds its story
    assert "paywalled: the text stops at a sign-in notice" in (out / f"{story['port_c']}.html").read_text()


def test_errors_are_clean_messages(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope"), "--db", str(tmp_path / "d.db"), "--no-progress"]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["show", "missing", "--db", str(tmp_path / "d.db")]) == 1
    assert "no store at" in capsys.readouterr().err and not (tmp_path / "d.db").exists()
    Store(tmp_path / "d.db").close()
    assert main(["show", "missing", "--db", str(tmp_path / "d.db")]) == 1
    assert "no article named" in capsys.readouterr().err


def test_usage_error_exit_code():
    with pytest.raises(SystemExit) as e:
        main(["analyze"])
    assert e.value.code == 2
