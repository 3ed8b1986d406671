"""Framing: contested term choices per outlet, and distinctive words.

* :func:`load_lexicon` reads the shipped lexicon
  (``storylens/data/framing_lexicon.json``) and merges a user file of the
  same shape (entries with the same ``id`` are replaced, new ones added).
* :func:`term_usage` counts, per article, which of an entry's alternative
  terms it uses, with source spans.
* :func:`distinctive_words` ranks the words that set one outlet apart from the
  rest of the story by the weighted log-odds ratio with an informative
  Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), and keeps
  only words with enough evidence: the outlet has at least ``min_tokens``
  words, the word occurs at least ``min_count`` times there, and its z-score
  is at least ``min_z``.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..models import Article
from ..text import STOPWORDS, words

__all__ = ["load_lexicon", "term_usage", "distinctive_words", "framing"]


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


def term_usage(articles: list[Article], lexicon: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per entry used anywhere in the story: which term each article uses."""
    out: list[dict[str, Any]] = []
    for entry in lexicon:
        cs = bool(entry.get("case_sensitive"))
        # longer terms first, so "US-led military bloc" is not also counted as "military bloc"
        terms = sorted(entry["terms"], key=len, reverse=True)
        usage: dict[str, dict[str, Any]] = {}
        for a in articles:
            src = a.source
            hits: dict[str, list[list[int]]] = {}
            rx = _entry_pattern(tuple(terms), cs)
            for s0, s1 in _body_ranges(a):
                for m in rx.finditer(src, s0, s1):
                    t = terms[int(m.lastgroup[1:])] if m.lastgroup else terms[0]
                    hits.setdefault(t, []).append([m.start(), m.end()])
            if hits:
                main = max(hits, key=lambda t: (len(hits[t]), -entry["terms"].index(t)))
                usage[a.name] = {"term": main, "count": sum(len(v) for v in hits.values()),
                                 "terms": {t: len(v) for t, v in hits.items()},
                                 "spans": sorted(sp for v in hits.values() for sp in v)}
        neutral = {t.lower() for t in entry.get("neutral", [])}
        marked = any(t.lower() not in neutral for u in usage.values() for t in u["terms"])
        if usage and marked:
            used = {u["term"] for u in usage.values()}
            out.append({"id": entry.get("id"), "pair": list(entry["terms"]), "note": entry.get("note"),
                        "usage": usage, "contested": len(used) > 1,
                        "marked": sorted({t for u in usage.values() for t in u["terms"] if t.lower() not in neutral})})
    out.sort(key=lambda e: (not e["contested"], -len(e["usage"]), e["id"] or ""))
    return out


def distinctive_words(texts: dict[str, str], *, min_tokens: int = 150, min_count: int = 3, min_z: float = 1.96,
                      prior: float = 100.0, top: int = 10) -> dict[str, list[list[Any]]]:
    """Weighted log-odds (informative Dirichlet prior) of each outlet's words
    against the other outlets of the story. ``texts`` maps outlet -> text.

    The prior is the story's own word distribution scaled to ``prior``
    pseudo-counts. Outlets with fewer than ``min_tokens`` content words, or a
    story with a single outlet, give no words: not enough evidence."""
    counts: dict[str, dict[str, int]] = {}
    for outlet, text in texts.items():
        c: dict[str, int] = {}
        for w in words(text):
            if w in STOPWORDS or len(w) < 3 or not w[0].isalpha():
                continue
            c[w] = c.get(w, 0) + 1
        counts[outlet] = c
    out: dict[str, list[list[Any]]] = {o: [] for o in texts}
    if len(counts) < 2:
        return out
    total: dict[str, int] = {}
    for c in counts.values():
        for w, k in c.items():
            total[w] = total.get(w, 0) + k
    n_all = sum(total.values()) or 1
    alpha = {w: prior * k / n_all for w, k in total.items()}
    a0 = sum(alpha.values())
    for outlet, c in counts.items():
        n_i = sum(c.values())
        n_j = n_all - n_i
        if n_i < min_tokens or n_j < min_tokens:
            continue
        scored: list[list[Any]] = []
        for w, y_i in c.items():
            if y_i < min_count:
                continue
            y_j = total[w] - y_i
            aw = alpha[w]
            d = (math.log((y_i + aw) / (n_i + a0 - y_i - aw)) - math.log((y_j + aw) / (n_j + a0 - y_j - aw)))
            var = 1.0 / (y_i + aw) + 1.0 / (y_j + aw)
            z = d / math.sqrt(var)
            if z >= min_z:
                scored.append([w, round(z, 2)])
        scored.sort(key=lambda x: (-x[1], x[0]))
        out[outlet] = scored[:top]
    return out


def framing(articles: list[Article], lexicon: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The story's ``framing`` entry: contested terms and distinctive words."""
    lex = lexicon if lexicon is not None else load_lexicon()
    by_outlet: dict[str, list[str]] = {}
    for a in articles:
        by_outlet.setdefault(a.outlet or a.name, []).extend(a.source[s:e] for s, e in _body_ranges(a))
    dist = distinctive_words({o: "\n".join(t) for o, t in by_outlet.items()})
    from .spelling import spelling_variants

    terms = term_usage(articles, lex)
    known = {t.lower() for e in terms for t in e["pair"]}
    terms += [v for v in spelling_variants(articles) if not {t.lower() for t in v["pair"]} & known]
    return {"terms": terms, "distinctive": {o: w for o, w in dist.items() if w}}
