"""Stories: the filtered list (``/stories``) and one story's dossier
(``/story/{id}``), each with its JSON twin."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from .. import data, pages, story_pages
from ..responses import Rendered, page_number, respond
from ..state import WebState


def routes(state: WebState) -> APIRouter:
    r = APIRouter()

    async def stories(request: Request, fmt: str) -> Response:
        q = request.query_params
        outlet, date_from, date_to = q.get("outlet", ""), q.get("from", ""), q.get("to", "")
        person, page = q.get("person", ""), page_number(q.get("page"))
        key = (outlet, date_from, date_to, person, page)

        def build(gen: int) -> Rendered:
            d = data.stories_list(state.corpus(gen), outlet=outlet, date_from=date_from, date_to=date_to,
                                  person=person, page=page)
            return respond(fmt, d, lambda: pages.stories_html(d))
        return await state.serve_corpus_page(("stories", key, fmt), build)

    @r.get("/stories.json")
    async def stories_json(request: Request) -> Response:
        return await stories(request, "json")

    @r.get("/stories")
    async def stories_page(request: Request) -> Response:
        return await stories(request, "html")

    async def story(sid: str, fmt: str) -> Response:
        def build(gen: int) -> Rendered:
            view, articles = state.story(sid, gen)
            return respond(fmt, view.to_json(), lambda: story_pages.story_html(view, articles))
        return await state.serve(("story", sid, fmt), build, lambda st: st.story_version(sid))

    @r.get("/story/{sid}.json")
    async def story_json(sid: str) -> Response:
        return await story(sid, "json")

    @r.get("/story/{sid}")
    async def story_page(sid: str) -> Response:
        return await story(sid, "html")

    return r
