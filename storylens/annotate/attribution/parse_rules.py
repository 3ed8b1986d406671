"""Speaker finding on a dependency parse, for the few sentences the rules of
:mod:`.rules` cannot settle.

Only single sentences are parsed (tagger + parser, no NER), and only when the
rule-based attribution is missing or suspicious (a coordinated cue, ``and
said``; a participle; a non-speech verb), so extraction stays fast.

The speaker is the subject of the cue verb. When the cue has no subject of its
own, the walk climbs the verb chain: a coordinated verb (``X praised … and
said``), an open complement (``X went on to say``), an adverbial participle
(``…, telling reporters``) share their head's subject; a relative clause
(``the senator, who said``) names its head noun; a participle hanging off a
reported clause (``X said the process was “messy,” adding …``) climbs on to
the speech verb above it; a passive subject gives way to its ``by`` agent.
Without a cue, the verb that governs the quotation is used instead (``Rubio
bemoaned the “climate”``). Only a window of the sentence is parsed: its start
up to a few words past the cue or quotation (:meth:`DependencySpeakers.window`).

The work is bounded: a window longer than :data:`MAX_PARSE_CHARS` (a
sentence holding a quotation of pages) is not parsed, and a document parses
at most :data:`PARSE_BUDGET_CHARS` characters in all; past either, the rules'
answer stands. (PolNeAR's longest window is about 1,400 characters.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...errors import ModelUnavailableError
from .cues import CUE_FORMS

__all__ = ["DepSubject", "DependencySpeakers", "MAX_PARSE_CHARS", "PARSE_BUDGET_CHARS"]

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_PARSE_CHARS = 2_000  # longest window parsed
PARSE_BUDGET_CHARS = 50_000  # characters parsed per document at most (PolNeAR: 8,100 at most)

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CLIMB = ("conj", "xcomp", "advcl", "ccomp", "pcomp", "acl")
def _of_tail(tok: Any) -> Any:
    """The last token of a capitalised ``of (the) …`` phrase right after a
    capitalised head ("Secretary of the Interior Ines Vass"), or ``None``."""
    if not tok.text[:1].isupper():
        return None
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of" and c.i == tok.i + 1:
            span = tok.doc[c.i + 1 : c.right_edge.i + 1]
            if len(span) and all(t.text[:1].isupper() or t.lower_ == "the" for t in span) and span[-1].text[:1].isupper():
                return span[-1]
    return None


_NAME_PARTS = ("compound", "flat", "det", "amod", "poss", "nmod", "case", "nummod")
_SKIP_WORDS = {"there", "it", "this", "that", "what", "which"}


@dataclass
class DepSubject:
    """A subject mention found on the parse (source offsets) and its verb."""

    start: int
    end: int
    verb: str
    verb_start: int


class DependencySpeakers:
    """Parses sentences on demand (cached per sentence span) and finds the
    subject of a cue verb or of the verb that governs a quotation.

    Construction is cheap: the spaCy pipeline is loaded on first use. When no
    pipeline is installed, :attr:`available` turns ``False`` and every lookup
    returns ``None`` (the rules' answer stands).
    """

    def __init__(self, text: str, *, max_chars: int = MAX_PARSE_CHARS, budget: int = PARSE_BUDGET_CHARS) -> None:
        self.text = text
        self._nlp: Any = None
        self.available = True
        self._cache: dict[tuple[int, int], Any] = {}
        self.parsed = 0
        self.max_chars = max_chars
        self.budget = budget  # characters still allowed to be parsed
        self.refused = 0  # windows left unparsed (too long, or past the budget)

    def _load(self) -> Any:
        if self._nlp is None and self.available:
            try:
                from ..nlp import load_nlp

                self._nlp = load_nlp(disable=("ner", "lemmatizer", "attribute_ruler"))
            except (ModelUnavailableError, ImportError, OSError):
                self.available = False
        return self._nlp

    def prepare(self, spans: list[tuple[int, int]]) -> None:
        """Parse the given ``(start, end)`` text spans in one batch."""
        todo = []
        for sp in sorted({sp for sp in spans if sp not in self._cache}):
            size = sp[1] - sp[0]
            if size > self.max_chars or size > self.budget:
                self._cache[sp] = None  # too long, or the document's budget is spent: the rules decide
                self.refused += 1
                continue
            self.budget -= size
            todo.append(sp)
        if not todo:
            return
        nlp = self._load()
        if nlp is None:
            for sp in todo:
                self._cache[sp] = None
            return
        # a lone surrogate (from a JSON escape) cannot be encoded for the parser: U+FFFD keeps the offsets
        texts = (_SURROGATE.sub("\ufffd", self.text[a:b]) for a, b in todo)
        for sp, doc in zip(todo, nlp.pipe(texts), strict=True):
            self._cache[sp] = doc
            self.parsed += 1

    def _parse(self, s: int, e: int) -> Any:
        if (s, e) not in self._cache:
            self.prepare([(s, e)])
        return self._cache[(s, e)]

    def doc_of(self, span: tuple[int, int]) -> Any:
        """The spaCy ``Doc`` of the text span (``None`` without a pipeline);
        batch many with :meth:`prepare` first."""
        return self._parse(*span)

    def window(self, sent: tuple[int, int], anchor: int, tail: int = 60) -> tuple[int, int]:
        """The part of ``sent`` worth parsing for an anchor (cue or quote) at
        ``anchor``: its start up to ``tail`` characters past the anchor, cut at
        a space."""
        s, e = sent
        cut = anchor + tail
        if cut >= e:
            return s, e
        sp = self.text.rfind(" ", anchor, cut)
        return s, (sp if sp > anchor else cut)

    @staticmethod
    def _token_at(doc: Any, offset: int) -> Any:
        for t in doc:
            if t.idx <= offset < t.idx + max(1, len(t.text)):
                return t
        return None

    def _mention(self, tok: Any, base: int) -> tuple[int, int]:
        lefts = [c for c in tok.lefts if c.dep_ in _NAME_PARTS]
        start_tok = tok
        for c in lefts:
            if c.left_edge.i < start_tok.i:
                start_tok = c.left_edge
        # stop a name at a preceding comma or quotation
        s = start_tok.idx
        for t in tok.doc[start_tok.i : tok.i]:
            if t.is_punct and t.text not in (".", "-", "’s", "'s", "’", "'"):
                s = t.doc[t.i + 1].idx
        e = tok.idx + len(tok.text)
        end = _of_tail(tok)
        if end is not None:  # "Secretary of the Interior Ines Vass": the title runs on to the name
            e = end.idx + len(end.text)
        return base + s, base + e

    def _subject_of(self, verb: Any, base: int, limit: int = 6) -> DepSubject | None:
        v = verb
        for step in range(limit):
            if step > 0 and v.dep_ == "ccomp" and v.head.lower_ in CUE_FORMS:
                # "Sanders said the process could be “messy,” adding …": the
                # participle hangs off the reported clause; its speaker is the
                # subject of the speech verb above it
                v = v.head
                continue
            subjs = [c for c in v.children if c.dep_ in _SUBJ]
            subj = min(subjs, key=lambda c: abs(c.i - v.i)) if subjs else None
            if subj is not None:
                if subj.dep_ == "csubj" or subj.lower_ in _SKIP_WORDS - {"which"}:
                    return None
                if subj.dep_ == "nsubjpass":
                    # "the closure was announced as “…” by the council": the agent speaks
                    agent = next((c for c in v.children if c.dep_ == "agent"), None)
                    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                    if pobj is not None:
                        s, e = self._mention(pobj, base)
                        return DepSubject(s, e, verb.text, base + verb.idx)
                # "NATO Secretary-General, Mark Rutte": the name in apposition
                name = next((c for c in subj.rights if c.dep_ == "appos" and c.tag_.startswith("NNP")), None)
                s, e = self._mention(name if name is not None else subj, base)
                return DepSubject(s, e, verb.text, base + verb.idx)
            if v.dep_ == "relcl" and v.head.tag_.startswith(("NN", "PRP", "WP")):
                s, e = self._mention(v.head, base)
                return DepSubject(s, e, verb.text, base + verb.idx)
            if v.dep_ in _CLIMB and v.head is not v:
                v = v.head
                continue
            return None
        return None

    def subject_of_cue(self, sent: tuple[int, int], cue_start: int) -> DepSubject | None:
        """Subject of the cue verb starting at ``cue_start`` in ``sent`` (a
        span of text, usually a :meth:`window` of the sentence)."""
        doc = self._parse(*sent)
        if doc is None:
            return None
        tok = self._token_at(doc, cue_start - sent[0])
        if tok is None:
            return None
        return self._subject_of(tok, sent[0])

    def is_nominal(self, sent: tuple[int, int], offset: int) -> bool | None:
        """Whether the word at ``offset`` is a noun or pronoun on the parse of
        ``sent`` (``None`` when unknown)."""
        doc = self._parse(*sent)
        if doc is None:
            return None
        tok = self._token_at(doc, offset - sent[0])
        if tok is None:
            return None
        return tok.tag_.startswith(("NN", "PRP", "WP", "CD"))

    def clause_subject(self, sent: tuple[int, int]) -> DepSubject | None:
        """Subject of the main verb of ``sent`` (``He then listed …:``), or a
        nominal root (``Partial transcript as follows:``)."""
        doc = self._parse(*sent)
        if doc is None:
            return None
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        if root is None:
            return None
        if root.tag_.startswith("NN"):
            s, e = self._mention(root, sent[0])
            return DepSubject(s, e, "", sent[0] + root.idx)
        return self._subject_of(root, sent[0])

    def subject_of_quote(self, sent: tuple[int, int], quote: tuple[int, int]) -> DepSubject | None:
        """Subject of the verb that governs the quotation ``quote`` in ``sent``
        (a span of text, usually a :meth:`window` of the sentence)."""
        doc = self._parse(*sent)
        if doc is None:
            return None
        qs, qe = quote[0] - sent[0], quote[1] - sent[0]
        inside = [t for t in doc if qs <= t.idx < qe]
        if not inside:
            return None
        roots = [t for t in inside if not (qs <= t.head.idx < qe) or t.head is t]
        v = None
        for r in roots:
            h = r.head if r.head is not r else r
            while not h.tag_.startswith(("VB", "MD")) and h.head is not h and h.dep_ not in ("ROOT",):
                h = h.head
            if h.tag_.startswith(("VB", "MD")) and not (qs <= h.idx < qe):
                v = h
                break
        if v is None:
            return None
        return self._subject_of(v, sent[0])
