"""Rule-based speaker finding on the cheap token stream of :mod:`.tokens`.

Given the tokens of a paragraph (each quotation one token), these functions
find the speech cue that governs a quotation and the speaker it rests on:
``X said``, ``said X``, ``X, a senator, said``, ``X told Y``, ``according to
X``, ``as X put it``, ``X: ...``, participle cues (``..., adding that``) whose
speaker is the clause's subject. The speaker's noun phrase itself is found by
:mod:`.phrases`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .cues import BROAD_CUES, CUE_FORMS, DETERMINERS, PARTICIPLE_CUES, PRONOUNS, SKIP_BEFORE_CUE
from .phrases import (
    BE_FORMS,
    NAME_LINKS,
    SUBORDINATORS,
    TEMPORAL,
    Mention,
    first_np,
    np_left,
    np_right,
    span_mention,
    token_index,
)
from .tokens import Tok

__all__ = ["Attribution", "absolute_subject", "find_in_after", "find_in_before", "is_broad_cue", "is_cue", "is_passive", "possessed_remark",
           "sentence_subject"]


@dataclass
class Attribution:
    """A speaker mention with the cue it rests on. ``voice``: whose words
    they are, when the attribution rests on a report of them (“…,” Fenn
    said, according to the transcript: the mention is the transcript, the
    voice Fenn)."""

    mention: Mention
    cue: str | None
    cue_start: int | None = None
    how: str = ""
    voice: Mention | None = None


def is_cue(tok: Tok) -> bool:
    """Whether ``tok`` is a speech verb form."""
    return tok.quote is None and tok.lower in CUE_FORMS


# base forms that name a term only after a plural or first-person subject
# ("Marrow and Fenn call them “loose cannons”"; "a call for …" is a noun)
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


def is_passive(toks: Sequence[Tok], c: int, lo: int) -> bool:
    """``Farook’s name was announced``: the cue is a passive participle, so the
    noun phrase before it is not its speaker."""
    t = toks[c].lower
    if not (t.endswith("ed") or t in ("said", "told", "written", "quoted")):
        return False
    j = c - 1
    while j >= lo and toks[j].quote is None and toks[j].lower in SKIP_BEFORE_CUE:
        if toks[j].lower in BE_FORMS:
            return True
        j -= 1
    return False


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
    while k + 1 < hi and (toks[k + 1].is_cap or toks[k + 1].lower in NAME_LINKS) and k - j < 5:
        k += 1
    rest = [t for t in toks[k + 1 : hi]]
    if rest and rest[0].text not in (",", ".", "(") or any(t.quote is not None for t in rest):
        return None
    if any(is_cue(t) for t in rest):
        return None
    return Attribution(span_mention(toks, j, k), None, toks[i].start, "dash")


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
        found = Attribution(span_mention(toks, i, i), toks[i + 1].lower, toks[i + 1].start, "after")
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
            return replace(rest, voice=found.mention)
        inner = _reported_speaker(toks, found, i, stop)
        if inner is not None:
            return replace(found, voice=inner)  # "…,” aides said Mr. Fenn told his colleagues
        return found
    return _according(toks, i, stop)


def _reported_speaker(toks: Sequence[Tok], found: Attribution, lo: int, stop: int) -> Mention | None:
    """``…,” aides said Mr. Fenn told his colleagues``: the capitalised name
    right after the cue, followed by a speech cue, is whose words they are
    (the aides only report them)."""
    if found.how != "after" or found.cue not in ("said", "say", "says") or found.cue_start is None:
        return None
    c = next((k for k in range(lo, stop) if toks[k].start == found.cue_start), None)
    if c is None or c + 2 >= stop or not toks[c + 1].is_cap or toks[c + 1].lower in DETERMINERS:
        return None
    k = c + 1
    while k + 1 < stop and (toks[k + 1].is_cap or toks[k + 1].text == ".") and k - c < 4:
        k += 1
    if k + 1 < stop and is_cue(toks[k + 1]) and toks[k + 1].lower in ("told", "said", "says", "tells"):
        return span_mention(toks, c + 1, k)
    return None


# cue forms that also say "go on doing" ("continued to interject")
_ASPECT_VERBS = {"continued", "continues", "continue"}


def _put_it_or_per(toks: Sequence[Tok], i: int, stop: int) -> Attribution | None:
    """``…,” as a port authority memo put it`` / ``…,” per the party’s
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
            m = span_mention(toks, i + 1, k - 1)
            return Attribution(m, "put it", toks[k].start, "put-it")
        if not toks[k].is_word or toks[k].quote is not None:
            return None
    return None


