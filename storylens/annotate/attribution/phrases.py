"""Noun phrases on the token stream of :mod:`.tokens`: the mention a speech
cue attaches to.

:func:`np_left` takes the subject phrase ending right before a cue (``X
said``, ``X, a senator, said``, ``Rep. X (R-TX) said``, ``X on Friday said``,
``the daily said``, a pronoun), :func:`np_right` the phrase right after it
(inverted ``said X``), :func:`first_np` the first name or personal pronoun of
a clause (its likely subject) and :func:`first_verb_subject` the subject of a
clause's first verb. :mod:`.rules` finds the cues they attach to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cues import (
    CUE_FORMS,
    DETERMINERS,
    PRONOUNS,
    SENTENCE_ADVERBS,
    SKIP_BEFORE_CUE,
    SURNAME_PARTICLES,
    TITLE_WORDS,
)
from .name_forms import non_speaker_name
from .roles import THING_NOUNS, person_noun
from .tokens import Tok

__all__ = ["BE_FORMS", "DAY_WORDS", "Mention", "NAME_LINKS", "NAME_MODALS", "STOP_NP", "SUBORDINATORS", "TEMPORAL",
           "first_np", "first_verb_subject", "names_no_one", "np_left", "np_right", "span_mention", "token_index"]

STOP_NP = {"that", "and", "but", "or", "as", "if", "when", "while", "because", "which", "where",
           "in", "on", "at", "to", "for", "with", "by", "from", "after", "before", "during",
           "since", "than", "so", "about", "of"}
_OWNER = re.compile(r"\w['’]s$")  # a possessive word: "Trump's"
NAME_LINKS = {"of", "de", "van", "von", "der", "da", "del", "la", "le", "bin", "al", "the", "for", "and", "&"}
_PARTICLES = set(SURNAME_PARTICLES)
# the first word of a subject that names no one: "No alcohol was allowed", "Nobody answered", "Neither side"
_NO_ONE = {"no", "none", "nobody", "nothing", "neither"}


def names_no_one(text: str) -> bool:
    """Whether a subject phrase names no one ("No alcohol", "Nobody"):
    what a sentence denies speaks no words."""
    words = text.split()
    return bool(words) and words[0].lower() in _NO_ONE
_BAD_SUBJECT = {"there", "here", "this", "what", "also", "it's", "that", "then", "now", "so", "not",
                "said", "says", "when", "as", "if"}
# words opening a subordinate clause ("When Trump announced …, he …")
SUBORDINATORS = {"when", "while", "after", "before", "although", "though", "since", "because", "if",
                 "once", "until", "whereas", "unless"}
# heads of time expressions that sit between a subject and its cue
# ("Trump on Friday said", "Marrow, who has more than once called")
TEMPORAL = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december", "today", "yesterday", "tonight", "night", "morning",
            "afternoon", "evening", "week", "weekend", "month", "year", "past", "time", "moment",
            "day", "summer", "spring", "autumn", "winter"}
_TEMPORAL_LEAD = {"on", "in", "at", "during", "last", "this", "next", "early", "earlier", "late", "later",
                  "over", "since", "by"}
_TEMPORAL_FILL = {"the", "that", "same", "previous", "recent", "a", "one", "of"}
DAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "today", "yesterday", "tonight"}
# lower-case words ending in -ly that are nouns, not adverbs
_LY_NOUNS = {"daily", "weekly", "monthly", "quarterly", "family", "ally", "rally", "assembly", "supply",
             "bully", "belly", "anomaly", "monopoly", "reply", "fly", "lily", "italy", "july", "holly",
             "jelly", "melancholy", "homily", "folly"}
_CONTRACTION = re.compile(r"^(he|she|they|i|we|it|who)['’](d|s|ll|ve|re|m)$", re.IGNORECASE)
# capitalised words before a cue that are names there, not modals ("Will wrote", "May said")
NAME_MODALS = {"will", "may", "can", "did", "just"}
_IRREGULAR_PAST = {"said", "told", "wrote", "spoke", "says", "writes", "tells", "thought", "swore", "sang"}
BE_FORMS = {"was", "were", "is", "are", "been", "be", "being"}
# determiners and quantifiers opening a capitalised noun phrase ("The board saw")
_ARTICLES = {"the", "a", "an", "some", "another", "many", "several", "most", "other", "each", "every", "both",
             "these", "those", "small", "large", "dozens", "hundreds", "thousands", "few"}
# nouns of part or quantity whose noun phrase runs on over "of" ("a group of protesters")
_PART_NOUNS = {"number", "chorus", "group", "groups", "member", "members", "majority", "minority", "handful",
               "coalition", "host", "panel", "couple", "lot", "bunch", "team", "pair", "crowd", "crowds",
               "dozens", "hundreds", "thousands", "millions", "some", "most", "many", "all", "none", "each",
               "both", "several", "half", "third", "quarter", "share", "percent", "one", "two", "three",
               "spokesman", "spokeswoman", "spokesperson", "head", "chairman", "chair", "director", "leader",
               "leaders", "president", "supporters", "fans", "friends", "residents", "families", "parents"}
# sentence openers that are no subject: subordinators, question words, imperatives
_OPENERS = SUBORDINATORS | {"do", "does", "did", "why", "how", "what", "where", "see", "read", "watch", "click",
                            "please", "imagine", "consider"}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "twenty", "thirty", "forty", "fifty", "last", "next"}
_IRREGULAR_VERBS = _IRREGULAR_PAST | {"saw", "went", "came", "took", "made", "gave", "got", "found", "began", "ran",
                                      "won", "lost", "left", "put", "set", "sent", "spent", "kept", "held", "brought",
                                      "built", "felt", "met", "paid", "heard", "knew", "became", "stood", "sat"}


@dataclass
class Mention:
    """A speaker mention: source offsets and its text."""

    start: int
    end: int
    text: str


def span_mention(toks: Sequence[Tok], i: int, j: int) -> Mention:
    """Mention covering tokens ``i..j`` inclusive."""
    s, e = toks[i].start, toks[j].end
    return Mention(s, e, " ".join(t.text for t in toks[i : j + 1]).replace(" ’s", "’s").replace(" 's", "'s"))


def token_index(toks: Sequence[Tok], m: Mention, lo: int, hi: int) -> int | None:
    """Index in ``lo..hi`` of the token where mention ``m`` starts."""
    return next((x for x in range(lo, hi) if toks[x].start == m.start), None)


def np_left(toks: Sequence[Tok], c: int, lo: int, *, allow_appos: bool = True) -> Mention | None:
    """The subject noun phrase ending just before token ``c`` (not before ``lo``)."""
    j = c - 1
    while j >= lo and toks[j].quote is None and (toks[j].lower in SKIP_BEFORE_CUE or _is_adverb(toks[j])):
        if j == c - 1 and toks[j].is_cap and toks[j].lower in NAME_MODALS and _inflected(toks[c]):
            break  # "Will wrote", "May said": a name, not a modal (a modal takes "say")
        j -= 1
    if j < lo:
        return None
    t = toks[j]
    if t.quote is not None:
        return None
    if t.lower in TEMPORAL:
        k = _temporal_start(toks, j, lo)
        if k is not None:
            # "Trump on Friday said", "Priebus later Thursday told": the time
            # phrase is no subject; the subject stands before it
            m = np_left(toks, k, lo, allow_appos=allow_appos) if k > lo else None
            if m is not None:
                return m
    if t.text == "," and allow_appos and j > lo and toks[j - 1].text == ")":
        # "…, after the primary, Gov. John Doe (R-OH), said": the name before
        # the party tag, not the phrase before an earlier comma
        m = np_left(toks, j, lo, allow_appos=False)
        if m is not None and m.text[:1].isupper():
            return m
    if t.text == "," and allow_appos:
        return _before_comma(toks, j, lo)
    if t.text == ")":  # "Rep. Michael McCaul (R-TX) said"
        k = j - 1
        while k >= lo and toks[k].text != "(" and j - k < 8:
            k -= 1
        if k > lo:
            return np_left(toks, k, lo, allow_appos=False)
        return None
    if not t.is_word:
        return None
    low = t.lower
    if low in ("and", "but") and j > lo and allow_appos:
        # "after she attacked … and blamed": a verb coordinated with an
        # earlier one shares its subject
        return _coordinated_subject(toks, j, lo)
    if low in PRONOUNS:
        return span_mention(toks, j, j)
    cm = _CONTRACTION.match(t.text)
    if cm:  # "he’d", "she’s": the pronoun is the mention
        return Mention(t.start, t.start + len(cm.group(1)), cm.group(1))
    if low in _BAD_SUBJECT or low in CUE_FORMS:
        return None
    if t.is_cap or t.text[:1].isdigit():
        m = _name_left(toks, j, lo)
        i = token_index(toks, m, lo, j + 1)
        if i is not None and i - 2 >= lo and toks[i - 1].lower == "in" and toks[i - 2].text[:1].islower() \
                and toks[i - 2].is_word and toks[i - 2].quote is None:
            # "A British government spokeswoman in Washington said": the name is the object of "in";
            # the subject is the phrase before it
            before = np_left(toks, i - 1, lo, allow_appos=False)
            if before is not None and before.text[:1].isalpha() and before.text.lower() not in PRONOUNS:
                return before
        return m
    if t.text[:1].islower():
        return _lower_left(toks, j, lo)
    return None


def _before_comma(toks: Sequence[Tok], j: int, lo: int) -> Mention | None:
    """The subject before the comma ``j`` that closes an apposition (``Fenn,
    a close Marrow ally, said``, ``Gunnels, who ..., said``) or follows the
    sentence's opening name (``Sen. Ida Marsh (D-Ore.), said``)."""
    k = j - 1
    while k >= lo and toks[k].text != "," and toks[k].quote is None and j - k < 30:
        k -= 1
    if k >= lo and toks[k].text == ",":
        head = _appositive_head(toks, k, lo)
        if head is not None and _inside_apposition(toks, head, lo):
            # "Ida Marsh, the head of the Harbour Fund, which backs the plan, said": the body is named
            # inside an apposition of the name before it, and the name is the subject
            chain = _chain_head(toks, k, j, lo)
            if chain is not None:
                return chain
        if head is None or not head.text[:1].isupper() or non_speaker_name(head.text):
            # "Tom Arlen, a Republican hoping to defeat …, a Democrat, in …, said":
            # a chain of appositions after the name that opens the clause
            return _chain_head(toks, k, j, lo) or head
        return head
    # a lone comma after the sentence's opening name: "Sen. Ida Marsh (D-Ore.), said"
    m = np_left(toks, j, lo, allow_appos=False)
    if m is not None and (m.start == toks[lo].start or toks[j - 1].text == ")"):
        return m
    return None


