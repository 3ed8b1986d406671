"""The web UI through an in-process HTTP client (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from test_web_corpus import (  # noqa: E402
    HARBOUR_A,
    HARBOUR_B,
    XSS_IMG,
    XSS_SCRIPT,
    build_store,
    write_corpus,
)

from storylens.errors import ConfigError  # noqa: E402
from storylens.index.journal import IndexRecords  # noqa: E402
from storylens.ingest.fetch import FetchPolicy  # noqa: E402
from storylens.models import Article, Quote, RawDocument, Rejection, Segment  # noqa: E402
from storylens.settings import Settings  # noqa: E402
from storylens.store import Store  # noqa: E402
from storylens.store.sqlite import fts_query  # noqa: E402
from storylens.web import create_app  # noqa: E402
from storylens.web.data import Corpus, DocQuotes  # noqa: E402
from storylens.web.responses import Rendered  # noqa: E402
from storylens.web.state import LRU  # noqa: E402
from storylens.web.uploads import check_targets, safe_filename  # noqa: E402

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("webdb")
    return build_store(tmp / "web.db", write_corpus(tmp / "corpus"))


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(Settings(db=str(db), progress=False)), base_url=BASE)


def _harbour(client) -> str:
    return next(s["id"] for s in client.get("/stories.json").json()["stories"] if s["articles"] == 3)


def test_every_page_has_a_json_twin(client):
    sid = _harbour(client)
    pages = ["/", "/stories?outlet=Port+Gazette", f"/story/{sid}", "/article/harbour_a", "/people",
             "/person/Ines%20Calder", "/search?q=night+shifts", "/add", "/api"]
    for page in pages:
        r = client.get(page)
        assert r.status_code == 200, page
        assert r.headers["content-type"].startswith("text/html")
        twin = re.search(r'href="([^"]+)" class="json-twin"', r.text).group(1).replace("&amp;", "&")
        path, _, query = page.partition("?")
        expected = ("/index" if path == "/" else path) + ".json"
        assert twin.startswith(expected), (page, twin)
        if query:
            assert query.split("=")[0] in twin
        j = client.get(twin)
        assert j.status_code == 200 and j.headers["content-type"].startswith("application/json"), twin
        assert isinstance(j.json(), dict)


def test_security_headers_and_host_check(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    for part in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                 "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<style" not in r.text and "<script>" not in r.text and " style=" not in r.text
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_hostile_article_text_is_escaped(client):
    sid = _harbour(client)
    for page in ("/article/harbour_c", f"/story/{sid}", "/search?q=banner", "/person/Ines%20Calder", "/stories"):
        html = client.get(page).text
        assert "<script>document" not in html and "<script>window" not in html, page
        assert "<img" not in html, page
    html = client.get("/article/harbour_c").text
    assert "&lt;script&gt;document.title=&#x27;XSS-RAN&#x27;" in html
    assert "&lt;img src=x onerror=" in html
    j = client.get("/article/harbour_c.json").json()
    assert XSS_SCRIPT in j["article"]["source"] and XSS_IMG in j["article"]["source"]
    # a javascript: URL from the metadata is shown, never linked
    html_b = client.get("/article/harbour_b").text
    assert 'href="javascript' not in html_b and "javascript:alert(1)" in html_b


def test_story_page_has_the_dossier_sections(client):
    sid = _harbour(client)
    j = client.get(f"/story/{sid}.json").json()
    assert {a["doc"] for a in j["articles"]} == {"harbour_a", "harbour_b", "harbour_c"}
    assert {c["outlet"] for c in j["by_outlet"]} == {"Velmora Daily", "Port Gazette", "Quay Courier"}
    assert "Ines Calder" in j["people"]
    assert j["heatmap"]["outlets"] == sorted(j["heatmap"]["outlets"], key=str.casefold)
    for row in j["heatmap"]["rows"]:
        assert all(0.0 <= v <= 1.0 for v in row["cells"]) and max(row["cells"]) > 0
    html = client.get(f"/story/{sid}").text
    for section in ("summary", "outlets", "quotes", "quote-groups", "claims", "coverage", "framing", "timeline",
                    "texts"):
        assert f'id="{section}"' in html
    if j.get("quote_groups"):
        assert 'class="quote-group"' in html
    assert 'href="/person/Ines%20Calder"' in html
    assert client.get("/story/S-missing").status_code == 404
    assert client.get("/story/S-missing.json").json()["status"] == 404


def test_story_filters(client):
    def ids(**q):
        return {s["label"] for s in client.get("/stories.json", params=q).json()["stories"]}

    everything = ids()
    assert len(everything) == 2
    assert ids(outlet="Port Gazette") == {l for l in everything if "Harbour" in l}
    assert ids(outlet="port gazette") == ids(outlet="Port Gazette")
    assert ids(outlet="Nobody") == set()
    assert ids(person="Calder") == ids(outlet="Velmora Daily")
    assert ids(person="hanna lodt") == {l for l in everything if "frost" in l}
    assert ids(**{"from": "2025-05-01"}) == ids(person="Lodt")
    assert ids(to="2025-03-31") == ids(person="Calder")
    r = client.get("/stories.json", params={"from": "last tuesday"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json()["error"]
    # the page's count agrees with its noun
    assert "1 story matches." in client.get("/stories", params={"person": "Calder"}).text
    assert "2 stories match." in client.get("/stories").text


def test_search_with_snippets(client):
    j = client.get("/search.json", params={"q": '"twelve-hour nights"'}).json()
    assert {r["name"] for r in j["results"]} == {"harbour_a", "harbour_b"}
    assert all("\x02" in r["snippet_marked"] and "\x02" not in r["snippet"] for r in j["results"])
    html = client.get("/search", params={"q": "frost blossom"}).text
    assert "<mark>" in html and 'href="/article/frost"' in html
    for hostile in ('NEAR(a b', '"unterminated', "a OR", "*", "<script>", "title:x"):
        r = client.get("/search.json", params={"q": hostile})
        assert r.status_code == 200, hostile
    assert client.get("/search.json", params={"q": "zeppelin"}).json()["total"] == 0
    harbour = _harbour(client)
    assert {r["story"] for r in j["results"]} == {harbour}  # the story of each hit, read from the store
    assert client.get("/search.json", params={"q": ""}).json()["results"] == []
    assert fts_query('NEAR( "a b" c*') == '"NEAR" "a b" "c"'


def test_person_page(client):
    j = client.get("/person/Ines%20Calder.json").json()
    assert j["person"] == "Ines Calder" and j["quotes"] >= 3
    docs = {q["doc"] for g in j["stories"] for q in g["quotes"]}
    assert docs == {"harbour_a", "harbour_b", "harbour_c"}
    assert all(q["sentence"] and q["text"] in q["sentence"] for g in j["stories"] for q in g["quotes"])
    assert client.get("/person/ines%20calder.json").json()["person"] == "Ines Calder"
    assert client.get("/person/Nobody%20Atall").status_code == 404
    people = client.get("/people.json").json()["people"]
    assert people[0]["quotes"] >= people[-1]["quotes"]


def test_pages_follow_store_changes(tmp_path):
    db = tmp_path / "s.db"
    store = Store(db)
    c = TestClient(create_app(Settings(db=str(db))), base_url=BASE)
    assert c.get("/index.json").json()["counts"]["articles"] == 0
    text = "Zebra crossings return to Velmora.\n\nThe council said the zebra crossings would return."
    raw = RawDocument(name="zebra", origin="zebra.txt", format="text", content=text)
    store.save_document(raw, Article(id=raw.id, name="zebra", source=text, body=text,
                                     segments=[Segment(0, 0, len(text))], title="Zebra"), {"quotes": (1, [])})
    assert c.get("/index.json").json()["counts"]["articles"] == 1  # cached page was dropped
    assert c.get("/search.json", params={"q": "zebra"}).json()["total"] == 1
    store.close()


def test_corpus_reload_reads_only_the_documents_stored_since(tmp_path):
    db = build_store(tmp_path / "r.db", write_corpus(tmp_path / "c"))
    with Store(db) as s:
        before = Corpus.load(s)
        a = s.article("harbour_a")
        calder = s.annotation(a.id, "quotes")
        assert calder and before.quoted["harbour_a"].speech
        # frost is stored again with harbour_a's quotations; a new article arrives with none
        frost_origin = s.conn.execute("SELECT origin FROM documents WHERE name='frost'").fetchone()[0]
        for name, origin, text, quotes in (("frost", frost_origin, "Frost again. " + a.body, calder),
                                           ("late", "late.txt", "A late note.", [])):
            raw = RawDocument(name=name, origin=origin, format="text", content=text)
            s.save_document(raw, Article(id=raw.id, name=name, source=text, body=text,
                                         segments=[Segment(0, 0, len(text))]), {"quotes": (1, quotes)})
        again = Corpus.load(s, before)
        fresh = Corpus.load(s)
    assert again.quoted == fresh.quoted and again.speakers == fresh.speakers and again.rows == fresh.rows
    assert sum(r["name"] == "frost" for r in again.rows) == 1  # replaced, not added
    assert again.quoted["frost"] == before.quoted["harbour_a"] and again.quoted["late"] == DocQuotes(0, ())
    assert again.speakers[calder[0]["speaker"]]["frost"] == before.speakers[calder[0]["speaker"]]["harbour_a"]
    # what did not change is the very same objects, not read again
    assert again.quoted["harbour_b"] is before.quoted["harbour_b"]
    assert again.quoted["frost"] is not before.quoted["frost"]


def test_the_corpus_keeps_no_quotation_and_pages_read_them_from_the_store(tmp_path):
    db = build_store(tmp_path / "q.db", write_corpus(tmp_path / "c"))
    with Store(db) as s:
        corpus = Corpus.load(s)
        stored = {name: s.annotation(s.article(name).id, "quotes") for name in corpus.quoted}

        def held(x: object) -> bool:  # a Quote anywhere in the corpus's fields
            if isinstance(x, Quote):
                return True
            if isinstance(x, dict):
                return any(held(v) for v in x.values())
            return isinstance(x, (list, tuple, set)) and any(held(v) for v in x)
        assert not any(held(getattr(corpus, f)) for f in ("rows", "quoted", "speakers", "rejected"))
        for name, data in stored.items():
            speech = [q for q in data if q["kind"] in ("direct", "partial")]
            assert corpus.quoted[name].speech == len(speech)
            assert sum(n for _, n in corpus.quoted[name].speakers) == sum(1 for q in speech if q["speaker"])
        read = corpus.quotes_of(s, list(stored))
        assert {n: [q.to_json() for q in qs] for n, qs in read.items()} == \
            {n: [Quote(**q).to_json() for q in data] for n, data in stored.items()}


def test_cached_pages_are_sent_compressed_only_to_clients_that_accept_gzip(client):
    sid = _harbour(client)
    plain = client.get(f"/story/{sid}", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and 'class="quote-group"' in plain.text
    assert int(plain.headers["content-length"]) == len(plain.content)
    packed = client.get(f"/story/{sid}", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["content-encoding"] == "gzip" and packed.headers["vary"] == "Accept-Encoding"
    assert packed.content == plain.content  # the client decodes it to the same page
    assert int(packed.headers["content-length"]) < len(plain.content) / 3
    refused = client.get(f"/story/{sid}", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers and refused.content == plain.content
    assert packed.headers["content-security-policy"] == plain.headers["content-security-policy"]


def test_page_cache_is_bounded_in_bytes():
    cache = LRU(100, max_bytes=1000, weigh=lambda r: len(r.body))
    for i in range(20):
        cache.put(("p", i), 1, Rendered(b"x" * 300))
    assert len(cache) == 3 and cache.bytes == 900
    assert cache.get(("p", 19), 1) is not None and cache.get(("p", 0), 1) is None
    cache.put(("p", 19), 2, Rendered(b"y" * 100))  # replaced: counted once
    assert cache.bytes == 700
    cache.put(("big",), 1, Rendered(b"z" * 5000))  # larger than the whole cache: not kept
    assert cache.get(("big",), 1) is None and cache.bytes == 700


def test_fts_index_follows_replaced_articles(tmp_path):
    s = Store(tmp_path / "f.db")

    def save(text):
        raw = RawDocument(name="doc", origin="doc.txt", format="text", content=text)
        s.save_document(raw, Article(id=raw.id, name="doc", source=text, body=text,
                                     segments=[Segment(0, 0, len(text))]), {})
    save("The first version talks about walruses.")
    assert s.fts_sync() == 1 and s.fts_sync() == 0
    assert s.search(fts_query("walruses"))[0] == 1
    save("The second version talks about penguins.")  # same origin: replaces the first
    assert s.fts_sync() >= 1
    assert s.search(fts_query("walruses"))[0] == 0
    total, rows = s.search(fts_query("penguins"))
    assert total == 1 and rows[0]["name"] == "doc"
    s.close()


def _token(client) -> str:
    """The server's token, as the person who started it has it (printed at start-up)."""
    return client.app.state.web.token


