"""What each web page shows (the pages' JSON twins).

Every function here reads the store and returns JSON-ready dicts, or, for a
story, a :class:`StoryView` (its dossier entry plus what the page adds;
``to_json()`` is the JSON twin); :mod:`.pages` turns the same data into
HTML. Corpus-wide indexes that many pages share (article rows, stories,
who is quoted where) live in a :class:`Corpus`, built once per store
generation by the app. The corpus holds no quotation itself: a page that
shows quotations reads them from the store (:meth:`Corpus.quotes_of`), so a
server's memory does not grow with every quotation of every article.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..compare.stored import stored_comparison
from ..errors import StorylensError
from ..index.records import Story, stored_stories, stored_story, stored_story_links
from ..index.storylines import build_storylines
from ..models import Article, Quote
from ..present.dossier import story_articles, story_entry, with_comparison
from ..present.records import DossierStory
from ..settings import Settings
from ..store import Store
from ..store.sqlite import fts_query

PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 20


def shown_origin(origin: str | None) -> str | None:
    """Where a document came from, as a page may show it: a URL as it is, a
    path on the server as its file name only (pages never show server paths)."""
    if not origin or re.match(r"^https?://", origin, re.I):
        return origin
    return re.split(r"[\\/]", origin)[-1]


class NotFound(StorylensError):
    """A page asks for a story, article or person the store does not have."""


class BadRequest(StorylensError):
    """A page was asked for with a value it cannot use."""


@dataclass(frozen=True, slots=True)
class DocQuotes:
    """What the corpus keeps of one article's quotations: how many are
    speech and who speaks in them, with counts (not the quotations)."""

    speech: int = 0
    speakers: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, data: list[Any]) -> DocQuotes:
        """The summary of a stored ``quotes`` annotation (a list of quote dicts)."""
        counts: Counter[str] = Counter()
        speech = 0
        for q in data:
            if isinstance(q, dict) and q.get("kind") in ("direct", "partial"):
                speech += 1
                if isinstance(q.get("speaker"), str) and q["speaker"]:
                    counts[sys.intern(q["speaker"])] += 1
        return cls(speech, tuple(sorted(counts.items())))


NO_QUOTES = DocQuotes()


@dataclass
class Corpus:
    """Corpus-wide indexes shared by the pages (no article text, no quotation)."""

    rows: list[dict[str, Any]]
    by_name: dict[str, dict[str, Any]]
    stories: list[Story]
    story_by_id: dict[str, Story]
    story_of: dict[str, str]  # doc name -> story id
    quoted: dict[str, DocQuotes]  # doc name -> its quotations in summary (docs with a quotes annotation)
    speakers: dict[str, dict[str, int]] = field(default_factory=dict)  # speaker -> {doc name: speech quotes}
    rejected: list[dict[str, Any]] = field(default_factory=list)
    stamps: dict[str, float] = field(default_factory=dict)  # doc id -> when stored (see Store.document_stamps)

    @classmethod
    def load(cls, store: Store, previous: Corpus | None = None) -> Corpus:
        """The indexes from the store. With ``previous`` (the corpus loaded
        before), the quotes of documents stored since then are the only
        annotations read: a reload after one new article costs the listing
        queries, not the whole corpus."""
        rows = store.article_rows()
        by_name = {r["name"]: r for r in rows}
        stories = stored_stories(store)
        story_of = {d: s.id for s in stories for d in s.docs}
        stamps = store.document_stamps()
        old: dict[str, DocQuotes | None] = {}  # doc id -> its summary (None: it had no quotes stored)
        if previous is not None:
            old = {r["id"]: previous.quoted.get(r["name"]) for r in previous.rows
                   if previous.stamps.get(r["id"]) == stamps.get(r["id"], -1.0)}
        fresh = store.annotations("quotes", [r["id"] for r in rows if r["id"] not in old])
        quoted: dict[str, DocQuotes] = {}
        for r in rows:
            if r["id"] in old:
                kept = old[r["id"]]
                if kept is not None:
                    quoted[r["name"]] = kept
                continue
            data = fresh.get(r["id"])
            if isinstance(data, list):
                quoted[r["name"]] = DocQuotes.of(data)
        speakers: dict[str, dict[str, int]] = defaultdict(dict)
        for doc, dq in quoted.items():
            for name, n in dq.speakers:
                speakers[name][doc] = n
        return cls(rows=rows, by_name=by_name, stories=stories, story_by_id={s.id: s for s in stories},
                   story_of=story_of, quoted=quoted, speakers=dict(speakers), rejected=store.rejections(),
                   stamps=stamps)

    def quotes_of(self, store: Store, docs: Iterable[str]) -> dict[str, list[Quote]]:
        """The stored quotations of the articles named ``docs``, read now."""
        ids = {self.by_name[d]["id"]: d for d in docs if d in self.by_name and d in self.quoted}
        found = store.annotations("quotes", list(ids)) if ids else {}
        return {ids[i]: _quotes(data) for i, data in found.items() if isinstance(data, list)}

    def find_speaker(self, name: str) -> str | None:
        if name in self.speakers:
            return name
        low = name.casefold()
        for s in self.speakers:
            if s.casefold() == low:
                return s
        return None


def _quotes(data: list[Any]) -> list[Quote]:
    qs = []
    for q in data:
        try:
            qs.append(Quote(**q))
        except TypeError:
            continue
    return qs


# -- overview -----------------------------------------------------------------
def activity(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Articles per day (per month when the corpus spans more than 120
    days), with the count of undated articles."""
    dates = sorted(str(r["published"])[:10] for r in rows if r.get("published") and len(str(r["published"])) >= 7)
    undated = len(rows) - len(dates)
    if not dates:
        return {"bucket": "day", "series": [], "undated": undated}
    first, last = dates[0], dates[-1]
    bucket = "day"
    try:
        from datetime import date

        span = (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days
        if span > 120:
            bucket = "month"
    except ValueError:
        bucket = "month"
    counts = Counter(d[:7] if bucket == "month" else d for d in dates)
    return {"bucket": bucket, "series": [{"date": k, "articles": counts.get(k, 0)}
                                         for k in _buckets(min(counts), max(counts), bucket) or sorted(counts)],
            "undated": undated}


def _buckets(first: str, last: str, bucket: str, limit: int = 600) -> list[str]:
    """Every day (or month) from ``first`` to ``last``, so the chart's time
    axis has no holes; empty when the dates cannot be parsed or too many."""
    from datetime import date, timedelta

    try:
        if bucket == "day":
            a, b = date.fromisoformat(first), date.fromisoformat(last)
            n = (b - a).days + 1
            return [(a + timedelta(days=i)).isoformat() for i in range(n)] if 0 < n <= limit else []
        y, m = int(first[:4]), int(first[5:7])
        out: list[str] = []
        while f"{y:04d}-{m:02d}" <= last and len(out) <= limit:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out if len(out) <= limit else []
    except ValueError:
        return []


def overview(store: Store, corpus: Corpus) -> dict[str, Any]:
    outlets = Counter(r["outlet"] for r in corpus.rows if r.get("outlet"))
    biggest = sorted(corpus.stories, key=lambda s: (-len(s.docs), s.id))[:10]
    labels = {s.id: s.label or s.id for s in corpus.stories}
    lines = sorted(build_storylines(corpus.stories, stored_story_links(store)),
                   key=lambda sl: (-len(sl.stories), sl.id))[:10]
    return {
        "counts": {"articles": len(corpus.rows), "outlets": len(outlets), "stories": len(corpus.stories),
                   "rejected": len(corpus.rejected), "people": len(corpus.speakers),
                   "words": sum(int(r.get("words") or 0) for r in corpus.rows)},
        "outlets": [{"outlet": o, "articles": n} for o, n in sorted(outlets.items(), key=lambda x: (-x[1], x[0]))],
        "activity": activity(corpus.rows),
        "biggest_stories": [_story_row(s) for s in biggest],
        "storylines": [line.to_json() | {"labels": [labels.get(sid, sid) for sid in line.stories]} for line in lines],
        "rejected": [{"name": r.get("name"), "origin": shown_origin(r.get("origin")), "reason": r.get("reason"),
                      "stage": r.get("stage")} for r in corpus.rejected],
    }


# -- stories ------------------------------------------------------------------
def _story_row(s: Story) -> dict[str, Any]:
    return {"id": s.id, "label": s.label, "date_range": s.date_range or [None, None],
            "independent_sources": s.independent_sources, "articles": len(s.docs), "outlets": s.outlets}


def story_people(corpus: Corpus, story: Story) -> list[str]:
    """The people quoted in the story, most quoted first."""
    names: Counter[str] = Counter()
    for d in story.docs:
        for name, n in corpus.quoted.get(d, NO_QUOTES).speakers:
            names[name] += n
    return [n for n, _ in names.most_common()]


def stories_list(corpus: Corpus, *, outlet: str = "", date_from: str = "", date_to: str = "",
                 person: str = "", page: int = 1) -> dict[str, Any]:
    """Stories newest first, filtered by outlet (exact, any case), by a date
    range the story overlaps, and by a person quoted in it (any part of the
    speaker's name)."""
    outlet, person = outlet.strip(), person.strip()
    date_from, date_to = date_from.strip()[:10], date_to.strip()[:10]
    for d in (date_from, date_to):
        if d and not _iso_date(d):
            raise BadRequest(f"dates are written YYYY-MM-DD, not {d!r}")
    quoted_docs: set[str] | None = None
    if person:
        low = person.casefold()
        quoted_docs = {d for s, docs in corpus.speakers.items() if low in s.casefold() for d in docs}
    out = []
    for s in corpus.stories:
        first, last = s.first, s.last
        if outlet and outlet.casefold() not in {str(o).casefold() for o in s.outlets}:
            continue
        if date_from and (not last or str(last)[:10] < date_from):
            continue
        if date_to and (not first or str(first)[:10] > date_to):
            continue
        if quoted_docs is not None and not quoted_docs.intersection(s.docs):
            continue
        out.append(s)
    out.sort(key=lambda s: (str(s.last or ""), len(s.docs)), reverse=True)
    pages = max(1, math.ceil(len(out) / PAGE_SIZE))
    page = min(max(1, page), pages)
    outlets = sorted({str(o) for s in corpus.stories for o in s.outlets}, key=str.casefold)
    return {
        "filters": {"outlet": outlet, "from": date_from, "to": date_to, "person": person},
        "total": len(out), "page": page, "pages": pages, "page_size": PAGE_SIZE,
        "stories": [_story_row(s) for s in out[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]],
        "outlets": outlets,
    }


def _iso_date(s: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(s)
        return True
    except ValueError:
        return False


@dataclass
class StoryView:
    """What the story page shows: the story's dossier entry, the people
    quoted, the outlets side by side and the coverage heat map."""

    story: DossierStory
    people: list[str]
    by_outlet: list[dict[str, Any]]
    heatmap: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The dossier entry's fields, plus ``findings``, ``people``, ``by_outlet`` and ``heatmap``."""
        return self.story.to_json() | {"findings": self.story.compared.findings(), "people": self.people,
                                       "by_outlet": self.by_outlet, "heatmap": self.heatmap}


NOT_COMPARED = ("this story's comparison across outlets is not stored yet: it is computed when the story "
                "changes (by `storylens analyze`, or by the job that added its articles)")


def story_page(store: Store, corpus: Corpus, story_id: str,
               settings: Settings) -> tuple[StoryView, dict[str, Article]]:
    """The dossier of one story with the comparison stored when it last
    changed (never computed here), plus outlets side by side and the people
    quoted; and its articles by name. Loads only the story's own articles."""
    story = corpus.story_by_id.get(story_id) or stored_story(store, story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r} in this store")
    links = store.story_copy_links(story_id)
    arts = story_articles(store, story)
    entry = story_entry(story, arts, links, corpus.quotes_of(store, story.docs))
    articles = {a.name: a for a in arts}
    found = stored_comparison(store, story_id)
    with_comparison(entry, *(found if found is not None else (None, [NOT_COMPARED])))
    view = StoryView(story=entry, people=story_people(corpus, story), by_outlet=outlets_side_by_side(entry, corpus),
                     heatmap=coverage_heatmap(entry))
    return view, articles


def outlets_side_by_side(entry: DossierStory, corpus: Corpus) -> list[dict[str, Any]]:
    """One column per outlet: its articles, how many quotes and claims it
    carries, and which facts of the coverage matrix it left out."""
    cols: dict[str, dict[str, Any]] = {}
    facts = entry.compared.facts
    for a in entry.articles:
        o = a.outlet or f"{a.doc} (outlet unknown)"  # no outlet: its own column
        col = cols.setdefault(o, {"outlet": o, "known": bool(a.outlet), "articles": [], "quotes": 0,
                                  "claims": 0, "missing_facts": 0})
        col["articles"].append({"doc": a.doc, "title": a.title, "published": a.published, "relation": a.relation,
                                "duplicate_of": a.duplicate_of, "words": a.words})
        col["quotes"] += corpus.quoted.get(a.doc, NO_QUOTES).speech
    for c in entry.compared.claims:
        docs = {m.get("doc") for m in c.get("mentions", [])} | set(c.get("docs", []))
        for col in cols.values():
            if docs & {x["doc"] for x in col["articles"]}:
                col["claims"] += 1
    for col in cols.values():
        mine = {x["doc"] for x in col["articles"]}
        col["missing_facts"] = sum(1 for f in facts if not mine & set(f.get("docs", [])))
    return sorted(cols.values(), key=lambda c: (-len(c["articles"]), c["outlet"]))


def coverage_heatmap(entry: DossierStory) -> dict[str, Any]:
    """Fact x outlet matrix: the share (0..1) of each outlet's articles in the
    story that report the fact."""
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in entry.articles:  # an article without an outlet is its own column
        by_outlet[a.outlet or a.doc].append(a.doc)
    outlets = sorted(by_outlet, key=str.casefold)
    rows = []
    for f in entry.compared.facts:
        have = set(f.get("docs", []))
        first = {}  # outlet -> the first span its articles state (or likely state) the fact in
        for e in sorted(f.get("evidence", []), key=lambda e: e.get("match") == "likely"):
            for o in outlets:
                if e.get("doc") in by_outlet[o] and o not in first:
                    first[o] = {"doc": e["doc"], "start": e.get("start"), "match": e.get("match")}
        rows.append({"fact": f.get("text"), "independent_sources": f.get("independent_sources", len(have)),
                     "cells": [round(len(have & set(by_outlet[o])) / len(by_outlet[o]), 3) for o in outlets],
                     "cites": [first.get(o) for o in outlets]})
    return {"outlets": outlets, "rows": rows, "shown": int(entry.compared.coverage.get("shown") or 12)}


# -- articles -----------------------------------------------------------------
def article_page(store: Store, corpus: Corpus, name: str, settings: Settings,
                 story_entry: DossierStory | None = None) -> tuple[dict[str, Any], Article]:
    """One article: the stored article, its story and copy link, its quotes,
    reported statements, person mentions, and the claims of its story
    (``story_entry``) it carries."""
    a = store.article(name)
    if a is None:
        raise NotFound(f"no article {name!r} in this store")
    quotes = [q.to_json() | {"sentence_start": q.sentence_start, "sentence_end": q.sentence_end}
              for q in (Quote(**q) for q in (store.annotation(a.id, "quotes") or []))]
    statements = store.annotation(a.id, "statements") or []
    sid = corpus.story_of.get(a.name)
    story = corpus.story_by_id.get(sid) if sid else None
    link = store.story_copy_links(sid).get(a.name) if sid else None
    claims = []
    if story_entry:
        for c in story_entry.compared.claims:
            for m in c.get("mentions", []):
                if m.get("doc") == a.name and m.get("start") is not None and m.get("end") is not None:
                    claims.append({"start": m["start"], "end": m["end"], "value": c.get("value"),
                                   "unit": c.get("unit"), "measure": c.get("measure"), "status": c.get("status")})
    data = asdict(a)
    data["words"] = a.words
    return {
        "article": data,
        "story": {"id": story.id, "label": story.label} if story else None,
        "copy": link.to_json() if link else None,
        "quotes": quotes,
        "statements": statements if isinstance(statements, list) else [],
        "entities": person_mentions(a),
        "claims": claims,
    }, a


def person_mentions(a: Article) -> list[dict[str, Any]]:
    """Person-name mentions in the article (start, end, canonical name)."""
    try:
        from ..annotate.attribution.names import NameIndex

        idx = NameIndex(a.source)
        return [{"start": s, "end": e, "name": n, "label": "PERSON"} for s, e, n in idx.mentions]
    except Exception:  # entity highlighting is a nicety: never lose the page
        return []


# -- people ---------------------------------------------------------------------
def people(corpus: Corpus) -> dict[str, Any]:
    """Every quoted speaker with counts of quotes, articles and stories."""
    out: list[dict[str, Any]] = []
    for name, docs in corpus.speakers.items():
        out.append({"name": name, "quotes": sum(docs.values()), "articles": len(docs),
                    "stories": len({corpus.story_of.get(d) for d in docs} - {None})})
    out.sort(key=lambda p: (-p["quotes"], p["name"]))
    return {"people": out}


def person_page(store: Store, corpus: Corpus, name: str) -> dict[str, Any]:
    """Every quote by one speaker across stories, grouped by story."""
    speaker = corpus.find_speaker(name)
    if speaker is None:
        raise NotFound(f"nobody called {name!r} is quoted in this store")
    said = [q for qs in corpus.quotes_of(store, corpus.speakers[speaker]).values() for q in qs
            if q.is_speech and q.speaker == speaker]
    qs = sorted(said, key=lambda q: (str(corpus.by_name.get(q.doc, {}).get("published") or ""), q.doc, q.start))
    sources: dict[str, str] = {}
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for q in qs:
        row = corpus.by_name.get(q.doc, {})
        if q.doc not in sources:
            art = store.article(row.get("id") or q.doc)
            sources[q.doc] = art.source if art else ""
        src = sources[q.doc]
        s0 = q.sentence_start if q.sentence_start is not None else q.start
        s1 = q.sentence_end if q.sentence_end is not None else q.end
        groups[corpus.story_of.get(q.doc)].append({
            "doc": q.doc, "title": row.get("title"), "outlet": row.get("outlet"), "published": row.get("published"),
            "start": q.start, "end": q.end, "text": q.text, "kind": q.kind, "cue": q.cue,
            "speaker_mention": src[q.speaker_start:q.speaker_end] if q.speaker_start is not None and src else None,
            "sentence": src[s0:s1] if src else None,
        })
    stories = []
    for sid, items in groups.items():
        s = corpus.story_by_id.get(sid) if sid else None
        stories.append({"story": sid, "label": s.label if s else None,
                        "date_range": s.date_range if s else None, "quotes": items})
    stories.sort(key=lambda g: str((g.get("date_range") or [""])[0] or ""))
    return {"person": speaker, "quotes": len(qs), "articles": len({q.doc for q in qs}), "stories": stories}


# -- search -----------------------------------------------------------------------
def search_page(store: Store, q: str, page: int = 1) -> dict[str, Any]:
    """Full-text search (SQLite FTS5) with snippets; matched words in the
    snippet sit between ``\\x02`` and ``\\x03`` in ``snippet_marked``. (The
    caller keeps the search index in sync: ``WebState.search_synced``.)
    Reads the store only, never the corpus-wide indexes, so that a search
    does not wait for them to reload after a change."""
    q = (q or "").strip()[:300]
    match = fts_query(q)
    out: dict[str, Any] = {"query": q, "match": match, "total": 0, "page": 1, "pages": 1, "results": []}
    if not match:
        return out
    page = max(1, page)
    total, rows = store.search(match, SEARCH_PAGE_SIZE, (page - 1) * SEARCH_PAGE_SIZE)
    results = []
    for r in rows:
        marked = r.pop("snippet") or ""
        r["snippet_marked"] = marked
        r["snippet"] = marked.replace("\x02", "").replace("\x03", "")
        results.append(r)
    out.update(total=total, page=page, pages=max(1, math.ceil(total / SEARCH_PAGE_SIZE)), results=results)
    return out
