"""The typed data model shared by every layer.

Offsets are always character offsets into a document's ``source`` text: the
input's own decoded text (for plain text and JSONL ``text``) or, for HTML
inputs, the main text extracted from the page.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def content_hash(*parts: str, length: int = 16) -> str:
    """Stable hex id from text parts (sha256, truncated)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into a document's source."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class RawDocument:
    """One input document as ingested, before extraction.

    ``name`` is what users and the JSONL contracts call the document: the
    input file stem, or the JSONL ``id``. ``id`` is a content hash of the name
    and the content, so a re-run of the same input finds the same id.
    """

    name: str
    origin: str  # path, URL or "path#line" where it came from
    format: str  # "text" or "html"
    content: str  # decoded text or HTML
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.name, self.format, self.content)


@dataclass
class Rejection:
    """A document that could not be processed, and why."""

    name: str
    origin: str
    reason: str
    stage: str
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash("rejected", self.name, self.origin, self.reason)


PAYWALL_NOTICE = "paywall notice"  # the :class:`Removed` reason of a paywall or sign-in notice


@dataclass
class Removed:
    """A piece of page furniture removed by cleanup, kept for the audit view."""

    start: int
    end: int
    reason: str
    text: str


@dataclass
class Segment:
    """A run of body text: ``body[body_start:body_start+length]`` equals
    ``source[source_start:source_start+length]``."""

    body_start: int
    source_start: int
    length: int


@dataclass
class Article:
    """A clean article: body text, metadata and the map back to its source."""

    id: str
    name: str
    source: str  # text that all offsets refer to
    body: str  # clean body (paragraphs joined by blank lines)
    segments: list[Segment] = field(default_factory=list)
    title: str | None = None
    title_span: Span | None = None
    published: str | None = None  # ISO 8601 date or datetime
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    syndication: list[str] = field(default_factory=list)  # e.g. ["MENAFN"]
    removed: list[Removed] = field(default_factory=list)
    format: str = "text"
    meta: dict[str, Any] = field(default_factory=dict)

    # -- offsets -----------------------------------------------------------
    def to_source(self, body_offset: int) -> int:
        """Map an offset in ``body`` to the matching offset in ``source``."""
        if not self.segments:
            return body_offset
        starts = [s.body_start for s in self.segments]
        i = max(0, bisect.bisect_right(starts, body_offset) - 1)
        seg = self.segments[i]
        return seg.source_start + min(body_offset - seg.body_start, seg.length)

    def span_to_source(self, start: int, end: int) -> Span:
        return Span(self.to_source(start), self.to_source(end))

    @property
    def words(self) -> int:
        return len(self.body.split())

    @property
    def paywalled(self) -> bool:
        """Whether cleanup cut a paywall or sign-in notice out of the page
        (what stood behind it is not in the text)."""
        return any(r.reason == PAYWALL_NOTICE for r in self.removed)

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Body-offset ranges of the body's paragraphs."""
        return [(seg.body_start, seg.body_start + seg.length) for seg in self.segments]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        d = dict(d)
        d["segments"] = [Segment(**s) for s in d.get("segments", [])]
        d["removed"] = [Removed(**r) for r in d.get("removed", [])]
        if d.get("title_span"):
            d["title_span"] = Span(**d["title_span"])
        return cls(**d)


@dataclass
class Quote:
    """A quotation found in an article.

    ``start``/``end`` are source offsets of the quoted words, quotation marks
    excluded; ``speaker_start``/``speaker_end`` the local mention ("he",
    "Rutte") the attribution rests on. ``kind`` is one of ``direct``,
    ``partial``, ``scare``, ``title``.
    """

    doc: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    confidence: float = 0.0
    sentence_start: int | None = None  # source offsets of the sentence around it
    sentence_end: int | None = None

    @property
    def is_speech(self) -> bool:
        return self.kind in ("direct", "partial")

    def to_json(self) -> dict[str, Any]:
        """The ``storylens quotes --jsonl`` contract (plus extra fields)."""
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "cue": self.cue,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Statement:
    """Reported (indirect) speech: "Rutte confirmed that ..."."""

    doc: str
    start: int
    end: int
    content: str
    source: str | None
    source_start: int | None
    source_end: int | None
    cue: str


@dataclass
class CopyLink:
    """How an article relates to the rest of the corpus (``stories --jsonl``)."""

    doc: str
    story: str
    duplicate_of: str | None = None
    relation: str = "original"  # original | exact | near | syndicated
    similarity: float | None = None
    evidence: str | None = None  # shared passage or marker
    markers: list[str] = field(default_factory=list)  # declared syndication markers ("AFP", "MENAFN")

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "story": self.story,
            "duplicate_of": self.duplicate_of,
            "relation": self.relation,
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "evidence": self.evidence,
            "markers": list(self.markers),
        }
