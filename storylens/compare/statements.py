"""Statements: the sentences of an article that state something, with the
terms they are compared by.

A sentence of the body is a statement unless it is the headline, or page
furniture that the extractor kept: a subhead (a short line without closing punctuation), a
photo caption or credit, a byline, a wire or "contributed to this report"
credit, a newsletter or "click here" prompt (the line rules of
:mod:`storylens.extract.furniture`, applied to each sentence), a question, or
too short to carry a fact. A section label that opens a sentence ("Driving
the news: ...", "Why it matters: ...") or a dateline ("PORTSALVE, Valdoria
— ...") is not part of the statement: the statement starts after it.

:func:`clauses` cuts a statement where two of its clauses meet, for
coverage, whose facts are often one clause of a sentence ("resigned on
Monday, and the council named his deputy ...").

Terms are content-word stems, numbers (``#2000`` for "2,000") and, for a
hyphenated word, the joined form and its parts ("Wal-Mart" -> ``walmar``,
``wal``, ``mart``), so that spelling variants of one compound still meet.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from ..extract.furniture import classify_line
from ..models import Article
from ..text import NEGATIONS, STOPWORDS, article_sentences, dateline_end, stem, word_spans
from .quote_depth import QuoteDepths

__all__ = ["Statement", "statements", "clauses", "terms", "section_label", "is_furniture"]

# "Driving the news:", "Why it matters:", "The big picture:", "Yes, but:": a label of 1-5
# words (a capitalised first word, the rest lower case) closed by a colon.
_LABEL = re.compile(r"^(?:(?:[A-Z][a-z’']*|[A-Z]{2,})(?:,?\s+[a-z’']+){0,4}"
                    # a label in title case ("New Price Drop: ", "Little Relief for Refugees: "), a dateline
                    # in capitals ("NEW DELHI: ")
                    r"|[A-Z][a-z’']+(?:\s+(?:(?:for|of|the|and|in|on|to|at|with|from|by|a|an)\s+)?[A-Z][a-z’']+){1,3}"
                    r"|[A-Z]{2,}(?:\s+[A-Z]{2,}){1,2}):\s+(?=\S)")
# an update stamp: "UPDATE 2:52 p.m. -- ", "UPDATE: 7:19 p.m. — ", "Updated: "
_UPDATE = re.compile(r"^UPDATE(?:D)?\b:?\s*(?:\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?:\s+[A-Z]{2,4})?\s*)?(?:--|—|–|:)\s+(?=\S)",
                     re.IGNORECASE)
# a label is no speech: "He said: ..." or "Pelosi told reporters: ..." introduce a quotation
_SPEECH = re.compile(r"\b(?:said|says|say|told|tells|wrote|writes|added|adds|tweeted|declared|stated|asked|"
                     r"replied|warned|explained|noted|insisted|argued|announced|responded)\b")
# a line of a details box ending in a web address ("More info: www.example.org | +49 40 …"): the
# extraction benchmark's gold keeps such a line as body text, so it stays in the article but is no statement
_DETAILS_BOX = re.compile(r"^(?:\S+\s+){0,20}?more info(?:rmation)?\s*:\s*(?:www\.|https?://)\S+(?:\s+\S+){0,8}$",
                          re.IGNORECASE)
_CAPTION = re.compile(r"(?:^\(?(?:photo|image|picture|video|file photo|file)\s*[:/|)—–-]|"
                      r"\((?:AP|AFP|Reuters|Getty|EPA|Bloomberg)(?: Photo)?[/)]|/\s*(?:AP|AFP|Reuters|Getty Images|EPA)\)?$|"
                      r"^\s*(?:FILE|PHOTO|WATCH|VIDEO|LISTEN|RELATED|READ MORE|MORE)\s*[-–—:])", re.I)
_CLOSING = tuple(".!?…\"”’')»]")
# where two clauses of a sentence meet: a semicolon, a dash, or a comma before a conjunction that
# joins or sets against ("…, and named …", "…, but the court …", "…, while …")
# (a dash's spaces are matched from the first one only: a long run of spaces is read once)
_CLAUSE_BREAK = re.compile(r";\s+|(?<!\s)\s+(?:—|–|--)\s+|,\s+(?=(?:and|but|while|whereas|although|though)\s)")
_NUM = re.compile(r"\d")
# a clause that opens the sentence with a subordinator, up to its first comma: the scene, not the
# fact ("After a night of talks at the town hall, the union called off the strike")
_FRONTED = re.compile(r"(?:After|Before|When|While|As|Although|Though|Because|Since|If|Once|Until|Despite|Following|Amid)\b[^,;:“”\"]{8,}?(,\s+)")


def section_label(text: str) -> int:
    """Length of a section label opening ``text`` ("Driving the news: ",
    "UPDATE 2:52 p.m. -- "), or 0."""
    m = _UPDATE.match(text)
    if m:
        return m.end()
    m = _LABEL.match(text)
    if not m or _SPEECH.search(m.group()):
        return 0
    return m.end()


def is_furniture(text: str, whole_line: bool) -> str | None:
    """Why the sentence ``text`` is no statement (page furniture), or None.
    ``whole_line`` says whether it is its line's only sentence."""
    verdict = classify_line(text.strip())
    if verdict is not None:
        return verdict.reason
    if _CAPTION.search(text):
        return "caption"
    if _DETAILS_BOX.match(text):
        return "contact"  # "… RRP: 49.95 Euro More info: www.earbooks.net | +49 40 …": a product's details box
    if whole_line and not text.rstrip().endswith(_CLOSING) and len(text.split()) <= 14:
        return "subhead"
    return None


