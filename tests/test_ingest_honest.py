"""Ingest says what it did: every input it cannot take whole is a rejection
with a reason, and what it keeps is what the input holds (the red team's
list of silent losses, one test each)."""

from __future__ import annotations

import gzip
import os
import random
import zlib
from pathlib import Path

import pytest
from conftest import make_warc

from storylens.ingest import IngestOptions, ingest
from storylens.ingest.decode import decode_bytes
from storylens.models import RawDocument, Rejection

PAGE = ("<html><head><title>{t}</title></head><body><article><p>{t}: the harbour board met on Tuesday "
        "and voted to add night shifts at the container terminal, the union said.</p>" + "<p>{t} more text of "
        "the article, with quotes and numbers such as 37 ships and 1,200 dockworkers.</p>" * 20
        + "</article></body></html>")
URIS = ["https://news.example/a/first-page.html", "https://news.example/a/second-page.html"]


def _split(items):
    return ([i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, Rejection)])


def _warc(tmp_path: Path, gz: bool = True) -> bytes:
    p = make_warc(tmp_path / ("w.warc.gz" if gz else "w.warc"), [(u, PAGE.format(t=f"Page {k}")) for k, u in
                                                                   enumerate(URIS)])
    return p.read_bytes()


def _members(data: bytes) -> list[bytes]:
    out = []
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out.append(d.decompress(data))
        data = d.unused_data
    return out


def _set_length(record: bytes, delta: int) -> bytes:
    i = record.index(b"Content-Length: ")
    j = record.index(b"\r\n", i)
    return record[: i + 16] + str(int(record[i + 16 : j]) + delta).encode() + record[j:]


def _run(tmp_path: Path, name: str, data: bytes, **opts):
    p = tmp_path / name
    p.write_bytes(data)
    return _split(list(ingest([p], IngestOptions(**opts))))


def test_a_whole_archive_is_read_whole(tmp_path):
    docs, rej = _run(tmp_path, "ok.warc.gz", _warc(tmp_path))
    assert [d.name for d in docs] == ["first-page", "second-page"] and rej == []


def test_a_truncated_archive_keeps_what_is_whole_and_says_what_is_not(tmp_path):
    data = _warc(tmp_path)
    docs, rej = _run(tmp_path, "cut.warc.gz", data[: int(len(data) * 0.8)])
    assert [d.name for d in docs] == ["first-page"]
    assert len(rej) == 1 and rej[0].name == "second-page"
    assert "truncated" in rej[0].reason and "1 records stored before it" in rej[0].reason


def test_a_truncated_uncompressed_archive_too(tmp_path):
    data = _warc(tmp_path, gz=False)
    docs, rej = _run(tmp_path, "cut.warc", data[: int(len(data) * 0.8)])
    assert [d.name for d in docs] == ["first-page"] and "truncated" in rej[0].reason


def test_a_shortened_response_length_is_not_stored_as_an_article(tmp_path):
    first, second = _members(_warc(tmp_path))
    shortened = gzip.compress(_set_length(first, -300), mtime=0) + gzip.compress(second, mtime=0)
    docs, rej = _run(tmp_path, "short.warc.gz", shortened)
    assert "first-page" not in {d.name for d in docs}
    assert any(r.name == "first-page" and "Content-Length" in r.reason for r in rej)


def test_a_lengthened_response_length_is_not_stored_either(tmp_path):
    first, second = _members(_warc(tmp_path))
    longer = gzip.compress(_set_length(first, +300), mtime=0) + gzip.compress(second, mtime=0)
    docs, rej = _run(tmp_path, "long.warc.gz", longer)
    assert [d.name for d in docs] == ["second-page"]
    assert rej[0].name == "first-page" and "truncated" in rej[0].reason


def test_a_wrong_length_in_a_warcinfo_record_loses_nothing_silently(tmp_path):
    """An uncompressed archive whose warcinfo record claims too many bytes:
    the reader cannot find the records after it, and says so."""
    info = (b"WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: "
            b"application/warc-fields\r\nContent-Length: 400\r\n\r\nsoftware: test\r\n\r\n\r\n")
    docs, rej = _run(tmp_path, "info.warc", info + _warc(tmp_path, gz=False))
    assert len(docs) + len(rej) >= 1 and rej, "the damage must be reported"
    assert all("stored" in r.reason or "Content-Length" in r.reason or "truncated" in r.reason for r in rej)


