"""Browser tests: a real headless Chromium (selenium + chromedriver) drives
the web UI served by uvicorn on 127.0.0.1. Skipped when Chromium,
chromedriver or selenium are absent."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SHOTS = Path("/tmp/storylens-shots")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _need_browser() -> None:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium and chromedriver are not installed")
    pytest.importorskip("selenium")
    pytest.importorskip("uvicorn")
    pytest.importorskip("fastapi")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The app on 127.0.0.1:<free port>, served by uvicorn in a thread."""

    def __init__(self, db: Path):
        import uvicorn

        from storylens.settings import Settings
        from storylens.web import create_app

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(Settings(db=str(db), progress=False))
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        end = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > end:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="storylens-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1280,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(30)
    try:
        yield d
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    _need_browser()
    from test_web_corpus import build_store, write_corpus

    tmp = tmp_path_factory.mktemp("web")
    db = build_store(tmp / "web.db", write_corpus(tmp / "corpus"))
    with LiveServer(db) as server:
        yield server


def _by(kind: str) -> str:
    from selenium.webdriver.common.by import By

    return getattr(By, kind)


def _navigate(d: object, element: object, url_part: str) -> None:
    """Click a link or button that loads a new page and wait until that page is loaded.

    A click returns as soon as the event is sent, so reading the page straight after it can read
    the old one (a flaky failure seen in CI on a loaded machine).
    """
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    WebDriverWait(d, 20).until(lambda drv: url_part in drv.current_url
                               and drv.execute_script("return document.readyState") == "complete")


def _harbour_story(live: LiveServer) -> str:
    import httpx

    stories = httpx.get(live.url + "/stories.json", timeout=10).json()["stories"]
    return next(s["id"] for s in stories if s["articles"] == 3)


def test_open_story_expand_quote_group_and_follow_person(driver, live):
    d = driver
    d.get(live.url + "/")
    assert "Corpus overview" in d.page_source
    _navigate(d, d.find_element(_by("LINK_TEXT"), "Stories"), "/stories")
    sid = _harbour_story(live)
    _navigate(d, d.find_element(_by("CSS_SELECTOR"), f'a.story-link[href="/story/{sid}"]'), f"/story/{sid}")
    assert d.current_url.endswith(f"/story/{sid}")
    assert d.find_element(_by("TAG_NAME"), "h1").text.startswith("Harbour board")
    groups = d.find_elements(_by("CSS_SELECTOR"), "details.quote-group")
    assert groups, "the story has quote groups"
    g = groups[0]
    assert g.get_attribute("open") is None
    table = g.find_element(_by("TAG_NAME"), "table")
    assert not table.is_displayed()
    g.find_element(_by("TAG_NAME"), "summary").click()
    assert g.get_attribute("open") is not None and table.is_displayed()
    assert table.find_elements(_by("CSS_SELECTOR"), "del, ins"), "the word diff is shown"
    link = d.find_element(_by("CSS_SELECTOR"), 'a.person-link[href="/person/Ines%20Calder"]')
    _navigate(d, link, "/person/")
    assert d.find_element(_by("TAG_NAME"), "h1").text == "Ines Calder"
    quotes = d.find_elements(_by("CSS_SELECTOR"), "section.person-story blockquote")
    assert len(quotes) >= 3
    assert any("twelve-hour nights" in q.text for q in quotes)


def test_toggle_removed_furniture(driver, live):
    d = driver
    d.get(live.url + "/article/harbour_a")
    furn = d.find_elements(_by("CSS_SELECTOR"), ".article-text .furniture")
    assert furn and not any(f.is_displayed() for f in furn)
    d.find_element(_by("CSS_SELECTOR"), "label[for=show-furniture]").click()
    assert all(f.is_displayed() for f in furn)
    assert any("Share this article" in f.text or "Photo" in f.text for f in furn)
    d.find_element(_by("CSS_SELECTOR"), "label[for=show-furniture]").click()
    assert not any(f.is_displayed() for f in furn)
    assert d.find_elements(_by("CSS_SELECTOR"), ".article-text .quote")
    assert d.find_elements(_by("CSS_SELECTOR"), ".article-text .speaker")


