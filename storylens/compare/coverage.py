"""Coverage: the facts of a story x the outlets that report them.

A *fact* is a cluster of statements (:mod:`.statements`) of different
articles that say the same thing. A statement is a sentence, or a clause of
one where two clauses meet (a semicolon, a dash, a comma before "and",
"but", "while" ...: :func:`.statements.clauses`), so that a sentence which
says two things can join two facts. Statements are linked by the sparse
similarity of :mod:`.similarity` (shared content words, names and numbers,
weighted by how rare they are in the story) and merged by average link: two
clusters join only when their statements of different articles are similar
on average, so that one loose pair cannot chain two facts together. The
sentences that carry one quotation of a quote group are one fact.

An article that is no member of a fact may still report it in other words.
Its *support* for the fact is the largest share (by weight) of a member's
terms found within two consecutive statements of the article. Support of at
least ``likely`` marks the article as reporting the fact, *tentatively*, with
that passage as its evidence; below it the article is taken not to report
the fact.

A fact that is a quotation of one speaker (its statements lie mostly inside
direct quotations of that speaker) is reported elsewhere only as the same
quotation, which joins the fact through its quote group, or as speech of
that speaker in other words: a passage that is no other quotation and says
the speaker said something, with a speech verb and the speaker's name or a
role phrase resolved to them ("the NATO chief noted"; :class:`_Speech`). A
quotation that another outlet prints too is a statement however short its
sentence, so that its quote group can tie it.

A passage that holds none of the fact's numbers, nor a figure that the
claims layer aligned with one of them (the same measure, perhaps with
another value), does not report it; it is listed under the fact's
``unclear`` instead (the outlet may give another number, or none): a reader
should look, and no cell calls the outlet silent. An outlet is listed as
having ``omitted`` a fact only when two or more independent sources state
it and none of the outlet's articles supports it or has such a passage:
precision before recall for a flag.

Facts are ranked by importance: the independent sources that state it (the
tentative ones at half weight), how near the top of its articles it sits,
and how much of it the headlines share. Pages show the first ``shown``.

Work is bounded (:class:`CoverageBudget`): at most ``max_statements``
statements per story (the first statements of every article first), sparse
top-k similarity instead of an n x n matrix, support checked for the first
``max_support_facts`` facts. What a budget left out is said in ``left_out``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..annotate.attribution.cues import cue_lemma
from ..models import Article, Quote
from ..text import STOPWORDS
from .graph import connected_groups
from .mentions import Mention
from .people import TITLE_WORDS, fold
from .similarity import cosine, idf_weights, neighbours, unit_vectors
from .statements import Statement, clauses, statements, terms

__all__ = ["CoverageBudget", "build_coverage", "Statement", "statements"]


@dataclass(frozen=True)
class CoverageBudget:
    """Bounds on the work of one story's coverage (see the module doc)."""

    max_statements: int = 6000
    top_k: int = 20
    max_support_facts: int = 400
    shown: int = 12


def _select(stmts_by_doc: list[list[Statement]], budget: int) -> tuple[list[Statement], int]:
    """At most ``budget`` statements, taking each article's first statements
    first; returns them and how many were left out."""
    total = sum(len(s) for s in stmts_by_doc)
    if total <= budget:
        return [s for ss in stmts_by_doc for s in ss], 0
    picked = sorted((st for ss in stmts_by_doc for st in ss), key=lambda st: (st.position, st.doc))[:budget]
    picked.sort(key=lambda st: (st.doc, st.start))
    return picked, total - budget


