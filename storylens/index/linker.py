"""Running the cross-article stages over a store, incrementally.

The story index is persisted as a *base* state (the whole index,
:meth:`StoryIndex.to_state`, in a file beside the store that a new process
memory-maps: see :mod:`storylens.store.statefiles`; its random token under
:data:`BASE_KEY`) plus, for every run that added articles since, a
*journal* row holding their ids in the order they were added, and the
index's *delta*: what changed in it since the base
(:meth:`StoryIndex.overlay_state`, proportional to the articles added since,
not to the corpus). A new process maps the base and applies the delta, with
nothing decoded until it is used, so adding one article to a large store
costs about what the article changes. A run that adds a few articles writes
only their journal row, the delta, their link rows, the link rows of the
stories they changed, those stories and the story links that changed,
never the whole state (the records: :mod:`.journal`). When the journal would hold more than
``max(COMPACT_MIN, n // COMPACT_RATIO)`` articles, the run writes a new base
instead and empties the journal and the delta. A store whose delta is
missing or older than its journal (written by an earlier storylens) replays
the journal over the base: adding is deterministic, so the replayed index
equals the one that wrote the journal.

Labels of stories and story links are computed when a story changes: a
story that no new article touched keeps the label (and its links the
similarity figures) chosen with the IDF of its last change. A rebuild
recomputes everything.

:class:`StoryLinker` keeps the loaded index between runs of one process
(the web server's job queue does): as long as the store's base token and
journal head are those it wrote, it skips loading altogether.

Anything else (an article gone or replaced since the last run, no usable
state, an index built by other code: see :mod:`storylens.code_version`)
rebuilds the index from the stored articles, even when no article is new.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import TYPE_CHECKING, Any

from ..code_version import INDEX_CODE
from ..errors import LinkError, StoreConflict
from ..models import Article
from ..progress import progress
from ..stage import Stage
from ..store import Store
from .journal import BASE_KEY, RULES_KEY, STATE_KEY, IndexRecords
from .storylinks import update_story_links_delta

if TYPE_CHECKING:
    from .stories import StoryIndex

__all__ = ["LinkStage", "StoryLinker", "link_store", "STATE_KEY", "BASE_KEY"]

COMPACT_MIN = 64
COMPACT_RATIO = 1000


class LinkStage(Stage):
    """Copies and stories: adds new articles to the persisted story index."""

    name = "link"
    layer = "index"
    reads = ("article",)
    writes = ("links", "stories")
    version = 1
    code = INDEX_CODE

    def run(self, store: Store) -> int:
        return link_store(store)


def _order(a: Article) -> tuple[str, str]:
    return (a.published or "9999", a.name)


class StoryLinker:
    """Adds a store's new articles to its story index; keeps the index in
    memory between :meth:`run` calls while the store's saved state is the
    one this linker wrote."""

    def __init__(self, progress: bool = False) -> None:
        self.progress = progress  # a bar while the whole index is rebuilt
        self.index: StoryIndex | None = None
        self._token: tuple[str, int] | None = None  # (base token, journal head) the index matches
        self.last: dict[str, Any] = {}  # what the last run did (mode, counts), for reports and benchmarks

    def run(self, store: Store) -> int:
        """Add every stored article not yet in the story index; persist
        links, stories and the index atomically. Returns how many were added.
        When another process adds to the same index meanwhile, the run starts
        over from what that process saved."""
        for _ in range(3):
            try:
                return self._run(store)
            except StoreConflict:
                self.index = self._token = None
        return self._run(store)

    def _run(self, store: Store) -> int:
        # the store's bookkeeping (the replacement flag, the rowid watermark
        # of the last run) spares a scan of every article and link; a store
        # without a base state is checked in full
        rec = IndexRecords(store)
        full = not rec.base()
        if not full and rec.rules() != LinkStage.output_version():  # built by other code: its stories are stale
            self.index = self._token = None
            return self._rebuild(store, why="rules")
        stale = rec.stale_links() if full else int(rec.replaced())
        new, top = rec.unlinked_articles(recent=not full)
        if not new and not stale:
            self.last = {"mode": "none", "added": 0}
            return 0
        index = None if stale else self._current(store)
        if index is None:
            return self._rebuild(store)
        new.sort(key=_order)
        token, self._token = self._token, None  # the index changes now: trust it again once saved
        if token is None:  # _current returned an index only with the token it matches
            raise StoreConflict("the story index was read without its token")
        base = token[0]
        journaled = rec.journal_size(base)
        before = len(index)
        index.add_many(new)
        changes = index.take_changes()
        fresh = {a.name for a in new}
        links_gone, links_put = update_story_links_delta(index, changes, store.story_links_of)
        state: dict[str, bytes] = {}
        compact = journaled + len(new) > max(COMPACT_MIN, before // COMPACT_RATIO)
        if compact:  # a new base instead of a longer journal
            base = uuid.uuid4().hex
            state.update({STATE_KEY: store.put_state_file(base, index.to_state()), BASE_KEY: base.encode("ascii")})
        with _base_file(store, base if compact else None):
            head = rec.save_changes(
                new=[(a.id, index.link(a.name)) for a in new],
                changed=[index.link(n) for n in changes.docs if n not in fresh],
                stories=changes.stories, gone_stories=changes.gone,
                state=state, journal=None if compact else (base, [a.id for a in new]), expect=token,
                story_links_gone=links_gone, story_links_put=links_put, watermark=top,
                delta=None if compact else index.overlay_state())
        self._token = (base, head)
        if compact:  # the index continues over its new base, so that its next delta is relative to it
            self._reload(store)
        self.last = {"mode": "compact" if compact else "journal", "added": len(new),
                     "stories": len(changes.stories), "links": len(changes.docs)}
        return len(new)

    def _current(self, store: Store):
        """The index as the store holds it: the one in memory when the store
        is as this linker left it, else the base state (memory-mapped) with
        the delta saved since over it, or, when there is no delta for the
        journal's head, with the journal replayed; None when there is no
        usable state."""
        rec = IndexRecords(store)
        base = rec.base()
        if not base:
            return None
        head = rec.head()
        if self.index is not None and self._token == (base, head):
            return self.index
        from .stories import StoryIndex

        blob = store.state_buffer(STATE_KEY)
        if not blob:
            if rec.base() != base:  # another run replaced the base (and its file) meanwhile
                raise StoreConflict("the story index base changed while it was read")
            return None
        delta = rec.delta(base, head)
        index = None
        if delta is not None:
            try:
                index = StoryIndex.from_state(blob, overlay=delta)
            except LinkError:  # a damaged delta: the journal says the same
                index = None
        if index is None:
            try:
                index = StoryIndex.from_state(blob)
            except LinkError:  # a state written by another version of storylens: rebuild it
                return None
            for batch in rec.journal(base):
                arts = store.articles_by_id(batch)
                if len(arts) != len(batch):  # an article of the journal is gone
                    return None
                index.add_many(arts)
            index.take_changes()  # those changes are in the store already
        self.index, self._token = index, (base, head)
        return index

    def _reload(self, store: Store) -> None:
        """Take the index again from the base state just saved."""
        from .stories import StoryIndex

        self.index = StoryIndex.from_state(store.state_buffer(STATE_KEY))

    def _rebuild(self, store: Store, why: str = "state") -> int:
        """A new index of every stored article, saved as a new base (``why``:
        ``rules`` when the saved one was built by other code)."""
        from .stories import StoryIndex

        rec = IndexRecords(store)
        top = rec.max_article_rowid()  # read before the articles: later ones stay above it
        articles = store.articles()
        index = StoryIndex()
        index.add_many(progress(sorted(articles, key=_order), desc="story index", enabled=self.progress,
                                total=len(articles)))
        index.take_changes()
        links = index.story_links()
        token = uuid.uuid4().hex
        rows = [(a.id, index.link(a.name)) for a in articles]
        state = {STATE_KEY: store.put_state_file(token, index.to_state()), BASE_KEY: token.encode("ascii"),
                 RULES_KEY: str(LinkStage.output_version()).encode("ascii")}
        with _base_file(store, token):
            rec.save_all(rows, index.stories(), state, story_links=links, watermark=top)
        self._token = (token, rec.head())
        self._reload(store)
        self.last = {"mode": "rebuild", "added": len(articles), "why": why}
        return len(articles)


@contextlib.contextmanager
def _base_file(store: Store, token: str | None):
    """Around the transaction that commits base ``token`` (None: no new
    base): once it commits, remove the files of older bases; if it fails,
    remove the new file."""
    try:
        yield
    except BaseException:
        if token is not None:
            store.prune_state_files(keep=IndexRecords(store).base())
        raise
    if token is not None:
        store.prune_state_files(keep=token)


def link_store(store: Store, linker: StoryLinker | None = None) -> int:
    """Add every stored article not yet in the story index (see
    :class:`StoryLinker`; pass one to keep the index in memory between
    calls). Returns how many articles were added."""
    return (linker or StoryLinker()).run(store)
