"""What the routes answer: a rendered page (:class:`Rendered`), HTML or its
JSON twin (:func:`respond`), errors in either form (:func:`error`), and the
small parsing helpers the routes share."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from . import pages

HTML = "text/html; charset=utf-8"
JSON = "application/json"


GZIP_MIN = 1024  # bodies shorter than this are kept as they are


@dataclass
class Rendered:
    """A page as the cache keeps it: body bytes (gzip-compressed when
    ``gzipped``), status and media type."""

    body: bytes
    status: int = 200
    media_type: str = HTML
    gzipped: bool = False

    def packed(self) -> Rendered:
        """This page with its body compressed once, for the cache: a story
        page of 280 KB keeps about 30 KB, and is sent compressed as it is to
        every client that accepts gzip (all browsers do)."""
        if self.gzipped or len(self.body) < GZIP_MIN:
            return self
        return Rendered(gzip.compress(self.body, compresslevel=6, mtime=0), self.status, self.media_type, True)

    def plain(self) -> bytes:
        return gzip.decompress(self.body) if self.gzipped else self.body

    def response(self) -> Response:
        return RenderedResponse(self)

    async def send(self, scope: Scope, send: Send) -> None:
        """Send this page as the answer to ``scope``: a compressed body as it
        is (``Content-Encoding: gzip``) to a client whose ``Accept-Encoding``
        allows gzip, decompressed for others. The routes (through
        :class:`RenderedResponse`) and the cached-page path
        (:mod:`.fastpath`) both answer this way, with the same headers."""
        body = self.body
        headers = [(b"content-type", self.media_type.encode("latin-1"))]
        if self.gzipped:
            headers.append((b"vary", b"Accept-Encoding"))
            if accepts_gzip(scope):
                headers.append((b"content-encoding", b"gzip"))
            else:
                body = gzip.decompress(body)
        headers.insert(0, (b"content-length", str(len(body)).encode("latin-1")))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class RenderedResponse(Response):
    """A :class:`Rendered` page as a Starlette response (see :meth:`Rendered.send`)."""

    def __init__(self, page: Rendered):
        super().__init__(status_code=page.status, media_type=page.media_type)
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.page.send(scope, send)


def accepts_gzip(scope: Scope) -> bool:
    """Whether the request's ``Accept-Encoding`` allows gzip (``q=0`` refuses it)."""
    for name, value in scope.get("headers") or ():
        if name == b"accept-encoding":
            for part in value.decode("latin-1").lower().split(","):
                coding, _, params = part.strip().partition(";")
                if coding.strip() in ("gzip", "*"):
                    q = params.strip()
                    return not (q.startswith("q=") and _q(q[2:]) == 0.0)
    return False


def _q(v: str) -> float:
    try:
        return float(v)
    except ValueError:
        return 1.0


def error(status: int, message: str, fmt: str) -> Rendered:
    """An error page, or ``{"error", "status"}`` for a JSON twin (``fmt == "json"``)."""
    if fmt == "json":
        return Rendered(pages.dumps({"error": message, "status": status}), status, JSON)
    return Rendered(pages.error_page(status, message).encode("utf-8"), status, HTML)


def respond(fmt: str, payload: Any, html: Callable[[], str]) -> Rendered:
    """``payload`` as JSON for a JSON twin, else the page ``html()`` renders."""
    if fmt == "json":
        return Rendered(pages.dumps(payload), 200, JSON)
    return Rendered(html().encode("utf-8"), 200, HTML)


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(pages.dumps(payload), status_code=status, media_type=JSON, headers=headers)


def html_response(text: str, status: int = 200) -> Response:
    return Response(text, status_code=status, media_type=HTML)


def split_json(name: str) -> tuple[str, str]:
    """A path parameter and the format it asks for: ``("x", "json")`` for ``x.json``."""
    return (name[:-5], "json") if name.endswith(".json") else (name, "html")


def page_number(v: Any, default: int = 1) -> int:
    """A page number from a query parameter (1..100000; ``default`` when unusable)."""
    try:
        return max(1, min(int(v), 100000))
    except (TypeError, ValueError):
        return default