# "…” per cent", "per year": measure words, not sources
_PER_NOT_SOURCE = {"cent", "capita", "year", "day", "week", "month", "hour", "person", "head", "share", "se",
                   "annum", "diem", "minute", "second", "mile", "gallon", "unit", "vote", "voter"}


def _matrix_speaker(toks: Sequence[Tok], m: Mention, lo: int, depth: int = 0) -> Mention:
    """The speaker of a cue that sits inside a clause reported by an earlier cue:
    ``Marrow said she’d asked her “team”`` (a pronoun right after the outer cue)
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
        return span_mention(toks, r, r)
    return None


def absolute_subject(toks: Sequence[Tok], k: int, lo: int) -> Mention | None:
    """``…, and Marrow calling it a “fine start”`` / ``with McCain saying``:
    a name right before the participle, after "and", "with" or a comma, is
    the participle's own subject; so is any noun phrase after "with" (``with
    forecasters warning of “severe” levels``: the forecasters', not the
    sentence subject's)."""
    if k - 1 <= lo or toks[k - 1].quote is not None:
        return None
    m = np_left(toks, k, lo, allow_appos=False)
    if m is None or m.text.lower() in PRONOUNS:
        return None
    i = token_index(toks, m, lo, k)
    if i is None or i <= lo:
        return None
    before = toks[i - 1].lower
    if toks[k - 1].is_cap and m.text[:1].isupper():
        return m if before in ("and", "with", ",", "—", "–", "-", "--") else None
    return m if before == "with" else None


_PARTICLES = {"on", "up", "out", "off", "along", "in"}


def _has_verb(text: str) -> bool:
    """Whether a phrase before a colon holds a verb after its first word ("The
    letter goes on: “…”"): then it is a clause, not the name of who speaks."""
    words = text.split()
    if len(words) >= 2 and words[-1].lower() in _PARTICLES:
        return True
    if len(words) < 3 or words[0].lower() not in DETERMINERS or not words[1].islower():
        return False
    w = words[2]  # "The letter goes", "The memo says"
    return w.islower() and w.isalpha() and (w in CUE_FORMS or len(w) > 3 and w.endswith("s")
                                            and not w.endswith(("ss", "us", "is")))


def find_in_before(toks: Sequence[Tok], q: int, lo: int) -> Attribution | None:
    """Speaker from the words before quotation token ``q`` in its sentence."""
    if q <= lo:
        return None
    # "to her, “…”": the one whose view the quotation gives
    if (q - 3 >= lo and toks[q - 1].text == "," and toks[q - 3].lower == "to" and toks[q - 2].quote is None
            and not (q - 4 >= lo and toks[q - 4].lower == "according")
            and (toks[q - 2].lower in _OBJECT_PRONOUNS or toks[q - 2].is_cap and toks[q - 2].lower not in TEMPORAL)):
        return Attribution(span_mention(toks, q - 2, q - 2), "to", toks[q - 3].start, "according")
    # "Trump: “…”" / headline "Gingrich: …"
    if toks[q - 1].text == ":" and q - 2 >= lo and not any(is_cue(t) for t in toks[lo : q - 1]):
        m = np_left(toks, q - 1, lo)
        if m is not None and (q - 1 - lo) <= 6 and not _has_verb(m.text):
            return Attribution(m, ":", toks[q - 1].start, "colon")
    owner = _speech_owner(toks, q, lo)
    if owner is not None:
        return owner
    for k in range(q - 1, lo - 1, -1):
        if toks[k].quote is not None:
            continue
        found = _before_at(toks, k, q, lo)
        if found is not None:
            return found
    acc = _according(toks, lo, q)
    if acc is not None:
        return acc
    return _colon_lead(toks, q, lo)