class _Clusters:
    """Average-link clustering over sparse edges, with per-article vector sums
    so that the average counts only pairs of different articles."""

    def __init__(self, vecs: list[dict[str, float]], docs: list[str]):
        self.of = list(range(len(vecs)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(vecs))}
        self.sums: dict[int, dict[str, dict[str, float]]] = {i: {docs[i]: dict(v)} for i, v in enumerate(vecs)}
        self.sizes: dict[int, dict[str, int]] = {i: {docs[i]: 1} for i in range(len(vecs))}
        self.totals: dict[int, dict[str, float]] = {i: dict(v) for i, v in enumerate(vecs)}

    def cross_average(self, a: int, b: int) -> float:
        sa, sb = self.sums[a], self.sums[b]
        na, nb = self.sizes[a], self.sizes[b]
        dot = cosine(self.totals[a], self.totals[b])
        pairs = sum(na.values()) * sum(nb.values())
        for d in sorted(set(sa) & set(sb)):
            dot -= cosine(sa[d], sb[d])
            pairs -= na[d] * nb[d]
        return dot / pairs if pairs > 0 else 0.0

    def merge(self, a: int, b: int) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        for i in self.members[b]:
            self.of[i] = a
        self.members[a].extend(self.members.pop(b))
        for d, v in self.sums.pop(b).items():
            tgt = self.sums[a].setdefault(d, {})
            for t, x in v.items():
                tgt[t] = tgt.get(t, 0.0) + x
        tot = self.totals[a]
        for t, x in self.totals.pop(b).items():
            tot[t] = tot.get(t, 0.0) + x
        for d, k in self.sizes.pop(b).items():
            self.sizes[a][d] = self.sizes[a].get(d, 0) + k


def _cluster(stmts: list[Statement], vecs: list[dict[str, float]], pairs: dict[tuple[int, int], float],
             ties: list[list[int]], threshold: float, link_threshold: float) -> list[list[int]]:
    cl = _Clusters(vecs, [s.doc for s in stmts])
    for idx in ties:  # one quotation across outlets: one fact
        for k in idx[1:]:
            a, b = cl.of[idx[0]], cl.of[k]
            if a != b:
                cl.merge(a, b)
    for (i, j), s in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < threshold:
            break
        a, b = cl.of[i], cl.of[j]
        if a != b and cl.cross_average(a, b) >= link_threshold:
            cl.merge(a, b)
    return [sorted(m, key=lambda k: (stmts[k].doc, stmts[k].start)) for m in cl.members.values()]


def _grouped_quotes(quote_groups: list[dict[str, Any]] | None) -> dict[str, list[int]]:
    """doc -> the start offsets of its quotations that another outlet prints too."""
    out: dict[str, list[int]] = defaultdict(list)
    for g in quote_groups or []:
        members = [m for m in g.get("members", []) if isinstance(m.get("start"), int) and m.get("doc")]
        if len({m["doc"] for m in members}) > 1:
            for m in members:
                out[m["doc"]].append(m["start"])
    return out


def _quote_ties(stmts: list[Statement], quote_groups: list[dict[str, Any]] | None) -> list[list[int]]:
    by_doc: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for k, st in enumerate(stmts):
        by_doc[st.doc].append((st.start, st.end, k))
    ties = []
    for g in quote_groups or []:
        idx = []
        for m in g.get("members", []):
            for s0, s1, k in by_doc.get(m.get("doc"), []):
                if s0 <= int(m.get("start", -1)) < s1:
                    idx.append(k)
                    break
        if len({stmts[k].doc for k in idx}) > 1:
            ties.append(idx)
    return ties


class _Support:
    """How well each article supports a fact it is no member of: the best
    weighted share of a member's terms found in two consecutive statements."""

    def __init__(self, stmts: list[Statement], idf: dict[str, float]):
        self.idf = idf
        self.post: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.order: dict[str, list[int]] = defaultdict(list)  # doc -> statement indexes in reading order
        for k, st in enumerate(stmts):
            pos = len(self.order[st.doc])
            self.order[st.doc].append(k)
            for t in st.terms:
                self.post[st.doc][t].append(pos)

    def window(self, where: int, stmts: list[Statement]) -> list[int]:
        """Statement ``where`` and its neighbours in its article."""
        order = self.order[stmts[where].doc]
        pos = order.index(where)
        return order[max(0, pos - 1):pos + 2]

    def best(self, member_terms: list[frozenset[str]], doc: str) -> tuple[float, int | None]:
        """(support, index of the statement that carries most of it)."""
        post = self.post.get(doc)
        if not post:
            return 0.0, None
        best, where = 0.0, None
        for terms_ in member_terms:
            ts = sorted(terms_)  # float sums in one order whatever the string hashes
            total = sum(self.idf.get(t, 0.0) for t in ts)
            if total <= 0:
                continue
            win: dict[int, float] = defaultdict(float)
            own: dict[int, float] = defaultdict(float)
            for t in ts:
                ps = post.get(t)
                if not ps:
                    continue
                w = self.idf.get(t, 0.0)
                for p in ps:
                    own[p] += w
                for wstart in {q for p in ps for q in (p - 1, p)}:
                    win[wstart] += w
            if not win:
                continue
            w0 = max(win, key=lambda q: (win[q], -q))
            if win[w0] / total > best:
                best = win[w0] / total
                p = max((q for q in (w0, w0 + 1) if q in own), key=lambda q: own[q], default=max(w0, 0))
                where = self.order[doc][min(max(p, 0), len(self.order[doc]) - 1)]
        return best, where


