"""Scraped plain text -> clean body, title, dateline, syndication markers.

The text is read line by line. Lines of page furniture are removed (and kept
in ``Article.removed`` with their source offsets and a short reason); every
other non-empty line becomes one body paragraph. ``Article.source`` is the
input text unchanged, and ``Article.segments`` maps body offsets back to it.

Context rules handled here (single-line rules are in
:mod:`storylens.extract.furniture`):

* title: the first short heading-like line; a second copy of it is removed as
  ``"duplicate title"``; a line made of a short prefix glued to the next line
  ("NewsNATO chief ..." above "NATO chief ...") is removed as ``"breadcrumb"``
  and the next line is the title;
* datelines: a short line that is mostly a date ("Tuesday 14 October 2025 09:05
  GMT", "Updated: March 22, 2025") gives ``published``;
* image captions: a short line repeated on consecutive lines, or glued above a
  photo credit;
* attribution lines: a line holding only a person's name right after a quoted
  paragraph (``"attribution line"``);
* legal disclaimers: the paragraph after a "Legal Disclaimer:" heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import RejectedDocument
from ..models import PAYWALL_NOTICE, Article, RawDocument, Removed, Segment, Span
from .dates import find_date
from .furniture import LineVerdict, canonical_wire, classify_line, inline_markers, paywall_start, wire_of_marker

NO_BODY = "no article text found after cleanup"
PAYWALLED = "no article text: the page holds only a paywall or sign-in notice"

_WS = re.compile(r"\s+")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$")
_BULLET = re.compile(r"^[•·▪●◦‣■□➤►*]\s*")
_TITLE_MAX_WORDS = 30
_TITLE_MAX_CHARS = 250
_CAPTION_MAX_WORDS = 25
_REPEATED_CAPTION_MAX_WORDS = 15
_OPEN_QUOTES = "“\"«‘„‹'"
_CLOSE_QUOTES = "”\"»’“‹›'"
_PERSON = re.compile(
    r"^(?:[-–—―]\s*)?[A-Z\u00c0-\u00de][\w.'’-]*(?:\s+(?:[A-Z\u00c0-\u00de][\w.'’-]*|van|von|de|der|den|da|di|du|la|le|bin|al|el)){1,3}$"
)
_DATELINE_WORDS = re.compile(
    r"\b(?:updated|published|posted|first published|last updated|last modified|modified|on|at|created|date|issued|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_DATE_PREFIX_UPDATED = re.compile(r"\b(?:updated|last updated|modified|last modified)\b", re.I)
_BY_IN_DATELINE = re.compile(r"^(?:by|written by)\s+(\S.*?)\s*(?:[|,•·-]\s*)?$", re.I)
_CREDIT_IN_PARENS = re.compile(
    r"\((?:photo|image|picture|credit|source)?[^()]{0,60}(?:getty images|shutterstock|ap photo|depositphotos|alamy|photo:|photo by|image:|(?-i:\b(?:Reuters|AFP|AP|EPA)\b))[^()]{0,60}\)\.?$",
    re.I,
)


def norm(text: str) -> str:
    """Whitespace-collapsed, case-folded form used to compare lines."""
    # same as _WS.sub(" ", text).strip(): split() and \s agree on whitespace
    return " ".join(text.split()).casefold()


@dataclass
class Line:
    """One non-empty line: stripped text and its source offsets."""

    start: int
    end: int
    text: str
    gap_before: bool  # a blank line precedes it
    verdict: LineVerdict | None = None
    paywall_at: int | None = None  # where a paywall notice starts inside the line (it runs to the end)
    markers: list[tuple[int, int]] = field(default_factory=list)  # "Article continues below" inside the line
    # computed once: the rules compare and measure lines many times
    words: int = field(init=False)
    norm: str = field(init=False)  # norm(text)

    def __post_init__(self) -> None:
        split = self.text.split()
        self.words = len(split)
        self.norm = " ".join(split).casefold()


@dataclass
class Cleaned:
    """What cleanup found in a text: kept lines and everything else."""

    source: str
    kept: list[tuple[int, int]] = field(default_factory=list)  # source ranges
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    title_span: Span | None = None
    published: str | None = None
    author: str | None = None
    syndication: list[str] = field(default_factory=list)

    def body_and_segments(self) -> tuple[str, list[Segment]]:
        """Kept lines joined by blank lines, and the offset map to source."""
        parts: list[str] = []
        segments: list[Segment] = []
        pos = 0
        for start, end in self.kept:
            if parts:
                pos += 2
            segments.append(Segment(pos, start, end - start))
            parts.append(self.source[start:end])
            pos += end - start
        return "\n\n".join(parts), segments


_LINE = re.compile(r"[^\r\n]+")


def split_lines(source: str) -> list[Line]:
    """Non-empty lines of ``source`` with the offsets of their stripped text.

    ``\n``, ``\r\n`` and lone ``\r`` all end a line.
    """
    out: list[Line] = []
    prev_end = 0
    for m in _LINE.finditer(source):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        sep = source[prev_end : m.start()]
        breaks = sep.count("\n") + sep.count("\r") - sep.count("\r\n")
        start = m.start() + (len(raw) - len(raw.lstrip()))
        out.append(Line(start, start + len(stripped), stripped, bool(out) and breaks >= 2))
        prev_end = m.end()
    return out


def dateline_of(text: str) -> tuple[str, str | None] | None:
    """(ISO date, author or None) when a short line is essentially a date."""
    if len(text) > 120 or "@" in text:
        return None  # "@handle" lines close embedded tweets
    found = find_date(text)
    if found is None or find_date(text[found.end :]) is not None:
        return None  # no date, or a date range
    rest = text[: found.start] + " " + text[found.end :]
    author = None
    head = text[: found.start].strip()
    m = _BY_IN_DATELINE.match(head)
    if m:
        author = m.group(1).strip()
        rest = text[found.end :]
    rest = _DATELINE_WORDS.sub(" ", rest)
    rest = re.sub(r"[^\w]+", " ", rest).strip()
    if len(rest.split()) > 3:
        return None
    return found.iso, author


def _looks_like_title(line: Line) -> bool:
    t = line.text
    if line.words > _TITLE_MAX_WORDS or len(t) > _TITLE_MAX_CHARS or line.words < 2:
        return False
    if t[-1] in ".,;:" and not t.endswith("..."):
        return False
    return t[0] not in _OPEN_QUOTES or t[-1] in _CLOSE_QUOTES


def _is_quote_block(line: Line) -> bool:
    t = line.text
    return t[0] in _OPEN_QUOTES or t.rstrip(".")[-1:] in _CLOSE_QUOTES


def _mark(line: Line, reason: str, **kw: str | None) -> None:
    line.verdict = LineVerdict(reason, **kw)


def _find_title(lines: list[Line], cleaned: Cleaned, known_title: str | None = None) -> int:
    """Handle the header zone; return the index where the body may start.

    With ``known_title`` no title is looked for: copies of it are removed.
    """
    i = 0
    title_idx: int | None = None
    known = norm(known_title) if known_title else None
    while i < len(lines) and i < 12:
        line = lines[i]
        if line.verdict is not None:
            i += 1
            continue
        dl = dateline_of(line.text)
        if dl is not None:
            _mark(line, "dateline", author=dl[1])
            i += 1
            continue
        v = classify_line(line.text)
        if v is not None:
            line.verdict = v
            i += 1
            continue
        if known is not None:
            if line.norm != known:
                break
            _mark(line, "duplicate title")
            i += 1
            continue
        if title_idx is None and i + 1 < len(lines) and _looks_like_title(line):
            nxt = lines[i + 1]
            a, b = line.norm, nxt.norm
            if a == b:
                title_idx = i
                _mark(nxt, "duplicate title")
                i += 2
                continue
            if b and a.endswith(b) and len(a) > len(b):
                prefix = a[: len(a) - len(b)]  # e.g. "news" glued to the title
                if len(prefix) <= 30 and len(prefix.split()) <= 3:
                    _mark(line, "breadcrumb")
                    title_idx = i + 1
                    i += 2
                    continue
            title_idx = i
            i += 1
            continue
        break
    if title_idx is not None:
        t = lines[title_idx]
        cleaned.title = _WS.sub(" ", t.text).strip()
        cleaned.title_span = Span(t.start, t.end)
        t.verdict = LineVerdict("title")
    return i


def clean_text(source: str, known_title: str | None = None) -> Cleaned:
    """Find title, dateline and furniture in ``source``; keep the rest.

    ``known_title`` (e.g. from HTML metadata) replaces title detection: lines
    repeating it are removed as ``"duplicate title"``. Three passes over the
    lines: single-line rules, context rules, then the results collected.
    """
    cleaned = Cleaned(source)
    lines = split_lines(source)
    if not lines:
        return cleaned
    body_from = _find_title(lines, cleaned, known_title)
    title = known_title or cleaned.title
    _single_line_rules(lines, body_from, norm(title) if title else None)
    _context_rules(lines, body_from)
    _collect(lines, cleaned)
    return cleaned


def _single_line_rules(lines: list[Line], body_from: int, title_norm: str | None) -> None:
    """Verdicts a line earns on its own: a repeated title, furniture, a dateline."""
    for idx in range(body_from, len(lines)):
        line = lines[idx]
        if line.verdict is not None:
            continue
        if title_norm is not None and line.norm == title_norm:
            _mark(line, "duplicate title")
            continue
        v = classify_line(line.text)
        if v is None and line.words <= 12:
            dl = dateline_of(line.text)
            if dl is not None:
                v = LineVerdict("dateline", author=dl[1])
        if v is None:
            line.paywall_at = paywall_start(line.text)
            line.markers = inline_markers(line.text)
        line.verdict = v


def _context_rules(lines: list[Line], body_from: int) -> None:
    """Verdicts that depend on the lines around: captions, repeated
    paragraphs, attribution lines, disclaimers split over two lines."""
    any_gap = any(ln.gap_before for ln in lines[1:])
    prev_body: Line | None = None
    for idx in range(body_from, len(lines)):
        line = lines[idx]
        nxt = lines[idx + 1] if idx + 1 < len(lines) else None
        v = line.verdict
        if v is not None:
            if v.reason == "legal disclaimer" and line.words <= 4 and nxt is not None and nxt.verdict is None:
                _mark(nxt, "legal disclaimer")
            continue
        # repeated short lines (image captions) and repeated paragraphs
        if nxt is not None and nxt.verdict is None and nxt.norm == line.norm:
            if line.words <= _REPEATED_CAPTION_MAX_WORDS:
                j = idx
                while j < len(lines) and lines[j].verdict is None and lines[j].norm == line.norm:
                    _mark(lines[j], "image caption")
                    j += 1
                continue
            _mark(nxt, "duplicate paragraph")
        prv = lines[idx - 1] if idx > 0 else None
        if _caption_above_credit(line, nxt, any_gap) or _caption_below_credit(line, prv, nxt, any_gap) or (
                line.words <= 40 and _CREDIT_IN_PARENS.search(line.text) and not _is_quote_block(line)):
            _mark(line, "image caption")
            continue
        # a person's name right after a quoted paragraph
        if (
            prev_body is not None
            and line.words <= 5
            and _PERSON.match(line.text)
            and not line.text.isupper()
            and _is_quote_block(prev_body)
        ):
            _mark(line, "attribution line")
            continue
        prev_body = line


def _caption_above_credit(line: Line, nxt: Line | None, any_gap: bool) -> bool:
    """A short line glued above a photo credit."""
    return (
        nxt is not None
        and nxt.verdict is not None
        and nxt.verdict.reason == "photo credit"
        and not nxt.gap_before
        and line.words <= _CAPTION_MAX_WORDS
        and (any_gap or not line.text.endswith("."))
        and not _is_quote_block(line)
    )


def _caption_below_credit(line: Line, prv: Line | None, nxt: Line | None, any_gap: bool) -> bool:
    """A short line glued below a photo credit and set apart from what
    follows ("Photo: Meridian Wire / Petra Lind" then "Striking dockworkers
    gather at the gates on Monday."), in a text that parts its paragraphs
    with blank lines."""
    return (
        any_gap
        and prv is not None
        and prv.verdict is not None
        and prv.verdict.reason == "photo credit"
        and not line.gap_before
        and (nxt is None or nxt.gap_before)
        and line.words <= _CAPTION_MAX_WORDS
        and not _is_quote_block(line)
    )


def _collect(lines: list[Line], cleaned: Cleaned) -> None:
    """Kept spans, removed furniture, syndication markers, author and date."""
    synd: list[str] = []
    datelines: list[tuple[bool, str]] = []
    for line in lines:
        v = line.verdict
        if v is None:
            wire = wire_of_marker(line.text)
            if wire:
                synd.append(wire)
            m = _BULLET.match(line.text)
            start, end = line.start + (m.end() if m else 0), line.end
            if line.paywall_at is not None:
                cut = line.start + line.paywall_at
                cleaned.removed.append(Removed(cut, line.end, PAYWALL_NOTICE, cleaned.source[cut:line.end]))
                end = line.start + len(line.text[:line.paywall_at].rstrip())
            for a, b in line.markers:  # the line goes on as two paragraphs around the marker
                a, b = line.start + a, line.start + b
                if not start < a < b < end:
                    continue
                cleaned.removed.append(Removed(a, b, "advertisement", cleaned.source[a:b]))
                cut = start + len(cleaned.source[start:a].rstrip())
                if start < cut:
                    cleaned.kept.append((start, cut))
                start = end - len(cleaned.source[b:end].lstrip())
            if start < end:
                cleaned.kept.append((start, end))
            continue
        if v.reason == "title":
            continue
        cleaned.removed.append(Removed(line.start, line.end, v.reason, line.text))
        if v.wire:
            synd.append(canonical_wire(v.wire))
        if v.author and cleaned.author is None:
            cleaned.author = v.author
        if v.reason == "dateline":
            found = find_date(line.text)
            if found is not None:
                datelines.append((bool(_DATE_PREFIX_UPDATED.search(line.text)), found.iso))
    # The first "published" dateline wins over "updated" ones.
    if datelines:
        cleaned.published = next((iso for upd, iso in datelines if not upd), datelines[0][1])
    cleaned.syndication = list(dict.fromkeys(synd))


def extract_plaintext(raw: RawDocument) -> Article:
    """Turn a plain-text document into an :class:`Article` (metadata not merged)."""
    source = raw.content
    cleaned = clean_text(source)
    return article_from_cleaned(raw, cleaned)


def article_from_cleaned(raw: RawDocument, cleaned: Cleaned, *, fmt: str | None = None) -> Article:
    """Build the Article for ``raw`` from cleanup results; reject empty bodies."""
    body, segments = cleaned.body_and_segments()
    if not body.strip() or all(_URL_ONLY.match(cleaned.source[s:e]) for s, e in cleaned.kept):
        walled = any(r.reason == PAYWALL_NOTICE for r in cleaned.removed)
        if not (walled and cleaned.title_span):
            raise RejectedDocument(PAYWALLED if walled else NO_BODY, doc=raw.name, stage="extract")
        # a headline over a paywall: the headline is all the article says
        cleaned.kept = [(cleaned.title_span.start, cleaned.title_span.end)]
        body, segments = cleaned.body_and_segments()
    return Article(
        id=raw.id,
        name=raw.name,
        source=cleaned.source,
        body=body,
        segments=segments,
        title=cleaned.title,
        title_span=cleaned.title_span,
        published=cleaned.published,
        author=cleaned.author,
        syndication=list(cleaned.syndication),
        removed=cleaned.removed,
        format=fmt or raw.format,
    )
