"""A tiny learned reranker over candidate speaker mentions.

The rules of :mod:`.rules` (and the parse of :mod:`.parse_rules`) give one
speaker mention per quotation. The mention that counts is the *local* one the
attribution rests on: ``he`` right by the quotation rather than the name two
sentences up, the subject of the cue rather than a relative ``who``, the
outlet that ``reported`` a quotation rather than the person quoted. Which
mention that is depends on many weak signals, so the rules' pick competes with
a handful of other candidates from the same sentence (every cue's subject and
inverted object, pronouns, the sentence's first name, the previous quotation's
speaker) and a logistic regression over simple features picks one.

The weights (``storylens/data/speaker_reranker.json``, read once) are learned on the
PolNeAR *train* split by ``benchmarks/train_speaker_reranker.py``; scoring is a
dot product, no machine-learning library is needed at run time. A candidate
replaces the rules' pick only when it scores higher by ``margin``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...errors import ModelUnavailableError
from .cues import (
    CUE_FORMS,
    DETERMINERS,
    PARTICIPLE_CUES,
    PRONOUN_GENDER,
    SENTENCE_ADVERBS,
)
from .phrases import DAY_WORDS, Mention, first_np, first_verb_subject, names_no_one, np_left, np_right
from .rules import is_broad_cue, is_passive
from .tokens import Tok

__all__ = ["Candidate", "candidates", "load_weights", "score", "WEIGHTS_PATH"]

WEIGHTS_PATH = Path(__file__).parents[2] / "data" / "speaker_reranker.json"

_SUBJ_PRON = {"he", "she", "they", "i", "we"}
_REL = {"who", "which", "that"}
# cue forms of reporting (an outlet or document that carries a quotation)
_REPORT = {"reported", "reports", "wrote", "writes", "according", "read", "reads", "quoted", "noted",
           "notes", "told"}


@dataclass
class Candidate:
    """A candidate speaker mention with its features."""

    mention: Mention
    feats: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, value: float = 1.0) -> None:
        if value:
            self.feats[name] = max(self.feats.get(name, 0.0), value)


def _kind(text: str) -> str:
    low = text.lower()
    if low in _SUBJ_PRON or low in PRONOUN_GENDER:
        return "pron"
    if low in _REL:
        return "rel"
    first = low.split()[0] if low.split() else ""
    if first in DETERMINERS:
        return "det"
    if text[:1].isupper():
        return "name"
    return "lower"


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n <= 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15 else "16+"


def candidates(toks: Sequence[Tok], q: int, lo: int, hi: int, rule: Mention | None, route: str,
               cue_start: int | None, prev: Mention | None, prev_sent: tuple[int, int] | None,
               para_toks: Sequence[Tok] | None = None, *, cross_para: bool = False,
               wide: bool = True) -> list[Candidate]:
    """Candidate mentions for the quotation token ``q`` of sentence ``lo..hi``.

    ``rule`` is the rules' pick (via ``route``, resting on the cue at
    ``cue_start``), ``prev`` the previous quotation's speaker mention,
    ``prev_sent`` the token range in ``para_toks`` of the sentence before
    (the last one of the paragraph before when ``cross_para``; only its cue
    subjects count unless ``wide``). ``wide`` adds every name and pronoun of
    the sentence and the subjects of its verbs as candidates.
    """
    pool = _Pool()
    for k in range(lo, hi):  # cues of the sentence: subject before, inverted object after
        if toks[k].quote is None:
            _cue_candidates(pool, toks, k, q, lo, hi, cue_start)
    _sentence_candidates(pool, toks, q, lo, hi, rule)
    fn = first_np(toks, lo, hi) if lo < q else None
    if fn is not None:
        pool.get(fn).add("first_np")
    if prev is not None:
        pool.get(prev).add("prev_speaker")
    if prev_sent is not None and para_toks is not None and q == lo and not cross_para:
        a, b = prev_sent
        for k in range(a, b):
            t = para_toks[k]
            if t.quote is None and t.lower in CUE_FORMS and t.lower not in PARTICIPLE_CUES:
                m = np_left(para_toks, k, a)
                if m is not None:
                    pool.get(m).add("prev_sent_subj")
    if wide:
        _wide_candidates(pool, toks, q, lo, hi, prev_sent, para_toks, cross_para)
    if rule is not None:
        c = pool.get(rule)
        c.add("rule")
        c.add(f"rule_{route or 'none'}")
    # "No alcohol was allowed. “It’s back.”": a subject the sentence denies speaks no words
    out = [c for c in pool.by_span.values() if "rule" in c.feats or not names_no_one(c.mention.text)]
    index = {toks[k].start: k for k in range(lo, hi)}  # (only the sentence's tokens count as inside it)
    for c in out:
        _shared_feats(c, index, toks[q].start, q, lo, hi, rule)
    return out


class _Pool:
    """Candidates by their span, in the order first met."""

    def __init__(self) -> None:
        self.by_span: dict[tuple[int, int], Candidate] = {}

    def get(self, m: Mention) -> Candidate:
        key = (m.start, m.end)
        c = self.by_span.get(key)
        if c is None:
            c = self.by_span[key] = Candidate(m)
        return c


def _cue_candidates(pool: _Pool, toks: Sequence[Tok], k: int, q: int, lo: int, hi: int,
                    cue_start: int | None) -> None:
    """The subject before and the inverted object after token ``k``, when it
    is a speech, attributing or reporting cue (or ``according to``, ``per``)."""
    t = toks[k]
    low = t.lower
    speech = low in CUE_FORMS
    broad = is_broad_cue(toks, k)
    according = low == "according" and k + 1 < hi and toks[k + 1].lower == "to"
    # "…,” per the party’s bylaws": "per" right after a quotation
    according = according or low == "per" and k > lo and (
        toks[k - 1].quote is not None or toks[k - 1].text == "," and k - 1 > lo and toks[k - 2].quote is not None)
    report = low in _REPORT or according
    if not (speech or broad or report):
        return
    side = "cue_before" if k < q else "cue_after"
    dist = _bucket(abs(k - q) - 1)
    part = low in PARTICIPLE_CUES
    same_cue = cue_start is not None and t.start == cue_start
    if according:
        m = np_right(toks, k + 1 if low == "according" else k, hi) if k + 1 < hi else None
        if m is not None:
            c = pool.get(m)
            c.add("according")
            c.add(f"{side}")
        return
    m = None if part else np_left(toks, k, lo)
    passive = m is not None and is_passive(toks, k, lo)
    if passive and k + 1 < hi and toks[k + 1].lower == "by":
        agent = np_right(toks, k + 1, hi)
        if agent is not None:
            pool.get(agent).add("by_agent")
    if m is not None:
        c = pool.get(m)
        if passive:
            c.add("subj_passive")
        c.add("subj_speech" if speech else "subj_broad" if broad else "subj_report")
        if report:
            c.add("subj_reportcue")
        c.add(f"subj_{side}")
        c.add(f"subj_dist_{dist}")
        if same_cue:
            c.add("subj_of_rule_cue")
    m = np_right(toks, k, hi)
    if m is not None and not (k + 1 < hi and toks[k + 1].lower in ("that",)):
        c = pool.get(m)
        c.add("obj_speech" if speech else "obj_broad" if broad else "obj_report")
        if report:
            c.add("obj_reportcue")
        c.add(f"obj_{side}")
        if k > lo and toks[k - 1].text == ",":
            c.add("obj_after_comma")
        if k > lo and toks[k - 1].quote is not None:
            c.add("obj_after_quote")
        if same_cue:
            c.add("obj_of_rule_cue")


def _sentence_candidates(pool: _Pool, toks: Sequence[Tok], q: int, lo: int, hi: int, rule: Mention | None) -> None:
    """``as X put it``, the subject of the sentence's first cue, antecedents of
    relative pronouns and the sentence's pronouns."""
    # "as X put it"
    for k in range(lo + 1, hi - 1):
        if toks[k].quote is None and toks[k].lower in ("put", "puts") and toks[k + 1].lower == "it":
            m = np_left(toks, k, lo, allow_appos=False)
            if m is not None:
                pool.get(m).add("subj_put_it")
    # the subject of the sentence's first cue (the outer speaker of nested cues)
    for k in range(lo, hi):
        t = toks[k]
        if t.quote is None and t.lower in CUE_FORMS and t.lower not in PARTICIPLE_CUES:
            m = np_left(toks, k, lo)
            if m is not None:
                c = pool.get(m)
                c.add("outer_subj")
                if t.lower in ("said", "says", "say"):
                    c.add("outer_say")
                break
    # antecedents of relative pronouns ("Beck, who has described …")
    for k in range(lo + 1, hi):
        t = toks[k]
        if t.quote is None and t.lower in ("who", "which"):
            j = k - 1 if toks[k - 1].text == "," else k
            m = np_left(toks, j, lo, allow_appos=False) if j > lo else None
            if m is not None and m.text.lower() not in _REL:
                c = pool.get(m)
                c.add("antecedent")
                if rule is not None and rule.start == t.start:
                    c.add("antecedent_of_rule")
    # pronouns and relative pronouns of the sentence
    for k in range(lo, hi):
        t = toks[k]
        if t.quote is None and (t.lower in _SUBJ_PRON or t.lower == "who"):
            c = pool.get(Mention(t.start, t.end, t.text))
            c.add("pron_in_sent")
            c.add("pron_before" if k < q else "pron_after")


