"""Adding articles and following their analysis: ``/add`` (the form, or a
prompt for the token), ``POST /add`` (uploads and http(s) URLs; needs the
server's token) and ``/jobs/{id}`` (job progress), each with its JSON twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ...errors import StorylensError, UnauthorizedError
from .. import pages, uploads
from ..responses import html_response, json_response
from ..state import WebState


def add_payload(state: WebState, authorized: bool) -> dict[str, Any]:
    """What ``/add.json`` shows: recent jobs, whether the request may add, and how to post."""
    return {"jobs": [j.to_json() for j in state.jobs.recent()], "authorized": authorized,
            "allow_private_urls": state.settings.allow_private_urls,
            "post": {"url": "/add", "fields": {"files": "files (multipart, repeatable)",
                                               "urls": "http(s) URLs, one a line",
                                               "token": "the server's token (or an Authorization: Bearer "
                                                        "header, or the cookie GET /add?token= sets)"}}}


def routes(state: WebState) -> APIRouter:
    r = APIRouter()

    def authorized(request: Request) -> bool:
        return uploads.token_ok(uploads.presented_token(request), state.token)

    @r.get("/add.json")
    async def add_json(request: Request) -> Response:
        return json_response(add_payload(state, authorized(request)))

    @r.get("/add")
    async def add_page(request: Request) -> Response:
        given = request.query_params.get("token")
        if given is not None:
            if not uploads.token_ok(given, state.token):
                return html_response(pages.add_html(add_payload(state, False), ["That token is not this server's."]),
                                     status=403)
            redirect = RedirectResponse("/add", status_code=303)  # the token leaves the address bar
            redirect.set_cookie(uploads.TOKEN_COOKIE, state.token, httponly=True, samesite="strict", path="/")
            return redirect
        return html_response(pages.add_html(add_payload(state, authorized(request))))

    async def add(request: Request, fmt: str) -> Response:
        try:
            job, refused = await uploads.accept(request, state)
        except StorylensError as exc:
            status = 401 if isinstance(exc, UnauthorizedError) else 413 if isinstance(exc, uploads.UploadTooLarge) \
                else 400
            if fmt == "json":
                return json_response({"error": exc.message, "status": status}, status)
            return html_response(pages.add_html(add_payload(state, authorized(request)), [exc.message]), status)
        if fmt == "json":
            return json_response({"job": job.to_json(), "refused": refused, "status_url": f"/jobs/{job.id}.json"},
                                 202)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @r.post("/add.json")
    async def add_post_json(request: Request) -> Response:
        return await add(request, "json")

    @r.post("/add")
    async def add_post(request: Request) -> Response:
        return await add(request, "html")

    @r.get("/jobs/{jid}.json")
    async def job_json(jid: str) -> Response:
        j = state.jobs.get(jid)
        if j is None:
            return json_response({"error": "no such job", "status": 404}, 404)
        return json_response(j.to_json(), headers={"cache-control": "no-store"})

    @r.get("/jobs/{jid}")
    async def job_page(jid: str) -> Response:
        j = state.jobs.get(jid)
        if j is None:
            return html_response(pages.error_page(404, "no such job"), 404)
        return html_response(pages.job_html(j.to_json()))

    return r
