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

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...models import Article
from ...text import MAX_NAME_RUN_WORDS
from ..dates.lexicon import MONTH_TIME_WORDS, ending_with_word
from .cues import (
    CORPORATE_SUFFIXES,
    CUE_FORMS,
    DETERMINERS,
    FEMALE_TITLES,
    JOINED_PARTICLES,
    MALE_TITLES,
    ORG_NAME_WORDS,
    ORG_ROLE_NOUNS,
    PRONOUN_GENDER,
    RANKS,
    TITLE_WORDS,
)
from .first_names import first_name_gender
from .name_forms import PARTY_TAG, SUFFIXES, WEEKDAYS, name_of_phrase, non_speaker_name, strip_titles
from .name_kinds import NOT_PERSON, POSSESSIVE, NameKinds, country_name
from .phrases import DOCUMENT_PREPS, ROLE_NOUNS, STOP_NP
from .roles import SOURCE_NOUNS, THING_NOUNS, RoleIndex, person_noun, role_head, title_like

__all__ = ["NameIndex", "alias_map", "looks_person", "strip_titles", "role_head"]

_RANKS = "|".join(r.capitalize() for r in RANKS)
# a surname with a particle joined on: "diGenova", "al-Sarraj"
_JOINED = rf"(?:(?:di|de|da|del|du|van|von|la|le)|(?:{'|'.join(JOINED_PARTICLES)})-)[A-Z]"
_CAP = (rf"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Rev|Prof|St|Jr|Sr|{_RANKS})\.|[A-Z]\.|[A-Z][\w'’\-]*"
        rf"|{_JOINED}[\w'’\-]*)")
_GAP = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"  # spaces with at most one line break: a name never spans paragraphs
_MONTH_SURNAMES = {"April", "May", "June"}  # a month's name that is also a surname ("Theresa May")
_TIME_WORD_BEFORE = ending_with_word(MONTH_TIME_WORDS)
_COUNTRY_ABBREVIATIONS = {"U.S.", "U.K.", "U.N.", "E.U."}
_NAME_SEQ = re.compile(rf"{_CAP}(?:{_GAP}(?:(?:of|de|van|von|der|bin|al|da|del){_GAP})?{_CAP})*")
_ORG_WORDS = {"news", "times", "post", "party", "committee", "department", "ministry", "council",
              "union", "tv", "school", "university", "institute", "foundation", "agency", "bank",
              "group", "campaign", "network", "fund", "journal", "review", "press", "reuters",
              "bloomberg", "cnn", "fox", "nbc", "abc", "cbs", "msnbc", "house", "senate",
              "congress", "court", "administration", "office", "center", "centre", "association"}

_APPOS_NAME = re.compile(rf"\s*,\s*({_CAP}(?:{_GAP}(?:(?:of|de|van|von|der|bin|al|da|del|the){_GAP})?{_CAP}){{0,5}})\s*(?:[,)]|[.;](?:\s|$))")
_NICKNAME = re.compile(r"\b([A-Z][a-z]+)\s+[“\"]([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)[”\"]\s+([A-Z][\w'’\-]+)")
_NAME_BEFORE_TAG = re.compile(r"([A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,4})\s*[,(]\s*$")
_TITLE_ADJECTIVES = {"democratic", "republican", "house", "senate", "majority", "minority", "state", "foreign",
                     "defense", "defence", "first", "u.s.", "nato", "un", "eu", "special", "former", "outgoing",
                     "incoming", "retired", "deputy", "vice", "prime", "chief", "executive"}
# a quotation in double marks, or one still open at the end of a span
_QUOTED_RUN = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")
_OPEN_MARKS = {"“", '"', "‘", "'"}
_CLOSE_MARKS = {"”", '"', "’", "'"}
# what an unnamed source knows ("officials familiar with the talks")
_SOURCE_TAIL = re.compile(r"\s+(?:familiar with|with knowledge of|close to|briefed on|involved in|in)\s+"
                          r"(?:the\s+|a\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}")
# title words that can end a person's title ("Former Mexican President"), not "House" or "State"
PERSON_TITLE_HEADS = TITLE_WORDS - {
    "mr", "mrs", "ms", "miss", "dr", "former", "outgoing", "incoming", "retired", "vice", "prime", "first", "house",
    "senate", "majority", "minority", "state", "foreign", "defense", "defence", "democratic", "republican", "u.s.",
    "nato", "un", "eu", "special", "st", "saint", "ret", "sec", "deputy"}
# a title that, alone, names no one ("CEO", "Chairman"); not a body ("NATO", "Senate") nor an office one
# person holds ("Pope", "Queen")
_BARE_TITLES = PERSON_TITLE_HEADS - {"pope", "king", "queen", "prince", "princess", "lord", "lady", "sir", "dame"}
_AGE = re.compile(r"^(?:[Tt]he\s+)?(\d{1,3})-year-old$")
# (the body's words are one word each and a space between: a run of capitals read one way only, not split
# into words in every way, which took exponential time before a character outside the words)
_ROLE_FOR = re.compile(r"^(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[a-z-]+\s+){0,2}([a-z]+)\s+(?:for|of|at|to|with)\s+"
                       r"(?:the\s+)?([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)\s*$")
