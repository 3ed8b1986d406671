"""Mentions of a story's actors (people, countries, groups), found by rules.

:func:`find_mentions` reads one article and returns :class:`Mention` records:

* name sequences (capitalised words, with titles and country words in front:
  "U.S. President Donald Trump", "Mr. Kim", "Valdorian leader Aurel
  Fenn") split into a country, a role and a name; a body's name runs over
  "and" and "for" ("U.S. Fish and Wildlife Service", "Centers for Disease
  Control and Prevention"), two names joined by "and" stay two;
* country names, adjectives and seats of government ("the United States",
  "American", "the White House", "the Kremlin": news metonymy names the
  country by its seat), blocs and political groups from the shipped
  gazetteer (``storylens/data/actors.json``), a possessive included
  ("NATO’s", "the United States'");
* role phrases ("the president", "the North Korean dictator", "Israel's
  prime minister", "the Russian government").

A capitalised run with a small word that only a title-case headline
capitalises ("Rutte Urges Calm On Strike") is no name.

Each mention carries what it says about its referent (``name``, ``country``,
``role``); :mod:`.naming` resolves them to entities.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..annotate.attribution.cues import JOINED_PARTICLES, RANKS, SURNAME_PARTICLES
from ..annotate.attribution.first_names import first_name_gender
from ..annotate.attribution.name_forms import SUFFIXES
from ..models import Article
from ..text import STOPWORDS, Taken, dateline_end
from .distinctive import COMMON

__all__ = ["Mention", "find_mentions", "gazetteer", "PAPER_WORDS", "PERSON_ROLES", "STATE_ROLES"]

PERSON_ROLES = ("president", "vice president", "leader", "dictator", "strongman", "prime minister", "premier",
                "chancellor", "king", "queen", "monarch", "secretary of state", "secretary", "minister",
                "director", "mayor", "governor", "senator", "ambassador", "speaker", "chairman", "chief",
                "spokesman", "spokeswoman", "counsel", "special counsel", "attorney general", "foreign minister")
STATE_ROLES = ("government", "administration", "regime", "officials", "authorities", "leadership")
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "adm", "rev", "prof", "president",
           "vice", "prime", "minister", "chancellor", "king", "queen", "prince", "princess", "secretary", "state",
           "director", "mayor", "governor", "senator", "ambassador", "speaker", "chairman", "chief", "deputy",
           "foreign", "attorney", "general", "special", "counsel", "premier", "leader", "former", "first", "lady",
           "sir", "dame", "justice", "judge", "representative", "minority", "majority", "whip", "of", "the",
           "defense", "defence", "mp", "lawmaker", "envoy", "rabbi", "pope", "cardinal", "bishop", "sheikh", "emir", "homeland", "security", "commerce", "treasury", "interior", "finance", "trade",
           "officer", "spokesperson", "spokesman", "spokeswoman", "father", "president-elect", "vice-president",
           "capt", "captain", "sgt", "sergeant", "detective", "corporal", "trooper", "inspector",
           "constable", *RANKS}
_ORG_WORDS = set("""news times post party committee department ministry council union tv school university
institute foundation agency bank group campaign network fund journal review press house senate congress court
administration office center centre association tower guard protection patrol service services bureau commission
corporation company inc corp ltd organization organisation network democracy project coalition forum church
hospital airport station street square hall building embassy consulate army navy force forces police studies
program programme institution county city chamber board federation league authority conference legislature
society""".split())
_PLACE_WORDS = set("""peninsula sea ocean gulf bay river valley island islands mountains desert strait
weekend room lawn palace garden gardens avenue beach hotel bridge""".split())
# first words of place names ("San Diego", "Los Angeles", "Fort Lee")
_PLACE_FIRST = frozenset("San Santa Los Las Fort Mount Port".split())
# a hyphenated adjective ("Arkansas-based", "GOP-controlled", "Benghazi-related") is no name
_ADJECTIVAL = re.compile(r"-(?:based|related|controlled|backed|led|owned|funded|linked|born|style|era|run|made|affiliated|"
                         r"inspired|sponsored|allied|aligned|leaning|friendly)$")
# words that make a capitalised run an event, a road, a faith, a law or a product, not a person
_NOT_NAMES = frozenset("""war wars drive road avenue boulevard highway turnpike freeway bridge park zero command
constitution amendment act clause treaty accords doctrine
catholic catholics jesuit jesuits protestant evangelical evangelicals baptist methodist muslim muslims christian
christians jewish""".split())
# a platform ends a run that names its account, not a person ("WikiLeaks Twitter"); alone it is an actor
_PLATFORMS = frozenset("twitter facebook instagram youtube tiktok".split())
_CONTRACTED = re.compile(r"'(?:s|ve|re|ll|d|m)$|(?<=s)'$")
_PARTY_TAG = re.compile(r"^[DRI]-[A-Z][A-Za-z.]*$")  # "(D-Calif.)", "(R-Ky.)": a party and state tag
_PRONOUNS = frozenset("i he she it we they you".split())
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_WEEKDAYS = _DAYS | set("january february march april may june july august september october november "
                        "december".split())
_RANKS = "|".join(r.capitalize() for r in RANKS)
_CAPW = rf"(?:[A-Z]\.(?:[A-Z]\.)*|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Adm|Rev|Prof|St|Jr|Sr|Capt|Sgt|{_RANKS})\.|[A-Z][\w'’]*(?:-[\w'’]+)*)"
# a name's later word may take a particle joined on: "Bashar al-Assad" (but "al-Qaeda" alone opens no name)
_NEXT_CAPW = rf"(?:(?:{'|'.join(JOINED_PARTICLES)})-[A-Z][\w'’]*(?:-[\w'’]+)*|{_CAPW})"
# (spaces with at most one line break: a name never runs from a headline into the text below it)
_GAP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"
# links within a name: "Bank of America", "Mohammed bin Salman", "Ursula von der Leyen", "Alfonso de la Torre"
_SEQ = re.compile(rf"{_CAPW}(?:{_GAP}(?:(?:of|de|van|von|bin|al|da|del)(?:{_GAP}(?:{'|'.join(SURNAME_PARTICLES)}))?{_GAP})?"
                  rf"{_NEXT_CAPW})*")
_ROLE_RX = "|".join(sorted((re.escape(r) for r in PERSON_ROLES + STATE_ROLES), key=len, reverse=True))
# a role word that only qualifies the title after it: "chief executive", "chief economist"
_TITLE_HEAD = (r"(?!\s+(?:executive|economist|officer|operating|financial|strategist|of\s+staff|justice|medical|"
               r"scientist|correspondent|analyst|negotiator|editor|inspector|adviser|advisor|whip)\b)")
_AFTER = re.compile(rf"\s*(?:['’]s\s+)?(?:(?P<q>former|new|top|senior|acting|deputy|then|outgoing)\s+)?(?P<r>{_ROLE_RX})\b"
                    + _TITLE_HEAD, re.IGNORECASE)
_BARE_ROLE = re.compile(rf"\b(?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts)\s+(?:(?P<q>former|new|top|senior|acting|deputy|then|outgoing)"
                        rf"\s+)?(?P<r>{_ROLE_RX})\b" + _TITLE_HEAD)


_OF_TAIL = re.compile(r"[^\S\n]+of[^\S\n]+(?:the[^\S\n]+)?(?=[A-Z])")
_SECOND = frozenset({"deputy", "senior", "assistant"})  # "the deputy director" holds another office than "the director"


def _role_in(m: re.Match[str]) -> str:
    """The role a match of :data:`_AFTER` or :data:`_BARE_ROLE` names, with a
    qualifier that makes it another office ("deputy director")."""
    q = (m.group("q") or "").lower()
    return f"{q} {m.group('r').lower()}" if q in _SECOND else m.group("r").lower()


_CIRCLES = {"campaign": ("campaign",), "office": ("office",), "lawyers": ("lawyers", "attorneys", "legal team"),
            "team": ("team", "aides", "associates", "advisers", "advisors", "allies", "investigators")}
_CIRCLE = re.compile(r"\s*(?:['’]s\s+)?(?:(?:presidential|election|former|top|senior|outside|personal|legal|"
                     r"closest|\d{4})\s+)?(" + "|".join(sorted((w for ws in _CIRCLES.values() for w in ws), key=len,
                                                               reverse=True)) + r")\b")


@dataclass
class Mention:
    """One mention of an actor in an article."""

    doc: str
    start: int
    end: int
    text: str
    kind: str  # "person", "org", "country", "group", "role", "team" (people around a person) or "label" (a nickname)
    name: str | None = None  # the person's name without titles, or the country/group key
    country: str | None = None  # the country key the mention ties it to
    role: str | None = None  # "president", "government", ...; for a team: "campaign", "office", "lawyers", "team"
    org: str | None = None  # the body a title or role belongs to ("FBI", "NATO")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Any]:
    """The shipped countries and groups with a lookup of their names."""
    data = json.loads(resources.files("storylens").joinpath("data/actors.json").read_text(encoding="utf-8"))
    lookup: dict[str, tuple[str, str]] = {}

    def put(name: str, value: tuple[str, str]) -> None:
        # an acronym ("UN", "US", "EU") matches in capitals only: "Un" in "Kim Jong Un" is no bloc
        lookup[name if name.replace(".", "").isupper() else name.lower()] = value

    for key, c in data["countries"].items():
        for n in c["names"] + c["adj"] + c["seats"]:
            put(n, ("country", key))
    for key, names in data["groups"].items():
        for n in names:
            put(n, ("group", key))
    data["lookup"] = lookup
    data["max_words"] = max(len(k.split()) for k in lookup)
    return data


def _lookup(words: list[str]) -> tuple[int, tuple[str, str] | None]:
    """The longest gazetteer entry that the first words make: (words used, (kind, key))."""
    table = gazetteer()["lookup"]
    for n in range(min(len(words), gazetteer()["max_words"]), 0, -1):
        phrase = " ".join(words[:n]).replace("’", "'")
        for p in (phrase, _POSSESSIVE.sub("", phrase)):
            hit = table.get(p) if p.replace(".", "").isupper() else table.get(p.lower())
            if hit:
                return n, hit
    return 0, None


# sentence adverbs that open a sentence capitalised ("Additionally, Rutte said"): never a name
_DISCOURSE = frozenset("""additionally finally similarly eventually initially separately ultimately consequently
currently recently previously subsequently notably importantly specifically interestingly unfortunately
fortunately clearly obviously meanwhile moreover furthermore nevertheless nonetheless indeed overall""".split())
# small words a title-case headline capitalises and a name never holds ("of", "de" and the like may)
# (not "a": a middle initial printed without its full stop, "Michael A Calder")
_HEADLINE_WORDS = frozenset({"to", "for", "and", "the", "in", "on", "at", "with", "from", "as", "is", "are",
                             "an", "after", "over", "into", "but", "or", "by"})
_POSSESSIVE = re.compile(r"'s$|(?<=s)'$")  # "Russia's economy", "the United States' role": the name without it


def _bare(word: str, ending: re.Pattern[str]) -> str:
    """``word`` in lower case, straight apostrophes, without the ``ending`` (a possessive or contraction)."""
    return ending.sub("", word.lower().replace("’", "'"))


_ROLE_OF = re.compile(r"\b(?:(deputy|senior|assistant) )?("
                      + "|".join(re.escape(r) for r in sorted(PERSON_ROLES, key=len, reverse=True)) + r")\b")


def _role_of(titles: list[str]) -> str | None:
    """The longest role the titles hold, with a qualifier that makes it
    another office ("Deputy Director Bowdich" is no director)."""
    text = " ".join(t.lower().rstrip(".") for t in titles)
    found = max(_ROLE_OF.finditer(text), key=lambda m: len(m.group(2)), default=None)
    if found is None:
        return None
    return f"{found.group(1)} {found.group(2)}" if found.group(1) else found.group(2)


@dataclass(frozen=True)
class _Words:
    """An article's word sets that say what a capitalised run may be:
    ``lower`` (written in lower case), ``common`` (in lower case at least as
    often as not), ``surnames`` (the last of a two-word name), ``alone``
    (capitalised on their own inside a sentence), ``caps`` (capitalised,
    without a possessive) and ``plain`` (capitalised with no possessive,
    hyphen or name next to them)."""

    lower: frozenset[str]
    common: frozenset[str] = frozenset()
    surnames: frozenset[str] = frozenset()
    alone: frozenset[str] = frozenset()
    caps: frozenset[str] = frozenset()
    plain: frozenset[str] = frozenset()


def _article_words(src: str) -> _Words:
    low = Counter(re.findall(r"\b[a-z][a-z'’]+\b", src))
    capitalised = re.findall(r"\b[A-Z][a-z'’]+\b", src)
    caps = Counter(w.lower() for w in capitalised)
    return _Words(
        lower=frozenset(low),
        common=frozenset(w for w, k in low.items() if k >= caps[w]),
        surnames=frozenset(_surnames(src)),
        alone=frozenset(w.lower() for w in re.findall(r"(?<=[a-z,;] )([A-Z][a-z'’]+)(?=[ ,.;:])(?! [A-Z])", src)),
        caps=frozenset(_bare(w, _POSSESSIVE) for w in capitalised),
        plain=frozenset(w.lower() for w in re.findall(r"(?<![-\w])([A-Z][a-z]+)\b(?![-’']|\s+[A-Z])", src)))


PAPER_WORDS = frozenset("post times journal herald tribune globe examiner chronicle gazette telegraph".split())


@lru_cache(maxsize=1)
def _seats() -> frozenset[str]:
    """The seats of government the gazetteer knows ("Washington", "Moscow")."""
    return frozenset(n for c in gazetteer()["countries"].values() for n in c["seats"])


def _parse_sequence(art: Article, start: int, words: list[tuple[int, int, str]], vocab: _Words) -> list[Mention]:
    """Split one capitalised sequence into country / title / name parts
    (``vocab``: the article's word sets)."""
    src = art.source
    first = words[0][2].lower() if words else ""
    opener = first in vocab.lower or first.endswith(("ing", "ed")) or first.rstrip(",") in _DISCOURSE
    if len(words) > 1 and opener and first != "new" and _sentence_start(src, words[0][0]) \
            and words[0][2].lower().rstrip(".") not in _TITLES and _lookup([words[0][2]])[1] is None:
        words = words[1:]  # "Following Trump's visit": a sentence-initial word, not a name
    k = 0  # (indices, then one cut: a run of thousands of stop words is not copied once per word)
    while k < len(words) and (words[k][2].lower() in STOPWORDS or words[k][2].lower() in COMMON
                              or words[k][2].lower().rstrip(",") in _DISCOURSE) \
            and not (words[k][2] == "New" and len(words) - k > 1) \
            and (words[k][2].lower() in ("the", "of") or words[k][2].lower().rstrip(".") not in _TITLES) \
            and not (words[k][2].lower() in vocab.surnames and not _dated(src, words[k][0], words[k][1])) \
            and _lookup([words[k][2]])[1] is None:
        k += 1  # a sentence-initial "The", "But", "After"
    words = words[k:]
    cut_at = next((i for i, w in enumerate(words) if i and w[2].lower() in _PRONOUNS), None)
    if cut_at is not None:
        words = words[:cut_at]  # "the F.B.I. He said": the abbreviation's stop ended the sentence
    k = len(words)
    while k > 1 and words[k - 1][2].lower() in _DAYS:
        k -= 1  # "Obama Monday said": the day is no part of the name
    words = words[:k]
    if not words:
        return []
    owners: list[Mention] = []
    lo = 0  # the words before ``lo`` are read as owners (an index, not a new list per owner: linear)
    last_for = max((i for i, w in enumerate(words) if w[2] == "for"), default=-1)
    while (owner := _owner(words, vocab.plain, lo, last_for >= lo)) is not None:
        # "Fusion’s Jorge Ramos", "Trump’s Attorney General William Barr": the owner and the
        # person are two mentions (a country owner is read with the title: "Russia’s Foreign Minister";
        # "the Portsalve Dockers’ Union", "Women’s March": one name). The owner part ends with
        # its possessive, so it splits no further.
        owners += _parse_sequence(art, start, words[lo:owner + 1], vocab)
        lo = owner + 1
    words = words[lo:]  # (an owner that names no one, "Tuesday’s", is still cut off)
    if owners:
        return owners + _parse_sequence(art, start, words, vocab)
    toks = [w for _, _, w in words]
    n, hit = _lookup(toks)
    if hit and n < len(toks) and _bare(toks[-1], _POSSESSIVE).strip(".") in PAPER_WORDS \
            and " ".join(toks[:n]) in _seats():
        n, hit = 0, None  # "The Washington Post", "The Moscow Times": a paper named after its city
    country = hit[1] if hit and hit[0] == "country" else None
    rest = words[n:]
    # titles run to the last title word before the name ("FBI Director James Comey")
    cut = max((i + 1 for i, w in enumerate(rest[:-1]) if w[2].lower().rstrip(".") in _TITLES
               and w[2].lower() not in ("of", "the")), default=0)
    if all(_bare(w[2], _POSSESSIVE).rstrip(".") in _TITLES for w in rest):
        cut = len(rest)  # "Secretary of State", "the Prime Minister", "the Attorney’s": a role, no name
    elif rest and _bare(rest[-1][2], _POSSESSIVE).strip(".") in _ORG_WORDS:
        cut = 0  # "Justice Department", "Foreign Relations Committee": a body's name holds no title
    if cut and len(rest) - cut >= 4 and rest[cut][2] == "of":
        cut = len(rest) - 2  # "Director of National Intelligence James Clapper": the title runs to the name
    titles = [w for _, _, w in rest[:cut]]
    rest = rest[cut:]
    role = _role_of(titles)
    # the body the title belongs to: "FBI" of "FBI Director James Comey", "NATO" of "NATO Secretary General"
    org = hit[1] if hit and hit[0] == "group" else \
        " ".join(t for t in titles if t.lower().rstrip(".") not in _TITLES) or None
    s0, e0 = words[0][0], words[-1][1]
    if rest:
        names = [w for _, _, w in rest]
        if all(w.lower().strip(".,") in SUFFIXES for w in names):
            return []  # "Martin Luther King Jr.": "King" read as a title leaves no name
        # "Valdorian Chamber of Commerce" is one body; "House of Representatives" stays "House" (as it is called)
        lead = len(toks) - len(names)  # words before the name ("U.S." of "U.S. Conference of Catholic Bishops")
        k_of = names.index("of", 1) if "of" in names[1:] else -1
        body_of = k_of > 0 and k_of + lead >= 2 and names[k_of - 1].lower() in _ORG_WORDS
        if "of" in names[1:] and not body_of:  # "Shinzo Abe of Japan", not "the Chamber of Commerce"
            k = names.index("of", 1)
            n3, hit3 = _lookup(names[k + 1:])
            if hit3 and hit3[0] == "country":
                country = country or hit3[1]
            names = names[:k]
        if names[0].lower() == "of" or (names[0] == "St." and not body_of
                                         and _bare(names[-1], _POSSESSIVE).strip(".") not in _ORG_WORDS):
            return []  # "of Wyoming": the tail of a title; "St. Louis": a place (not "St. Louis County Court")
        if any("-" in w and all(x.lower() in vocab.plain for x in w.split("-")) for w in names):
            return []  # "the Romney-Ryan Medicare plan": a ticket of two people the text names, no one's name
        last_word = _bare(names[-1], _POSSESSIVE).strip(".")
        if _no_name(names[:k_of] if body_of else names):  # "Conference of Catholic Bishops" is a body
            return []  # "Arkansas-based", "the Cold War", "Roman Catholic", "WikiLeaks Twitter": no one's name
        # a body's name: its last word says so, or it was joined over "of" or "for" ("Centers for Disease Control")
        body = last_word in _ORG_WORDS or last_word in _BODY_ENDS or body_of or "for" in names[1:]
        if any(w.lower() in _HEADLINE_WORDS and not (body and w.lower() in ("and", "&", "for")) for w in names[1:]):
            return []  # "Varga Stresses Harbour’s Value To Regional Trade": a headline in title case
        one = _bare(names[0], _CONTRACTED)  # "It’s", "We’ve": the word itself
        if len(names) == 1 and not titles and not (one in vocab.surnames and not _dated(src, s0, e0)) \
                and (one in _WEEKDAYS or one in COMMON or one in STOPWORDS or one in _DISCOURSE
                     or (one in vocab.common and _sentence_start(src, s0))):
            return []  # "Members of the caravan": a common word that starts a sentence; "May" unless a surname
        if len(names) == 1 and not titles and one in vocab.lower and one not in vocab.alone and _sentence_start(src, s0):
            # "Union activists ran ...": "union" is written in lower case too, and never capitalised on its
            # own inside a sentence ("... said Labour" beside "labour costs" keeps "Labour" a name)
            return []
        if len(names) == 1 and not titles and country is None and _demonym_of_place(names[0], vocab.caps):
            return []  # "Valdorian officials": the adjective of a place the text names ("Valdoria")
        for k in range(1, 0 if "for" in names else len(names)):  # "Christian North Koreans": people of a country
            # (not "Democracy for America": a body)
            n4, hit4 = _lookup(names[k:])
            if hit4 and n4 == len(names) - k and hit4[0] == "country":
                if names[k].lower().startswith("american"):
                    return []  # "Central Americans", "African American": a compound demonym, not the country
                return [Mention(art.name, s0, e0, src[s0:e0], "country", hit4[1], hit4[1], None)]
            if hit4 and n4 == len(names) - k and hit4[0] == "group":  # "House Democrats", "Ohio Republican"
                return [Mention(art.name, s0, e0, src[s0:e0], "group", hit4[1], country, None)]
        n2, hit2 = _lookup(names)
        if n2 == len(names) and hit2:  # "President of the United States" style tails
            return [Mention(art.name, s0, e0, src[s0:e0], "role" if role else hit2[0], hit2[1],
                            hit2[1] if hit2[0] == "country" else country, role)]
        core = [n for n in names if n.lower().rstrip(".") not in SUFFIXES] or names
        last = _bare(core[-1], _POSSESSIVE).strip(".")  # "Times", "Times’": "times"
        if last in _PLACE_WORDS or (len(core) > 1 and core[0] in _PLACE_FIRST and last not in _ORG_WORDS
                                    and not body_of):
            return []  # "the Korean Peninsula", "the Red Sea", "the South Lawn", "San Ysidro": a place
        if body or last in PAPER_WORDS or (core[-1].replace(".", "").isupper()
                                                                    and len(core[-1]) > 1):
            after = _AFTER.match(src, e0)
            if after and after.group("r").lower() in PERSON_ROLES and not re.match(r" [A-Z]", src[after.end():]):
                # "the former FBI director": a person (with a name after it, the name's title)
                return [Mention(art.name, s0, after.end(), src[s0:after.end()], "role", None, country,
                                _role_in(after), " ".join(names))]
            return [Mention(art.name, s0, e0, src[s0:e0], "org", " ".join(names), country, None)]
        after = _AFTER.match(src, e0)
        person = Mention(art.name, s0, e0, src[s0:e0], "person", " ".join(names), country, role, org)
        if after and after.group("r").lower() in STATE_ROLES:
            # "the Trump administration", "Netanyahu's government": the person, and the state they head
            s1 = s0 - (4 if src[max(0, s0 - 4):s0].lower() == "the " else 0)
            return [person, Mention(art.name, s1, after.end(), src[s1:after.end()], "role", " ".join(names),
                                    country, after.group("r").lower())]
        circle = _CIRCLE.match(src, e0)
        if circle:  # "the Trump campaign", "Mr. Mueller's office": the person, and the people around them
            noun = circle.group(1).lower()
            return [person, Mention(art.name, s0, circle.end(), src[s0:circle.end()], "team", " ".join(names),
                                    country, next(k for k, words in _CIRCLES.items() if noun in words))]
        return [person]
    if hit and not titles:
        kind, key = hit
        m = _AFTER.match(src, e0)
        if m and kind == "country":  # "North Korean leader", "Israel's prime minister", "the Russian government"
            s0 -= 4 if src[max(0, s0 - 4):s0].lower() == "the " else 0
            return [Mention(art.name, s0, m.end(), src[s0:m.end()], "role", None, key, _role_in(m))]
        return [Mention(art.name, s0, e0, src[s0:e0], kind, key, key if kind == "country" else None)]
    if role:
        return [Mention(art.name, s0, e0, src[s0:e0], "role", None, country, role)]
    return []


def _demonym_of_place(word: str, caps: frozenset[str]) -> bool:
    """"Valdorian", "Istravan": a place name the text writes ("Valdoria",
    "Istrava", in ``caps``: its capitalised words in lower case) and "-n"."""
    w = _bare(word, _POSSESSIVE)
    return len(w) > 5 and w.endswith("an") and w[:-1] in caps


def _owner(words: list[tuple[int, int, str]], plain: frozenset[str], lo: int, has_for: bool) -> int | None:
    """The index of a possessive that owns what follows it: a person's name
    ("Fusion’s" in "Fusion’s Jorge Ramos"), or one word when the owner is
    written without the possessive elsewhere ("Mitt Romney’s Medicare" beside
    "Romney said", where "Angie’s List" is one name); else ``None``.
    ``plain``: the capitalised words the text writes without a possessive.
    Reads ``words`` from ``lo`` on; ``has_for``: whether a "for" stands there."""
    owner = next((i for i in range(lo, len(words) - 1) if _POSSESSIVE.search(words[i][2].replace("’", "'"))), None)
    if owner is None or words[-1][2].lower().strip(".") in _ORG_WORDS or has_for \
            or _lookup([w for _, _, w in words[lo:owner + 1]])[1] is not None:
        return None
    if len(words) - owner == 2 and _bare(words[owner][2], _POSSESSIVE) not in plain:
        return None
    return owner


def _no_name(names: list[str]) -> bool:
    """Words that make a capitalised run something other than a person: a
    hyphenated adjective, a party tag, an event, road or faith, or a platform
    after the account it names."""
    body = _bare(names[-1], _POSSESSIVE).strip(".") in _ORG_WORDS  # "American Constitution Society"
    if any(_ADJECTIVAL.search(w) or _PARTY_TAG.match(w) or (not body and _bare(w, _POSSESSIVE) in _NOT_NAMES)
           for w in names):
        return True
    return len(names) > 1 and _bare(names[-1], _CONTRACTED) in _PLATFORMS


def _surnames(src: str) -> set[str]:
    """Words an article uses as the last of a two-word name ("May" of "Theresa May")."""
    return {b.lower() for a, b in re.findall(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b", src)
            if a.lower() not in STOPWORDS and a.lower() not in COMMON and a.lower() not in _WEEKDAYS
            and a.lower() not in _TITLES}


def _dated(src: str, s: int, e: int) -> bool:
    """Whether a month name at ``s:e`` reads as a date ("in May", "May 3", "last May")."""
    return bool(re.search(r"\b(?:in|on|since|until|till|by|from|of|to|last|next|this|early|late|mid|through)\s+$",
                          src[max(0, s - 12):s], re.IGNORECASE) or re.match(r"\s+\d", src[e:e + 3]))


def _sentence_start(src: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and src[j] in " \t\"“‘'(":
        j -= 1
    return j < 0 or src[j] in ".!?\n:"


def _title_case(title: str) -> bool:
    """Whether a headline capitalises its words ("Trump Says Mattis Will
    Retire"), not only its names ("Trump says Mattis will retire")."""
    long = [w for w in re.findall(r"[A-Za-z][\w'’-]*", title) if len(w) > 3]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) >= 0.8 * len(long)


_LINE_MAX = 300  # characters a headline or subhead line runs to at most


def _title_case_line(src: str, pos: int) -> bool:
    """Whether ``pos`` is on a line of its own in title case without a
    sentence's closing mark: a headline repeated in the text, a subhead."""
    lo, hi = max(0, pos - _LINE_MAX), min(len(src), pos + _LINE_MAX)
    a = src.rfind("\n", lo, pos) + 1
    b = src.find("\n", pos, hi)
    if (a == 0 and lo > 0) or (b < 0 and hi < len(src)):
        return False  # a line this long is a paragraph, not a headline (and is not read again for each name)
    line = src[a:hi if b < 0 else b].strip()
    return len(line.split()) <= 16 and not line.endswith((".", "!", "?", "”", '"', ":", ";", ",")) \
        and _title_case(line)


# the words that join the parts of a body's name ("Fish and Wildlife Service", "Centers for Disease Control")
_JOIN = re.compile(r"[^\S\n]+(and|&|for)[^\S\n]+")
_BODY_ENDS = frozenset({"enforcement", "centers", "centres", "institutes", "studies", "affairs"})


def _bodies(src: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised runs (start, end) with the runs of one body's name joined:
    "Fish and Wildlife Service", "Immigration and Customs Enforcement",
    "Centers for Disease Control", "Center for Strategic & International
    Studies". A run joins the next over "for" when it ends with a word of
    bodies; over "and" or "&" when the joined name is a body's (it opens
    with "for", or its last word is a word of bodies) and the word before
    the "and" is never written capitalised without it ("Clinton and State
    Department" stays two)."""
    out: list[tuple[int, int]] = []
    body = False  # whether the run being built is a body's name joined over "for"
    counts: list[Counter[str]] = []  # (read once, when first needed) capitalised words: all, and before "and"
    for s, e in runs:
        if out:
            ps, pe = out[-1]
            j = _JOIN.fullmatch(src, pe, s)
            if j and _joins(src, ps, pe, s, e, j.group(1), body, counts):
                out[-1] = (ps, e)
                body = body or j.group(1) == "for"
                continue
        out.append((s, e))
        body = False
    return out


def _joins(src: str, ps: int, pe: int, s: int, e: int, word: str, body: bool, counts: list[Counter[str]]) -> bool:
    """Whether the run ``ps:pe`` and the run ``s:e`` after it, with ``word``
    between them, are one body's name (see :func:`_bodies`; ``body``: the
    run so far was joined over "for"; ``counts``: the article's capitalised
    words, filled on first use)."""
    left, right = src[ps:pe].split(), src[s:e].split()
    prev = _bare(left[-1], _POSSESSIVE).strip(".")
    if first_name_gender(right[0]) is not None or _acronym(right[0]):
        return False  # "... and Henry E. Hudson", "FBI and NSA": a person or a name of its own follows
    if word == "for":
        return prev in _ORG_WORDS or prev in _BODY_ENDS
    last = _bare(right[-1], _POSSESSIVE).strip(".")
    if not (body or last in _ORG_WORDS or last in _BODY_ENDS) or src[pe - 2:pe] in ("'s", "’s"):
        return False
    words = left[1:] if left[0] in ("The", "the") else left
    n, _ = _lookup(words)
    own = words[n:]  # the words of the body's name before the "and", without a country ("U.S. Fish")
    if not body and (prev in _ORG_WORDS or prev in _BODY_ENDS or prev in PAPER_WORDS or _acronym(left[-1])
                     or "of" in left or first_name_gender(left[0]) is not None or not own or len(own) > 2
                     or (len(own) == 2 and own[0].lower() not in _ORG_WORDS)):
        # "House and Senate", "Alan Dershowitz and Fox News", "Hal Dorner and Fox News": two names, not one
        # ("Fish and Wildlife Service", "House Oversight and Government Reform Committee" are one)
        return False
    # every capitalised use of the word before the "and" is followed by it ("Fish" of "Fish and Wildlife")
    if not counts:
        counts += [Counter(_CAPITALISED.findall(src)), Counter(_BEFORE_AND.findall(src))]
    before = left[-1]
    return counts[1][before] > 0 and counts[0][before] == counts[1][before]


_CAPITALISED = re.compile(r"(?<![\w.])([A-Z]\w*)(?![\w'’.-])")
_BEFORE_AND = re.compile(r"(?<![\w.])([A-Z]\w*)(?=[^\S\n]+(?:and|&)[^\S\n])")


def _acronym(word: str) -> bool:
    w = word.replace(".", "")
    return len(w) > 1 and w.isupper()


def _body_ranges(a: Article) -> list[tuple[int, int]]:
    if a.segments:
        return [(s.source_start, s.source_start + s.length) for s in a.segments if s.length > 0]
    return [(0, len(a.source))]


def find_mentions(art: Article, limit: int = 5000) -> list[Mention]:
    """The actor mentions of one article's body (at most ``limit``)."""
    src = art.source
    out: list[Mention] = []
    taken = Taken()  # the names' spans: a role word or collective inside one is no mention of its own
    vocab = _article_words(src)
    head = (art.title_span.start, art.title_span.end) if art.title_span and _title_case(
        src[art.title_span.start:art.title_span.end]) else (0, 0)
    # "WASHINGTON —" says where the story was filed: at the top of the body, or of the text below the title
    lede = dateline = 0
    if art.title_span is not None:
        lede = art.title_span.end + len(src[art.title_span.end:]) - len(src[art.title_span.end:].lstrip())
        dateline = lede + dateline_end(src[lede:lede + 200])
    for b0, b1 in _body_ranges(art):
        b0 += dateline_end(src[b0:min(b1, b0 + 200)])
        for s0, e0 in _bodies(src, [(m.start(), m.end()) for m in _SEQ.finditer(src, b0, b1)]):
            if lede <= s0 < dateline:
                continue
            if (s0 < head[1] and head[0] < e0) or _title_case_line(src, s0):
                continue  # a headline or subhead in title case: its capitals are the style's, not names'
            # ("White House Releases Benghazi Emails"); the text below names the same actors
            words = [(s0 + w.start(), s0 + w.end(), w.group())
                     for w in re.finditer(_NEXT_CAPW + rf"|\b(?:{'|'.join(SURNAME_PARTICLES)}|of|bin|al|and|for)\b|&",
                                          src[s0:e0])]
            found = _parse_sequence(art, s0, words, vocab)
            out.extend(found)
            for x in found:
                taken.add(x.start, x.end)
        for m in _BARE_ROLE.finditer(src, b0, b1):
            if not taken.free(m.start(), m.end()):
                continue
            if re.match(r",? [A-Z]", src[m.end():m.end() + 3]):
                continue  # "the president Donald Trump", "Its leader, Ilse Marrow": the name holds it
            country = None
            of = _OF_TAIL.match(src, m.end())
            if of:  # "the leader of Japan", "the attorney general of the United States": that country's
                tail = [w.rstrip(".,;:") for w in src[of.end():of.end() + 60].split()[:4]]
                n, hit = _lookup(tail)
                if hit and hit[0] == "country" and _POSSESSIVE.search(tail[n - 1].replace("’", "'")):
                    continue  # "the chief of Israel's intelligence agency": the agency's, whoever that is
                country = hit[1] if hit and hit[0] == "country" else None
            out.append(Mention(art.name, m.start(), m.end(), src[m.start():m.end()], "role", None, country,
                               _role_in(m)))
        if len(out) >= limit:
            break
        for m in _collectives().finditer(src, b0, b1):
            if taken.free(m.start(), m.end()):
                term = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", m.group(1).lower()))
                out.append(Mention(art.name, m.start(), m.end(), m.group(), "group", _collective_of()[term]))
    out.sort(key=lambda x: x.start)
    return _compass_countries(src, out[:limit])


@lru_cache(maxsize=1)
def _collective_of() -> dict[str, str]:
    return {t.lower(): key for key, terms in gazetteer().get("collectives", {}).items() for t in terms}


@lru_cache(maxsize=1)
def _collectives() -> re.Pattern[str]:
    """"the migrant caravan", "asylum-seekers": the shipped collectives' terms (see ``actors.json``)."""
    terms = sorted(_collective_of(), key=len, reverse=True)
    alts = "|".join(r"\s*-\s*".join(r"\s+".join(map(re.escape, part.split())) for part in t.split("-")) for t in terms)
    return re.compile(rf"(?i)(?:\b(?:the|these|those)\s+)?\b({alts})\b")


def _compass_countries(src: str, mentions: list[Mention]) -> list[Mention]:
    """"The North" in an article that names North Korea (and not another North X) is that country."""
    countries = gazetteer()["countries"]
    named = {m.name for m in mentions if m.kind == "country" and m.name in countries}
    out = []
    for m in mentions:
        if m.kind == "person" and m.name in ("North", "South", "East", "West") \
                and src[max(0, m.start - 4):m.start].lower() == "the ":
            keys = [k for k in named if countries[k]["name"].startswith(m.name + " ")]
            if len(keys) == 1:
                m = Mention(m.doc, m.start, m.end, m.text, "country", keys[0], keys[0], None)
        out.append(m)
    return out
