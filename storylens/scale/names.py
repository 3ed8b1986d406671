"""Corpus-wide speaker names as a map-reduce: what
:func:`~storylens.annotate.attribution.corpus_names.canonicalize` computes in
one pass over every article, split into per-partition statistics
(:class:`NameStats`, gathered on the worker that analyzed the articles),
merged in a tree, and the same alias map computed from the merged figures
(:func:`alias_map`). ``tests/test_scale.py`` checks that the map equals the
one ``canonicalize`` applies.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..annotate.attribution.corpus_names import person_genders, pick_full_name
from ..annotate.attribution.names import NameIndex, looks_person
from ..models import Article

__all__ = ["NameStats", "alias_map", "apply_aliases"]


@dataclass
class NameStats:
    """Mergeable name evidence of some articles and their quotes."""

    full_by_last: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    orgs: set[str] = field(default_factory=set)
    org_speakers: set[str] = field(default_factory=set)
    speakers: Counter[str] = field(default_factory=Counter)  # speaker -> quotes naming them
    genders: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # person -> genders

    def add(self, article: Article, quotes: list[dict[str, Any]] | None) -> None:
        """The evidence of one article (``quotes`` as stored: dicts)."""
        idx = NameIndex(article.source)
        for p in idx.persons.values():
            if len(p.name.split()) >= 2:
                self.full_by_last[p.name.split()[-1]][p.name] += p.count
        for name, g in person_genders(idx):
            self.genders[name][g] += 1
        self.orgs.update(n for _, _, n in idx.organisations())
        for q in quotes or []:
            sp = q.get("speaker")
            if not sp:
                continue
            self.speakers[sp] += 1
            if sp[:1].isupper() and idx.kind(sp) == "org":
                self.org_speakers.add(sp)

    def merge(self, other: NameStats) -> NameStats:
        for last, c in other.full_by_last.items():
            self.full_by_last[last].update(c)
        self.orgs |= other.orgs
        self.org_speakers |= other.org_speakers
        self.speakers.update(other.speakers)
        for name, c in other.genders.items():
            self.genders[name].update(c)
        return self

    def to_json(self) -> dict[str, Any]:
        return {"full_by_last": {k: dict(v) for k, v in self.full_by_last.items()}, "orgs": sorted(self.orgs),
                "org_speakers": sorted(self.org_speakers), "speakers": dict(self.speakers),
                "genders": {k: dict(v) for k, v in self.genders.items()}}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> NameStats:
        s = cls()
        for k, v in d.get("full_by_last", {}).items():
            s.full_by_last[k] = Counter(v)
        s.orgs, s.org_speakers = set(d.get("orgs", [])), set(d.get("org_speakers", []))
        s.speakers = Counter(d.get("speakers", {}))
        for k, v in d.get("genders", {}).items():
            s.genders[k] = Counter(v)
        return s


def merge_stats(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Several :meth:`NameStats.to_json` merged into one (a tree-reduce step)."""
    out = NameStats()
    for p in parts:
        out.merge(NameStats.from_json(p))
    return out.to_json()


def merge_files(paths: list[str], out: str) -> str:
    """Merge the name evidence of several shard summaries (or earlier
    merges) into the file ``out`` (a tree-reduce step, on a worker)."""
    from .parts import write_json

    parts = []
    for p in paths:
        d = json.loads(Path(p).read_text(encoding="utf-8"))
        parts.append(d.get("names", d))
    write_json(out, merge_stats(parts))
    return out


def aliases_of_file(path: str) -> dict[str, str]:
    """The alias map of merged name evidence."""
    return alias_map(NameStats.from_json(json.loads(Path(path).read_text(encoding="utf-8"))))


def alias_map(stats: NameStats) -> dict[str, str]:
    """Speaker -> canonical name, as ``canonicalize`` decides it."""
    full_by_last: dict[str, Counter[str]] = defaultdict(Counter)
    for last, c in stats.full_by_last.items():
        full_by_last[last].update(c)
    for n, k in stats.speakers.items():
        if len(n.split()) >= 2 and looks_person(n):
            full_by_last[n.split()[-1]][n] += k
    mapping: dict[str, str] = {}
    for n in stats.speakers:
        if not n[:1].isupper():
            continue
        pool = stats.orgs | {f for c in full_by_last.values() for f in c} if n in stats.org_speakers else stats.orgs
        longer = {o for o in pool if o.startswith(n + " ")}
        if len(longer) == 1 and n not in full_by_last and not any(n in c for c in full_by_last.values()):
            mapping[n] = longer.pop()
            continue
        if len(n.split()) != 1:
            continue
        full = pick_full_name(n, full_by_last.get(n), stats.genders)
        if full:
            mapping[n] = full
    return mapping


def apply_aliases(quotes: list[dict[str, Any]], mapping: dict[str, str]) -> list[dict[str, Any]]:
    """Stored quotes with their speakers made canonical."""
    return [{**q, "speaker": mapping[q["speaker"]]} if q.get("speaker") in mapping else q for q in quotes]
