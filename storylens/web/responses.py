"""What the routes answer: a rendered page (:class:`Rendered`), HTML or its
JSON twin (:func:`respond`), errors in either form (:func:`error`), and the
small parsing helpers the routes share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from . import pages

HTML = "text/html; charset=utf-8"
JSON = "application/json"


@dataclass
class Rendered:
    """A page as the cache keeps it: body bytes, status and media type."""

    body: bytes
    status: int = 200
    media_type: str = HTML

    def response(self) -> Response:
        return Response(self.body, status_code=self.status, media_type=self.media_type)


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
