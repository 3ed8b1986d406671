"""Extraction on the five seed articles against ../shared/eval/seeds/gold.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storylens.extract import extract
from storylens.models import RawDocument

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "seeds" / "gold.json"

pytestmark = pytest.mark.skipif(not GOLD.exists() or not SEEDS.exists(), reason="../shared seed data is absent")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))["articles"]


def _article(name: str):
    text = (SEEDS / name).read_text(encoding="utf-8")
    return extract(RawDocument(name=Path(name).stem, origin=str(SEEDS / name), format="text", content=text))


def _furniture_lines(source: str, entries: list[str]) -> list[str]:
    """Gold boilerplate entries as the (normalised) source lines they name."""
    lines = [_norm(x) for x in source.splitlines() if x.strip()]
    out = []
    for entry in entries:
        if entry.startswith("Legal Disclaimer:"):
            i = lines.index("Legal Disclaimer:")
            out += lines[i : i + 2]
            continue
        text = _norm(re.sub(r"\s+\([^()]*(?:\([^()]*\)[^()]*)*\)$", "", entry))
        assert text in lines, f"gold entry {entry!r} not found as a line"
        out.append(text)
    return out


@pytest.mark.parametrize("name", sorted(_gold()) if GOLD.exists() else [])
def test_seed_furniture_removed_and_body_kept(name: str) -> None:
    gold = _gold()[name]
    a = _article(name)
    furniture = set(_furniture_lines(a.source, gold["boilerplate"]))
    removed = {_norm(r.text) for r in a.removed}
    paragraphs = {_norm(p) for p in a.body.split("\n\n")}
    for line in furniture:
        assert line in removed, f"furniture not removed: {line!r}"
        assert line not in paragraphs, f"furniture left in body: {line!r}"
    # offsets of removed lines and segments point into the source
    for r in a.removed:
        assert a.source[r.start : r.end] == r.text
    for s in a.segments:
        assert a.body[s.body_start : s.body_start + s.length] == a.source[s.source_start : s.source_start + s.length]
    # no body sentence is removed
    body = _norm(a.body)
    for q in gold["quotes"]:
        if q["kind"] != "boilerplate":
            assert _norm(q["text"]) in body, f"quote lost: {q['text'][:60]!r}"
    title = _norm(gold["title"]) if gold["title"] else None
    for line in a.source.splitlines():
        n = _norm(line).lstrip("•").strip()  # list bullets are not body text
        if len(n.split()) >= 8 and n not in furniture and n != title:
            assert n in paragraphs, f"body line removed: {n[:80]!r}"


def test_seed_titles() -> None:
    gold = _gold()
    for name, g in gold.items():
        a = _article(name)
        if g["title"] is None:
            assert a.title is None, name
        else:
            assert a.title == _norm(g["title"]), name
            assert a.title_span is not None
            assert _norm(a.source[a.title_span.start : a.title_span.end]) == a.title
            assert a.title not in {_norm(p) for p in a.body.split("\n\n")}


def test_seed_dateline_and_syndication() -> None:
    name = next(n for n in _gold() if n.startswith("003"))
    a = _article(name)
    assert a.published is not None and a.published.startswith("2025-03-22")
    assert a.published == _gold()[name]["published"]
    assert "MENAFN" in a.syndication
    others = [n for n in _gold() if not n.startswith("003")]
    for n in others:
        assert _article(n).syndication == [], n


def test_seed_attribution_lines_use_the_agreed_reason() -> None:
    name = next(n for n in _gold() if n.startswith("004"))
    a = _article(name)
    reasons = [r.reason for r in a.removed if _norm(r.text) == "Mark Rutte"]
    assert reasons and set(reasons) == {"attribution line"}