def _taken(w: int, idx: list[int], stmts: list[Statement], vecs: list[dict[str, float]],
           best_of: dict[tuple[int, str], tuple[float, int]], margin: float) -> bool:
    """Whether the passage ``w`` matches another statement of a member's
    article clearly better than it matches the fact: it says that one instead."""
    members = set(idx)
    for d in {stmts[k].doc for k in idx}:
        got = best_of.get((w, d))
        if got is None or got[1] in members:
            return False
        own = max(cosine(vecs[w], vecs[k]) for k in idx if stmts[k].doc == d)
        if got[0] < own + margin:
            return False
    return True


def _title_terms(articles: list[Article]) -> set[str]:
    out: set[str] = set()
    for a in articles:
        if a.title:
            out |= terms(a.title)
    return out


def _fact(idx: list[int], stmts: list[Statement], vecs: list[dict[str, float]]) -> dict[str, Any]:
    total: dict[str, float] = {}
    for k in idx:  # the statement nearest the others: nearest their sum (linear, not all pairs)
        for t, x in vecs[k].items():
            total[t] = total.get(t, 0.0) + x
    sub = [cosine(vecs[k], total) for k in idx]
    rep = idx[max(range(len(idx)), key=lambda t: (round(sub[t], 6), -stmts[idx[t]].position))]
    st = stmts[rep]
    return {"text": st.text, "doc": st.doc, "start": st.start, "end": st.end,
            "evidence": [{"doc": stmts[k].doc, "start": stmts[k].start, "end": stmts[k].end, "match": "stated"}
                         for k in idx]}


def _best_matches(pairs: dict[tuple[int, int], float], stmts: list[Statement]) -> dict[tuple[int, str], tuple[float, int]]:
    """(statement, other article) -> (cosine, index) of its best neighbour there."""
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), sim in pairs.items():
        for a, b in ((i, j), (j, i)):
            key = (a, stmts[b].doc)
            if sim > best.get(key, (0.0, -1))[0]:
                best[key] = (sim, b)
    return best


def _likely_docs(idx: list[int], names: list[str], stmts: list[Statement], vecs: list[dict[str, float]],
                 support: _Support, best_of: dict[tuple[int, str], tuple[float, int]], likely: float,
                 margin: float, speech: _Speech,
                 measures: list[frozenset[int]]) -> tuple[dict[str, tuple[float, int]], dict[str, tuple[float, int]]]:
    """The articles that are no member of the fact but likely report it, and
    those with a passage as close that lacks the fact's number (it may give
    another, or none): each doc -> (support, index of the passage that
    carries it)."""
    member_docs = {stmts[k].doc for k in idx}
    member_terms = [stmts[k].terms for k in idx]
    anchors = _Anchors(frozenset(t for ts in member_terms for t in ts if t.startswith("#")),
                       frozenset().union(*(measures[k] for k in idx)))
    speaker = speech.of_fact(idx)
    out, unclear = {}, {}
    for d in names:
        if d in member_docs:
            continue
        s, where = support.best(member_terms, d)
        if where is None or s < likely:
            continue
        if _taken(where, idx, stmts, vecs, best_of, margin):
            continue  # the passage says another of the article's things: not this fact
        if speaker is not None and not speech.reports(where, speaker):
            continue  # a quotation is reported only as speech of its speaker
        window = support.window(where, stmts)
        if not anchors.held_by(set().union(*(stmts[k].terms for k in window)),
                               frozenset().union(*(measures[k] for k in window))):
            unclear[d] = (s, where)  # the same thing without the fact's number: a reader should look
            continue
        out[d] = (s, where)
    return out, unclear


