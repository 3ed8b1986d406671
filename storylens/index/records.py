"""The index's results as the later layers read them: :class:`Story`,
:class:`StoryLink` and :class:`Storyline`.

The index builds its rows with these records (:meth:`StoryIndex.stories
<storylens.index.stories.StoryIndex.stories>`, :mod:`.storylinks`) and keeps
them as JSON, in memory and in the store's ``stories`` and ``story_links``
tables; a record is built again when a later layer reads them
(:func:`stored_stories`, :func:`stored_story`, :func:`stored_story_links`).
``to_json()`` gives back exactly the stored dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..store import Store

__all__ = ["Story", "StoryLink", "Storyline", "stored_stories", "stored_story", "stored_story_links"]


@dataclass
class Story:
    """One story: articles about the same event, copies included.

    ``date_range`` is [first, last] (ISO dates or None); ``docs`` the names of
    every member, ``originals`` those that copy nothing, ``copies`` each copy's
    original; ``independent_sources`` counts outlets after collapsing copies
    (an original with an unknown outlet counts as one source); ``markers`` are
    the declared syndication markers of the members."""

    id: str
    label: str | None = None
    date_range: list[str | None] = field(default_factory=lambda: [None, None])
    docs: list[str] = field(default_factory=list)
    originals: list[str] = field(default_factory=list)
    copies: dict[str, str | None] = field(default_factory=dict)
    outlets: list[str] = field(default_factory=list)
    independent_sources: int | None = None
    markers: list[str] = field(default_factory=list)

    @property
    def first(self) -> str | None:
        """The first publication date among the members (None when unknown)."""
        return self.date_range[0] if self.date_range else None

    @property
    def last(self) -> str | None:
        """The last publication date among the members (None when unknown)."""
        return self.date_range[-1] if self.date_range else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "date_range": self.date_range,
            "docs": self.docs,
            "originals": self.originals,
            "copies": self.copies,
            "outlets": self.outlets,
            "independent_sources": self.independent_sources,
            "markers": self.markers,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Story:
        """The record of a stored story (fields it lacks take their defaults)."""
        return cls(id=d["id"], label=d.get("label"), date_range=d.get("date_range") or [None, None],
                   docs=list(d.get("docs") or []), originals=list(d.get("originals") or []),
                   copies=dict(d.get("copies") or {}), outlets=list(d.get("outlets") or []),
                   independent_sources=d.get("independent_sources"), markers=list(d.get("markers") or []))


@dataclass
class StoryLink:
    """Two stories that continue each other (not the same event), and why:
    the cosine ``similarity`` of their term vectors, the ``quote_overlap`` of
    a quotation in each, the named entities both stories feature
    (``entities``) and the reason in words (``why``)."""

    stories: list[str]  # the two story ids
    similarity: float = 0.0
    quote_overlap: float = 0.0
    why: str = ""
    entities: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        """How strongly the link joins its stories (links are listed strongest first)."""
        return self.similarity + self.quote_overlap

    def to_json(self) -> dict[str, Any]:
        return {"stories": self.stories, "similarity": self.similarity, "quote_overlap": self.quote_overlap,
                "why": self.why, "entities": self.entities}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StoryLink:
        """The record of a stored link (fields it lacks take their defaults)."""
        return cls(stories=list(d["stories"]), similarity=d.get("similarity", 0.0),
                   quote_overlap=d.get("quote_overlap", 0.0), why=d.get("why") or "",
                   entities=list(d.get("entities") or []))


@dataclass
class Storyline:
    """A chain or tree of stories, each one event, that continue each other:
    every story in it features the named ``entities`` (lower-cased), and
    ``links`` are the story links (pairs of story ids) that join it, the
    strongest first. ``stories`` are in order of their first date (undated
    last), ``first`` and ``last`` the storyline's span (ISO dates or None)."""

    id: str
    label: str
    stories: list[str]
    first: str | None = None
    last: str | None = None
    entities: list[str] = field(default_factory=list)
    links: list[list[str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "stories": self.stories, "first": self.first,
                "last": self.last, "entities": self.entities, "links": self.links}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Storyline:
        return cls(id=d["id"], label=d.get("label") or "", stories=list(d.get("stories") or []),
                   first=d.get("first"), last=d.get("last"), entities=list(d.get("entities") or []),
                   links=[list(p) for p in d.get("links") or []])


def stored_stories(store: Store) -> list[Story]:
    """Every story in the store, by first date then id."""
    return [Story.from_json(d) for d in store.stories()]


def stored_story(store: Store, story_id: str) -> Story | None:
    """One story of the store by id, or None."""
    d = store.story(story_id)
    return Story.from_json(d) if d is not None else None


def stored_story_links(store: Store) -> list[StoryLink]:
    """Every story link in the store, strongest first."""
    return [StoryLink.from_json(d) for d in store.story_links()]
