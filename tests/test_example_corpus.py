"""Consistency checks for the bundled example corpus (``examples/corpus``)
against its hand-made gold (``examples/gold.json``).

These tests check the *data*: that every gold quote, furniture line and
numeric-claim evidence really occurs in its document, that the formats parse,
that the WARC generator is deterministic, and that the corpus has the promised
size and planted phenomena. They do not run the pipeline.
"""

from __future__ import annotations

import csv
import gzip
import html
import importlib.util
import json
import re
import urllib.parse
from collections import Counter
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CORPUS = EXAMPLES / "corpus"
GOLD = EXAMPLES / "gold.json"
SHARED = ROOT.parent / "shared"

QUOTE_KINDS = {"direct", "partial", "scare", "title"}
RELATIONS = {"reference", "identical", "fragment", "trimmed", "extended", "minor-edit", "reworded", "altered"}
COPY_RELATIONS = {"exact", "near", "syndicated"}
JSONL_KEYS = {"id", "text", "html", "title", "outlet", "url", "published", "author", "language"}
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")


# -- loading ----------------------------------------------------------------
def uri_slug(uri: str) -> str:
    """Doc name of a WARC record: last non-empty path segment, extension dropped."""
    segs = [s for s in urllib.parse.urlsplit(uri).path.split("/") if s]
    slug = segs[-1]
    return slug.rsplit(".", 1)[0] if "." in slug else slug


