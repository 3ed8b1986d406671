"""Canonical person names: aliases within an article.

Within an article, :class:`NameIndex` collects the capitalised name sequences
of the text (``NATO Secretary General Mark Rutte``), strips leading titles to
get full names (``Mark Rutte``), and maps surnames and titled short forms
(``Rutte``, ``Mr. Rutte``) to them. Role phrases (``the NATO chief``) map to
a person only when the article itself introduces that person with a title
sharing the role's words. Pronouns resolve to the nearest compatible
preceding speaker or person.

Speaker mentions become canonical names with :meth:`NameIndex.canonical`:
role phrases (``the company``, ``Its chief executive``, ``a spokeswoman``)
take the name in apposition, else the organisation named before them or the
person the article gives that role; ``X of ORG`` keeps the person X; places
and crowds (``dockers``, ``both sides``) are nobody. Organisations and places
are told apart by their contexts (:meth:`NameIndex.kind`, from
:mod:`.name_kinds`), without NER.

Across a corpus, :func:`.corpus_names.canonicalize` makes the names of
several articles agree.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...models import Article
from .cues import (
    CUE_FORMS,
    DETERMINERS,
    FEMALE_TITLES,
    MALE_TITLES,
    ORG_NAME_WORDS,
    ORG_ROLE_NOUNS,
    PRONOUN_GENDER,
    TITLE_WORDS,
)
from .name_kinds import NOT_PERSON, POSSESSIVE, NameKinds

__all__ = ["NameIndex", "alias_map", "looks_person", "strip_titles", "role_head"]

_CAP = r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Rev|Prof|St|Jr|Sr)\.|[A-Z]\.|[A-Z][\w'’\-]*)"
_NAME_SEQ = re.compile(rf"{_CAP}(?:\s+(?:(?:of|de|van|von|der|bin|al|da|del)\s+)?{_CAP})*")
_ORG_WORDS = {"news", "times", "post", "party", "committee", "department", "ministry", "council",
              "union", "tv", "school", "university", "institute", "foundation", "agency", "bank",
              "group", "campaign", "network", "fund", "journal", "review", "press", "reuters",
              "bloomberg", "cnn", "fox", "nbc", "abc", "cbs", "msnbc", "house", "senate",
              "congress", "court", "administration", "office", "center", "centre", "association"}

_APPOS_BEFORE = re.compile(
    r"(?:\b(?:[Ii]ts|[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)|[A-Z][\w’'\-]*['’]s)\s+((?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*)\s*,\s*$")
_APPOS_AFTER = re.compile(
    r"\s*,\s*(?:(?:the|a|an|its|his|her|their)\s+|[A-Z][\w’'\-]*['’]s\s+)((?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*)")
_APPOS_NAME = re.compile(rf"\s*,\s*({_CAP}(?:\s+(?:(?:of|de|van|von|der|bin|al|da|del|the)\s+)?{_CAP}){{0,5}})\s*[,)]")
_PERSON_OF = re.compile(r"([A-Z][\w'’\-.]*(?:\s+[A-Z][\w'’\-.]*){0,4})\s+of\s+(?:the\s+)?$")
_ROLE_STOP = {"and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as",
              "that", "who", "which", "when", "while", "after", "before", "than", "is", "was", "are",
              "were", "be", "been", "has", "have", "had", "not", "said", "says", "told"}


def role_head(phrase: str) -> str:
    """The head noun of a role phrase, lowercased (``Its chief executive`` -> ``executive``)."""
    words = phrase.split()
    return POSSESSIVE.sub("", words[-1]).strip(".,;:’'").lower() if words else ""


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


def looks_person(name: str) -> bool:
    """Whether ``name`` looks like a person's: up to four capitalised words, no organisation word."""
    words = name.split()
    if not words or len(words) > 4:
        return False
    lows = [w.lower().rstrip(".") for w in words]
    if any(w in _ORG_WORDS or w in ORG_NAME_WORDS for w in lows):
        return False
    if lows[0] in NOT_PERSON and len(words) == 1:
        return False
    return all(w[:1].isupper() for w in words)


