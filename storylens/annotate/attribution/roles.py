"""Role phrases: which person or organisation a description names.

:class:`RoleIndex` is the part of :class:`~.names.NameIndex` that reads role
phrases. The role words the article gives each person are collected from
around their mentions (``crane operator Bogdan Rell``, ``Aurel Fenn, the
former transport minister``, ``Rep. Rashida Tlaib (D-Mich.)``).

- :meth:`RoleIndex.role` resolves a title to its holder only with evidence
  in the text: its head (``president``) and each of its distinguishing words
  (``Taiwanese``) must be among that person's role words, so ``the Taiwanese
  president`` is not the ``Chinese President Xi Jinping`` of the article;
- :meth:`RoleIndex.affiliation` reads an unnamed source by whom it speaks for:
  ``a senior State Department official`` -> ``State Department``, ``a Google
  spokesperson`` -> ``Google``, ``a Ryan spokesman`` -> ``spokesman for Paul
  Ryan``, ``the Washington Post report`` -> ``Washington Post``;
- :meth:`RoleIndex.personal` says whether a speaker can be "he" or "she".
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .cues import (
    CUE_FORMS,
    DETERMINERS,
    FEMALE_TITLES,
    MALE_TITLES,
    ORG_NAME_WORDS,
    ORG_ROLE_NOUNS,
    TITLE_WORDS,
    US_STATES,
)
from .name_forms import non_speaker_name
from .name_kinds import PLACE_BEFORE, POSSESSIVE

if TYPE_CHECKING:
    from .names import _Person

__all__ = ["RoleIndex", "THING_NOUNS", "person_noun", "role_head", "title_like"]

_APPOS_BEFORE = re.compile(
    r"(?:\b(?:[Ii]ts|[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)|([A-Z][\w’'\-]*)['’]s)\s+((?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*)\s*,\s*$")
_APPOS_AFTER = re.compile(
    r"\s*,\s*(?:(?:the|a|an|its|his|her|their)\s+|[A-Z][\w’'\-]*['’]s\s+)((?:[\w\-]+\s+){0,3}[a-z][\w\-]*)")
_AGE_AFTER = re.compile(r"\s*,\s*(\d{1,3})\s*,")
_PARTY_AFTER = re.compile(r"\s*[,(]\s*([RD])[-–]\s*([A-Z][A-Za-z]*\.?(?:\s?[A-Z][a-z]*\.)?)")
# "Lea Fenwick, Democrat of Vermont", "Ivo Brandt, a Republican of New York"
_PARTY_OF = re.compile(r"\s*,\s*(?:an?\s+)?(Democrat|Republican)\s+(?:of|from)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
# the states as party tags write them ("D-Calif.", "R-N.Y.", "D-Ohio", "R-TX")
_STATES = US_STATES
STATE_NAMES = frozenset(_STATES.values())
_ROLE_STOP = {"and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as",
              "that", "who", "which", "when", "while", "after", "before", "than", "is", "was", "are",
              "were", "be", "been", "has", "have", "had", "not", "said", "says", "told",
              # prepositions: "the president already knew about Flynn" gives Flynn no title
              "about", "into", "onto", "against", "over", "under", "through", "like", "upon", "toward",
              "towards", "between", "among", "during", "without", "within", "despite", "via", "including",
              "behind", "beside", "besides", "beyond", "unlike", "amid"}
# heads of phrases that name a document or thing, never a "he" or "she"
THING_NOUNS = {"lawsuit", "suit", "letter", "statement", "report", "memo", "filing", "complaint", "document",
               "text", "release", "study", "survey", "poll", "ruling", "order", "bill", "law", "plan",
               "proposal", "book", "article", "story", "email", "tweet", "post", "video", "ad", "money",
               "conference", "account", "website", "site", "page", "message", "note", "transcript", "speech",
               "decision", "resolution", "budget", "policy", "program", "programme", "investigation",
               "indictment", "motion", "brief", "petition", "opinion", "editorial", "column",
               "headline", "slides", "slide", "files", "file", "data", "figures", "record", "records",
               "doctrine", "excerpts", "excerpt", "documents", "description"}
# heads of unnamed sources who speak for someone ("a Google spokesperson", "a State Department official")
SOURCE_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "aide", "aides",
                "representative", "representatives", "source", "sources", "adviser", "advisers", "advisor"}
# role words of one meaning ("Sen." / "senator", "congresswoman" / "Rep.")
_SYNONYMS = {"sen": "senator", "rep": "representative", "congressman": "representative",
             "congresswoman": "representative", "gov": "governor", "gen": "general", "atty": "attorney",
             "sec": "secretary", "pres": "president", "spokeswoman": "spokesperson", "spokesman": "spokesperson",
             "hopeful": "candidate", "front-runner": "candidate", "frontrunner": "candidate",
             "contender": "candidate", "democrat": "democratic", "republican": "republican", "gop": "republican",
             "chairwoman": "chair", "chairman": "chair", "lawmaker": "representative"}
# words of a role phrase that distinguish no one ("the former president", "the new congresswoman")
_INDEFINITE = {"a", "an", "one", "another", "some", "any", "many", "several", "no", "two", "three"}
_GENERIC = {"former", "current", "new", "top", "senior", "then", "longtime", "veteran", "newly", "elected",
            "outgoing", "incoming", "acting", "freshman", "young", "old", "s", "mr", "mrs", "ms"}
_LEADERS = {"chief", "head", "leader", "boss"}
_DEPUTY = {"vice", "deputy", "assistant"}
# how long someone has held a role distinguishes no holder ("the four-term congressman", "the two-time champion")
_TENURE = re.compile(r"[a-z0-9]+-(?:term|time|year)")
_PARTIES = {"democratic", "republican"}
_PLACE_WORDS = {"city", "county", "state", "valley", "island", "islands", "river", "lake", "park", "bay", "beach",
                "street", "avenue", "square", "hill", "heights", "college", "school", "university", "hospital",
                "center", "centre", "airport", "station", "york", "carolina", "dakota", "virginia", "jersey",
                "hampshire", "mexico", "bend", "rico", "angeles", "francisco", "diego", "vegas", "orleans"}
_NOT_ROLES = {"after", "never", "over", "under", "other", "either", "neither", "whether", "later", "earlier",
              "rather", "ever", "however", "together", "potential", "several", "total", "additional",
              "recent", "current", "president's", "that", "about"}


def role_head(phrase: str) -> str:
    """The head noun of a role phrase, lowercased (``Its chief executive`` -> ``executive``)."""
    words = phrase.split()
    return POSSESSIVE.sub("", words[-1]).strip(".,;:’'").lower() if words else ""


def title_like(word: str) -> bool:
    """A capitalised word of a title: a title word or a demonym (``Former Mexican President``)."""
    low = word.lower().rstrip(".,")
    return (low in TITLE_WORDS and low not in ("mr", "mrs", "ms", "dr")) or non_speaker_name(word)


_ROLE_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "al", "ic", "ive", "ary", "ee")


def person_noun(low: str) -> bool:
    """A lower-case noun that can name a person by what they do (``analyst``,
    ``economist``, ``consultant``, ``researcher``), by its ending."""
    return low in _PERSON_NOUNS or (low.endswith(_ROLE_ENDINGS) and low not in _NOT_ROLES and low not in _ROLE_STOP
                                    and low not in CUE_FORMS)


_PERSON_NOUNS = {"analyst", "expert", "coach", "aide", "ally", "chief", "head", "boss", "chef", "pilot", "nurse"}


def _role_word(word: str) -> bool:
    """A word of a role description (``former``, ``national``, ``adviser``,
    ``NATO``), not a verb or preposition caught beside a name (``knew``, ``into``)."""
    low = POSSESSIVE.sub("", word.lower()).strip(".,;:’'()")
    if not low or low in _ROLE_STOP or low in CUE_FORMS or low.isdigit():
        return False
    if re.fullmatch(r"\d{1,3}-year-old", low):
        return True
    if word[:1].isupper() or low in TITLE_WORDS or low in SOURCE_NOUNS or low in _SYNONYMS or low in _GENERIC:
        return True
    return low.endswith(_ROLE_ENDINGS) and low not in _NOT_ROLES or non_speaker_name(low)


def _norm(word: str) -> str:
    w = POSSESSIVE.sub("", word.lower()).strip(".,;:’'()")
    return _SYNONYMS.get(w, w)


class RoleIndex:
    """Role phrases of an article (a part of :class:`~.names.NameIndex`,
    which sets the attributes below)."""

    text: str
    persons: dict[str, _Person]
    mentions: list[tuple[int, int, str]]
    mentions_of: dict[str, list[tuple[int, int]]]  # name -> its (start, end), in order
    _roles_done: bool

    if TYPE_CHECKING:
        def kind(self, name: str | None) -> str | None: ...
        def org_before(self, pos: int, limit: int = 2500) -> str | None: ...
        def full_name(self, short: str) -> str | None: ...
        def plain_word(self, word: str) -> bool: ...
        def resolve(self, mention: str) -> str | None: ...
        def long_org(self, name: str) -> str: ...


    def _roles_from_context(self) -> None:
        """Role words around person mentions become their titles: lowercase
        descriptions before the name (``crane operator Bogdan Rell``),
        appositions (``Its leader, Ilse Marrow``, ``Aurel Fenn, the former
        transport minister``) and a party tag after it (``(D-Mich.)``)."""
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
                roles += m.group(2).split() + ([m.group(1)] if m.group(1) else [])  # "Valdoria's prime minister, …"
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
            if m and text[m.end(1):m.end(1) + 2] not in ("'s", "’s"):
                # (not "Michael Flynn, the president's former adviser": the president is someone else)
                roles += m.group(1).split()
            roles = [r for r in roles if _role_word(r)]
            m = _PARTY_AFTER.match(text, e, min(len(text), e + 16))
            if m:  # "(D-Calif.)": "the California Democrat"
                roles.append("democratic" if m.group(1) == "D" else "republican")
                roles += _STATES.get(m.group(2).strip(), "").split()
            m = _PARTY_OF.match(text, e, min(len(text), e + 40))
            if m and m.group(2).lower() in STATE_NAMES:  # "Democrat of Vermont"
                roles += [m.group(1).lower(), *m.group(2).lower().split()]
            m = _AGE_AFTER.match(text, e, min(len(text), e + 8))
            if m:
                roles.append(f"{m.group(1)}-year-old")  # "Rubio, 43, said": "the 43-year-old"
            for r in roles:
                r = r.lower()
                p.titles.update({r, _norm(r)})
                if p.gender is None and r in FEMALE_TITLES:
                    p.gender = "f"
                elif p.gender is None and r in MALE_TITLES:
                    p.gender = "m"
        for p in self.persons.values():
            p.titles.update({_norm(t) for t in p.titles})

    def role(self, phrase: str, pos: int | None = None) -> str | None:
        """The person a role phrase names (``the NATO chief``, ``the Taiwanese
        president``), only with evidence: the person's role words hold the
        phrase's head (or, for ``chief``/``leader``, its other words) and every
        word that distinguishes it. Several holders: the nearest before ``pos``."""
        words = [w for w in phrase.split() if w[:1].isalpha()]
        if non_speaker_name(phrase) and words and words[0].lower() in _INDEFINITE:
            return None  # "one Democrat who opposed her": an indefinite party description is nobody named
        if not words or not any(w[:1].islower() and w.lower() not in DETERMINERS for w in words) \
                and not all(title_like(w) for w in words if w.lower() not in DETERMINERS) \
                and not non_speaker_name(phrase):
            # "Mr. McConnell" is a name, not a role; "Former Mexican President" and "The California
            # Democrat" are roles
            return None
        toks = [_norm(w) for w in words if w.lower() not in DETERMINERS]
        toks = [t for t in toks if t and t not in _GENERIC and not _TENURE.fullmatch(t)]
        if not toks:
            return None
        head, mods = toks[-1], set(toks[:-1])
        self._roles_from_context()
        cands, unsure = [], []
        for p in self.persons.values():
            if head in _LEADERS and head not in p.titles:
                ok = bool(mods) and mods <= p.titles
            else:
                # "the president" is not the vice president nor the deputy
                ok = head in p.titles and mods <= p.titles and not (p.titles & _DEPUTY) - mods
                if not ok and head in p.titles and mods - p.titles <= _PARTIES and not p.titles & _PARTIES:
                    unsure.append(p.name)  # "the Democratic congresswoman": a party the article does not give her
            if ok:
                cands.append(p.name)
        if not cands and unsure:
            # the party is taken on trust only from the one holder of the role named before ``pos``
            before = self._named_before(unsure, pos)
            return before[0] if len(before) == 1 else None
        return self._in_full(self._nearest(cands, pos))

    def _in_full(self, name: str | None) -> str | None:
        """A holder known by title and surname alone ("President Trump" in a
        headline) under the full name the article gives that surname."""
        if name is None or " " in name:
            return name
        return self.full_name(name) or name

    def _named_before(self, cands: list[str], pos: int | None) -> list[str]:
        """The candidates a role phrase at ``pos`` can point back to: in the
        body, those named before it; in the headline, all."""
        if pos is None or pos <= self.text.find("\n"):
            return cands
        return [c for c in cands if any(s < pos for s, _e in self.mentions_of.get(c, ()))]

    def _all_titles(self) -> set[str]:
        self._roles_from_context()
        return {t for p in self.persons.values() for t in p.titles}

    def _nearest(self, cands: list[str], pos: int | None) -> str | None:
        """One of several holders of a role: the one the article names far
        more often than the others, else the nearest named before ``pos``.
        In the body a role phrase points back: a holder the article names
        only after ``pos`` is none ("the presidential hopeful said" before
        "Democratic presidential hopeful Hillary Clinton"); a headline
        ("Former Mexican President: '…'") may name the body's person ahead."""
        cands = self._named_before(cands, pos)
        if len(cands) == 1:
            return cands[0]
        counts = {c: len(self.mentions_of.get(c, ())) for c in cands}
        ranked = sorted(cands, key=lambda c: -counts[c])
        if len(ranked) > 1 and counts[ranked[0]] >= 2 * max(1, counts[ranked[1]]):
            return ranked[0]
        if cands and pos is not None:
            # the candidate whose last mention ending by ``pos`` comes latest
            best: tuple[tuple[int, int], str] | None = None
            for c in cands:
                spans = self.mentions_of.get(c, [])
                k = bisect.bisect_right(spans, pos, key=lambda m: m[1]) - 1
                if k >= 0 and (best is None or spans[k] > best[0]):
                    best = (spans[k], c)
            return best[1] if best else None
        return None

    def role_person(self, head: str, pos: int | None = None) -> str | None:
        """The person this article gives the role ``head`` (``leader``,
        ``spokeswoman``): the only one, else the nearest named before ``pos``."""
        if not head:
            return None
        self._roles_from_context()
        gender = "f" if head in FEMALE_TITLES else "m" if head in MALE_TITLES else None
        cands = [p.name for p in self.persons.values() if head in p.titles
                 and (gender is None or p.gender in (None, gender))]
        return self._nearest(cands, pos)

    def affiliation(self, phrase: str) -> str | None:
        """Whom an unnamed source or a document speaks for, from the
        capitalised name inside the phrase: ``a senior State Department
        official`` -> ``State Department``, ``the Washington Post report`` ->
        ``Washington Post``, ``a Ryan spokesman`` -> ``spokesman for Paul Ryan``
        (a person's spokesperson stays one); ``None`` without a name."""
        words = phrase.split()
        head = role_head(phrase)
        if head not in SOURCE_NOUNS and head not in THING_NOUNS:
            return None
        caps = [POSSESSIVE.sub("", w) for w in words[:-1] if w[:1].isupper() and w.lower() not in DETERMINERS]
        if caps and words[-1][:1].isupper() and head in ORG_NAME_WORDS:
            caps.append(POSSESSIVE.sub("", words[-1]))  # "The Harbour Post": the paper, not "Harbour"'s post
        if not caps:
            return None
        name = " ".join(caps)
        if " " not in name and name not in self.persons and self.kind(name) is None and self.plain_word(name):
            return None  # "Federal law makes it a crime …": an adjective, no one's law
        person = self.full_name(name)
        if person:
            return person if head in THING_NOUNS else f"{head} for {person}"
        if self.kind(name) == "place" or non_speaker_name(name):
            return None
        return self.long_org(name) if self.kind(name) == "org" else name

    def real_person(self, name: str) -> bool:
        """A person of the article that its contexts do not show to be a place
        or an organisation ("New York", "South Bend" in "in New York")."""
        if name not in self.persons:
            return False
        if name.split()[-1].lower() in _PLACE_WORDS:
            return False  # "New York City", "Louis Community College"
        p = self.persons[name]
        if p.gender or p.titles & TITLE_WORDS:
            return True  # "Mr. Trump", "he said": a person, whatever prepositions stand before
        spots = [s for s, _e in self.mentions_of.get(name, ())]
        places = sum(1 for s in spots if PLACE_BEFORE.search(self.text[max(0, s - 40):s]))
        return not places or 2 * places < len(spots)  # "in South Carolina", "from Puerto Rico"

    def personal(self, name: str | None) -> bool:
        """Whether ``name`` (a canonical speaker) can be "he" or "she": a person
        of the article, a one-word name the text never writes in lower case
        that is no organisation, place, party or demonym, or a role phrase
        whose head is no organisation or thing (``a spokeswoman``, not ``the
        lawsuit``)."""
        if not name:
            return False
        if name in self.persons:
            return self.real_person(name)
        if non_speaker_name(name):
            return False
        words = name.split()
        if words[0].lower() in DETERMINERS or name[:1].islower():
            if any(w[:1].isupper() for w in words[1:]):
                return False
            head = role_head(name)
            return head not in ORG_ROLE_NOUNS and head not in THING_NOUNS
        if self.kind(name) is not None:
            return False
        last = words[-1]
        if len(words) > 1:
            # "Peter King" whom the text also calls "King"; not "Puerto Rico" or "Ground Zero"
            return re.search(rf"(?<!{re.escape(words[-2])} )\b{re.escape(last)}\b", self.text) is not None
        return re.search(rf"(?<![\w’'-]){re.escape(name.lower())}(?![\w’'-])", self.text) is None
