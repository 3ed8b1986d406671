"""People quoted: ``/people`` and one speaker's quotes ``/person/{name}``,
each with its JSON twin."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from .. import data, pages
from ..responses import Rendered, respond, split_json
from ..state import WebState


def routes(state: WebState) -> APIRouter:
    r = APIRouter()

    async def people(fmt: str) -> Response:
        def build(gen: int) -> Rendered:
            d = data.people(state.corpus(gen))
            return respond(fmt, d, lambda: pages.people_html(d))
        return await state.serve_corpus_page(("people", fmt), build)

    @r.get("/people.json")
    async def people_json() -> Response:
        return await people("json")

    @r.get("/people")
    async def people_page() -> Response:
        return await people("html")

    @r.get("/person/{name:path}")
    async def person(name: str) -> Response:
        name, fmt = split_json(name)

        def build(gen: int) -> Rendered:
            d = data.person_page(state.store(), state.corpus(gen), name)
            return respond(fmt, d, lambda: pages.person_html(d))
        return await state.serve_corpus_page(("person", name, fmt), build)

    return r
