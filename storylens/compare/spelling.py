"""Spelling variants of one name across a story's articles.

Outlets transliterate and spell names differently (Drevnyk/Drevnik,
Zelensky/Zelenskyy, Stacey/Stacy Abrams). A shipped lexicon cannot list
every place and person, so this finds capitalised words that differ by a
small edit, where different articles prefer different forms, and keeps only
what is one name spelled two ways:

* apostrophes are one character and possessives are dropped ("Ukraine's" and
  "Ukraine’s" are one word, "Europe's" is "Europe");
* a word is a name only where it is capitalised in mid-sentence and never
  written in lower case in the story ("Clerk", "Minister", "Majority" are
  words, not names);
* two forms that differ by a derivational ending are two words
  (America/American, Democrat/Democratic, Europe/Europeans,
  Minister/Ministry, Slovenia-born/Slovenian-born);
* short words allow one edit, longer ones two, never more than a quarter of
  the letters;
* the two forms must be used the same way: where both stand next to another
  name they share one (Stacey Abrams / Stacy Abrams, not Marco Rubio / Mario
  Cuomo), and otherwise their surrounding words overlap;
* a word that ends a paragraph with no stop after it, or only an ellipsis,
  is no form: the text may have been cut inside it (a feed's summary or a
  scraped page cut at a length: "... like us on Faceboo");
* an outlet using both forms (in one article or in two) names two different
  things: Ivana and Ivanka Trump, Carla Cruz and Carly Fiorina (or slips
  once, which is no outlet's spelling). Articles without an outlet are each
  their own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..models import Article
from ..text import STOPWORDS, stem

__all__ = ["spelling_variants"]

_CAP = re.compile(r"\b[A-Z][a-z]{3,}(?:[-’'][A-Za-z]+)?\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
# what may follow the last word of a text or paragraph that was cut short: nothing, or an ellipsis
_CUT_OFF = re.compile(r"\s*(?:\[?(?:\.\.\.|…)\]?)?\s*")
_SUFFIXES = frozenset("s es n an ans ian ians ns ese ic ics al ism ist ists ite ites ity ty ry er ers ed ing "
                      "ern erns ish".split())
# titles stand beside any name: sharing one says nothing of being one person
_TITLES = frozenset("""mr mrs ms dr sen rep gov president senator minister the representative congressman
congresswoman governor secretary chairman chairwoman judge justice mayor general gen sheriff speaker leader
ambassador former vice prime chief""".split())


def _body_ranges(a: Article) -> list[tuple[int, int]]:
    if a.segments:
        return [(s.source_start, s.source_start + s.length) for s in a.segments if s.length > 0]
    return [(0, len(a.source))]


def _sentence_initial(src: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and src[j] in " \t\"“‘'(":
        j -= 1
    return j < 0 or src[j] in ".!?\n:"


def _norm(word: str) -> str:
    w = word.replace("’", "'")
    return w[:-2] if w.endswith("'s") else w.rstrip("'")


def _derived(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one stem with different derivational
    endings (of their first parts when both end in one hyphenated word:
    "Slovenia-born", "Slovenian-born")."""
    a, b = a.lower(), b.lower()
    ha, hb = a.rpartition("-"), b.rpartition("-")
    if ha[1] and hb[1] and ha[2] == hb[2]:
        a, b = ha[0], hb[0]
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    ta, tb = a[k:], b[k:]
    return k >= 3 and all(t == "" or t in _SUFFIXES for t in (ta, tb))


@dataclass
class _Form:
    spans: dict[str, list[list[int]]] = field(default_factory=lambda: defaultdict(list))
    mid: int = 0  # occurrences in mid-sentence
    neighbours: set[str] = field(default_factory=set)  # capitalised words right before or after
    context: set[str] = field(default_factory=set)  # content stems within four words


def _forms(articles: list[Article]) -> tuple[dict[str, _Form], set[str]]:
    forms: dict[str, _Form] = defaultdict(_Form)
    lower: set[str] = set()
    for art in articles:
        src = art.source
        for s0, s1 in _body_ranges(art):
            text = src[s0:s1]
            lower.update(m.group().lower() for m in _WORD.finditer(text) if m.group()[0].islower())
            for m in _CAP.finditer(src, s0, s1):
                if _CUT_OFF.fullmatch(src, m.end(), s1):
                    continue  # the text may stop inside this word ("... like us on Faceboo")
                w = _norm(m.group())
                f = forms[w]
                f.spans[art.name].append([m.start(), m.end()])
                if not _sentence_initial(src, m.start()):
                    f.mid += 1
                before = _WORD.findall(src[max(s0, m.start() - 40):m.start()])[-4:]
                after = _WORD.findall(src[m.end():min(s1, m.end() + 40)])[:4]
                for nb in (before[-1:] + after[:1]):
                    if nb[0].isupper() and nb.lower() not in _TITLES:
                        f.neighbours.add(_norm(nb))
                f.context.update(stem(x) for x in before + after if x.lower() not in STOPWORDS and len(x) > 2)
    return forms, lower


def _same_use(a: _Form, b: _Form) -> bool:
    if a.neighbours and b.neighbours:
        return bool(a.neighbours & b.neighbours)
    return len(a.context & b.context) >= 2


def spelling_variants(articles: list[Article], *, max_edits: int = 2) -> list[dict[str, Any]]:
    """Pairs of name spellings used by different articles of one story, in
    the framing ``terms`` shape (``pair``, ``usage`` per doc, ``contested``)."""
    forms, lower = _forms(articles)
    outlet = {a.name: (a.outlet or a.name).casefold() for a in articles}
    names = sorted(w for w, f in forms.items() if f.mid > 0 and w.lower() not in lower)
    out = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a[0] != b[0] or abs(len(a) - len(b)) > max_edits or min(len(a), len(b)) < 5:
                continue
            if a.lower() == b.lower() or _derived(a, b):
                continue
            d = Levenshtein.distance(a, b)
            allowed = min(max_edits, 1 if min(len(a), len(b)) <= 8 else 2, max(1, min(len(a), len(b)) // 4))
            if d == 0 or d > allowed:
                continue
            fa, fb = forms[a], forms[b]
            docs_a, docs_b = set(fa.spans), set(fb.spans)
            if not docs_a or not docs_b or not _same_use(fa, fb):
                continue
            if {outlet.get(d, d) for d in docs_a} & {outlet.get(d, d) for d in docs_b}:
                continue  # one outlet writes both: two names (Ivana and Ivanka Trump), or its own slip
            usage = {}
            for term, f in ((a, fa), (b, fb)):
                for doc, sp in f.spans.items():
                    usage[doc] = {"term": term, "count": len(sp), "terms": {term: len(sp)}, "spans": sp}
            out.append({"id": f"spelling:{a}/{b}", "pair": [a, b], "kind": "spelling",
                        "note": "the same name spelled differently by different outlets",
                        "usage": dict(sorted(usage.items())), "contested": True, "marked": [a, b]})
    return out
