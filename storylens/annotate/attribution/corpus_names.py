"""Canonical speaker names across a corpus.

:func:`canonicalize` rewrites ``Quote.speaker`` so that a bare surname used in
one article becomes the full name another article gives (``Rutte`` -> ``Mark
Rutte``), and a short organisation name the one longer name the corpus uses
(``WorldHarbor`` -> ``WorldHarbor Terminals``), when that is unambiguous.
Within one article, names are resolved by :class:`~.names.NameIndex`.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass

from ...models import Article, Quote
from ..dates.lexicon import MONTHS
from .cues import CUE_FORMS, ORG_NAME_WORDS, TITLE_WORDS
from .name_forms import WEEKDAYS
from .name_kinds import country_name
from .names import NameIndex, looks_person

__all__ = ["canonicalize", "pick_full_name", "person_genders"]

_WHEN_WORDS = WEEKDAYS | frozenset(MONTHS) | {"today", "tonight", "yesterday"}


def _names_a_body(longer: str, short: str, texts: list[str]) -> bool:
    """Whether ``longer`` names an organisation of its own (``Vantor
    Freightlines said``, ``… Holdings``), not a thing of ``short`` (``the
    WikiLeaks Twitter account``)."""
    extra = {w.lower().strip("’'.,") for w in longer[len(short):].split()}
    if extra <= _WHEN_WORDS:
        return False  # "Twitter Tuesday" ("wrote on Twitter Tuesday, saying …"): a day, no body's name
    if extra & ORG_NAME_WORDS:
        return True
    pat = re.compile(rf"{re.escape(longer)}(?:['’]s)?,?\s+([a-z]+)(?:\s+([a-z]+))?")
    return any(m.group(1) in CUE_FORMS or m.group(2) in CUE_FORMS for t in texts for m in pat.finditer(t))


@dataclass(frozen=True)
class _ArticleNames:
    """What :func:`canonicalize` reads of one article's own name index."""

    persons: tuple[tuple[str, int], ...]  # multi-word person names and their mentions, in index order
    genders: tuple[tuple[str, str], ...]  # persons (one-word ones too: "President Trump") of a known gender
    orgs: tuple[str, ...]  # organisation names
    org_speakers: tuple[str, ...]  # the quotes' speakers the article shows to be organisations


# An article's names depend on its text and its quotes' speakers only: a
# process that canonicalizes again and again (the web job process, after
# every job) indexes each article once. Bounded; the key holds a digest of
# the text, not the text.
_NAMES: OrderedDict[tuple[bytes, tuple[str, ...]], _ArticleNames] = OrderedDict()
_NAMES_MAX = 50_000
_NAMES_LOCK = threading.Lock()


def _article_names(art: Article, quotes: list[Quote]) -> _ArticleNames:
    speakers = tuple(q.speaker for q in quotes if q.speaker and q.speaker[:1].isupper())
    key = (hashlib.sha1(art.source.encode("utf-8", "surrogatepass")).digest(), speakers)
    with _NAMES_LOCK:
        hit = _NAMES.get(key)
        if hit is not None:
            _NAMES.move_to_end(key)
            return hit
    idx = NameIndex(art.source)
    seen = _ArticleNames(
        persons=tuple((p.name, p.count) for p in idx.persons.values() if len(p.name.split()) >= 2),
        genders=person_genders(idx),
        # (a headline's words are no organisation's name: "AARP Willing To Negotiate On …")
        orgs=tuple(dict.fromkeys(n for s, _, n in idx.organisations() if not idx.in_title_line(s))),
        org_speakers=tuple(sp for sp in speakers if idx.kind(sp) == "org"))
    with _NAMES_LOCK:
        _NAMES[key] = seen
        while len(_NAMES) > _NAMES_MAX:
            _NAMES.popitem(last=False)
    return seen


def person_genders(idx: NameIndex) -> tuple[tuple[str, str], ...]:
    """The persons of one article's name index whose gender it knows."""
    return tuple((p.name, g) for p in idx.persons.values() if (g := p.clear_gender()))


def pick_full_name(short: str, cands: Counter[str] | None, genders: dict[str, Counter[str]]) -> str | None:
    """The full name a one-word speaker (``Rutte``) stands for across the
    corpus: the only candidate, or one named three times as often as the
    next. A candidate of the other gender than the articles give the one-word
    person ("President Trump", "he") is none ("Melania Trump")."""
    if not cands:
        return None
    own = genders.get(short)
    if own:
        g = own.most_common(1)[0][0]
        cands = Counter({n: k for n, k in cands.items()
                         if not genders.get(n) or genders[n].most_common(1)[0][0] == g})
    top = cands.most_common(2)
    if not top:
        return None
    return top[0][0] if len(top) == 1 or top[0][1] >= 3 * top[1][1] else None


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
    genders: dict[str, Counter[str]] = defaultdict(Counter)  # person -> the genders articles give them
    for doc, art in (articles or {}).items():
        seen = _article_names(art, quotes_by_doc.get(doc, []))
        for name, count in seen.persons:
            full_by_last[name.split()[-1]][name] += count
        for name, g in seen.genders:
            genders[name][g] += 1
        orgs.update(seen.orgs)
        org_speakers.update(seen.org_speakers)
    for n in names:
        if len(n.split()) >= 2 and looks_person(n):
            full_by_last[n.split()[-1]][n] += 1
    texts = [a.source for a in (articles or {}).values()]
    mapping: dict[str, str] = {}
    for n in set(names):
        if not n[:1].isupper() or country_name(n) or n.lower().rstrip(".") in TITLE_WORDS:
            continue  # (a country speaks for its government: "Britain" is no short form of a longer name, nor
            # is a bare title: "CEO" is no "CEO of New Media Investment Group")
        # "WorldHarbor" -> the one longer organisation name starting with it
        pool = orgs | {f for c in full_by_last.values() for f in c} if n in org_speakers else orgs
        longer = {o for o in pool if o.startswith(n + " ") and _names_a_body(o, n, texts)}
        if len(longer) == 1 and n not in full_by_last and not any(n in c for c in full_by_last.values()):
            mapping[n] = longer.pop()
            continue
        if len(n.split()) != 1:
            continue
        full = pick_full_name(n, full_by_last.get(n), genders)
        if full:
            mapping[n] = full
    for quotes in quotes_by_doc.values():
        for q in quotes:
            if q.speaker in mapping:
                q.speaker = mapping[q.speaker]
    return mapping
