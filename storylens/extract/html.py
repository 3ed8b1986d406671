"""HTML page -> Article, with trafilatura for the main text and metadata.

``article.source`` is the extracted text: the title, a blank line, then the
main text (or just the main text when no title was found), so ``title_span``
points into it. The main text then goes through the same line cleanup as
plain text (:func:`storylens.extract.plaintext.clean_text`), restricted to the
rules that are safe on already-extracted text.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ExtractionError, RejectedDocument
from ..models import Article, RawDocument, Removed, Span
from .dates import parse_date
from .plaintext import NO_BODY, Cleaned, article_from_cleaned, clean_text

MAX_HTML_CHARS = 20_000_000


@dataclass(frozen=True)
class HtmlSettings:
    """trafilatura options (chosen by measuring F1 on the benchmark)."""

    favor_precision: bool = True
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False
    fast: bool = False
    cleanup: bool = True  # run the plain-text furniture rules on the result
    light_metadata: bool = True  # skip trafilatura's slow body author/tag search
    prune_tree: bool = True  # drop nodes trafilatura discards anyway before it copies/scans the tree


DEFAULT_SETTINGS = HtmlSettings()
# No fallback extractors: about twice as fast, F1 0.9676 instead of 0.9705 on the benchmark.
FAST_SETTINGS = HtmlSettings(favor_precision=False, fast=True)


def _light_metadata(tree: Any, url: str | None) -> Any:
    """Page metadata without trafilatura's slowest steps.

    Same sources as ``trafilatura.metadata.extract_metadata`` (meta tags,
    JSON-LD, title heuristics, htmldate) but without the author search in the
    page body and the category/tag scans, which cost about a quarter of the
    extraction time and are not used here.
    """
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
        set_date_params,
    )

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with contextlib.suppress(Exception):  # JSON-LD parsing bugs: keep the meta tags
        meta = extract_meta_json(tree, meta)
    if not meta.title:
        meta.title = extract_title(tree)
    if not meta.url:
        meta.url = extract_url(tree, url)
    params = set_date_params(False)
    params["url"] = meta.url
    meta.date = find_date(tree, **params)
    if not meta.sitename:
        meta.sitename = extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
    if not getattr(meta, "language", None):
        lang = (tree.get("lang") or tree.get("xml:lang") or "").strip()
        meta.language = lang.split("-")[0].split("_")[0].lower() or None
    meta.clean_and_trim()
    return meta


_JSON_LD = "application/ld+json"
_JSON_LD_TAG = "storylens-json-ld"  # temporary name that shields JSON-LD scripts from the prune
# Deleted by trafilatura's tree cleaning (settings.MANUALLY_CLEANED) *and* by
# its baseline/html2txt cleaning (BASIC_CLEAN_XPATH), and ignored by the
# fallback extractors: removing them up front changes no extraction path, only
# the size of the tree that every stage copies and scans. Script and style are
# raw-text elements, they never hold a <p>.
_DEAD_TAGS = ("script", "style")
# Deleted by tree cleaning too, so the main extraction never sees them. Their
# text still counts in trafilatura's page-length measure (html2txt) for the
# recall-escalation gate, which fires a little less often without it (one
# benchmark page changes, for the better). Not here: <form> (kept when it holds
# most of the text), <figure> (kept when it holds a table), <math> (formulas
# are recovered first), <head> (emptied separately, it holds the JSON-LD).
_DEAD_CONTAINERS = (
    "svg", "fencedframe", "aside", "footer", "nav", "menu", "menuitem", "noscript", "noindex",
    "iframe", "frame", "frameset", "embed", "object", "applet", "canvas", "audio", "video",
    "picture", "source", "track", "map", "area", "button", "input", "select", "option", "optgroup",
    "datalist", "textarea", "label", "fieldset", "legend", "output", "progress", "dialog",
    "marquee", "blink", "link", "param", "time", "use", "rp", "rt", "rtc",
)
# Unwrapped (tag removed, text kept) by tree cleaning (settings.MANUALLY_STRIPPED),
# and inline for html2txt. Not <template> (html2txt deletes it) nor <address>.
_INLINE_TAGS = (
    "img", "meta", "tbody", "thead", "tfoot", "small", "font", "abbr", "acronym", "bdi", "bdo",
    "big", "cite", "data", "dfn", "hgroup", "ins", "mark", "nobr", "ruby", "wbr",
)


@lru_cache(maxsize=1)
def _prune_lists() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(dead tags, dead containers, inline tags, cleaned tags), checked against the
    installed trafilatura: a tag it stops cleaning is no longer pruned here."""
    from trafilatura.settings import MANUALLY_CLEANED, MANUALLY_STRIPPED

    cleaned = set(MANUALLY_CLEANED) - {"form"}  # forms are handled apart (kept when they hold the text)
    return (
        tuple(t for t in _DEAD_TAGS if t in cleaned),
        tuple(t for t in _DEAD_CONTAINERS if t in cleaned),
        tuple(t for t in _INLINE_TAGS if t in MANUALLY_STRIPPED),
        tuple(sorted(cleaned)),
    )