_WORD = re.compile(r"[A-Za-z]+")


class _Speech:
    """Which statements are quotations, and of whom, and which passages can
    report a quotation. A statement is a quotation when at least half its
    length lies inside direct quotations; its speaker is the speaker of the
    quotation that covers most of it. ``actors`` are the story's actor
    mentions resolved to entities (:func:`.naming.resolve`): through them a
    role phrase ("the NATO chief") names its person."""

    def __init__(self, stmts: list[Statement], quotes: Mapping[str, Sequence[Quote]] | None,
                 actors: Sequence[tuple[Mention, str]] | None):
        self.stmts = stmts
        self.quotes = {d: sorted((q for q in qs if q.is_speech), key=lambda q: q.start)
                       for d, qs in (quotes or {}).items()}
        self.starts = {d: [q.start for q in qs] for d, qs in self.quotes.items()}
        self.speaker: list[str | None] = [self._speaker(st) for st in stmts]
        people: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for m, key in actors or []:
            if key.startswith("person:"):
                people[m.doc].append((m.start, key))
        self.people = {d: sorted(ms) for d, ms in people.items()}
        self.person_keys = sorted({k for ms in self.people.values() for _, k in ms})
        self._names: dict[str, tuple[re.Pattern[str] | None, str | None]] = {}
        self._cued: dict[int, bool] = {}  # statement -> whether it has a speech verb (asked once per fact)

    def _inside(self, st: Statement) -> list[Quote]:
        """The speech quotations that overlap the statement."""
        qs, starts = self.quotes.get(st.doc, []), self.starts.get(st.doc, [])
        return [q for q in qs[:bisect.bisect_left(starts, st.end)][-8:] if q.end > st.start]

    def _speaker(self, st: Statement) -> str | None:
        covered = [(min(q.end, st.end) - max(q.start, st.start), q) for q in self._inside(st) if q.kind == "direct"]
        if not covered or 2 * sum(n for n, _ in covered) < st.end - st.start:
            return None
        return max(covered, key=lambda c: c[0])[1].speaker or ""

    def of_fact(self, idx: list[int]) -> str | None:
        """The speaker when every statement of the fact is a quotation of that one (named) speaker."""
        found = {self.speaker[k] for k in idx}
        if len(found) != 1:
            return None
        speaker = found.pop()
        return speaker if speaker and self._name(speaker)[0] is not None else None

    def _name(self, speaker: str) -> tuple[re.Pattern[str] | None, str | None]:
        """A pattern of the speaker's name words (titles and small words left out) and the
        speaker's entity among the story's people (one with that surname,
        and that first name when several have it), or None."""
        if speaker not in self._names:
            words = [w for w in re.findall(r"[\w’'.\-]+", speaker)
                     if w[:1].isupper() and len(w) > 2 and w.lower().rstrip(".") not in TITLE_WORDS | STOPWORDS]
            pattern = (re.compile(r"(?<![\w’'])(?:" + "|".join(map(re.escape, words)) + r")(?![\w’'])")
                       if words else None)
            toks = [fold(w).rstrip(".") for w in words]
            same = [k for k in self.person_keys if toks and k.split()[-1] == toks[-1]]
            if len(same) > 1:
                same = [k for k in same if k[len("person:"):].split()[0] == toks[0]]
            self._names[speaker] = (pattern, same[0] if len(same) == 1 else None)
        return self._names[speaker]

    def reports(self, where: int, speaker: str) -> bool:
        """Whether the passage ``where`` can report a quotation of ``speaker``:
        it is no quotation itself, and it holds the speaker's speech, or a
        speech verb and the speaker's name (or a role phrase resolved to
        them)."""
        st = self.stmts[where]
        if self.speaker[where] is not None:
            return False  # another quotation: the same one in other words joins through its quote group
        if any(q.speaker == speaker for q in self._inside(st)):
            return True
        pattern, key = self._name(speaker)
        if where not in self._cued:
            self._cued[where] = any(cue_lemma(w) for w in _WORD.findall(st.text))
        if not self._cued[where]:
            return False  # no speech verb: the passage does not say the speaker said anything
        if pattern is not None and pattern.search(st.text):
            return True
        ms = self.people.get(st.doc, [])
        lo = bisect.bisect_left(ms, (st.start, ""))
        return key is not None and any(k == key for _, k in ms[lo:bisect.bisect_left(ms, (st.end, ""))])


