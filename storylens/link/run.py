"""Running the cross-article stages over a store, incrementally."""

from __future__ import annotations

from typing import Any

from ..errors import LinkError
from ..models import Article
from ..stage import Stage
from ..store import Store

STATE_KEY = "story_index"


class LinkStage(Stage):
    """Copies and stories: adds new articles to the persisted story index."""

    name = "link"
    layer = "link"
    reads = ("article",)
    writes = ("links", "stories")
    version = 1

    def run(self, store: Store) -> int:
        return link_store(store)


def _order(a: Article) -> tuple[str, str]:
    return (a.published or "9999", a.name)


def link_store(store: Store) -> int:
    """Add every stored article not yet in the story index; persist links,
    stories and the index state atomically. Returns how many were added."""
    from .stories import StoryIndex

    done = store.linked_doc_ids()
    articles = store.articles()
    new = sorted((a for a in articles if a.id not in done), key=_order)
    stale = done - {a.id for a in articles}
    if not new and not stale:
        return 0
    blob = store.state(STATE_KEY)
    index = None
    if blob and not stale:
        try:
            index = StoryIndex.from_state(blob)
        except LinkError:  # a state written by another version of storylens: rebuild it
            index = None
    if index is None:  # documents were replaced or removed, or no usable state: rebuild from scratch
        index = StoryIndex()
        new = sorted(articles, key=_order)
    index.add_many(new)
    by_name = {a.name: a.id for a in articles}
    links = index.links()
    rows = [(by_name[name], link) for name, link in links.items() if name in by_name]
    store.save_links(rows, index.stories(), {STATE_KEY: index.to_state(),
                                             "story_links": _json(index.story_links())})
    return len(new)


def _json(obj: Any) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False).encode("utf-8")
