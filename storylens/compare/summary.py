"""Extractive summary: at most N passages, each citing its article and span.

Candidates are the coverage facts' stated evidence (never a passage only
*likely* to say the fact). A fact scores by its independent sources (most of
all), then by how early it sits in its articles, with a small bonus for a
mid-length sentence. For each pick:

* the passage never begins or ends inside a quotation: a sentence that the
  splitter cut inside quotation marks is widened to the whole quotation
  (within its paragraph), or dropped when that is too long;
* a quotation keeps its marks and its speaker: when the passage does not
  name who is quoted, the entry carries ``speaker`` (the quote's canonical
  speaker) and renderers show it; a quotation with no known speaker is not
  used;
* a section label opening the sentence ("Driving the news: ") is left out,
  unless it is the speaker of a quotation the sentence holds (a headline's
  "Okafor: Port deal has ‘nothing to hide’");
  page furniture never reaches the candidates (see :mod:`.statements`);
* a passage that leans on the sentence before it is not used: one that opens
  with a pronoun ("He", "It", "That", "Others") or a connective ("But",
  "However"), whose reference the summary would not show;
* no two picks carry the same fact: one pick per fact, and a candidate that
  repeats a pick's number or most of its content words is skipped;
* at most ``_MAX_TRIED`` (200) candidates are built: a text of thousands of
  sentences that all repeat one another ends there, with what was picked.

The picks are shown in reading order: by article (in the story's order),
then by place in the article. Every ``text`` is exactly
``article.source[start:end]``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..models import Article, Quote
from ..text import article_sentences, content_stems, dateline_end
from .captions import is_caption
from .quote_depth import QuoteDepths, quote_depth
from .statements import section_label, terms

__all__ = ["build_summary", "quote_depth", "balanced_span", "QuoteDepths"]

_MAX_PASSAGE = 600


def _paragraph_start(src: str, pos: int) -> int:
    i = src.rfind("\n", 0, pos)
    return 0 if i < 0 else i + 1


def balanced_span(src: str, sentences: list[tuple[int, int]], s: int, e: int,
                  limit: int = _MAX_PASSAGE, depths: QuoteDepths | None = None) -> tuple[int, int] | None:
    """Widen ``[s, e)`` sentence by sentence (within its paragraph) until it
    neither begins nor ends inside a quotation; None when that takes more
    than ``limit`` characters. ``sentences`` are in text order; ``depths``,
    the text's :class:`QuoteDepths` when many spans of it are asked."""
    if depths is not None:
        para, para_end = depths.paragraph(s, e)
        depth_at = depths.at
    else:
        para = _paragraph_start(src, s)
        para_end = src.find("\n", e)
        para_end = len(src) if para_end < 0 else para_end

        def depth_at(pos: int) -> int:
            return quote_depth(src, para, pos)
    i = bisect.bisect_right(sentences, (s, len(src) + 1)) - 1  # the sentence starting at or before s
    j = bisect.bisect_left(sentences, (e, -1))
    while depth_at(s) and i > 0 and sentences[i - 1][0] >= para and e - sentences[i - 1][0] <= limit:
        i -= 1
        s = sentences[i][0]
    k = max(i, bisect.bisect_left([b for _, b in sentences[i:j + 1]], e) + i)
    while depth_at(e) and k + 1 < len(sentences) and sentences[k + 1][1] <= para_end \
            and sentences[k + 1][1] - s <= limit:
        k += 1
        e = sentences[k][1]
    if depth_at(s) or depth_at(e) or e - s > limit:
        return None
    return s, e


_FIRST_PERSON = re.compile(r"\b(?:[Mm]e|[Mm]y|[Mm]yself)\b")


def _speaker(src: str, s: int, e: int, quotes: list[Quote]) -> tuple[bool, str | None]:
    """(usable, speaker to show): a passage that says "me" or "my" outside
    quotation marks is not usable; one holding a quotation is usable when
    the passage names the speaker outside the quotation (None to show) or the
    speaker is known. A name inside the quoted words does not count ("“…
    we won't let that happen for the Trump Administration,” he added" is a
    quotation of Trump that does not say so)."""
    speaker = None
    chars = list(src[s:e])
    for q in quotes:  # the passage with its quoted words blanked out
        if q.end > s and q.start < e:
            chars[max(q.start, s) - s:min(q.end, e) - s] = " " * (min(q.end, e) - max(q.start, s))
    outside = "".join(chars)
    if _FIRST_PERSON.search(outside):
        # "Justice X … has embarrassed all by ... about me.": a
        # tweet or statement printed without quotation marks (or the writer's aside), nobody's narration
        return False, None
    for q in quotes:
        if not q.is_speech or q.end <= s or q.start >= e:
            continue
        if not q.speaker:
            return False, None
        last = q.speaker.split()[-1]
        if re.search(r"\b" + re.escape(last) + r"\b", outside, re.IGNORECASE):
            continue
        speaker = q.speaker
    return True, speaker