def terms(text: str) -> set[str]:
    """The terms ``text`` is compared by (see the module doc)."""
    out: set[str] = set()
    for _, _, w in word_spans(text):
        lw = w.lower().replace("’", "'")
        if _NUM.search(lw):
            num = lw.replace(",", "").rstrip(".")
            if num.endswith("%"):  # "5.9%" and "5.9 percent" state one number
                out.add("%")
            out.add("#" + num.rstrip("%"))
            continue
        if lw in ("percent", "per", "pct"):
            out.add("%")
            continue
        if lw in STOPWORDS or lw in NEGATIONS or len(lw) < 2:
            continue
        if "-" in lw:
            parts = [p for p in lw.split("-") if len(p) > 2 and p not in STOPWORDS]
            out.update(_stem(p) for p in parts)
            lw = lw.replace("-", "")
        out.add(_stem(lw))
    return out


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return stem(word)


@dataclass
class Statement:
    """One sentence of an article that states something."""

    doc: str
    start: int  # source offsets (a section label opening the sentence excluded)
    end: int
    text: str
    terms: frozenset[str]
    position: int  # rank of its sentence among the article's statements (0 = the lede)


def _line_bounds(src: str, s: int, e: int) -> tuple[int, int]:
    a = src.rfind("\n", 0, s) + 1
    b = src.find("\n", e)
    return a, (len(src) if b < 0 else b)


def statements(article: Article, min_words: int = 5, min_terms: int = 3,
               limit: int | None = None, keep: Collection[int] = ()) -> list[Statement]:
    """The article's sentences that state something (see the module doc),
    at most ``limit`` of them (the first ones). A sentence holding one of
    the source offsets ``keep`` (a quotation another outlet prints too) is
    kept however short it is."""
    kept = sorted(keep)
    out: list[Statement] = []
    src = article.source
    head = (article.title_span.start, article.title_span.end) if article.title_span else (0, 0)
    for s, e in article_sentences(article):
        if limit is not None and len(out) >= limit:
            break
        if s < head[1] and head[0] < e:
            continue  # the headline: no statement (coverage weighs facts by its words apart)
        a, b = _line_bounds(src, s, e)
        text = src[s:e]
        if is_furniture(text, src[a:b].strip() == text):
            continue
        held = bisect.bisect_left(kept, s) < bisect.bisect_left(kept, e)
        cut = section_label(text) or dateline_end(text)  # "Driving the news: ", "PORTSALVE, Valdoria — "
        s, text = s + cut, text[cut:]
        if not held and (text.rstrip().endswith("?") or len(text.split()) < min_words):
            continue
        ts = terms(text)
        if len(ts) < (1 if held else min_terms):
            continue
        out.append(Statement(article.name, s, e, text, frozenset(ts), len(out)))
    return out


def clauses(st: Statement, min_terms: int = 5) -> list[Statement]:
    """The statement cut where its clauses meet (a semicolon, a dash, a comma
    before "and", "but", "while" ..., the comma closing an opening "After
    ...", "When ...", "Although ..." clause; never inside a quotation), each piece
    with its own terms and the sentence's ``position``. A piece of fewer than
    ``min_terms`` terms stays with the one before it (the first with the
    next), so a list ("wages, hours, and pensions") is never cut."""
    found = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(st.text)]
    m = _FRONTED.match(st.text)
    if m:
        found = sorted(set(found) | {(m.start(1), m.end(1))})
    if not found:
        return [st]
    depths = QuoteDepths(st.text)
    cuts = [(a, b) for a, b in found if not depths.at(a)]
    if not cuts:
        return [st]
    # the pieces' starts, ends (in st.text) and terms; a cut falls between words, so a merged
    # piece's terms are the union of its parts' (each part read once: linear in the sentence)
    starts: list[int] = []
    ends: list[int] = []
    bags: list[set[str]] = []
    begin = 0
    for a, b in cuts + [(len(st.text), len(st.text))]:
        seg = terms(st.text[begin:a])
        if bags and (len(seg) < min_terms or len(bags[-1]) < min_terms):
            ends[-1] = a
            bags[-1].update(seg)  # in place: a long run of short pieces costs no copies
        else:
            starts.append(begin)
            ends.append(a)
            bags.append(seg)
        begin = b
    if len(bags) > 1 and len(bags[-1]) < min_terms:
        ends[-2] = ends.pop()
        bags[-2].update(bags.pop())
        starts.pop()
    if len(bags) == 1:
        return [st]
    return [Statement(st.doc, st.start + a, st.start + b, st.text[a:b], frozenset(ts), st.position)
            for a, b, ts in zip(starts, ends, bags, strict=True)]