_APPOS_OPEN = frozenset("a an the who whose which one".split())


def _inside_apposition(toks: Sequence[Tok], m: Mention, lo: int) -> bool:
    """Whether ``m`` stands inside an apposition that a comma and a
    determiner open before it ("…, the head of *the Harbour Fund*"), not
    right after the comma."""
    i = next((x for x in range(lo, len(toks)) if toks[x].start == m.start), None)
    if i is None:
        return False
    c = i - 1
    while c >= lo and i - c < 15 and toks[c].text != "," and toks[c].quote is None:
        c -= 1
    return c >= lo and toks[c].text == "," and c + 1 < i - 1 and toks[c + 1].lower in ("a", "an", "the")


def _chain_head(toks: Sequence[Tok], k: int, j: int, lo: int) -> Mention | None:
    """The capitalised name before the first of the commas before ``k`` that
    each open an apposition (a determiner, ``who``, an age), the chain
    unbroken back to it, when the stretch from ``k`` to the comma ``j`` is an
    apposition or a place too; none when a quotation or more than 40 tokens
    lie between."""
    last = [t for t in toks[k + 1:j] if t.text not in ("'s", "’s")]
    if not last or not (last[0].lower in _APPOS_OPEN or all(t.is_cap for t in last) and len(last) <= 5
                        or last[0].lower in ("in", "of", "from") and len(last) > 1 and all(t.is_cap for t in last[1:])):
        return None  # the last stretch is an apposition too, a name or a place ("in West Virginia")
    first = None
    c = k - 1
    while c >= lo and k - c < 40:
        if toks[c].quote is not None:
            return None
        if toks[c].text == ",":
            if not (toks[c + 1].lower in _APPOS_OPEN or toks[c + 1].text[:1].isdigit()):
                break  # not an apposition: the chain ends here
            first = c
        c -= 1
    if first is None:
        return None
    head = np_left(toks, first, lo, allow_appos=False)
    return head if head is not None and head.text[:1].isupper() and not non_speaker_name(head.text) else None


