"""What the comparison of one story finds: :class:`StoryComparison`, the
record :func:`~.story.compare_story` returns.

Each section is JSON-ready leaf data, as its module builds it (see those
modules for the fields); ``to_json()`` gives the dossier's comparison
fields, in the dossier's order (the sources each article cites go into the
dossier's articles, not here); ``findings()`` lists what a fact-checker
acts on first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["StoryComparison"]


@dataclass
class StoryComparison:
    """One story compared across its outlets, section by section."""

    quote_groups: list[dict[str, Any]] = field(default_factory=list)  # the same quote across outlets (.quotegroups)
    echoes: list[dict[str, Any]] = field(default_factory=list)  # the same words on another occasion (.quotegroups)
    claims: list[dict[str, Any]] = field(default_factory=list)  # numbers agreed on or in conflict (.claims)
    attribute_conflicts: list[dict[str, Any]] = field(default_factory=list)  # who someone is, per outlet
    coverage: dict[str, Any] = field(default_factory=dict)  # facts x outlets (.coverage)
    framing: dict[str, Any] = field(default_factory=dict)  # contested and distinctive words (.framing)
    timeline: list[dict[str, Any]] = field(default_factory=list)  # dated events (.timeline)
    summary: list[dict[str, Any]] = field(default_factory=list)  # cited summary sentences (.summary)
    independent_sources: int = 0  # copy groups among the story's articles (copies count once)
    sources_cited: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # doc -> its cited sources (.sources)
    primary_sources: list[dict[str, Any]] = field(default_factory=list)  # sources several articles share (.sources)
    sourcing: dict[str, Any] = field(default_factory=dict)  # outlets vs primary sources (.sources)
    # sections that could not be computed, each {"section", "reason"} (the others stand)
    left_out: list[dict[str, str]] = field(default_factory=list)

    def findings(self) -> list[dict[str, Any]]:
        """What a fact-checker acts on, first: number conflicts, reworded or
        altered quotes, attribute conflicts and shared primary sources, each
        with the outlets' spans (see :func:`.findings.story_findings`)."""
        from .findings import story_findings

        return story_findings(self)

    @property
    def shared_quotes(self) -> list[dict[str, Any]]:
        """The quote groups two or more articles print: the ones a page
        compares (a quotation one article repeats is no comparison)."""
        return [g for g in self.quote_groups if len({m.get("doc") for m in g.get("members", [])}) > 1]

    @property
    def facts(self) -> list[dict[str, Any]]:
        """The facts of the coverage matrix (each with the docs reporting it)."""
        return list(self.coverage.get("facts") or [])

    def to_json(self) -> dict[str, Any]:
        """The dossier's comparison fields (``left_out`` only when a section is missing)."""
        d: dict[str, Any] = {
            "quote_groups": self.quote_groups,
            "echoes": self.echoes,
            "claims": self.claims,
            "attribute_conflicts": self.attribute_conflicts,
            "coverage": self.coverage,
            "framing": self.framing,
            "timeline": self.timeline,
            "summary": self.summary,
            "independent_sources": self.independent_sources,
            "primary_sources": self.primary_sources,
            "sourcing": self.sourcing,
        }
        if self.left_out:
            d["left_out"] = self.left_out
        return d

    def to_stored(self) -> dict[str, Any]:
        """:meth:`to_json` and the sources each article cites (which the
        dossier shows on its articles), for the store; read by :meth:`from_json`."""
        return {**self.to_json(), "sources_cited": self.sources_cited}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StoryComparison:
        """The record of a comparison's JSON (a dossier story's comparison
        fields; sections it lacks are empty)."""
        return cls(quote_groups=list(d.get("quote_groups") or []), echoes=list(d.get("echoes") or []),
                   claims=list(d.get("claims") or []), attribute_conflicts=list(d.get("attribute_conflicts") or []),
                   coverage=dict(d.get("coverage") or {}), framing=dict(d.get("framing") or {}),
                   timeline=list(d.get("timeline") or []), summary=list(d.get("summary") or []),
                   independent_sources=int(d.get("independent_sources") or 0),
                   sources_cited=(dict(d["sources_cited"]) if isinstance(d.get("sources_cited"), dict) else
                                  {a["doc"]: list(a.get("sources_cited") or []) for a in d.get("articles") or []
                                   if isinstance(a, dict) and "doc" in a}),
                   primary_sources=list(d.get("primary_sources") or []), sourcing=dict(d.get("sourcing") or {}),
                   left_out=[dict(x) for x in d.get("left_out") or []])
