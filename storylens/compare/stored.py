"""Story comparisons computed when a story changes, and stored.

The comparison of a story (:func:`~.story.compare_story`) is work that grows
with the story; a page that computed it on each request would stall the
server for everyone. So a stage after linking (:class:`CompareStage`,
:func:`refresh_comparisons`) compares the stories that changed and stores
each :class:`~.records.StoryComparison` as JSON in the store's
``comparisons`` table; the dossier, the web pages and their JSON twins read
it from there, and no request runs it.

A story counts as changed when the *key* of what its comparison reads
differs from the stored one (:meth:`CompareInputs.key`): its articles (id,
text and metadata), their copy links, their quotations with corpus-wide
canonical speakers, the quotations of other stories by the same speakers
(the echoes read them), the settings the comparison uses and the
fingerprint of the code that compares (:meth:`CompareStage.output_version`,
:mod:`storylens.code_version`): after an upgrade every story is compared
again. So a rerun compares only what changed, and a run
killed half-way finishes the rest on the next run.

A story larger than ``Settings.max_story_words`` is not compared: it keeps
its articles and quotes, and its row says what was left out and why.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from ..code_version import COMPARE_CODE
from ..index.records import Story, stored_stories
from ..models import Article, CopyLink, Quote
from ..progress import progress
from ..settings import Settings
from ..stage import Stage
from ..store import Store
from .records import StoryComparison

__all__ = ["COMPARE_VERSION", "CompareInputs", "CompareReport", "CompareStage", "compare_explained",
           "refresh_comparisons", "store_comparisons", "stored_comparison"]

# with the fingerprint of the comparison's code (CompareStage.code), the stamp in each stored
# comparison's key: a comparison made by other code is recomputed
COMPARE_VERSION = 1
SAVE_BATCH = 50  # comparisons committed together


@dataclass
class CompareReport:
    """What a refresh did."""

    compared: int = 0  # stories (re)compared and stored
    unchanged: int = 0  # stories whose stored comparison was current
    removed: int = 0  # stored comparisons of stories that no longer exist
    left_out: int = 0  # stories stored without a comparison (over budget or failed)
    seconds: float = 0.0


def _h(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode(
        "utf-8", "surrogatepass")).hexdigest()[:32]


_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))


def _quote_row(q: Quote) -> tuple[Any, ...]:
    # the values of ``dataclasses.asdict(q)`` (every field is a plain value),
    # without its deep copies: the keys of every story are made at each refresh
    return tuple(getattr(q, f) for f in _QUOTE_FIELDS)


@dataclass
class CompareInputs:
    """What the comparisons of a store's stories read, loaded once: the
    stories, articles by name, copy links, quotations with corpus-wide
    canonical speakers, and the settings' part."""

    stories: list[Story]
    articles: dict[str, Article]
    links: dict[str, CopyLink]
    quotes: dict[str, list[Quote]]
    settings: Settings
    lexicon: list[dict[str, Any]] | None = None
    _by_speaker: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    _quotes_by_speaker: dict[str, list[tuple[str, Quote]]] = field(default_factory=dict)
    _settings_key: str = ""
    _docs: dict[str, tuple[float, Article, list[dict[str, Any]]]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, settings: Settings | None = None,
             previous: CompareInputs | None = None) -> CompareInputs:
        """The inputs from the store. With ``previous`` (loaded from the same
        store before), only the documents stored since then are read and
        parsed; the speakers are made canonical across the whole corpus again."""
        from ..annotate.attribution.corpus_names import canonicalize
        from .framing import load_lexicon

        settings = settings or Settings()
        stamps = store.document_stamps()
        kept = previous._docs if previous is not None else {}
        fresh = [d for d, at in stamps.items() if d not in kept or kept[d][0] != at]
        new_articles = {a.id: a for a in store.articles_by_id(fresh)}
        new_quotes = store.annotations("quotes", fresh)
        docs: dict[str, tuple[float, Article, list[dict[str, Any]]]] = {}
        for d, at in stamps.items():
            if d in new_articles:
                raw = new_quotes.get(d)
                docs[d] = (at, new_articles[d], raw if isinstance(raw, list) else [])
            elif d in kept and kept[d][0] == at:
                docs[d] = kept[d]
        # by name, the document stored last winning (as Store.articles() orders them)
        order = sorted(docs, key=lambda d: (docs[d][0], d))
        articles = {docs[d][1].name: docs[d][1] for d in order}
        raw_by_name = {docs[d][1].name: docs[d][2] for d in order}
        # fresh Quote objects each time: canonicalize rewrites their speakers in place
        quotes = {name: [Quote(**q) for q in raw_by_name[name]] for name in articles}
        canonicalize(quotes, articles)
        lexicon = load_lexicon(settings.lexicon)  # a bad user lexicon is the user's error, not a story's
        inputs = cls(stored_stories(store), articles, store.links(), quotes, settings, lexicon)
        by_speaker: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for doc in sorted(quotes):
            for q in quotes[doc]:
                if q.speaker and q.kind in ("direct", "partial"):
                    by_speaker[q.speaker].append((doc, q.start, q.end, q.text))
                    inputs._quotes_by_speaker.setdefault(q.speaker, []).append((doc, q))
        inputs._by_speaker = dict(by_speaker)
        inputs._settings_key = _h(CompareStage.output_version(), settings.summary_sentences, settings.max_story_words, lexicon)
        inputs._docs = docs
        return inputs

    def story_articles(self, story: Story) -> list[Article]:
        """The story's articles found in the store, by publication date then name."""
        arts = [self.articles[d] for d in story.docs if d in self.articles]
        arts.sort(key=lambda a: (a.published or "", a.name))
        return arts

    def story_links(self, story: Story) -> dict[str, CopyLink]:
        return {d: self.links[d] for d in story.docs if d in self.links}

    def key(self, story: Story) -> str:
        """A hash of everything the story's comparison reads (see the module doc)."""
        arts = self.story_articles(story)
        mine = {a.name for a in arts}
        docs = [(a.id, a.published, a.outlet, a.title, a.url,
                 hashlib.sha1(a.source.encode("utf-8", "surrogatepass")).hexdigest(),
                 self.links[a.name].to_json() if a.name in self.links else None,
                 [_quote_row(q) for q in self.quotes.get(a.name, [])]) for a in arts]
        speakers = sorted({q.speaker for a in arts for q in self.quotes.get(a.name, [])
                           if q.speaker and q.kind in ("direct", "partial")})
        echoes = [(s, [x for x in self._by_speaker.get(s, []) if x[0] not in mine]) for s in speakers]
        return _h(self._settings_key, story.id, docs, echoes)

    def echo_candidates(self, quotes: dict[str, list[Quote]]) -> dict[str, list[Quote]]:
        """The quotes of other stories that an echo of ``quotes`` can be: the
        speech quotes of the same speakers (all that :func:`~.quotegroups.find_echoes`
        weighs), found through the speaker index rather than the whole corpus.
        Built lazily when there are none (``CompareInputs`` made by hand)."""
        if not self._quotes_by_speaker and self.quotes:
            for doc in sorted(self.quotes):
                for q in self.quotes[doc]:
                    if q.speaker and q.kind in ("direct", "partial"):
                        self._quotes_by_speaker.setdefault(q.speaker, []).append((doc, q))
        speakers = {q.speaker for qs in quotes.values() for q in qs if q.speaker}
        out: dict[str, list[Quote]] = {}
        for s in sorted(speakers):
            for doc, q in self._quotes_by_speaker.get(s, []):
                if doc not in quotes:
                    out.setdefault(doc, []).append(q)
        return out

    def words(self, story: Story) -> int:
        return sum(a.words for a in self.story_articles(story))

    def compare(self, story: Story) -> tuple[StoryComparison | None, list[str]]:
        """The story's comparison and the errors to show with it: None and
        the reason when the story is over its budget or the comparison failed."""
        arts = self.story_articles(story)
        quotes = {a.name: self.quotes.get(a.name, []) for a in arts}
        return compare_explained(arts, quotes, self.story_links(story), self.settings, self.lexicon,
                                 all_quotes=self.echo_candidates(quotes))