class NameIndex(NameKinds):
    """Person names of one article and their aliases (and, from
    :class:`~.name_kinds.NameKinds`, its organisations and places)."""

    def __init__(self, text: str, ranges: Iterable[tuple[int, int]] | None = None):
        self.text = text
        self.persons: dict[str, _Person] = {}
        self.mentions: list[tuple[int, int, str]] = []  # start, end, full name
        self._surname: dict[str, Counter[str]] = defaultdict(Counter)
        self._raw: list[tuple[int, str]] = []  # every capitalised sequence (start, text)
        self._occ: dict[str, list[tuple[int, int, bool]]] | None = None  # built lazily
        self._entities: list[tuple[int, int, str]] | None = None  # organisation mentions, built lazily
        self._kinds: dict[str, str | None] = {}  # name -> "org" / "place" / None
        spans = list(ranges) if ranges is not None else [(0, len(text))]
        self._span_starts = {a for a, _ in spans}
        for a, b in spans:
            for m in _NAME_SEQ.finditer(text, a, b):
                self._add_phrase(m.group(), m.start(), m.end())
                self._raw.append((m.start(), m.group()))
        self.mentions.sort()
        self._genders_from_pronouns()
        self._roles_done = False  # role words around names are collected on first need

    # -- building ----------------------------------------------------------
    def _add_phrase(self, phrase: str, start: int, end: int) -> None:
        phrase = POSSESSIVE.sub("", phrase.strip())
        name, titles = strip_titles(phrase)
        words = name.split()
        while words and words[0].lower() in NOT_PERSON and words[0].lower() not in ("al",):
            words.pop(0)
        while words and (words[-1].lower().rstrip(".") in TITLE_WORDS):
            words.pop()
        if not words:
            return
        name = " ".join(words)
        if len(words) >= 2 and not titles and (phrase.split()[0] == "The" or self.text[max(0, start - 4) : start] == "the "):
            return  # "the Halmer Tagblatt": a determiner marks an organisation, not a person
        gender = None
        for t in titles:
            low = t.lower().rstrip(".")
            if low in MALE_TITLES:
                gender = "m"
            elif low in FEMALE_TITLES:
                gender = "f"
        if len(words) >= 2 and looks_person(name):
            p = self.persons.setdefault(name, _Person(name))
            p.count += 1
            p.titles.update(t.lower().rstrip(".") for t in titles)
            p.gender = p.gender or gender
            self._surname[words[-1]][name] += 1
            self.mentions.append((start, end, name))
        elif len(words) == 1 and looks_person(name) and name.lower() not in NOT_PERSON:
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
        for _s, e, name in self.mentions:
            window = self.text[e : e + 120].lower()
            m = re.search(r"\b(he|his|him|she|her|hers)\b", window)
            if m:
                votes[name][PRONOUN_GENDER[m.group(1)]] += 1
        for name, c in votes.items():
            p = self.persons.get(name)
            if p and p.gender is None:
                p.gender = c.most_common(1)[0][0]

    def _roles_from_context(self) -> None:
        """Role words around person mentions become their titles: lowercase
        descriptions before the name (``crane operator Bogdan Rell``) and
        appositions (``Its leader, Ilse Marrow``, ``Aurel Fenn, the former
        transport minister``)."""
        if self._roles_done:
            return
        self._roles_done = True
        text = self.text
        for s, e, name in self.mentions:
            p = self.persons.get(name)
            if p is None:
                continue
            roles: list[str] = []
            before = text[max(0, s - 80) : s]
            m = _APPOS_BEFORE.search(before)
            if m:
                roles += m.group(1).split()
            else:
                for w in reversed(before.split()[-4:] if before.endswith((" ", "\t")) else []):
                    low = w.lower().strip("’'")
                    if not w.isalpha() and not w.replace("-", "").isalpha():
                        break
                    if low in DETERMINERS or low in CUE_FORMS or low in _ROLE_STOP:
                        break
                    roles.append(low)
                    if w[:1].isupper():
                        break
            m = _APPOS_AFTER.match(text, e, min(len(text), e + 80))
            if m:
                roles += m.group(1).split()
            for r in roles:
                r = r.lower()
                p.titles.add(r)
                if p.gender is None and r in FEMALE_TITLES:
                    p.gender = "f"
                elif p.gender is None and r in MALE_TITLES:
                    p.gender = "m"

    def kind(self, name: str | None) -> str | None:
        """``"person"``, ``"org"``, ``"place"`` or ``None`` for a name of this article."""
        if not name:
            return None
        if name in self.persons:
            return "person"
        return self._classify(name)

    def role_person(self, head: str, pos: int | None = None) -> str | None:
        """The person this article gives the role ``head`` (``leader``,
        ``spokeswoman``): the only one, else the nearest named before ``pos``."""
        if not head:
            return None
        self._roles_from_context()
        gender = "f" if head in FEMALE_TITLES else "m" if head in MALE_TITLES else None
        cands = {p.name for p in self.persons.values() if head in p.titles
                 and (gender is None or p.gender in (None, gender))}
        if len(cands) == 1:
            return next(iter(cands))
        if cands and pos is not None:
            for _s, e, name in reversed(self.mentions):
                if e <= pos and name in cands:
                    return name
        return None

    def apposition(self, end: int) -> str | None:
        """A name set off by commas right after a mention ending at ``end``
        (``Its chief executive, Ruben Solvang, said``)."""
        m = _APPOS_NAME.match(self.text, end, min(len(self.text), end + 80))
        return m.group(1) if m else None

    def canonical(self, mention: str, start: int | None = None, end: int | None = None) -> str | None:
        """Canonical speaker name for a non-pronoun mention at ``start..end``.

        Role phrases (``the company``, ``Its chief executive``, ``a
        spokeswoman``) take the name in apposition, else the organisation
        named before them (organisation roles) or the person the article gives
        that role (person roles), else stay as the role text. ``X of ORG``
        keeps the person X; places and bare common nouns give ``None``."""
        text = POSSESSIVE.sub("", mention.strip())
        if not text:
            return None
        words = text.split()
        first = words[0].lower()
        caps_after = any(w[:1].isupper() for w in words[1:])
        determined = first in DETERMINERS and first not in ("one",)
        if not caps_after and (determined or text[:1].islower()):
            if end is not None:
                app = self.apposition(end)
                if app:
                    name = self.resolve(app)
                    if name and self.kind(name) != "place":
                        return self.long_org(name) if self.kind(name) == "org" else name
            head = role_head(text)
            if head in ORG_ROLE_NOUNS:
                org = self.org_before(start) if start is not None else None
                return org or (text if determined else None)
            person = self.role(text) or self.role_person(head, start)
            if person:
                return person
            plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
            # a singular role stays as its text ("a ministry spokeswoman"); a crowd
            # ("both sides", "dockers", "two officials") is nobody in particular
            return text if determined and not plural else None
        if start is not None:
            m = _PERSON_OF.search(self.text, max(0, start - 80), start)
            if m:
                who = self.full_name(m.group(1))
                if who:
                    return who
        name = self.resolve(text)
        k = self.kind(name)
        if k == "place":
            return None
        if k == "org" and name:
            return self.long_org(name)
        return name

    # -- lookups -----------------------------------------------------------
    def full_name(self, short: str) -> str | None:
        """The full name a surname or short form stands for in this article."""
        short = POSSESSIVE.sub("", short.strip())
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
        self._roles_from_context()
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
        for _s, e, name in reversed(self.mentions):
            if e > pos:
                continue
            g = self.persons[name].gender if name in self.persons else None
            if gender in ("m", "f") and g not in (None, gender):
                continue
            return name
        return None

    def gender(self, name: str | None) -> str | None:
        p = self.persons.get(name or "")
        return p.gender if p else None

    def resolve(self, mention: str) -> str | None:
        """Canonical name for a non-pronoun mention (``None`` when unknown)."""
        text = POSSESSIVE.sub("", mention.strip())
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
            out.setdefault(POSSESSIVE.sub("", self.text[s:e]), name)
        for last, c in self._surname.items():
            if len(c) == 1:
                out.setdefault(last, next(iter(c)))
        return out


def alias_map(article: Article) -> dict[str, str]:
    """Within-article alias map (surface form -> canonical full name)."""
    return NameIndex(article.source).alias_map()
