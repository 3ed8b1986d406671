"""The dossier as records: :class:`Dossier`, one :class:`DossierStory` per
story, one :class:`DossierArticle` per article of a story.

``to_json()`` is the ``dossier.json`` contract (read by external scorers:
field names, content and order do not change); ``from_json()`` reads such a
JSON back. Leaf parts stay JSON-ready lists and dicts: the speech quotes by
speaker (see :func:`.dossier.quotes_by_speaker`), the corpus counts, the
spelling variants, the rejected documents, and the comparison's sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..compare.records import StoryComparison
from ..index.records import Storyline, StoryLink
from ..models import Article, CopyLink

__all__ = ["Dossier", "DossierStory", "DossierArticle", "counted", "fact_label", "noun"]


def fact_label(text: str | None) -> str:
    """A coverage fact's text as pages show it: a clause that starts inside its
    sentence ("and the council named ...") opens with an ellipsis, so it does
    not read as a whole sentence. The dossier's ``text`` stays the source span."""
    text = text or ""
    return "…" + text if text[:1].islower() else text


def noun(n: Any, one: str, many: str | None = None) -> str:
    """``one`` for a count of 1, else the plural (``many``, or ``one`` + "s")."""
    return one if n == 1 else (many or one + "s")


def counted(n: Any, one: str, many: str | None = None) -> str:
    """"1 article", "2 articles", "1 story", "3 stories"; a count the
    dossier lacks (None) is printed as it is, with the plural."""
    return f"{n} {noun(n, one, many)}"


@dataclass
class DossierArticle:
    """One article of a story: its metadata, how it relates to the others
    (``relation``: original, exact, near or syndicated copy of
    ``duplicate_of``, with the ``similarity`` and ``evidence``) and the
    sources it cites (``sources_cited``: outlets, wires, documents, official
    bodies, unnamed officials; see :mod:`storylens.annotate.sources`)."""

    doc: str
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    words: int | None = None
    syndication: list[str] = field(default_factory=list)  # declared syndication markers
    relation: str = "original"
    duplicate_of: str | None = None
    similarity: float | None = None
    evidence: str | None = None
    sources_cited: list[dict[str, Any]] = field(default_factory=list)  # {source, kind, start, end}
    paywalled: bool = False  # the page's text stopped at a paywall or sign-in notice

    @classmethod
    def of(cls, a: Article, link: CopyLink | None) -> DossierArticle:
        """The entry of article ``a``, with its copy link (None: an original)."""
        return cls(doc=a.name, id=a.id, title=a.title, outlet=a.outlet, published=a.published, url=a.url,
                   words=a.words, syndication=a.syndication, relation=link.relation if link else "original",
                   duplicate_of=link.duplicate_of if link else None,
                   similarity=link.similarity if link else None, evidence=link.evidence if link else None,
                   paywalled=a.paywalled)

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "id": self.id, "title": self.title, "outlet": self.outlet,
                "published": self.published, "url": self.url, "words": self.words, "syndication": self.syndication,
                "relation": self.relation, "duplicate_of": self.duplicate_of, "similarity": self.similarity,
                "evidence": self.evidence, "sources_cited": self.sources_cited, "paywalled": self.paywalled}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DossierArticle:
        return cls(doc=d["doc"], id=d.get("id"), title=d.get("title"), outlet=d.get("outlet"),
                   published=d.get("published"), url=d.get("url"), words=d.get("words"),
                   syndication=list(d.get("syndication") or []), relation=d.get("relation") or "original",
                   duplicate_of=d.get("duplicate_of"), similarity=d.get("similarity"), evidence=d.get("evidence"),
                   sources_cited=list(d.get("sources_cited") or []), paywalled=bool(d.get("paywalled")))


@dataclass
class DossierStory:
    """One story of the dossier: the story (from the index), its articles,
    who said what, and its comparison across outlets (None when it was not
    compared; ``errors`` then says why)."""

    id: str
    label: str | None = None
    date_range: list[str | None] | None = None
    independent_sources: int | None = None  # the comparison's count when compared, else the index's
    outlets: list[str] | None = None
    articles: list[DossierArticle] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)  # [{speaker, quotes: [...]}], see quotes_by_speaker
    comparison: StoryComparison | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def compared(self) -> StoryComparison:
        """The comparison, or an empty one when the story was not compared."""
        return self.comparison if self.comparison is not None else StoryComparison()

    @property
    def title(self) -> str:
        """What a page calls the story: its label, or its id."""
        return self.label or self.id

    @property
    def docs(self) -> list[str]:
        """The names of the story's articles, in the dossier's order."""
        return [a.doc for a in self.articles]

    @property
    def outlet_of(self) -> dict[str, str]:
        """Each article's outlet (its name where it has none), by article name."""
        return {a.doc: a.outlet or a.doc for a in self.articles}

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "date_range": self.date_range,
            "independent_sources": self.independent_sources,
            "outlets": self.outlets,
            "articles": [a.to_json() for a in self.articles],
            "quotes": self.quotes,
        }
        if self.comparison is not None:
            d.update(self.comparison.to_json())  # its independent_sources keeps the place above
        if self.errors:
            d["errors"] = list(self.errors)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DossierStory:
        compared = any(k in d for k in ("quote_groups", "echoes", "claims", "attribute_conflicts", "coverage",
                                        "framing", "timeline", "summary", "primary_sources"))
        return cls(id=d["id"], label=d.get("label"), date_range=d.get("date_range"),
                   independent_sources=d.get("independent_sources"), outlets=d.get("outlets"),
                   articles=[DossierArticle.from_json(a) for a in d.get("articles") or []],
                   quotes=list(d.get("quotes") or []),
                   comparison=StoryComparison.from_json(d) if compared else None,
                   errors=list(d.get("errors") or []))


@dataclass
class Dossier:
    """The whole dossier: every story, the links between stories, the
    storylines they form (see :mod:`storylens.index.storylines`), corpus
    counts (``articles``, ``outlets``, ``stories``, ``rejected``), name
    spellings that differ across the corpus, and the rejected documents."""

    generator: str = ""
    created: str = ""
    corpus: dict[str, int] = field(default_factory=dict)
    stories: list[DossierStory] = field(default_factory=list)
    story_links: list[StoryLink] = field(default_factory=list)
    storylines: list[Storyline] = field(default_factory=list)
    spelling_variants: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)  # {name, origin, reason, stage}

    def to_json(self) -> dict[str, Any]:
        """The ``dossier.json`` contract."""
        return {
            "generator": self.generator,
            "created": self.created,
            "corpus": self.corpus,
            "stories": [s.to_json() for s in self.stories],
            "story_links": [link.to_json() for link in self.story_links],
            "storylines": [line.to_json() for line in self.storylines],
            "spelling_variants": self.spelling_variants,
            "rejected": self.rejected,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Dossier:
        """The record of a ``dossier.json`` (parts it lacks are empty)."""
        return cls(generator=d.get("generator") or "", created=d.get("created") or "",
                   corpus=dict(d.get("corpus") or {}),
                   stories=[DossierStory.from_json(s) for s in d.get("stories") or []],
                   story_links=[StoryLink.from_json(link) for link in d.get("story_links") or []],
                   storylines=[Storyline.from_json(line) for line in d.get("storylines") or []],
                   spelling_variants=list(d.get("spelling_variants") or []),
                   rejected=list(d.get("rejected") or []))