def test_a_decompression_bomb_is_refused_while_streaming(tmp_path):
    """A record that decompresses to more than max_bytes is refused without
    being held whole (the reader reads at most max_bytes + 1 of it)."""
    big = "<html><body><p>" + "spam " * 400_000 + "</p></body></html>"  # 2 MB of HTML
    p = make_warc(tmp_path / "bomb.warc.gz", [(URIS[0], big), (URIS[1], PAGE.format(t="Fine"))])
    docs, rej = _split(list(ingest([p], IngestOptions(max_bytes=100_000))))
    assert [d.name for d in docs] == ["second-page"]
    assert rej[0].name == "first-page" and "larger than the 100000-byte limit" in rej[0].reason


def test_a_few_invalid_bytes_keep_a_file_utf8_with_a_warning():
    text = "The minister said: “we will not sign.” Dockworkers’ pay rises by 4%. " * 40
    data = bytearray(text.encode("utf-8"))
    for k in range(7):
        data[100 + 300 * k] = 0xFF  # 7 damaged bytes
    decoded, enc, warnings = decode_bytes(bytes(data))
    assert enc == "utf-8" and decoded.count("\ufffd") == 7
    assert "“we will not sign.”" in decoded and "â€" not in decoded  # no mojibake
    assert warnings == ["7 invalid UTF-8 byte sequences replaced by U+FFFD"]


def test_the_warning_reaches_the_article(tmp_path):
    data = bytearray(("Harbour board approves night shifts\n\n" + "The union’s leader said “no” to it. " * 30)
                     .encode("utf-8"))
    data[60] = 0xFF
    docs, rej = _run(tmp_path, "damaged.txt", bytes(data))
    assert rej == [] and docs[0].meta["warnings"] == ["1 invalid UTF-8 byte sequence replaced by U+FFFD"]


def test_windows_1252_text_stays_windows_1252():
    decoded, enc, warnings = decode_bytes("Café crème, naïve “quote”. ".encode("cp1252") * 10)
    assert enc == "cp1252" and decoded.startswith("Café crème, naïve “quote”") and warnings == []


def test_random_high_bytes_are_not_an_article(tmp_path):
    rnd = random.Random(7)
    data = bytes(rnd.randrange(128, 256) for _ in range(100_000))
    docs, rej = _run(tmp_path, "noise.txt", data)
    assert docs == [] and rej[0].name == "noise" and "not text" in rej[0].reason


def test_mostly_non_letters_is_not_an_article(tmp_path):
    docs, rej = _run(tmp_path, "table.txt", ("12,345.67 | 89.01 | 23.45 %% ## -- " * 500).encode())
    assert docs == [] and "mostly not letters" in rej[0].reason


def test_every_dropped_url_list_line_is_a_rejection_named_by_the_line(tmp_path):
    lines = ["file:///etc/passwd", "gopher://127.0.0.1/x", "data:text/plain,hello", "/etc/hostname",
             "ftp://example.com/a"]
    docs, rej = _run(tmp_path, "list.urls", ("\n".join(lines) + "\n").encode())
    assert docs == [] and [r.name for r in rej] == lines
    assert all("not an http(s) URL" in r.reason for r in rej)


def test_a_url_rejection_is_named_by_its_url(tmp_path):
    docs, rej = _run(tmp_path, "list.urls", b"http://127.0.0.1:9/ok\n")
    assert docs == [] and rej[0].name == "http://127.0.0.1:9/ok"  # refused as private, named in full


def test_a_malformed_url_is_one_rejection_and_the_list_goes_on(tmp_path):
    # found by the long fuzzing run: "Invalid IPv6 URL" refused a whole file, and crashed a run given the URL
    bad = ["http://[::1/x", "http://example.com:port/a", "https://[fe80::1]:99999/"]
    docs, rej = _run(tmp_path, "list.urls", ("\n".join([*bad, "http://127.0.0.1:9/ok"]) + "\n").encode())
    assert docs == [] and [r.name for r in rej] == [*bad, "http://127.0.0.1:9/ok"]
    assert all("malformed URL" in r.reason for r in rej[:3]) and "private" in rej[3].reason
    assert [r.reason for r in ingest(bad[:1])] == ["malformed URL: Invalid IPv6 URL"]


