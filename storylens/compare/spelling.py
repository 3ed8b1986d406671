"""Spelling variants of proper names across a story's articles.

Outlets transliterate and spell names differently (Drevnyk/Drevnik,
Kyiv/Kiev, Zelensky/Zelenskyy). A shipped lexicon cannot list every place and
person, so this finds capitalised words of one story that differ by a small
edit, where different articles prefer different forms.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..models import Article

_CAP = re.compile(r"\b[A-Z][a-z]{3,}(?:[-’'][A-Za-z]+)?\b")


def _body_ranges(a: Article) -> list[tuple[int, int]]:
    if a.segments:
        return [(s.source_start, s.source_start + s.length) for s in a.segments if s.length > 0]
    return [(0, len(a.source))]


def _sentence_initial(src: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and src[j] in " \t\"“‘'(":
        j -= 1
    return j < 0 or src[j] in ".!?\n:"


def spelling_variants(articles: list[Article], *, max_edits: int = 2) -> list[dict[str, Any]]:
    """Pairs of name spellings used by different articles of one story, in
    the framing ``terms`` shape (``pair``, ``usage`` per doc, ``contested``)."""
    spans: dict[str, dict[str, list[list[int]]]] = defaultdict(lambda: defaultdict(list))
    mid_sentence: Counter[str] = Counter()
    for art in articles:
        src = art.source
        for s0, s1 in _body_ranges(art):
            for m in _CAP.finditer(src, s0, s1):
                w = m.group()
                spans[w][art.name].append([m.start(), m.end()])
                if not _sentence_initial(src, m.start()):
                    mid_sentence[w] += 1
    words = sorted(w for w in spans if mid_sentence[w] > 0)  # proper nouns, not sentence-initial words
    out = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if a[0] != b[0] or abs(len(a) - len(b)) > max_edits or min(len(a), len(b)) < 5:
                continue
            if a.rstrip("s") == b.rstrip("s") or a.lower() == b.lower():
                continue  # plural or case only
            d = Levenshtein.distance(a, b)
            if d == 0 or d > max_edits or d > max(1, min(len(a), len(b)) // 4):
                continue
            docs_a, docs_b = set(spans[a]), set(spans[b])
            if docs_a & docs_b or not docs_a or not docs_b:
                continue  # an article using both forms names two different things
            usage = {}
            for term, docs in ((a, docs_a), (b, docs_b)):
                for doc in docs:
                    usage[doc] = {"term": term, "count": len(spans[term][doc]), "terms": {term: len(spans[term][doc])},
                                  "spans": spans[term][doc]}
            out.append({"id": f"spelling:{a}/{b}", "pair": [a, b], "kind": "spelling",
                        "note": "the same name spelled differently by different outlets",
                        "usage": dict(sorted(usage.items())), "contested": True, "marked": [a, b]})
    return out
