"""Accepting new articles from the web UI: uploaded files and http(s) URLs,
checked before a job starts. A request never names a path on the server:
server-side folders are analyzed only through ``storylens serve --watch DIR``.

Adding articles needs the server's token (printed at start-up, or set with
``--token``): sent as the form field ``token``, an ``Authorization: Bearer``
header, or the cookie that ``GET /add?token=...`` sets. A wrong bearer token
is refused before the body is read; the body is capped while it streams in
(a chunked post that passes the limit is refused there, whatever it declared),
and each file is copied to disk in pieces, held to ``max_bytes``."""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.types import Message

from ..errors import InputError, StorylensError, UnauthorizedError
from ..ingest.fetch import FetchPolicy, check_url

if TYPE_CHECKING:  # pragma: no cover
    from .jobs import Job
    from .state import WebState

_URL = re.compile(r"^https?://", re.I)
MAX_UPLOAD = 200 * 1024 * 1024  # bytes in one form post (WebState.max_upload)


def safe_filename(name: str, taken: set[str]) -> str:
    """A plain file name (no folders, no leading dot) that is not in ``taken``."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")[:120] or "upload.txt"
    stem, dot, ext = base.rpartition(".")
    cand, i = base, 2
    while cand.lower() in taken:
        cand = f"{stem}-{i}.{ext}" if dot else f"{base}-{i}"
        i += 1
    taken.add(cand.lower())
    return cand


def _check_origin(request: Request) -> None:
    """Cross-site form posts are refused: Origin, when sent, must be us."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if re.sub(r"^https?://", "", origin).rstrip("/") != host:
            raise InputError("refused: the form was posted from another site")


TOKEN_COOKIE = "storylens_token"
NOT_A_URL = "only http and https URLs are accepted (upload files instead of naming paths on the server)"


def check_targets(lines: list[str], policy: FetchPolicy) -> tuple[list[str], list[dict[str, str]]]:
    """Split typed lines into accepted URLs and refused lines (with reasons).
    A URL must be http(s) and resolve to public addresses (unless the policy
    allows private ones); anything else, a path or a ``file:`` URL included,
    is refused without touching the file system."""
    ok: list[str] = []
    refused: list[dict[str, str]] = []
    for line in lines:
        if not _URL.match(line):
            refused.append({"input": line, "reason": NOT_A_URL})
            continue
        try:
            check_url(line, policy)
        except StorylensError as exc:
            refused.append({"input": line, "reason": exc.message})
            continue
        ok.append(line)
    return ok, refused


def presented_token(request: Request, form_token: str = "") -> str:
    """The token a request carries: form field, bearer header or cookie."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return form_token or request.cookies.get(TOKEN_COOKIE, "")


def token_ok(presented: str, token: str) -> bool:
    return bool(presented) and secrets.compare_digest(presented.encode(), token.encode())


class UploadTooLarge(InputError):
    """A form post grew past the upload limit while it was read."""


def too_large(limit: int) -> UploadTooLarge:
    return UploadTooLarge(f"upload too large (over {limit // (1024 * 1024)} MB): refused at the limit")


def capped(request: Request, limit: int) -> Request:
    """``request`` with a body that raises :class:`UploadTooLarge` as soon as
    more than ``limit`` bytes have arrived, whatever the headers said (a
    chunked upload has no Content-Length): the form parser never stores
    more than that."""
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message.get("type") == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise too_large(limit)
        return message

    return Request(request.scope, receive)


UNAUTHORIZED = ("refused: adding articles needs the server's token (printed when `storylens serve` started, "
                "or set with --token)")


async def read_form(request: Request, state: WebState) -> FormData:
    """The add form, read only after what can be checked first: the origin,
    the declared length, and a token sent in a header (a wrong bearer token
    is refused before any of the body is read). The body is capped at
    :attr:`WebState.max_upload` while it streams in."""
    limit = state.max_upload
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise too_large(limit)
    _check_origin(request)
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer " and not token_ok(auth[7:].strip(), state.token):
        raise UnauthorizedError(UNAUTHORIZED)
    try:
        return await capped(request, limit).form(max_files=200, max_fields=20)
    except UploadTooLarge:
        raise
    except Exception as exc:  # malformed multipart
        raise InputError(f"cannot read the form: {exc}") from exc


async def save_upload(f: UploadFile, dest: Path, max_bytes: int) -> str | None:
    """Copy one uploaded file to ``dest`` in pieces; the reason when it is
    refused (too large, empty), with nothing left behind."""
    size = 0
    with dest.open("wb") as out:
        while piece := await f.read(1 << 20):
            size += len(piece)
            if size > max_bytes:
                break
            out.write(piece)
    if size > max_bytes or size == 0:
        dest.unlink(missing_ok=True)
        return f"larger than {max_bytes} bytes" if size else "empty file"
    return None


async def accept(request: Request, state: WebState) -> tuple[Job, list[dict[str, str]]]:
    """Read the add form, save uploads, check URLs, and submit one job.
    Raises :class:`InputError` (nothing to do, bad token, too large)."""
    form = await read_form(request, state)
    if not token_ok(presented_token(request, str(form.get("token") or "")), state.token):
        raise UnauthorizedError(UNAUTHORIZED)
    settings = state.settings
    refused: list[dict[str, str]] = []
    uploads: list[str] = []
    taken: set[str] = set()
    folder = state.upload_root / (time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3))
    for f in form.getlist("files"):
        name = "" if isinstance(f, str) else f.filename or ""
        if isinstance(f, str) or not name:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        saved = safe_filename(name, taken)
        reason = await save_upload(f, folder / saved, settings.max_bytes)
        if reason:
            refused.append({"input": name, "reason": reason})
        else:
            uploads.append(saved)
    await form.close()
    if not uploads and folder.is_dir():
        with contextlib.suppress(OSError):
            folder.rmdir()
    lines = [line.strip() for line in str(form.get("urls") or "").splitlines()
             if line.strip() and not line.strip().startswith("#")][:200]
    policy = FetchPolicy(timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                         allow_private=settings.allow_private_urls, deadline=settings.fetch_deadline)
    targets, bad = await run_in_threadpool(check_targets, lines, policy)
    refused += bad
    inputs: list[str] = [str(folder)] if uploads else []
    inputs += targets
    if not inputs:
        reasons = "; ".join(f"{r['input']}: {r['reason']}" for r in refused)
        raise InputError("nothing to analyze" + (f" ({reasons})" if reasons else ": choose files or type URLs"))
    labels = ([f"{len(uploads)} uploaded file{'s' if len(uploads) != 1 else ''}: "
               + ", ".join(uploads)] if uploads else []) + targets
    job = state.jobs.submit(inputs, labels=labels)
    for r in refused:
        job.report.rejections.append({"doc": r["input"], "origin": r["input"], "reason": r["reason"]})
    return job, refused