def _appositive_head(toks: Sequence[Tok], k: int, lo: int) -> Mention | None:
    """The name before the comma ``k`` that opens an apposition, over an age
    and a place set off by commas of their own."""
    head = np_left(toks, k, lo, allow_appos=False)
    if head is not None and _is_place_or_age(toks, head, lo):
        # "Lea Brandt, 31, of Salem, Ore., said": skip the age and place
        k2 = k - 1
        while k2 >= lo and toks[k2].text != "," and toks[k2].quote is None and k - k2 < 8:
            k2 -= 1
        if k2 > lo and toks[k2].text == ",":
            further = np_left(toks, k2 + 1, lo, allow_appos=True)
            if further is None:  # "Clinton, during a visit to Columbus, Ohio, said"
                further = np_left(toks, k2, lo, allow_appos=False)
            if further is not None:
                return further
    return head


def _name_left(toks: Sequence[Tok], j: int, lo: int) -> Mention:
    """The capitalised name (``Sen. Mitch McConnell``, ``Bank of America``)
    ending at token ``j``."""
    i = j
    while i - 1 >= lo:
        p = toks[i - 1]
        if p.quote is not None:
            break
        if p.is_cap and p.lower not in ("i",) and p.lower not in CUE_FORMS:
            i -= 1
            continue
        if p.lower in NAME_LINKS and i - 2 >= lo and toks[i - 2].is_cap:
            i -= 1
            continue
        if p.lower in _PARTICLES and i - 3 >= lo and toks[i - 2].lower in _PARTICLES and toks[i - 3].is_cap:
            i -= 2  # two particles: "Ursula von der Leyen", "Alfonso de la Torre"
            continue
        if p.text in ("-", "’s", "'s") and i - 2 >= lo and toks[i - 2].is_cap:
            i -= 1
            continue
        break
    while i < j and (toks[i].lower in NAME_LINKS or toks[i].lower in SUBORDINATORS or toks[i].lower == "as"):
        i += 1
    doc = _document_before(toks, i, lo)
    if doc is not None:  # "the letter addressed to Chairman Fenn reads": the letter is the subject
        return span_mention(toks, doc, j)
    if i - 2 >= lo and toks[i - 1].lower == "and" and toks[i - 2].is_cap and toks[i - 2].quote is None \
            and toks[i - 2].lower not in CUE_FORMS:
        # "Ms. Marsh and Mr. Arlen released …": two people as one subject (the canonical
        # name keeps the pair only when both are people)
        k = _name_left(toks, i - 2, lo)
        return Mention(k.start, toks[j].end, k.text + " and " + span_mention(toks, i, j).text) \
            if k.text[:1].isupper() else span_mention(toks, i, j)
    return span_mention(toks, i, j)


