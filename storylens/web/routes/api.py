"""The list of pages and their JSON twins (``/api``, ``/api.json``) and the
app's own stylesheet and script (``/static/app.css``, ``/static/app.js``)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from .. import pages
from ..responses import html_response, json_response
from ..state import WebState


def routes(state: WebState) -> APIRouter:
    r = APIRouter()

    @r.get("/api.json")
    async def api_json() -> Response:
        return json_response({"routes": [{"page": p, "json": pages.twin(p), "what": w} for p, w in pages.API_ROUTES]})

    @r.get("/api")
    async def api_page() -> Response:
        return html_response(pages.api_html())

    @r.get("/static/{fname}")
    async def static(fname: str) -> Response:
        body = state.static.get(fname)
        if body is None:
            return Response(b"not found", status_code=404, media_type="text/plain")
        ctype = "text/css; charset=utf-8" if fname.endswith(".css") else "text/javascript; charset=utf-8"
        return Response(body, media_type=ctype, headers={"cache-control": "max-age=300"})

    return r
