"""A quotation's words, normalised for comparing renderings.

Two outlets that print the same words may differ in punctuation, case,
contractions (``we're`` / ``we are``), abbreviations (``Sen.`` / ``Senator``,
``F.B.I.`` / ``FBI``, ``O.K.`` / ``OK``), number spelling (``two-in-three`` /
``2 in 3``) and censoring (``f***ing``); none of that is a change of words.
:func:`make_item` turns a :class:`~storylens.models.Quote` into a
:class:`QuoteItem`: the normalised words with their offsets in the quoted
text, stems for similarity, content stems, the words an editor put in square
brackets or parentheses (``[and]``, ``(local)``) and the quotation's
sentences (as word ranges).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Quote
from ..text import NEGATIONS, STOPWORDS, stem

__all__ = ["QuoteItem", "clean_quote", "make_item", "part", "same_word", "tokens"]

_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # F.B.I., U.S., O.K.
    r"|[0-9]+(?:[.,][0-9]+)*%?"  # numbers
    r"|[^\W\d_](?:[^\W\d_]|\*)*(?:['’‘ʼ][^\W\d_]+"  # words, "don't", "Trump‘s", censored "f***ing"
    r"|\s+['’](?:s|re|ll|ve|m|d)\b|\s+n['’]t\b)?"  # a contraction set apart: "It ’s", "do n't"
    r"|n['’]t", re.UNICODE)
_CONTRACTIONS = {"'re": "are", "'ll": "will", "'ve": "have", "'m": "am", "'d": "would"}
_IS_CONTRACTED = frozenset("it's that's he's she's there's here's what's who's where's".split())
_ABBREVIATIONS = {"sen": "senator", "gen": "general", "rep": "representative", "gov": "governor",
                  "dept": "department", "okay": "ok", "pres": "president", "govt": "government",
                  "lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "atty": "attorney"}
_NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                 "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
                 "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
                 "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
                 "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90"}
_ONE_NUMBER = re.compile(r"-|\s+(?:in|percent|million|billion|thousand|hundred)\b", re.IGNORECASE)
_CAP_RE = re.compile(r"\b[A-Z][\w’'\-]*")
_SENT_BREAK = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def _expand(raw: str) -> list[str]:
    """The normalised words of one token (``don't`` -> ``do not``, ``5%`` -> ``5 percent``)."""
    w = "".join(raw.lower().split()).replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    if "." in w and len(w) > 2:  # F.B.I. -> fbi
        w = w.replace(".", "")
    if w.endswith("n't") and len(w) > 3:  # don't -> do not, can't -> ca not
        return [w[:-3], "not"]
    if w == "n't":
        return ["not"]
    if w in _IS_CONTRACTED:
        return [w[:-2], "is"]
    if w == "let's":
        return ["let", "us"]
    if "'" in w and w[w.index("'"):] in _CONTRACTIONS:
        k = w.index("'")
        return [w[:k], _CONTRACTIONS[w[k:]]]
    if w.endswith("%"):
        return [w[:-1].replace(",", ""), "percent"]
    if w[:1].isdigit():
        return [w.replace(",", "")]
    return [_NUMBER_WORDS.get(w) or _ABBREVIATIONS.get(w, w)]


def tokens(text: str) -> tuple[list[str], list[tuple[int, int]], set[int]]:
    """Normalised words of ``text``, each word's offsets in ``text``, and the
    indices of the words inside square brackets or parentheses."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    editorial: set[int] = set()
    depth = 0
    pos = 0
    for m in _TOKEN_RE.finditer(text):
        gap = text[pos:m.start()]
        depth = max(0, depth + gap.count("[") + gap.count("(") - gap.count("]") - gap.count(")"))
        pos = m.end()
        raw = m.group()
        # "not one ship", "one of them": no number (but "one-in-three", "one percent")
        plain_one = raw.lower() == "one" and not _ONE_NUMBER.match(text, m.end())
        for w in ["one"] if plain_one else _expand(raw):
            if w:
                if depth:
                    editorial.add(len(words))
                words.append(w)
                spans.append((m.start(), m.end()))
    return words, spans, editorial


def same_word(a: str, b: str) -> bool:
    """Equal words, a censored form matching the word it hides (``f***ing`` / ``fucking``)."""
    if a == b:
        return True
    if "*" not in a and "*" not in b:
        return False
    pat, word = (a, b) if "*" in a else (b, a)
    if "*" in word:
        return pat.strip("*")[:1] == word.strip("*")[:1]
    return re.fullmatch(re.escape(pat).replace(r"\*", r"\w*"), word) is not None


def clean_quote(q: Quote) -> tuple[str, int, int]:
    """The quote's text and offsets without trailing commas/colons and spaces."""
    text, start, end = q.text, q.start, q.end
    stripped = text.rstrip(" ,;:\u00a0")
    end -= len(text) - len(stripped)
    lead = len(stripped) - len(stripped.lstrip())
    return stripped.strip(), start + lead, end


@dataclass
class QuoteItem:
    """A quote prepared for comparison."""

    doc: str
    quote: Quote
    text: str
    start: int
    end: int
    words: list[str]
    stems: list[str]
    content: frozenset[str]
    published: str = ""
    names: frozenset[str] = frozenset()  # content stems written capitalised inside a sentence
    spans: list[tuple[int, int]] = field(default_factory=list)  # each word's offsets in ``text``
    editorial: frozenset[int] = frozenset()  # words an editor added in brackets
    sents: list[tuple[int, int]] = field(default_factory=list)  # sentences as word ranges

    @property
    def speaker(self) -> str | None:
        return self.quote.speaker

    def span_of(self, lo: int, hi: int) -> tuple[int, int]:
        """Source offsets of words ``lo..hi`` (exclusive), punctuation inside kept."""
        if not self.spans or lo >= hi:
            return self.start, self.end
        return self.start + self.spans[lo][0], self.start + self.spans[hi - 1][1]

    def sentence_bounds(self, lo: int, hi: int) -> tuple[int, int]:
        """Words ``lo..hi`` widened to the sentences of the quotation they touch."""
        a = next((s for s, e in self.sents if s <= lo < e), lo)
        b = next((e for s, e in self.sents if s < hi <= e), hi)
        return a, b


def _sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    cuts = [m.end() for m in _SENT_BREAK.finditer(text)]
    out, lo, k = [], 0, 0
    for i, (s, _e) in enumerate(spans):
        while k < len(cuts) and cuts[k] <= s:
            if i > lo:
                out.append((lo, i))
                lo = i
            k += 1
    if len(spans) > lo:
        out.append((lo, len(spans)))
    return out


def make_item(q: Quote, published: str | None = None) -> QuoteItem:
    """A :class:`QuoteItem` for ``q`` (source offsets of its cleaned text)."""
    text, start, end = clean_quote(q)
    ws, spans, editorial = tokens(text)
    st = [stem(w) if not w[:1].isdigit() else w for w in ws]
    content = frozenset(s for w, s in zip(ws, st, strict=True) if w not in STOPWORDS and w not in NEGATIONS
                        and not w[0].isdigit() and "*" not in w)
    names = set()
    for m in _CAP_RE.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k].isspace():  # the last character before the word that is not a space
            k -= 1
        if k >= 0 and text[k] not in ".!?…\"“‘'—–-:(" and m.group().lower() not in STOPWORDS:
            names.add(stem(m.group()))
    return QuoteItem(q.doc, q, text, start, end, ws, st, content, published or "", frozenset(names) & content,
                     spans, frozenset(editorial), _sentences(text, spans))


def part(item: QuoteItem, lo: int, hi: int) -> QuoteItem:
    """Words ``lo..hi`` of ``item`` as an item of their own (a sentence or a
    stretch of a longer quotation), offsets into the same source."""
    if lo <= 0 and hi >= len(item.words):
        return item
    s, e = item.span_of(lo, hi)
    base = s - item.start
    words, stems = item.words[lo:hi], item.stems[lo:hi]
    content = frozenset(st for w, st in zip(words, stems, strict=True) if w not in STOPWORDS
                        and w not in NEGATIONS and not w[:1].isdigit() and "*" not in w)
    sents = [(max(a, lo) - lo, min(b, hi) - lo) for a, b in item.sents if a < hi and b > lo]
    return QuoteItem(item.doc, item.quote, item.text[base:e - item.start], s, e, words, stems, content,
                     item.published, item.names & content,
                     [(x - base, y - base) for x, y in item.spans[lo:hi]],
                     frozenset(k - lo for k in item.editorial if lo <= k < hi), sents)
