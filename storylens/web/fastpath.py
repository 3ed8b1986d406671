"""The cached-page path: a GET whose page is in the cache, still good, is
answered before the request reaches the routes.

Under many readers most requests ask for a page built before. Routing such a
request through FastAPI (its middleware, the route match, the handler's
parameters) cost more of the interpreter lock than finding and sending the
page (py-spy under the soak: the event loop held the lock for 85 % of the
samples, the framework's own layers for much of that). :class:`CachedPages`
wraps the application: for a GET it looks the request (path and query
string) up in :attr:`WebState.routes`, which :meth:`WebState.serve` fills
the first time a route serves that request, and answers from the cache when
:meth:`WebState.cached` finds the page good for the store as it is now.
Anything else (a page never served, out of date, needing a store read to
tell, any other method, or an error on this path) goes through the routes as
before, which is also what fills the lookup. Both paths send the page with
:meth:`~.responses.Rendered.send`, so the answer is the same either way.
"""

from __future__ import annotations

from typing import Any

from .state import REQUEST, WebState

__all__ = ["CachedPages"]


class CachedPages:
    """ASGI wrapper answering cached GETs itself (see the module doc)."""

    def __init__(self, app: Any, state: WebState):
        self.app = app
        self.web = state

    @property
    def state(self) -> Any:
        """The wrapped application's state (``app.state.web`` is the :class:`WebState`)."""
        return self.app.state

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request = (scope["path"], scope.get("query_string", b""))
        try:
            page = self.web.cached(request)
        except Exception:  # noqa: BLE001 - the routes answer (and report) what this path cannot
            page = None
        if page is not None:
            await page.send(scope, send)
            return
        token = REQUEST.set(request)
        try:
            await self.app(scope, receive, send)
        finally:
            REQUEST.reset(token)
