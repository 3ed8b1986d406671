"""Canonical person names: aliases within an article and across a corpus.

Within an article, :class:`NameIndex` collects the capitalised name sequences
of the text (``NATO Secretary General Mark Rutte``), strips leading titles to
get full names (``Mark Rutte``), and maps surnames and titled short forms
(``Rutte``, ``Mr. Rutte``) to them. Role phrases (``the NATO chief``) map to
a person only when the article itself introduces that person with a title
sharing the role's words. Pronouns resolve to the nearest compatible
preceding speaker or person.

Across a corpus, :func:`canonicalize` rewrites ``Quote.speaker`` so that a
bare surname used in one article becomes the full name another article gives
(``Rutte`` -> ``Mark Rutte``) when that is unambiguous.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from ..models import Article, Quote
from .lexicon import FEMALE_TITLES, MALE_TITLES, PRONOUN_GENDER, TITLE_WORDS

__all__ = ["NameIndex", "canonicalize", "alias_map", "strip_titles"]

_CAP = r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Rev|Prof|St|Jr|Sr)\.|[A-Z]\.|[A-Z][\w'’\-]*)"
_NAME_SEQ = re.compile(rf"{_CAP}(?:\s+(?:(?:of|de|van|von|der|bin|al|da|del)\s+)?{_CAP})*")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_PERSON = {
    "the", "a", "an", "in", "on", "at", "but", "and", "however", "it", "this", "that", "he", "she",
    "they", "we", "i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "nato", "eu", "us", "u.s.", "un", "white",
    "house", "news", "times", "post", "party", "committee", "department", "ministry", "council",
    "union", "states", "united", "kingdom", "europe", "america", "russia", "ukraine", "china",
    "alliance", "school", "university", "tv", "according", "after", "when", "while", "as", "if",
    "what", "why", "how", "who", "last", "next", "earlier", "later", "also", "despite", "under",
    "for", "with", "from", "by", "to", "of", "speaking", "images", "photo", "read", "mr.", "mrs.",
    "ms.", "dr.", "prime", "president", "secretary", "general", "minister", "senator", "sen.",
}
_ORG_WORDS = {"news", "times", "post", "party", "committee", "department", "ministry", "council",
              "union", "tv", "school", "university", "institute", "foundation", "agency", "bank",
              "group", "campaign", "network", "fund", "journal", "review", "press", "reuters",
              "bloomberg", "cnn", "fox", "nbc", "abc", "cbs", "msnbc", "house", "senate",
              "congress", "court", "administration", "office", "center", "centre", "association"}


def strip_titles(name: str) -> tuple[str, list[str]]:
    """Split a name phrase into (name without leading titles, the titles)."""
    words = name.replace("’s ", " ").replace(",", " ").split()
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if w.lower().rstrip(".") in TITLE_WORDS:
            last_title = i
    titles = words[: last_title + 1]
    return " ".join(words[last_title + 1 :]).rstrip(",."), titles


@dataclass
class _Person:
    name: str
    titles: set[str] = field(default_factory=set)
    gender: str | None = None
    count: int = 0


def _looks_person(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 4:
        return False
    lows = [w.lower().rstrip(".") for w in words]
    if any(w in _ORG_WORDS for w in lows):
        return False
    if lows[0] in _NOT_PERSON and len(words) == 1:
        return False
    return all(w[:1].isupper() for w in words)


class NameIndex:
    """Person names of one article and their aliases."""

    def __init__(self, text: str, ranges: Iterable[tuple[int, int]] | None = None):
        self.text = text
        self.persons: dict[str, _Person] = {}
        self.mentions: list[tuple[int, int, str]] = []  # start, end, full name
        self._surname: dict[str, Counter[str]] = defaultdict(Counter)
        spans = list(ranges) if ranges is not None else [(0, len(text))]
        for a, b in spans:
            for m in _NAME_SEQ.finditer(text, a, b):
                self._add_phrase(m.group(), m.start(), m.end())
        self.mentions.sort()
        self._genders_from_pronouns()

    # -- building ----------------------------------------------------------
    def _add_phrase(self, phrase: str, start: int, end: int) -> None:
        phrase = _POSSESSIVE.sub("", phrase.strip())
        name, titles = strip_titles(phrase)
        words = name.split()
        while words and words[0].lower() in _NOT_PERSON and words[0].lower() not in ("al",):
            words.pop(0)
        while words and (words[-1].lower().rstrip(".") in TITLE_WORDS):
            words.pop()
        if not words:
            return
        name = " ".join(words)
        gender = None
        for t in titles:
            low = t.lower().rstrip(".")
            if low in MALE_TITLES:
                gender = "m"
            elif low in FEMALE_TITLES:
                gender = "f"
        if len(words) >= 2 and _looks_person(name):
            p = self.persons.setdefault(name, _Person(name))
            p.count += 1
            p.titles.update(t.lower().rstrip(".") for t in titles)
            p.gender = p.gender or gender
            self._surname[words[-1]][name] += 1
            self.mentions.append((start, end, name))
        elif len(words) == 1 and _looks_person(name) and name.lower() not in _NOT_PERSON:
            full = self.full_name(name)
            if full:
                p = self.persons[full]
                p.gender = p.gender or gender
                self.mentions.append((start, end, full))
            elif titles:
                p = self.persons.setdefault(name, _Person(name))
                p.gender = p.gender or gender
                p.titles.update(t.lower().rstrip(".") for t in titles)
                self.mentions.append((start, end, name))

    def _genders_from_pronouns(self) -> None:
        """A person followed shortly by he/his (she/her) gets that gender."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for s, e, name in self.mentions:
            window = self.text[e : e + 120].lower()
            m = re.search(r"\b(he|his|him|she|her|hers)\b", window)
            if m:
                votes[name][PRONOUN_GENDER[m.group(1)]] += 1
        for name, c in votes.items():
            p = self.persons.get(name)
            if p and p.gender is None:
                p.gender = c.most_common(1)[0][0]

    # -- lookups -----------------------------------------------------------
    def full_name(self, short: str) -> str | None:
        """The full name a surname or short form stands for in this article."""
        short = _POSSESSIVE.sub("", short.strip())
        name, _ = strip_titles(short)
        if name in self.persons and len(name.split()) >= 2:
            return name
        last = name.split()[-1] if name.split() else ""
        cands = self._surname.get(last)
        if cands:
            first = name.split()[0]
            ok = [n for n in cands if len(name.split()) == 1 or n.startswith(first)]
            if ok:
                return max(ok, key=lambda n: (cands[n], len(n)))
        return None

    def role(self, phrase: str) -> str | None:
        """A person for a role phrase (``the NATO chief``), when licensed."""
        words = {w.lower().strip(".,’'s") for w in phrase.split()} - {"the", "a", "an", "s"}
        if not words:
            return None
        best, score = None, 0
        for p in self.persons.values():
            common = len(words & p.titles)
            if common > score:
                best, score = p.name, common
        key = words - {"chief", "head", "leader"}
        if best and (score >= 2 or (score >= 1 and len(key & self.persons[best].titles) >= 1)):
            return best
        return None

    def person_before(self, pos: int, gender: str | None = None) -> str | None:
        """The nearest person mentioned before ``pos`` compatible with ``gender``."""
        for s, e, name in reversed(self.mentions):
            if e > pos:
                continue
            g = self.persons.get(name).gender if name in self.persons else None
            if gender in ("m", "f") and g not in (None, gender):
                continue
            return name
        return None

    def gender(self, name: str | None) -> str | None:
        p = self.persons.get(name or "")
        return p.gender if p else None

    def resolve(self, mention: str) -> str | None:
        """Canonical name for a non-pronoun mention (``None`` when unknown)."""
        text = _POSSESSIVE.sub("", mention.strip())
        if not text:
            return None
        if text[:1].isupper():
            full = self.full_name(text)
            if full:
                return full
            name, titles = strip_titles(text)
            if titles and len(name.split()) == 1:
                return self.role(text) or name
            if text.split()[0].lower() == "the":
                return self.role(text) or text
            return name
        role = self.role(text)
        if role:
            return role
        # "veteran budget analyst Teodor Blank": a lowercase description before a name
        words = text.split()
        for i, w in enumerate(words):
            if w[:1].isupper():
                if all(x[:1].isupper() or x.lower() in ("de", "van", "von", "al", "bin") for x in words[i:]):
                    return self.resolve(" ".join(words[i:]))
                break
        return text

    def alias_map(self) -> dict[str, str]:
        """Surface forms -> full names for this article."""
        out: dict[str, str] = {}
        for s, e, name in self.mentions:
            out.setdefault(_POSSESSIVE.sub("", self.text[s:e]), name)
        for last, c in self._surname.items():
            if len(c) == 1:
                out.setdefault(last, next(iter(c)))
        return out