_SURNAME_TITLES = {"un", "king", "bishop", "judge", "marshal", "dean", "cardinal", "sheriff", "father", "host",
                   "anchor", "delegate", "pope", "prince", "major", "chancellor", "speaker", "sergeant"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame"}
# interjections that open a tweet or a line before a name ("Hey Twitter, …"): no part of it
_INTERJECTIONS = {"hey", "oh", "hi", "hello"}
# a photo agency's credit run on into the text ("... during a visit to the UK: Getty Donald Trump has been
# criticised ..."), and the word of the credit after it ("Getty Images", "AP Photo"): no part of a name
_PHOTO_CREDITS = frozenset("getty shutterstock alamy istock istockphoto".split())
_CREDIT_NOUNS = frozenset("images image photo photos pictures picture via".split())
_LEAD_DROP = set(CUE_FORMS) | {"despite", "after", "when", "while", "as", "but", "and", "however", "if",
                               "although", "though", "since", "because", "before", "under", "with", "from",
                               "by", "for", "also", "meanwhile", "then", "now", "so",
                               # a question's auxiliary, an interjection: "Would Adam Schiff have …?", "Hey Twitter"
                               "would", "could", "should", "did", "does", "do", "has", "have", "had", "is", "was",
                               "were", "are", *_INTERJECTIONS}
# words that open a capitalised job title ("Senior Vice President of Sales", "Executive Director")
_TITLE_OPENERS = {"senior", "executive", "assistant", "associate", "managing", "regional", "global", "group",
                  "national", "principal", "lead", "head"}
# a person's name and the comma after it, right before a title in apposition
_NAME_THEN_COMMA = re.compile(r"(?<![\w,])((?:[A-Z][\w.'’\-]*\s+){1,3}[A-Z][\w'’\-]+)\s*,\s*$")
# a document and the participle that describes it ("the letter signed", "a statement issued")
_THING_THEN_PARTICIPLE = re.compile(r"^((?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\s+(?:[a-z][\w\-]*\s+)?([a-z]+))\s+[a-z]+ed$")
# endings of adjectives that no given name has ("Unpredictable", "Notorious", "Fearless")
_ADJECTIVE = re.compile(r"(?:able|ible|ous|ful|less)$")
# a subject run into its verb's contraction ("That’s produced …", "There’s a saying …", "I’d need …")
_CONTRACTED = re.compile(r"^(\w+)['’](?:s|d|ll|re|ve|m)$", re.IGNORECASE)
_SUFFIX_WORDS = SUFFIXES
# a person's office or campaign as the speaker ("Harry Reid's office")
_OFFICE_OF = re.compile(r"^(.+?)['’]s\s+(office|campaign)$", re.IGNORECASE)
_OFFICE_AFTER = re.compile(r"\s+(office|campaign)\b", re.IGNORECASE)
_OWNER_END = re.compile(r"((?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*?)['’]s$")
# documents that have authors ("the letter said": whoever the article says wrote it)
_AUTHORED = {"letter", "letters", "statement", "memo", "op-ed", "email", "note"}
_AUTHOR_AFTER = re.compile(r"\s+(?:from|by|signed by|written by|sent by)\s+((?:[A-Z][\w.'’\-]*\s+){0,4}[A-Z][\w.'’\-]*"
                           r"(?:(?<=['’]s)\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2})?)")  # "Grimm's attorney"
# a document named by whom it went to or is against ("the letter addressed to Chairman Fenn")
_DOCUMENT_OF = re.compile(r"^\S+\s+(?:[a-z][\w\-]*\s+){0,2}?([a-z]+)\s+(?:[a-z]+ed\s+)?(?:"
                          + "|".join(DOCUMENT_PREPS) + r")\s+[A-Z]")
# the end of a sentence: a full stop before a capital (not after "Mr." or "Sen."), or a line break
SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bSt)"
                           r"(?<!\b[A-Z])[.!?][\"”’)]?\s+(?=[\"“A-Z])|\n")
# the names right before "released a joint statement" (their party tags aside), and nothing between
_NAMES = r"(?:[A-Z][\w.'’\-]*\s+){1,5}(?:\([^)]*\)\s+)?"
_AUTHOR_BEFORE = re.compile(rf"({_NAMES}(?:and\s+{_NAMES})?)(?:released|issued|wrote|sent|signed|posted|published)"
                            r"\s+(?:a|an|the|their|his|her)\s+(?:[\w\-]+\s+){0,2}$")
# "The White House said in an official statement …": the subject of the verb before "in a statement"
_SAID_IN = re.compile(r"((?:[A-Z][\w.'’\-]*\s+){1,5})(?:said|says|announced|added|wrote|declared|stated|warned|"
                      r"insisted|vowed|promised)\s+(?:[\w\-]+\s+){0,2}?in\s+(?:a|an|its|their|his|her)\s+"
                      r"(?:[\w\-]+\s+){0,2}$")
_HANGS_ON = {"for", "of", "to", "by", "against", "with", "from", "behalf"}  # "a lawyer for …": not the subject
# "In a statement carried by the news agency, the harbour master Ana Tovar promised …": the subject after the phrase
_IN_DOCUMENT = re.compile(r"\s*In\s+(?:a|an|its|their|his|her)\s+(?:[\w\-]+\s+){0,2}$")
_SUBJECT_AFTER = re.compile(r"[^,.;:\n]{0,120},\s+(?:[\w.'’\-]+\s+){0,4}?([A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3})\s+"
                            r"(?:said|says|announced|added|wrote|declared|stated|warned|insisted|vowed|promised|"
                            r"pledged|claimed|argued)\b")
# a name, lower-case title words, then the speaker's name ("Obama campaign manager Jim Messina")
_TITLED_NAME = re.compile(r"^(?:[A-Z][\w.'’\-]*\s+){1,3}((?:[a-z][\w\-]*\s+){1,3})((?:[A-Z][\w.'’\-]*\s+)+[A-Z][\w.'’\-]*)$")
# a determiner and describing words before a name ("An incredulous Bob Schieffer")
# (an adverb, then an adjective by its ending: not "The comments signal Ryan", "the letter addressed to Issa")
_DESCRIBED_NAME = re.compile(r"(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ous|ful|ive|ic|al|able|ible|ent|ant|ing|ed|less|ish|ry|gry)"
                             r"\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")
_REPORTS = frozenset({"reports", "reported", "writes", "wrote"})
_INNER_POSSESSIVE = re.compile(r"\w((?:['’]s|(?<=s)['’]))\s+(?=[A-Z])")
# an owner's name, its possessive, then a name: "Smith Barney's Mr. Doyle", "Hewlett-Packard's Mr. Archuleta"
_OWNER_THEN_NAME = re.compile(r"((?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*?)(?:['’]s|(?<=s)['’])\s+([A-Z].*)")

# heads of a subject that is something said or done, not someone who speaks
_NOT_AGENTS = frozenset("comment comments remark remarks view views apology apologies showdown shooting "
                        "disdain bills cover".split())