DOCUMENT_PREPS = ("to", "against", "for", "about")  # "the letter addressed to …", "a lawsuit against …"


def _document_before(toks: Sequence[Tok], i: int, lo: int) -> int | None:
    """Where the document phrase starts whose object is the name at token
    ``i`` (``the letter addressed to`` Fenn, ``a lawsuit against`` Velmora):
    the name is no subject then. ``None`` otherwise."""
    k = i - 1
    if k - 1 < lo or toks[k].lower not in DOCUMENT_PREPS:
        return None
    d = k - 1
    if toks[d].lower.endswith("ed") and d - 1 >= lo:  # "addressed to", "directed to"
        d -= 1
    if toks[d].quote is not None or toks[d].lower not in THING_NOUNS:
        return None
    m = _lower_left(toks, d, lo)
    return token_index(toks, m, lo, d + 1) if m is not None else None


def _lower_left(toks: Sequence[Tok], j: int, lo: int) -> Mention | None:
    """The lower-case noun phrase ending at token ``j``: ``the daily``, ``a
    senior official``, ``officials``."""
    i = j
    steps = 0
    cut = None  # where the phrase stops unless a determiner licenses capitals
    while i - 1 >= lo and steps < 6:
        p = toks[i - 1]
        if p.quote is not None or not p.is_word:
            break
        if p.lower in DETERMINERS:
            i -= 1
            cut = None
            break
        if p.lower in STOP_NP or p.lower in CUE_FORMS or p.lower in PRONOUNS:
            break
        if p.is_cap and not p.text.endswith(("’s", "'s")) and cut is None:
            cut = i
        i -= 1
        steps += 1
    if cut is not None:
        i = cut
    if toks[j].lower in DETERMINERS:
        if i == j and j - 1 > lo and toks[j - 1].lower == "of":
            # "the 41-year-old father of two answered": the phrase before "of"
            head = np_left(toks, j - 1, lo, allow_appos=False)
            h = token_index(toks, head, lo, j) if head is not None and head.text[:1].islower() else None
            if h is not None:
                return span_mention(toks, h, j)
        return None
    return span_mention(toks, i, j)


