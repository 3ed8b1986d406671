"""Which word after a number is the thing counted.

:func:`counted_noun` reads the words that follow a number ("19 domestic
flights", "544 store managers", "the 19 went home") and returns the counted
noun (``flights``, ``managers``) or ``None`` when no noun follows: an
adjective ("recent", "domestic", "undocumented") is stepped over, a verb
("went", "voted", "have") ends the search. Word lists and suffix rules only,
no tagger: a few microseconds per number.
"""

from __future__ import annotations

import re

from ..text import STOPWORDS

__all__ = ["counted_noun", "is_adjective", "is_verb", "COUNT_SAME"]

# counted nouns that news copy uses for the same thing ("37 ships" / "37
# vessels"), by stem: a count of one is a count of the other
COUNT_SAME = {"vessel": "ship", "docker": "dockwo", "steved": "dockwo", "longsh": "dockwo",
              "troop": "soldie", "person": "people", "apprehe": "arrest", "appreh": "arrest"}

_ADJECTIVES = frozenset("""large small big new old major minor other more additional extra further young older
younger foreign local senior junior full part-time full-time armed unarmed injured dead recent current
different independent prominent permanent frequent urgent violent present absent ancient efficient sufficient
excellent decent silent patient apparent consistent convenient innocent
domestic public private federal national international regional civil military political economic
american african asian european russian chinese mexican british french german iraqi syrian afghan iranian
israeli palestinian ukrainian democratic republican conservative liberal catholic muslim christian jewish
black white hispanic latino gay straight female male key top high low long short best worst first last next
such same few many several various certain whole entire total only main chief former late early likely
possible potential active fellow rival separate similar single double triple wounded killed missing
unidentified undocumented registered eligible likely unemployed elderly wealthy poor rich average
additional fewer less least most""".split())
_ADJ_SUFFIXES = ("al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ish", "ical", "ian", "ese", "est",
                 "ary", "ory")
# nouns with an adjective's ending ("officials", "individuals", "animals"): the plural form is caught
# before the suffix test; the singulars that news counts are listed here
_NOUN_LIKE = frozenset("""official individual animal hospital criminal general interval proposal rival arrival
arsenal capital terminal journal signal trial rival mineral principal professional
clinic republic topic mechanic critic comic
executive detective relative representative alternative native objective initiative
secretary library dictionary anniversary salary boundary diary military territory category history theory
story factory victory directory laboratory""".split())
_VERBS = frozenset("""is are was were be been being am has have had do does did will would shall should can could
may might must went came come go goes gone got get gets gave give took take made make said say says told tell won
lost ran saw fell rose left met paid sent held stood kept voted died agreed signed joined remained became began
wanted needed""".split())
# words that make a number a share of something ("three quarters of", "two-thirds")
_FRACTIONS = frozenset("half halves third thirds quarter quarters fifth fifths tenths".split())
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-’']*")


def is_verb(word: str) -> bool:
    """A verb that can follow a count used as a pronoun ("the 19 went home", "all 12 voted")."""
    w = word.lower()
    return w in _VERBS or (w.endswith("ed") and len(w) > 4 and w not in _ADJECTIVES)


def is_adjective(word: str) -> bool:
    """An adjective in front of the counted noun ("19 domestic flights", "three recent polls")."""
    w = word.lower()
    if w in _ADJECTIVES:
        return True
    if w in _NOUN_LIKE or _plural(w):
        return False
    return w.endswith(_ADJ_SUFFIXES) and len(w) > 4


_IRREGULAR_PLURALS = frozenset("""people staff personnel police children women men cattle aircraft crew feet teeth
geese mice data media""".split())


def _plural(w: str) -> bool:
    if w in _IRREGULAR_PLURALS or (w.endswith("men") and len(w) > 4):
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "ous", "us", "is", "less"))


def counted_noun(following: str, singular_ok: bool = True) -> tuple[int, int] | None:
    """The span (in ``following``) of the noun a number counts, or ``None``.

    ``following`` is the text right after the number. Adjectives and
    participles in front of a noun are stepped over; a noun compound's
    head is its last noun ("544 store managers" -> "managers"); a verb,
    a stopword or punctuation first means no noun follows. ``singular_ok``
    False refuses a singular noun (a count above one names a plural)."""
    words: list[tuple[int, int, str]] = []
    pos = 0
    for m in _WORD_RE.finditer(following):
        gap = following[pos:m.start()]
        if gap.strip() or (words and "\n" in gap) or (not words and m.start() > 1):
            break  # punctuation, a line, or not right after the number
        words.append((m.start(), m.end(), m.group().lower()))
        pos = m.end()
        if len(words) >= 4:
            break
    i = 0
    while i < len(words) and i < 3:
        w = words[i][2]
        if w in STOPWORDS and w not in ("more", "other"):
            return None
        nxt = words[i + 1][2] if i + 1 < len(words) else ""
        if nxt and (is_adjective(w) or (w.endswith("ed") and _plural(nxt))) and not (_plural(w) and w not in _ADJECTIVES):
            i += 1  # an adjective or participle in front of the noun
            continue
        if is_verb(w) or is_adjective(w):
            return None
        break
    if i >= len(words):
        return None
    a, b, w = words[i]
    if w in _FRACTIONS:
        return None  # "three quarters of the vote", "two thirds of members": a share, not a count
    # a compound's head: "store managers", "border crossings"; a capitalised
    # word before a plural in lower case names what they are ("three Texas landowners")
    proper = following[a:a + 1].isupper() and i + 1 < len(words) and following[words[i + 1][0]].islower()
    if (not _plural(w) or proper) and i + 1 < len(words):
        nxt = words[i + 1][2]
        if _plural(nxt) and nxt not in STOPWORDS and not is_verb(nxt):
            a, b, w = words[i + 1]
    if not singular_ok and not _plural(w) and w not in ("staff", "personnel", "police"):
        return None
    return a, b