_OWNED = re.compile(r"^(?:(?:The|the)\s+)?(.+?)['’]s\s")  # "Mr. Braley's apology": the owner
_MAX_HEADLINE_NAME_WORDS = 8  # a longer capitalised run is no name to look for (a text of title-case lines)
_SENTENCE_ENDS = (".", "?", "!", ".”", '."')
_CAP_RUN = re.compile(r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*")


def _run_key(words: str) -> str:
    """Capitalised words as runs are compared: possessives and trailing
    punctuation off ("Stone’s," -> "Stone")."""
    return " ".join(POSSESSIVE.sub("", w).rstrip(",.;:!?") for w in words.split())


# a quantifier standing alone, or a phrase that ends on a word that opens another
_NO_ONE = re.compile(r"(?i:some|one|many|most|others|few|several|all|both|each|either|neither|another|any)"
                     r"|.*\s(?:to|of|for|with|by|from|that|and|or)")
_PERSON_OF = re.compile(r"([A-Z][\w'’\-.]*(?:\s+[A-Z][\w'’\-.]*){0,4})\s+of\s+(?:the\s+)?$")


_REFLEXIVE = re.compile(r"\s+(?:himself|herself|itself|themselves)$")
GENERATIONS = frozenset({"jr", "sr"})  # a son and a father may share the rest of a name


@dataclass
class _Person:
    name: str
    titles: set[str] = field(default_factory=set)
    gender: str | None = None
    count: int = 0
    order: int = 0  # the article names persons in this order (the first named is 0)

    def clear_gender(self) -> str | None:
        """The gender, unless the person's titles say both ("Mr. Trump" and
        "Mrs. Trump" read as one surname)."""
        both = self.titles & MALE_TITLES and self.titles & FEMALE_TITLES
        return None if both else self.gender


def _title_gender(titles: list[str]) -> str | None:
    """"m" or "f" when the title right before a name is a man's or a woman's."""
    low = titles[-1].lower().rstrip(".") if titles else ""
    return "m" if low in MALE_TITLES else "f" if low in FEMALE_TITLES else None


def _role_words(words: list[str]) -> bool:
    """Lower-case words that describe a person's role: role nouns ("campaign
    manager"), or describing words before a noun of a person ("food analyst")."""
    if all(w in ROLE_NOUNS and w != "of" for w in words):
        return True
    return person_noun(words[-1]) and not any(w in STOP_NP or w in CUE_FORMS for w in words)


def _name_after_role(words: list[str]) -> int:
    """Where a person's name starts in a capitalised run that opens with a
    body and a role ("NASA Administrator Jim Bridenstine", "Browns DL Sheldon
    Richardson"): right after a role word or an abbreviation, at a known given
    name, with two or three words left; 0 when it does not, or when a word is
    in lower case ("the letter addressed to Chairman Aurel Fenn")."""
    if not all(w[:1].isupper() for w in words):
        return 0
    for k in range(len(words) - 2, 0, -1):
        tail = words[k:]
        prev = words[k - 1].rstrip(",")
        low = prev.lower().rstrip(".")
        role = low in TITLE_WORDS or person_noun(low) or (prev.isupper() and 2 <= len(prev) <= 5 and prev.isalpha())
        if 2 <= len(tail) <= 3 and role and first_name_gender(tail[0]) and all(w[:1].isupper() for w in tail) \
                and looks_person(" ".join(tail)):
            return k
    return 0


def _role_compound(word: str) -> bool:
    """A hyphenated noun of people by what they do ("Singer-songwriter",
    "Singer-guitarists"), which opens a capitalised run before a name but is
    no part of it."""
    parts = word.lower().split("-")
    return len(parts) >= 2 and all(person_noun(p) or p.endswith("s") and person_noun(p[:-1]) for p in parts)


def _last(words: list[str]) -> str:
    """The surname among a name's words (a ``Jr.`` or ``III`` suffix aside)."""
    if len(words) >= 2 and words[-1].lower().rstrip(".,") in _SUFFIX_WORDS:
        return words[-2].rstrip(",")
    return words[-1] if words else ""


def looks_person(name: str, titled: bool = False) -> bool:
    """Whether ``name`` looks like a person's: up to four capitalised words, no
    organisation word (but for the surname of a titled name, ``President
    Vicente Fox``, or of a name with a middle initial, ``Michael R.
    Bloomberg``)."""
    words = name.split()
    if not words or len(words) > 4:
        return False
    lows = [POSSESSIVE.sub("", w.lower().rstrip(".")).rstrip("’'") for w in words]
    initial = len(words) == 3 and re.fullmatch(r"[A-Z]\.", words[1]) is not None  # "Michael R. Bloomberg"
    check = lows[:-1] if (titled or initial) and len(lows) in (2, 3) else lows
    if any(w in _ORG_WORDS or w in ORG_NAME_WORDS for w in check) or lows[-1] in CORPORATE_SUFFIXES \
            or lows[-1] in _AREA_WORDS:
        return False
    if lows[0] in NOT_PERSON and len(words) == 1:
        return False
    if any(w in SUFFIXES for w in lows[:-1]):  # "Trump Jr. Wikileaks": two names run together
        return False
    if len(words) >= 2 and lows[0] in _PLACE_OPENERS and not titled:
        return False  # "Mount Maunganui", "South Philadelphia", "Fort Worth": a place; "Hurricane Hugo"
    return words[0][:1].isupper() and all(w[:1].isupper() or _JOINED_PARTICLE.match(w) for w in words[1:])


_JOINED_PARTICLE = re.compile(_JOINED)
# last words of an area's name, never of a person's ("Seventh Congressional District")
_AREA_WORDS = {"district", "county", "province", "region", "territory", "parish", "borough", "township",
               "prefecture", "oblast", "governorate", "municipality"}
# first words of places and of storms, never of a person's name ("Hurricane Hugo")
_PLACE_OPENERS = {"mount", "mt", "fort", "ft", "port", "san", "santa", "los", "las", "north", "south", "east",
                  "west", "upper", "lower", "new", "hurricane", "typhoon", "cyclone", "storm", "tropical"}


class NameIndex(NameKinds, RoleIndex):
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
        self._lower_words: set[str] | None = None  # the words the text writes in lower case (built lazily)
        self._outside: set[str] | None = None  # capitalised runs written outside headlines (built lazily)
        self._titled: list[tuple[int, int, str, str, str]] = []  # titled surnames to settle (see _add_phrase)
        self._subject_votes: dict[str, Counter[str]] = defaultdict(Counter)  # "he"/"she" after a person's name
        self._inner_caps: set[str] | None = None  # capitalised words met inside a sentence (built lazily)
        spans = list(ranges) if ranges is not None else [(0, len(text))]
        self._span_starts = {a for a, _ in spans}
        self.nicknames: dict[str, str] = {}  # "Mo Cowan" -> "William Cowan"
        self._find_nicknames(spans)
        for a, b in spans:
            for m in _NAME_SEQ.finditer(text, a, b):
                if len(m.group().split()) > MAX_NAME_RUN_WORDS:
                    continue  # no name (bounded work)
                if text[max(a, m.start() - 2) : m.start() + 2] in _COUNTRY_ABBREVIATIONS:
                    # "S. Embassy" of "U.S. Embassy": no name starts inside an abbreviation; the words
                    # after it may make one ("U.S. President Donald Trump")
                    gap = re.search(r"\s+", m.group())
                    if gap:
                        self._add_phrase(m.group()[gap.end():], m.start() + gap.end(), m.end())
                    continue
                if len(m.group().split()) >= 2 and text[m.start() - 1 : m.start()] in _OPEN_MARKS \
                        and text[m.end() : m.end() + 1] in _CLOSE_MARKS:
                    continue  # nicknamed “Mad Dog Mattis”: a name in quotation marks is no name form
                self._add_phrase(m.group(), m.start(), m.end())
                self._raw.append((m.start(), m.group()))
        self.mentions.sort()
        self._genders_from_pronouns()
        self._settle_titled_surnames()
        # the mentions by position and by name, so that each question about
        # the people near an offset is a bisection, not a walk of the article
        self.mention_starts = [s for s, _e, _n in self.mentions]
        self.mentions_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for s, e, n in self.mentions:
            self.mentions_of[n].append((s, e))
        self._roles_done = False  # role words around names are collected on first need

    # -- building ----------------------------------------------------------
    def _add_phrase(self, phrase: str, start: int, end: int) -> None:
        inner = _INNER_POSSESSIVE.search(phrase)
        if inner:
            # "Iraq's Saddam", "Smith Barney's Mr. Doyle": a name of its own after its owner (a body or a
            # place, no person); "Trump's Mar-a-Lago": the owner a person
            rest = phrase[inner.end():]
            named, titles = name_of_phrase(rest)
            if not (titles or len(named.split()) >= 2 and looks_person(named)):
                self._add_phrase(phrase[:inner.start(1)], start, start + inner.start(1))
            self._add_phrase(rest, start + inner.end(), end)
            return
        phrase = POSSESSIVE.sub("", phrase.strip())
        name, titles = name_of_phrase(phrase)
        words = name.split()
        if len(words) == 1 and words[0] in _MONTH_SURNAMES and self._surname.get(words[0]) \
                and not re.match(r"[\s,]*\d", self.text[end:end + 4]) \
                and not _TIME_WORD_BEFORE.search(self.text, max(0, start - 10), start):
            # "May was similarly glowing" after "Theresa May": her surname, not the month
            self.mentions.append((start, end, self._surname[words[0]].most_common(1)[0][0]))
            return
        while words and (words[0].lower() in NOT_PERSON or words[0].lower() in CUE_FORMS or words[0].lower() in DETERMINERS
                         or words[0].lower() in _INTERJECTIONS or _role_compound(words[0])) \
                and words[0].lower() not in ("al",):  # (not "Other Bush administration officials")
            words.pop(0)
        if len(words) >= 2 and words[0].lower() in _PHOTO_CREDITS:  # (a lone "Getty" is J. Paul Getty's surname)
            after = words[1:]
            while after and (after[0].lower() in _CREDIT_NOUNS or after[0].lower() in DETERMINERS):
                after.pop(0)
            at = phrase.find(after[0], phrase.find(words[0]) + len(words[0])) if after else -1
            if at > 0:  # the rest read as a phrase of its own, titles stripped ("Getty Images CEO Craig Peters")
                self._add_phrase(phrase[at:], start + at, end)
            return
        while len(words) >= 2 and _ADJECTIVE.search(words[0].lower()) and first_name_gender(words[0]) is None:
            words.pop(0)  # "Unpredictable Sondland faces questions": an adjective capitalised by its place
        # where the name starts after a body and a role ("NASA Administrator Jim Bridenstine"), or after
        # the country that closes a role ("China's ambassador to Britain Liu Xiaoming")
        k = _name_after_role(words) if len(words) >= 3 else 0
        if not k and len(words) >= 3 and country_name(words[0]) and looks_person(" ".join(words[1:])) \
                and not self.text[end:end + 1].isalnum():
            k = 1
        if k:
            at = phrase.find(f"{words[k]} ")
            if at > 0:
                self._add_phrase(phrase[at:], start + at, end)
                return
        while words and words[-1].lower().rstrip(".") in TITLE_WORDS \
                and not (len(words) >= 2 and words[-1].lower() in _SURNAME_TITLES):
            words.pop()  # "… Secretary", but not the surname of "Peter King"
        while len(words) >= 2 and words[-1].lower() in WEEKDAYS:
            words.pop()  # "President Obama Monday said": the day is no part of the name
        if len(words) >= 4 and len(words) % 2 == 0 and words[:len(words) // 2] == words[len(words) // 2:]:
            words = words[:len(words) // 2]  # "Joe Root Joe Root": a caption run into the text repeats the name
        if 2 <= len(words) <= _MAX_HEADLINE_NAME_WORDS and self.headline_words(" ".join(words), start):
            # "Man Who Defeated Cantor Calls …", "Indicting Roger Stone": title-case headline words; the
            # name is the part of them the article writes outside its headlines, if any
            words = self._named_outside_headlines(words)
        if not words:
            return
        if len(words) >= 4 and not looks_person(" ".join(words)):
            # "District of Columbia Joseph diGenova": a body's or a place's name run on into a person's
            # that opens with a common first name; the person is that name
            k = max((i for i in range(1, len(words) - 1) if first_name_gender(words[i])), default=0)
            at = phrase.rfind(f"{words[k]} ") if k and len(words) - k in (2, 3) else -1
            if at > 0 and looks_person(" ".join(words[k:])):
                self._add_phrase(phrase[at:], start + at, end)
                return
        name = self.nicknames.get(" ".join(words), " ".join(words))
        words = name.split()
        if len(words) >= 2 and not titles and (phrase.split()[0] == "The" or self.text[max(0, start - 4) : start] == "the "):
            return  # "the Halmer Tagblatt": a determiner marks an organisation, not a person
        gender = None
        for t in titles:
            low = t.lower().rstrip(".")
            if low in MALE_TITLES:
                gender = "m"
            elif low in FEMALE_TITLES:
                gender = "f"
        # the title right before the name makes it a person's ("President Vicente Fox", not "The
        # Democratic National Committee")
        titled = bool(titles) and titles[-1].lower().rstrip(".") in TITLE_WORDS - _TITLE_ADJECTIVES
        if len(words) >= 2 and looks_person(name, titled) and not non_speaker_name(name) \
                and not (titles and self.headline_words(name, start)) and not country_name(name):
            p = self.persons.setdefault(name, _Person(name, order=len(self.persons)))
            p.count += 1
            p.titles.update(t.lower().rstrip(".") for t in titles)
            p.gender = p.gender or gender or first_name_gender(words[0])
            self._surname[_last(words)][name] += 1
            self.mentions.append((start, end, name))
        elif len(words) == 1 and not looks_person(name) and self._surname.get(name) and phrase == name:
            # "Fox, however, …" after "Vicente Fox": the surname of the article's person, though an
            # organisation word
            self.mentions.append((start, end, self._surname[name].most_common(1)[0][0]))
        elif len(words) == 1 and looks_person(name) and name.lower() not in NOT_PERSON and not non_speaker_name(name):
            full = self.full_name(name, gender)
            if full:
                p = self.persons[full]
                if gender and p.gender is None and " " in full:
                    # "Mrs. Varga" after "Anton Varga", whose gender is not known yet: decided once the
                    # pronouns are read (:meth:`_settle_titled_surnames`)
                    self._titled.append((start, end, full, gender, titles[-1]))
                else:
                    p.gender = p.gender or gender
                self.mentions.append((start, end, full))
            elif titles and not self.headline_words(name, start):
                p = self.persons.setdefault(name, _Person(name, order=len(self.persons)))
                p.gender = p.gender or gender
                p.titles.update(t.lower().rstrip(".") for t in titles)
                self.mentions.append((start, end, name))
            elif name in self.persons:  # "Trump" after "President Trump": the same one-name person
                self.mentions.append((start, end, name))

    def headline_words(self, word: str, start: int) -> bool:
        """``word`` (one word or more) stands in a headline and nowhere
        outside one ("N.C. Congressman Apologizes for …", "Assemblyman
        Regrets Shoving Match"): title-case words, not a name."""
        end = self.text.find("\n", start)
        line = self.text[start:end if end >= 0 else len(self.text)].rstrip()
        if not self.in_title_line(start) or line.endswith(_SENTENCE_ENDS):
            return False  # (a title-case line that ends in a stop is a sentence)
        return _run_key(word) not in self._outside_runs()

    def _outside_runs(self) -> set[str]:
        """Every run of up to ``_MAX_HEADLINE_NAME_WORDS`` capitalised words
        the article writes outside its headlines (built once, in one pass)."""
        if self._outside is None:
            out: set[str] = set()
            for line in self.text.split("\n"):
                words = line.split()
                if len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words) \
                        and not line.rstrip().endswith(_SENTENCE_ENDS):
                    continue  # a headline
                for m in _CAP_RUN.finditer(line):
                    toks = _run_key(m.group()).split()
                    for i in range(len(toks)):
                        for j in range(i + 1, min(len(toks), i + _MAX_HEADLINE_NAME_WORDS) + 1):
                            out.add(" ".join(toks[i:j]))
            self._outside = out
        return self._outside

    def _named_outside_headlines(self, words: list[str]) -> list[str]:
        """The longest run of two or more of ``words`` that the article also
        writes outside its headlines ("Roger Stone" of "Indicting Roger
        Stone"; a nickname's form, "Mo Cowan", counts as written); none when
        no run is ("Man Who Defeated Cantor")."""
        if " ".join(words) in self.nicknames:
            return words
        outside = self._outside_runs()
        for size in range(len(words) - 1, 1, -1):
            for k in range(len(words) - size + 1):
                run = " ".join(words[k:k + size])
                if run in self.nicknames or _run_key(run) in outside:
                    return words[k:k + size]
        return []

    def _find_nicknames(self, spans: list[tuple[int, int]]) -> None:
        """``William "Mo" Cowan``: the nickname form (``Mo Cowan``) stands for
        the name (``William Cowan``)."""
        for a, b in spans:
            for m in _NICKNAME.finditer(self.text, a, b):
                first, nick, last = m.group(1), m.group(2), m.group(3)
                self.nicknames[f"{nick} {last}"] = f"{first} {last}"

    def _genders_from_pronouns(self) -> None:
        """A person followed shortly by he/his (she/her) gets that gender
        (not through a titled surname still to be settled: "Mrs. Varga …
        she" says nothing of Anton Varga)."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        starts = [s for s, _e, _n in self.mentions]
        unsettled = {s for s, *_ in self._titled}
        for k, (_s, e, name) in enumerate(self.mentions):
            if _s in unsettled:
                continue
            # up to the next person named (whose pronoun it would rather be)
            stop = min(e + 120, starts[k + 1] if k + 1 < len(starts) else e + 120)
            # (not a pronoun inside a quotation: "Ilse Marrow said … “He came,” she said" is no "he" of hers)
            window = _QUOTED_RUN.sub(" ", self.text[e : max(e, stop)]).lower()
            m = re.search(r"\b(he|his|him|she|her|hers)\b", window)
            if m:
                votes[name][PRONOUN_GENDER[m.group(1)]] += 1
                if m.group(1) in ("he", "she"):
                    self._subject_votes[name][PRONOUN_GENDER[m.group(1)]] += 1
        for name, c in votes.items():
            p = self.persons.get(name)
            if p and p.gender is None:
                p.gender = c.most_common(1)[0][0]

    def _settle_titled_surnames(self) -> None:
        """A surname under a gendered title ("Mrs. Varga") that was taken for
        the article's full name of that surname: kept when that person's
        gender agrees, is still unknown or rests only on a "his" or "her"
        nearby (then the title gives it). Else, when a "he" or "she" right
        after the full name says the other gender, it is another person of
        the surname whose gender agrees, or, when the article names none, a
        person of its own under the title ("Mrs. Varga", not her husband
        Anton Varga)."""
        moved: dict[tuple[int, int], str] = {}
        for start, end, full, gender, title in self._titled:
            p = self.persons[full]
            said = self._subject_votes.get(full, Counter())
            if p.gender in (None, gender) or not (said[p.gender] and not said[gender]):
                p.gender = gender  # only "he"/"she" right after the full name outweighs the title
                continue
            last = _last(full.split())
            other = [n for n in self._surname.get(last, {}) if n != full and self.persons[n].gender in (None, gender)]
            who = max(other, key=lambda n: (self.persons[n].gender == gender, self._surname[last][n], len(n))) \
                if other else f"{title} {last}"
            q = self.persons.setdefault(who, _Person(who, titles={title.lower().rstrip(".")}, order=len(self.persons)))
            q.gender = q.gender or gender
            moved[(start, end)] = who
        if moved:
            self.mentions = [(s, e, moved.get((s, e), n)) for s, e, n in self.mentions]

    def kind(self, name: str | None) -> str | None:
        """``"person"``, ``"org"``, ``"place"`` or ``None`` for a name of this article."""
        if not name:
            return None
        if name in self.persons:
            return "person"
        return self._classify(name)

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
        keeps the person X; places and bare common nouns give ``None``;
        ``The president himself`` is the president."""
        own = _REFLEXIVE.search(mention)
        if own and own.start() > 0:
            mention = mention[:own.start()]
            end = start + len(mention) if start is not None else None
        office = _OFFICE_OF.match(mention.strip())
        owner_at = start
        if office is None and end is not None and mention.rstrip().endswith(("'s", "’s")):
            # "a statement from [title] [name]'s office": the mention stops at the owner
            after = _OFFICE_AFTER.match(self.text, end, min(len(self.text), end + 12))
            tail = _OWNER_END.search(mention.rstrip())
            if after and tail:
                office = _OFFICE_OF.match(f"{tail.group(1)}'s {after.group(1)}")
                owner_at = None if start is None else start + tail.start(1)
        if office:
            # "Reid's office said", "a statement from [title] [name]'s office": the
            # office speaks, not the person; named by the person's full name
            who = office.group(1)
            owner = self.canonical(who, owner_at, owner_at + len(who) if owner_at is not None else None)
            if owner and owner in self.persons and self.kind(owner) == "person":
                return f"{owner}'s {office.group(2).lower()}"
        if "*" in mention:
            return None  # a masked name ("Man**", a reviewer's): no one the page names
        if start is not None and mention[:1].isupper():
            named = self._named_before_title(mention, start)
            if named:
                return named
        thing = _THING_THEN_PARTICIPLE.match(mention.strip())
        if thing and thing.group(2) in THING_NOUNS:
            mention = thing.group(1)  # "the letter signed (by seven physicians)": the letter
            end = start + len(mention) if start is not None else None
        contracted = _CONTRACTED.match(mention.strip())
        if contracted and contracted.group(1).lower() in NOT_PERSON:
            return None  # "That’s", "There’s", "I’d": no name (a pronoun is resolved before this)
        text = POSSESSIVE.sub("", mention.strip())
        if _NO_ONE.fullmatch(text) or (start is not None and self.text[max(0, start - 1):start] == "#"):
            # "with some saying …", "One said …", "a business to …", "#HashTag": a quantifier, a phrase
            # cut before its verb, a hashtag; no one's name
            return None
        if PARTY_TAG.match(text):
            # "McConnell, R-Ky., said": the tag stands for the name before it
            m = _NAME_BEFORE_TAG.search(self.text, max(0, (start or 0) - 80), start) if start is not None else None
            return self.canonical(m.group(1), m.start(1), m.end(1)) if m else None
        both = self._coordinated(text, start)
        if both:
            return both
        owned = _OWNER_THEN_NAME.fullmatch(text)
        if owned:
            # "Hewlett-Packard's Mr. Archuleta", "Fox News' Bret Baier": the person after the owner
            at = None if start is None else start + owned.start(2)
            who = self.canonical(owned.group(2), at, None if at is None else at + len(owned.group(2)))
            if who and who in self.persons and self.kind(who) == "person":
                return who
        words = text.split()
        while len(words) >= 2 and words[0].lower() in _LEAD_DROP and words[1][:1].isupper():
            words.pop(0)  # "Added Gibbs", "Despite Trump"
            text = " ".join(words)
        if not text:
            return None
        # the person after a body and a role ("NASA Administrator Jim Bridenstine"), a role compound
        # ("Singer-songwriter Taylor Swift") or a country ("ambassador to Britain Liu Xiaoming")
        for k in (_name_after_role(words) if len(words) >= 3 else 0,
                  1 if len(words) >= 2 and (_role_compound(words[0]) or country_name(words[0])) else 0):
            who = self.resolve(" ".join(words[k:])) if k else None
            if who and who in self.persons and self.kind(who) == "person":
                return who
        m = _ROLE_FOR.match(text)
        if m and m.group(1).lower() in SOURCE_NOUNS:
            # "a spokesperson for Google", "an aide to Senator Reid": whom the source speaks for
            aff = self.affiliation(f"{m.group(2)} {m.group(1)}")
            if aff:
                return aff
        trail = _TITLED_NAME.match(text)
        if trail and _role_words(trail.group(1).split()):
            # "Obama campaign manager Jim Messina", "Merrill Lynch food analyst William Maguire": the name
            # that closes the phrase
            who = self.resolve(trail.group(2))
            if who and who in self.persons and self.kind(who) == "person":
                return who
        described = _DESCRIBED_NAME.fullmatch(text)
        if described:
            # "An incredulous Bob Schieffer began …", "a visibly angry Trump": the person so described
            who = self.resolve(described.group(1))
            if who and who in self.persons and self.kind(who) == "person":
                return who
        if end is not None and words[-1][:1].islower() and len(words) >= 2:
            # "the minister's spokesman, Ivo Karst, wrote": the name in apposition to the role
            app = self.apposition(end)
            who = self.resolve(app) if app and not non_speaker_name(app) else None
            if who and self.kind(who) not in ("place", "org"):
                return who
        reported = self._reported_person(words)
        if reported:
            return reported
        if words[-1].lower() in _NOT_AGENTS:
            # "Braley's apology noted …", "The comment was …", "Thursday's showdown came …": what was
            # said or done speaks for no one but its owner, when the owner is a person
            held = _OWNED.match(text)
            whose = self.resolve(held.group(1)) if held else None
            return whose if whose and whose in self.persons and self.kind(whose) == "person" else None
        name = self._canonical(text, start, end)
        if non_speaker_name(name):
            # "Democrat", "California Democrat": a description; the person named beside it, else the one
            # the article describes so ("Mara Quist (D-Ore.)"), else nobody
            app = self.apposition(end) if end is not None else None
            if app and not non_speaker_name(app):
                return self.resolve(app)
            return self.role(text, start) if len(text.split()) >= 2 else None
        if name and " " not in name and name.lower().rstrip(".") in TITLE_WORDS and len(text.split()) >= 2 \
                and all(w[:1].isupper() for w in text.split()):
            return text  # "Inspector General" (of "NASA’s Office of the Inspector General"): the office, not "General"
        return name

    def _named_before_title(self, mention: str, start: int) -> str | None:
        """``Steve Menet, Senior Vice President of Sales for Dräger, says``: a
        capitalised title set off after a person's name (a press release's
        style) is that person's; the person speaks, not the title."""
        first = mention.split()[0].lower().rstrip(".,")
        if first not in TITLE_WORDS and first not in _TITLE_OPENERS:
            return None
        if not any(w in ("of", "for", "at") for w in mention.split()):
            # no body after the title ("… of Sales for Dräger"): a name after it is the title's own
            own, _titles = name_of_phrase(POSSESSIVE.sub("", mention.strip()))
            if own:
                return None  # "Speaking to Donald Trump, President Macron said": the title has its own name
        before = _NAME_THEN_COMMA.search(self.text, max(0, start - 60), start)
        if before is None:
            return None
        who = self.resolve(before.group(1))
        return who if who and who in self.persons and self.kind(who) == "person" else None

    def _reported_person(self, words: list[str]) -> str | None:
        """``The Times reports Liz Cheney``: a subject that a parse ran
        across a reporting verb; the person named after the verb speaks."""
        if len(words) < 3 or not words[0][:1].isupper():
            return None
        k = max((i for i, w in enumerate(words) if w[:1].islower()), default=-1)
        if k <= 0 or k + 1 >= len(words) or not (words[k].lower() in CUE_FORMS or words[k].lower() in _REPORTS):
            return None
        who = self.resolve(" ".join(words[k + 1:]))
        return who if who and who in self.persons and self.kind(who) == "person" else None

    def _coordinated(self, text: str, start: int | None) -> str | None:
        """``Speaker Nancy Pelosi and Senator Chuck Schumer``: two people, named
        ``Nancy Pelosi and Chuck Schumer``."""
        left, sep, right = text.partition(" and ")
        if not sep or not left[:1].isupper() or not right[:1].isupper() or " and " in right:
            return None
        s0 = start if start is not None else None
        s1 = start + len(left) + len(sep) if start is not None else None
        a = self._canonical(left, s0, s0 + len(left) if s0 is not None else None)
        b = self._canonical(right, s1, s1 + len(right) if s1 is not None else None)
        if a and b and a != b and a in self.persons and b in self.persons:
            # one name for the pair, however a sentence orders it: the order the article names them in
            first = {n: self.mentions_of[n][0][0] if self.mentions_of.get(n) else len(self.text) for n in (a, b)}
            a, b = sorted((a, b), key=lambda n: first[n])
            return f"{a} and {b}"
        return None

    def _canonical(self, text: str, start: int | None, end: int | None) -> str | None:
        age = _AGE.match(text)
        if age:  # "the 43-year-old": the person the article gives that age, else the one named just before
            return self.role(f"the {age.group(1)}-year-old", start) or self._named_just_before(start) \
                or (text if text[:1].islower() else None)
        words = text.split()
        first = words[0].lower()
        caps_after = any(w[:1].isupper() for w in words[1:])
        determined = first in DETERMINERS and first not in ("one",)
        head = role_head(text)
        doc = _DOCUMENT_OF.match(text) if determined else None
        noun = doc.group(1) if doc else None
        if noun in THING_NOUNS:
            # "the letter addressed to Chairman Fenn": what the letter says is its author's, not Fenn's
            return self._author_of(noun, start) if noun in _AUTHORED and start is not None else None
        if determined or (text[:1].islower() and not _JOINED_PARTICLE.match(text)):  # ("diGenova" is a name)
            if end is not None:
                app = self.apposition(end)
                if app:
                    name = self.resolve(app)
                    if name and self.kind(name) != "place":
                        return self.long_org(name) if self.kind(name) == "org" else name
            aff = self.affiliation(text) or self._org_of_source(words, start)
            if aff:
                return aff
            if not caps_after:
                return self._role_phrase(text, head, determined, start, end)
        elif len(words) == 1 and self._crowd(text):
            return None  # "Sources told …", "Demonstrators chanted …"
        elif len(words) >= 2 and head in THING_NOUNS:
            return self.affiliation(text)  # "Harbour Files say": a document, whose it is at most
        if start is not None:
            m = _PERSON_OF.search(self.text, max(0, start - 80), start)
            if m:
                who = self.full_name(m.group(1))
                if who:
                    return who
        if len(words) >= 2 and all(title_like(w) for w in words) and role_head(text) in PERSON_TITLE_HEADS:
            holder = self.role(text, start)  # "Former Mexican President": the one the article titles so
            if holder:
                return holder
        name = self.resolve(text)
        if name and " " not in text and name.lower().rstrip(".") in _BARE_TITLES and name not in self.persons:
            # a bare title ("one neo-bank CEO told me", read as "CEO"): the person the article gives it, or no one
            return self.role(text, start) if start is not None else None
        k = self.kind(name)
        if k == "place":
            return None
        if k == "org" and name:
            return self.long_org(name)
        if name == text and " " not in name and k is None and name not in self.persons \
                and (self.common_word(name) or (name.endswith("s") and self.plain_word(name))
                     or (end is not None and self.text.startswith(" than ", end))) \
                and name.lower() not in ORG_NAME_WORDS and name.lower() not in ROLE_NOUNS:
            # "Armed school personnel … would undergo a “background check”", "Critics" capitalised only
            # where a sentence opens, "Rather than report …, “…,” the lawsuit states": a word, no one's name
            return None
        if name and determined and name.islower() and " " not in name and len(words) >= 3 \
                and name.lower() in ORG_ROLE_NOUNS:
            return text  # "The French foreign ministry", as "The German government" (not a bare "ministry")
        return name

    def _role_phrase(self, text: str, head: str, determined: bool, start: int | None,
                     end: int | None = None) -> str | None:
        """A lower-case role phrase: an organisation role (``the company``) is
        the organisation named before it, a document (``the lawsuit``) nobody,
        a person's role the person the article gives it, else its own text
        when singular (``a ministry spokeswoman``); a crowd is nobody. A
        letter or statement is its authors where the article says who wrote
        it (:meth:`_author_of`)."""
        if head in ORG_ROLE_NOUNS:
            org = self.org_before(start) if start is not None else None
            return org or (text if determined else None)
        if head in _AUTHORED and start is not None and determined:
            return self._author_of(head, start)
        if head in THING_NOUNS:
            return None
        person = self.role(text, start) or self.role_person(head, start)
        if person:
            return person
        plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
        if plural and determined and start is not None and len(text.split()) == 2 and not head.endswith(("as", "os", "ics")):
            org = self.group_name_before(start, head)
            if org:
                return org  # "the bishops" after "the U.S. Conference of Catholic Bishops"
        # a singular role stays as its text ("a ministry spokeswoman"), and so do unnamed sources
        # ("two officials briefed on the talks"); a crowd ("both sides", "dockers") is nobody
        if head in SOURCE_NOUNS and end is not None:
            m = _SOURCE_TAIL.match(self.text, end)
            if m:
                tail = m.group(0).split()
                while tail and tail[-1] in CUE_FORMS:
                    tail.pop()  # "… familiar with the talks said"
                text = " ".join([text, *tail])
        return text if determined and (not plural or head in SOURCE_NOUNS) else None

    def _author_of(self, noun: str, pos: int) -> str | None:
        """Who wrote the letter or statement that "the letter said" at ``pos``
        quotes: in the sentence that last mentions one before it, the person
        after "a letter from" / "signed by", or the person (or pair) right
        before "released a joint statement" / "sent a letter". Nobody
        otherwise: whoever receives, reads or rejects a letter did not write
        it."""
        lo = max(0, pos - 2000)
        found = None
        for hit in re.finditer(rf"\b{re.escape(noun)}s?\b", self.text[lo:pos]):
            found = hit  # the last mention before the quotation
        if found is None:
            return None
        last, last_end = lo + found.start(), lo + found.end()
        s = max((m.end() for m in SENTENCE_END.finditer(self.text, lo, last)), default=lo)
        m = _AUTHOR_AFTER.match(self.text, last_end)
        if m:
            who = self.canonical(m.group(1), m.start(1), m.end(1))
            return who if who and (who in self.persons or " and " in who or _OFFICE_OF.match(who)
                                   or self.kind(who) == "org") else None
        e = next((x.start() for x in SENTENCE_END.finditer(self.text, last_end)), len(self.text))
        m = _SAID_IN.search(self.text, s, last) or _IN_DOCUMENT.match(self.text, s, last) and \
            _SUBJECT_AFTER.match(self.text, last_end, e)
        who = self._subject_author(m.group(1).rstrip(), m.start(1)) if m else None
        if who:  # "The White House said in a statement", "In a statement carried by the agency, Ana Tovar vowed …"
            return who
        m = _AUTHOR_BEFORE.search(self.text[s:last])
        if m:  # "Ana Tovar (D-Ore.) and Rui Vass (D-Wash.) released a joint statement", "The ministry issued …"
            names = re.sub(r"\s*\([^)]*\)", "", m.group(1)).strip()
            who = self._author_named(names, s + m.start(1), s + m.start(1) + len(m.group(1).rstrip()))
            return who if who and (who in self.persons or " and " in who or self.kind(who) == "org") else None
        return None

    def _subject_author(self, names: str, start: int) -> str | None:
        """The person or organisation that the capitalised words ``names`` (at
        ``start``) end with, as the subject of "said in a statement": the
        longest such tail ("On Monday Tovar said" is Tovar), and nobody when
        the words hang on a preposition ("A lawyer for Ana Tovar said",
        "Supporters of Ana Tovar said": someone else speaks for them)."""
        for word in re.finditer(r"\S+", names):
            at = start + word.start()
            before = self.text[max(0, at - 12):at].split()
            if before and before[-1].lower() in _HANGS_ON:
                return None
            who = self._author_named(names[word.start():], at, start + len(names))
            if who and (who in self.persons or self.kind(who) == "org"):
                return who
        return None

    def _author_named(self, names: str, start: int, end: int | None = None) -> str | None:
        """The canonical name of a document's author as the sentence names
        it, without the article of "The White House issued a statement"."""
        end = start + len(names) if end is None else end
        if names.startswith("The "):
            names, start = names[4:], start + 4
        return self.canonical(names, start, end)

    def _org_of_source(self, words: list[str], start: int | None) -> str | None:
        """``a senior administration official``: the ``Obama administration``
        named before it (an unnamed official speaks for the body)."""
        if start is None or len(words) < 2 or role_head(" ".join(words)) not in SOURCE_NOUNS:
            return None
        noun = words[-2].lower()
        if noun not in ORG_ROLE_NOUNS:
            return None
        found = None
        # (a determiner opening a sentence is no part of the name: "The Obama administration")
        for m in re.finditer(rf"\b(?:(?:The|A|An)\s+)?((?:(?!(?:The|A|An)\s)[A-Z][\w.’'-]+\s+)+){noun}\b",
                             self.text[:start]):
            found = m
        return f"the {found.group(1).strip()} {noun}" if found else None

    def _crowd(self, word: str) -> bool:
        """A capitalised plural common noun opening a sentence (``Sources``,
        ``Demonstrators``): its lower-case form is in the text, it names no one."""
        low = word.lower()
        if not low.endswith("s") or low.endswith("ss") or not word[1:].islower() or word in self.persons \
                or self.full_name(word) or self.kind(word) is not None:
            return False
        # (the lower-case words are collected once: a scan of the text per mention is quadratic)
        return self.common_word(low) or self.common_word(low[:-1])

    # -- lookups -----------------------------------------------------------
    def common_word(self, word: str) -> bool:
        """Whether the article also writes ``word`` in lower case (so that,
        capitalised, it opens a sentence or a name rather than being one)."""
        if self._lower_words is None:
            self._lower_words = set(re.findall(r"(?<![\w’'])[a-z][a-z’'-]*", self.text))
        return word.lower() in self._lower_words

    def plain_word(self, word: str) -> bool:
        """Whether a capitalised single word is an ordinary word, not a name:
        the article writes it in lower case too, or capitalises it only where
        a sentence or a line opens ("Federal law makes it a crime …")."""
        if self.common_word(word):
            return True
        if self._inner_caps is None:
            self._inner_caps = set(re.findall(r"(?<=[\w,;’'”\")]\s)[A-Z][\w’'-]*", self.text))
        return word not in self._inner_caps

    def full_name(self, short: str, gender: str | None = None) -> str | None:
        """The full name a surname or short form stands for in this article;
        a gendered title ("Mrs. Varga") or ``gender`` rules out a person of
        the other gender."""
        short = POSSESSIVE.sub("", short.strip())
        if short in self.persons and len(short.split()) >= 2:
            return short  # a person known by title and surname alone ("Mrs. Varga")
        name, titles = strip_titles(short)
        name = self.nicknames.get(name, name)
        if name in self.persons and len(name.split()) >= 2:
            return name
        gender = gender or _title_gender(titles)
        words = name.split()
        last = _last(words)
        cands = self._surname.get(last)
        if cands:
            first = words[0]
            short_form = len(words) == 1 or (len(words) == 2 and last == words[0])  # "Trump Jr."
            ok = [n for n in cands if short_form or n.startswith(first)]
            if short_form and len(words) == 2:
                ok = [n for n in ok if n.split()[-1].lower().rstrip(".") == words[1].lower().rstrip(".")]
            if gender:
                ok = [n for n in ok if self.persons[n].gender in (None, gender)]
            known = self.persons[name].clear_gender() if len(words) == 1 and name in self.persons else None
            if known:
                # "President Trump … Melania Trump … Trump said": a person the article knows by title and
                # surname alone is not a full name of the other gender
                ok = [n for n in ok if self.persons[n].gender in (None, known)]
            if len(words) == 1 and name in self.persons:
                # "President Trump" beside a "Donald Trump Jr." the article never titles: the surname alone
                # is the titled man, not the son
                ok = [n for n in ok if not self.generation_apart(n)]
            if ok:
                # the one named in full more often; on a tie the one named first (a story introduces its
                # person first: "Donald Trump", then "Melania Trump" for the other Trump)
                return max(ok, key=lambda n: (gender is not None and self.persons[n].gender == gender, cands[n],
                                              _last(n.split()) != n.split()[0],  # not "Jackson Jr."
                                              -self.persons[n].order))
            if gender and len(words) == 1 and titles:
                titled = f"{titles[-1]} {last}"
                return titled if titled in self.persons else None
        elif len(words) == 1 and not titles and first_name_gender(name):
            # "Jason said" after "Jason Townsend saw a need": a first name alone is the one person of
            # the article with that first name (none when two share it)
            named = sorted((n for n, p in self.persons.items() if len(n.split()) >= 2 and n.split()[0] == name
                            and (gender is None or p.gender in (None, gender))), key=len)
            if named and all(n == named[0] or n.startswith(named[0] + " ") for n in named):
                return named[0]  # (a longer form that runs on into page furniture is the same person)
        return None

    def generation_apart(self, full: str) -> bool:
        """Whether ``full`` is a "Jr." or "Sr." name that this article tells
        apart from its surname alone: it titles the surname with an office
        ("President Trump") and never the suffixed name ("Donald Trump
        Jr."). "Eric H. Holder Jr." beside "Mr. Holder" is one man."""
        words = full.split()
        if len(words) < 3 or words[-1].lower().rstrip(".") not in GENERATIONS or full not in self.persons:
            return False
        bare = self.persons.get(words[-2])
        return bool(bare and bare.titles - _HONORIFICS and not self.persons[full].titles - _HONORIFICS)

    def _named_just_before(self, pos: int | None, window: int = 600) -> str | None:
        """The person named last within ``window`` characters before ``pos`` (an age
        never introduces anyone: "Rubio said … the 43-year-old said" is Rubio)."""
        if pos is None:
            return None
        name = self.person_before(pos)
        spans = self.mentions_of.get(name or "", [])
        return name if spans and any(pos - window <= e <= pos for _s, e in spans) else None

    def person_before(self, pos: int, gender: str | None = None) -> str | None:
        """The nearest person mentioned before ``pos`` compatible with ``gender``."""
        for k in range(bisect.bisect_left(self.mention_starts, pos) - 1, -1, -1):
            _s, e, name = self.mentions[k]
            if e > pos or not self.real_person(name):
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
        if text[:1].isupper() or _JOINED_PARTICLE.match(text):  # ("diGenova")
            full = self.full_name(text)
            if full:
                return full
            name, titles = name_of_phrase(text)
            if titles and len(name.split()) == 1:
                return self.role(text) or name
            if text.split()[0].lower() == "the":
                return self.role(text) or text
            if titles and not looks_person(name, titles[-1].lower().rstrip(".") not in _TITLE_ADJECTIVES):
                return text  # "Democratic National Committee": an organisation, no title before a name
            return name
        role = self.role(text)
        if role:
            return role
        # "veteran budget analyst Teodor Blank", "former Transport and Harbour Works Secretary
        # Noor Haddad": a lowercase description before a name; the name closes it
        words = text.split()
        k = len(words)
        while k > 0 and (words[k - 1][:1].isupper() or words[k - 1].lower() in ("de", "van", "von", "al", "bin")):
            k -= 1
        if 0 < k < len(words):
            name, _titles = name_of_phrase(" ".join(words[k:]))
            if name and looks_person(name):
                return self.resolve(name)
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
