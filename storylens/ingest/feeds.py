"""RSS and Atom feeds: each entry becomes a document."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from ..models import RawDocument, Rejection


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf:rdf" in head) \
        or head.startswith("<rss") or head.startswith("<feed")


def _iso(entry: Any, key: str) -> str | None:
    t = entry.get(key + "_parsed")
    if t:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", t)
    return entry.get(key)


# a document type that declares entities: news feeds never need one, and
# nested entities expand a kilobyte into gigabytes ("billion laughs")
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


# a character reference to a UTF-16 surrogate (D800-DFFF), in hex or decimal (55296-57343)
_SURROGATE_REF = re.compile(r"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*(?:5529[6-9]|55[3-9]\d\d|56\d{3}|57[0-2]\d\d|573[0-3]\d|5734[0-3]))\s*;")


def read_feed(text: str, origin: str, stem: str) -> Iterator[RawDocument | Rejection]:
    import feedparser

    root = _ROOT.search(text)
    if _ENTITY_DECL.search(text, 0, root.start() if root else len(text)):  # in the prolog, before the root
        yield Rejection(stem, origin, "feed declares XML entities (refused: entity expansion can turn a small "
                        "feed into gigabytes)", "ingest")
        return
    text = _SURROGATE_REF.sub("&#xFFFD;", text)  # "&#xD800;" is no character: one entry must not lose the feed
    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        yield Rejection(stem, origin, f"unreadable feed: {parsed.get('bozo_exception')}", "ingest")
        return
    outlet = parsed.feed.get("title")
    for i, e in enumerate(parsed.entries, 1):
        html = ""
        if e.get("content"):
            html = "".join(c.get("value") or "" for c in e["content"])
        html = html or e.get("summary") or ""  # (an empty element parses as None)
        link = e.get("link") or ""
        name = str(e.get("id") or link or f"{stem}#{i}")
        from .warc import uri_slug

        name = uri_slug(link, f"{stem}#{i}") if link else f"{stem}#{i}"
        if not html.strip():
            yield Rejection(name, f"{origin}#{i}", "feed entry has no content or summary", "ingest")
            continue
        title = e.get("title")
        doc = f"<html><head><title>{_esc(title or '')}</title></head><body><article><h1>{_esc(title or '')}</h1>{html}</article></body></html>"
        meta = {k: v for k, v in {
            "title": title, "url": link, "published": _iso(e, "published") or _iso(e, "updated"),
            "author": e.get("author"), "outlet": outlet,
        }.items() if v}
        yield RawDocument(name=name, origin=f"{origin}#{i}", format="html", content=doc, meta=meta)


def _esc(s: str) -> str:
    import html

    return html.escape(s)