@dataclass(frozen=True)
class _Anchors:
    """What a passage must hold to report a fact in other words: one of the
    fact's numbers, when it states any (a passage about "3% of GDP" does not
    report "an €800 billion package", however many words they share), or a
    figure of one of the fact's measures (``measures``: the number claims
    that :mod:`.claims` aligned across outlets; "four people" killed in both,
    though only one names the day, "12 October")."""

    numbers: frozenset[str]
    measures: frozenset[int]

    def held_by(self, terms: set[str], measures: frozenset[int]) -> bool:
        return not self.numbers or bool(self.numbers & terms) or bool(self.measures & measures)


def _measures(stmts: list[Statement], claims: Sequence[Mapping[str, Any]] | None) -> list[frozenset[int]]:
    """For each statement, the measures whose figures it holds: the claims
    of :mod:`.claims` whose mentions lie in it, a claim and the claims it
    conflicts with being one measure."""
    claims = claims or []
    edges = [(i, j) for i, c in enumerate(claims) for j in c.get("conflicts_with") or [] if isinstance(j, int)]
    measure = {i: g for g, members in enumerate(connected_groups(len(claims), edges)) for i in members}
    at: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, c in enumerate(claims):
        for m in c.get("mentions") or []:
            if isinstance(m.get("start"), int) and m.get("doc"):
                at[m["doc"]].append((m["start"], measure[i]))
    for ms in at.values():
        ms.sort()
    out = []
    for st in stmts:
        ms = at.get(st.doc, [])
        lo, hi = bisect.bisect_left(ms, (st.start, -1)), bisect.bisect_left(ms, (st.end, -1))
        out.append(frozenset(g for _, g in ms[lo:hi]))
    return out


