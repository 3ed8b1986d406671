"""Framing: contested term choices per outlet, and distinctive words.

* :func:`load_lexicon` reads the shipped lexicon
  (``storylens/data/framing_lexicon.json``) and merges a user file of the
  same shape (entries with the same ``id`` are replaced, new ones added).
* :func:`term_usage` counts, per article, which of an entry's alternative
  terms it uses, with source spans.
  A one-word term ("militants", "strike", "the bloc") counts only where its
  sentence holds one of the entry's ``context`` words, i.e. where it is used
  in the entry's sense (a union's "militants" are not a militia's), and no
  term counts inside a phrase of the entry's ``other_senses`` (regular
  expressions: "the welfare of the people" is no public assistance).
  An entry of titles (``"referent": "name after"``: "former president",
  "dictator") is contested only where two outlets give different terms to
  one person, the name written after the term ("Former President Donald
  Trump" against "US President Donald Trump"), not where one outlet's
  "former president" is Clinton and another's "President" is Obama; a
  neutral title of the past ("under President Obama", "President Obama's
  administration") does not count. Other entries are contested where
  outlets lead with different terms, one of them marked (not in the entry's
  ``neutral`` list: "protest" against "demonstration" is no contest, "riot"
  against "protest" is), British and American spellings ("defence",
  "defense") being one term.
* :func:`~.distinctive.distinctive_words` ranks the words that set one outlet
  apart from the rest of the story (weighted log-odds, informative prior),
  with their counts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..models import Article, Segment
from .distinctive import distinctive_words

if TYPE_CHECKING:
    from .mentions import Mention

__all__ = ["load_lexicon", "term_usage", "distinctive_words", "framing"]

_TITLES_OF_NAME = "name after"  # an entry's "referent": its terms are titles of the name written after them


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict[str, Any], ...]:
    text = resources.files("storylens").joinpath("data/framing_lexicon.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["entries"])


def load_lexicon(extra_path: str | Path | None = None) -> list[dict[str, Any]]:
    """The shipped contested-term entries, merged with a user JSON file
    (``{"entries": [...]}`` or a bare list) when given: a user entry with the
    id of a shipped one replaces it, others are added."""
    entries = {e["id"]: dict(e) for e in _shipped()}
    if extra_path:
        try:
            data = json.loads(Path(extra_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read framing lexicon {extra_path}: {exc}") from exc
        items = data.get("entries") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ConfigError(f"framing lexicon {extra_path} has no 'entries' list")
        for k, e in enumerate(items):
            if not isinstance(e, dict) or not isinstance(e.get("terms"), list) or len(e["terms"]) < 2:
                raise ConfigError(f"framing lexicon {extra_path}: entry {k} needs 'terms' with two or more terms")
            if e.get("referent") not in (None, _TITLES_OF_NAME):
                raise ConfigError(f"framing lexicon {extra_path}: entry {k} has referent {e['referent']!r}; "
                                  f"the one kind known is \"{_TITLES_OF_NAME}\"")
            for rx in e.get("other_senses") or []:
                try:
                    re.compile(str(rx))
                except re.error as exc:
                    raise ConfigError(f"framing lexicon {extra_path}: entry {k} has other_senses {rx!r} "
                                      f"that is no regular expression: {exc}") from exc
            e = dict(e)
            e.setdefault("id", "user-" + "-".join(str(t) for t in e["terms"][:2]).lower())
            entries[e["id"]] = e
    return list(entries.values())


def _term_re(term: str) -> str:
    body = re.escape(term.rstrip("*")).replace(r"\ ", r"[\s\-]+").replace("'", "['’]")
    tail = r"\w*" if term.endswith("*") else r"(?![\w])"
    return body + tail


@lru_cache(maxsize=512)
def _entry_pattern(terms: tuple[str, ...], case_sensitive: bool) -> re.Pattern[str]:
    """One alternation for an entry's terms, longest first, each in its own group."""
    alts = "|".join(f"(?P<t{k}>{_term_re(t)})" for k, t in enumerate(terms))
    return re.compile(r"(?<![\w\-])(?:" + alts + ")", 0 if case_sensitive else re.IGNORECASE)


def _body_ranges(article: Article) -> list[tuple[int, int]]:
    if article.segments:
        return [(s.source_start, s.source_start + s.length) for s in article.segments if s.length > 0]
    return [(0, len(article.source))]


_SENT_END = re.compile(r"[.!?\n]")


def _sentence_of(src: str, s0: int, s1: int, start: int, end: int) -> str:
    """The sentence around ``start..end`` (within ``s0..s1``), at most 400 characters each side."""
    a = max(s0, start - 400)
    ends = [m.end() for m in _SENT_END.finditer(src, a, start)]
    a = ends[-1] if ends else a
    m = _SENT_END.search(src, end, min(s1, end + 400))
    return src[a:(m.start() if m else min(s1, end + 400))]


