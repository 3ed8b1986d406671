"""Organisations and places among the capitalised names of an article.

:class:`NameKinds` is the part of :class:`~.names.NameIndex` that tells the
names that are no person apart without NER, from their contexts:
organisation words in the name (``… Terminals``), a role noun before it
(``terminal operator WorldHarbor``, ``Its operator, OltraHydro``), a speech cue
after it (``WorldHarbor said``), ``the`` before a multi-word name; places from
locative prepositions (``in Portsalve``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .cues import COMMENT_ADVERBS, CUE_FORMS, DETERMINERS, ORG_NAME_WORDS, ORG_ROLE_NOUNS, PLACE_PREPOSITIONS, US_STATES
from .name_forms import non_speaker_name

__all__ = ["NOT_PERSON", "NameKinds", "PLACE_BEFORE", "POSSESSIVE", "country_name"]

POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")  # "Trump's", "Mattis’"
# words that are no person's name alone, nor part of one where they open a capitalised sequence
NOT_PERSON = {
    "the", "a", "an", "in", "on", "at", "but", "and", "however", "it", "this", "that", "he", "she",
    "they", "we", "i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "nato", "eu", "us", "u.s.", "un", "white",
    "house", "news", "times", "post", "party", "committee", "department", "ministry", "council",
    "union", "states", "united", "kingdom", "europe", "america", "russia", "ukraine", "china",
    "alliance", "school", "university", "tv", "according", "after", "when", "while", "as", "if",
    "what", "why", "how", "who", "last", "next", "earlier", "later", "also", "despite", "under",
    "though", "although", "because", "unless", "whether", "whereas", "until", "since",
    "following", "unlike", "plus", "during", "before", "yet", "among", "amid", "like", "without", "within",
    "through", "throughout", "against", "including", "regarding", "besides", "beyond", "upon", "once",
    "moreover", "meanwhile", "nevertheless", "nonetheless", "thus", "hence", "therefore", "instead", "indeed",
    "perhaps", "even", "only", "just", "both", "neither", "either", "nor", "so", "then", "now", "here", "there",
    "for", "with", "from", "by", "to", "of", "speaking", "images", "photo", "read", "mr.", "mrs.",
    "ms.", "dr.", "prime", "president", "secretary", "general", "minister", "senator", "sen.",
    # a question's auxiliary opening a subhead ("Has Trump been questioned?"); not "will", "can" (names)
    "has", "have", "had", "is", "was", "were", "are", "does", "did", "do", "should", "would", "could",
} | COMMENT_ADVERBS


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    data = json.loads(resources.files("storylens").joinpath("data/actors.json").read_text(encoding="utf-8"))
    return frozenset(n.lower() for c in data["countries"].values() for n in c["names"])


def country_name(name: str) -> bool:
    """Whether ``name`` is a country's name in the shipped gazetteer ("El
    Salvador", "South Korea"): a place, never a person."""
    return name.lower() in _country_names()


_ROLE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(ORG_ROLE_NOUNS)) + r")\s*,?\s*$", re.IGNORECASE)
PLACE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(PLACE_PREPOSITIONS)) + r")\s+(?:neighbouring\s+|nearby\s+|neighboring\s+)?$")
# a town and its state ("Menlo Park, Calif.,"), or a home ("New York-based"): a place
_PLACE_AFTER = re.compile(r"(?:,\s*(?:" + "|".join(re.escape(k) for k in sorted(US_STATES, key=len, reverse=True)
                                                   if k.endswith(".") or k.istitle()) + r")\s*,|-based\b)")
_CUE_AFTER = re.compile(r"(?:\s*,)?\s+(?:(?:has|have|had|also|has also|had also)\s+)?([a-z]+)")
# a capitalised name of a body, open at its end: "U.S. Conference of Catholic ", "Log Cabin "
_BODY_NAME = r"((?:[A-Z][\w.’'&-]*\s+(?:(?:of|for|and)\s+(?:the\s+)?)?){0,6}"
# an apposition closing before a relative clause: ", a gay rights group," (its last comma kept)
_APPOSITION_END = re.compile(r",\s+(?:a|an|the)\s+[^,“”\"]{1,60},$")
_INNER_CAP = re.compile(r"[a-z][A-Z]")
_ORG_KEEP = {"union", "house", "news", "times", "post", "party", "committee", "department",
             "ministry", "council", "alliance", "school", "university", "white", "united", "national"}