def _inflected(t: Tok) -> bool:
    """A cue in a finite, non-base form (``said``, ``wrote``, ``notes``, ``tweeted``)."""
    low = t.lower
    return low in _IRREGULAR_PAST or low.endswith(("ed", "es")) or (low.endswith("s") and not low.endswith("ss"))


def _is_adverb(t: Tok) -> bool:
    """A lower-case ``-ly`` adverb ("formally", "forcefully") between a subject and its cue."""
    return t.text.islower() and _is_ly_adverb(t.text)


def _is_ly_adverb(w: str) -> bool:
    return len(w) > 4 and w.endswith("ly") and w.isalpha() and w.lower() not in _LY_NOUNS


def _verbish(t: Tok) -> bool:
    """A lower-case past or present-tense verb form ("attacked", "shook", "says")."""
    w = t.text
    return w.islower() and w.isalpha() and (w.endswith("ed") or w in _IRREGULAR_VERBS
                                            or w.endswith("s") and not w.endswith("ss") and len(w) > 3)


def _coordinated_subject(toks: Sequence[Tok], j: int, lo: int) -> Mention | None:
    """The subject of the verb that conjunction ``j`` coordinates with: the
    nearest verb form before it whose subject is a pronoun or a name."""
    for k in range(j - 1, max(lo, j - 25), -1):
        t = toks[k]
        if t.quote is not None or t.text in (".", ";", ":", "!", "?"):
            return None
        if not _verbish(t):
            continue
        m = np_left(toks, k, lo, allow_appos=True)
        if m is None:
            continue
        if m.text.lower() in ("he", "she", "they", "i", "we") or (
                m.text[:1].isupper() and not m.text.endswith(("’s", "'s"))):
            return m
    return None


def _temporal_start(toks: Sequence[Tok], j: int, lo: int) -> int | None:
    """Start of a time phrase ending at token ``j`` (``on Friday``, ``in the
    past``, ``later Thursday``), or ``None`` when ``j`` does not end one."""
    k = j
    lead = False
    while k - 1 >= lo and j - k < 4:
        p = toks[k - 1]
        if p.quote is not None or not p.is_word:
            break
        if p.lower in _TEMPORAL_LEAD:
            lead = True
        elif not (p.lower in _TEMPORAL_FILL or p.lower in TEMPORAL or p.text.isdigit()):
            break
        k -= 1
    if lead or toks[j].lower in DAY_WORDS:
        return k
    return None


