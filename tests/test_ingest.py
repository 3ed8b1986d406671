import json

from conftest import ARTICLE_A, make_warc

from storylens.ingest import FetchPolicy, IngestOptions, ingest
from storylens.models import RawDocument, Rejection


def _split(items):
    docs = [i for i in items if isinstance(i, RawDocument)]
    rej = [i for i in items if isinstance(i, Rejection)]
    return docs, rej


def test_folder_of_mixed_formats(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A)
    (tmp_path / "b.html").write_text("<html><head><title>B</title></head><body><article><p>Some text.</p></article></body></html>")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": "Hello there.", "outlet": "Daily", "extra": 5}) + "\n"
                                      + json.dumps({"id": "c2", "html": "<p>Hi</p>", "published": "2025-01-02"}) + "\n")
    (tmp_path / "d.csv").write_text("id,text,outlet\nd1,Some CSV article text.,Gazette\n")
    make_warc(tmp_path / "e.warc.gz", [("https://news.example/world/storm-hits-coast.html", "<html><body><p>Storm.</p></body></html>")])
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    docs, rej = _split(list(ingest([tmp_path])))
    names = {d.name: d for d in docs}
    assert set(names) == {"a", "b", "c1", "c2", "d1", "storm-hits-coast"}
    assert names["a"].format == "text" and names["b"].format == "html" and names["c2"].format == "html"
    assert names["c1"].meta == {"outlet": "Daily", "extra": 5}  # unknown fields are kept
    assert names["storm-hits-coast"].meta["url"].startswith("https://news.example/")
    assert rej == []


def test_ids_are_content_hashes(tmp_path):
    (tmp_path / "a.txt").write_text("One text.")
    first = list(ingest([tmp_path]))[0]
    again = list(ingest([tmp_path]))[0]
    assert first.id == again.id
    (tmp_path / "a.txt").write_text("Another text.")
    assert list(ingest([tmp_path]))[0].id != first.id


def test_bad_inputs_are_rejected_with_plain_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 cr\xe8me, na\xefve \x93quote\x94.".encode("latin-1"))
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        line = b"All work and no play makes a very long article indeed. " * 20 + b"\n"
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(line * 100)
    (tmp_path / "trunc.jsonl").write_text(json.dumps({"id": "ok1", "text": "Fine."}) + '\n{"id": "bad", "text": "cut of')
    make_warc(tmp_path / "broken.warc.gz", [("https://x.example/good-page", "<p>Good</p>")], corrupt_tail=True)
    urls = tmp_path / "list.urls"
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    urls.write_text(f"http://127.0.0.1:{port}/gone\n")
    opts = IngestOptions(fetch=FetchPolicy(allow_private=True, timeout=3))
    docs, rej = _split(list(ingest([tmp_path], opts)))
    reasons = {r.name: r.reason for r in rej}
    assert reasons["empty"] == "empty file"
    assert reasons["binary"].startswith("binary file")
    assert "too large" in reasons["huge"]
    assert "invalid JSON" in reasons["trunc#2"]
    assert any("corrupt WARC" in r for r in reasons.values())
    assert "unreachable" in reasons[f"http://127.0.0.1:{port}/gone"]  # named by its URL
    by = {d.name: d for d in docs}
    assert by["latin"].content.startswith("Café crème") and by["latin"].encoding == "cp1252"
    assert "ok1" in by and "good-page" in by  # the rest goes on


def test_a_record_without_usable_text_says_why(tmp_path):
    lines = [{"id": "none"}, {"id": "num", "text": 123}, {"id": "empty", "text": "  "}, {"id": "fine", "text": "Yes."}]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    docs, rej = _split(list(ingest([tmp_path])))
    reasons = {r.name: r.reason for r in rej}
    assert reasons["none"] == reasons["empty"] == "record has no 'text' or 'html'"
    assert reasons["num"] == "record's 'text' is not a string"
    assert [d.name for d in docs] == ["fine"]


def test_private_url_refused_without_flag(tmp_path):
    rej = list(ingest(["http://127.0.0.1:9/x"]))
    assert len(rej) == 1 and isinstance(rej[0], Rejection) and "loopback" in rej[0].reason


def test_sidecar_metadata_is_merged(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A)
    meta = tmp_path / "side.csv"
    meta.write_text("file,outlet,url,published,title\na.txt,Harbour Daily,https://hd.example/a,2025-10-14,Night shifts\n")
    from storylens.ingest import load_sidecar

    doc = list(ingest([tmp_path / "a.txt"], IngestOptions(meta=load_sidecar(meta))))[0]
    assert doc.meta == {"outlet": "Harbour Daily", "url": "https://hd.example/a", "published": "2025-10-14",
                        "title": "Night shifts"}
    # a meta.csv inside a folder is picked up automatically and not ingested as articles
    (tmp_path / "meta.csv").write_text(meta.read_text())
    docs = list(ingest([tmp_path]))
    assert [d.name for d in docs] == ["a"] and docs[0].meta["outlet"] == "Harbour Daily"


def test_rss_feed(tmp_path):
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title>
    <item><title>Frost hits orchards</title><link>https://vc.example/news/frost-hits-orchards</link>
    <pubDate>Mon, 05 May 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;Growers count losses.&lt;/p&gt;</description></item>
    </channel></rss>"""
    (tmp_path / "feed.rss").write_text(feed)
    docs, rej = _split(list(ingest([tmp_path / "feed.rss"])))
    assert len(docs) == 1 and docs[0].name == "frost-hits-orchards"
    assert docs[0].meta["outlet"] == "Valley Courier" and docs[0].meta["published"].startswith("2025-05-05")
    assert "Growers count losses" in docs[0].content
