"""Photo captions left in an article's text.

Scraped and plain-text articles keep the captions of their photos, each
opening a line: "Members of the caravan at the border wall in Tijuana on
Sunday." Such a sentence states no event, and a summary that quotes it
reads as a list of pictures. :func:`is_caption` says whether a sentence is
one: it has no verb form a statement needs (spaCy's tagger: no past,
present, modal or base form, nor a past participle, as which the tagger
often reads a past tense), no word in "-ed" either (a past tense tagged as
something else), and is not a headline in title case, whose verbs the
tagger often misses ("U.S. Attorney Subpoenas …"). Only the tagger
runs, on the sentences asked about; without an English pipeline nothing is
a caption.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from ..errors import ModelUnavailableError
from ..text import STOPWORDS

__all__ = ["is_caption"]

_FINITE = frozenset({"VBD", "VBN", "VBZ", "VBP", "MD", "VB"})  # (VBN: "Trump accused …" is often tagged so)
_MAX_WORDS = 60  # longer lines are paragraphs, not captions
_POSITIONS = frozenset("left right center centre top bottom above below".split())


@cache
def _tagger() -> Any:
    from ..annotate.nlp import load_nlp

    try:
        return load_nlp(disable=("parser", "ner", "lemmatizer", "attribute_ruler"))
    except ModelUnavailableError:
        return None


@lru_cache(maxsize=4096)
def is_caption(line: str) -> bool:
    """Whether ``line`` (a sentence that opens its line) is a photo caption (see the module doc)."""
    words = line.split()
    if len(words) < 3 or len(words) > _MAX_WORDS:
        return False
    if not any(w[:1].islower() and w.strip(",.;:").lower() not in STOPWORDS for w in words):
        return False  # title case: every word but the small ones capitalised
    if any(w[:1].islower() and w.rstrip(",.;:").endswith("ed") for w in words):
        return False  # a past tense the tagger took for something else ("The split concerned Putin")
    tagger = _tagger()
    if tagger is None:
        return False
    try:
        doc = tagger(line)
    except (UnicodeError, ValueError):  # a lone surrogate ("\ud800") that the tagger cannot encode: no caption
        return False
    return not any(t.tag_ in _FINITE and not _placed(doc, t.i) for t in doc)


def _placed(doc: Any, i: int) -> bool:
    """A caption's position word set off by commas or brackets ("Varga, left, and …"), not a verb."""
    return doc[i].lower_ in _POSITIONS and 0 < i < len(doc) - 1 and doc[i - 1].text in (",", "(") \
        and doc[i + 1].text in (",", ")")