def _drop(elem: Any) -> None:
    """Remove ``elem`` and its subtree, keeping its tail text (as trafilatura does)."""
    parent = elem.getparent()
    if parent is None:
        return
    if elem.tail:
        prev = elem.getprevious()
        if prev is None:
            parent.text = (parent.text or "") + elem.tail
        else:
            prev.tail = (prev.tail or "") + elem.tail
    parent.remove(elem)


def _prune_dead_nodes(tree: Any, containers: bool = True) -> None:
    """Shrink the parsed page before ``bare_extraction`` (metadata is read by then).

    Removes what trafilatura's tree cleaning would remove anyway (see
    ``_DEAD_TAGS``, ``_DEAD_CONTAINERS``, ``_INLINE_TAGS``), so that its raw-tree
    XPath prunes, tree copies, cleaning and html2txt run on about half the
    nodes. JSON-LD scripts stay: trafilatura reads them (forum detection,
    baseline). Only scripts and styles go when ``containers`` is false (the
    fallback extractors of the non-fast mode, readability and jusText, read the
    raw tree, navigation included) or when no paragraph would survive tree
    cleaning (trafilatura's recall retry then undoes that cleaning).
    """
    from lxml.etree import strip_elements, strip_tags

    dead_tags, dead_containers, inline_tags, cleaned = _prune_lists()
    json_ld = [elem for elem in tree.iter("script") if elem.get("type") == _JSON_LD]
    for elem in json_ld:
        elem.tag = _JSON_LD_TAG
    try:
        if containers and any(next(p.iterancestors(*cleaned), None) is None for p in tree.iter("p")):
            strip_elements(tree, *dead_tags, *dead_containers, with_tail=False)
            strip_tags(tree, *inline_tags)
            for head in list(tree.iter("head")):
                for child in list(head):
                    if child.tag != _JSON_LD_TAG:
                        _drop(child)
        else:
            strip_elements(tree, *dead_tags, with_tail=False)
    finally:
        for elem in json_ld:
            elem.tag = "script"


# What trafilatura.utils.repair_faulty_html deletes (its INVALID_XML_CHARS) in
# UTF-8, C0 controls other than tab, newline and carriage return are single
# bytes that never occur inside a multi-byte sequence (U+FFFE and U+FFFF are
# looked for in the string: faster than a 3-byte search).
_INVALID_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))


@lru_cache(maxsize=1)
def _html_parser() -> Any:
    """trafilatura's HTML parser, with lxml's C-level class lookup.

    ``lxml.html`` parsers pick the Python class of every element proxy they
    create through a lookup written in Python (``HtmlElementClassLookup``),
    about 1,500 calls a page over parsing, metadata and extraction. Here every
    element is a plain ``HtmlElement`` (same API as far as trafilatura and
    htmldate use it; ``<form>``/``<input>`` lose lxml's form helpers only).
    """
    from lxml import etree
    from lxml.html import (
        HtmlComment,
        HtmlElement,
        HtmlEntity,
        HtmlProcessingInstruction,
    )

    # the options of trafilatura.utils.HTML_PARSER
    parser = etree.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
        )
    )
    return parser


def _load_html(html: str) -> Any:
    """The tree ``trafilatura.utils.load_html(html)`` returns, sooner.

    ``load_html`` first runs a regex over the whole page to delete characters
    libxml2 rejects (about 0.9 ms of the ~20 ms a benchmark page takes), then
    parses the string, or its UTF-8 bytes when lxml refuses the string. Here
    the page is parsed from its UTF-8 bytes (same parser options, forced to
    UTF-8, so a ``<meta charset>`` changes nothing; see :func:`_html_parser`
    for the element classes) and the scan for rejected characters
    is a ``bytes.translate``. Every page needing one of ``load_html``'s repairs
    (rejected characters, lone surrogates, a self-closing ``<html/>``), or that
    does not look like a full page, goes to ``load_html`` itself.
    """
    from lxml.html import fromstring
    from trafilatura.utils import DOCTYPE_TAG, load_html

    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return load_html(html)
    if "\ufffe" in html or "\uffff" in html or len(data.translate(None, _INVALID_BYTES)) != len(data):
        return load_html(html)
    beginning = html[:50].lower()
    if "html" not in beginning:  # load_html's "dubious" check: it decides on a tree size of 1
        return load_html(html)
    if any("<html" in line and line.endswith("/>") for line in html[:4096].splitlines()[:4]):
        return load_html(html)
    if "doctype" in beginning:  # load_html deletes a doctype with a slash on the first line
        end = html.find("\n")
        if end < 0:
            return load_html(html)
        doctype = DOCTYPE_TAG.match(html, 0, end)
        if doctype:
            data = data[len(html[: doctype.end()].encode("utf-8")) :]
    try:
        tree = fromstring(data, parser=_html_parser())
    except Exception:  # noqa: BLE001 - let load_html decide (it logs and may return None)
        return load_html(html)
    if tree is None or len(tree) < 2:
        return load_html(html)
    return tree