# a passage that opens with a pronoun or a connective leans on the sentence before it
_PERSONAL = "He|She|They|His|Her|Their|Him|Them|And|Also"
_DANGLING = re.compile(rf"(?:{_PERSONAL})\b")  # (a speaker so named is no one the passage shows)
# so does one that opens with "It", "That", "Others" or a connective that answers the sentence before
# ("That separates Mr. Reid from …", "Others appeared worried …", "However, the NATO chief noted …"),
# though not "This week" or "That year", which date the news
_LEANS_BACK = re.compile(rf"(?:{_PERSONAL}|It|Its|Others|But|However|Yet|Still|Meanwhile|Instead|Nevertheless|"
                         r"Moreover)\b|(?:This|That|These|Those)\b(?!\s+(?:week|weekend|month|year|morning|"
                         r"afternoon|evening|night|day|time|spring|summer|autumn|fall|winter|season|quarter|"
                         r"decade|century)s?\b)")
# a sentence about the article, not the news: "Below is a summary of ...", "Here's what you need to know"
_SIGNPOST = re.compile(r"(?:Below|Here)(?:\s+(?:is|are)|['’]s)\b|(?:Read|Scroll)\s+(?:on|down|below)\b|"
                       r"In\s+this\s+(?:article|story|post|piece|guide)\b")


