"""The quote finder's second opinions: a dependency parse and the reranker.

A mixin of :class:`~.finder.QuoteFinder`. Speech quotes whose speaker is
missing, or rests on a doubtful cue (a coordinated ``… and said``, a
participle, a non-speech verb, a cue word used as a noun), are settled on a
spaCy parse of that one sentence (:mod:`.parse_rules`):
:meth:`ParseRerankPasses._parse_doubtful`. Then the learned reranker
(:mod:`.reranker`) lets another candidate mention of the sentence replace the
rules' pick when it scores clearly higher, except where the text names the
source outright (:data:`EXPLICIT_ROUTES`): :meth:`ParseRerankPasses._rerank`.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import TYPE_CHECKING

from .cues import PRONOUN_GENDER
from .found import Found, Para
from .parse_features import parse_features
from .phrases import Mention
from .reranker import Candidate, candidates, load_weights, score
from .rules import Attribution

if TYPE_CHECKING:
    from .parse_rules import DependencySpeakers

__all__ = ["EXPLICIT_ROUTES", "MAX_RERANK_WORK", "ParseRerankPasses"]

# cue forms that are often nouns ("his tweets", "her remarks"): checked on the parse
_NOUNISH_CUES = {"tweet", "tweets", "claims", "claim", "remarks", "notes", "note", "calls", "call", "replies",
                 "reply", "answers", "warnings", "plans", "attacks", "comments", "statements", "pledge",
                 "vow", "vows", "questions", "insists", "admits", "denies", "mentions", "promises"}
# routes whose source the text names outright, which the reranker leaves alone:
# a transcript label (or a "VIDEO:" label, which names no speaker), "as X put
# it", "was announced by X", an attribution line, a "― Name" byline
EXPLICIT_ROUTES = frozenset({"label", "no-speaker label", "put-it", "passive-by", "attribution line", "dash", "owner"})


# the reranker weighs a quotation only when its sentence's tokens times its
# quotations stay under this (candidates are built per quotation from the whole
# sentence); past it, the rules' pick stands. PolNeAR's largest is about 200.
MAX_RERANK_WORK = 2_000


def _top_gap(scores: list[float]) -> float:
    """How far the best score lies above the second best."""
    a, b = sorted(scores)[-2:]
    return b - a


class ParseRerankPasses:
    """Parse and rerank passes of :class:`~.finder.QuoteFinder` (which sets the attributes below)."""

    text: str
    paras: list[Para]
    use_parser: bool
    deps: DependencySpeakers

    def _sent_span(self, f: Found) -> tuple[int, int]:
        """Source offsets of the sentence of ``f``."""
        return f.toks[f.lo].start, f.toks[max(f.lo, f.hi - 1)].end

    def _doubtful(self, f: Found) -> bool:
        """Whether a rule-based attribution deserves a check on the parse."""
        if f.att is None or f.att.cue_start is None:
            return False
        if f.how in ("participle", "broad") or (f.att.cue or "") in _NOUNISH_CUES:
            return True
        m = f.att.mention
        low = m.text.lower()
        if low in PRONOUN_GENDER or low in ("i", "we", "you", "they", "it", "who", "which"):
            return False
        return m.text[:1].islower()

    def _parse_doubtful(self, found: list[Found]) -> None:
        """Settle missing or doubtful speakers on a dependency parse of the sentence."""
        if not self.use_parser:
            return
        asks: list[tuple[Found, tuple[int, int]]] = []
        for f in found:
            if f.kind not in ("direct", "partial") or f.headline or self.explicit(f):
                continue
            if f.att is None:
                asks.append((f, self.deps.window(self._sent_span(f), f.region.end)))
            elif self._doubtful(f) and f.att.cue_start is not None:  # (a doubtful attribution has a cue)
                asks.append((f, self.deps.window(self._sent_span(f), f.att.cue_start)))
        if not asks:
            return
        self.deps.prepare([w for _, w in asks])
        for f, w in asks:
            if f.att is None:
                self._parse_quote_verb(f, w)
                continue
            m, cue_start = f.att.mention, f.att.cue_start
            assert cue_start is not None  # only doubtful attributions, which rest on a cue, were asked
            if f.att.cue in _NOUNISH_CUES and self.deps.is_nominal(w, cue_start):
                # "late-night tweets": the cue word is a noun here
                self._parse_quote_verb(f, w)
                continue
            sub = self.deps.subject_of_cue(w, cue_start)
            if sub is None:
                if m.text[:1].islower() and self.deps.is_nominal(w, m.end - 1) is False:
                    # the rules picked a non-noun ("signs in", "taking")
                    self._parse_quote_verb(f, w)
                continue
            if self._inside_quote(f, sub.start):
                continue
            if f.how == "participle" and self.text[sub.start:sub.end].lower() in ("who", "which", "that"):
                continue  # a relative clause's subject speaks for the clause, not the participle
            if not (m.start < sub.end and sub.start < m.end):
                f.att = Attribution(Mention(sub.start, sub.end, self.text[sub.start:sub.end]),
                                    f.att.cue, f.att.cue_start, "parse-cue")
                f.how = "parse-cue"

    @staticmethod
    def _inside_quote(f: Found, pos: int) -> bool:
        return any(t.quote is not None and t.quote.mark_start <= pos < t.quote.mark_end for t in f.toks[f.lo:f.hi])

    def _parse_quote_verb(self, f: Found, w: tuple[int, int]) -> None:
        """Speaker = subject of the verb governing the quotation (or none)."""
        f.att, f.how = None, ""
        sub = self.deps.subject_of_quote(w, (f.region.start, f.region.end))
        if sub is None:  # the quote is the clause itself: the main verb's subject
            sub = self.deps.clause_subject(w)
        if sub is not None and self._inside_quote(f, sub.start):
            sub = None  # a subject inside a quotation speaks for nobody
        if sub is not None:
            m = Mention(sub.start, sub.end, self.text[sub.start:sub.end])
            f.att = Attribution(m, sub.verb.lower(), sub.verb_start, "parse")
            f.how = "parse"

    def speaker_candidates(self, found: list[Found], i: int, prev: Found | None | bool = False) -> list[Candidate]:
        """Candidate speaker mentions of ``found[i]`` for the reranker.
        ``prev`` is the last attributed speech quote before it, when the
        caller keeps track (else it is looked for)."""
        f = found[i]
        if prev is False:
            prev = next((found[k] for k in range(i - 1, -1, -1)
                         if found[k].att is not None and found[k].kind in ("direct", "partial")), None)
        assert prev is None or isinstance(prev, Found)
        sents = self.paras[f.para].sents
        si = bisect.bisect_left(sents, (f.lo,))
        prev_sent = sents[si - 1] if 0 < si < len(sents) and sents[si][0] == f.lo else None
        ptoks, cross = f.toks, False
        if si == 0 and f.para > 0 and self.paras[f.para - 1].sents:
            before = self.paras[f.para - 1]
            ptoks, prev_sent, cross = before.toks, before.sents[-1], True
        return candidates(f.toks, f.q, f.lo, f.hi, f.att.mention if f.att else None, f.how,
                          f.att.cue_start if f.att else None,
                          prev.att.mention if prev is not None and prev.att is not None and f.para - prev.para <= 2
                          else None,
                          prev_sent, ptoks, cross_para=cross)

    def _rerank(self, found: list[Found]) -> None:
        """Let the learned reranker (:mod:`.reranker`) swap the rules' mention for a
        better-scoring candidate.

        The parse-free model scores every candidate. Where its two best scores
        lie within the parse model's ``gap``, the quotation's sentence is
        parsed (all such sentences in one batch) and the parse model, which
        adds the :mod:`.parse_features` features, decides instead. Candidates are
        built from the rules' attributions before any swap, as in training.
        """
        model = load_weights()
        if not model:
            return
        pmodel = model.get("parse") if self.use_parser else None
        todo: list[tuple[Found, list[Candidate], list[float], dict]] = []
        prev: Found | None = None  # the last attributed speech quote (attributions change only after this loop)
        per_sentence = Counter((f.para, f.lo) for f in found)
        for i, f in enumerate(found):
            if not self.reranks(f) or (f.hi - f.lo) * per_sentence[(f.para, f.lo)] > MAX_RERANK_WORK:
                prev = f if f.att is not None and f.kind in ("direct", "partial") else prev
                continue
            cands = self.speaker_candidates(found, i, prev)
            prev = f if f.att is not None and f.kind in ("direct", "partial") else prev
            if cands:
                todo.append((f, cands, [score(c, model) for c in cands], model))
        if pmodel is not None:
            gap = pmodel.get("gap", 0.0)
            open_ = [k for k, (_, _, s, _) in enumerate(todo) if len(s) > 1 and _top_gap(s) < gap]
            self.deps.prepare([self._sent_span(todo[k][0]) for k in open_])
            for k in open_:
                f, cands, _, _ = todo[k]
                span = self._sent_span(f)
                doc = self.deps.doc_of(span)
                if doc is not None:
                    parse_features(doc, span[0], (f.region.start, f.region.end), cands)
                    todo[k] = (f, cands, [score(c, pmodel) for c in cands], pmodel)
        for f, cands, scores, used in todo:
            if f.att is not None and f"rule_{f.how}" not in model.get("weights", {}):
                continue  # a route the reranker never saw in training: it cannot judge it, so keep it
            best_s, best = max(zip(scores, cands, strict=True), key=lambda x: x[0])
            rule_s = next((s for s, c in zip(scores, cands, strict=True) if "rule" in c.feats), None)
            if rule_s is not None and best_s < rule_s + used.get("margin", 0.0) or "rule" in best.feats:
                continue
            if rule_s is None and best_s < used.get("threshold_new", 0.0):
                continue
            cue = f.att.cue if f.att else None
            cue_start = f.att.cue_start if f.att else None
            f.att = Attribution(best.mention, cue, cue_start, "rerank")
            f.how = "rerank"

    @staticmethod
    def reranks(f: Found) -> bool:
        """Whether the reranker weighs this quotation's speaker: speech quotes
        outside headlines, unless an explicit route named the source."""
        return f.kind in ("direct", "partial") and not f.headline and not ParseRerankPasses.explicit(f)

    @staticmethod
    def explicit(f: Found) -> bool:
        """Whether an explicit route named the source: a label, a dash
        byline, … or “…,” X replied, according to Y (the voice X is the
        speaker, Y the mention; a parse or the reranker would lose X)."""
        return f.how in EXPLICIT_ROUTES or (f.att is not None and f.att.voice is not None)
