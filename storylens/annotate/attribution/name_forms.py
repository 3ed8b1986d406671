"""Forms of one person's name: titles, tails, nicknames, the fullest form.

Helpers shared by the per-article :class:`~.names.NameIndex`, the corpus pass
(:mod:`.corpus_names`) and the story-level speaker resolution of
:mod:`storylens.compare.speakers`:

- :func:`strip_titles` splits ``Jesuit Father Thomas J. Reese`` into the name
  and its titles; :func:`name_of_phrase` also drops an ``of <place>`` tail
  (``Nancy Pelosi of California``), a party tag (``(R-Ky.)``, ``, R-Ky.``) and
  finds the name after ``<title> of <body>`` (``Director of Port
  Security Aurel Fenn`` -> ``Aurel Fenn``);
- :func:`parts` reads a name as first name, middle names, surname and suffix
  (accents folded, so ``Calderon`` and ``Calderón`` are one surname);
- :func:`same_person` says whether two forms can name one person (``Jim
  Mattis`` / ``James Mattis``, ``Hillary Clinton`` / ``Hillary Rodham
  Clinton``, ``Tim Murray`` / ``Timothy Murray``), and :func:`fullest` picks
  the form to show (``James Mattis``, ``Felipe Calderón``);
- :func:`non_speaker_name` tells names that are no single speaker: a party or
  a demonym (``Democrats``, ``African American``), a party tag (``R-Ky``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .cues import JOINED_PARTICLES, ORG_NAME_WORDS, PERSONAL_TITLES, TITLE_WORDS

__all__ = ["NICKNAMES", "NameParts", "PARTY_TAG", "WEEKDAYS", "fold", "fullest", "headline_run", "name_of_phrase",
           "non_speaker_name", "near_spelling", "parts", "same_person", "strip_titles", "surname"]

SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# "(R-Ky.)", "R-Ky.", "D-Calif", "I-Vt." (a party and a state)
PARTY_TAG = re.compile(r"^\(?[RDI][-–][A-Z][A-Za-z.]{0,12}\)?,?$")
_TAIL_TAG = re.compile(r",?\s*\(?\b[RDI][-–][A-Z][A-Za-z.]{0,12}\)?,?\s*$")

# common English diminutives -> formal first names
NICKNAMES: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "al": "albert alan allan alfred", "alex": "alexander alexandra", "andy": "andrew", "abe": "abraham",
    "ben": "benjamin", "beth": "elizabeth", "betty": "elizabeth", "bill": "william", "billy": "william",
    "bob": "robert", "bobby": "robert", "cathy": "catherine", "chris": "christopher christine",
    "chuck": "charles", "dan": "daniel", "danny": "daniel", "dave": "david", "debbie": "deborah",
    "dick": "richard", "don": "donald", "doug": "douglas", "ed": "edward", "eddie": "edward",
    "fred": "frederick", "gene": "eugene", "greg": "gregory", "hank": "henry", "harry": "henry",
    "jack": "john", "jake": "jacob", "jeff": "jeffrey", "jen": "jennifer", "jenny": "jennifer",
    "jerry": "gerald jerome", "jim": "james", "jimmy": "james", "joe": "joseph", "jon": "jonathan",
    "kate": "katherine catherine", "katie": "katherine catherine kathleen", "ken": "kenneth",
    "larry": "lawrence", "liz": "elizabeth", "lou": "louis", "maggie": "margaret", "matt": "matthew",
    "meg": "margaret", "mike": "michael", "mitch": "mitchell", "nate": "nathan nathaniel",
    "nick": "nicholas", "pat": "patrick patricia", "peggy": "margaret", "pete": "peter",
    "phil": "philip phillip", "ray": "raymond", "rich": "richard", "rick": "richard", "rob": "robert",
    "ron": "ronald", "russ": "russell", "sam": "samuel samantha", "sandy": "sandra", "stan": "stanley",
    "steve": "stephen steven", "sue": "susan", "ted": "edward theodore", "terry": "terrence terence",
    "tim": "timothy", "tom": "thomas", "tommy": "thomas", "tony": "anthony", "vince": "vincent",
    "walt": "walter", "will": "william", "zach": "zachary", "beto": "robert",
}.items()}

# names that are no single speaker: parties and their members, demonyms, faiths
_GROUP_WORDS = set("""democrat democrats republican republicans gop independent independents conservative
conservatives liberal liberals progressive progressives libertarian libertarians tory tories labour
american americans african asian asians hispanic hispanics latino latinos latina latinas mexican mexicans
european europeans british briton britons english french german germans italian italians spanish russian
russians chinese japanese korean koreans indian indians pakistani pakistanis iranian iranians iraqi iraqis
israeli israelis palestinian palestinians arab arabs syrian syrians afghan afghans turkish turk turks
canadian canadians cuban cubans venezuelan venezuelans ukrainian ukrainians taiwanese muslim muslims
christian christians catholic catholics jewish jews jew evangelical evangelicals protestant protestants
white whites black blacks native natives""".split())


def fold(text: str) -> str:
    """``text`` without accents, lower-cased (``Calderón`` -> ``calderon``)."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