def _is_place_or_age(toks: Sequence[Tok], m: Mention, lo: int) -> bool:
    """A comma-set segment that describes rather than names: ``22``, ``of Flint``, ``Mich.``."""
    if m.text[:1].isdigit():
        return True
    i = next((k for k in range(lo, len(toks)) if toks[k].start == m.start), None)
    if i is None:
        return False
    if i > lo and toks[i - 1].lower in ("of", "from", "in"):
        return True
    return i > lo and toks[i - 1].text == "," and m.text.endswith(".") and len(m.text) <= 6


# lower-case words of a title between a name and a speaker's name ("the governor's press secretary Lea Marsh")
ROLE_NOUNS = TITLE_WORDS | {"press", "campaign", "communications", "manager", "adviser", "advisor", "aide", "lawyer",
                            "executive", "officer", "operating", "financial", "policy", "legal", "senior"}


_RELATIVES = {"who", "whom", "whose", "which"}


def _role_noun(low: str) -> bool:
    """A lower-case noun that closes a role ("spokesman", "analyst", "press secretary")."""
    return low in ROLE_NOUNS or person_noun(low)


def _role_after_adjective(t: Tok) -> bool:
    """A lower-case noun closing a phrase after one capitalised word ("the
    Kenyan minister", "the Trump campaign"): no function word, cue, time
    word, verb or adverb."""
    low = t.lower
    if t.quote is not None or not (t.text.isalpha() and t.text.islower()):
        return False
    if low in STOP_NP or low in CUE_FORMS or low in TEMPORAL or low in SUBORDINATORS or low in _RELATIVES:
        return False
    return not (_verbish(t) or _is_ly_adverb(low) or low.endswith("ing"))


def _links_before_cap(toks: Sequence[Tok], k: int, hi: int) -> int:
    """How many linking words follow token ``k`` before a capitalised one
    that continues the name: 1 ("Bank of America"), 2 for two particles
    ("Ursula von der Leyen"), else 0."""
    if k + 2 < hi and toks[k + 1].lower in NAME_LINKS and toks[k + 2].is_cap:
        return 1
    if k + 3 < hi and toks[k + 1].lower in _PARTICLES and toks[k + 2].lower in _PARTICLES and toks[k + 3].is_cap:
        return 2
    return 0


