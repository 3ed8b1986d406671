"""Bad input found by fuzzing (eighteenth session): each case is one bad
document beside good ones; the run goes on, the bad one is rejected with a
reason or read as far as it is readable, and no good document is lost."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ARTICLE_A, ARTICLE_B

from storylens.api import analyze
from storylens.cli import main
from storylens.ingest import ingest
from storylens.models import RawDocument, Rejection
from storylens.settings import Settings


def _dossier(inputs: list[Path], tmp_path: Path, db: str = "x.db") -> dict:
    out = tmp_path / "out"
    analyze(inputs, settings=Settings(db=str(tmp_path / db), out=str(out), progress=False))
    return json.loads((out / "dossier.json").read_text(encoding="utf-8"))


def _docs(dossier: dict) -> list[str]:
    return sorted(a["doc"] for s in dossier["stories"] for a in s["articles"])


def _record(id_: str, text: str, **extra: object) -> str:
    return json.dumps({"id": id_, "text": text, **extra})


def test_a_publication_date_out_of_the_calendar_is_kept_aside_and_the_run_goes_on(tmp_path):
    f = tmp_path / "e.jsonl"
    f.write_text("\n".join([_record("late", ARTICLE_A, published="9999-12-31T23:59:59-12:00"),
                            _record("early", ARTICLE_B, published="0001-01-01T00:00:00+14:00")]), encoding="utf-8")
    assert _docs(_dossier([f], tmp_path)) == ["early", "late"]
    assert _docs(_dossier([f], tmp_path)) == ["early", "late"]  # and again, on the same store


def test_a_sidecar_in_another_encoding_is_read(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (d / "meta.csv").write_bytes("file,outlet\na.txt,Café Tribune\n".encode("latin-1"))
    docs = [x for x in ingest([d]) if isinstance(x, RawDocument)]
    assert [x.meta.get("outlet") for x in docs] == ["Café Tribune"]


def test_two_inputs_of_one_name_are_both_kept_and_keep_their_names(tmp_path):
    for year, text in (("2024", ARTICLE_A), ("2025", ARTICLE_B)):
        (tmp_path / "c" / year).mkdir(parents=True)
        (tmp_path / "c" / year / "index.txt").write_text(text, encoding="utf-8")
    assert _docs(_dossier([tmp_path / "c"], tmp_path)) == ["index", "index~2"]
    assert _docs(_dossier([tmp_path / "c"], tmp_path)) == ["index", "index~2"]  # a re-run names them alike
    f = tmp_path / "twice.jsonl"
    f.write_text(_record("x", ARTICLE_A) + "\n" + _record("x", ARTICLE_B), encoding="utf-8")
    assert _docs(_dossier([f], tmp_path, "y.db")) == ["x", "x~2"]


def test_the_same_text_under_the_same_name_elsewhere_is_the_same_document(tmp_path):
    for folder in ("first", "again"):  # an upload saved twice, in two folders
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(ARTICLE_A, encoding="utf-8")
    assert _docs(_dossier([tmp_path / "first"], tmp_path)) == ["index"]
    assert _docs(_dossier([tmp_path / "again"], tmp_path)) == ["index"]


def test_an_unreadable_jsonl_line_loses_only_itself(tmp_path):
    f = tmp_path / "e.jsonl"
    f.write_text("\n".join([_record("a", ARTICLE_A), '{"id": "big", "n": ' + "9" * 5000 + "}",
                            "[" * 100_000, _record("b", ARTICLE_B + " Harbour\u2028board\u0085notes.")]),
                 encoding="utf-8")
    got = list(ingest([f]))
    assert [x.name for x in got if isinstance(x, RawDocument)] == ["a", "b"]
    rejected = [x for x in got if isinstance(x, Rejection)]
    assert [x.name for x in rejected] == ["e#2", "e#3"] and all("unreadable JSON" in x.reason for x in rejected)


def test_csv_records_are_read_one_by_one(tmp_path):
    open_quote = tmp_path / "open.csv"
    open_quote.write_text('id,text\nc1,"' + ARTICLE_A.replace("\n", " ").replace('"', '""') + '"\n'
                          'c2,"An unclosed quote runs on. \nc3,"' + ARTICLE_B.replace("\n", " ").replace('"', '""')
                          + '"\n', encoding="utf-8")
    got = list(ingest([open_quote]))
    assert [x.name for x in got if isinstance(x, RawDocument)] == ["c1"]
    assert [x.name for x in got if isinstance(x, Rejection)] == ["open#3"]  # named: c3 may be inside it
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text('id;text\ns1;"' + ARTICLE_A.replace("\n", " ").replace('"', '""') + '"\n', encoding="utf-8")
    assert [x.name for x in ingest([semicolons])] == ["s1"]
    long_field = tmp_path / "long.csv"
    long_field.write_text('id,text\nl1,"' + (ARTICLE_B.replace("\n", " ").replace('"', '""') + " ") * 150 + '"\n',
                          encoding="utf-8")
    assert [type(x).__name__ for x in ingest([long_field])] == ["RawDocument"]  # over csv's 131,072 default


def test_a_nul_in_one_record_rejects_that_record_not_the_export(tmp_path):
    f = tmp_path / "e.jsonl"
    f.write_bytes((_record("a", ARTICLE_A) + "\n").encode() + b'{"id": "n", "text": "x\x00y"}\n'
                  + _record("b", ARTICLE_B).encode())
    got = list(ingest([f]))
    assert [x.name for x in got if isinstance(x, RawDocument)] == ["a", "b"]


def test_a_surrogate_character_reference_loses_no_feed_entry(tmp_path):
    items = "".join(f"<item><title>T{i}</title><link>https://example.org/{i}</link>"
                    f"<description>{body}</description></item>"
                    for i, body in enumerate(["Bad &#xD800; reference in a harbour note about the night shifts.",
                                              ARTICLE_A.replace("\n", " "), ARTICLE_B.replace("\n", " ")]))
    f = tmp_path / "f.rss"
    f.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{items}</channel></rss>',
                 encoding="utf-8")
    assert len([x for x in ingest([f]) if isinstance(x, RawDocument)]) == 3


def test_offsets_index_a_windows_1252_file_with_crlf_line_ends(tmp_path, capsys):
    text = ("Bridge plan\r\n\r\nThe minister said on Tuesday: “We will rebuild the café bridge by March.”\r\n\r\n"
            "Critics were unconvinced. “This is a fantasy,” said Maria Kost.\r\n")
    f = tmp_path / "w.txt"
    f.write_bytes(text.encode("cp1252"))
    assert main(["quotes", str(f), "--jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(text[r["start"]:r["end"]] == r["text"] for r in rows)