def compare_explained(arts: list[Article], quotes: dict[str, list[Quote]], links: dict[str, CopyLink],
                      settings: Settings, lexicon: list[dict[str, Any]] | None, *,
                      all_quotes: dict[str, list[Quote]] | None = None) -> tuple[StoryComparison | None, list[str]]:
    """:func:`~.story.compare_story` of one story's articles, and the errors
    to show with it: None and the reason when it failed, or the sections
    it left out. A story over ``settings.max_story_words`` is not compared."""
    from .story import compare_story

    words = sum(a.words for a in arts)
    if words > settings.max_story_words:
        return None, [f"comparison left out: the story has {words:,} words, more than max_story_words "
                      f"({settings.max_story_words:,}); its articles and quotes are listed"]
    try:
        comp = compare_story(arts, quotes, links, all_quotes=all_quotes,
                             summary_sentences=settings.summary_sentences, lexicon=lexicon)
    except Exception as exc:  # a comparison bug must not lose the other stories
        return None, [f"comparison failed: {type(exc).__name__}: {exc}"[:500]]
    return comp, [f"left out: {x['section']} ({x['reason']})" for x in comp.left_out]


def refresh_comparisons(store: Store, settings: Settings | None = None, *,
                        inputs: CompareInputs | None = None) -> CompareReport:
    """Compare every story whose inputs changed since its stored comparison
    (or that has none), store the results, and drop the comparisons of
    stories that are gone. Commits every :data:`SAVE_BATCH` stories."""
    t0 = time.perf_counter()
    inputs = inputs or CompareInputs.load(store, settings)
    report = CompareReport()
    stored = store.comparison_keys()
    live = {s.id for s in inputs.stories}
    gone = sorted(sid for sid in stored if sid not in live)
    report.removed = len(gone)
    put: list[tuple[str, str, dict[str, Any] | None, list[str]]] = []
    todo = []
    for story in inputs.stories:
        key = inputs.key(story)
        if stored.get(story.id) == key:
            report.unchanged += 1
        else:
            todo.append((story, key))
    for story, key in progress(todo, desc="compare", enabled=inputs.settings.progress, total=len(todo),
                               unit="story"):
        comp, errors = inputs.compare(story)
        report.compared += 1
        report.left_out += comp is None
        put.append((story.id, key, comp.to_stored() if comp is not None else None, errors))
        if len(put) >= SAVE_BATCH:
            store.save_comparisons(put, gone)
            put, gone = [], []
    if put or gone:
        store.save_comparisons(put, gone)
    report.seconds = time.perf_counter() - t0
    return report