# a person's or a term's card that a page shows on hover, written inline after the name ("Kristi
# Noem<span class="rollover-people-block">…Kristi Lynn Noem…South Dakota governor doubles down…</span>"):
# read as text, it runs into the sentence ("Gov. Kristi NoemKristi Lynn NoemSouth Dakota governor …")
_HOVER_CARDS = ("//*[not(self::a) and (contains(@class, 'rollover') and (contains(@class, 'block')"
                " or contains(@class, 'card')) or contains(@class, 'hovercard') or contains(@class, 'hover-card')"
                " or contains(@class, 'tooltiptext') or contains(@class, 'tooltip-content')"
                " or contains(@class, 'popover-content'))]")


def _drop_hover_cards(tree: Any) -> None:
    """Remove hover cards (the outermost of nested ones: a card holds its own
    name link, which goes with it; the name in the text is outside the card)."""
    found = tree.xpath(_HOVER_CARDS)
    matched = set(found)
    for elem in found:
        if not any(a in matched for a in elem.iterancestors()):
            _drop(elem)


def _trafilatura_extract(html: str, url: str | None, settings: HtmlSettings) -> tuple[Any, Any]:
    """(main text document, metadata document) from trafilatura."""
    import trafilatura  # slow import, only when HTML is seen

    tree = _load_html(html)
    if tree is None:
        return None, None
    meta = _light_metadata(tree, url) if settings.light_metadata else None
    _drop_hover_cards(tree)
    if settings.prune_tree and meta is not None:  # trafilatura's own metadata needs the <head>
        _prune_dead_nodes(tree, containers=settings.fast)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=settings.fast,
        favor_precision=settings.favor_precision,
        favor_recall=settings.favor_recall,
        include_comments=settings.include_comments,
        include_tables=settings.include_tables,
        with_metadata=not settings.light_metadata,
    )
    return doc, (meta if meta is not None else doc)


def _get(doc: Any, key: str) -> Any:
    if doc is None:
        return None
    if isinstance(doc, dict):
        return doc.get(key)
    return getattr(doc, key, None)


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def extract_html(raw: RawDocument, settings: HtmlSettings = DEFAULT_SETTINGS) -> Article:
    """Extract the main text and metadata of the HTML page ``raw.content``."""
    html = raw.content
    if len(html) > MAX_HTML_CHARS:
        raise RejectedDocument(f"HTML page too large ({len(html)} characters)", doc=raw.name, stage="extract")
    url = raw.meta.get("url") if isinstance(raw.meta, dict) else None
    try:
        doc, meta = _trafilatura_extract(html, url if isinstance(url, str) else None, settings)
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as exc:
        raise ExtractionError(f"HTML could not be parsed: {exc}", doc=raw.name, stage="extract") from exc
    except Exception as exc:  # lxml errors and anything else from the parser
        raise ExtractionError(
            f"HTML extraction failed: {type(exc).__name__}: {exc}", doc=raw.name, stage="extract"
        ) from exc
    text = (_get(doc, "text") or "").strip()
    if not text:
        raise RejectedDocument(NO_BODY, doc=raw.name, stage="extract")
    title = _clean_str(_get(meta, "title"))
    prefix = f"{title}\n\n" if title else ""
    source = prefix + text
    if settings.cleanup:
        cleaned = _clean_main_text(source, len(prefix), title)
    else:
        cleaned = Cleaned(source)
        pos = len(prefix)
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped:
                start = pos + (len(line) - len(line.lstrip()))
                cleaned.kept.append((start, start + len(stripped)))
            pos += len(line) + 1
    cleaned.title = title
    cleaned.title_span = Span(0, len(title)) if title else None
    article = article_from_cleaned(raw, cleaned, fmt="html")
    date = _clean_str(_get(meta, "date"))
    if date:
        article.published = date if _ISO_DATE.match(date) else (parse_date(date) or date)
    elif cleaned.published:
        article.published = cleaned.published
    article.author = _clean_str(_get(meta, "author")) or cleaned.author
    article.outlet = _clean_str(_get(meta, "sitename"))
    article.url = _clean_str(_get(meta, "url"))
    article.language = _clean_str(_get(meta, "language"))
    for key in ("description", "categories", "tags", "hostname", "image", "license"):
        value = _clean_str(_get(meta, key))
        if value:
            article.meta[key] = value
    return article


def _clean_main_text(source: str, body_from: int, title: str | None) -> Cleaned:
    """Run the plain-text furniture rules on the main text only.

    The text after the title prefix is cleaned on its own (copies of the page
    title at its top are removed as "duplicate title") and offsets shifted.
    """
    inner = clean_text(source[body_from:], known_title=title)
    out = Cleaned(source)
    out.kept = [(s + body_from, e + body_from) for s, e in inner.kept]
    out.removed = [Removed(r.start + body_from, r.end + body_from, r.reason, r.text) for r in inner.removed]
    # A "title" found inside the main text is a heading: keep it as body.
    if inner.title_span is not None:
        span = (inner.title_span.start + body_from, inner.title_span.end + body_from)
        out.kept.append(span)
        out.kept.sort()
    out.published = inner.published
    out.author = inner.author
    out.syndication = inner.syndication
    return out
