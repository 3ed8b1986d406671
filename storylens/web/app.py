"""The web application: :func:`create_app` builds the shared state
(:mod:`.state`), includes the routes of each page family (:mod:`.routes`)
and adds the security middleware (:mod:`.security`); :func:`serve` runs it
with uvicorn."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..settings import Settings
from .fastpath import CachedPages
from .responses import error
from .routes import FAMILIES
from .security import CSP, SecurityMiddleware, default_allowed_hosts, is_loopback
from .state import WebState


def create_app(settings: Settings | None = None, *, host: str = "127.0.0.1",
               allowed_hosts: set[str] | None = None, token: str | None = None) -> Any:
    """The ASGI application over the store ``settings.db``: the FastAPI
    routes inside the security middleware and the cached-page path
    (``app.state.web`` is the shared :class:`~.state.WebState`).

    Reading is open to anyone who can reach the server; adding articles
    (uploads and http(s) URLs, never a path on the server) needs ``token``
    (a random one when not given: ``app.state.web.token``). Requests must
    name one of ``allowed_hosts`` (default: the loopback names plus
    ``host``; any host when bound to all interfaces)."""
    from fastapi import FastAPI

    settings = settings or Settings()
    if allowed_hosts is None:
        allowed_hosts = default_allowed_hosts(host)
    state = WebState(settings, token=token)
    app = FastAPI(title="storylens", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = state
    state.sync_search_index()
    for routes in FAMILIES:
        app.include_router(routes(state))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        fmt = "json" if request.url.path.endswith(".json") else "html"
        msg = "page not found" if exc.status_code == 404 else str(exc.detail)
        return error(exc.status_code, msg, fmt).response()

    # outermost: the Host check and security headers; inside it, cached pages
    # answered before the request reaches FastAPI (:mod:`.fastpath`)
    return SecurityMiddleware(CachedPages(app, state), allowed_hosts=allowed_hosts)


def _stale(settings: Settings) -> list[str]:
    """What in the store another version of storylens made (nothing when there is no store yet)."""
    from pathlib import Path

    from ..pipeline import stale_results
    from ..store import Store

    if settings.db == ":memory:" or not Path(settings.db).exists():
        return []
    with Store(settings.db) as store:
        return stale_results(store)


def serve(settings: Settings | None = None, host: str = "127.0.0.1", port: int = 8000,
          watch: list[str] | None = None, watch_interval: float = 5.0, token: str | None = None) -> None:
    """Serve the store as a web application until interrupted; files that
    appear in the ``watch`` folders are analyzed as they come
    (:mod:`storylens.web.watch`). Adding articles from the browser needs
    ``token`` (a random one, printed here, when not given)."""
    import sys

    import uvicorn

    from .memory import bound_native_heap, report_also
    from .watch import FolderWatcher

    bound_native_heap()  # before the server starts its threads
    settings = settings or Settings()
    app = create_app(settings, host=host, token=token)
    report_also(app.state.web.cache_report)
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
    stale = _stale(settings)
    if stale:
        print(f"storylens: warning: another version of storylens made {' and '.join(stale)} in {settings.db}; "
              f"run `storylens analyze PATH --db {settings.db}` once to redo them (a job here analyses its own "
              "inputs only, within its deadline)", file=sys.stderr)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, date_header=False)
    finally:
        if watcher is not None:
            watcher.stop()
        app.state.web.jobs.close()


__all__ = ["create_app", "serve", "CSP"]
