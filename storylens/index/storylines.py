"""Storylines: chains or trees of stories that continue each other.

A story is one event; a storyline is the run of events around the same
people or things (the January 6 committee created, then staffed, then
boycotted). Storylines are built from the story links (see
:mod:`.storylinks`), strongest first, like a maximum spanning forest: a link
joins the storylines of its two stories when every story of the joined
storyline still features a common named entity (each link carries the
entities its two stories share). So a storyline never joins stories that
share no entity, and a link that would (a chain drifting from one person to
another) stays a link between two storylines.

Ids are ``"L" + sha1(first story id)[:8]``; the label is the common entity
as a headline of the storyline spells it, then the first story's label.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from .records import Story, Storyline, StoryLink

__all__ = ["build_storylines", "storyline_id"]

_WHY_ENTITIES = re.compile(r"^shared entities: ([^;]*)")


def storyline_id(first_story: str) -> str:
    """Stable storyline id derived from the id of its first story."""
    return "L" + hashlib.sha1(("storyline:" + first_story).encode("utf-8")).hexdigest()[:8]


def _link_entities(link: StoryLink) -> set[str]:
    """The entities a link's stories share (read from its reason when the
    link was stored before links carried them)."""
    if link.entities:
        return set(link.entities)
    m = _WHY_ENTITIES.match(link.why or "")
    return {e.strip().lower() for e in m.group(1).split(",") if e.strip()} if m else set()


class _Group:
    def __init__(self, story: str) -> None:
        self.stories = [story]
        self.entities: set[str] | None = None  # None: a lone story, not constrained yet
        self.links: list[list[str]] = []


def _order(story: Story) -> tuple[str, str]:
    return (story.first or "9999", story.id)


_SMALL_WORDS = frozenset("of the and for de la du van von al bin".split())  # "National Bank of Valdoria"


def _label(entities: set[str], stories: list[Story]) -> str:
    """The common entity most worth naming (a name of several words first,
    then one a story's label writes as a name: "Trump", not the "Russian"
    the stories also share; then the longest), spelled as a story label
    spells it, and the label of the first story."""
    labels = [s.label or "" for s in stories]

    def named(e: str) -> bool:  # written as a name: capitalised ("Trump", not the "inflation" of a sentence)
        rx = re.compile(r"(?<!\w)" + re.escape(e) + r"(?!\w)", re.IGNORECASE)
        return any(m.group(0)[:1].isupper() for t in labels for m in rx.finditer(t))
    best = sorted(entities, key=lambda e: (-min(len(e.split()), 2), not named(e), -len(e), e))[0] if entities else ""
    shown = " ".join(w if w in _SMALL_WORDS and k else w.capitalize() for k, w in enumerate(best.split()))
    for s in stories:
        m = re.search(r"(?<!\w)" + re.escape(best) + r"(?!\w)", s.label or "", re.IGNORECASE) if best else None
        if m:
            shown = m.group(0)
            break
    first = stories[0].label or stories[0].id
    return f"{shown}: {first}" if shown else first


def build_storylines(stories: Sequence[Story], links: Sequence[StoryLink]) -> list[Storyline]:
    """The storylines of ``stories`` joined by ``links`` (see the module
    docstring), in order of their first date; a story in no storyline is
    left out."""
    by_id = {s.id: s for s in stories}
    groups: dict[str, _Group] = {}

    def group(sid: str) -> _Group:
        g = groups.get(sid)
        if g is None:
            g = groups[sid] = _Group(sid)
        return g

    for link in sorted(links, key=lambda lk: (-lk.score, lk.stories)):
        if len(link.stories) != 2 or not all(s in by_id for s in link.stories):
            continue
        a, b = link.stories
        ga, gb = group(a), group(b)
        shared = _link_entities(link)
        if ga is gb:
            ga.links.append([a, b])
            continue
        for g in (ga, gb):
            if g.entities is not None:
                shared &= g.entities
        if not shared:
            continue
        ga.stories += gb.stories
        ga.links += gb.links + [[a, b]]
        ga.entities = shared
        for s in gb.stories:
            groups[s] = ga
    out = []
    seen: set[int] = set()
    for g in groups.values():
        if id(g) in seen or len(g.stories) < 2:
            continue
        seen.add(id(g))
        members = sorted((by_id[s] for s in g.stories), key=_order)
        firsts = [s.first for s in members if s.first]
        lasts = [s.last for s in members if s.last]
        ents = g.entities or set()
        out.append(Storyline(id=storyline_id(members[0].id), label=_label(ents, members),
                             stories=[s.id for s in members], first=min(firsts) if firsts else None,
                             last=max(lasts) if lasts else None, entities=sorted(ents), links=g.links))
    out.sort(key=lambda sl: (sl.first or "9999", sl.id))
    return out
