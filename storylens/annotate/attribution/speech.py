"""Direct and reported speech of an article in one pass of the quote finder."""

from __future__ import annotations

from ...models import Article, Quote, Statement
from .finder import finder_for
from .reported import statements_from_finder

__all__ = ["extract_speech"]


def extract_speech(article: Article) -> tuple[list[Quote], list[Statement]]:
    """Quotes and reported statements of an article in one pass."""
    qf = finder_for(article)
    quotes = qf.run()
    return quotes, statements_from_finder(qf)