def test_a_malformed_target_uri_in_an_archive_keeps_the_record(tmp_path):
    p = make_warc(tmp_path / "w.warc", [("https://news.example[bad/a/first-page.html", PAGE.format(t="Page 0"))])
    docs, rej = _split(list(ingest([p])))
    assert [d.name for d in docs] == ["first-page"] and rej == []


def test_a_symlink_out_of_the_input_folder_is_not_followed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("The secret text of another folder, which must never be read as an article. " * 5)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "real.txt").write_text("A real article about the harbour board and the night shifts. " * 5)
    os.symlink(outside, folder / "link.txt")
    os.symlink(folder / "real.txt", folder / "inside_link.txt")  # a link within the folder is fine
    docs, rej = _split(list(ingest([folder])))
    assert sorted(d.name for d in docs) == ["inside_link", "real"]
    assert [r.name for r in rej] == ["link"] and "outside the input folder" in rej[0].reason
    assert all("secret" not in d.content for d in docs)


@pytest.mark.parametrize("size", [500, 20_000])
def test_a_jsonl_record_is_held_to_max_bytes(tmp_path, size):
    import json

    body = "The harbour board met on Tuesday. " * (size // 34 + 1)
    data = (json.dumps({"id": "big", "text": body}) + "\n" + json.dumps({"id": "small", "text": "A short "
                                                                            "article about the harbour."}) + "\n")
    docs, rej = _run(tmp_path, "export.jsonl", data.encode(), max_bytes=5_000)
    names = {d.name for d in docs}
    assert "small" in names
    if size > 5_000:
        assert "big" not in names and rej[0].name == "big" and "record too large" in rej[0].reason
    else:
        assert "big" in names and rej == []


def test_a_csv_record_is_held_to_max_bytes(tmp_path):
    data = "id,text\nbig," + "word " * 3000 + "\nsmall,A short article about the harbour.\n"
    docs, rej = _run(tmp_path, "export.csv", data.encode(), max_bytes=5_000)
    assert [d.name for d in docs] == ["small"] and "record too large" in rej[0].reason


def test_capital_http_is_a_url_not_a_path():
    from storylens.api import _check_inputs

    assert _check_inputs(["HTTP://news.example/x"]) == ["HTTP://news.example/x"]
    rej = list(ingest(["HTTPS://127.0.0.1:9/x"]))
    assert len(rej) == 1 and "private" in rej[0].reason  # fetched as a URL (and refused), not read as a file


def test_damaged_index_locations_are_reported_and_rebuilt(tmp_path, caplog):
    from conftest import ARTICLE_A

    from storylens.api import analyze
    from storylens.settings import Settings

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE_A)
    db = tmp_path / "s.db"
    (tmp_path / "s.db.index").write_text("not a folder")
    settings = Settings(db=str(db), out=str(tmp_path / "out"), progress=False)
    report = analyze([src], settings=settings)
    assert report.linked == 1 and "index folder" in caplog.text and "moved to" in caplog.text
    assert (tmp_path / "s.db.index").is_dir() and list(tmp_path.glob("s.db.index.damaged-*"))
    caplog.clear()
    state = next((tmp_path / "s.db.index").glob("*.state"))
    state.unlink()
    state.mkdir()  # a folder where the state file should be
    (src / "b.txt").write_text(ARTICLE_A.replace("night shifts", "weekend shifts"))
    report = analyze([src], settings=settings)
    assert report.linked == 2 and "cannot be read" in caplog.text  # rebuilt from the stored articles



def test_a_warning_is_listed_with_the_article(tmp_path, capsys):
    from storylens.cli import main

    data = bytearray(("Harbour board approves night shifts\n\n" + "The union’s leader said “no” to it. " * 30)
                     .encode("utf-8"))
    data[60] = 0xFF
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "damaged.txt").write_bytes(bytes(data))
    db = str(tmp_path / "s.db")
    assert main(["analyze", str(tmp_path / "in"), "--db", db, "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["articles", "--db", db, "--json"]) == 0
    row = __import__("json").loads(capsys.readouterr().out)
    assert row["status"] == "ok" and row["reason"] == "1 invalid UTF-8 byte sequence replaced by U+FFFD"
