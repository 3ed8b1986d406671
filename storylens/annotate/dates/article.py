"""An article's temporal expressions: its body's, resolved against its publication date."""

from __future__ import annotations

from ...models import Article
from .finder import find_dates
from .records import Timex

__all__ = ["article_dates"]


def article_dates(article: Article) -> list[Timex]:
    """Temporal expressions in the article's body (source offsets), resolved
    against its ``published`` date. The whole text is read in order, so an
    expression that counts from an earlier date ("the next day") finds it;
    expressions in removed furniture (bylines, captions) are left out."""
    found = find_dates(article.source, article.published, doc=article.name)
    spans = [(s.source_start, s.source_start + s.length) for s in article.segments if s.length > 0]
    if not spans:
        return found
    return [t for t in found if any(a <= t.start and t.end <= b for a, b in spans)]
