"""One article: ``/article/{name}`` and ``/article/{name}.json``."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from ...errors import StorylensError
from ...store import Store
from .. import data, story_pages
from ..responses import Rendered, respond, split_json
from ..state import WebState


def routes(state: WebState) -> APIRouter:
    r = APIRouter()

    @r.get("/article/{name:path}")
    async def article(name: str) -> Response:
        name, fmt = split_json(name)

        def build(gen: int) -> Rendered:
            st, co = state.store(), state.corpus(gen)
            sid = co.story_of.get(name)
            entry = None
            if sid:
                try:
                    entry = state.story(sid, gen)[0].story
                except StorylensError:
                    entry = None
            d, a = data.article_page(st, co, name, state.settings, entry)
            return respond(fmt, d, lambda: story_pages.article_html(d, a))
        def version(st: Store) -> tuple:
            doc, sid = st.article_story(name)
            return doc, sid, st.story_version(sid) if sid else None

        return await state.serve(("article", name, fmt), build, version)

    return r