# the parts a hyphenated title is made of ("Editor-in-chief", "Co-founder", "Ex-minister", "Editor-publisher")
_TITLE_PARTS = {"editor", "publisher", "in", "co", "ex", "vice", "founder", "owner"}


def _title_word(w: str) -> bool:
    low = w.lower().rstrip(".,").replace("’", "'")
    if low in TITLE_WORDS or low.endswith(("-elect", "-to-be", "-designate", "-in-waiting")):
        return True
    parts = low.split("-")
    return len(parts) > 1 and all(p in TITLE_WORDS or p in _TITLE_PARTS for p in parts) \
        and any(p in TITLE_WORDS or p in ("editor", "publisher") for p in parts)


_POSSESSIVE_WORD = re.compile(r"\w['’]s$|s['’]$")
_NAME_PARTICLES = {"de", "van", "von", "der", "da", "del", "bin", "al", "la", "le"}


def strip_titles(name: str) -> tuple[str, list[str]]:
    """Split a name phrase into (name without leading titles, the titles).
    A possessive word owns what follows: before a person's name it goes with
    the titles ("Breitbart’s Joel Pollak", "Obama’s press secretary Jay
    Carney"); before anything else the phrase stays whole ("the U.S.
    Attorney’s Office" is an office, not a person named "Office")."""
    words = name.replace(",", " ").split()
    owner = [i for i, w in enumerate(words[:-1]) if _POSSESSIVE_WORD.search(w)]
    if owner:
        k = owner[-1] + 1
        name, titles = strip_titles(" ".join(words[k:]))
        named = name.split()
        if len(named) >= 2 and all(w[:1].isupper() or w in _NAME_PARTICLES for w in named) \
                and not {w.lower().strip(".,’'") for w in named} & ORG_NAME_WORDS:
            return name, words[:k] + titles
        return " ".join(words).rstrip(",."), []
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if _title_word(w):
            last_title = i
    titles = words[: last_title + 1]
    return " ".join(words[last_title + 1 :]).rstrip(",."), titles


def _core_name(words: list[str]) -> list[str]:
    """The person's name at the end of ``<body> <First> [initials] <Last> [suffix]``."""
    k = len(words)
    if k and words[k - 1].lower().rstrip(".,") in SUFFIXES:
        k -= 1
    if k < 2:
        return words
    i = k - 2
    while i > 0 and re.fullmatch(r"[A-Z]\.", words[i]):
        i -= 1  # "James R. Clapper": the initial belongs to the name
    if re.fullmatch(r"[A-Z]\.", words[i]) and i > 0:
        i -= 1
    return words[i:]


