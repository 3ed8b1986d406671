"""Family relations that outlets contradict.

Two kinds are compared across the articles of a story:

* **birth order** of siblings: "Ada Brill, the younger sister of Ines
  Brill" vs a headline "Ines Brill rebuked by older sister" (the
  unnamed sister is the one sibling of Ines the story names);
* **the name of a spouse**: "Mr. Cowan's wife, Stacey" vs "He and wife
  Stacy" ("he" is the person the passage was about).

A sibling may be older than one and younger than another, so only the same
two people in opposite order are a conflict; a person has one spouse at a
time, so two first names for "X's wife" are one. Each conflict carries its
``evidence`` spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from ..models import Article
from ..text import scan_text
from .people import first_key, fold, person_key, person_names, subject_before

__all__ = ["relation_conflicts"]

_FULL = r"[A-Z][\w’'\-]+(?:\s[A-Z]\.)?\s[A-Z][\w’'\-]+"
_KIN = r"sister|brother|sibling"
_ORDER = r"older|younger|elder|big|little|baby|kid"
_OLDER = frozenset({"older", "elder", "big"})
_OF_RE = re.compile(rf"(?P<a>{_FULL}),\s(?:the\s|a\s|an\s|his\s|her\s)?(?:(?P<rel>{_ORDER})\s)?(?P<kin>{_KIN})\sof\s"
                    r"(?P<rest>(?:[^.;:()\n]|\.(?=\S)){0,80})")
_BY_RE = re.compile(rf"(?P<b>{_FULL})\s(?:[\w\-]+\s){{0,3}}by\s(?:(?:his|her|their)\s)?(?P<rel>{_ORDER})\s(?P<kin>{_KIN})\b")
_POSS_RE = re.compile(rf"(?P<b>{_FULL})[’']s\s(?:(?P<rel>{_ORDER})\s)?(?P<kin>{_KIN}),?\s(?P<a>{_FULL})")
_NAME_IN_RE = re.compile(_FULL)
_HONORIFIC_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s([A-Z][\w’'\-]+)")
_SPOUSE_POSS_RE = re.compile(r"(?P<b>[A-Z][\w’'\-]+)[’']s\s(?P<kin>wife|husband),?\s(?P<a>[A-Z][a-z]+)\b(?!\s[A-Z])")
_SPOUSE_AND_RE = re.compile(r"\b(?:(?P<pron>[Hh]e|[Ss]he)|(?P<b>[A-Z][\w’'\-]+))\sand\s(?:(?:his|her)\s)?"
                            r"(?P<kin>wife|husband),?\s(?P<a>[A-Z][a-z]+)\b(?!\s[A-Z])")
_SPOUSE_PRON_RE = re.compile(r"\b(?P<pron>[Hh]is|[Hh]er)\s(?P<kin>wife|husband),\s(?P<a>[A-Z][a-z]+)\b(?!\s[A-Z])")


@dataclass
class _Sibling:
    doc: str
    start: int
    end: int
    a: tuple[str, str] | None  # the sibling named (None: "by older sister")
    b: tuple[str, str]
    older: bool | None  # a is older than b; None when the text does not say


def _parse(name: str) -> tuple[tuple[str, str], str]:
    parts = name.split()
    return person_key(parts[0], parts[-1]), f"{parts[0]} {parts[-1]}"


def _siblings(a: Article, names: dict[tuple[str, str], str]) -> list[_Sibling]:
    src, out = scan_text(a.source), []
    for m in _OF_RE.finditer(src):
        nm = _NAME_IN_RE.search(re.split(r"\s(?:and|who|which)\s|,", m.group("rest"))[0])
        if not nm:
            continue
        ka, na = _parse(m.group("a"))
        kb, nb = _parse(nm.group(0))
        names.setdefault(ka, na)
        names.setdefault(kb, nb)
        rel = m.group("rel")
        end = m.start("rest") + nm.end()
        out.append(_Sibling(a.name, m.start(), end, ka, kb, (rel.lower() in _OLDER) if rel else None))
    for m in _POSS_RE.finditer(src):
        ka, na = _parse(m.group("a"))
        kb, nb = _parse(m.group("b"))
        names.setdefault(ka, na)
        names.setdefault(kb, nb)
        rel = m.group("rel")
        out.append(_Sibling(a.name, m.start(), m.end(), ka, kb, (rel.lower() in _OLDER) if rel else None))
    for m in _BY_RE.finditer(src):
        kb, nb = _parse(m.group("b"))
        names.setdefault(kb, nb)
        out.append(_Sibling(a.name, m.start(), m.end(), None, kb, m.group("rel").lower() in _OLDER))
    return out


def _birth_order(articles: list[Article]) -> list[dict[str, Any]]:
    names: dict[tuple[str, str], str] = {}
    rels = [r for a in articles for r in _siblings(a, names)]
    sibs: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for r in rels:
        if r.a is not None:
            sibs.setdefault(r.b, set()).add(r.a)
            sibs.setdefault(r.a, set()).add(r.b)
    # the pair each statement is about, as (older, younger)
    stated: dict[frozenset[tuple[str, str]], list[tuple[tuple[str, str], _Sibling]]] = {}
    for r in rels:
        a = r.a
        if a is None:
            named = sibs.get(r.b, set())
            if len(named) != 1:
                continue  # "by older sister": only when the story names exactly one sibling
            a = next(iter(named))
        if r.older is None or a == r.b:
            continue
        older = a if r.older else r.b
        stated.setdefault(frozenset((a, r.b)), []).append((older, r))
    out = []
    for pair, items in stated.items():
        by_older: dict[tuple[str, str], list[_Sibling]] = {}
        for older, r in items:
            by_older.setdefault(older, []).append(r)
        if len(by_older) < 2 or len({r.doc for rs in by_older.values() for r in rs}) < 2:
            continue
        p, q = sorted(pair)
        values = {}
        for older, rs in by_older.items():
            younger = q if older == p else p
            values[f"{names.get(older, ' '.join(older))} older than {names.get(younger, ' '.join(younger))}"] = \
                sorted({r.doc for r in rs})
        entity = names.get(p, " ".join(p))
        out.append({"entity": entity, "attribute": f"birth order ({names.get(p)} and {names.get(q)})",
                    "values": values,
                    "evidence": [{"doc": r.doc, "start": r.start, "end": r.end,
                                  "value": next(k for k, v in values.items() if r.doc in v)}
                                 for rs in by_older.values() for r in rs]})
    return out


def _spouses(a: Article, surnames: set[str]) -> list[tuple[str, str, str, int, int]]:
    """(owner surname, kin, spouse's first name, start, end) of an article."""
    src, out = scan_text(a.source), []
    for rx in (_SPOUSE_POSS_RE, _SPOUSE_AND_RE, _SPOUSE_PRON_RE):
        for m in rx.finditer(src):
            owner = m.groupdict().get("b")
            who = fold(owner) if owner else subject_before(src, m.start(), surnames)
            if who and who in surnames:
                out.append((who, m.group("kin"), m.group("a"), m.start(), m.end()))
    return out


def _spouse_names(articles: list[Article]) -> list[dict[str, Any]]:
    surnames = {fold(p.last) for a in articles for p in person_names(a.source)}
    surnames |= {fold(m) for a in articles for m in _HONORIFIC_RE.findall(a.source)}
    found: dict[tuple[str, str], list[tuple[str, str, int, int]]] = {}
    for a in articles:
        for who, kin, first, s, e in _spouses(a, surnames):
            found.setdefault((who, kin), []).append((a.name, first, s, e))
    out = []
    for (who, kin), items in sorted(found.items()):
        firsts = {first_key(f) for _, f, _, _ in items}
        if len(firsts) < 2 or len({d for d, _, _, _ in items}) < 2:
            continue
        spellings = sorted({f for _, f, _, _ in items})
        similar = len(spellings) == 2 and SequenceMatcher(None, fold(spellings[0]), fold(spellings[1])).ratio() >= 0.75
        values: dict[str, list[str]] = {}
        for d, f, _, _ in items:
            values.setdefault(f, [])
            if d not in values[f]:
                values[f].append(d)
        owner = who.capitalize()
        out.append({"entity": f"{owner}'s {kin}", "attribute": "name (spelling)" if similar else "name",
                    "values": values,
                    "evidence": [{"doc": d, "start": s, "end": e, "value": f} for d, f, s, e in items]})
    return out


def relation_conflicts(articles: list[Article]) -> list[dict[str, Any]]:
    """Birth-order and spouse-name conflicts across a story's articles."""
    return _birth_order(articles) + _spouse_names(articles)