def _wide_candidates(pool: _Pool, toks: Sequence[Tok], q: int, lo: int, hi: int,
                     prev_sent: tuple[int, int] | None, para_toks: Sequence[Tok] | None, cross_para: bool) -> None:
    """Every name and pronoun of the sentence, and the subjects of its finite
    verbs: "Donald Trump’s claim that", "with McCain calling it", "asked by
    moderator Gerard Baker", "Will urged"."""
    for i, j, m in _mentions(toks, lo, hi):
        c = pool.get(m)
        c.add("any_mention")
        _context_feats(c, toks, i, j, lo, hi)
    for k in range(lo + 1, hi):
        t = toks[k]
        if t.quote is None and t.lower.endswith("ed") and t.text.islower() and t.lower not in CUE_FORMS:
            m = np_left(toks, k, lo)
            if m is not None:
                pool.get(m).add("subj_verb" if k < q else "subj_verb_after")
    if q == lo and prev_sent is not None and para_toks is not None:
        # a quotation opening its sentence with no cue: who the sentence
        # before is about ("Valastro praised … ¶ “…”")
        a, b = prev_sent
        tag = "prevpara" if cross_para else "prevsent"
        fn = first_np(para_toks, a, b)
        if fn is not None:
            pool.get(fn).add(f"{tag}_first")
        m = first_verb_subject(para_toks, a, b)
        if m is not None:
            pool.get(m).add(f"{tag}_subj")


