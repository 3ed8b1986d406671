"""The same quote across outlets: grouping, fidelity classes, word diffs, echoes.

Quotes of one story with the same speaker are grouped when their wording
says the same thing (contiguous containment, word-sequence similarity or
content-word overlap). Each group gets a *reference* wording (the rendering
printed most often, then the earliest, then the longest full quote) and every
member is classified against it:

``identical``   same words (case and punctuation aside)
``fragment``    a short quoted piece of the reference (under half of it)
``trimmed``     a longer piece of the reference, words dropped
``extended``    contains the reference plus more words
``minor-edit``  nearly the same words, meaning kept
``reworded``    other words, same meaning, yet printed in quotation marks
``altered``     the meaning changed: a negation flipped, a number or a
                hedge differs

Quotes by the same speaker in *other* stories that carry the same message are
linked as **echoes** (another occasion), never merged into a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Iterable

from rapidfuzz.distance import Indel

from ..annotate.numbers import HEDGES, NEGATIONS, STOPWORDS, numbers_in_text, stem
from ..models import Quote

__all__ = ["QuoteItem", "group_quotes", "classify", "word_diff", "find_echoes", "clean_quote"]

_TOKEN_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?|n['’]t", re.UNICODE)
_NUMWORD = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty forty "
                     "fifty hundred thousand million billion percent".split())


def _tokens(text: str) -> list[str]:
    out = []
    for w in _TOKEN_RE.findall(text):
        w = w.lower().replace("’", "'")
        if w.endswith("n't") and len(w) > 3:  # don't -> do n't
            out.extend([w[:-3], "n't"])
        else:
            out.append(w)
    return out


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

    @property
    def speaker(self) -> str | None:
        return self.quote.speaker


def clean_quote(q: Quote) -> tuple[str, int, int]:
    """The quote's text and offsets without trailing commas/colons and spaces."""
    text, start, end = q.text, q.start, q.end
    stripped = text.rstrip(" ,;:\u00a0")
    end -= len(text) - len(stripped)
    lead = len(stripped) - len(stripped.lstrip())
    return stripped.strip(), start + lead, end


def make_item(q: Quote, published: str | None = None) -> QuoteItem:
    text, start, end = clean_quote(q)
    ws = _tokens(text)
    st = [stem(w) if w != "n't" else "not" for w in ws]
    content = frozenset(s for w, s in zip(ws, st) if w not in STOPWORDS and w not in NEGATIONS
                        and not w[0].isdigit())
    return QuoteItem(q.doc, q, text, start, end, ws, st, content, published or "")


def _contiguous(small: list[str], big: list[str]) -> bool:
    n = len(small)
    if n == 0 or n > len(big):
        return False
    first = small[0]
    for i in range(len(big) - n + 1):
        if big[i] == first and big[i:i + n] == small:
            return True
    return False