def name_of_phrase(phrase: str) -> tuple[str, list[str]]:
    """The name in a titled phrase and its titles: titles stripped, an ``of
    <place>`` tail and a party tag dropped, ``<title> of <body> <name>`` read
    as the name (``Director of Port Security Aurel Fenn``)."""
    phrase = _TAIL_TAG.sub("", phrase.strip())
    head, sep, tail = phrase.partition(" of ")
    if sep and tail:
        h_name, h_titles = strip_titles(head)
        if all(_title_word(w) for w in head.split()):
            # "Secretary of Homeland Security Kirstjen Nielsen": the name closes the phrase
            words = [w for w in tail.split() if w.lower() != "the"]
            core = _core_name(words)
            while len(core) >= 2 and _title_word(core[0]):
                core = core[1:]  # "Secretary of State Clinton": "State" is the office's, not the name's
            if core and all(w[:1].isupper() for w in core) and (len(core) >= 2 or len(core) < len(_core_name(words))):
                return " ".join(core), head.split() + ["of"] + words[: len(words) - len(core)]
        if len(h_name.split()) >= 2 and all(w[:1].isupper() for w in h_name.split()) \
                and not {w.lower().strip(".,’'") for w in h_name.split()} & ORG_NAME_WORDS:
            return h_name, h_titles  # "Nancy Pelosi of California", not "Istrava Ministry of Economy"
    name, titles = strip_titles(phrase)
    if titles and " " not in name and name.lower().strip(".,’'") in ORG_NAME_WORDS and name[:1].isupper() \
            and titles[-1].lower().rstrip(".") not in PERSONAL_TITLES:
        # "State Department", "Harbour Lake Host Committee": a body's name, not a title before
        # "Department" (but "Mr. House" is a man)
        return phrase.rstrip(",."), []
    return name, titles


@dataclass(frozen=True)
class NameParts:
    """A person's name read as first name, middle names, surname and suffix (folded)."""

    first: str
    middle: tuple[str, ...]
    last: str
    suffix: str


_JOINED_LAST = re.compile(rf"^(?:{'|'.join(JOINED_PARTICLES)})-(?=\w)")


@lru_cache(maxsize=65536)
def parts(name: str) -> NameParts | None:
    """The parts of a person's name (``None`` for an empty one; read once
    per name: a story compares each form with many others)."""
    words = [w.strip(".,") for w in re.split(r"\s+", name.strip()) if w.strip(".,")]
    suffix = ""
    if len(words) >= 2 and words[-1].lower() in SUFFIXES:
        suffix = words.pop().lower()
    if not words:
        return None
    toks = [fold(w) for w in words]
    toks[-1] = _JOINED_LAST.sub("", toks[-1])  # "al-Sarraj" is the "Sarraj" another article writes
    if len(toks) == 1:
        return NameParts("", (), toks[0], suffix)
    return NameParts(toks[0], tuple(toks[1:-1]), toks[-1], suffix)


def surname(name: str) -> str:
    """The folded surname of a person's name (suffix aside)."""
    p = parts(name)
    return p.last if p else ""


