"""Temporal expressions in article text, resolved against the publication date.

:func:`find_dates` returns :class:`Timex` records (source offsets, TIMEX3
``type`` and ``value``) for dates (``21 March 2025``, ``in April``,
``Friday``, ``last week``, ``two years ago``, ``the third quarter``), times
(``10 p.m. Wednesday``, ``this morning``), durations (``three days``) and sets
(``every Monday``), with references (``now``, ``recently``) as
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.

Relative expressions are resolved against the publication date (the
document creation time, DCT) and read the tense: "will meet on Thursday" in
a Wednesday article is the next day; "the summit in June" in a future clause
written in October is next June (see :mod:`.resolve`). Without a publication
date such an expression keeps ``X`` for what it cannot know
(``XXXX-WXX-4``) and ``resolved`` is false.

Modules: :mod:`.lexicon` (words), :mod:`.calendar_rules` and
:mod:`.relative_rules` (the patterns, HeidelTime-style), :mod:`.tense`,
:mod:`.resolve`, :mod:`.finder`, :mod:`.records`; :func:`article_dates` reads an
:class:`~storylens.models.Article` (what the ``dates`` pipeline stage stores).
"""

from __future__ import annotations

from .article import article_dates
from .finder import find_dates
from .records import Spec, Timex, parse_published, readable, value_start
from .resolve import resolve_weekday

__all__ = ["Spec", "Timex", "article_dates", "find_dates", "parse_published", "readable", "resolve_weekday",
           "value_start"]
