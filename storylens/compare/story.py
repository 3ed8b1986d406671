"""Cross-outlet comparison of one story: the entry point of the dossier's
comparison sections.

:func:`compare_story` returns a :class:`~.records.StoryComparison`: the
sections ``quote_groups``, ``echoes``, ``claims``, ``attribute_conflicts``,
``coverage``, ``framing``, ``timeline``, ``summary`` (JSON-ready lists and
dicts) plus ``independent_sources``, the sources each article cites and the
primary sources they share (:mod:`.sources`); its ``to_json()`` is the dossier's
comparison fields. All offsets are source offsets (``article.source``);
documents are named by ``Article.name``.

It only uses regular expressions, difflib and small set arithmetic: a
50-article story compares in well under a second. A section that fails is
left out (``StoryComparison.left_out`` says which and why); the other
sections stand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..annotate.numbers import extract_numbers
from ..errors import LinkError
from ..models import Article, CopyLink, Quote
from .attributes import attribute_conflicts
from .claims import align_claims, attach_speakers
from .coverage import build_coverage
from .framing import clip_articles, framing, load_lexicon
from .naming import resolve as resolve_actors
from .protagonists import protagonists
from .quotegroups import find_echoes, group_quotes
from .records import StoryComparison
from .sources import cited_sources, shared_sources, sourcing_summary
from .speakers import resolve_story_speakers
from .summary import build_summary
from .timeline import build_timeline

__all__ = ["compare_story", "copy_roots", "StoryComparison"]


def copy_roots(names: list[str], copies: dict[str, CopyLink] | None) -> dict[str, str]:
    """Doc name -> the original it copies (following chains), itself otherwise."""
    parent = {}
    for name in names:
        link = (copies or {}).get(name)
        parent[name] = link.duplicate_of if link is not None and link.duplicate_of else name
    roots = {}
    for name in names:
        seen, cur = {name}, name
        while parent.get(cur, cur) != cur and parent[cur] not in seen:
            cur = parent[cur]
            seen.add(cur)
        roots[name] = cur
    return roots


def _check(articles: Any, quotes: Any) -> None:
    if not isinstance(articles, (list, tuple)) or not all(isinstance(a, Article) for a in articles):
        raise LinkError("compare_story needs a list of Article objects", stage="compare")
    if quotes is not None and not isinstance(quotes, dict):
        raise LinkError("compare_story needs quotes as a dict: doc name -> list of Quote", stage="compare")
    names = [a.name for a in articles]
    if len(set(names)) != len(names):
        raise LinkError("two articles of the story share a name", stage="compare")


def compare_story(articles: list[Article], quotes: dict[str, list[Quote]] | None,
                  copies: dict[str, CopyLink] | None = None, *,
                  all_quotes: dict[str, list[Quote]] | None = None, summary_sentences: int = 5,
                  lexicon: list[dict[str, Any]] | None = None) -> StoryComparison:
    """Compare the articles of one story point by point (see the module doc).

    ``quotes`` maps doc name -> its quotes; ``copies`` doc name -> its
    :class:`CopyLink` (copies count as one independent source);
    ``all_quotes`` holds quotes of articles of *other* stories, for echoes;
    ``lexicon`` overrides the framing lexicon (see :func:`load_lexicon`)."""
    _check(articles, quotes)
    articles = list(articles)
    names = [a.name for a in articles]
    quotes = {n: [q for q in (quotes or {}).get(n, []) if isinstance(q, Quote)] for n in names}
    quotes = resolve_story_speakers(articles, quotes)
    roots = copy_roots(names, copies)
    published = {a.name: a.published for a in articles}

    headlines = {a.name: (a.title_span.start, a.title_span.end) for a in articles if a.title_span}
    left_out: list[dict[str, str]] = []

    def part(section: str, fn: Callable[[], Any], empty: Any) -> Any:
        """One section; a section that fails is left out (and said), the others stand."""
        try:
            return fn()
        except Exception as exc:  # a failing section must not lose the story's other sections
            left_out.append({"section": section, "reason": f"{type(exc).__name__}: {exc}"[:300]})
            return empty

    texts = {a.name: a.source for a in articles}
    groups = part("quote_groups", lambda: group_quotes(quotes, published, headlines=headlines, texts=texts), [])
    others = {k: v for k, v in (all_quotes or {}).items() if k not in quotes}
    echoes = part("echoes", lambda: find_echoes(quotes, others, groups), []) if others else []

    def claims_() -> list[dict[str, Any]]:
        mentions = []
        for a in articles:
            ms = extract_numbers(a)
            attach_speakers(ms, a, quotes.get(a.name, []))
            mentions.extend(ms)
        by_name = {a.name: a for a in articles}
        topics = functools.cache(lambda doc: protagonists(by_name[doc]))  # built only for a possible conflict
        return align_claims(mentions, {a.name: a.source for a in articles}, roots, published=published,
                            topics=topics)

    claims = part("claims", claims_, [])
    # the story's actors, resolved once: coverage reads role phrases through them, framing names them
    actors = part("actors", lambda: resolve_actors(clip_articles(articles)[0]), None)
    coverage = part("coverage", lambda: build_coverage(articles, roots, groups, quotes=quotes, actors=actors,
                                                        claims=claims), {})
    cites = part("sources", lambda: cited_sources(articles), {})
    shared = part("primary_sources", lambda: shared_sources(articles, cites, roots), [])
    lex = lexicon if lexicon is not None else load_lexicon()
    return StoryComparison(
        quote_groups=groups,
        echoes=echoes,
        claims=claims,
        attribute_conflicts=part("attribute_conflicts", lambda: attribute_conflicts(articles), []),
        coverage=coverage,
        framing=part("framing", lambda: framing(articles, lex, actors=actors), {}),
        timeline=part("timeline", lambda: build_timeline(articles), []),
        summary=part("summary", lambda: build_summary(articles, coverage, summary_sentences, roots, quotes), []),
        independent_sources=len(set(roots.values())),
        sources_cited={d: [c.to_json() for c in cs] for d, cs in cites.items()},
        primary_sources=shared,
        sourcing=part("sourcing", lambda: sourcing_summary(articles, shared, roots), {}),
        left_out=left_out,
    )