def np_right(toks: Sequence[Tok], c: int, hi: int) -> Mention | None:
    """The noun phrase just after token ``c`` (inverted ``said X``)."""
    j = c + 1
    if j >= hi:
        return None
    t = toks[j]
    if t.quote is not None or not t.is_word:
        return None
    low = t.lower
    if low in PRONOUNS:
        return span_mention(toks, j, j)
    if t.is_cap:
        k = j
        while k + 1 < hi:
            n = toks[k + 1]
            if n.quote is not None:
                break
            if n.is_cap:
                k += 1
                continue
            links = _links_before_cap(toks, k, hi)
            if links:
                k += links
                continue
            if n.text in ("-",) and k + 2 < hi and toks[k + 2].is_cap:
                k += 1
                continue
            break
        # "said Tovar press secretary Lea Marsh", "says Merrill Lynch food analyst William Maguire": role
        # words (the last a role noun) between a name and the speaker's name
        r = k + 1
        while r < hi and r - k <= 3 and toks[r].quote is None and toks[r].is_word and toks[r].text[:1].islower() \
                and toks[r].lower not in STOP_NP and toks[r].lower not in CUE_FORMS:
            r += 1
        role = r > k + 1 and _role_noun(toks[r - 1].lower)
        if role and r + 1 < hi and toks[r].quote is None and toks[r].is_cap and toks[r + 1].is_cap:
            e = r + 1
            while e + 1 < hi and toks[e + 1].quote is None and toks[e + 1].is_cap:
                e += 1
            return span_mention(toks, j, e)
        if role and _OWNER.search(toks[k].text):
            return span_mention(toks, j, r - 1)  # "said Trump's lawyer": the owner's lawyer speaks, not the owner
        return span_mention(toks, j, k)
    if t.text[:1].islower() and low not in STOP_NP and low not in CUE_FORMS:
        # "said conservative activist Bob Klaus", "said former shipping executive Ana Tovar"
        k = j
        while k + 1 < hi and k - j < 7:
            n = toks[k + 1]
            if n.quote is not None or not (n.is_word or n.text in (".",)) or n.lower in ("who", "which", "that"):
                break
            k += 1
            if n.is_cap:
                first_cap = k
                while k + 1 < hi and toks[k + 1].quote is None:
                    step = 1 if toks[k + 1].is_cap else _links_before_cap(toks, k, hi)
                    if not step:
                        break
                    k += step
                if k == first_cap and k + 1 < hi and _role_after_adjective(toks[k + 1]):
                    k += 1  # "according to the Kenyan minister": the capital is an adjective of the role
                    while k + 1 < hi and toks[k + 1].is_cap and toks[k + 1].lower not in TEMPORAL:
                        k += 1  # "the DFS chief Atul Garg": the name after the role (not "Tuesday")
                elif k > first_cap:
                    # "said a White House spokesman", "said the Foreign Office press officer Piet Hol": a body's
                    # name before the role; the role speaks (or the name after it)
                    r = k + 1
                    while r < hi and r - k <= 3 and _role_after_adjective(toks[r]):
                        r += 1
                    if r > k + 1 and _role_noun(toks[r - 1].lower):
                        k = r - 1
                        while k + 1 < hi and toks[k + 1].is_cap and toks[k + 1].lower not in TEMPORAL:
                            k += 1
                return span_mention(toks, j, k)
    if low in DETERMINERS:
        k = j
        while k + 1 < hi and k - j < 5:
            n = toks[k + 1]
            if n.quote is not None or not n.is_word or n.lower in STOP_NP or n.lower in ("who", "which"):
                break
            k += 1
        if k > j:
            return span_mention(toks, j, k)
    return None


def first_np(toks: Sequence[Tok], lo: int, hi: int) -> Mention | None:
    """The first name or personal pronoun of ``lo..hi`` (a clause's likely subject)."""
    lead = toks[lo + 1].lower if lo + 1 < hi else ""  # "Even before …", "Shortly after …"
    if lo < hi and (toks[lo].lower in STOP_NP or toks[lo].lower in SUBORDINATORS or lead in SUBORDINATORS
                    or toks[lo].is_cap and (toks[lo].lower.endswith("ing") or toks[lo].lower in CUE_FORMS)):
        # "On Saturday, Trump issued …", "After his election in March, Netanyahu …",
        # "Asked whether …, Clinton said":
        # the subject follows the opening phrase
        comma = next((k for k in range(lo + 1, hi) if toks[k].text == "," or toks[k].quote is not None), None)
        if comma is not None and toks[comma].quote is None:
            m = first_np(toks, comma + 1, hi)
            if m is not None:
                return m
    for k in range(lo, hi):
        t = toks[k]
        if t.quote is not None:
            return None
        if t.lower in ("he", "she", "they", "i", "we"):
            return Mention(t.start, t.end, t.text)
        if t.is_cap and t.lower in _ARTICLES and k + 1 < hi:
            j = _det_phrase_end(toks, k, hi)  # "The board saw", "The Q poll also finds"
            if j > k and toks[j].lower not in TEMPORAL:
                return span_mention(toks, k, j)
            continue  # "A month later, he …"
        if t.is_cap and k == lo and t.lower in _OPENERS:
            continue  # "Unless rivals quit, …", "Why …", "See …"
        if t.is_cap and (t.lower in TEMPORAL or t.lower in SENTENCE_ADVERBS or t.lower in _NUMBER_WORDS
                         or _is_ly_adverb(t.lower) and k + 1 < hi and toks[k + 1].text == ","):
            continue  # "Meanwhile, it …", "Eight years ago, he …", "Separately, …": no mention yet
        if t.is_cap and (k > lo or t.lower not in _BAD_SUBJECT | STOP_NP | {"also", "but", "however"}):
            j = k
            while j + 1 < hi and toks[j + 1].quote is None:
                if toks[j + 1].is_cap or toks[j + 1].text == ".":
                    j += 1
                elif _links_caps(toks, j + 1, hi):
                    j += 3 if toks[j + 2].lower == "the" else 2  # over "of (the)" to the next capitalised word
                else:
                    break
            if toks[j].text == ".":
                j -= 1
            if j + 2 < hi and toks[j + 1].lower == "and" and toks[j + 2].is_cap and toks[j + 2].quote is None:
                # "Ms. Marsh and Mr. Arlen released …": the pair (kept as one only when both are people)
                e = j + 2
                while e + 1 < hi and (toks[e + 1].is_cap or toks[e + 1].text == ".") and toks[e + 1].quote is None:
                    e += 1
                if toks[e].text == ".":
                    e -= 1
                return span_mention(toks, k, e)
            return span_mention(toks, k, j)
    return None


