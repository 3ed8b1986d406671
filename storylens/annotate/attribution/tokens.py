"""A cheap tokeniser and sentence splitter that treats each quotation as one token.

Speaker finding only needs the words *around* a quotation, so each top-level
quoted region (marks included) becomes a single ``QUOTE`` token and the rest
of the paragraph is split into words and punctuation with one regular
expression. Abbreviations (``Mr.``, ``U.S.``, ``Lt.``) keep their period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cues import ABBREVIATIONS, CUE_FORMS, JOINED_PARTICLES
from .marks import QuoteRegion

__all__ = ["MAX_SENTENCE_TOKENS", "Tok", "tokenize_paragraph", "sentence_ranges"]

# a surname with a lower-case particle joined on by a hyphen: "al-Sarraj", "el-Sisi"
_JOINED_PARTICLE = re.compile(rf"(?:{'|'.join(JOINED_PARTICLES)})-[A-Z]")
_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|[^\W_]+(?:[.'’\-][^\W_]+)*|[^\w\s]", re.UNICODE)


@dataclass
class Tok:
    """A token: ``text`` at ``start..end``; ``quote`` is the region of a QUOTE token."""

    start: int
    end: int
    text: str
    quote: QuoteRegion | None = None

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.quote is None and self.text[:1].isalnum()

    @property
    def is_cap(self) -> bool:
        """A capitalised word, or a name's particle joined on by a hyphen
        ("al-Sarraj", "bin-Salman", "el-Sisi")."""
        return self.quote is None and (self.text[:1].isupper() or _JOINED_PARTICLE.match(self.text) is not None)


def tokenize_paragraph(text: str, ps: int, pe: int, regions: Sequence[QuoteRegion]) -> list[Tok]:
    """Tokens of ``text[ps:pe]``; each region in ``regions`` is one QUOTE token."""
    toks: list[Tok] = []
    pos = ps
    for reg in sorted(regions, key=lambda r: r.mark_start):
        if reg.mark_start < pos:
            continue
        toks.extend(_words(text, pos, reg.mark_start))
        toks.append(Tok(reg.mark_start, reg.mark_end, text[reg.mark_start:reg.mark_end], reg))
        pos = reg.mark_end
    toks.extend(_words(text, pos, pe))
    return toks


def _words(text: str, a: int, b: int) -> list[Tok]:
    out: list[Tok] = []
    for m in _WORD.finditer(text, a, b):
        s, e = m.span()
        w = m.group()
        if w == "." and out and out[-1].end == s and out[-1].is_word:
            prev = out[-1]
            low = prev.lower
            if low in ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper()) or "." in prev.text:
                out[-1] = Tok(prev.start, e, text[prev.start:e])
                continue
        if w in ("'", "’") and out and out[-1].end == s and out[-1].text.endswith("s"):
            continue  # plural possessive: "states’"
        out.append(Tok(s, e, w))
    return out


# the longest sentence, in tokens (a quotation is one): a "sentence" without
# full stops that runs on for pages is cut into pieces this long, so that the
# rules' work per quotation stays bounded (PolNeAR's longest has 220 tokens)
MAX_SENTENCE_TOKENS = 400


def sentence_ranges(toks: Sequence[Tok]) -> list[tuple[int, int]]:
    """Token index ranges ``[i, j)`` of sentences; QUOTE tokens never end one
    (unless the sentence reaches :data:`MAX_SENTENCE_TOKENS`)."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(toks)
    for i, t in enumerate(toks):
        if i + 1 - start >= MAX_SENTENCE_TOKENS:
            out.append((start, i + 1))
            start = i + 1
            continue
        if t.quote is not None and _closes_sentence(t, toks, i):
            out.append((start, i + 1))
            start = i + 1
            continue
        if t.quote is None and t.text in (".", "!", "?"):
            nxt = toks[i + 1] if i + 1 < n else None
            if nxt is None:
                continue
            if nxt.text in (".", "!", "?", ")", "”", "’", '"', "'", ",", ";"):
                continue  # "McConnell, R-Ky., said": a comma never opens a sentence
            if nxt.quote is not None or nxt.text[:1].isupper() or nxt.text[:1].isdigit() or not nxt.is_word:
                out.append((start, i + 1))
                start = i + 1
    if start < n:
        out.append((start, n))
    return out


# capitalised words after a closing quotation that open a new sentence rather
# than attribute the quotation ("“…” Trump said" attributes; "“…” To which she said" does not)
_OPENS_SENTENCE = {"to", "at", "in", "on", "but", "and", "then", "after", "when", "while", "so", "for", "with",
                   "which", "that", "this", "there", "yet", "still", "also", "instead", "meanwhile", "later"}


def _closes_sentence(t: Tok, toks: Sequence[Tok], i: int) -> bool:
    """A quotation that ends in a full stop inside its marks and is followed by
    a new sentence (``Japan called it an “outlaw nation.” Russia insisted …``)
    ends its sentence, unless the words after it attribute it (``“… now.”
    Trump said``)."""
    if t.quote is None or t.quote.close_mark is None or i + 2 >= len(toks):
        return False
    body = t.text[:-1].rstrip("”’\"'")
    if not body.endswith((".", "!", "?")) or body.endswith("..."):
        return False
    nxt = toks[i + 1]
    if nxt.quote is not None or not nxt.is_cap or nxt.lower in _CUE_WORDS:
        return False
    if nxt.lower in _OPENS_SENTENCE:
        return True  # "“… kidding.” To which she said, “…”": a new sentence
    for k in range(i + 1, min(len(toks), i + 8)):
        w = toks[k]
        if w.text == "," and k > i + 1 and all(x.is_cap or x.lower in ("of", "de", "van", "von") for x in toks[i + 1:k]):
            # "“…?” Kevin McCarthy, the Republican leader, asked.": the cue after the apposition
            close = next((j for j in range(k + 1, min(len(toks), k + 12)) if toks[j].text == ","), None)
            # (an abbreviation's full stop before the comma is no sentence end: "Ivo Marten, R-Ky., asked")
            if close is not None and close + 1 < len(toks) and toks[close + 1].lower in _CUE_WORDS \
                    and all(x.quote is None and (x.text not in (".", ";", ":", "!", "?") or x.text == "." and j + 1 == close)
                            for j, x in enumerate(toks[k + 1:close], start=k + 1)):
                return False
            break
        if w.quote is not None or w.text in (",", ".", ";", ":"):
            break
        if w.lower in _CUE_WORDS:
            # "“…” Trump said." attributes it; "“…” Russia insisted that …" is new
            for j in range(k + 1, min(len(toks), k + 6)):
                if toks[j].quote is not None or toks[j].lower == "that":
                    return True
                if toks[j].text in (".", ",", ";", "!", "?"):
                    return False
            return k + 1 >= len(toks)
    return True


# speech verbs that keep a quotation with its attribution ("“…?” Vitter demanded."):
# the lexicon's finite cue forms and a few verbs of manner it leaves out
_CUE_WORDS = {w for w in CUE_FORMS if not w.endswith("ing")} | {
    "states", "demanded", "demands", "cried", "laughed", "sighed"}
