"""Assembling the dossier (a :class:`~.records.Dossier`) from the store.

Each story's comparison is read from the store, where the compare stage put
it when the story last changed (:mod:`storylens.compare.stored`)."""

from __future__ import annotations

import time
from typing import Any

from .._version import __version__
from ..compare.records import StoryComparison
from ..compare.stored import CompareInputs
from ..index.records import Story, stored_story_links
from ..index.storylines import build_storylines
from ..models import Article, CopyLink, Quote
from ..settings import Settings
from ..store import Store
from .records import Dossier, DossierArticle, DossierStory


def _quotes(store: Store, article: Article) -> list[Quote]:
    return [Quote(**q) for q in (store.annotation(article.id, "quotes") or [])]


def quotes_by_speaker(quotes: dict[str, list[Quote]], articles: dict[str, Article]) -> list[dict[str, Any]]:
    """Speech quotes grouped by canonical speaker, each with its sentence."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for doc, qs in quotes.items():
        src = articles[doc].source
        for q in qs:
            if not q.is_speech:
                continue
            s0 = q.sentence_start if q.sentence_start is not None else q.start
            s1 = q.sentence_end if q.sentence_end is not None else q.end
            groups.setdefault(q.speaker or "(unattributed)", []).append({
                "doc": doc, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
                "cue": q.cue, "speaker_mention": (src[q.speaker_start:q.speaker_end]
                                                  if q.speaker_start is not None else None),
                "sentence": src[s0:s1], "sentence_start": s0, "sentence_end": s1,
                "confidence": q.confidence,
            })
    out: list[dict[str, Any]] = [{"speaker": k, "quotes": sorted(v, key=lambda x: (x["doc"], x["start"]))}
                                 for k, v in groups.items()]
    out.sort(key=lambda g: (g["speaker"] == "(unattributed)", -len(g["quotes"]), g["speaker"]))
    return out


def story_entry(story: Story, arts: list[Article], links: dict[str, CopyLink],
                quotes: dict[str, list[Quote]]) -> DossierStory:
    """The dossier entry of ``story`` without its comparison: the story's
    fields, its articles (``arts``, in the dossier's order) with their copy
    links, and who said what among ``quotes`` (each speaker named as the
    story names that person)."""
    from ..compare.speakers import resolve_story_speakers

    articles = {a.name: a for a in arts}
    quotes = resolve_story_speakers(arts, {a.name: quotes.get(a.name, []) for a in arts})
    return DossierStory(id=story.id, label=story.label, date_range=story.date_range,
                        independent_sources=story.independent_sources, outlets=story.outlets,
                        articles=[DossierArticle.of(a, links.get(a.name)) for a in arts],
                        quotes=quotes_by_speaker({a.name: quotes.get(a.name, []) for a in arts}, articles))


def story_articles(store: Store, story: Story) -> list[Article]:
    """The story's articles found in the store, by publication date then name."""
    arts = [a for a in (store.article(d) for d in story.docs) if a is not None]
    arts.sort(key=lambda a: (a.published or "", a.name))
    return arts


def build_story(store: Store, story: Story, links: dict[str, CopyLink],
                settings: Settings, all_quotes: dict[str, list[Quote]]) -> tuple[DossierStory, dict[str, Article]]:
    """The dossier entry of one story, compared across its outlets now (not
    stored), and its articles by doc name (see :func:`compared_entry`;
    :func:`build_dossier` reads the stored comparisons instead)."""
    from ..compare.framing import load_lexicon

    arts = story_articles(store, story)
    articles = {a.name: a for a in arts}
    lexicon = load_lexicon(settings.lexicon)  # a bad user lexicon is the user's error, not the story's
    others = {k: v for k, v in all_quotes.items() if k not in articles}
    entry = compared_entry(story, arts, links, {a.name: all_quotes.get(a.name, []) for a in arts}, settings,
                           lexicon, all_quotes=others)
    return entry, articles


def compared_entry(story: Story, arts: list[Article], links: dict[str, CopyLink], quotes: dict[str, list[Quote]],
                   settings: Settings, lexicon: list[dict[str, Any]], *,
                   all_quotes: dict[str, list[Quote]] | None = None,
                   echoes: list[dict[str, Any]] | None = None) -> DossierStory:
    """The dossier entry of ``story`` (``arts`` in the dossier's order),
    compared across its outlets now. ``all_quotes`` (other stories' quotes)
    finds echoes; or ``echoes`` found elsewhere (a scaled run) are given. A
    comparison that fails leaves the entry without one, its ``errors``
    saying why."""
    from ..compare.stored import compare_explained

    entry = story_entry(story, arts, links, quotes)
    cmp, errors = compare_explained(arts, quotes, {a.name: links[a.name] for a in arts if a.name in links},
                                    settings, lexicon, all_quotes=all_quotes)
    if cmp is not None and echoes is not None:
        group_of = {(m["doc"], m["start"]): g["id"] for g in cmp.quote_groups for m in g["members"]}
        cmp.echoes = [{**e, "group": group_of.get((e["doc"], e["start"]))} for e in echoes]
    return with_comparison(entry, cmp, errors)


def with_comparison(entry: DossierStory, comparison: StoryComparison | None, errors: list[str]) -> DossierStory:
    """``entry`` with its comparison (None: left out) and the errors that say what is missing."""
    entry.comparison = comparison
    if comparison is not None:
        entry.independent_sources = comparison.independent_sources
        for art in entry.articles:
            art.sources_cited = comparison.sources_cited.get(art.doc, [])
    entry.errors = list(errors)
    return entry


def _spelling(articles: list[Article]) -> list[dict[str, Any]]:
    """Name spellings that differ between articles anywhere in the corpus."""
    from ..compare.spelling import spelling_variants

    try:
        return spelling_variants(articles)
    except Exception:  # pragma: no cover - never lose the dossier over this
        return []


def build_dossier(store: Store, settings: Settings | None = None, *,
                  inputs: CompareInputs | None = None) -> tuple[Dossier, dict[str, Article]]:
    """The whole dossier: every story, plus corpus counts and rejections.

    Returns the dossier (``to_json()`` is ``dossier.json``) and the articles
    by doc name (the HTML renderer shows their text)."""
    settings = settings or Settings()
    from ..compare.stored import stored_comparison

    inputs = inputs or CompareInputs.load(store, settings)  # quotes with corpus-wide canonical speakers
    all_articles = list(inputs.articles.values())
    stories, articles = [], {}
    for story in inputs.stories:
        arts = inputs.story_articles(story)
        entry = story_entry(story, arts, inputs.story_links(story), {a.name: inputs.quotes.get(a.name, [])
                                                                     for a in arts})
        # the comparison stored when the story last changed; computed here
        # (not stored: this is a read) only when none is stored for these inputs
        found = stored_comparison(store, story.id, inputs.key(story))
        with_comparison(entry, *(found if found is not None else inputs.compare(story)))
        stories.append(entry)
        articles.update({a.name: a for a in arts})

    rejections = store.rejections()
    story_links = stored_story_links(store)
    dossier = Dossier(
        generator=f"storylens {__version__}",
        created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        corpus={
            "articles": len(all_articles),
            "outlets": len({a.outlet for a in all_articles if a.outlet}),
            "stories": len(stories),
            "rejected": len(rejections),
        },
        stories=stories,
        story_links=story_links,
        storylines=build_storylines(inputs.stories, story_links),
        spelling_variants=_spelling(all_articles),
        rejected=[{k: r[k] for k in ("name", "origin", "reason", "stage")} for r in rejections],
    )
    return dossier, articles