def build_coverage(articles: list[Article], roots: dict[str, str] | None = None,
                   quote_groups: list[dict[str, Any]] | None = None, *,
                   quotes: Mapping[str, Sequence[Quote]] | None = None,
                   actors: Sequence[tuple[Mention, str]] | None = None,
                   claims: Sequence[Mapping[str, Any]] | None = None, threshold: float = 0.35,
                   link_threshold: float = 0.25, likely: float = 0.12, margin: float = 0.2,
                   budget: CoverageBudget | None = None) -> dict[str, Any]:
    """Facts x outlets for one story (see the module doc); ``quotes`` maps
    doc name -> its quotations, speakers resolved across the story;
    ``actors`` are the story's actor mentions with their entities
    (:func:`.naming.resolve`); ``claims`` its number claims (:mod:`.claims`)."""
    budget = budget or CoverageBudget()
    roots = roots or {}
    outlet_of = {a.name: (a.outlet or a.name) for a in articles}
    per_article = max(budget.max_statements // max(1, len(articles)), 5)
    grouped = _grouped_quotes(quote_groups)
    found = [statements(a, limit=per_article, keep=grouped.get(a.name, ())) for a in articles]
    cut = sum(len(ss) >= per_article for ss in found)
    found = [[c for st in ss for c in clauses(st)] for ss in found]
    stmts, dropped = _select(found, budget.max_statements)
    idf = idf_weights([s.terms for s in stmts])
    vecs = unit_vectors([s.terms for s in stmts], idf)
    docs_i = {d: k for k, d in enumerate(sorted({s.doc for s in stmts}))}
    pairs = neighbours(vecs, [docs_i[s.doc] for s in stmts], min_sim=min(threshold, link_threshold),
                       top_k=budget.top_k)
    clusters = _cluster(stmts, vecs, pairs, _quote_ties(stmts, quote_groups), threshold, link_threshold)
    titles = _title_terms(articles)
    facts = [_fact(idx, stmts, vecs) | {"_idx": idx} for idx in clusters]

    def first(f: dict[str, Any]) -> tuple[int, str]:
        return min((stmts[k].position, stmts[k].doc) for k in f["_idx"])

    facts.sort(key=lambda f: (-_importance(f["_idx"], stmts, roots, titles, idf, {}), first(f)))
    support, best_of, speech = _Support(stmts, idf), _best_matches(pairs, stmts), _Speech(stmts, quotes, actors)
    measures = _measures(stmts, claims)
    names = [a.name for a in articles]
    for n, f in enumerate(facts):
        member_docs = {stmts[k].doc for k in f["_idx"]}
        tentative, unclear = (_likely_docs(f["_idx"], names, stmts, vecs, support, best_of, likely, margin,
                                           speech, measures)
                              if n < budget.max_support_facts else ({}, {}))
        for d, (s, k) in sorted(tentative.items()):
            f["evidence"].append({"doc": d, "start": stmts[k].start, "end": stmts[k].end, "match": "likely",
                                  "support": round(s, 3)})
        # a close passage without the fact's number: shown to the reader, never evidence
        f["unclear"] = [{"doc": d, "start": stmts[k].start, "end": stmts[k].end, "support": round(s, 3)}
                        for d, (s, k) in sorted(unclear.items())]
        docs = sorted(member_docs | set(tentative))
        f.update(docs=docs, tentative=sorted(tentative), outlets=sorted({outlet_of[d] for d in docs}),
                 independent_sources=len({roots.get(d, d) for d in docs}),
                 stated_by=len({roots.get(d, d) for d in member_docs}),
                 importance=round(_importance(f["_idx"], stmts, roots, titles, idf, tentative), 3))
    facts.sort(key=lambda f: (-f["importance"], first(f)))
    for f in facts:
        del f["_idx"]
    outlets = sorted({outlet_of[a.name] for a in articles})
    unsure = [{outlet_of[u["doc"]] for u in f["unclear"]} for f in facts]
    omitted = {o: [k for k, f in enumerate(facts) if f["stated_by"] >= 2 and o not in f["outlets"]
                   and o not in unsure[k]] for o in outlets}
    only = {o: [k for k, f in enumerate(facts) if f["outlets"] == [o]] for o in outlets}
    out: dict[str, Any] = {"facts": facts, "outlets": outlets, "omitted": omitted, "only": only,
                           "shown": budget.shown, "statements": len(stmts)}
    left = []
    if dropped or cut:
        left.append(f"statements beyond the budget ({budget.max_statements} per story, {per_article} per article): "
                    f"the first statements of every article were kept, {dropped} more and the rest of {cut} "
                    "long articles left out")
    if len(facts) > budget.max_support_facts:
        left.append(f"likely matches checked for the first {budget.max_support_facts} of {len(facts)} facts")
    if left:
        out["left_out"] = left
    return out


def _importance(idx: list[int], stmts: list[Statement], roots: dict[str, str], titles: set[str],
                idf: dict[str, float], tentative: dict[str, tuple[float, int]]) -> float:
    """Independent sources (tentative ones at half weight), nearness to the
    top of the articles and the share of the fact's weight the headlines hold."""
    stated = {roots.get(stmts[k].doc, stmts[k].doc) for k in idx}
    likely = {roots.get(d, d) for d in tentative} - stated
    lede = max(1.0 / (1 + stmts[k].position) for k in idx)
    ts = stmts[idx[0]].terms
    total = sum(idf.get(t, 0.0) for t in ts) or 1.0
    head = sum(idf.get(t, 0.0) for t in ts & titles) / total
    return len(stated) + 0.5 * len(likely) + lede + 0.5 * head

