"""Canonical speaker names across a corpus.

:func:`canonicalize` rewrites ``Quote.speaker`` so that a bare surname used in
one article becomes the full name another article gives (``Rutte`` -> ``Mark
Rutte``), and a short organisation name the one longer name the corpus uses
(``WorldHarbor`` -> ``WorldHarbor Terminals``), when that is unambiguous.
Within one article, names are resolved by :class:`~.names.NameIndex`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ...models import Article, Quote
from .cues import CUE_FORMS, ORG_NAME_WORDS
from .names import NameIndex, looks_person

__all__ = ["canonicalize"]


def _names_a_body(longer: str, short: str, texts: list[str]) -> bool:
    """Whether ``longer`` names an organisation of its own (``Vantor
    Freightlines said``, ``… Holdings``), not a thing of ``short`` (``the
    WikiLeaks Twitter account``)."""
    extra = {w.lower().strip("’'.") for w in longer[len(short):].split()}
    if extra & ORG_NAME_WORDS:
        return True
    pat = re.compile(rf"{re.escape(longer)}(?:['’]s)?,?\s+([a-z]+)(?:\s+([a-z]+))?")
    return any(m.group(1) in CUE_FORMS or m.group(2) in CUE_FORMS for t in texts for m in pat.finditer(t))


def canonicalize(quotes_by_doc: dict[str, list[Quote]], articles: dict[str, Article] | None = None) -> dict[str, str]:
    """Rewrite ``Quote.speaker`` to corpus-wide canonical names, in place.

    A single-word speaker (``Rutte``) becomes the one multi-word name ending
    in that word that the corpus uses (``Mark Rutte``); ambiguous surnames are
    left alone. Returns the corpus alias map that was applied.
    """
    full_by_last: dict[str, Counter[str]] = defaultdict(Counter)
    orgs: set[str] = set()  # organisation names the corpus uses
    names: list[str] = []
    for quotes in quotes_by_doc.values():
        for q in quotes:
            if q.speaker:
                names.append(q.speaker)
    org_speakers: set[str] = set()  # speakers their own article shows to be organisations
    for doc, art in (articles or {}).items():
        idx = NameIndex(art.source)
        for p in idx.persons.values():
            if len(p.name.split()) >= 2:
                full_by_last[p.name.split()[-1]][p.name] += p.count
        orgs.update(n for _, _, n in idx.organisations())
        for q in quotes_by_doc.get(doc, []):
            if q.speaker and q.speaker[:1].isupper() and idx.kind(q.speaker) == "org":
                org_speakers.add(q.speaker)
    for n in names:
        if len(n.split()) >= 2 and looks_person(n):
            full_by_last[n.split()[-1]][n] += 1
    texts = [a.source for a in (articles or {}).values()]
    mapping: dict[str, str] = {}
    for n in set(names):
        if not n[:1].isupper():
            continue
        # "WorldHarbor" -> the one longer organisation name starting with it
        pool = orgs | {f for c in full_by_last.values() for f in c} if n in org_speakers else orgs
        longer = {o for o in pool if o.startswith(n + " ") and _names_a_body(o, n, texts)}
        if len(longer) == 1 and n not in full_by_last and not any(n in c for c in full_by_last.values()):
            mapping[n] = longer.pop()
            continue
        if len(n.split()) != 1:
            continue
        cands = full_by_last.get(n)
        if cands and len(cands) == 1:
            mapping[n] = next(iter(cands))
        elif cands:
            top = cands.most_common(2)
            if top[0][1] >= 3 * top[1][1]:
                mapping[n] = top[0][0]
    for quotes in quotes_by_doc.values():
        for q in quotes:
            if q.speaker in mapping:
                q.speaker = mapping[q.speaker]
    return mapping