def _whole_sentences(sentences: list[tuple[int, int]], s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` widened to the sentences it lies in: a statement may be one
    clause of a sentence (:func:`.statements.clauses`), a summary passage is
    whole sentences."""
    i = bisect.bisect_right(sentences, (s, 1 << 62)) - 1
    if i >= 0 and sentences[i][0] <= s < sentences[i][1]:
        s = sentences[i][0]
    k = bisect.bisect_right(sentences, (e - 1, 1 << 62)) - 1
    if k >= 0 and sentences[k][0] <= e - 1 < sentences[k][1]:
        e = max(e, sentences[k][1])
    return s, e


def _candidate(a: Article, sentences: list[tuple[int, int]], ev: dict[str, Any],
               quotes: list[Quote]) -> dict[str, Any] | None:
    src = a.source
    span = balanced_span(src, sentences, *_whole_sentences(sentences, ev["start"], ev["end"]))
    if span is None:
        return None
    s, e = span
    line = src.rfind("\n", 0, s) + 1
    if line < s and section_label(src[line:e]) == s - line:
        s = line  # its statement starts after a label: whether the label stays is judged here
    label = section_label(src[s:e])
    if not any(q.speaker_start is not None and s <= q.speaker_start < s + label and s + label <= q.start < e
               and not _DANGLING.match(src, q.speaker_start) for q in quotes):
        s += label  # but "Okafor: Port deal has ‘nothing to hide’" keeps the label that names its speaker
    s += dateline_end(src[s:e])  # "WASHINGTON -- The council voted": the summary starts at what happened
    if not src[line:s].strip() and is_caption(src[s:e]):
        return None  # "Members of the caravan at the border wall on Sunday.", opening its line: a photo's caption
    if _LEANS_BACK.match(src, s, e):
        return None  # "He also stood by his criticism …": whom it means is in a sentence the summary lacks
    if _SIGNPOST.match(src, s, e):
        return None  # "Below is a summary of this year's developments": the article's signpost, no news
    usable, speaker = _speaker(src, s, e, quotes)
    if not usable or e <= s:
        return None
    out: dict[str, Any] = {"text": src[s:e], "doc": a.name, "start": s, "end": e}
    if speaker:
        out["speaker"] = speaker
    return out


# candidates built at most per summary: each may parse its sentence (a caption check). Real stories
# need far fewer (PolNeAR's 795 stories: 6 at the median, 60 at most); a text whose every sentence
# repeats the last would otherwise build thousands, each rejected as a repeat
_MAX_TRIED = 200
# two articles' ledes that share this much of their weighted words tell the story's main event twice
# ("Varga has dropped plans to chair a debate" / "Varga announced she is stepping aside as the chair")
_LEDE_OVERLAP = 0.3
_DAY_WORD = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b")


@dataclass(frozen=True)
class _Said:
    """What a summary passage says, for telling whether another repeats it."""

    stems: frozenset[str]
    numbers: frozenset[str]
    lede: bool  # its article's first statement
    days: frozenset[str]

    @classmethod
    def of(cls, text: str, lede: bool) -> _Said:
        return cls(frozenset(content_stems(text)),
                   frozenset(t for t in terms(text) if t.startswith("#") and not re.fullmatch(r"#(?:19|20)\d\d", t)),
                   lede, frozenset(_DAY_WORD.findall(text.lower())))

    def repeats(self, other: _Said, weight: dict[str, float]) -> bool:
        """The same number, most of the same content words, or, for two
        ledes, enough of the same weighted words and no days that differ
        ("resigned Monday" is not "apologized Saturday")."""
        a, b = self.stems, other.stems
        if self.numbers & other.numbers or (a and len(a & b) / max(1, min(len(a), len(b))) >= 0.5):
            return True
        return (self.lede and other.lede and _weighted_overlap(a, b, weight) >= _LEDE_OVERLAP
                and not (self.days and other.days and not self.days & other.days))


def _stem_weights(facts: list[dict[str, Any]]) -> dict[str, float]:
    """Inverse document frequency of content stems over the story's facts:
    the words every fact shares (the story's topic) weigh little."""
    df: dict[str, int] = {}
    for f in facts:
        for w in set(content_stems(f.get("text", ""))):
            df[w] = df.get(w, 0) + 1
    n = len(facts)
    return {w: math.log((n + 1) / (c + 1)) + 0.1 for w, c in df.items()}


def _weighted_overlap(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    """The weight two stem sets share, over the lighter set's weight."""
    if not a or not b:
        return 0.0
    wa, wb = (sum(weight.get(w, 1.0) for w in x) for x in (a, b))
    return sum(weight.get(w, 1.0) for w in a & b) / min(wa, wb)


class _Sentences(dict[str, list[tuple[int, int]]]):
    """Article name -> its sentence spans, split on first use."""

    def __init__(self, articles: dict[str, Article]):
        super().__init__()
        self.articles = articles

    def __missing__(self, name: str) -> list[tuple[int, int]]:
        self[name] = article_sentences(self.articles[name])
        return self[name]


def build_summary(articles: list[Article], coverage: dict[str, Any], n: int = 5,
                  roots: dict[str, str] | None = None,
                  quotes: dict[str, list[Quote]] | None = None) -> list[dict[str, Any]]:
    """Up to ``n`` cited passages preferring facts with more independent
    sources (see the module doc)."""
    if n <= 0:
        return []
    roots, quotes = roots or {}, quotes or {}
    by_name = {a.name: a for a in articles}
    order = {a.name: k for k, a in enumerate(articles)}
    sentences = _Sentences(by_name)
    positions: dict[tuple[str, int], int] = {}
    starts_of: dict[str, set[int]] = defaultdict(set)  # (read in one pass, not once per article)
    for f in coverage.get("facts", []):
        for e in f["evidence"]:
            starts_of[e["doc"]].add(e["start"])
    for a in articles:
        for rank, s in enumerate(sorted(starts_of.get(a.name, ()))):
            positions[(a.name, s)] = rank
    ranked = []
    for k, f in enumerate(coverage.get("facts", [])):
        ev = [e for e in f["evidence"] if e["doc"] in by_name and e.get("match") != "likely"]
        if not ev:
            continue

        def ev_key(e: dict[str, Any]) -> tuple[int, int, int]:
            # the rendering to quote: an original, early in its article, of readable length
            return (roots.get(e["doc"], e["doc"]) != e["doc"], positions.get((e["doc"], e["start"]), 99),
                    abs(e["end"] - e["start"] - 160))
        pos = min(positions.get((x["doc"], x["start"]), 99) for x in ev)
        best = min(ev, key=ev_key)
        words = len(by_name[best["doc"]].source[best["start"]:best["end"]].split())
        score = 3.0 * f.get("independent_sources", 1) + 1.5 / (1 + pos) + (0.5 if 12 <= words <= 45 else 0.0)
        ranked.append((score, k, sorted(ev, key=ev_key)[:3], f))
    ranked.sort(key=lambda x: (-x[0], x[1]))
    weight = _stem_weights(coverage.get("facts", []))
    out: list[dict[str, Any]] = []
    seen: list[_Said] = []
    tried = 0
    for score, k, evs, f in ranked:  # candidates are built only as far as needed
        cand, lede = None, False
        if tried >= _MAX_TRIED:
            break
        for e in evs:
            tried += 1
            cand = _candidate(by_name[e["doc"]], sentences[e["doc"]], e, quotes.get(e["doc"], []))
            if cand is not None:
                lede = positions.get((e["doc"], e["start"])) == 0
                break
        if cand is None:
            continue
        said = _Said.of(cand["text"], lede)
        if any(said.repeats(other, weight) for other in seen):
            continue
        if any(o["doc"] == cand["doc"] and o["start"] < cand["end"] and cand["start"] < o["end"] for o in out):
            continue
        seen.append(said)
        # the articles that state the fact; those only likely to say it are listed apart, never as sources
        likely = f.get("tentative") or []
        out.append(cand | {"sources": [d for d in f["docs"] if d not in likely], "likely_sources": likely,
                           "independent_sources": f.get("stated_by", f.get("independent_sources", 1)),
                           "fact": k, "score": round(score, 3)})
        if len(out) >= n:
            break
    out.sort(key=lambda x: (order.get(x["doc"], 0), x["start"]))
    return out