def alias_map(article: Article) -> dict[str, str]:
    """Within-article alias map (surface form -> canonical full name)."""
    return NameIndex(article.source).alias_map()


def canonicalize(quotes_by_doc: dict[str, list[Quote]], articles: dict[str, Article] | None = None) -> dict[str, str]:
    """Rewrite ``Quote.speaker`` to corpus-wide canonical names, in place.

    A single-word speaker (``Rutte``) becomes the one multi-word name ending
    in that word that the corpus uses (``Mark Rutte``); ambiguous surnames are
    left alone. Returns the corpus alias map that was applied.
    """
    full_by_last: dict[str, Counter[str]] = defaultdict(Counter)
    names: list[str] = []
    for quotes in quotes_by_doc.values():
        for q in quotes:
            if q.speaker:
                names.append(q.speaker)
    for art in (articles or {}).values():
        idx = NameIndex(art.source)
        for p in idx.persons.values():
            if len(p.name.split()) >= 2:
                full_by_last[p.name.split()[-1]][p.name] += p.count
    for n in names:
        if len(n.split()) >= 2 and _looks_person(n):
            full_by_last[n.split()[-1]][n] += 1
    mapping: dict[str, str] = {}
    for n in set(names):
        if len(n.split()) != 1 or not n[:1].isupper():
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
