"""Accepting new articles from the web UI: uploaded files and http(s) URLs,
checked before a job starts. A request never names a path on the server:
server-side folders are analyzed only through ``storylens serve --watch DIR``.

Adding articles needs the server's token (printed at start-up, or set with
``--token``): sent as the form field ``token``, an ``Authorization: Bearer``
header, or the cookie that ``GET /add?token=...`` sets."""

from __future__ import annotations

import re
import secrets
import time
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ..errors import InputError, StorylensError, UnauthorizedError
from ..ingest.fetch import FetchPolicy, check_url

if TYPE_CHECKING:  # pragma: no cover
    from .jobs import Job
    from .state import WebState

_URL = re.compile(r"^https?://", re.I)
MAX_UPLOAD = 200 * 1024 * 1024  # bytes in one form post


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


async def accept(request: Request, state: WebState) -> tuple[Job, list[dict[str, str]]]:
    """Read the add form, save uploads, check URLs, and submit one job.
    Raises :class:`InputError` (nothing to do, bad token, too large)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_UPLOAD:
        raise InputError(f"upload too large (over {MAX_UPLOAD // (1024 * 1024)} MB)")
    _check_origin(request)
    try:
        form = await request.form(max_files=200, max_fields=20)
    except Exception as exc:  # malformed multipart
        raise InputError(f"cannot read the form: {exc}") from exc
    if not token_ok(presented_token(request, str(form.get("token") or "")), state.token):
        raise UnauthorizedError("refused: adding articles needs the server's token "
                                "(printed when `storylens serve` started, or set with --token)")
    settings = state.settings
    refused: list[dict[str, str]] = []
    uploads: list[tuple[str, bytes]] = []
    taken: set[str] = set()
    for f in form.getlist("files"):
        name = "" if isinstance(f, str) else f.filename or ""
        if isinstance(f, str) or not name:
            continue
        data = await f.read(settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            refused.append({"input": name, "reason": f"larger than {settings.max_bytes} bytes"})
            continue
        if not data:
            refused.append({"input": name, "reason": "empty file"})
            continue
        uploads.append((safe_filename(name, taken), data))
    lines = [line.strip() for line in str(form.get("urls") or "").splitlines()
             if line.strip() and not line.strip().startswith("#")][:200]
    policy = FetchPolicy(timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                         allow_private=settings.allow_private_urls, deadline=settings.fetch_deadline)
    targets, bad = await run_in_threadpool(check_targets, lines, policy)
    refused += bad
    inputs: list[str] = []
    if uploads:
        folder = state.upload_root / (time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3))
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in uploads:
            (folder / name).write_bytes(data)
        inputs.append(str(folder))
    inputs += targets
    if not inputs:
        reasons = "; ".join(f"{r['input']}: {r['reason']}" for r in refused)
        raise InputError("nothing to analyze" + (f" ({reasons})" if reasons else ": choose files or type URLs"))
    labels = ([f"{len(uploads)} uploaded file{'s' if len(uploads) != 1 else ''}: "
               + ", ".join(n for n, _ in uploads)] if uploads else []) + targets
    job = state.jobs.submit(inputs, labels=labels)
    for r in refused:
        job.report.rejections.append({"doc": r["input"], "origin": r["input"], "reason": r["reason"]})
    return job, refused