def near_spelling(a: str, b: str) -> bool:
    """Two spellings of one name, one letter apart (``Vincente`` / ``Vicente``,
    ``Cowen`` / ``Cowan``), for names of five letters or more."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _first_ok(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ()) or near_spelling(a, b)


def same_person(a: str, b: str) -> bool:
    """Whether two name forms can name one person: one surname, compatible
    first names (a diminutive, an initial), middle names that do not clash,
    the same suffix where both have one."""
    pa, pb = parts(a), parts(b)
    if pa is None or pb is None:
        return False
    if pa.last != pb.last and not (pa.first and pa.first == pb.first and near_spelling(pa.last, pb.last)):
        return False
    if pa.suffix and pb.suffix and pa.suffix != pb.suffix:
        return False
    if not _first_ok(pa.first, pb.first):
        return False
    for x in pa.middle:
        for y in pb.middle:
            if len(x) > 1 and len(y) > 1 and x != y:
                return False
            if x[0] != y[0]:
                return False
    return True


def _formality(name: str) -> int:
    p = parts(name)
    if p is None or not p.first:
        return 0
    return 1 if p.first in NICKNAMES else 2


def fullest(forms: list[str], uses: dict[str, int] | None = None) -> str:
    """The form to show for one person among ``forms``: a first name over
    none, the formal first name over a diminutive, the most words (a middle
    name only where as many sources print it as leave it out), then
    accents kept, then the form most sources use (``uses``), then the
    longest, then the first given."""
    uses = uses or {}
    split = {f: parts(f) for f in forms}

    def words(f: str) -> int:
        """Words that count: a middle name printed by fewer sources than the
        same first name and surname without it ("Hillary Rodham Clinton" in
        one outlet's house style, "Hillary Clinton" in all three) does not."""
        n = len(f.split())
        p = split[f]
        full_middle = sum(len(m) > 1 for m in p.middle) if p else 0
        if p and full_middle:
            bare = [uses.get(g, 0) for g, q in split.items()
                    if q and q.first == p.first and q.last == p.last and not any(len(m) > 1 for m in q.middle)]
            if bare and max(bare) > uses.get(f, 0):
                n -= full_middle
        return n

    def key(iv: tuple[int, str]) -> tuple[int, int, int, int, int, int]:
        i, f = iv
        accents = int(fold(f) != f.lower())
        return (_formality(f), words(f), accents, uses.get(f, 0), len(f), -i)
    return max(enumerate(forms), key=key)[1]


WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
# months ("may" left out: a surname as often, "Theresa May"), weekdays and days that say when, never who
_CALENDAR = WEEKDAYS | {"january", "february", "march", "april", "june", "july", "august", "september", "october",
                        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                        "oct", "nov", "dec", "today", "yesterday", "tonight", "tomorrow"}
_HOLIDAYS = {"election", "inauguration", "christmas", "labor", "labour", "memorial", "veterans", "independence",
             "thanksgiving", "valentine's", "valentines", "mother's", "father's", "boxing", "armistice",
             "remembrance", "columbus", "presidents", "year's", "years", "easter", "primary", "voting",
             "polling", "opening", "launch", "swearing-in"}
_WHEN_LINKS = {"on", "in", "by", "since", "around", "until", "last", "next", "early", "late", "mid", "of", "the", "that",
               "this", "each", "every"}
_BARE_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "prof"}


def non_speaker_name(name: str | None) -> bool:
    """A party tag, a party or a demonym (``R-Ky``, ``Democrats``, ``African
    American``, ``California Democrat``) rather than a speaker's name."""
    if not name:
        return False
    text = name.strip()
    if PARTY_TAG.match(text):
        return True
    when = [fold(w).strip(".,’'") for w in text.split()]
    when = [w for w in when if w not in _WHEN_LINKS]
    if when and all(w in _CALENDAR or w.isdigit() for w in when):
        return True  # "July", "Dec. 1", "On Friday": a date says nothing
    if len(when) == 2 and when[1] in ("day", "eve") and when[0] in _HOLIDAYS:
        return True  # "Election Day", "Christmas Eve" (but "Doris Day" is a name)
    if fold(text).strip(".") in _BARE_HONORIFICS:
        return True  # "Mr." alone
    words = [fold(w).strip(".,’'") for w in text.split()]
    words = [w for w in words if w not in ("the", "a", "an", "one", "some", "many", "most", "two", "three")]
    if not words:
        return False
    head = words[-1]
    if head not in _GROUP_WORDS or not all(w[:1].isalpha() for w in words):
        return False
    # "California Democrat", "African American", "Congressional Republicans": the head word decides;
    # a group named in full ("House Intelligence Committee Republicans") may speak as one
    return not head.endswith("s") or len(words) <= 2


# words that join the clauses of a headline and stand in no name ("Cosmo Cover Scrapped Amid Claims That ...")
_HEADLINE_LINKS = frozenset("amid after despite before since until while than that because although though".split())


def headline_run(name: str | None) -> bool:
    """A run of four or more capitalised words holding a headline's linking
    word after its first ("Trump Gets Trolled After GOP Sen", "Cover Scrapped
    Amid Claims That ..."): a headline glued to the text, no speaker's name.
    Shorter names keep such words ("Al From", "Ian Read")."""
    if not name:
        return False
    words = name.split()
    return len(words) >= 4 and any(w[:1].isupper() and w.strip("’'.,:").lower() in _HEADLINE_LINKS for w in words[1:])