# nouns of something said: "Arlen's comment that … “siege”" quotes Arlen
_SPEECH_NOUNS = {"comment", "comments", "remark", "remarks", "claim", "claims", "assertion", "assertions",
                 "words", "description", "suggestion", "charge", "accusation", "warning", "characterization",
                 "characterisation", "argument", "contention", "promise", "pledge", "vow", "boast", "quip"}


def _speech_owner(toks: Sequence[Tok], q: int, lo: int) -> Attribution | None:
    """``… dismissed the strategist Tom Arlen's comment that the party is
    under a “siege”``: the owner of a noun of speech before the
    quotation, with no speech verb between them, said it."""
    for k in range(q - 1, max(lo, q - 14) - 1, -1):
        t = toks[k]
        if t.quote is not None or is_cue(t):
            return None
        if t.lower in _SPEECH_NOUNS and k - 1 >= lo:
            p = toks[k - 1]
            # the quotation is the content of the remark ("… comment that …", "… remark: “…”"), not a
            # word for it ("calling the mayor's charge “absurd”")
            content = toks[k + 1].text == ":" or any(x.lower == "that" for x in toks[k + 1:q])
            # (not "Fenwick said that Arlen's claim that … is “wholly untrue”": a speech verb before the
            # owner makes the quotation that speaker's verdict on the claim)
            said = any(x.quote is None and x.lower in CUE_FORMS for x in toks[lo:k - 1])
            if content and not said and p.is_cap and p.text.endswith(("'s", "’s")) and p.quote is None:
                m = np_left(toks, k, lo, allow_appos=False)
                if m is not None and m.text[:1].isupper():
                    return Attribution(m, t.lower, t.start, "owner")
            return None
    return None


_REMARK_NOUNS = _SPEECH_NOUNS | {"tweet", "tweets", "post", "slur", "insult", "joke", "jab", "quote", "line",
                                 "phrase", "outburst", "statement", "gaffe", "question"}


def possessed_remark(toks: Sequence[Tok], q: int, lo: int, hi: int) -> Attribution | None:
    """``Rashida Tlaib’s “…” comment``: a quoted term between a named owner
    and a noun of speech is that owner's word."""
    if q - 1 < lo or q + 1 >= hi:
        return None
    p, n = toks[q - 1], toks[q + 1]
    if p.quote is not None or not p.is_cap or not p.text.endswith(("'s", "’s")) or n.lower not in _REMARK_NOUNS:
        return None
    m = np_left(toks, q, lo, allow_appos=False)
    if m is None or not m.text[:1].isupper():
        return None
    return Attribution(m, n.lower, n.start, "owner")