def test_search_for_a_phrase(driver, live):
    d = driver
    d.get(live.url + "/")
    box = d.find_element(_by("CSS_SELECTOR"), "form.searchbox input[name=q]")
    box.send_keys('"afraid of one"')
    _navigate(d, d.find_element(_by("CSS_SELECTOR"), "form.searchbox button"), "/search?")
    results = d.find_elements(_by("CSS_SELECTOR"), "li.result")
    names = {r.find_element(_by("CSS_SELECTOR"), "a.result-link").get_attribute("href").rsplit("/", 1)[-1]
             for r in results}
    assert names == {"harbour_a", "harbour_c"}
    marks = [m.text.lower() for m in d.find_elements(_by("CSS_SELECTOR"), "li.result mark")]
    assert "afraid of one" in marks
    _navigate(d, results[0].find_element(_by("CSS_SELECTOR"), "a.result-link"), "/article/harbour_")


def test_hostile_article_text_runs_nothing(driver, live):
    import httpx
    from test_web_corpus import XSS_IMG, XSS_SCRIPT, XSS_TITLE

    d = driver
    for path in ("/article/harbour_c", f"/story/{_harbour_story(live)}", "/search?q=banner",
                 "/person/Ines%20Calder", "/"):
        d.get(live.url + path)
        time.sleep(0.2)  # give a broken image's onerror the time to fire
        ran = d.execute_script("return [window.__pwned === undefined ? null : String(window.__pwned), document.title]")
        assert ran[0] is None, f"a payload ran on {path}: {ran[0]}"
        assert ran[1] != "XSS-RAN"
        assert not d.find_elements(_by("CSS_SELECTOR"), "main img"), "no <img> element was created"
        r = httpx.get(live.url + path, timeout=10)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    d.get(live.url + "/article/harbour_c")
    text = d.find_element(_by("CSS_SELECTOR"), ".article-text").text
    assert XSS_SCRIPT in text and XSS_IMG in text, "the payloads are shown as text"
    assert d.find_element(_by("TAG_NAME"), "h1").text == XSS_TITLE
    # the javascript: URL of harbour_b is shown as text, never as a link
    d.get(live.url + "/article/harbour_b")
    assert not d.find_elements(_by("CSS_SELECTOR"), 'a[href^="javascript"]')


def _full_shot(d: object, url: str, path: Path) -> None:
    d.get(url)  # type: ignore[attr-defined]
    for det in d.find_elements(_by("CSS_SELECTOR"), "details.quote-group")[:2]:  # type: ignore[attr-defined]
        det.find_element(_by("TAG_NAME"), "summary").click()
    h = d.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    d.set_window_size(1280, min(int(h) + 40, 12000))  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save_screenshot(str(path))  # type: ignore[attr-defined]
    d.set_window_size(1280, 1000)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_story_page_screenshots(driver, tmp_path):
    """Screenshots of every story page of the seeds and of the example corpus
    into /tmp/storylens-shots/ (for people to look at)."""
    import httpx
    from test_web_corpus import build_store

    corpora = {"examples": [ROOT / "examples" / "corpus"]}
    if (SHARED / "corpus" / "seeds").exists():
        corpora["seeds"] = [SHARED / "corpus" / "seeds"]
    taken = 0
    for name, inputs in corpora.items():
        db = build_store(tmp_path / f"{name}.db", *inputs)
        with LiveServer(db) as live:
            stories = httpx.get(live.url + "/stories.json", timeout=30).json()["stories"]
            assert stories
            for s in sorted(stories, key=lambda s: -s["articles"])[:4]:
                shot = SHOTS / f"{name}-{s['id']}.png"
                _full_shot(driver, f"{live.url}/story/{s['id']}", shot)
                assert shot.stat().st_size > 10_000
                taken += 1
            _full_shot(driver, live.url + "/", SHOTS / f"{name}-overview.png")
    assert taken
