"""Distinctive words per outlet: the weighted log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
Words"), each outlet against the other outlets of the story.

Words are counted by stem (so "Democrat", "Democrats" and "Democratic" pool
their evidence) and shown in their most frequent spelling, with the counts:
``[word, z, count in the outlet, count in the other outlets]``. Stopwords,
very common English words ("first", "since", "step"), numbers and the
outlets' own names are left out. The prior is the story's own word
distribution scaled to ``prior`` pseudo-counts.

An outlet gets words when the story has two or more outlets and both it and
the rest hold at least ``min_tokens`` counted words; a word needs
``min_count`` uses and a z-score of at least ``min_z``. Each outlet's text
is read up to ``max_chars`` characters (bounded work on huge texts).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from ..text import STOPWORDS, stem, words

__all__ = ["distinctive_words", "COMMON"]

# very common English words that say nothing about framing
COMMON = frozenset("""able across actually added after again ago ahead almost along already although always among
another anyone anything around asked away back became become becomes began behind best better big both bring
brought called came cannot case certain clear come comes coming could day days did done down during each early
either else end enough even ever every far few find first five four full gave get gets getting give given go going
good got great half hand happen happened having help here high however including instead into itself just keep
kind knew know known large last late later least left less let like likely little long look made make makes making
many may maybe mean means might more most much must name near need needed never new next nor not now number often
old once one only open other others our out over own part past people per perhaps place point put quite rather
real really right said same saw say saying says second see seem seemed seen set several she short should show
side since six small some something sometimes soon still such sure take taken takes taking ten than that them then
there these they thing things think third this those though thought three through time times today told too took
top toward two under until upon use used using very via want wanted way ways week weeks well went were what whatever
when where whether which while who whole whose why will within without word words work would year years yet you
step steps tuesday monday wednesday thursday friday saturday sunday mr mrs ms""".split())


def _counts(text: str, exclude: set[str], max_chars: int) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    by_stem: Counter[str] = Counter()
    forms: Counter[tuple[str, str]] = Counter()
    for w in words(text[:max_chars]):
        w = w[:-2] if w.endswith("'s") else w
        if len(w) < 3 or not w[0].isalpha() or w in STOPWORDS or w in COMMON or w in exclude:
            continue
        k = stem(w)
        by_stem[k] += 1
        forms[(k, w)] += 1
    return by_stem, forms


def distinctive_words(texts: dict[str, str], *, min_tokens: int = 100, min_count: int = 2, min_z: float = 1.0,
                      prior: float = 100.0, top: int = 8, max_chars: int = 400_000) -> dict[str, list[list]]:
    """Outlet -> ``[word, z, count, count in the others]`` (see the module
    doc). ``texts`` maps outlet -> its text in the story."""
    exclude = {w for o in texts for w in words(o)}
    counts: dict[str, Counter[str]] = {}
    forms: Counter[tuple[str, str]] = Counter()
    for outlet, text in texts.items():
        counts[outlet], f = _counts(text, exclude, max_chars)
        forms.update(f)
    out: dict[str, list[list]] = {o: [] for o in texts}
    if len(counts) < 2:
        return out
    shown: dict[str, str] = {}
    best: dict[str, int] = defaultdict(int)
    for (k, w), n in forms.items():
        if n > best[k] or (n == best[k] and w < shown[k]):
            best[k], shown[k] = n, w
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    n_all = sum(total.values()) or 1
    alpha = {w: prior * k / n_all for w, k in total.items()}
    a0 = sum(alpha.values())
    for outlet, c in counts.items():
        n_i = sum(c.values())
        n_j = n_all - n_i
        if n_i < min_tokens or n_j < min_tokens:
            continue
        scored: list[list] = []
        for w, y_i in c.items():
            if y_i < min_count:
                continue
            y_j = total[w] - y_i
            aw = alpha[w]
            d = math.log((y_i + aw) / (n_i + a0 - y_i - aw)) - math.log((y_j + aw) / (n_j + a0 - y_j - aw))
            z = d / math.sqrt(1.0 / (y_i + aw) + 1.0 / (y_j + aw))
            if z >= min_z:
                scored.append([shown[w], round(z, 2), y_i, y_j])
        scored.sort(key=lambda x: (-x[1], x[0]))
        out[outlet] = scored[:top]
    return out