def test_upload_runs_the_incremental_pipeline(tmp_path):
    db = tmp_path / "u.db"
    Store(db).close()
    app = create_app(Settings(db=str(db), progress=False))
    c = TestClient(app, base_url=BASE)
    files = [("files", ("port a.txt", HARBOUR_A.encode(), "text/plain")),
             ("files", ("../../port_b.txt", HARBOUR_B.encode(), "text/plain"))]
    r = c.post("/add", data={"token": _token(c), "urls": ""}, files=files, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    jid = r.headers["location"].rsplit("/", 1)[-1]
    assert 'data-status-url="/jobs/' in c.get(f"/jobs/{jid}").text
    job = app.state.web.jobs.wait(jid, timeout=120)
    assert job is not None and job.status == "done", job and job.error
    j = c.get(f"/jobs/{jid}.json").json()
    assert j["done"] == j["total"] == 2 and j["analyzed"] == 2 and j["phase"] == "finished"
    names = {a["name"] for a in c.get("/search.json", params={"q": "twelve-hour"}).json()["results"]}
    assert names == {"port_a", "port_b"}  # saved under safe names, inside the job's folder
    assert c.get("/index.json").json()["counts"]["stories"] == 1
    # the same files again: nothing is re-analyzed
    r = c.post("/add.json", data={"token": _token(c)}, files=files[:1])
    again = app.state.web.jobs.wait(r.json()["job"]["id"], timeout=60)
    assert again.status == "done" and again.report.skipped == 1 and again.report.analyzed == 0
    # a new article: the job process's linker adds it to the index it kept in
    # memory (a journal row; the saved base state is not rewritten), and the
    # story it joined is compared again and stored
    jobs = app.state.web.jobs
    base = Store(db).state("story_index")
    third = HARBOUR_B.replace("twelve-hour", "ten-hour").replace("Portsalve", "Portsalve harbour")
    r = c.post("/add.json", data={"token": _token(c)}, files=[("files", ("port_c.txt", third.encode(), "text/plain"))])
    done = jobs.wait(r.json()["job"]["id"], timeout=120)
    assert done.status == "done" and done.linked == 1 and done.compared == 1
    assert done.link_mode == "journal" and jobs.worker.started == 1
    s = Store(db)
    assert s.state("story_index") == base and len(IndexRecords(s).journal(IndexRecords(s).base())) == 1
    assert set(s.links()) == {"port_a", "port_b", "port_c"}
    s.close()


def test_add_refuses_private_urls_bad_tokens_and_cross_site_posts(client):
    tok = _token(client)
    urls = "\n".join(["http://127.0.0.1:8000/admin", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
                      "http://[::1]/", "http://localhost/", "file:///etc/passwd"])
    r = client.post("/add.json", data={"token": tok, "urls": urls})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err.startswith("nothing to analyze") and err.count("loopback, private or link-local") == 5
    r = client.post("/add.json", data={"token": tok, "urls": "http://[::1/x\nhttp://example.com:port/"})
    assert r.status_code == 400 and r.json()["error"].count("malformed URL") == 2  # not a server error
    r = client.post("/add.json", data={"token": "forged", "urls": "https://example.com/"})
    assert r.status_code == 401 and "token" in r.json()["error"]
    r = client.post("/add.json", data={"token": tok, "urls": "https://example.com/"},
                    headers={"origin": "https://attacker.example"})
    assert r.status_code == 400 and "another site" in r.json()["error"]
    html = client.post("/add", data={"token": tok, "urls": "http://10.0.0.1/"})
    assert html.status_code == 400 and 'class="error"' in html.text


def test_targets_are_urls_only(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    policy = FetchPolicy()
    ok, bad = check_targets([str(tmp_path / "a.txt"), "http://192.168.1.1/", "HTTPS://93.184.216.34/x"], policy)
    assert ok == ["HTTPS://93.184.216.34/x"] and len(bad) == 2
    assert "only http and https" in bad[0]["reason"]
    ok, _ = check_targets(["http://10.0.0.1/"], FetchPolicy(allow_private=True))
    assert ok == ["http://10.0.0.1/"]
    ok, bad = check_targets(["http://[::1/x", "http://example.com:port/"], policy)  # refused, not a 500
    assert ok == [] and all(b["reason"].startswith("malformed URL") for b in bad)


def test_file_names(tmp_path):
    taken: set[str] = set()
    assert safe_filename("../../etc/passwd", taken) == "passwd"
    assert safe_filename("..\\x\\.hidden.txt", taken) == "hidden.txt"
    assert safe_filename("passwd", taken) == "passwd-2"


def test_memory_store_is_refused():
    with pytest.raises(ConfigError):
        create_app(Settings(db=":memory:"))


def test_first_story_build_is_cached(client, monkeypatch):
    from storylens.web import data, story_pages

    calls: list[str] = []
    build, render = data.story_page, story_pages.story_html
    monkeypatch.setattr(data, "story_page", lambda *a: calls.append("build") or build(*a))
    monkeypatch.setattr(story_pages, "story_html", lambda *a: calls.append("render") or render(*a))
    sid = _harbour(client)
    first = client.get(f"/story/{sid}")  # built and rendered now, or by an earlier test (shared client)
    assert first.status_code == 200
    seen = len(calls)
    for _ in range(20):
        again = client.get(f"/story/{sid}")
        assert again.status_code == 200 and again.text == first.text
    assert len(calls) == seen  # neither built nor rendered again: answered from the cache


def test_a_page_asked_for_again_is_answered_from_the_cache_before_the_routes(tmp_path, monkeypatch):
    db = build_store(tmp_path / "s.db", write_corpus(tmp_path / "corpus"))
    app = create_app(Settings(db=str(db), progress=False))
    state, c = app.state.web, TestClient(app, base_url=BASE)
    sid = _harbour(c)
    served: list[tuple] = []
    serve = state.serve

    async def counting(key, *args, **kw):
        served.append(key)
        return await serve(key, *args, **kw)

    monkeypatch.setattr(state, "serve", counting)
    pages = [f"/story/{sid}", f"/story/{sid}.json", "/stories?outlet=Port+Gazette", "/search?q=night+shifts",
             "/article/harbour_a", "/", "/story/nosuchstory"]
    for page in pages:
        for enc in ("gzip", "identity"):
            first = c.get(page, headers={"Accept-Encoding": enc})
            again = c.get(page, headers={"Accept-Encoding": enc})
            # the same answer either way: status, headers (security ones included) and body
            assert (again.status_code, again.content) == (first.status_code, first.content), page
            assert again.headers == first.headers, page
            assert ("content-encoding" in again.headers) == (enc == "gzip" and len(again.content) >= 1024), page
    # each page went through the routes once (the story page twice: the format is part of its key),
    # every repeat was answered before them
    assert len(served) == len(pages), served
    assert c.get(f"/story/{sid}").status_code == 200 and len(served) == len(pages)
    # the Host check comes first, for cached pages too
    assert c.get(f"/story/{sid}", headers={"Host": "evil.example"}).status_code == 400
    # after a change to the store, a page whose version moved goes through the routes again
    text = "Night shifts at Velmora harbour.\n\nThe night shifts return, the council said."
    raw = RawDocument(name="nights", origin="nights.txt", format="text", content=text)
    with Store(db) as s:
        s.save_document(raw, Article(id=raw.id, name="nights", source=text, body=text,
                                     segments=[Segment(0, 0, len(text))], title="Nights"), {"quotes": (1, [])})
    n = len(served)
    assert c.get("/").status_code == 200 and len(served) == n + 1
    assert c.get("/").status_code == 200 and len(served) == n + 1

    # the cached-page path never fails a request: what it cannot answer, the routes do
    def broken(request):
        raise OSError("disk gone")

    monkeypatch.setattr(state, "cached", broken)
    assert c.get("/").status_code == 200 and len(served) == n + 2


def test_searches_are_cached_apart_and_cannot_push_story_pages_out(tmp_path, monkeypatch):
    import storylens.web.state as web_state

    db = build_store(tmp_path / "s.db", write_corpus(tmp_path / "corpus"))
    monkeypatch.setattr(web_state, "SEARCH_CACHE", 4)
    app = create_app(Settings(db=str(db), progress=False))
    state, c = app.state.web, TestClient(app, base_url=BASE)
    sid = _harbour(c)
    story = c.get(f"/story/{sid}.json").json()
    key = ("story", sid, "json")
    assert state.pages.peek(key) is not None
    for k in range(40):  # many distinct searches, each asked for once
        assert c.get("/search.json", params={"q": f"harbour {k}"}).status_code == 200
    assert len(state.searches) == 4  # the search cache holds its own bound
    assert state.pages.peek(key) is not None  # the story page was not pushed out
    assert not any(k[0] == "search" for k in state.pages.keys())
    assert not any(k[0] == "search" for k in state.stamps.keys())  # no per-search version kept
    # a search is cached for as long as the corpus holds, and rebuilt once it changes
    first = c.get("/search.json", params={"q": "night shifts"}).json()
    assert c.get("/search.json", params={"q": "night shifts"}).json() == first
    text = "Night shifts at Velmora harbour.\n\nThe night shifts return, the council said."
    raw = RawDocument(name="nights", origin="nights.txt", format="text", content=text)
    with Store(db) as s:
        s.save_document(raw, Article(id=raw.id, name="nights", source=text, body=text,
                                     segments=[Segment(0, 0, len(text))], title="Nights"), {"quotes": (1, [])})
    assert c.get("/search.json", params={"q": "night shifts"}).json()["total"] == first["total"] + 1
    assert c.get(f"/story/{sid}.json").json() == story


# the red team's file-read attempts: each answers 4xx and reads nothing
LOCAL_PATHS = ["/etc/passwd", "../../../../etc/passwd", "./../etc/hostname", "file:///etc/passwd",
               "FILE:///etc/passwd", "file://localhost/etc/passwd", "~/.bashrc", "/etc", "\\\\server\\share\\x",
               "gopher://127.0.0.1/", "data:text/plain,hello", "C:\\Windows\\win.ini"]


@pytest.mark.parametrize("target", LOCAL_PATHS)
def test_add_never_reads_a_server_path(tmp_path, target):
    db = tmp_path / "r.db"
    app = create_app(Settings(db=str(db), progress=False))
    c = TestClient(app, base_url=BASE)
    # without the token: refused before anything else, whatever is asked
    r = c.post("/add.json", data={"urls": target})
    assert r.status_code == 401 and "token" in r.json()["error"]
    # with the token: a path or a non-http URL is refused, never ingested
    r = c.post("/add.json", data={"urls": target, "token": _token(c)})
    assert r.status_code == 400 and "only http and https" in r.json()["error"]
    assert app.state.web.jobs.recent() == []
    s = Store(db)
    assert s.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    s.close()
    assert c.get("/article/passwd.json").status_code == 404


def test_add_page_does_not_hand_out_the_token(tmp_path):
    app = create_app(Settings(db=str(tmp_path / "t.db"), progress=False), token="a-token-of-my-own")
    c = TestClient(app, base_url=BASE)
    for page in ("/add", "/add.json", "/", "/api", "/api.json"):
        body = c.get(page).text
        assert "a-token-of-my-own" not in body, page
        assert str(tmp_path) not in body, page
    assert c.get("/add.json").json()["authorized"] is False
    assert 'name="urls"' not in c.get("/add").text  # no add form, a token prompt instead
    assert c.get("/add", params={"token": "wrong-token-xyz"}).status_code == 403
    r = c.get("/add", params={"token": "a-token-of-my-own"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/add"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert 'name="urls"' in c.get("/add").text and c.get("/add.json").json()["authorized"] is True
    # the cookie, a bearer header or the form field each authorize a post
    r = c.post("/add.json", data={"urls": "/etc/passwd"})
    assert r.status_code == 400  # authorized (cookie), refused as a path
    c.cookies.clear()
    assert c.post("/add.json", data={"urls": "/etc/passwd"}).status_code == 401
    r = c.post("/add.json", data={"urls": "/etc/passwd"}, headers={"authorization": "Bearer a-token-of-my-own"})
    assert r.status_code == 400
    with pytest.raises(ConfigError):
        create_app(Settings(db=str(tmp_path / "t.db"), progress=False), token="short")


def test_job_pages_show_no_server_paths(tmp_path):
    db = tmp_path / "j.db"
    app = create_app(Settings(db=str(db), progress=False))
    c = TestClient(app, base_url=BASE)
    r = c.post("/add.json", data={"token": _token(c)},
               files=[("files", ("harbour.txt", HARBOUR_A.encode(), "text/plain")),
                      ("files", ("empty.txt", b"", "text/plain"))])
    assert r.status_code == 202
    jid = r.json()["job"]["id"]
    app.state.web.jobs.wait(jid, timeout=120)
    root = str(tmp_path)
    for page in (f"/jobs/{jid}", f"/jobs/{jid}.json", "/add", "/add.json", "/", "/index.json"):
        assert root not in c.get(page).text, page
    assert c.get(f"/jobs/{jid}.json").json()["inputs"] == ["1 uploaded file: harbour.txt"]


def test_a_lone_request_reads_the_store_generation_and_concurrent_ones_share_it(tmp_path, monkeypatch):
    import storylens.web.state as web_state

    monkeypatch.setattr(web_state, "GENERATION_SHARED_S", 60.0)  # a reading stays shareable for the whole test
    db = tmp_path / "g.db"
    app = create_app(Settings(db=str(db)))
    state, c = app.state.web, TestClient(app, base_url=BASE)
    assert c.get("/index.json").json()["counts"]["articles"] == 0
    text = "Zebra crossings return to Velmora.\n\nThe council said so."
    raw = RawDocument(name="zebra", origin="zebra.txt", format="text", content=text)
    with Store(db) as s:
        before = state.generation()
        s.save_document(raw, Article(id=raw.id, name="zebra", source=text, body=text,
                                     segments=[Segment(0, 0, len(text))]), {"quotes": (1, [])})
        # a request served while others are: the reading taken just before is shared
        assert state.generation(shared=True) == before
        # a request served alone reads again, however recent the last reading
        assert c.get("/index.json").json()["counts"]["articles"] == 1
        assert state.generation(shared=True) == before + 1
        s.save_rejection(Rejection(name="empty", origin="empty.txt", reason="no text", stage="extract"))
        monkeypatch.setattr(web_state, "GENERATION_SHARED_S", 0.0)  # a reading too old to share
        assert state.generation(shared=True) == before + 2
    assert state.in_flight == 0


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")
def test_the_server_bounds_malloc_arenas_and_trims_once_per_process():
    import subprocess
    import sys

    code = ("import threading; from storylens.web.memory import bound_native_heap as b; "
            "print(b(), b(), sum(t.name == 'storylens-trim' for t in threading.enumerate()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["True", "True", "1"], out.stderr


def _memlog_run(code: str, **env: str):
    """Run ``code`` in a fresh interpreter from the project root with ``env`` added."""
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=90,
                          cwd=Path(__file__).resolve().parents[1], env={**os.environ, **env})


def _memlog_rows(tmp_path: Path, code: str, **env: str) -> list[dict]:
    """The memory log's lines written while ``code`` ran (it must end well)."""
    import json

    log = tmp_path / "mem.jsonl"
    out = _memlog_run(code, STORYLENS_MEMLOG=str(log), **env)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in log.read_text().splitlines()]


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")
def test_the_memory_log_records_malloc_sqlite_and_python_each_round(tmp_path):
    code = ("import sqlite3, time; from storylens.web.memory import bound_native_heap as b; "
            "c = sqlite3.connect(':memory:'); c.execute('create table t (x)'); "
            "c.executemany('insert into t values (?)', [('x' * 100,)] * 5000); "
            "b(trim_every=0.05); time.sleep(0.5)")
    rows = _memlog_rows(tmp_path, code)
    assert len(rows) >= 2
    last = rows[-1]
    assert last["malloc_in_use"] > 0 and last["python_blocks"] > 1000 and last["threads"] >= 2
    assert last["sqlite_used"] > 500_000  # the table's pages, held by SQLite's allocator
    assert last["pymalloc_arenas"] >= 1 and 0 < last["pymalloc_used"] <= last["pymalloc_arenas"] * 2**20


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")
def test_a_memory_log_that_cannot_be_written_does_not_stop_the_trimming(tmp_path):
    code = ("import threading, time; from storylens.web.memory import bound_native_heap as b; "
            "b(trim_every=0.05); time.sleep(0.4); "
            "print(sum(t.name == 'storylens-trim' and t.is_alive() for t in threading.enumerate()))")
    out = _memlog_run(code, STORYLENS_MEMLOG=str(tmp_path / "no" / "such" / "dir" / "m.jsonl"),
                      STORYLENS_MEMLOG_TYPES="many")
    assert out.returncode == 0 and out.stdout.split() == ["1"], out.stderr
    assert "not a number" in out.stderr and "not written" in out.stderr


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")
def test_the_memory_log_adds_what_it_is_given_and_python_growth_by_traceback(tmp_path):
    # the first line is written after the first snapshot: the strings are made after it, and two
    # more lines are waited for (however slow the machine)
    code = ("import os, time; from storylens.web import memory as m; m.TRACE_FROM_S = 0; "
            "m.report_also(lambda: {'cache_entries': 7}); m.report_also(lambda: 1 / 0); "
            "m.bound_native_heap(trim_every=0.1); t = time.time(); log = os.environ['STORYLENS_MEMLOG']\n"
            "def lines(): return open(log).read().count(chr(10)) if os.path.exists(log) else 0\n"
            "while not lines() and time.time() - t < 30: time.sleep(0.02)\n"
            "kept = [str(i) * 300 for i in range(4000)]; n = lines()\n"
            "while lines() < n + 2 and time.time() - t < 60: time.sleep(0.02)")
    rows = _memlog_rows(tmp_path, code, PYTHONTRACEMALLOC="2")
    assert rows and all(r["cache_entries"] == 7 and "ZeroDivisionError" in r["errors"][0] for r in rows)
    grown = [g for r in rows for g in r.get("growth", []) if any(w.startswith("<string>") for w in g["where"])]
    assert grown and max(g["kb"] for g in grown) > 1000  # the 4,000 strings kept, found where they were made


def test_story_data_is_kept_for_the_newest_generation_only(tmp_path):
    state = create_app(Settings(db=str(tmp_path / "p.db"), progress=False)).state.web
    built: list[tuple[str, int]] = []

    def data_of(sid: str, gen: int) -> object:
        return state.payload(("story", sid), gen, lambda st, co: built.append((sid, gen)) or object())

    first = data_of("a", 1)
    assert data_of("a", 1) is first and built == [("a", 1)]  # one build per story and generation
    data_of("b", 1)
    assert len(state.payloads) == 2
    data_of("c", 2)  # the store moved on: the older generation's data cannot serve a request again
    assert len(state.payloads) == 1 and data_of("c", 2) is not None and built[-1] == ("c", 2)
    lru = LRU(8, 100, len)
    lru.put("x", 1, "abc")
    lru.put("y", 3, "de")
    lru.put("z", ("c", 7), "f")  # a stamp that is not a generation is left alone
    lru.drop_before(3)
    assert lru.keys() == ["y", "z"] and lru.bytes == 3