def _needs_context(term: str) -> bool:
    """A one-word term ("militants", "strike") or "the X" can mean other
    things; a longer phrase ("US-led military bloc") says what it means."""
    return len(term.replace("-", " ").split()) == 1 or term.lower().startswith("the ")


def _in_sense(entry: dict[str, Any], term: str, sentence: str) -> bool:
    """Whether ``term`` is used in the entry's sense: it needs no context, or
    its sentence holds one of the entry's ``context`` words (any word they
    begin) or one of its phrases that need none."""
    ctx = entry.get("context")
    if not ctx or not _needs_context(term):
        return True
    if _context_pattern(tuple(ctx)).search(sentence):
        return True
    phrases = tuple(t for t in entry["terms"] if not _needs_context(t))
    return bool(phrases) and _entry_pattern(phrases, bool(entry.get("case_sensitive"))).search(sentence) is not None


@lru_cache(maxsize=512)
def _context_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)


@lru_cache(maxsize=512)
def _other_senses_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for an entry's ``other_senses`` (regular expressions), or None."""
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE) if phrases else None


def _in_other_sense(other: re.Pattern[str], src: str, s0: int, s1: int, start: int, end: int) -> bool:
    """Whether the term at ``start..end`` lies inside a phrase of another
    sense ("the welfare of the people" is no public assistance)."""
    lo, hi = max(s0, start - 80), min(s1, end + 80)
    return any(m.start() <= start and end <= m.end() for m in other.finditer(src, lo, hi))


def _may_occur(entry: dict[str, Any], lowered: str) -> bool:
    """Cheap prefilter: some term's first word occurs in the lower-cased text."""
    return any(re.split(r"[\s\-*]", t.lower(), maxsplit=1)[0].replace("'", "") in lowered for t in entry["terms"])


# the name a title is given to: up to four capitalised words right after it ("Donald Trump", "Kim Jong-un")
_NAME_AFTER_TITLE = re.compile(r"[ \t]+((?:[A-Z][\w'’.\-]*[ \t]+){0,3}[A-Z][\w'’\-]*)")
# a title of the past: "under President Obama", "President Obama's policies", "the President Obama administration"
_PAST_BEFORE = re.compile(r"\b(?:under|during|since|before|after|then)\s+(?:the\s+)?$", re.IGNORECASE)
_PAST_AFTER = re.compile(r"\s+(?:administration|era|years)\b")


def _referent_after(src: str, start: int, end: int, stop: int, neutral: bool) -> str | None:
    """The surname of the name written right after a title at
    ``start..end`` ("trump" for "President Donald Trump said"), or None.
    A neutral title of the past ("under President Obama", "President
    Obama's policies") says nothing of the title now: None too."""
    m = _NAME_AFTER_TITLE.match(src, end, stop)
    if m is None:
        return None
    if neutral and (_PAST_BEFORE.search(src, max(0, start - 20), start) or _PAST_AFTER.match(src, m.end())
                    or m.group(1).endswith(("'s", "’s", "'", "’"))):
        return None
    last = re.split(r"[\s\-]+", m.group(1))[-1]
    return last.lower() or None


def _entry_usage(entry: dict[str, Any], articles: list[Article], lowered: dict[str, str]
                 ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, str]]]:
    """Per article, the terms of ``entry`` it uses; and for an entry of
    titles, per person (the surname after the title), each article's term."""
    cs = bool(entry.get("case_sensitive"))
    # longer terms first, so "US-led military bloc" is not also counted as "military bloc"
    terms = sorted(entry["terms"], key=len, reverse=True)
    rx = _entry_pattern(tuple(terms), cs)
    titles = entry.get("referent") == _TITLES_OF_NAME
    neutral = {t.lower() for t in entry.get("neutral", [])}
    other = _other_senses_pattern(tuple(entry.get("other_senses") or ()))
    usage: dict[str, dict[str, Any]] = {}
    given: dict[str, dict[str, str]] = {}  # person -> article -> the term it gives the person most
    for a in articles:
        if not _may_occur(entry, lowered[a.name]):
            continue
        src = a.source
        hits: dict[str, list[list[int]]] = {}
        named: dict[str, Counter[str]] = {}
        for s0, s1 in _body_ranges(a):
            for m in rx.finditer(src, s0, s1):
                t = terms[int(m.lastgroup[1:])] if m.lastgroup else terms[0]
                if not _in_sense(entry, t, _sentence_of(src, s0, s1, m.start(), m.end())):
                    continue
                if other is not None and _in_other_sense(other, src, s0, s1, m.start(), m.end()):
                    continue
                hits.setdefault(t, []).append([m.start(), m.end()])
                who = _referent_after(src, m.start(), m.end(), s1, t.lower() in neutral) if titles else None
                if who:
                    named.setdefault(who, Counter())[t] += 1
        for who, c in named.items():
            given.setdefault(who, {})[a.name] = max(c, key=lambda t: (c[t], -entry["terms"].index(t)))
        if hits:
            main = max(hits, key=lambda t: (len(hits[t]), -entry["terms"].index(t)))
            usage[a.name] = {"term": main, "count": sum(len(v) for v in hits.values()),
                             "terms": {t: len(v) for t, v in hits.items()},
                             "spans": sorted(sp for v in hits.values() for sp in v),
                             "first": {t: v[0] for t, v in hits.items()}}
    return usage, given


