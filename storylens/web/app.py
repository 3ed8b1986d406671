"""The web application: routes, caching, security headers.

Pages are built in worker threads (each with its own store connection) and
cached as rendered bytes, keyed by the page and the store generation: the
generation moves whenever any connection commits a change to the store file
(``PRAGMA data_version`` on a watcher connection), so a cached page is never
served after the store changed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import secrets
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..errors import ConfigError, StorylensError, UnauthorizedError
from ..settings import Settings
from ..store import Store
from . import data, pages

log = logging.getLogger("storylens.web")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
HTML = "text/html; charset=utf-8"
JSON = "application/json"
STATIC_DIR = Path(__file__).with_name("static")
MIN_TOKEN = 12


def is_loopback(host: str) -> bool:
    h = host.strip("[]")
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


@dataclass
class Rendered:
    body: bytes
    status: int = 200
    media_type: str = HTML


class LRU:
    """A small thread-safe LRU of ``key -> (generation, value)``."""

    def __init__(self, maxsize: int = 256):
        self.maxsize = maxsize
        self._d: OrderedDict[Any, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, gen: int) -> Any:
        with self._lock:
            hit = self._d.get(key)
            if hit is None or hit[0] != gen:
                return None
            self._d.move_to_end(key)
            return hit[1]

    def put(self, key: Any, gen: int, value: Any) -> None:
        with self._lock:
            self._d[key] = (gen, value)
            self._d.move_to_end(key)
            while len(self._d) > self.maxsize:
                self._d.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()


class WebState:
    """Everything the routes share: settings, per-thread stores, the store
    generation, caches and the job manager."""

    def __init__(self, settings: Settings, *, token: str | None = None):
        if settings.db == ":memory:" or not settings.db:
            raise ConfigError("the web UI needs a store file (--db FILE), not ':memory:'")
        if token is not None and len(token) < MIN_TOKEN:
            raise ConfigError(f"the token must have at least {MIN_TOKEN} characters")
        from .jobs import JobManager

        self.settings = settings
        Store(settings.db).close()  # create and migrate before anyone reads
        self._tls = threading.local()
        self._watch = sqlite3.connect(settings.db, check_same_thread=False, isolation_level=None)
        self._watch_lock = threading.Lock()
        self._data_version: int | None = None
        self.gen = 0
        self.pages = LRU(512)
        self.payloads = LRU(64)
        self._corpus: tuple[int, data.Corpus] | None = None
        self._corpus_lock = threading.Lock()
        self._building: dict[Any, asyncio.Lock] = {}
        self.token = token or secrets.token_urlsafe(24)
        self.jobs = JobManager(settings)
        self.upload_root = Path(settings.db).resolve().parent / "storylens-uploads"
        from ..present.html import CSS

        self.static = {
            "app.css": (CSS + (STATIC_DIR / "web.css").read_text(encoding="utf-8")).encode("utf-8"),
            "app.js": (STATIC_DIR / "app.js").read_bytes(),
        }

    # -- store access -----------------------------------------------------------
    def store(self) -> Store:
        s = getattr(self._tls, "store", None)
        if s is None:
            s = Store(self.settings.db)
            self._tls.store = s
        return s

    def generation(self) -> int:
        """Moves on whenever the store file changed since the last call."""
        with self._watch_lock:
            v = int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            if v != self._data_version:
                self._data_version = v
                self.gen += 1
            return self.gen

    def corpus(self, gen: int) -> data.Corpus:
        c = self._corpus
        if c is not None and c[0] == gen:
            return c[1]
        with self._corpus_lock:
            c = self._corpus
            if c is not None and c[0] == gen:
                return c[1]
            corpus = data.Corpus.load(self.store())
            self._corpus = (gen, corpus)
            return corpus

    def payload(self, key: tuple, gen: int, fn: Callable[[Store, data.Corpus], Any]) -> Any:
        hit = self.payloads.get(key, gen)
        if hit is None:
            hit = fn(self.store(), self.corpus(gen))
            self.payloads.put(key, gen, hit)
        return hit

    def story(self, sid: str, gen: int) -> tuple[dict[str, Any], dict[str, Any]]:
        return self.payload(("story", sid), gen,
                            lambda st, co: data.story_page(st, co, sid, self.settings))

    # -- serving cached pages --------------------------------------------------------
    async def serve(self, key: tuple, build: Callable[[int], Rendered]) -> Response:
        gen = self.generation()
        hit = self.pages.get(key, gen)
        if hit is None:
            lock = self._building.setdefault(key, asyncio.Lock())
            async with lock:
                hit = self.pages.get(key, gen)
                if hit is None:
                    hit = await run_in_threadpool(self._build, build, gen, key[-1])
                    if hit.status < 500:
                        self.pages.put(key, gen, hit)
            self._building.pop(key, None)
        return Response(hit.body, status_code=hit.status, media_type=hit.media_type)

    @staticmethod
    def _build(build: Callable[[int], Rendered], gen: int, fmt: str) -> Rendered:
        try:
            return build(gen)
        except data.NotFound as exc:
            return error(404, exc.message, fmt)
        except StorylensError as exc:
            return error(400, exc.message, fmt)
        except Exception:
            log.exception("page failed")
            return error(500, "internal error while building this page (see the server log)", fmt)


def error(status: int, message: str, fmt: str) -> Rendered:
    if fmt == "json":
        return Rendered(pages.dumps({"error": message, "status": status}), status, JSON)
    return Rendered(pages.error_page(status, message).encode("utf-8"), status, HTML)


def respond(fmt: str, payload: Any, html: Callable[[], str]) -> Rendered:
    if fmt == "json":
        return Rendered(pages.dumps(payload), 200, JSON)
    return Rendered(html().encode("utf-8"), 200, HTML)


class SecurityMiddleware:
    """Adds the security headers to every response and refuses requests
    whose Host header is not one this server answers to (DNS rebinding)."""

    def __init__(self, app: Any, allowed_hosts: set[str] | None):
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed is not None:
            host = ""
            for k, v in scope.get("headers", []):
                if k == b"host":
                    host = v.decode("latin-1")
                    break
            name = re.sub(r":\d+$", "", host).strip("[]").lower()
            if name not in self.allowed:
                body = b"unknown host"
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"text/plain"), (b"content-length", b"12")]
                            + SECURITY_HEADERS})
                await send({"type": "http.response.body", "body": body})
                return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS:
                    headers[k.decode()] = v.decode()
                if "cache-control" not in headers:
                    headers["cache-control"] = "no-cache"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _split_json(name: str) -> tuple[str, str]:
    return (name[:-5], "json") if name.endswith(".json") else (name, "html")


def _int(v: Any, default: int = 1) -> int:
    try:
        return max(1, min(int(v), 100000))
    except (TypeError, ValueError):
        return default


def create_app(settings: Settings | None = None, *, host: str = "127.0.0.1",
               allowed_hosts: set[str] | None = None, token: str | None = None) -> Any:
    """The FastAPI application over the store ``settings.db``.

    Reading is open to anyone who can reach the server; adding articles
    (uploads and http(s) URLs, never a path on the server) needs ``token``
    (a random one when not given: ``app.state.web.token``). Requests must
    name one of ``allowed_hosts`` (default: the loopback names plus
    ``host``; any host when bound to all interfaces)."""
    from fastapi import FastAPI

    settings = settings or Settings()
    if allowed_hosts is None:
        if host in ("0.0.0.0", "::", ""):
            allowed_hosts = None
        else:
            allowed_hosts = {"127.0.0.1", "localhost", "::1", host.strip("[]").lower()}
    state = WebState(settings, token=token)
    app = FastAPI(title="storylens", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = state

    def _sync_fts() -> None:
        try:
            with Store(settings.db) as s:
                s.fts_sync()
        except StorylensError as exc:  # pragma: no cover - reported, not fatal
            log.warning("search index not updated: %s", exc)

    threading.Thread(target=_sync_fts, name="storylens-fts", daemon=True).start()

    # -- overview ---------------------------------------------------------------
    async def overview(fmt: str) -> Response:
        def build(gen: int) -> Rendered:
            d = data.overview(state.store(), state.corpus(gen))
            return respond(fmt, d, lambda: pages.overview_html(d))
        return await state.serve(("overview", fmt), build)

    @app.get("/index.json")
    async def overview_json() -> Response:
        return await overview("json")

    @app.get("/")
    @app.get("/index")
    async def overview_page() -> Response:
        return await overview("html")

    # -- stories ----------------------------------------------------------------
    async def stories(request: Request, fmt: str) -> Response:
        q = request.query_params
        args = dict(outlet=q.get("outlet", ""), date_from=q.get("from", ""), date_to=q.get("to", ""),
                    person=q.get("person", ""), page=_int(q.get("page")))

        def build(gen: int) -> Rendered:
            d = data.stories_list(state.corpus(gen), **args)
            return respond(fmt, d, lambda: pages.stories_html(d))
        return await state.serve(("stories", tuple(sorted(args.items())), fmt), build)

    @app.get("/stories.json")
    async def stories_json(request: Request) -> Response:
        return await stories(request, "json")

    @app.get("/stories")
    async def stories_page(request: Request) -> Response:
        return await stories(request, "html")

    async def story(sid: str, fmt: str) -> Response:
        def build(gen: int) -> Rendered:
            entry, articles = state.story(sid, gen)
            return respond(fmt, entry, lambda: pages.story_html(entry, articles))
        return await state.serve(("story", sid, fmt), build)

    @app.get("/story/{sid}.json")
    async def story_json(sid: str) -> Response:
        return await story(sid, "json")

    @app.get("/story/{sid}")
    async def story_page(sid: str) -> Response:
        return await story(sid, "html")

    # -- articles -----------------------------------------------------------------
    @app.get("/article/{name:path}")
    async def article(name: str) -> Response:
        name, fmt = _split_json(name)

        def build(gen: int) -> Rendered:
            st, co = state.store(), state.corpus(gen)
            sid = co.story_of.get(name)
            entry = None
            if sid:
                try:
                    entry = state.story(sid, gen)[0]
                except StorylensError:
                    entry = None
            d, a = data.article_page(st, co, name, settings, entry)
            return respond(fmt, d, lambda: pages.article_html(d, a))
        return await state.serve(("article", name, fmt), build)

    # -- people -------------------------------------------------------------------
    async def people(fmt: str) -> Response:
        def build(gen: int) -> Rendered:
            d = data.people(state.corpus(gen))
            return respond(fmt, d, lambda: pages.people_html(d))
        return await state.serve(("people", fmt), build)

    @app.get("/people.json")
    async def people_json() -> Response:
        return await people("json")

    @app.get("/people")
    async def people_page() -> Response:
        return await people("html")

    @app.get("/person/{name:path}")
    async def person(name: str) -> Response:
        name, fmt = _split_json(name)

        def build(gen: int) -> Rendered:
            d = data.person_page(state.store(), state.corpus(gen), name)
            return respond(fmt, d, lambda: pages.person_html(d))
        return await state.serve(("person", name, fmt), build)

    # -- search ---------------------------------------------------------------------
    async def search(request: Request, fmt: str) -> Response:
        q = request.query_params.get("q", "")[:300]
        page = _int(request.query_params.get("page"))

        def build(gen: int) -> Rendered:
            d = data.search_page(state.store(), state.corpus(gen), q, page)
            return respond(fmt, d, lambda: pages.search_html(d))
        return await state.serve(("search", q, page, fmt), build)

    @app.get("/search.json")
    async def search_json(request: Request) -> Response:
        return await search(request, "json")

    @app.get("/search")
    async def search_page(request: Request) -> Response:
        return await search(request, "html")

    # -- API list ----------------------------------------------------------------------
    @app.get("/api.json")
    async def api_json() -> Response:
        return Response(pages.dumps({"routes": [{"page": p, "json": pages.twin(p), "what": w}
                                                for p, w in pages.API_ROUTES]}), media_type=JSON)

    @app.get("/api")
    async def api_page() -> Response:
        return Response(pages.api_html(), media_type=HTML)

    # -- static -----------------------------------------------------------------------
    @app.get("/static/{fname}")
    async def static(fname: str) -> Response:
        body = state.static.get(fname)
        if body is None:
            return Response(b"not found", status_code=404, media_type="text/plain")
        ctype = "text/css; charset=utf-8" if fname.endswith(".css") else "text/javascript; charset=utf-8"
        return Response(body, media_type=ctype, headers={"cache-control": "max-age=300"})

    # -- adding articles -------------------------------------------------------------------
    from . import uploads

    def add_payload(authorized: bool) -> dict[str, Any]:
        return {"jobs": [j.to_json() for j in state.jobs.recent()], "authorized": authorized,
                "allow_private_urls": settings.allow_private_urls,
                "post": {"url": "/add", "fields": {"files": "files (multipart, repeatable)",
                                                   "urls": "http(s) URLs, one a line",
                                                   "token": "the server's token (or an Authorization: Bearer "
                                                            "header, or the cookie GET /add?token= sets)"}}}

    def authorized(request: Request) -> bool:
        return uploads.token_ok(uploads.presented_token(request), state.token)

    @app.get("/add.json")
    async def add_json(request: Request) -> Response:
        return Response(pages.dumps(add_payload(authorized(request))), media_type=JSON)

    @app.get("/add")
    async def add_page(request: Request) -> Response:
        given = request.query_params.get("token")
        if given is not None:
            if not uploads.token_ok(given, state.token):
                return Response(pages.add_html(add_payload(False), ["That token is not this server's."]),
                                status_code=403, media_type=HTML)
            r = RedirectResponse("/add", status_code=303)  # the token leaves the address bar
            r.set_cookie(uploads.TOKEN_COOKIE, state.token, httponly=True, samesite="strict", path="/")
            return r
        return Response(pages.add_html(add_payload(authorized(request))), media_type=HTML)

    async def add(request: Request, fmt: str) -> Response:
        try:
            job, refused = await uploads.accept(request, state)
        except StorylensError as exc:
            status = 401 if isinstance(exc, UnauthorizedError) else 400
            if fmt == "json":
                return Response(pages.dumps({"error": exc.message, "status": status}), status_code=status,
                                media_type=JSON)
            return Response(pages.add_html(add_payload(authorized(request)), [exc.message]),
                            status_code=status, media_type=HTML)
        if fmt == "json":
            return Response(pages.dumps({"job": job.to_json(), "refused": refused,
                                         "status_url": f"/jobs/{job.id}.json"}), status_code=202, media_type=JSON)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/add.json")
    async def add_post_json(request: Request) -> Response:
        return await add(request, "json")

    @app.post("/add")
    async def add_post(request: Request) -> Response:
        return await add(request, "html")

    @app.get("/jobs/{jid}.json")
    async def job_json(jid: str) -> Response:
        j = state.jobs.get(jid)
        if j is None:
            return Response(pages.dumps({"error": "no such job", "status": 404}), status_code=404, media_type=JSON)
        return Response(pages.dumps(j.to_json()), media_type=JSON, headers={"cache-control": "no-store"})

    @app.get("/jobs/{jid}")
    async def job_page(jid: str) -> Response:
        j = state.jobs.get(jid)
        if j is None:
            return Response(pages.error_page(404, "no such job"), status_code=404, media_type=HTML)
        return Response(pages.job_html(j.to_json()), media_type=HTML)

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        fmt = "json" if request.url.path.endswith(".json") else "html"
        msg = "page not found" if exc.status_code == 404 else str(exc.detail)
        r = error(exc.status_code, msg, fmt)
        return Response(r.body, status_code=r.status, media_type=r.media_type)

    app.add_middleware(SecurityMiddleware, allowed_hosts=allowed_hosts)
    return app


def serve(settings: Settings | None = None, host: str = "127.0.0.1", port: int = 8000,
          watch: list[str] | None = None, watch_interval: float = 5.0, token: str | None = None) -> None:
    """Serve the store as a web application until interrupted; files that
    appear in the ``watch`` folders are analyzed as they come
    (:mod:`storylens.web.watch`). Adding articles from the browser needs
    ``token`` (a random one, printed here, when not given)."""
    import sys

    import uvicorn

    from .watch import FolderWatcher

    settings = settings or Settings()
    app = create_app(settings, host=host, token=token)
    watcher = FolderWatcher(watch, app.state.web.jobs.submit, watch_interval) if watch else None
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    print(f"storylens: serving {settings.db} on {base}/ (Ctrl-C to stop)", file=sys.stderr)
    if token:
        print(f"storylens: adding articles needs the token given with --token ({base}/add?token=...)",
              file=sys.stderr)
    else:
        print(f"storylens: to add articles, open {base}/add?token={app.state.web.token}", file=sys.stderr)
    if watcher is not None:
        print(f"storylens: watching {', '.join(map(str, watcher.folders))} every {watch_interval:g} s",
              file=sys.stderr)
        watcher.start()
    if not is_loopback(host):
        print("storylens: warning: listening beyond this machine; anyone who can reach it can read the store",
              file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, date_header=False)


__all__ = ["create_app", "serve", "CSP"]
