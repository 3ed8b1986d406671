"""Speakers of quotations in title-case headlines.

A headline written in title case (``Obama Says Museum Will Tell of ‘…’``)
defeats the token rules of :mod:`.rules`: every word is capitalised, so a
cue's noun phrase runs on over verbs and the nearest cue is often the wrong
one. Its speaker is the subject that opens it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .cues import BROAD_CUES, CUE_FORMS, SENTENCE_ADVERBS, SKIP_BEFORE_CUE
from .phrases import BE_FORMS, NAME_MODALS, STOP_NP, span_mention
from .rules import Attribution
from .tokens import Tok

__all__ = ["headline_subject", "is_title_case"]


def is_title_case(toks: Sequence[Tok]) -> bool:
    """Whether the words outside quotations are (nearly) all capitalised, as in
    a headline written in title case."""
    words = [t for t in toks if t.quote is None and t.is_word and t.text[:1].isalpha()]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def headline_subject(toks: Sequence[Tok], lo: int, q: int,
                     common: Callable[[str], bool] = lambda w: False) -> Attribution | None:
    """The subject that opens a title-case headline (``Obama Says …``,
    ``Gillibrand on …: ‘…’``, ``Frustrated Parents Rally … To ‘…’``): the
    capitalised words up to the first verb-like or lower-case word. A word in
    ``-s`` after a ``common`` word (one the article also writes in lower case,
    so no name) is a plural noun that ends the phrase (``Black Lawmakers
    Rip …``). Its cue is the speech verb right after it, if any."""
    j = lo
    while j < q and toks[j].quote is None and toks[j].is_cap and toks[j].is_word:
        low = toks[j].lower
        plural = low.endswith("s") and not low.endswith(("ss", "’s", "'s"))
        if j > lo and plural and low not in CUE_FORMS and common(toks[j - 1].lower):
            j += 1
            break
        if j > lo and (low in CUE_FORMS or low in BROAD_CUES or low in BE_FORMS or low in SKIP_BEFORE_CUE
                       or low in SENTENCE_ADVERBS or low in NAME_MODALS or low in STOP_NP
                       or low.endswith("ed") or plural):
            break
        j += 1
    if j == lo:
        return None
    m = span_mention(toks, lo, j - 1)
    nxt = toks[j] if j < q else None
    if nxt is not None and nxt.quote is None and (nxt.lower in CUE_FORMS or nxt.lower in BROAD_CUES):
        return Attribution(m, nxt.lower, nxt.start, "headline")
    return Attribution(m, None, None, "headline")
