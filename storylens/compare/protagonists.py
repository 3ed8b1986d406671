"""Who an article is about: its main actors, for the conflict check.

Two numbers of one measure conflict only when their articles are about the
same actors. A story of briefs on two companies ("Consolidated Freightways
earned 22 cents a share", "Amdahl earned 30 cents a share"), which the
clusterer can join on their shared vocabulary, holds no disagreement.

An article's *protagonists* are the ``k`` persons and organisations it names
most often (its :class:`~storylens.annotate.attribution.names.NameIndex`),
each as a key: a person's surname, an organisation's name without its legal
form ("dataproducts" for "Dataproducts Corp." and "Dataproducts Inc."). An
organisation named only by its kind's words ("Savings", "Loan Association")
gives no key, nor does a market ("New York Stock Exchange": where shares
trade, in every brief).
"""

from __future__ import annotations

import re
from collections import Counter

from ..annotate.attribution.cues import CORPORATE_SUFFIXES, ORG_NAME_WORDS
from ..annotate.attribution.name_forms import SUFFIXES
from ..annotate.attribution.name_kinds import POSSESSIVE
from ..annotate.attribution.names import NameIndex
from ..models import Article

__all__ = ["protagonists"]

_SUFFIX = re.compile(r"[\s,]+(?:" + "|".join(sorted(CORPORATE_SUFFIXES)) + r"|s\.?a|n\.?v|s\.?p\.?a|ag)\.?$", re.I)
# words of an organisation's kind, not of its name ("Federal Savings and Loan Association")
_KIND_WORDS = ORG_NAME_WORDS | {"savings", "loan", "federal", "national", "international", "american", "the", "of",
                                "and", "&", "general", "first", "united", "new"}
_VENUES = {"exchange", "market", "markets"}


def _person_key(name: str) -> str | None:
    words = [w.lower().rstrip(".,") for w in name.split()]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    key = POSSESSIVE.sub("", words[-1]) if words else None
    return None if key in _KIND_WORDS else key  # "Columbia Savings" read as a person


def _org_key(name: str) -> str | None:
    key = POSSESSIVE.sub("", _SUFFIX.sub("", name.strip())).lower()
    words = key.split()
    if not words or all(w in _KIND_WORDS for w in words):
        return None  # "Savings", "Loan Association": a kind of body, no one body
    if words[-1] in _VENUES:
        return None  # "New York Stock Exchange": where shares trade, no actor of the story
    return key


def protagonists(article: Article, k: int = 5) -> frozenset[str]:
    """Keys of the ``k`` persons and organisations ``article`` names most
    (see the module doc); empty when it names none."""
    names = NameIndex(article.source)
    counts: Counter[str] = Counter()
    for _s, _e, person in names.mentions:
        key = _person_key(person)
        if key and len(key) > 2:
            counts[key] += 1
    for _s, _e, org in names.organisations():
        key = _org_key(names.long_org(org))
        if key and len(key) > 2:
            counts[key] += 1
    return frozenset(key for key, _n in counts.most_common(k))