def store_comparisons(store: Store, done: dict[str, tuple[StoryComparison | None, list[str]]],
                      settings: Settings | None = None, *, inputs: CompareInputs | None = None) -> int:
    """Store comparisons made elsewhere (a scaled run's workers), story id ->
    (comparison, errors), each under the key of its story's inputs as they
    are in ``store``, and drop those of stories that are gone; what a later
    run finds current it does not recompute. Returns how many were stored."""
    inputs = inputs or CompareInputs.load(store, settings)
    live = {s.id for s in inputs.stories}
    gone = sorted(sid for sid in store.comparison_keys() if sid not in live)
    put: list[tuple[str, str, dict[str, Any] | None, list[str]]] = []
    for story in inputs.stories:
        if story.id in done:
            comp, errors = done[story.id]
            put.append((story.id, inputs.key(story), comp.to_stored() if comp is not None else None, errors))
        if len(put) >= SAVE_BATCH:
            store.save_comparisons(put, gone)
            put, gone = [], []
    if put or gone:
        store.save_comparisons(put, gone)
    return sum(s.id in done for s in inputs.stories)


def stored_comparison(store: Store, story_id: str,
                      key: str | None = None) -> tuple[StoryComparison | None, list[str]] | None:
    """The stored comparison of a story and its errors; None when none is
    stored (or, given ``key``, when the stored one is not for that key)."""
    row = store.comparison(story_id)
    if row is None or (key is not None and row[0] != key):
        return None
    _, data, errors = row
    return (StoryComparison.from_json(data) if data is not None else None), errors


class CompareStage(Stage):
    """Per-story comparisons of the stories that changed, stored (after linking)."""

    name = "compare"
    layer = "compare"
    reads = ("links", "stories")
    writes = ("comparisons",)
    version = COMPARE_VERSION
    code = COMPARE_CODE

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def run(self, store: Store) -> CompareReport:
        return refresh_comparisons(store, self.settings)
