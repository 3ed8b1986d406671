"""People named in a story's articles: one key per person across outlets.

A person is keyed by surname and first name with accents folded and
nicknames resolved ("Liz Cheney" = "Elizabeth Cheney", "Sánchez" =
"Sanchez"); middle initials and honorifics are dropped. :func:`person_names`
finds the full names of an article (First [M.] Last, two to four capitalised
words after an optional title); :func:`subject_before` resolves "he" / "she"
to the person the text was just about.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["PersonName", "fold", "first_key", "person_key", "person_names", "subject_before", "TITLE_WORDS"]

_NICKNAMES = {
    "liz": "elizabeth", "beth": "elizabeth", "betsy": "elizabeth", "bill": "william", "will": "william",
    "billy": "william", "bob": "robert", "rob": "robert", "bobby": "robert", "jim": "james", "jimmy": "james",
    "mike": "michael", "tom": "thomas", "dick": "richard", "rick": "richard", "joe": "joseph", "ted": "edward",
    "ed": "edward", "chuck": "charles", "charlie": "charles", "dan": "daniel", "dave": "david", "steve": "stephen",
    "steven": "stephen", "chris": "christopher", "pat": "patrick", "tony": "anthony", "andy": "andrew",
    "alex": "alexander", "nick": "nicholas", "ben": "benjamin", "sam": "samuel", "matt": "matthew", "greg": "gregory",
    "jeff": "jeffrey", "jon": "jonathan", "tim": "timothy", "don": "donald", "ron": "ronald", "ken": "kenneth",
    "larry": "lawrence", "jerry": "gerald", "kate": "katherine", "kathy": "katherine", "cathy": "catherine",
    "sue": "susan", "jenny": "jennifer", "jen": "jennifer", "peggy": "margaret", "maggie": "margaret",
    "meg": "margaret", "newt": "newton", "bibi": "benjamin",
}
TITLE_WORDS = frozenset("""mr mrs ms miss dr sen senator rep rep. representative gov governor president vice former
secretary speaker leader gen general judge justice chairman chairwoman chair mayor attorney minister prime
sheriff lt gov. sen. reps sens the a an""".split())
_NOT_FIRST = frozenset("""The A An In On At By For Of And But Or If As It Its This That These Those He She They We
Democrat Democrats Democratic Republican Republicans GOP House Senate Congress White State States United
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December North South East West New Fox News Times Post""".split())
# a capitalised word holding a lower-case letter, read once from its capital: a bounded look for the letter and
# no giving back (a run of "A-A-A-…" had every capital read the rest of the run: quadratic)
_CAP = r"[A-ZÀ-Ý](?=[\w’'\-]{0,60}?[a-zà-ÿ])[\w’'\-]{0,80}+"
_NAME_RE = re.compile(rf"(?<![\w’'])(?P<first>{_CAP})(?:\s(?P<mid>[A-Z]\.|{_CAP}))?\s(?P<last>{_CAP})(?![\w’'])")


def fold(s: str) -> str:
    """Lower case without accents: "Sánchez" -> "sanchez"."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def first_key(first: str) -> str:
    f = fold(first).strip(".")
    return _NICKNAMES.get(f, f)


def person_key(first: str, last: str) -> tuple[str, str]:
    return first_key(first), fold(last).replace("’", "'")


@dataclass
class PersonName:
    """A full name in an article (source offsets)."""

    start: int
    end: int
    first: str
    last: str

    @property
    def key(self) -> tuple[str, str]:
        return person_key(self.first, self.last)

    @property
    def text(self) -> str:
        return f"{self.first} {self.last}"


def person_names(text: str, start: int = 0, end: int | None = None) -> list[PersonName]:
    """Full names ("Linda T. Sánchez", "Mary Cheney") in ``text[start:end]``;
    "Malia and Sasha Obama" gives both names."""
    out: list[PersonName] = []
    end = len(text) if end is None else end
    pos = start
    while True:
        m = _NAME_RE.search(text, pos, end)
        if not m:
            return out
        first, last, mid = m.group("first"), m.group("last"), m.group("mid")
        if first in _NOT_FIRST or fold(first).rstrip(".") in TITLE_WORDS:
            pos = m.end("first")  # "Representative Linda T. Sánchez": the name starts after the title
            continue
        pos = m.end()
        if last in _NOT_FIRST or (mid and not mid.endswith(".") and mid not in _NOT_FIRST):
            continue  # three capitalised words: not sure where the name is
        out.append(PersonName(m.start(), m.end(), first, last))
        co = _AND_FIRST_RE.search(text, max(start, m.start() - 30), m.start())
        if co:
            out.append(PersonName(co.start("f"), m.end(), co.group("f"), last))


_AND_FIRST_RE = re.compile(r"(?<![\w’'])(?P<f>[A-Z][a-z]+)\s(?:and|&)\s$")


_SENT_START_RE = re.compile(r"(?:^|[.!?]\s+|\n)(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.\s)?(?P<name>[A-Z][\w’'\-]+)(?=[\s,’'])")


def subject_before(text: str, pos: int, surnames: set[str], window: int = 600) -> str | None:
    """The surname of the person a passage was just about: the nearest sentence
    before ``pos`` that opens with a known surname ("Cowan is a graduate of ...
    He and wife Stacy ..." -> "cowan"); None when no sentence does."""
    found = None
    for m in _SENT_START_RE.finditer(text, max(0, pos - window), pos):
        if fold(m.group("name")) in surnames:
            found = fold(m.group("name"))
    return found
