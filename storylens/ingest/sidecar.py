"""Sidecar metadata: a CSV or JSON file mapping file names to outlet, url,
published and title."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..errors import InputError, RejectedDocument
from .decode import decode_bytes

FIELDS = ("outlet", "url", "published", "title", "author", "language")


def load_sidecar(path: str | Path) -> dict[str, dict[str, Any]]:
    """``{file name or stem: {field: value}}``. JSON may be an object keyed by
    file name or a list of objects with a ``file`` key."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read metadata file {p}: {exc.strerror or exc}") from exc
    try:  # UTF-8, UTF-16 with a mark, Windows-1252...: as a document's bytes are read
        text = decode_bytes(data, check=False)[0].lstrip("\ufeff")
    except RejectedDocument as exc:
        raise InputError(f"metadata file {p} is not text: {exc}") from exc
    rows: list[dict[str, Any]]
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"metadata file {p} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
        if isinstance(data, dict):
            rows = [dict(v, file=k) for k, v in data.items() if isinstance(v, dict)]
        elif isinstance(data, list):
            rows = [r for r in data if isinstance(r, dict)]
        else:
            raise InputError(f"metadata file {p} must hold an object or a list")
    else:
        rows = list(csv.DictReader(text.splitlines()))
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        key = str(r.get("file") or r.get("name") or r.get("id") or "").strip()
        if not key:
            continue
        fields = {k: v for k, v in r.items() if k in FIELDS and v not in (None, "")}
        out[key] = fields
        out.setdefault(Path(key).name, fields)
    if not out:
        raise InputError(f"metadata file {p} has no rows with a 'file' column")
    return out


def meta_for(sidecar: dict[str, dict[str, Any]], path: Path, name: str) -> dict[str, Any]:
    return sidecar.get(str(path)) or sidecar.get(path.name) or sidecar.get(name) or {}