def _subsequence_blocks(small: list[str], big: list[str]) -> bool:
    """``small`` is ``big`` with words dropped (an ellipsis-style trim): all of
    its words appear in order, in at most three contiguous runs."""
    sm = SequenceMatcher(None, big, small, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    return sum(b.size for b in blocks) == len(small) and len(blocks) <= 3


def similarity(a: QuoteItem, b: QuoteItem) -> float:
    """How likely two quotes render the same utterance (0..1)."""
    if not a.stems or not b.stems:
        return 0.0
    short, long_ = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    ca, cb = a.content, b.content
    if ca and cb and not (ca & cb) and len(short.stems) >= 2:
        return 0.0  # no content word in common: not the same utterance
    if _contiguous(short.stems, long_.stems):
        return 1.0 if len(short.stems) >= 2 or len(long_.stems) <= 2 else 0.6
    seq = Indel.normalized_similarity(a.stems, b.stems)
    shared = len(ca & cb)
    dice = 2 * shared / (len(ca) + len(cb)) if ca and cb else 0.0
    over = shared / min(len(ca), len(cb)) if ca and cb else 0.0
    score = max(seq, dice, 0.85 * over if shared >= 3 else 0.0)
    return score


_CLAUSE_RE = re.compile(r"[,.;:!?…—–()\"“”]|\b(?:and|but|if|until|unless|because|while|although|when|or)\b",
                        re.IGNORECASE)


def _negation_scopes(text: str) -> tuple[set[str], set[str]]:
    """Content stems inside a negation's scope (up to four words after it, within
    its clause) and content stems outside any negation scope."""
    negated: set[str] = set()
    plain: set[str] = set()
    for clause in _CLAUSE_RE.split(text):
        ws = _tokens(clause)
        left = 0
        for w in ws:
            if w in NEGATIONS:
                left = 4
                continue
            if w in STOPWORDS or w[0].isdigit():
                if left:
                    left -= 1
                continue
            (negated if left else plain).add(stem(w))
            if left:
                left -= 1
    return negated, plain


def _polarity_shift(ref_text: str, mem_text: str) -> bool:
    """A word negated in one wording stands un-negated in the other."""
    nr, pr = _negation_scopes(ref_text)
    nm, pm = _negation_scopes(mem_text)
    return bool((nr & pm) or (nm & pr))


_WORD_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9}


def _numbers(text: str) -> set[float]:
    vals = {v for _, _, v, _, _ in numbers_in_text(text)}
    for w in _tokens(text):
        if w in _WORD_VALUES and w != "one":
            vals.add(float(_WORD_VALUES[w]))
        elif w[0].isdigit():
            try:
                vals.add(float(w.rstrip("%").replace(",", "")))
            except ValueError:
                pass
    return vals


def _negation_count(words: list[str]) -> int:
    return sum(1 for w in words if w in NEGATIONS)


def meaning_change(ref: QuoteItem, mem: QuoteItem) -> str | None:
    """Why ``mem`` changes the meaning of ``ref`` (``number``, ``negation``,
    ``hedge``), or ``None``.

    A negation *moved* (as many negations, on other words: "remain on the
    table if prices do not cool" / "are not on the table if prices cool") is a
    change when the wordings share most content words; a negation *added or
    dropped* is a change when the rest of the wording is nearly the same (a
    loose paraphrase may say "far from that" for "not there yet")."""
    nr, nm = _numbers(ref.text), _numbers(mem.text)
    if nr and nm and nr != nm:
        return "number"
    seq = SequenceMatcher(None, ref.words, mem.words, autojunk=False).ratio()
    shared = len(ref.content & mem.content)
    content = shared / max(1, min(len(ref.content), len(mem.content)))
    cr, cm = _negation_count(ref.words), _negation_count(mem.words)
    if cr == cm:
        if cr and (seq >= 0.5 or content >= 0.5) and _polarity_shift(ref.text, mem.text):
            return "negation"
    elif seq >= 0.75:
        return "negation"
    hr = {w for w in ref.words if w in HEDGES}
    hm = {w for w in mem.words if w in HEDGES}
    if hr != hm and seq >= 0.5 and not (hr <= set(mem.words) and hm <= set(ref.words)):
        return "hedge"
    return None


def classify(ref: QuoteItem, mem: QuoteItem) -> tuple[str, str | None]:
    """The member's relation to the reference, and the reason for ``altered``."""
    if mem.words == ref.words:
        return "identical", None
    if _contiguous(mem.words, ref.words):
        return ("fragment" if len(mem.words) < 0.5 * len(ref.words) else "trimmed"), None
    if _contiguous(ref.words, mem.words):
        return "extended", None
    why = meaning_change(ref, mem)
    if why:
        return "altered", why
    if len(mem.words) < len(ref.words) and _subsequence_blocks(mem.words, ref.words):
        return ("fragment" if len(mem.words) < 0.5 * len(ref.words) else "trimmed"), None
    seq = SequenceMatcher(None, ref.words, mem.words, autojunk=False).ratio()
    if seq >= 0.85:
        return "minor-edit", None
    if len(mem.words) < 0.5 * len(ref.words) and _contiguous(mem.stems, ref.stems):
        return "fragment", "inflection differs"
    return "reworded", None


