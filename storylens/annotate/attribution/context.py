"""The quote finder's context passes: speakers from around a quotation.

A mixin of :class:`~.finder.QuoteFinder` for the quotations whose own
sentence names no speaker, or names it in a form of its own:

- a quoted transcript paragraph opening with a label in capitals
  (``"PENCE: …``) is the label's (:meth:`ContextPasses._transcript_label`);
- quotes without a cue continue the previous speaker's quote (same paragraph,
  or a paragraph that opens with the quote), take the ``― Name`` byline
  closing their paragraph or the speaker of a paragraph ending in ``said:``
  (:meth:`ContextPasses._continuations`, :meth:`ContextPasses._colon_intro`);
- a line holding only a name under a block of quote paragraphs is the
  block's speaker (:meth:`ContextPasses._attribution_lines`);
- speech quotes still without a speaker take the named subject of the
  sentence before, or the nearest speaker (:meth:`ContextPasses._nearby`);
- a headline quotation whose words recur in one speaker's quotation in the
  body is that speaker's (:meth:`ContextPasses._headline_speakers`).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .cues import CUE_FORMS, PRONOUN_GENDER
from .found import Cover, Found, Para, text_words
from .phrases import Mention, first_np, first_verb_subject, names_no_one, np_left
from .rules import Attribution, is_cue

if TYPE_CHECKING:
    from .parse_rules import DependencySpeakers

__all__ = ["ContextPasses"]

# a line holding only a name (perhaps a dash before it, a short role after a comma)
_LINE_NAME = re.compile(
    r"^\s*[-–—]*\s*((?:[A-Z][\w.'’\-]*\**\s?){1,5})\s*(?:[,.].{0,60})?$"
)
# a transcript's speaker label opening a quoted paragraph ("PENCE: Well, …")
_LABEL = re.compile(r"([A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,2}):\s")
# labels in capitals that name no speaker
_NOT_LABELS = {"VIDEO", "AUDIO", "UPDATE", "NOTE", "WATCH", "READ", "BREAKING", "CROSSTALK", "LAUGHTER",
               "APPLAUSE", "EXCLUSIVE", "WARNING", "PHOTOS", "PHOTO", "EDITOR’S NOTE", "EDITOR'S NOTE"}
# headline quotations matched against the body (a headline holds one or two)
_MAX_HEADLINE_QUOTES = 8


class ContextPasses:
    """Context passes of :class:`~.finder.QuoteFinder` (which sets the attributes below)."""

    text: str
    paras: list[Para]
    attribution_lines: list[tuple[int, int]]
    use_parser: bool
    deps: DependencySpeakers

    def _label_of(self, f: Found) -> re.Match[str] | None:
        return _LABEL.match(self.text, f.region.start)

    def _transcript_label(self, f: Found) -> Attribution | None:
        """``"PENCE: Well, …``: a quoted transcript paragraph opens with its
        speaker's name in capitals and a colon; the label is the speaker (the
        paragraphs after it without a label continue it)."""
        m = self._label_of(f)
        if m is None or m.group(1) in _NOT_LABELS or len(m.group(1).replace(".", "")) < 2:
            return None
        # "PENCE" -> "Pence", so that the article's "Mike Pence" claims it
        shown = " ".join(w.capitalize() if len(w.strip(".")) > 1 else w for w in m.group(1).split())
        return Attribution(Mention(m.start(1), m.end(1), shown), ":", m.end(1), "label")

    def _continuations(self, found: list[Found]) -> None:
        """Quotes without a cue: continue the previous speaker's quote, or take
        the speaker announced by a paragraph ending in a colon."""
        last: Found | None = None
        dashes: dict[int, list[Found]] = {}  # paragraph -> its quotes signed by a "― Name" byline
        for g in found:
            if g.how == "dash":
                dashes.setdefault(g.para, []).append(g)
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
            byline = next((g for g in dashes.get(f.para, ()) if g.q > f.q), None)
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

    def _attribution_lines(self, found: list[Found]) -> None:
        """A line holding only a name after a block of quote paragraphs is the
        speaker of that block."""
        lines: list[tuple[int, Mention]] = []
        given = Cover(self.attribution_lines)
        for pi, p in enumerate(self.paras):
            is_given = given.covers(p.start, p.end)
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
                if line.lstrip()[:1] not in "-–—" and len(line.split()) >= 2 and line.strip().isupper():
                    continue  # a subhead in capitals ("KAZAKHSTAN WINS AGAIN")
                name_start = p.start + m.start(1)
                name = m.group(1).strip()
                lines.append((pi, Mention(name_start, name_start + len(name), name)))
            else:
                raw = self.text[p.start:p.end]
                s = p.start + (len(raw) - len(raw.lstrip(" -–—")))
                e = p.start + len(raw.rstrip(" .,"))
                lines.append((pi, Mention(s, e, self.text[s:e])))
        in_para: dict[int, list[Found]] = {}
        for f in found:
            in_para.setdefault(f.para, []).append(f)
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
            for f in (f for k in sorted({*block, opener}) for f in in_para.get(k, ())):
                runs_on = f.para == opener and f.region.open_end and f.region.end >= self.paras[opener].end - 2
                if (f.para in block or runs_on) and f.how in ("", "continuation", "colon-intro"):
                    f.att = Attribution(mention, None, None, "attribution line")
                    f.how = "attribution line"

    def _sentence_like(self, f: Found) -> bool:
        body = self.text[f.region.start:f.region.end]
        words = text_words(body)
        if len(words) >= 6:
            return True
        return bool(words) and words[0][:1].isupper() and body.rstrip()[-1:] in ".!?,…" and len(words) >= 3

    def _nearby(self, found: list[Found]) -> None:
        """Speech quotes still without a speaker take the nearest speaker of the
        same or the previous paragraph (low confidence)."""
        # the next quote attributed before this pass, for each quote (one pass from the end)
        after: list[Found | None] = [None] * len(found)
        for i in range(len(found) - 2, -1, -1):
            g = found[i + 1]
            after[i] = g if g.att is not None and g.how != "nearby" else after[i + 1]
        speech = self._speech_by_para(found)
        prev: Found | None = None  # the last quote attributed so far (this pass included)
        for i, f in enumerate(found):
            if f.att is not None or f.kind not in ("direct", "partial") or f.how:
                prev = f if f.att is not None else prev
                continue
            nxt = after[i]
            subj = self._previous_sentence_subject(f, speech) if prev is None or prev.para != f.para else None
            if subj is not None:
                # "Sanders … identified … as one of the reasons. “The younger people …”"
                f.att = Attribution(subj, None, None, "nearby")
            elif prev is not None and prev.att is not None and f.para - prev.para <= 1:
                f.att = Attribution(prev.att.mention, None, None, "nearby")
            elif nxt is not None and nxt.att is not None and nxt.para == f.para:
                f.att = Attribution(nxt.att.mention, None, None, "nearby")
            if f.att is not None:
                f.how = f.att.how
                prev = f

    @staticmethod
    def _speech_by_para(found: list[Found]) -> dict[int, list[int]]:
        """Paragraph -> token indices of its speech quotes, in order."""
        out: dict[int, list[int]] = {}
        for g in found:
            if g.kind in ("direct", "partial"):
                out.setdefault(g.para, []).append(g.q)
        return out

    def _previous_sentence_subject(self, f: Found, speech: dict[int, list[int]]) -> Mention | None:
        """The named subject of the sentence before ``f``'s, in its paragraph,
        when ``f`` opens its own sentence and that sentence quotes no speech
        (``speech``: :meth:`_speech_by_para`)."""
        if f.q != f.lo:
            return None
        sents = self.paras[f.para].sents
        si = bisect.bisect_left(sents, (f.lo,))
        if not si or si >= len(sents) or sents[si][0] != f.lo:
            return None
        a, b = sents[si - 1]
        qs = speech.get(f.para, [])
        k = bisect.bisect_left(qs, a)
        if k < len(qs) and qs[k] < b:
            return None  # (a title such as “Face the Nation” may stand in it)
        m = first_np(f.toks, a, b) or first_verb_subject(f.toks, a, b)
        if m is None or not m.text[:1].isupper() or m.text.lower() in PRONOUN_GENDER or m.text in ("I", "We", "They"):
            return None
        if names_no_one(m.text):
            return None  # "No alcohol was allowed. “It’s back.”": what the sentence denies speaks no words
        return m

    def _headline_speakers(self, found: list[Found]) -> None:
        """A headline quotation whose words recur inside one speaker's quotation
        in the body takes that speaker (``Dockers vow no ships until “fair
        offer”`` -> the union leader quoted below saying “… a fair offer …”)."""
        heads = [f for f in found if f.headline and f.att is not None][:_MAX_HEADLINE_QUOTES]
        if not heads:
            return
        body = [(g.region.end - g.region.start, g.speaker,
                 " " + " ".join(text_words(self.text[g.region.start:g.region.end])).lower() + " ")
                for g in found if not g.headline and g.speaker and g.kind in ("direct", "partial")]
        for f in heads:
            words = " ".join(text_words(self.text[f.region.start:f.region.end])).lower()
            if len(words.split()) < 2:
                continue
            who = {speaker for size, speaker, norm in body if size > len(words) and f" {words} " in norm}
            if len(who) == 1:
                f.speaker = who.pop()