def _shared_feats(c: Candidate, index: dict[int, int], qstart: int, q: int, lo: int, hi: int,
                  rule: Mention | None) -> None:
    """Features every candidate gets: its kind, place and distance, how it
    compares with the rules' pick, and conjunctions with its kind."""
    m = c.mention
    kind = _kind(m.text)
    c.add(f"kind_{kind}")
    i = index.get(m.start)
    inside = i is not None and lo <= i < hi
    c.add("in_sent" if inside else "out_sent")
    if i is not None and inside:
        c.add("before_quote" if m.start < qstart else "after_quote")
        c.add(f"dist_{_bucket(abs(i - q) - 1)}")
        if i == lo:
            c.add("sent_start")
    if rule is not None and c.feats.get("rule") is None:
        c.add(f"vs_rule_{_kind(rule.text)}_{kind}")
        if m.text.lower() == rule.text.lower():
            c.add("same_text_as_rule")
        elif rule.text.split() and m.text.split() and rule.text.split()[-1] == m.text.split()[-1]:
            c.add("same_surname_as_rule")
    n_words = len(m.text.split())
    if n_words > 4:
        c.add("long")
    c.add(f"words_{min(n_words, 4)}")
    if m.text.isupper() and len(m.text) > 3:
        c.add("allcaps")
    if m.text.lower() in ("it", "which", "that", "and", "this"):
        c.add("bad_word")
    for f in list(c.feats):
        if f.startswith(("subj_speech", "subj_broad", "obj_speech", "pron_", "rule_", "according", "prev_",
                         "outer_", "first_np", "antecedent", "subj_verb", "poss", "then_", "after_",
                         "prevpara", "prevsent", "any_mention")):
            c.add(f"{f}&{kind}")


_POSS_PRON = {"his", "her", "their"}
_SPEECH_NOUNS = {"claim", "claims", "remark", "remarks", "words", "word", "statement", "statements", "promise",
                 "promises", "call", "calls", "comment", "comments", "question", "questions", "tweet", "tweets",
                 "answer", "demand", "letter", "book", "description", "assertion", "view", "argument", "speech",
                 "message", "warning", "response", "reply", "op-ed", "column", "report", "interview", "post",
                 "testimony", "vow", "pledge", "insistence", "suggestion", "accusation", "charge", "complaint",
                 "conclusion", "contention", "declaration", "ad", "slogan"}