def _links_caps(toks: Sequence[Tok], j: int, hi: int) -> bool:
    """``of`` or ``of the`` between capitalised words of one title and name
    ("Secretary of the Interior Ines Vass")."""
    if toks[j].lower != "of" or j == 0 or not toks[j - 1].is_cap:
        return False
    n = j + 1
    if n < hi and toks[n].lower == "the":
        n += 1
    return n < hi and toks[n].is_cap and toks[n].quote is None


def _det_phrase_end(toks: Sequence[Tok], k: int, hi: int) -> int:
    """Last token of the noun phrase that determiner ``k`` opens (``k`` when
    none): up to three lower-case words and any run of capitalised ones,
    stopping before a verb, a cue, a clause word or punctuation."""
    j, words = k, 0
    while j + 1 < hi and (words < 3 or toks[j + 1].is_cap) and j - k < 8:
        t = toks[j + 1]
        low = t.lower
        words += not t.is_cap
        if (t.quote is not None or not t.is_word or low in STOP_NP or low in CUE_FORMS or low in SKIP_BEFORE_CUE
                or low in BE_FORMS or low in _IRREGULAR_VERBS or low in PRONOUNS or low in DETERMINERS
                or t.text.islower() and "-" not in t.text and (low.endswith(("ed", "ing")) or _is_ly_adverb(low))):
            break  # (a hyphened "party-backed" or "long-standing" describes the noun: no verb)
        j += 1
    if j > k and j + 2 < hi and toks[j + 1].lower == "of" and toks[j].lower in _PART_NOUNS:
        # "A handful of other members of the council", "A chorus of prominent Republicans"
        n = j + 2
        if toks[n].is_cap and toks[n].lower not in DETERMINERS:
            while n + 1 < hi and toks[n + 1].is_cap and toks[n + 1].quote is None:
                n += 1  # a name ends the phrase: "members of Congress"
            return n
        if toks[n].lower in DETERMINERS and n + 1 < hi:
            return _det_phrase_end(toks, n, hi)
        end = _det_phrase_end(toks, n - 1, hi)
        if end > n - 1:
            return end
    return j


def first_verb_subject(toks: Sequence[Tok], lo: int, hi: int) -> Mention | None:
    """The subject of the first lower-case past-tense verb or cue of ``lo..hi``
    that has one ("On “Morning Desk,” Sen. Ida Marsh … described …")."""
    for k in range(lo + 1, hi):
        t = toks[k]
        if t.quote is None and t.text.islower() and (t.lower.endswith("ed") or t.lower in CUE_FORMS):
            m = np_left(toks, k, lo)
            if m is not None:
                return m
    return None