_BRITISH = ((re.compile(r"(?<=[a-z]{2})is(e|ed|es|ing|ation|ations)\b"), r"iz\1"),  # militarising, organisation
            (re.compile(r"(?<=l)ys(e|ed|es|ing)\b"), r"yz\1"),  # paralysed
            (re.compile(r"(?<=en)ce\b"), "se"))  # defence, offence, licence


def _spelling_key(term: str) -> str:
    """A term with British spellings written the American way: "defence
    spending" and "defense spending" are one choice of words, not two."""
    key = term.lower()
    for rx, to in _BRITISH:
        key = rx.sub(to, key)
    return key


def term_usage(articles: list[Article], lexicon: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per entry used anywhere in the story: which term each article uses.
    A term counts only in the entry's sense (its ``context``), and an entry
    is reported only when some article uses one of its marked terms."""
    out: list[dict[str, Any]] = []
    lowered = {a.name: a.source.lower().replace("’", "'") for a in articles}
    for entry in lexicon:
        usage, given = _entry_usage(entry, articles, lowered)
        neutral = {t.lower() for t in entry.get("neutral", [])}
        marked = any(t.lower() not in neutral for u in usage.values() for t in u["terms"])
        if usage and marked:
            if entry.get("referent") == _TITLES_OF_NAME:  # titles: two terms for one person
                contested = any(len({_spelling_key(t) for t in by_doc.values()}) > 1 for by_doc in given.values())
            else:  # outlets lead with different terms, one of them a marked term
                leads = {_spelling_key(u["term"]) for u in usage.values()}
                contested = len(leads) > 1 and bool(leads - {_spelling_key(t) for t in neutral})
            out.append({"id": entry.get("id"), "pair": list(entry["terms"]), "note": entry.get("note"),
                        "usage": usage, "contested": contested,
                        "marked": sorted({t for u in usage.values() for t in u["terms"] if t.lower() not in neutral})})
    out.sort(key=lambda e: (not e["contested"], -len(e["usage"]), e["id"] or ""))
    return out


def clip_articles(articles: list[Article], max_chars: int = 300_000) -> tuple[list[Article], int]:
    """The articles with their text read up to ``max_chars`` (bounded work on
    a huge text), and how many were cut."""
    out, cut = [], 0
    for a in articles:
        if len(a.source) <= max_chars:
            out.append(a)
            continue
        cut += 1
        segs = [Segment(s.body_start, s.source_start, min(s.length, max_chars - s.source_start))
                for s in a.segments if s.source_start < max_chars]
        out.append(replace(a, source=a.source[:max_chars], body=a.body[:max_chars], segments=segs))
    return out, cut


def framing(articles: list[Article], lexicon: list[dict[str, Any]] | None = None, *,
            max_chars: int = 300_000, actors: list[tuple[Mention, str]] | None = None) -> dict[str, Any]:
    """The story's ``framing`` entry: contested terms, distinctive words and
    the actors with how each outlet names them (:mod:`.naming`). Each
    article is read up to ``max_chars`` characters; ``left_out`` says when
    one was longer. ``actors``, when given, are the mentions
    :func:`.naming.resolve` found in the articles so read."""
    from .naming import naming
    from .spelling import spelling_variants

    lex = lexicon if lexicon is not None else load_lexicon()
    articles, cut = clip_articles(articles, max_chars)
    by_outlet: dict[str, list[str]] = {}
    for a in articles:
        by_outlet.setdefault(a.outlet or a.name, []).extend(a.source[s:e] for s, e in _body_ranges(a))
    dist = distinctive_words({o: "\n".join(t) for o, t in by_outlet.items()})
    terms = term_usage(articles, lex)
    known = {t.lower() for e in terms for t in e["pair"]}
    terms += [v for v in spelling_variants(articles) if not {t.lower() for t in v["pair"]} & known]
    out = {"terms": terms, "distinctive": {o: w for o, w in dist.items() if w},
           "distinctive_columns": ["word", "z", "count", "count in the other outlets"],
           "actors": naming(articles, resolved=actors)["actors"]}
    if cut:
        out["left_out"] = [f"{cut} articles longer than {max_chars} characters were read up to that length"]
    return out