def _before_at(toks: Sequence[Tok], k: int, q: int, lo: int) -> Attribution | None:
    """The speaker that token ``k``, before the quotation ``q``, attributes it
    to: a cue (``X said``, ``said X``), ``according to X``, ``as X put it``,
    ``X went on about``, a participle or a passive ``by X``."""
    t = toks[k]
    if t.lower == "according" and k + 1 < q and toks[k + 1].lower == "to":
        m = np_right(toks, k + 1, q)
        if m is not None:
            return Attribution(m, "according to", t.start, "according")
    if (t.lower == "about" and k - 2 >= lo and toks[k - 1].lower == "on"
            and toks[k - 2].lower in ("went", "goes", "go", "going")):
        # "as Marrow went on about “how the tender was fixed”"
        m = np_left(toks, k - 2, lo)
        return Attribution(m, "went on about", toks[k - 2].start, "before") if m is not None else None
    if t.lower in ("put", "puts") and k + 1 < q and toks[k + 1].lower == "it":
        return _as_put_it(toks, k, lo)
    if not is_cue(t):
        if t.lower in PARTICIPLE_CUES and is_broad_cue(toks, k):
            m = absolute_subject(toks, k, lo)  # "… and Marrow calling it a “fine start”"
            if m is not None:
                return Attribution(m, t.lower, t.start, "absolute")
        return None
    if t.lower in PARTICIPLE_CUES:
        return _participle_speaker(toks, k, q, lo)
    if is_passive(toks, k, lo):
        if k + 1 < q and toks[k + 1].lower == "by":
            m = np_right(toks, k + 1, q)  # "was announced by the council as “…”"
            if m is not None:
                return Attribution(m, t.lower, t.start, "passive-by")
        return None
    if k > lo and toks[k - 1].lower == "to":
        # "went on to say", "Fenn said that by declining to say": an
        # infinitive; the speaker is the clause's subject (checked on the parse)
        sub = sentence_subject(toks, lo, k - 1)
        m = sub.mention if sub is not None else first_np(toks, lo, k - 1)
        return Attribution(m, t.lower, t.start, "participle") if m is not None else None
    m = np_left(toks, k, lo)
    if m is not None and _subordinate_done(toks, m, k, q, lo):
        return None
    if m is not None:
        return Attribution(_matrix_speaker(toks, m, lo), t.lower, t.start, "before")
    m = np_right(toks, k, q)
    if m is not None:
        return Attribution(m, t.lower, t.start, "inverted-before")
    return None


def _as_put_it(toks: Sequence[Tok], k: int, lo: int) -> Attribution | None:
    """``As Ilse Marrow put it: “…”``: the name between ``as`` and ``put`` (token ``k``)."""
    t = toks[k]
    m = np_left(toks, k, lo, allow_appos=False)
    i = token_index(toks, m, lo, k) if m is not None else None
    if m is not None and i is not None:
        while i > lo and toks[i - 1].lower in NAME_LINKS:
            i -= 1  # "As The Gazette's Ivo Brandt puts it"
        if i > lo and toks[i - 1].lower == "as":
            return Attribution(m, "put it", t.start, "put-it")
        if toks[i].lower == "as" and i + 1 < k:  # "As" opening the sentence is capitalised
            return Attribution(span_mention(toks, i + 1, k - 1), "put it", t.start, "put-it")
    return None


def _participle_speaker(toks: Sequence[Tok], k: int, q: int, lo: int) -> Attribution | None:
    """The speaker of the participle cue ``k`` (``…, adding that``): the
    subject of an opening participle clause's main clause, the participle's
    own subject, or else the clause's subject."""
    t = toks[k]
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
    return None


def _subordinate_done(toks: Sequence[Tok], m: Mention, k: int, q: int, lo: int) -> bool:
    """Whether cue ``k`` sits in a subordinate clause (``When Trump announced
    …,``) that closes before the quotation ``q``, which then belongs to the
    main clause (``…, he referred to them as “…”``)."""
    i = token_index(toks, m, lo, k)
    if i is None or i == lo or toks[i - 1].lower not in SUBORDINATORS:
        return False
    comma = next((x for x in range(q - 1, k, -1) if toks[x].text == ","), None)
    return comma is not None and any(t.is_word for t in toks[comma + 1 : q])


def _colon_lead(toks: Sequence[Tok], q: int, lo: int) -> Attribution | None:
    """``Marrow: Fenn Has ‘Much to Prove’``: a short name before a colon that
    opens the sentence speaks every quotation after it (no cue in between)."""
    for c in range(lo + 1, min(q, lo + 7)):
        if toks[c].quote is not None:
            return None
        if toks[c].text == ":":
            if any(is_cue(t) for t in toks[lo:c]):
                return None
            m = np_left(toks, c, lo, allow_appos=False)
            if m is not None and m.start == toks[lo].start and m.text[:1].isupper() and not _has_verb(m.text):
                return Attribution(m, ":", toks[c].start, "colon")
            return None
    return None