@lru_cache(maxsize=1)
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def jsonl_records() -> list[dict]:
    lines = (CORPUS / "export.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@lru_cache(maxsize=1)
def warc_records() -> list[dict]:
    from warcio.archiveiterator import ArchiveIterator

    out = []
    with (CORPUS / "archive.warc.gz").open("rb") as fh:
        for rec in ArchiveIterator(fh):
            out.append({
                "type": rec.rec_type,
                "uri": rec.rec_headers.get_header("WARC-Target-URI"),
                "date": rec.rec_headers.get_header("WARC-Date"),
                "id": rec.rec_headers.get_header("WARC-Record-ID"),
                "status": rec.http_headers.get_statuscode() if rec.http_headers else None,
                "ctype": rec.http_headers.get_header("Content-Type") if rec.http_headers else None,
                "body": rec.content_stream().read(),
            })
    return out


@lru_cache(maxsize=1)
def sources() -> dict[str, str]:
    """Doc name -> the text that gold offsets and substrings refer to."""
    out: dict[str, str] = {}

    def add(name: str, text: str) -> None:
        assert name not in out, f"doc name {name!r} is not unique across the corpus"
        out[name] = text

    for p in sorted(CORPUS.iterdir()):
        if p.suffix in (".txt", ".html"):
            add(p.stem, p.read_text(encoding="utf-8"))
    for rec in jsonl_records():
        add(rec["id"], rec.get("html") or rec["text"])
    for rec in warc_records():
        if rec["type"] == "response":
            add(uri_slug(rec["uri"]), rec["body"].decode("utf-8"))
    return out


def visible_words(name: str, text: str) -> int:
    """Rough word count of the article body (furniture and markup excluded)."""
    if "<" in text and re.search(r"</p>", text):
        m = re.search(r"<article.*?</article>", text, re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", m.group(0) if m else text))
    furniture = set(gold()["articles"][name]["boilerplate"])
    lines = [ln for ln in text.splitlines() if ln.strip() not in furniture]
    return len(" ".join(lines).split())


# -- size and coverage ------------------------------------------------------
def test_corpus_docs_match_gold_articles():
    assert set(sources()) == set(gold()["articles"])


def test_corpus_size_outlets_and_stories():
    arts = gold()["articles"]
    assert len(arts) >= 14
    assert len({a["outlet"] for a in arts.values()}) >= 7
    stories = gold()["stories"]
    assert len(stories) >= 3
    listed = [d for s in stories.values() for d in s["articles"]]
    assert sorted(listed) == sorted(arts), "every article belongs to exactly one story"
    for name, a in arts.items():
        assert name in stories[a["story"]]["articles"]
    # at least three events with several outlets each
    multi = [s for s in stories.values() if len({arts[d]["outlet"] for d in s["articles"]}) >= 3]
    assert len(multi) >= 3


def test_formats_are_mixed():
    files = [p.name for p in CORPUS.iterdir()]
    assert sum(f.endswith(".txt") for f in files) >= 5
    assert sum(f.endswith(".html") for f in files) >= 3
    assert "export.jsonl" in files and "archive.warc.gz" in files and "meta.csv" in files
    assert not any(f.endswith((".json", ".md")) for f in files), "gold/README must stay outside corpus/"


@pytest.mark.parametrize("name", sorted(json.loads(GOLD.read_text(encoding="utf-8"))["articles"]))
def test_article_length(name):
    n = visible_words(name, sources()[name])
    assert 250 <= n <= 600, f"{name}: {n} words"


# -- gold <-> source consistency --------------------------------------------
def test_gold_quotes_are_exact_substrings():
    src, ents = sources(), gold()["entities"]
    kinds = Counter()
    for name, a in gold()["articles"].items():
        assert a["quotes"], f"{name} has no gold quotes"
        for q in a["quotes"]:
            assert q["kind"] in QUOTE_KINDS, q
            kinds[q["kind"]] += 1
            assert q["text"] and q["text"] == q["text"].strip(), q
            assert q["text"] in src[name], f"{name}: quote not in source: {q['text']!r}"
            assert q["speaker"] is None or q["speaker"] in ents, f"{name}: unknown speaker {q['speaker']!r}"
    assert all(kinds[k] for k in QUOTE_KINDS), kinds


def test_gold_quote_texts_are_bounded_by_quotation_marks():
    """Each gold quote is preceded (possibly after a space) by an opening
    mark somewhere in the source, and its end is followed by a mark or by
    a comma and a mark: the span excludes the marks themselves."""
    opening = "\"“”«„"
    closing = "\"”“»"
    for name, a in gold()["articles"].items():
        s = sources()[name]
        for q in a["quotes"]:
            found = False
            for m in re.finditer(re.escape(q["text"]), s):
                before, after = s[m.start() - 1:m.start()], s[m.end():m.end() + 2]
                if before and before in opening and (after[:1] in closing or after[:1] == "," and after[1:2] in closing
                                                     or after[:1] == "\n"):
                    found = True
                    break
            assert found, f"{name}: {q['text']!r} is not delimited by quotation marks"


def test_boilerplate_lines_occur_in_their_documents():
    src = sources()
    for name, a in gold()["articles"].items():
        fmt = a["format"]
        lines = {ln.strip() for ln in src[name].splitlines()}
        for b in a["boilerplate"]:
            if fmt == "txt":
                assert b in lines, f"{name}: furniture line not found as a whole line: {b!r}"
            else:
                assert b in src[name], f"{name}: furniture text not found: {b!r}"


def test_titles_dates_and_outlets():
    src = sources()
    recs = {r["id"]: r for r in jsonl_records()}
    for name, a in gold()["articles"].items():
        assert a["title"] in src[name] or html.escape(a["title"], quote=False) in src[name], name
        datetime.fromisoformat(a["published"].replace("Z", "+00:00"))
        if a["format"] in ("html", "warc"):
            assert f'content="{a["outlet"]}"' in src[name], f"{name}: og:site_name differs from gold outlet"
        if a["format"] == "jsonl":
            assert recs[name]["outlet"] == a["outlet"] and recs[name]["published"] == a["published"]
            assert recs[name]["title"] == a["title"]


def test_meta_csv_lists_exactly_the_txt_files_and_agrees_with_gold():
    with (CORPUS / "meta.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["file", "outlet", "url", "published", "title"]
        rows = list(reader)
    files = [r["file"] for r in rows]
    assert len(files) == len(set(files))
    assert set(files) == {p.name for p in CORPUS.glob("*.txt")}
    arts = gold()["articles"]
    for r in rows:
        a = arts[Path(r["file"]).stem]
        assert (r["outlet"], r["published"], r["title"]) == (a["outlet"], a["published"], a["title"]), r["file"]
        datetime.fromisoformat(r["published"].replace("Z", "+00:00"))


def test_terms_and_framing_usage_occur():
    src = sources()
    arts = gold()["articles"]
    for name, a in arts.items():
        for t in a["terms"]:
            assert t.lower() in src[name].lower(), f"{name}: term {t!r} not used"
    for f in gold()["framing"]:
        a_term, b_term = f["pair"]
        assert set(f["usage"].values()) == {a_term, b_term}, f["pair"]
        for doc, term in f["usage"].items():
            assert term.lower() in src[doc].lower(), f"{doc}: {term!r} not found"
            assert term in arts[doc]["terms"], f"{doc}: {term!r} missing from its terms"


def test_syndication_markers_and_copies():
    src, arts = sources(), gold()["articles"]
    kinds = set()
    for c in gold()["copies"]:
        assert c["relation"] in COPY_RELATIONS
        assert c["doc"] in arts and c["duplicate_of"] in arts and c["doc"] != c["duplicate_of"]
        assert arts[c["doc"]]["story"] == arts[c["duplicate_of"]]["story"]
        kinds.add(c["relation"])
        if c["relation"] == "syndicated":
            for marker in arts[c["doc"]]["syndication"]:
                assert f"({marker})" in src[c["doc"]]
            assert arts[c["doc"]]["outlet"] != arts[c["duplicate_of"]]["outlet"]
        # copies share most of their body lines, but not the headline
        a_lines = {ln for ln in src[c["doc"]].splitlines() if len(ln) > 80}
        b_lines = {ln for ln in src[c["duplicate_of"]].splitlines() if len(ln) > 80}
        assert len(a_lines & b_lines) >= 3
        assert arts[c["doc"]]["title"] != arts[c["duplicate_of"]]["title"]
    assert {"syndicated", "near"} <= kinds


def test_quote_groups_and_echoes():
    src, arts = sources(), gold()["articles"]
    relations = Counter()
    for g in gold()["quote_groups"]:
        refs = [m for m in g["members"] if m["relation"] == "reference"]
        assert len(refs) == 1, g["id"]
        for m in g["members"]:
            assert m["relation"] in RELATIONS, m
            relations[m["relation"]] += 1
            assert m["text"] in src[m["doc"]], (g["id"], m)
            assert m["text"] in {q["text"] for q in arts[m["doc"]]["quotes"]}, (g["id"], m)
            if m["relation"] == "identical":
                norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
                assert norm(m["text"]) == norm(refs[0]["text"])
            if m["relation"] in ("trimmed", "fragment"):
                assert m["text"].rstrip(".") in refs[0]["text"]
        speakers = {q["speaker"] for m in g["members"] for q in arts[m["doc"]]["quotes"] if q["text"] == m["text"]}
        assert len(speakers) == 1, (g["id"], speakers)
    assert {"reference", "identical", "trimmed", "reworded", "altered", "fragment"} <= set(relations)
    groups = {g["id"]: g for g in gold()["quote_groups"]}
    assert gold()["quote_echoes"]
    for e in gold()["quote_echoes"]:
        assert e["text"] in src[e["doc"]]
        for gid in e["groups"]:
            ref = next(m for m in groups[gid]["members"] if m["relation"] == "reference")
            assert arts[e["doc"]]["story"] != arts[ref["doc"]]["story"], "an echo comes from another event"
            assert arts[e["doc"]]["published"][:10] != arts[ref["doc"]]["published"][:10], "printed on another day"


def test_numeric_claims_have_evidence():
    src, arts = sources(), gold()["articles"]
    statuses = Counter()
    ids = set()
    for c in gold()["numeric_claims"]:
        ids.add(c["id"])
        statuses[c["status"]] += 1
        assert sorted(c["evidence"]) == c["docs"]
        for doc, ev in c["evidence"].items():
            assert ev in src[doc], (c["id"], doc, ev)
        if c["status"] == "conflict":
            vals = c["values"]
            assert len(vals) >= 2 and sorted(d for ds in vals.values() for d in ds) == c["docs"]
            for v, docs in vals.items():
                for d in docs:
                    assert v in c["evidence"][d], (c["id"], v, d)
            assert len({arts[d]["story"] for d in c["docs"]}) == 1
    assert statuses["conflict"] >= 2 and statuses["agree"] >= 3
    for nc in gold()["non_conflicts"]:
        assert set(nc["claims"]) <= ids
    assert any("€1.2 billion ($1.3 billion)" in c["evidence"].get(d, "")
               for c in gold()["numeric_claims"] for d in c["docs"])


def test_attribute_conflicts_occur():
    src = sources()
    assert gold()["attribute_conflicts"]
    for ac in gold()["attribute_conflicts"]:
        assert ac["entity"] in gold()["entities"]
        assert len(ac["values"]) >= 2
        for value, docs in ac["values"].items():
            for d in docs:
                hit = src[d].lower().find(value.lower())
                assert hit >= 0, (ac["entity"], value, d)
        # the bare title must not be a substring match of "former ..." only
        bare = [v for v in ac["values"] if not v.lower().startswith("former")]
        for v in bare:
            for d in ac["values"][v]:
                assert not re.search(r"former\s+" + re.escape(v.lower()), src[d].lower())


def test_planted_phenomena_are_present():
    src = sources()
    assert len(gold()["phenomena"]) >= 12
    for p in gold()["phenomena"]:
        assert p["evidence"] in src[p["doc"]], p["name"]


# -- formats ----------------------------------------------------------------
def test_jsonl_follows_the_article_schema():
    recs = jsonl_records()
    assert len(recs) >= 3
    assert len({r["id"] for r in recs}) == len(recs)
    assert any("html" in r for r in recs) and any("text" in r for r in recs)
    for r in recs:
        assert set(r) <= JSONL_KEYS, set(r) - JSONL_KEYS
        assert isinstance(r["id"], str) and r["id"]
        body = r.get("text") or r.get("html")
        assert isinstance(body, str) and body.strip()
        datetime.fromisoformat(r["published"])
        assert r["language"] == "en"


def test_warc_has_html_response_records():
    recs = warc_records()
    resp = [r for r in recs if r["type"] == "response"]
    assert len(resp) >= 2
    for r in resp:
        assert r["status"] == "200"
        assert r["ctype"].startswith("text/html")
        assert r["date"] and r["id"].startswith("<urn:uuid:")
        page = r["body"].decode("utf-8")
        assert "<article" in page and "</html>" in page
        src = (EXAMPLES / "warc_src" / (uri_slug(r["uri"]) + ".html")).read_bytes()
        assert r["body"] == src, "archive is stale: run python examples/make_warc.py"


def test_make_warc_is_deterministic(tmp_path):
    spec = importlib.util.spec_from_file_location("make_warc", EXAMPLES / "make_warc.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = mod.build(tmp_path / "archive.warc.gz")
    assert out.read_bytes() == (CORPUS / "archive.warc.gz").read_bytes()
    with gzip.open(out) as fh:  # valid gzip throughout
        assert fh.read().startswith(b"WARC/1.0")


def test_html_pages_have_real_structure():
    pages = sorted(CORPUS.glob("*.html")) + sorted((EXAMPLES / "warc_src").glob("*.html"))
    assert len(list(CORPUS.glob("*.html"))) >= 3
    for p in pages:
        t = p.read_text(encoding="utf-8")
        for needle in ('property="og:title"', 'property="og:site_name"', 'property="article:published_time"',
                       'name="author"', "<nav", "<article", "<footer", "<p>", "cookie"):
            assert needle in t.lower() if needle == "cookie" else needle in t, f"{p.name}: missing {needle}"
        assert "<aside" in t or "class=\"sidebar\"" in t, p.name


def test_html_payload_is_escaped_text_not_markup():
    hits = []
    for p in CORPUS.glob("*.html"):
        t = p.read_text(encoding="utf-8")
        if all(html.escape(x, quote=False) in t for x in PAYLOADS):
            hits.append(p)
            # the payload is text inside a paragraph, never live markup
            for x in PAYLOADS:
                assert x not in t
            para = next(m.group(1) for m in re.finditer(r"<p>(.*?)</p>", t, re.S) if "alert(1)" in m.group(1))
            text = html.unescape(re.sub(r"<[^>]+>", "", para))
            assert all(x in text for x in PAYLOADS)
        assert "onerror=" not in re.sub(r"&lt;.*?&gt;", "", t), p.name
    assert len(hits) == 1


def test_urls_use_reserved_example_domains():
    blobs = [p.read_text(encoding="utf-8") for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".jsonl", ".csv")]
    blobs += [p.read_text(encoding="utf-8") for p in (EXAMPLES / "warc_src").glob("*.html")]
    blobs += [r["uri"] for r in warc_records() if r["uri"]]
    urls = [u for b in blobs for u in re.findall(r"https?://[^\s\"'<>)]+", b)]
    assert urls
    for u in urls:
        host = urllib.parse.urlsplit(u).hostname or ""
        assert host.endswith(".example") or host in ("example.org", "example.com") \
            or host.endswith((".example.org", ".example.com")), u


def test_no_text_copied_from_the_shared_seeds():
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared seeds are absent")
    ours = "\n".join(sources().values()).lower()
    for p in seeds.glob("*.txt"):
        for sent in re.split(r"(?<=[.!?])\s+", p.read_text(encoding="utf-8")):
            words = sent.split()
            for i in range(0, max(0, len(words) - 7)):
                chunk = " ".join(words[i:i + 8]).lower()
                assert chunk not in ours, f"8-word run copied from {p.name}: {chunk!r}"
