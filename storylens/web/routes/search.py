"""Full-text search: ``/search?q=&page=`` and ``/search.json``."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from .. import data, pages
from ..responses import Rendered, page_number, respond
from ..state import WebState


def routes(state: WebState) -> APIRouter:
    r = APIRouter()

    async def search(request: Request, fmt: str) -> Response:
        q = request.query_params.get("q", "")[:300]
        page = page_number(request.query_params.get("page"))

        def build(gen: int) -> Rendered:
            state.search_synced(gen)
            d = data.search_page(state.store(), q, page)
            return respond(fmt, d, lambda: pages.search_html(d))
        return await state.serve_corpus_page(("search", q, page, fmt), build, cache=state.searches)

    @r.get("/search.json")
    async def search_json(request: Request) -> Response:
        return await search(request, "json")

    @r.get("/search")
    async def search_page(request: Request) -> Response:
        return await search(request, "html")

    return r