_LEAD_SKIP = {"the", "a", "an", "but", "and", "in", "on", "at", "as", "after", "before", "when", "while", "if",
              "so", "for", "with", "by", "from", "of", "to", "that", "this", "there", "it", "however", "still",
              "yet", "also", "then", "now", "even", "although", "though", "because", "since", "during", "until",
              "under", "over", "among", "like", "unlike", "despite", "according", "unless", "do", "does", "did",
              "why", "how", "what", "where", "see", "read", "watch"} | SENTENCE_ADVERBS
# capitalised words that never speak on their own ("at mid-morning Thursday by …")
# (months that are also names, May, March, June, August, may still speak)
_NEVER_ALONE = DAY_WORDS | {"january", "february", "april", "july", "september", "october", "november", "december"}


def _mentions(toks: Sequence[Tok], lo: int, hi: int):
    """``(i, j, Mention)`` for each capitalised run and personal or possessive
    pronoun of ``lo..hi`` (outside quotations)."""
    k = lo
    while k < hi:
        t = toks[k]
        if t.quote is not None or not t.is_word:
            k += 1
            continue
        low = t.lower
        if low in _SUBJ_PRON or low in PRONOUN_GENDER or low in _POSS_PRON or low in ("him", "them", "me"):
            yield k, k, Mention(t.start, t.end, t.text)
            k += 1
            continue
        if t.is_cap and low != "i":
            j = k
            while j + 1 < hi and toks[j + 1].quote is None and (
                    toks[j + 1].is_cap or toks[j + 1].lower in ("of", "de", "van", "von", "al", "bin")
                    and j + 2 < hi and toks[j + 2].is_cap) and not toks[j].text.endswith(("’s", "'s")):
                j += 1
            i = k
            while i <= j and toks[i].lower in _LEAD_SKIP:
                i += 1
            if i <= j and not (i == j and toks[i].lower in _NEVER_ALONE):
                yield i, j, Mention(toks[i].start, toks[j].end, " ".join(x.text for x in toks[i:j + 1]))
            k = j + 1
            continue
        k += 1


def _context_feats(c: Candidate, toks: Sequence[Tok], i: int, j: int, lo: int, hi: int) -> None:
    last = toks[j].lower
    poss = last.endswith(("’s", "'s")) or last in _POSS_PRON or (j + 1 < hi and toks[j + 1].text in ("’s", "'s"))
    nxt = toks[j + 1] if j + 1 < hi else None
    if poss:
        c.add("poss")
        k = j + 1
        while k < hi and k <= j + 3 and toks[k].quote is None and toks[k].is_word and toks[k].lower not in _SPEECH_NOUNS:
            k += 1
        if k < hi and toks[k].lower in _SPEECH_NOUNS:
            c.add("poss_speech_noun")
    if nxt is not None and nxt.quote is None and nxt.text.islower():
        w = nxt.lower
        if w.endswith("ing"):
            c.add("then_ing")
        elif w.endswith("ed"):
            c.add("then_ed")
        elif w.endswith("s") and not w.endswith("ss"):
            c.add("then_s")
    if i > lo:
        p = toks[i - 1].lower
        if p in _SPEECH_NOUNS:
            c.add("after_speech_noun")
        # the preposition before the mention, over a short role ("by moderator X")
        k = i - 1
        while k > lo and i - k <= 3 and toks[k].is_word and toks[k].text.islower() and toks[k].lower not in _LEAD_SKIP:
            k -= 1
        p = toks[k].lower
        if p in ("by", "from", "with", "to", "as", "of"):
            c.add(f"after_{p}")


@lru_cache(maxsize=1)
def load_weights() -> dict:
    """The stored model: ``{"bias": b, "weights": {feature: w}, "margin": m,
    "threshold_new": t, "parse": {...}}`` (read once; do not change it)."""
    try:
        return json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))["model"]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailableError(f"the speaker reranker's weights are missing or damaged ({WEIGHTS_PATH}): "
                                    f"{exc}; reinstall storylens") from exc


def score(c: Candidate, model: dict) -> float:
    """Score (a logit) of ``c`` being the annotated speaker mention."""
    w = model.get("weights", {})
    return model.get("bias", 0.0) + sum(w.get(f, 0.0) * v for f, v in c.feats.items())
