"""Quotations with speakers: who said what.

Pipeline, rule-based and linear in the text, with a dependency parse of the
few sentences the rules cannot settle:

1. :mod:`.marks` pairs quotation marks into regions, paragraph by
   paragraph (every mark style, nesting, quotes left open across paragraphs);
2. :mod:`tokens` splits each paragraph into words with each quotation as one
   token, and into sentences;
3. :mod:`.rules` finds the cue and the speaker mention in the sentence
   (``X said``, ``said X``, ``X, a senator, said``, ``according to X``,
   ``as X put it``, ``X: …``, participle cues); a quoted transcript
   paragraph opening with a label in capitals (``"PENCE: …``) is the
   label's;
4. quotes without a cue of their own continue the previous speaker's quote
   (same paragraph, or a paragraph that opens with the quote), take the
   speaker of a paragraph ending in ``said:``, the attribution line under
   their block (a line holding only a name) or the ``― Name`` byline closing
   their paragraph, or else the named subject of the sentence before;
5. each quote is classified ``direct``, ``partial``, ``scare`` or ``title``;
6. speech quotes whose speaker is still missing, or rests on a doubtful cue
   (a coordinated ``… and said``, a participle, a non-speech verb, a cue word
   used as a noun), are settled on a spaCy parse of that one sentence
   (:mod:`.parse_rules`): the subject of the cue verb, or of the verb governing
   the quotation; ``use_parser=False`` keeps the rules alone;
7. a tiny learned reranker (:mod:`.reranker`, logistic weights fit on PolNeAR
   train) lets another candidate mention of the sentence (a cue's subject or
   inverted object, a pronoun, a relative pronoun's antecedent, the previous
   speaker) replace the rules' pick when it scores clearly higher, except
   where the text names the source outright (``EXPLICIT_ROUTES``);
   ``rerank=False`` keeps the rules' pick;
8. mentions are resolved to canonical names (:mod:`names`): surnames and
   titles to full names, pronouns to the nearest compatible speaker.

Public entry points: :func:`extract_quotes` (an :class:`Article`) and
:func:`find_quotes` (plain text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ...errors import AnnotationError
from ...models import Article, Quote
from .cues import BROAD_CUES, CUE_FORMS, PARTICIPLE_CUES, PRONOUN_GENDER
from .headlines import headline_subject, is_title_case
from .marks import QuoteRegion, paragraphs, scan_paragraph
from .names import NameIndex
from .parse_features import parse_features
from .parse_rules import DependencySpeakers
from .phrases import Mention, first_np, first_verb_subject, np_left
from .reranker import Candidate, candidates, load_weights, score
from .rules import (
    Attribution,
    absolute_subject,
    find_in_after,
    find_in_before,
    is_broad_cue,
    is_cue,
    sentence_subject,
)
from .tokens import Tok, sentence_ranges, tokenize_paragraph

__all__ = ["extract_quotes", "finder_for", "find_quotes", "QuoteFinder"]

_SMALL = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "&", "with", "from", "or",
          "by", "is", "it", "as", "vs", "vs.", "de", "la", "le", "du", "y", "o", "n"}
_TITLE_PREV = {"on", "in", "of", "titled", "entitled", "film", "movie", "book", "show", "song",
               "album", "series", "program", "programme", "column", "novel", "play", "episode",
               "musical", "documentary", "magazine", "newspaper", "op-ed", "essay", "hit", "stars",
               "starred", "starring", "sang", "sing", "read", "reading", "watch", "watching",
               "hosted", "host", "anchor", "podcast", "channel", "network", "named", "aboard"}
_SCARE_PREV = {"so-called", "dubbed", "termed", "term", "word", "words", "phrase", "label",
               "labeled", "labelled", "nicknamed", "branded", "known", "coined", "quote-unquote",
               "slogan", "hashtag", "motto", "moniker", "nickname"}
# cue forms that are often nouns ("his tweets", "her remarks"): checked on the parse
_NOUNISH_CUES = {"tweet", "tweets", "claims", "claim", "remarks", "notes", "note", "calls", "call", "replies",
                 "reply", "answers", "warnings", "plans", "attacks", "comments", "statements", "pledge",
                 "vow", "vows", "questions", "insists", "admits", "denies", "mentions", "promises"}
_LINE_NAME = re.compile(
    r"^\s*[-–—]*\s*((?:[A-Z][\w.'’\-]*\s?){1,5})\s*(?:[,.].{0,60})?$"
)
# routes whose source the text names outright, which the reranker leaves alone:
# a transcript label (or a "VIDEO:" label, which names no speaker), "as X put
# it", "was announced by X", an attribution line, a "― Name" byline
EXPLICIT_ROUTES = frozenset({"label", "no-speaker label", "put-it", "passive-by", "attribution line", "dash"})
# a transcript's speaker label opening a quoted paragraph ("PENCE: Well, …")
_LABEL = re.compile(r"([A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,2}):\s")
_NOT_LABELS = {"VIDEO", "AUDIO", "UPDATE", "NOTE", "WATCH", "READ", "BREAKING", "CROSSTALK", "LAUGHTER",
               "APPLAUSE", "EXCLUSIVE", "WARNING", "PHOTOS", "PHOTO", "EDITOR’S NOTE", "EDITOR'S NOTE"}
_TAG = re.compile(r"<[a-zA-Z/][^<>\n]{0,400}>")


@dataclass
class _Found:
    region: QuoteRegion
    para: int  # paragraph index
    toks: list[Tok]
    q: int  # token index of the quote in its paragraph
    lo: int  # sentence token range
    hi: int
    headline: bool
    att: Attribution | None = None
    kind: str = "direct"
    confidence: float = 0.0
    speaker: str | None = None
    how: str = ""


def _top_gap(scores: list[float]) -> float:
    """How far the best score lies above the second best."""
    a, b = sorted(scores)[-2:]
    return b - a


@dataclass
class _Para:
    start: int
    end: int
    regions: list[QuoteRegion] = field(default_factory=list)
    toks: list[Tok] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text)


def _is_title_case(words: Sequence[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


class QuoteFinder:
    """Finds quotations in one text. Construct, then call :meth:`run`."""

    def __init__(self, text: str, doc: str = "", *, skip: Iterable[tuple[int, int]] = (),
                 attribution_lines: Iterable[tuple[int, int]] = (),
                 headline: tuple[int, int] | None = None, first_line_headline: bool = True,
                 use_parser: bool = True, rerank: bool = True):
        self.text = text
        self.doc = doc
        self.skip = sorted(skip)
        self.attribution_lines = sorted(attribution_lines)
        self.headline = headline
        self.first_line_headline = first_line_headline
        self.paras: list[_Para] = []
        self._names: NameIndex | None = None
        self._lower_words: set[str] | None = None
        self._history: list[tuple[int, str]] = []
        self.last_hows: list[str] = []
        self.last_found: list[_Found] = []  # internal records of the last run (diagnostics, training)
        self.use_parser = use_parser
        self.rerank = rerank
        self.deps = DependencySpeakers(text)  # attribution route per quote of the last run (diagnostics)

    # -- helpers -----------------------------------------------------------
    def _skipped(self, s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in self.skip)

    @property
    def names(self) -> NameIndex:
        if self._names is None:
            ranges = [(p.start, p.end) for p in self.paras]
            self._names = NameIndex(self.text, ranges)
        return self._names

    def _scan(self) -> None:
        carried = False
        text = self.text
        for ps, pe in paragraphs(text):
            if self._skipped(ps, pe):
                continue
            if any(a <= ps and pe <= b for a, b in self.attribution_lines):
                self.paras.append(_Para(ps, pe))
                carried = False
                continue
            regions, carried = scan_paragraph(text, ps, pe, carried)
            if regions and "<" in text[ps:pe]:
                tags = [m.span() for m in _TAG.finditer(text, ps, pe)]
                regions = [r for r in regions if not any(a <= r.start < b for a, b in tags)]
            para = _Para(ps, pe, regions)
            para.toks = tokenize_paragraph(text, ps, pe, regions)
            para.sents = sentence_ranges(para.toks)
            self.paras.append(para)

    def _is_headline(self, pi: int) -> bool:
        p = self.paras[pi]
        if self.headline is not None:
            return self.headline[0] <= p.start and p.end <= self.headline[1] + 1
        return self.first_line_headline and pi == 0 and len(self.paras) > 1

    # -- main --------------------------------------------------------------
    def run(self) -> list[Quote]:
        """Find, attribute, classify and resolve every quotation."""
        self._scan()
        found: list[_Found] = []
        for pi, para in enumerate(self.paras):
            for qi, tok in enumerate(para.toks):
                if tok.quote is None:
                    continue
                lo, hi = next(((a, b) for a, b in para.sents if a <= qi < b), (0, len(para.toks)))
                f = _Found(tok.quote, pi, para.toks, qi, lo, hi, self._is_headline(pi))
                self._attribute(f)
                found.append(f)
        self._continuations(found)
        self._attribution_lines(found)
        for f in found:
            self._classify(f)
        self._parse_doubtful(found)
        self._nearby(found)
        if self.rerank:
            self._rerank(found)
        self._resolve(found)
        self.last_hows = [f.how for f in found]
        self.last_found = found
        return [self._to_quote(f) for f in found]

    def _attribute(self, f: _Found) -> None:
        toks, q, lo, hi = f.toks, f.q, f.lo, f.hi
        at_start = all(t.quote is None and not t.is_word for t in toks[lo:q])
        after = find_in_after(toks, q, hi)
        before = find_in_before(toks, q, lo)
        if at_start:
            f.att = after or before
        else:
            # "X said: “…”" / "X said Trump was “right”": the cue before governs;
            # but "…, “quote,” X said" (the quote ends its clause) takes the cue after
            ends_clause = f.region.close_mark is not None and self.text[f.region.close_mark - 1 : f.region.close_mark] == ","
            if after is not None and (before is None or (ends_clause and after.how in ("after", "inverted", "put-it"))):
                f.att = after
            else:
                f.att = before or after
        if at_start and f.q == 0:
            label = self._transcript_label(f)
            if label is not None:
                f.att = label
        if f.att is None:
            f.att = self._broad(f)
        if f.headline and is_title_case(toks[lo:hi]):
            # "Obama Says Museum Will Tell of ‘…’": the headline's opening
            # subject, before the cues of its clauses
            sub = headline_subject(toks, lo, q, self._is_common_word)
            if sub is not None and (f.att is None or sub.cue is not None
                                    or f.att.how == "colon" and f.att.mention.start == sub.mention.start):
                f.att = sub
        if f.att is not None:
            f.how = f.att.how

    def _label_of(self, f: _Found) -> re.Match[str] | None:
        return _LABEL.match(self.text, f.region.start)

    def _transcript_label(self, f: _Found) -> Attribution | None:
        """``"PENCE: Well, …``: a quoted transcript paragraph opens with its
        speaker's name in capitals and a colon; the label is the speaker (the
        paragraphs after it without a label continue it)."""
        m = self._label_of(f)
        if m is None or m.group(1) in _NOT_LABELS or len(m.group(1).replace(".", "")) < 2:
            return None
        # "PENCE" -> "Pence", so that the article's "Mike Pence" claims it
        shown = " ".join(w.capitalize() if len(w.strip(".")) > 1 else w for w in m.group(1).split())
        return Attribution(Mention(m.start(1), m.end(1), shown), ":", m.end(1), "label")

    def _broad(self, f: _Found) -> Attribution | None:
        """A non-speech attributing verb in the sentence ("called them “fools”")."""
        toks = f.toks
        for k in list(range(f.q - 1, f.lo - 1, -1)) + list(range(f.q + 1, f.hi)):
            t = toks[k]
            if not is_broad_cue(toks, k):
                continue
            if t.lower in PARTICIPLE_CUES:
                m = absolute_subject(toks, k, f.lo)
                if m is not None:
                    return Attribution(m, t.lower, t.start, "absolute")
                sub = sentence_subject(toks, f.lo, k)
                if sub is not None:
                    return Attribution(sub.mention, t.lower, t.start, "broad")
            m = np_left(toks, k, f.lo)
            if m is None and k > f.lo:
                m = first_np(toks, f.lo, k)
            if m is not None:
                return Attribution(m, t.lower, t.start, "broad")
        return None

    def _continuations(self, found: list[_Found]) -> None:
        """Quotes without a cue: continue the previous speaker's quote, or take
        the speaker announced by a paragraph ending in a colon."""
        last: _Found | None = None
        for f in found:
            if f.att is not None:
                last = f
                continue
            para_opens = f.q == 0
            label = self._label_of(f) if para_opens else None
            if label is not None and label.group(1) in _NOT_LABELS:
                # "VIDEO: …" in a transcript: no speaker's turn, and the end of the one before
                f.how = "no-speaker label"
                last = None
                continue
            byline = next((g for g in found if g.para == f.para and g.q > f.q and g.how == "dash"), None)
            if byline is not None and byline.att is not None:  # (a "dash" route always has its attribution)
                # "“…” And … “…” ― Christina Lastra": the paragraph's closing byline signs it all
                f.att = Attribution(byline.att.mention, None, None, "dash")
                f.how = "dash"
                last = f
                continue
            sentence_like = self._sentence_like(f)
            if (last is not None and last.att is not None and sentence_like
                    and (last.para == f.para and f.q == f.lo
                         or para_opens and self._adjacent_quote_paras(last.para, f.para))):
                f.att = Attribution(last.att.mention, None, None, "continuation")
                f.how = "continuation"
                last = f
                continue
            if para_opens and f.para > 0:
                colon = self._colon_intro(f.para - 1)
                if colon is None and self.use_parser:
                    colon = self._colon_intro_parsed(f.para - 1)
                if colon is not None:
                    f.att = colon
                    f.how = "colon-intro"
                    last = f

    def _is_common_word(self, word: str) -> bool:
        """Whether the text also writes ``word`` in lower case (so it is no name)."""
        if self._lower_words is None:
            self._lower_words = set(re.findall(r"(?<![\w’'])[a-z][a-z’'-]*", self.text))
        return word in self._lower_words

    def _sent_span(self, f: _Found) -> tuple[int, int]:
        return f.toks[f.lo].start, f.toks[max(f.lo, f.hi - 1)].end

    def _doubtful(self, f: _Found) -> bool:
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

    def _parse_doubtful(self, found: list[_Found]) -> None:
        """Settle missing or doubtful speakers on a dependency parse of the sentence."""
        if not self.use_parser:
            return
        asks: list[tuple[_Found, tuple[int, int]]] = []
        for f in found:
            if f.kind not in ("direct", "partial") or f.headline or f.how in EXPLICIT_ROUTES:
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
    def _inside_quote(f: _Found, pos: int) -> bool:
        return any(t.quote is not None and t.quote.mark_start <= pos < t.quote.mark_end for t in f.toks[f.lo:f.hi])

    def _parse_quote_verb(self, f: _Found, w: tuple[int, int]) -> None:
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

    def _nearby(self, found: list[_Found]) -> None:
        """Speech quotes still without a speaker take the nearest speaker of the
        same or the previous paragraph (low confidence)."""
        for i, f in enumerate(found):
            if f.att is not None or f.kind not in ("direct", "partial") or f.how:
                continue
            prev = next((g for g in reversed(found[:i]) if g.att is not None), None)
            nxt = next((g for g in found[i + 1:] if g.att is not None and g.how != "nearby"), None)
            subj = self._previous_sentence_subject(f, found) if prev is None or prev.para != f.para else None
            if subj is not None:
                # "Sanders … identified … as one of the reasons. “The younger people …”"
                f.att = Attribution(subj, None, None, "nearby")
            elif prev is not None and prev.att is not None and f.para - prev.para <= 1:
                f.att = Attribution(prev.att.mention, None, None, "nearby")
            elif nxt is not None and nxt.att is not None and nxt.para == f.para:
                f.att = Attribution(nxt.att.mention, None, None, "nearby")
            if f.att is not None:
                f.how = f.att.how

    def _previous_sentence_subject(self, f: _Found, found: list[_Found]) -> Mention | None:
        """The named subject of the sentence before ``f``'s, in its paragraph,
        when ``f`` opens its own sentence and that sentence quotes no speech."""
        if f.q != f.lo:
            return None
        sents = self.paras[f.para].sents
        si = next((k for k, (a, _) in enumerate(sents) if a == f.lo), None)
        if not si:
            return None
        a, b = sents[si - 1]
        if any(g.para == f.para and a <= g.q < b and g.kind in ("direct", "partial") for g in found):
            return None  # (a title such as “Face the Nation” may stand in it)
        m = first_np(f.toks, a, b) or first_verb_subject(f.toks, a, b)
        if m is None or not m.text[:1].isupper() or m.text.lower() in PRONOUN_GENDER or m.text in ("I", "We", "They"):
            return None
        return m

    def speaker_candidates(self, found: list[_Found], i: int) -> list[Candidate]:
        """Candidate speaker mentions of ``found[i]`` for the reranker."""
        f = found[i]
        prev = next((g for g in reversed(found[:i]) if g.att is not None and g.kind in ("direct", "partial")), None)
        sents = self.paras[f.para].sents
        si = next((k for k, (a, b) in enumerate(sents) if a == f.lo), None)
        prev_sent = sents[si - 1] if si else None
        ptoks, cross = f.toks, False
        if si == 0 and f.para > 0 and self.paras[f.para - 1].sents:
            before = self.paras[f.para - 1]
            ptoks, prev_sent, cross = before.toks, before.sents[-1], True
        return candidates(f.toks, f.q, f.lo, f.hi, f.att.mention if f.att else None, f.how,
                          f.att.cue_start if f.att else None,
                          prev.att.mention if prev is not None and prev.att is not None and f.para - prev.para <= 2
                          else None,
                          prev_sent, ptoks, cross_para=cross)

    def _rerank(self, found: list[_Found]) -> None:
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
        todo: list[tuple[_Found, list[Candidate], list[float], dict]] = []
        for i, f in enumerate(found):
            if not self.reranks(f):
                continue
            cands = self.speaker_candidates(found, i)
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
    def reranks(f: _Found) -> bool:
        """Whether the reranker weighs this quotation's speaker: speech quotes
        outside headlines, unless an explicit route named the source."""
        return f.kind in ("direct", "partial") and not f.headline and f.how not in EXPLICIT_ROUTES

    def _adjacent_quote_paras(self, a: int, b: int) -> bool:
        """Paragraphs ``a < b`` with only quote-opening paragraphs in between."""
        if b - a > 3:
            return False
        for k in range(a + 1, b):
            p = self.paras[k]
            if not p.toks or p.toks[0].quote is None:
                return False
        return b > a

    def _colon_intro(self, pi: int) -> Attribution | None:
        p = self.paras[pi]
        if not p.toks or p.toks[-1].text != ":":
            return None
        lo = p.sents[-1][0] if p.sents else 0
        n = len(p.toks) - 1
        for k in range(n - 1, lo - 1, -1):
            if is_cue(p.toks[k]):
                m = np_left(p.toks, k, lo)
                if m is not None:
                    return Attribution(m, p.toks[k].lower, p.toks[k].start, "colon-intro")
        end = n
        if end - 2 > lo and p.toks[end - 1].lower == "follows" and p.toks[end - 2].lower == "as":
            end -= 2  # "Partial transcript as follows:"
        m = np_left(p.toks, end, lo)
        if m is not None and n - lo <= 6:
            return Attribution(m, ":", p.toks[n].start, "colon-intro")
        return None

    def _colon_intro_parsed(self, pi: int) -> Attribution | None:
        """The subject of a paragraph ending in a colon, on the parse
        (``He then listed the qualities …:``, ``Partial transcript as follows:``)."""
        p = self.paras[pi]
        if not p.toks or p.toks[-1].text != ":" or not p.sents:
            return None
        lo = p.sents[-1][0]
        if any(t.quote is not None for t in p.toks[lo:]):
            return None
        sent = (p.toks[lo].start, p.toks[-1].end)
        sub = self.deps.clause_subject(sent)
        if sub is None:
            return None
        return Attribution(Mention(sub.start, sub.end, self.text[sub.start:sub.end]), ":", sub.verb_start,
                           "colon-intro")

    def _attribution_lines(self, found: list[_Found]) -> None:
        """A line holding only a name after a block of quote paragraphs is the
        speaker of that block."""
        lines: list[tuple[int, Mention]] = []
        for pi, p in enumerate(self.paras):
            is_given = any(a <= p.start and p.end <= b for a, b in self.attribution_lines)
            if not is_given:
                if p.regions or pi == 0 or not self.paras[pi - 1].regions:
                    continue
                prev = self.paras[pi - 1]
                if prev.toks[0].quote is None:
                    continue
                line = self.text[p.start:p.end]
                m = _LINE_NAME.match(line)
                if not m or line.lstrip()[:1] not in "-–—" and len(line.split()) > 4:
                    continue
                if line.lstrip()[:1] not in "-–—" and any(w.lower() in CUE_FORMS for w in line.split()):
                    continue
                if line.lstrip()[:1] not in "-–—" and not line.strip()[-1:].isalpha():
                    continue
                name_start = p.start + m.start(1)
                name = m.group(1).strip()
                lines.append((pi, Mention(name_start, name_start + len(name), name)))
            else:
                raw = self.text[p.start:p.end]
                s = p.start + (len(raw) - len(raw.lstrip(" -–—")))
                e = p.start + len(raw.rstrip(" .,"))
                lines.append((pi, Mention(s, e, self.text[s:e])))
        for pi, mention in lines:
            k = pi - 1
            block: list[int] = []
            while k >= 0:
                p = self.paras[k]
                if not p.toks or p.toks[0].quote is None:
                    break
                block.append(k)
                k -= 1
            # a quotation left open at the end of the paragraph above the block
            # runs on into it ("… came in.¶“Now they want …”¶Ilse Marrow")
            opener = min(block) - 1 if block else -1
            for f in found:
                runs_on = f.para == opener and f.region.open_end and f.region.end >= self.paras[opener].end - 2
                if (f.para in block or runs_on) and f.how in ("", "continuation", "colon-intro"):
                    f.att = Attribution(mention, None, None, "attribution line")
                    f.how = "attribution line"

    def _sentence_like(self, f: _Found) -> bool:
        body = self.text[f.region.start:f.region.end]
        words = _words(body)
        if len(words) >= 6:
            return True
        return bool(words) and words[0][:1].isupper() and body.rstrip()[-1:] in ".!?,…" and len(words) >= 3

    def _classify(self, f: _Found) -> None:
        body = self.text[f.region.start:f.region.end]
        words = _words(body)
        prev = f.toks[f.q - 1].lower if f.q > 0 else ""
        prev2 = f.toks[f.q - 2].lower if f.q > 1 else ""
        embedded = f.q > f.lo and not all(t.quote is None and not t.is_word for t in f.toks[f.lo:f.q])
        intro = embedded and f.toks[f.q - 1].text in (",", ":") and f.how in ("before", "inverted-before", "colon", "according", "put-it")
        prev_tok = f.toks[f.q - 1] if f.q > 0 else None
        title_ctx = prev in _TITLE_PREV or prev.endswith(("’s", "'s")) or bool(prev_tok and prev_tok.is_cap)
        # a paragraph that is nothing but a short title-case quotation: a section heading
        heading = f.how in ("", "continuation") and all(t.quote is None and not t.is_word for t in f.toks if t is not f.toks[f.q])
        if (not f.headline and len(words) <= 8 and _is_title_case(words)
                and (heading or not (len(words) >= 4 and body.rstrip()[-1:] in ".!?"))
                and (f.att is None or title_ctx or heading)):
            f.kind, f.confidence, f.att = "title", 0.6, None
            return
        if prev in _SCARE_PREV or prev2 in ("as", "so") and prev in ("called", "known"):
            f.kind, f.confidence, f.att = "scare", 0.7, None
            return
        if f.att is None:
            if len(words) >= 4 or self._sentence_like(f):
                f.kind = "partial" if embedded else "direct"
                f.confidence = 0.4
            else:
                f.kind, f.confidence = "scare", 0.5
            return
        if embedded and (not intro or not self._sentence_like(f)):
            f.kind = "partial"
        else:
            f.kind = "direct"
        f.confidence = {"after": 0.95, "inverted": 0.95, "before": 0.9, "inverted-before": 0.85,
                        "colon": 0.8, "according": 0.85, "put-it": 0.9, "participle": 0.8, "label": 0.9,
                        "continuation": 0.75, "colon-intro": 0.75,
                        "attribution line": 0.85, "broad": 0.6}.get(f.how, 0.7)

    # -- names -------------------------------------------------------------
    def cue_subjects(self, broad: bool = True) -> list[tuple[Attribution, int, int, int]]:
        """Every speech cue outside quotations with its subject:
        ``(attribution, paragraph index, cue token index, sentence end token)``."""
        out = []
        for pi, p in enumerate(self.paras):
            for lo, hi in p.sents:
                for k in range(lo, hi):
                    t = p.toks[k]
                    if t.quote is not None or not (is_cue(t) or (broad and t.lower in BROAD_CUES)):
                        continue
                    if t.lower in PARTICIPLE_CUES:
                        continue
                    m = np_left(p.toks, k, lo)
                    if m is not None:
                        out.append((Attribution(m, t.lower, t.start, "subject"), pi, k, hi))
        return out

    def _resolve(self, found: list[_Found]) -> None:
        history: list[tuple[int, str]] = []  # (position, canonical)
        for att, _, _, _ in self.cue_subjects():
            m = att.mention
            if m.text.lower() not in PRONOUN_GENDER and m.text.lower() not in ("i", "we", "it", "you", "who", "which"):
                name = self.names.canonical(m.text, m.start, m.end)
                if name and name in self.names.persons:
                    history.append((m.start, name))
        history.sort()
        self._history = history
        for f in found:
            if f.att is None:
                continue
            m = f.att.mention
            low = m.text.lower()
            if f.how == "continuation":
                prev = next((g for g in reversed(found[: found.index(f)]) if g.att is not None and g.att.mention is m), None)
                f.speaker = prev.speaker if prev else None
            elif low in PRONOUN_GENDER or low in ("i", "who", "you", "it", "which"):
                f.speaker = self._pronoun(m, history)
            else:
                f.speaker = self.names.canonical(m.text, m.start, m.end)
            if f.speaker:
                history.append((m.start, f.speaker))
                history.sort()
        self._headline_speakers(found)

    def _headline_speakers(self, found: list[_Found]) -> None:
        """A headline quotation whose words recur inside one speaker's quotation
        in the body takes that speaker (``Dockers vow no ships until “fair
        offer”`` -> the union leader quoted below saying “… a fair offer …”)."""
        body = [g for g in found if not g.headline and g.speaker and g.kind in ("direct", "partial")]
        for f in found:
            if not f.headline or f.att is None:
                continue
            words = " ".join(_words(self.text[f.region.start:f.region.end])).lower()
            if len(words.split()) < 2:
                continue
            who = {g.speaker for g in body
                   if g.region.end - g.region.start > len(words)
                   and f" {words} " in " " + " ".join(_words(self.text[g.region.start:g.region.end])).lower() + " "}
            if len(who) == 1:
                f.speaker = who.pop()

    def resolve_mention(self, m: Mention) -> str | None:
        """Canonical name of a mention (pronouns from the speaker history)."""
        low = m.text.lower()
        if low in PRONOUN_GENDER or low in ("i", "who", "you", "it", "which"):
            return self._pronoun(m, self._history)
        return self.names.canonical(m.text, m.start, m.end)

    def _pronoun(self, m: Mention, history: list[tuple[int, str]]) -> str | None:
        low = m.text.lower()
        if low in ("i", "you", "it", "which", "they", "we"):
            return None
        if low == "who":
            return self.names.person_before(m.start)
        gender = PRONOUN_GENDER.get(low)
        para_of = self._para_index(m.start)
        for pos, name in reversed(history):
            if pos > m.start:
                continue
            if para_of - self._para_index(pos) > 3:
                break
            g = self.names.gender(name)
            if gender in ("m", "f") and g not in (None, gender):
                continue
            return name
        return self.names.person_before(m.start, gender)

    def _para_index(self, pos: int) -> int:
        for i, p in enumerate(self.paras):
            if p.start <= pos <= p.end:
                return i
        return 0

    def _to_quote(self, f: _Found) -> Quote:
        r = f.region
        lo_tok, hi_tok = f.toks[f.lo], f.toks[max(f.lo, f.hi - 1)]
        att = f.att if f.kind in ("direct", "partial") else None
        end = r.end
        if end - r.start > 1 and self.text[end - 1] == ",":
            end -= 1  # “We will not budge,” she said: the comma is the sentence's, not the speaker's
        return Quote(
            doc=self.doc,
            start=r.start,
            end=end,
            text=self.text[r.start:end],
            kind=f.kind,
            speaker=f.speaker if att else None,
            speaker_start=att.mention.start if att else None,
            speaker_end=att.mention.end if att else None,
            cue=(att.cue if att and att.cue not in (":",) else None),
            confidence=f.confidence,
            sentence_start=lo_tok.start,
            sentence_end=hi_tok.end,
        )


def find_quotes(text: str, doc: str = "", *, skip: Iterable[tuple[int, int]] = (),
                attribution_lines: Iterable[tuple[int, int]] = (),
                headline: tuple[int, int] | None = None,
                first_line_headline: bool = True) -> list[Quote]:
    """Quotations in plain ``text`` (offsets into ``text``)."""
    if not isinstance(text, str):
        raise AnnotationError("quote extraction needs text (str)", doc=doc or None, stage="quotes")
    return QuoteFinder(text, doc, skip=skip, attribution_lines=attribution_lines, headline=headline,
                       first_line_headline=first_line_headline).run()


def finder_for(article: Article) -> QuoteFinder:
    """A :class:`QuoteFinder` over an article's source text: removed page
    furniture is skipped, except that a removed ``attribution line`` names
    the speaker of the quote block above it, and the title is a headline."""
    if not isinstance(article, Article):
        raise AnnotationError("quote extraction needs an Article", stage="quotes")
    skip: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    for r in article.removed:
        (lines if r.reason == "attribution line" else skip).append((r.start, r.end))
    headline = (article.title_span.start, article.title_span.end) if article.title_span else None
    return QuoteFinder(article.source, article.name, skip=skip, attribution_lines=lines,
                       headline=headline, first_line_headline=False)


def extract_quotes(article: Article) -> list[Quote]:
    """Quotations of an :class:`Article`, in source offsets (see :func:`finder_for`)."""
    return finder_for(article).run()
