"""The corpus overview: ``/``, ``/index`` and its JSON twin ``/index.json``."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from .. import data, pages
from ..responses import Rendered, respond
from ..state import WebState


def routes(state: WebState) -> APIRouter:
    r = APIRouter()

    async def overview(fmt: str) -> Response:
        def build(gen: int) -> Rendered:
            d = data.overview(state.store(), state.corpus(gen))
            return respond(fmt, d, lambda: pages.overview_html(d))
        return await state.serve_corpus_page(("overview", fmt), build)

    @r.get("/index.json")
    async def overview_json() -> Response:
        return await overview("json")

    @r.get("/")
    @r.get("/index")
    async def overview_page() -> Response:
        return await overview("html")

    return r
