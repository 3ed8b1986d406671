"""Rule-based speaker finding on the cheap token stream of :mod:`tokens`.

Given the tokens of a paragraph (each quotation one token), these functions
find the speech cue that governs a quotation and the noun phrase that is its
speaker: ``X said``, ``said X``, ``X, a senator, said``, ``X told Y``,
``according to X``, ``X: ...``, participle cues (``..., adding that``) whose
speaker is the clause's subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cues import (
    BROAD_CUES,
    CUE_FORMS,
    DETERMINERS,
    PARTICIPLE_CUES,
    PRONOUNS,
    SENTENCE_ADVERBS,
    SKIP_BEFORE_CUE,
)
from .tokens import Tok

__all__ = ["DAY_WORDS", "absolute_subject", "first_np", "first_verb_subject", "is_broad_cue", "is_passive", "sentence_subject", "Mention", "Attribution", "np_left", "np_right", "find_in_after", "find_in_before", "is_cue"]

_STOP_NP = {"that", "and", "but", "or", "as", "if", "when", "while", "because", "which", "where",
            "in", "on", "at", "to", "for", "with", "by", "from", "after", "before", "during",
            "since", "than", "so", "about", "of"}
_NAME_LINKS = {"of", "de", "van", "von", "der", "da", "del", "la", "le", "bin", "al", "the", "for", "and", "&"}
_BAD_SUBJECT = {"there", "here", "this", "what", "also", "it's", "that", "then", "now", "so", "not",
                "said", "says", "when", "as", "if"}
# words opening a subordinate clause ("When Trump announced …, he …")
_SUBORDINATORS = {"when", "while", "after", "before", "although", "though", "since", "because", "if",
                  "once", "until", "whereas", "unless"}
# heads of time expressions that sit between a subject and its cue
# ("Trump on Friday said", "Beck, who has in the past described")
_TEMPORAL = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
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


@dataclass
class Mention:
    """A speaker mention: source offsets and its text."""

    start: int
    end: int
    text: str


@dataclass
class Attribution:
    """A speaker mention with the cue it rests on."""

    mention: Mention
    cue: str | None
    cue_start: int | None = None
    how: str = ""


def is_cue(tok: Tok) -> bool:
    """Whether ``tok`` is a speech verb form."""
    return tok.quote is None and tok.lower in CUE_FORMS


# base forms that name a term only after a plural or first-person subject
# ("Obama and Clinton call them “lone wolves”"; "a call for …" is a noun)
_BASE_BROAD = {"call", "label", "brand"}


def is_broad_cue(toks: Sequence[Tok], k: int) -> bool:
    """Whether token ``k`` is a non-speech attributing verb (``called``, ``calls``;
    ``call`` right after a pronoun or a name)."""
    t = toks[k]
    if t.quote is not None:
        return False
    if t.lower in BROAD_CUES:
        return True
    if t.lower not in _BASE_BROAD or k == 0:
        return False
    p = toks[k - 1]
    return p.quote is None and (p.lower in ("they", "we", "i", "you") or p.is_cap and p.lower not in DETERMINERS)


def _mention(toks: Sequence[Tok], i: int, j: int) -> Mention:
    """Mention covering tokens ``i..j`` inclusive."""
    s, e = toks[i].start, toks[j].end
    return Mention(s, e, " ".join(t.text for t in toks[i : j + 1]).replace(" ’s", "’s").replace(" 's", "'s"))


def _index_of(toks: Sequence[Tok], m: Mention, lo: int, hi: int) -> int | None:
    """Index in ``lo..hi`` of the token where mention ``m`` starts."""
    return next((x for x in range(lo, hi) if toks[x].start == m.start), None)


def first_verb_subject(toks: Sequence[Tok], lo: int, hi: int) -> Mention | None:
    """The subject of the first lower-case past-tense verb or cue of ``lo..hi``
    that has one ("On “Face the Nation,” Sen. Bernie Sanders … identified …")."""
    for k in range(lo + 1, hi):
        t = toks[k]
        if t.quote is None and t.text.islower() and (t.lower.endswith("ed") or t.lower in CUE_FORMS):
            m = np_left(toks, k, lo)
            if m is not None:
                return m
    return None


def _is_name_tok(t: Tok) -> bool:
    return t.quote is None and (t.is_cap or t.text[:1].isdigit() and False) and t.lower not in ("i",)


def np_left(toks: Sequence[Tok], c: int, lo: int, *, allow_appos: bool = True) -> Mention | None:
    """The subject noun phrase ending just before token ``c`` (not before ``lo``)."""
    j = c - 1
    while j >= lo and toks[j].quote is None and (toks[j].lower in SKIP_BEFORE_CUE or _is_adverb(toks[j])):
        if j == c - 1 and toks[j].is_cap and toks[j].lower in _NAME_MODALS and _inflected(toks[c]):
            break  # "Will wrote", "May said": a name, not a modal (a modal takes "say")
        j -= 1
    if j < lo:
        return None
    t = toks[j]
    if t.quote is not None:
        return None
    if t.lower in _TEMPORAL:
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
        # "Flynn, a top Trump surrogate, said" / "Gunnels, who ..., said"
        k = j - 1
        while k >= lo and toks[k].text != "," and toks[k].quote is None and j - k < 30:
            k -= 1
        if k >= lo and toks[k].text == ",":
            head = np_left(toks, k, lo, allow_appos=False)
            if head is not None and _is_place_or_age(toks, head, lo):
                # "Cory James, 22, of Flint, Mich., said": skip the age and place
                k2 = k - 1
                while k2 >= lo and toks[k2].text != "," and toks[k2].quote is None and k - k2 < 8:
                    k2 -= 1
                if k2 > lo and toks[k2].text == ",":
                    further = np_left(toks, k2 + 1, lo, allow_appos=True)
                    if further is None:  # "Clinton, during a visit to Columbus, Ohio, said"
                        further = np_left(toks, k2, lo, allow_appos=False)
                    if further is not None:
                        return further
            if head is not None:
                return head
            return None
        # a lone comma after the sentence's opening name: "Sen. Jack Reed (D-R.I.), said"
        m = np_left(toks, j, lo, allow_appos=False)
        if m is not None and (m.start == toks[lo].start or toks[j - 1].text == ")"):
            return m
        return None
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
        return _mention(toks, j, j)
    cm = _CONTRACTION.match(t.text)
    if cm:  # "he’d", "she’s": the pronoun is the mention
        return Mention(t.start, t.start + len(cm.group(1)), cm.group(1))
    if low in _BAD_SUBJECT or low in CUE_FORMS:
        return None
    if t.is_cap or t.text[:1].isdigit():
        i = j
        while i - 1 >= lo:
            p = toks[i - 1]
            if p.quote is not None:
                break
            if p.is_cap and p.lower not in ("i",) and p.lower not in CUE_FORMS:
                i -= 1
                continue
            if p.lower in _NAME_LINKS and i - 2 >= lo and toks[i - 2].is_cap:
                i -= 1
                continue
            if p.text in ("-", "’s", "'s") and i - 2 >= lo and toks[i - 2].is_cap:
                i -= 1
                continue
            break
        while i < j and (toks[i].lower in _NAME_LINKS or toks[i].lower in _SUBORDINATORS or toks[i].lower == "as"):
            i += 1
        return _mention(toks, i, j)
    if t.text[:1].islower():
        # lower-case noun phrase: "the daily", "a senior official", "officials"
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
            if p.lower in _STOP_NP or p.lower in CUE_FORMS or p.lower in PRONOUNS:
                break
            if p.is_cap and not p.text.endswith(("’s", "'s")) and cut is None:
                cut = i
            i -= 1
            steps += 1
        if cut is not None:
            i = cut
        if low in DETERMINERS:
            if i == j and j - 1 > lo and toks[j - 1].lower == "of":
                # "the 34-year-old mother of three replied": the phrase before "of"
                head = np_left(toks, j - 1, lo, allow_appos=False)
                h = _index_of(toks, head, lo, j) if head is not None and head.text[:1].islower() else None
                if h is not None:
                    return _mention(toks, h, j)
            return None
        return _mention(toks, i, j)
    return None


_NAME_MODALS = {"will", "may", "can", "did", "just"}
_IRREGULAR_PAST = {"said", "told", "wrote", "spoke", "says", "writes", "tells", "thought", "swore", "sang"}


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
        elif not (p.lower in _TEMPORAL_FILL or p.lower in _TEMPORAL or p.text.isdigit()):
            break
        k -= 1
    if lead or toks[j].lower in DAY_WORDS:
        return k
    return None


_BE = {"was", "were", "is", "are", "been", "be", "being"}


def is_passive(toks: Sequence[Tok], c: int, lo: int) -> bool:
    """``Farook’s name was announced``: the cue is a passive participle, so the
    noun phrase before it is not its speaker."""
    t = toks[c].lower
    if not (t.endswith("ed") or t in ("said", "told", "written", "quoted")):
        return False
    j = c - 1
    while j >= lo and toks[j].quote is None and toks[j].lower in SKIP_BEFORE_CUE:
        if toks[j].lower in _BE:
            return True
        j -= 1
    return False


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
        return _mention(toks, j, j)
    if t.is_cap:
        k = j
        while k + 1 < hi:
            n = toks[k + 1]
            if n.quote is not None:
                break
            if n.is_cap:
                k += 1
                continue
            if n.lower in _NAME_LINKS and k + 2 < hi and toks[k + 2].is_cap:
                k += 1
                continue
            if n.text in ("-",) and k + 2 < hi and toks[k + 2].is_cap:
                k += 1
                continue
            break
        return _mention(toks, j, k)
    if t.text[:1].islower() and low not in _STOP_NP and low not in CUE_FORMS:
        # "said conservative activist Bob Klaus", "said former tech executive Carly Fiorina"
        k = j
        while k + 1 < hi and k - j < 7:
            n = toks[k + 1]
            if n.quote is not None or not (n.is_word or n.text in (".",)) or n.lower in ("who", "which", "that"):
                break
            k += 1
            if n.is_cap:
                while k + 1 < hi and toks[k + 1].quote is None and (
                        toks[k + 1].is_cap or toks[k + 1].lower in _NAME_LINKS and k + 2 < hi and toks[k + 2].is_cap):
                    k += 1
                return _mention(toks, j, k)
    if low in DETERMINERS:
        k = j
        while k + 1 < hi and k - j < 5:
            n = toks[k + 1]
            if n.quote is not None or not n.is_word or n.lower in _STOP_NP or n.lower in ("who", "which"):
                break
            k += 1
        if k > j:
            return _mention(toks, j, k)
    return None


def _according(toks: Sequence[Tok], lo: int, hi: int) -> Attribution | None:
    for i in range(lo, hi - 2):
        if toks[i].lower == "according" and toks[i + 1].lower == "to":
            m = np_right(toks, i + 1, hi)
            if m is not None:
                return Attribution(m, "according to", toks[i].start, "according")
    return None


_DASHES = ("―", "—", "–", "-", "--")


def _dash_byline(toks: Sequence[Tok], q: int, hi: int) -> Attribution | None:
    """``“…” ― Sonya Herridge``: a dash and a bare name closing the sentence."""
    i = q + 1
    if i >= hi or toks[i].text not in _DASHES:
        return None
    j = i + 1
    while j < hi and toks[j].text in _DASHES:
        j += 1
    if j >= hi or not toks[j].is_cap:
        return None
    k = j
    while k + 1 < hi and (toks[k + 1].is_cap or toks[k + 1].lower in _NAME_LINKS) and k - j < 5:
        k += 1
    rest = [t for t in toks[k + 1 : hi]]
    if rest and rest[0].text not in (",", ".", "(") or any(t.quote is not None for t in rest):
        return None
    if any(is_cue(t) for t in rest):
        return None
    return Attribution(_mention(toks, j, k), None, toks[i].start, "dash")


def find_in_after(toks: Sequence[Tok], q: int, hi: int) -> Attribution | None:
    """Speaker from the words after quotation token ``q``: ``…,” X said`` / ``said X``."""
    dash = _dash_byline(toks, q, hi)
    if dash is not None:
        return dash
    i = q + 1
    while i < hi and toks[i].quote is None and toks[i].text in (",", "—", "–", "-", "(", ":"):
        i += 1
    if i >= hi:
        return None
    stop = hi
    for k in range(i, hi):
        if toks[k].quote is not None:
            stop = k
            break
    found = _put_it_or_per(toks, i, stop)
    if found is not None:
        return found
    if is_cue(toks[i]) and toks[i].lower not in PARTICIPLE_CUES:
        m = np_right(toks, i, stop)
        if m is not None:
            found = Attribution(m, toks[i].lower, toks[i].start, "inverted")
    if (found is None and i + 1 < stop and toks[i].lower in ("he", "she", "they", "i", "we")
            and is_broad_cue(toks, i + 1) and toks[i + 1].lower not in PARTICIPLE_CUES):
        # "“Quiet,” he demanded": a pronoun and an attributing verb right after the quotation
        found = Attribution(_mention(toks, i, i), toks[i + 1].lower, toks[i + 1].start, "after")
    if found is None:
        for k in range(i, min(stop, i + 25)):
            t = toks[k]
            if is_cue(t) and t.lower not in PARTICIPLE_CUES and not (
                    t.lower in _ASPECT_VERBS and k + 1 < stop and toks[k + 1].lower == "to" and k > i + 1):
                # (not "as Bush continued to interject": an aspect verb before an infinitive)
                m = None if is_passive(toks, k, i) else np_left(toks, k, i)
                if m is not None:
                    found = Attribution(m, t.lower, t.start, "after")
                    break
                # "…,” like the recent swings, said Richard Curtin": inverted after a comma
                m = np_right(toks, k, stop) if k == i or toks[k - 1].text == "," else None
                if m is not None:
                    found = Attribution(m, t.lower, t.start, "inverted")
                break
            if t.lower == "according":
                break
    if found is not None:
        # "…,” Sanders said, according to CNN: the quote rests on the report
        rest = _according(toks, i, stop)
        if rest is not None and rest.cue_start is not None and rest.cue_start > (found.cue_start or 0):
            return rest
        return found
    return _according(toks, i, stop)


# cue forms that also say "go on doing" ("continued to interject")
_ASPECT_VERBS = {"continued", "continues", "continue"}


def _put_it_or_per(toks: Sequence[Tok], i: int, stop: int) -> Attribution | None:
    """``…,” as a Homeland Security memo put it`` / ``…,” per the party’s
    bylaws``: the words right after a quotation name its source."""
    low = toks[i].lower
    if low == "per":
        m = np_right(toks, i, stop)
        if m is not None and m.text.lower() not in _PER_NOT_SOURCE:
            return Attribution(m, "per", toks[i].start, "according")
        return None
    if low != "as":
        return None
    for k in range(i + 2, min(stop - 1, i + 12)):
        if toks[k].lower in ("put", "puts") and toks[k + 1].lower == "it":
            m = _mention(toks, i + 1, k - 1)
            return Attribution(m, "put it", toks[k].start, "put-it")
        if not toks[k].is_word or toks[k].quote is not None:
            return None
    return None


# "…” per cent", "per year": measure words, not sources
_PER_NOT_SOURCE = {"cent", "capita", "year", "day", "week", "month", "hour", "person", "head", "share", "se",
                   "annum", "diem", "minute", "second", "mile", "gallon", "unit", "vote", "voter"}


def sentence_subject(toks: Sequence[Tok], lo: int, hi: int) -> Attribution | None:
    """The subject of the first finite speech cue in ``lo..hi``."""
    for k in range(lo, hi):
        t = toks[k]
        if is_cue(t) and t.lower not in PARTICIPLE_CUES and not (k > lo and toks[k - 1].lower == "to"):
            m = np_left(toks, k, lo)
            if m is not None:
                return Attribution(m, t.lower, t.start, "subject")
            m = np_right(toks, k, hi)
            if m is not None and k > lo and toks[k - 1].text in (",",):
                return Attribution(m, t.lower, t.start, "subject")
    return None


def first_np(toks: Sequence[Tok], lo: int, hi: int) -> Mention | None:
    """The first name or personal pronoun of ``lo..hi`` (a clause's likely subject)."""
    lead = toks[lo + 1].lower if lo + 1 < hi else ""  # "Even before …", "Shortly after …"
    if lo < hi and (toks[lo].lower in _STOP_NP or toks[lo].lower in _SUBORDINATORS or lead in _SUBORDINATORS
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
            if j > k and toks[j].lower not in _TEMPORAL:
                return _mention(toks, k, j)
            continue  # "A month later, he …"
        if t.is_cap and k == lo and t.lower in _OPENERS:
            continue  # "Unless rivals quit, …", "Why …", "See …"
        if t.is_cap and (t.lower in _TEMPORAL or t.lower in SENTENCE_ADVERBS or t.lower in _NUMBER_WORDS
                         or _is_ly_adverb(t.lower) and k + 1 < hi and toks[k + 1].text == ","):
            continue  # "Meanwhile, it …", "Eight years ago, he …", "Separately, …": no mention yet
        if t.is_cap and (k > lo or t.lower not in _BAD_SUBJECT | _STOP_NP | {"also", "but", "however"}):
            j = k
            while j + 1 < hi and (toks[j + 1].is_cap or toks[j + 1].text in (".",)) and toks[j + 1].quote is None:
                j += 1
            if toks[j].text == ".":
                j -= 1
            return _mention(toks, k, j)
    return None


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
_OPENERS = _SUBORDINATORS | {"do", "does", "did", "why", "how", "what", "where", "see", "read", "watch", "click",
                             "please", "imagine", "consider"}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "twenty", "thirty", "forty", "fifty", "last", "next"}
_IRREGULAR_VERBS = _IRREGULAR_PAST | {"saw", "went", "came", "took", "made", "gave", "got", "found", "began", "ran",
                                      "won", "lost", "left", "put", "set", "sent", "spent", "kept", "held", "brought",
                                      "built", "felt", "met", "paid", "heard", "knew", "became", "stood", "sat"}


def _det_phrase_end(toks: Sequence[Tok], k: int, hi: int) -> int:
    """Last token of the noun phrase that determiner ``k`` opens (``k`` when
    none): up to three lower-case words and any run of capitalised ones,
    stopping before a verb, a cue, a clause word or punctuation."""
    j, words = k, 0
    while j + 1 < hi and (words < 3 or toks[j + 1].is_cap) and j - k < 8:
        t = toks[j + 1]
        low = t.lower
        words += not t.is_cap
        if (t.quote is not None or not t.is_word or low in _STOP_NP or low in CUE_FORMS or low in SKIP_BEFORE_CUE
                or low in _BE or low in _IRREGULAR_VERBS or low in PRONOUNS or low in DETERMINERS
                or t.text.islower() and (low.endswith(("ed", "ing")) or _is_ly_adverb(low))):
            break
        j += 1
    if j > k and j + 2 < hi and toks[j + 1].lower == "of" and toks[j].lower in _PART_NOUNS:
        # "A number of other members of Congress", "A chorus of prominent Republicans"
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


def _matrix_speaker(toks: Sequence[Tok], m: Mention, lo: int, depth: int = 0) -> Mention:
    """The speaker of a cue that sits inside a clause reported by an earlier cue:
    ``Trump said he’d asked his “people”`` (a pronoun right after the outer cue)
    and ``Trump said … that Clinton once described it as “…”`` (a ``that``
    clause) rest on the outer cue's subject, as PolNeAR annotates them."""
    if depth > 3:
        return m
    i = next((k for k in range(lo, len(toks)) if toks[k].start == m.start), None)
    if i is None:
        return m
    j = i - 1
    if j >= lo and toks[j].lower == "that":
        # "Trump said during a rally that Clinton once described …"
        j -= 1
        while j > lo and i - j < 12 and not is_cue(toks[j]) and toks[j].quote is None and toks[j].text not in (",", ";"):
            j -= 1
    elif m.text.lower() not in PRONOUNS:
        return m
    if j < lo or not is_cue(toks[j]) or toks[j].lower in PARTICIPLE_CUES:
        return m
    outer = np_left(toks, j, lo)
    if outer is None:
        return m
    return _matrix_speaker(toks, outer, lo, depth + 1)


_OBJECT_PRONOUNS = {"her", "him", "them", "me", "us"}
_CLAUSE_LEADS = {"after", "before", "while", "when", "since", "by", "upon", "despite", "without", "in"}


def _opening_participle_subject(toks: Sequence[Tok], k: int, q: int, lo: int) -> Mention | None:
    """``After saying X was “…,” she …``: a participle clause that opens the
    sentence and holds the quotation; its speaker is the main clause's subject,
    right after the quotation."""
    if not (k == lo or k == lo + 1 and toks[lo].lower in _CLAUSE_LEADS):
        return None
    r = q + 1
    if r < len(toks) and toks[r].text == ",":
        r += 1
    if r >= len(toks) or toks[r].quote is not None:
        return None
    t = toks[r]
    if t.lower in ("he", "she", "they", "i", "we"):
        return _mention(toks, r, r)
    return None


def absolute_subject(toks: Sequence[Tok], k: int, lo: int) -> Mention | None:
    """``…, and Trump calling it a “great meeting”`` / ``with McCain saying``:
    a name right before the participle, after "and", "with" or a comma, is
    the participle's own subject."""
    if k - 1 <= lo or not toks[k - 1].is_cap or toks[k - 1].quote is not None:
        return None
    m = np_left(toks, k, lo, allow_appos=False)
    if m is None or not m.text[:1].isupper() or m.text.lower() in PRONOUNS:
        return None
    i = _index_of(toks, m, lo, k)
    if i is None or i <= lo or toks[i - 1].lower not in ("and", "with", ",", "—", "–", "-", "--"):
        return None
    return m


def find_in_before(toks: Sequence[Tok], q: int, lo: int) -> Attribution | None:
    """Speaker from the words before quotation token ``q`` in its sentence."""
    if q <= lo:
        return None
    # "to her, “…”": the one whose view the quotation gives
    if (q - 3 >= lo and toks[q - 1].text == "," and toks[q - 3].lower == "to" and toks[q - 2].quote is None
            and not (q - 4 >= lo and toks[q - 4].lower == "according")
            and (toks[q - 2].lower in _OBJECT_PRONOUNS or toks[q - 2].is_cap and toks[q - 2].lower not in _TEMPORAL)):
        return Attribution(_mention(toks, q - 2, q - 2), "to", toks[q - 3].start, "according")
    # "Trump: “…”" / headline "Gingrich: …"
    if toks[q - 1].text == ":" and q - 2 >= lo and not any(is_cue(t) for t in toks[lo : q - 1]):
        m = np_left(toks, q - 1, lo)
        if m is not None and (q - 1 - lo) <= 6:
            return Attribution(m, ":", toks[q - 1].start, "colon")
    for k in range(q - 1, lo - 1, -1):
        t = toks[k]
        if t.quote is not None:
            continue
        if t.lower == "according" and k + 1 < q and toks[k + 1].lower == "to":
            m = np_right(toks, k + 1, q)
            if m is not None:
                return Attribution(m, "according to", t.start, "according")
        if (t.lower == "about" and k - 2 >= lo and toks[k - 1].lower == "on"
                and toks[k - 2].lower in ("went", "goes", "go", "going")):
            # "as Trump went on about “how the system is rigged”"
            m = np_left(toks, k - 2, lo)
            if m is not None:
                return Attribution(m, "went on about", toks[k - 2].start, "before")
            continue
        if t.lower in ("put", "puts") and k + 1 < q and toks[k + 1].lower == "it":
            # "As Ilse Marrow put it: “…”"
            m = np_left(toks, k, lo, allow_appos=False)
            i = _index_of(toks, m, lo, k) if m is not None else None
            if m is not None and i is not None:
                while i > lo and toks[i - 1].lower in _NAME_LINKS:
                    i -= 1  # "As The Post's Ruth Marcus puts it"
                if i > lo and toks[i - 1].lower == "as":
                    return Attribution(m, "put it", t.start, "put-it")
                if toks[i].lower == "as" and i + 1 < k:  # "As" opening the sentence is capitalised
                    return Attribution(_mention(toks, i + 1, k - 1), "put it", t.start, "put-it")
            continue
        if not is_cue(t):
            if t.lower in PARTICIPLE_CUES and is_broad_cue(toks, k):
                m = absolute_subject(toks, k, lo)  # "… and Trump calling it a “great meeting”"
                if m is not None:
                    return Attribution(m, t.lower, t.start, "absolute")
            continue
        if t.lower in PARTICIPLE_CUES:
            m = _opening_participle_subject(toks, k, q, lo)
            if m is not None:
                return Attribution(m, t.lower, t.start, "participle")
            m = absolute_subject(toks, k, lo)
            if m is not None:
                return Attribution(m, t.lower, t.start, "absolute")
            sub = sentence_subject(toks, lo, k)
            if sub is not None and sub.mention.text.lower() not in ("who", "which", "that"):
                # (a cue of a relative clause speaks for the clause, not the participle)
                return Attribution(sub.mention, t.lower, t.start, "participle")
            m = first_np(toks, lo, k)
            if m is not None:
                return Attribution(m, t.lower, t.start, "participle")
            # "Speaking to Bloomberg, Rutte said" / participle opening the sentence
            continue
        if is_passive(toks, k, lo):
            if k + 1 < q and toks[k + 1].lower == "by":
                m = np_right(toks, k + 1, q)  # "was announced by the council as “…”"
                if m is not None:
                    return Attribution(m, t.lower, t.start, "passive-by")
            continue
        if k > lo and toks[k - 1].lower == "to":
            # "went on to say", "Rubio said that by refusing to say": an
            # infinitive; the speaker is the clause's subject (checked on the parse)
            sub = sentence_subject(toks, lo, k - 1)
            m = sub.mention if sub is not None else first_np(toks, lo, k - 1)
            if m is not None:
                return Attribution(m, t.lower, t.start, "participle")
            continue
        m = np_left(toks, k, lo)
        if m is not None and _subordinate_done(toks, m, k, q, lo):
            continue
        if m is not None:
            return Attribution(_matrix_speaker(toks, m, lo), t.lower, t.start, "before")
        m = np_right(toks, k, q)
        if m is not None:
            return Attribution(m, t.lower, t.start, "inverted-before")
    acc = _according(toks, lo, q)
    if acc is not None:
        return acc
    return _colon_lead(toks, q, lo)


def _subordinate_done(toks: Sequence[Tok], m: Mention, k: int, q: int, lo: int) -> bool:
    """Whether cue ``k`` sits in a subordinate clause (``When Trump announced
    …,``) that closes before the quotation ``q``, which then belongs to the
    main clause (``…, he referred to them as “…”``)."""
    i = _index_of(toks, m, lo, k)
    if i is None or i == lo or toks[i - 1].lower not in _SUBORDINATORS:
        return False
    comma = next((x for x in range(q - 1, k, -1) if toks[x].text == ","), None)
    return comma is not None and any(t.is_word for t in toks[comma + 1 : q])


def _colon_lead(toks: Sequence[Tok], q: int, lo: int) -> Attribution | None:
    """``Trump: Cruz Has ‘To Come a Long Way’``: a short name before a colon that
    opens the sentence speaks every quotation after it (no cue in between)."""
    for c in range(lo + 1, min(q, lo + 7)):
        if toks[c].quote is not None:
            return None
        if toks[c].text == ":":
            if any(is_cue(t) for t in toks[lo:c]):
                return None
            m = np_left(toks, c, lo, allow_appos=False)
            if m is not None and m.start == toks[lo].start and m.text[:1].isupper():
                return Attribution(m, ":", toks[c].start, "colon")
            return None
    return None