_TRAIL_DROP = {"said", "says", "told"}


class NameKinds:
    """Organisation and place names of an article (a part of
    :class:`~.names.NameIndex`, which sets the attributes below)."""

    text: str
    mentions: list[tuple[int, int, str]]  # person mentions: start, end, full name
    _raw: list[tuple[int, str]]  # every capitalised sequence (start, text)
    _span_starts: set[int]
    _occ: dict[str, list[tuple[int, int, bool]]] | None
    _entities: list[tuple[int, int, str]] | None
    _kinds: dict[str, str | None]

    if TYPE_CHECKING:
        @property
        def persons(self) -> Mapping[str, object]: ...
        def full_name(self, short: str) -> str | None: ...

    def _initial(self, pos: int) -> bool:
        """Whether ``pos`` opens a sentence (so capitals there prove nothing)."""
        k = pos - 1
        while k >= 0 and self.text[k] in " \t“\"‘'«„(":
            k -= 1
        return k < 0 or self.text[k] in ".!?:;\n" or pos in self._span_starts

    def _occurrences(self) -> dict[str, list[tuple[int, int, bool]]]:
        """Non-person capitalised names -> their occurrences ``(start, end, after "the")``."""
        if self._occ is not None:
            return self._occ
        text = self.text
        person_spans = {(s, e) for s, e, _ in self.mentions}
        occ: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
        proper: set[str] = set()
        for start, raw in self._raw:
            pos = start
            for part in raw.split("\n"):
                s = pos + len(part) - len(part.lstrip())
                e = pos + len(part.rstrip())
                pos += len(part) + 1
                if s >= e or (s, e) in person_spans:
                    continue
                words = POSSESSIVE.sub("", text[s:e]).split()
                lead_the = words[0].lower() == "the"
                while words and (words[0].lower() in NOT_PERSON and words[0].lower() not in _ORG_KEEP
                                 or words[0].lower() in DETERMINERS):
                    words.pop(0)
                while words and words[-1].lower().rstrip(".") in _TRAIL_DROP:
                    words.pop()
                if not words:
                    continue
                if not lead_the and not self._initial(s):
                    proper.update(words)
                name = " ".join(words).rstrip(",.:;")
                occ[name].append((s, e, lead_the or text[max(0, s - 4) : s].lower() == "the "))
        for name in list(occ):
            if " " not in name and name not in proper and not _INNER_CAP.search(name):
                del occ[name]  # a capitalised common word opening a sentence ("Insurers said")
        self._occ = occ
        return occ

    def _classify(self, name: str) -> str | None:
        """``"org"``, ``"place"`` or ``None`` for a non-person name, from its
        contexts: organisation words in the name (``… Terminals``), a role noun
        before it (``terminal operator WorldHarbor``, ``Its operator,
        OltraHydro``), a speech cue after it (``WorldHarbor said``), ``the``
        before a multi-word name; places from locative prepositions (``in
        Portsalve``)."""
        if name in self._kinds:
            return self._kinds[name]
        kind = self._vote(name) if not self.full_name(name) else None
        self._kinds[name] = kind
        return kind

    def _vote(self, name: str) -> str | None:
        kind = None
        spots = self._occurrences().get(name)
        if spots:
            text = self.text
            words = name.split()
            org = place = 0
            lows = {w.lower().strip("’'") for w in words}
            word_org = bool(lows & ORG_NAME_WORDS)
            for s, e, the in spots:
                if word_org:
                    org += 2
                before = text[max(0, s - 40) : s]
                if _ROLE_BEFORE.search(before):
                    org += 2
                m = _CUE_AFTER.match(text, e, min(len(text), e + 40))
                if m and m.group(1).lower() in CUE_FORMS:
                    org += 1
                if the and len(words) >= 2:
                    org += 1
                if PLACE_BEFORE.search(before):
                    place += 1
                if _PLACE_AFTER.match(text, e):
                    place += 3
            if org > 0 and org >= place:
                kind = "org"
            elif place > 0:
                kind = "place"
        return kind

    def organisations(self) -> list[tuple[int, int, str]]:
        """Organisation mentions of the article ``(start, end, name)``, in order."""
        if self._entities is None:
            occ = self._occurrences()
            self._entities = sorted((s, e, n) for n, spots in occ.items() if self._classify(n) == "org"
                                    for s, e, _ in spots)
        return self._entities

    def group_name_before(self, pos: int, head: str, limit: int = 2500) -> str | None:
        """The body named before ``pos`` by a capitalised name that ends in
        ``head`` (``the bishops`` after ``the U.S. Conference of Catholic
        Bishops``), when the article names just one such body."""
        word = head[:1].upper() + head[1:]
        lo = max(0, pos - limit)
        found = {self._body(m.group(1)) for m in re.finditer(rf"{_BODY_NAME}{re.escape(word)})\b", self.text[lo:pos])
                 if not self.in_title_line(lo + m.start())}
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def org_right_before(self, pos: int) -> str | None:
        """The body that a relative "which" at ``pos`` stands for: named right
        before it, past an apposition (``the Log Cabin Republicans, a gay
        rights group, which said``); not a person ("a book by Bob Woodward,
        which reported")."""
        cut = _APPOSITION_END.sub(",", self.text[max(0, pos - 200):pos].rstrip())
        m = re.search(rf"{_BODY_NAME}[A-Z][\w.’'&-]*)\s*,$", cut)
        return self._body(m.group(1)) if m else None

    def in_title_line(self, pos: int) -> bool:
        """Whether ``pos`` lies in a line of title-case words (a headline: "Port
        Board Blames Veteran Pilots"), whose capitals name nothing."""
        text = self.text
        a = text.rfind("\n", max(0, pos - 200), pos)  # a headline is short: look no further than that
        if a < 0 and pos > 200:
            return False
        b = text.find("\n", pos, pos + 200)
        if b < 0 and len(text) > pos + 200:
            return False
        words = text[a + 1:b if b >= 0 else len(text)].split()
        return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)

    def _body(self, name: str) -> str | None:
        """``name`` as an organisation: one the article's names classify so, or
        a name of the form "… of …" ("Conference of Catholic Bishops");
        ``None`` for a person, a place or anything else (a headline's words)."""
        name = re.sub(r"^(?:[Tt]he)\s+", "", name.strip())
        if not name or name in self.persons or self.full_name(name) or non_speaker_name(name):
            return None
        kind = self._classify(name)
        if kind == "org" or (kind is None and len(name.split()) >= 3 and " of " in name):
            return self.long_org(name)
        return None

    def long_org(self, name: str) -> str:
        """The one longer organisation name of this article that starts with
        ``name`` (``WorldHarbor`` -> ``WorldHarbor Terminals``), else ``name``."""
        prefix = name + " "
        # the added words must name a body ("… Holdings", "… Party"), not a thing of it ("the WikiLeaks Twitter account")
        # (and not a headline's words: "Dockers Guild Ready To Bargain On Harbour Trust Pension Age")
        longer = {n for n, spots in self._occurrences().items() if n.startswith(prefix) and self._classify(n) == "org"
                  and {w.lower().strip("’'.") for w in n[len(prefix):].split()} & ORG_NAME_WORDS
                  and not all(self.in_title_line(s) for s, _e, _t in spots)}
        return next(iter(longer)) if len(longer) == 1 else name

    def org_before(self, pos: int, limit: int = 2500) -> str | None:
        """The nearest organisation named before ``pos`` (within ``limit`` characters)."""
        for _s, e, name in reversed(self.organisations()):
            if e > pos:
                continue
            if pos - e > limit:
                break
            return self.long_org(name)
        return None