def word_diff(ref: list[str] | str, mem: list[str] | str) -> list[list[str]]:
    """A word-level diff ``[[op, words], ...]`` with ``op`` in ``=``, ``-``
    (only in the reference), ``+`` (only in the member)."""
    a = ref.split() if isinstance(ref, str) else ref
    b = mem.split() if isinstance(mem, str) else mem
    norm = lambda w: re.sub(r"[^\w%]", "", w.lower().replace("’", "'"))  # noqa: E731
    sm = SequenceMatcher(None, [norm(w) for w in a], [norm(w) for w in b], autojunk=False)
    out: list[list[str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(["=", " ".join(b[j1:j2])])
        else:
            if i2 > i1:
                out.append(["-", " ".join(a[i1:i2])])
            if j2 > j1:
                out.append(["+", " ".join(b[j1:j2])])
    return out


def _weak_speaker(name: str | None) -> bool:
    """No speaker, or one that does not look like a person's full name."""
    if not name:
        return True
    parts = name.split()
    return len(parts) < 2 or not all(p[:1].isupper() for p in parts)


def _speaker_ok(a: QuoteItem, b: QuoteItem) -> bool:
    return a.speaker == b.speaker or _weak_speaker(a.speaker) or _weak_speaker(b.speaker)


def group_quotes(quotes: dict[str, list[Quote]], published: dict[str, str | None] | None = None,
                 *, threshold: float = 0.5) -> list[dict[str, Any]]:
    """Group the speech quotes of one story by utterance; see the module doc."""
    published = published or {}
    items = [make_item(q, published.get(doc)) for doc in sorted(quotes) for q in quotes[doc]
             if q.kind in ("direct", "partial") and q.text.strip()]
    items = [it for it in items if it.stems]
    n = len(items)
    pairs: list[tuple[float, int, int]] = []
    sims: dict[tuple[int, int], float] = {}
    cache: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}
    for i in range(n):
        for j in range(i + 1, n):
            a, b = items[i], items[j]
            if not _speaker_ok(a, b):
                continue
            ck = (tuple(a.stems), tuple(b.stems))
            s = cache.get(ck)
            if s is None:
                s = cache[ck] = similarity(a, b)
            need = threshold if a.speaker == b.speaker else max(threshold, 0.7)
            if len(a.stems) < 4 and len(b.stems) < 4:
                need = max(need, 0.99)  # two short fragments alone do not make a group
            if s >= need:
                sims[(i, j)] = s
                pairs.append((s, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def linked(i: int, j: int) -> bool:
        return (min(i, j), max(i, j)) in sims

    for _, i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        # two different quotes of one article join a group only if they are linked themselves
        ok = True
        for x in members[gi]:
            for y in members[gj]:
                if items[x].doc == items[y].doc and not linked(x, y) and items[x].words != items[y].words:
                    ok = False
                    break
            if not ok:
                break
        if not ok:
            continue
        for y in members[gj]:
            group_of[y] = gi
        members[gi].extend(members.pop(gj))

    groups = []
    for gid, idx in members.items():
        if len(idx) < 2:
            continue
        group_items = [items[k] for k in idx]
        ref = _reference(group_items)
        speaker = _main_speaker(group_items)
        rows = []
        for it in sorted(group_items, key=lambda x: (x.doc, x.start)):
            rel, why = classify(ref, it)
            if it is ref:
                rel = "reference"
            rows.append({"doc": it.doc, "text": it.text, "speaker": it.speaker or speaker, "relation": rel,
                         "reason": why, "start": it.start, "end": it.end, "kind": it.quote.kind,
                         "diff": word_diff(ref.text, it.text)})
        groups.append({"speaker": speaker, "reference": {"doc": ref.doc, "text": ref.text, "start": ref.start,
                                                         "end": ref.end},
                       "docs": sorted({it.doc for it in group_items}), "members": rows})
    groups.sort(key=lambda g: (-len(g["docs"]), -len(g["members"]), g["reference"]["doc"], g["reference"]["start"]))
    for k, g in enumerate(groups, 1):
        g["id"] = f"Q{k}"
        g["fidelity_warning"] = any(m["relation"] in ("reworded", "altered") for m in g["members"])
    return [{"id": g.pop("id"), **g} for g in groups]


def _main_speaker(items: list[QuoteItem]) -> str | None:
    counts: dict[str, int] = {}
    for it in items:
        if it.speaker:
            counts[it.speaker] = counts.get(it.speaker, 0) + (3 if not _weak_speaker(it.speaker) else 1)
    return max(sorted(counts), key=lambda k: counts[k]) if counts else None


def _reference(items: list[QuoteItem]) -> QuoteItem:
    counts: dict[tuple[str, ...], int] = {}
    for it in items:
        counts[tuple(it.words)] = counts.get(tuple(it.words), 0) + 1
    full = [it for it in items if it.quote.kind == "direct"] or items

    def key(it: QuoteItem) -> tuple[int, int, str, int]:
        return (-counts[tuple(it.words)], -len(it.words) if len(it.words) > 0 else 0, it.published or "9999",
                it.start)

    # most repeated wording first, then the fullest, then the earliest
    return min(full, key=key)


def find_echoes(quotes: dict[str, list[Quote]], others: dict[str, list[Quote]],
                groups: list[dict[str, Any]] | None = None, *, threshold: float = 0.55,
                min_words: int = 3) -> list[dict[str, Any]]:
    """Quotes of this story whose message the same speaker gave on another
    occasion (a quote in ``others``, i.e. in another story)."""
    mine = [make_item(q) for d in sorted(quotes) for q in quotes[d] if q.kind in ("direct", "partial")]
    theirs = [make_item(q) for d in sorted(others) for q in others[d] if q.kind in ("direct", "partial")]
    by_speaker: dict[str, list[QuoteItem]] = {}
    for it in theirs:
        if it.speaker and len(it.words) >= 1:
            by_speaker.setdefault(it.speaker, []).append(it)
    group_of: dict[tuple[str, int], str] = {}
    for g in groups or []:
        for m in g["members"]:
            group_of[(m["doc"], m["start"])] = g["id"]
    out = []
    for it in mine:
        if not it.speaker or len(it.words) < min_words:
            continue
        best, best_s = None, threshold
        for other in by_speaker.get(it.speaker, []):
            if other.words == it.words and other.doc != it.doc:
                continue  # a copy of the same article, not another occasion
            s = _echo_score(it, other)
            if s >= best_s:
                best, best_s = other, s
        if best is None:
            continue
        out.append({"doc": it.doc, "start": it.start, "end": it.end, "text": it.text, "speaker": it.speaker,
                    "group": group_of.get((it.doc, it.start)),
                    "echo_of": {"doc": best.doc, "start": best.start, "end": best.end, "text": best.text},
                    "score": round(best_s, 3),
                    "why": "same speaker, same message, another story (another occasion)"})
    return out


def _window_ratio(a: list[str], b: list[str]) -> float:
    """Best similarity of the shorter word list against a same-length window of the longer."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    if n == 0:
        return 0.0
    best = 0.0
    sset = set(short)
    for i in range(0, len(long_) - n + 1):
        win = long_[i:i + n]
        if not sset.intersection(win):
            continue
        best = max(best, SequenceMatcher(None, short, win, autojunk=False).ratio())
        if best == 1.0:
            break
    return best


def _echo_score(a: QuoteItem, b: QuoteItem) -> float:
    shared = a.content & b.content
    if not shared or min(len(a.words), len(b.words)) < 4:
        return 0.0
    over = len(shared) / min(len(a.content), len(b.content)) if len(shared) >= 2 else 0.0
    return max(over * (0.75 if len(shared) == 2 else 1.0), _window_ratio(a.stems, b.stems))


def _iter_members(groups: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for g in groups:
        yield from g["members"]
