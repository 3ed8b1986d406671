"""Stories on the cluster: the index's clustering run per time window, the
windows' overlaps reconciled.

:func:`cluster_window` (per window) gives the window's articles, preceded by
the last ``margin_days`` of earlier windows (the *margin*), to a fresh
:class:`~storylens.index.stories.StoryIndex` in the index's order: whatever
clusterer the index uses sees what it would see in one process, minus
articles older than the margin. The window takes its copy groups from the
copy stage (:meth:`~storylens.index.stories.StoryIndex.add_many` with
``copy_of``: no text is compared again). A copy joins the story of its
group's first article; a copy whose first article lies before the margin
(so outside the window) is left out and follows that article's story later. When the
corpus has several windows, :func:`window_df` first counts each window's
document frequencies (``tmp/df/<w>.parquet``), and each window weighs terms
as one index would: seeded with the counts of every article before its
margin while it adds its articles, refined with the whole corpus's.

:func:`reconcile` (on the client, over small data: the local story of each
margin article and of each article that a later margin holds) walks the
windows in date order. A margin article's story is the one its own window
gave it; a window's local story that holds margin articles continues the
story most of them belong to (a majority vote, so that one article the
window placed differently cannot chain two stories together), and a local
story without margin articles is a new story, with the id the index gave it
(from its first article, so the same id as in one process).

:func:`apply_window` writes each article's final story and copy relation to
``links/<w>.parquet`` and its row for the story records, shuffled by story
into ``tmp/srow/<b>/``; :func:`story_rows` builds the records per bucket.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from ..index.features import document_frequencies
from ..index.stories import StoryIndex
from ..models import Article
from .copies import REL_SCHEMA
from .parts import dumps, read_table, write_table
from .windows import WindowPlan, bucket_of

__all__ = ["window_df", "cluster_window", "reconcile", "apply_window", "story_rows", "story_bucket"]

_WSTORY = pa.schema([("g", pa.int64()), ("local", pa.string()), ("root", pa.int64())])


def story_bucket(story_ids: list[str], buckets: int) -> np.ndarray:
    keys = np.array([int(s[1:9], 16) if len(s) >= 9 else hash(s) & 0xFFFFFFFF for s in story_ids], dtype=np.uint64)
    return bucket_of(keys, buckets)


def _window_rows(root: str, plan: WindowPlan, w: int) -> pa.Table:
    """Window ``w``'s articles and its margin, in rank order."""
    base = Path(root)
    cols = ["g", "name", "date", "article"]
    parts = []
    lo = plan.margin_lo(w)
    for v in plan.margin_windows(w):
        d = ds.dataset(base / "windows" / f"{v}.parquet")
        parts.append(d.to_table(columns=cols, filter=(pc.field("date") >= lo) & (pc.field("date") != "")))
    parts.append(read_table([base / "windows" / f"{w}.parquet"], columns=cols))
    return pa.concat_tables(parts)


def window_df(root: str, w: int, copies: set[int]) -> int:
    """The document frequencies of window ``w``'s own articles that are not
    copies (``copies``: their ranks), as the story clusterer counts them:
    ``tmp/df/<w>.parquet`` (term, n). Returns how many articles they count."""
    t = read_table([Path(root) / "windows" / f"{w}.parquet"], columns=["g", "article"])
    arts = [Article.from_dict(json.loads(a)) for g, a in zip(t.column("g").to_pylist(), t.column("article").to_pylist(),
                                                             strict=True) if g not in copies]
    c = document_frequencies(arts)
    terms = sorted(c)
    write_table(Path(root) / "tmp" / "df" / f"{w}.parquet",
                pa.table({"term": pa.array(terms, pa.string()), "n": pa.array([c[x] for x in terms], pa.int32())}))
    return len(arts)


def _df_sums(root: str, nw: int, w: int) -> tuple[dict[str, int], dict[str, int]]:
    """term -> summed count over the DF tables of the windows before ``w``,
    and over all ``nw`` windows (one read of the tables)."""
    tables = [read_table([Path(root) / "tmp" / "df" / f"{v}.parquet"]) for v in range(nw)]

    def summed(t: pa.Table) -> dict[str, int]:
        t = t.group_by("term").aggregate([("n", "sum")])
        return dict(zip(t.column("term").to_pylist(), t.column("n_sum").to_pylist(), strict=True))

    return (summed(pa.concat_tables(tables[:w])) if w else {}), summed(pa.concat_tables(tables))


def cluster_window(root: str, plan: WindowPlan, w: int, roots: dict[int, int], next_lo: str | None,
                   docs: list[int] | None = None) -> dict[str, Any]:
    """Cluster window ``w`` (see the module doc). ``roots``: copy rank -> rank
    of its group's first article, for the ranks the window may hold;
    ``next_lo``: where the next window's margin starts; ``docs``: how many
    articles each window's DF table counts (:func:`window_df`; ``None``
    when the corpus is one window). Writes ``tmp/wstory/<w>.parquet`` and
    returns the small part the client needs."""
    t = _window_rows(root, plan, w)
    gs, names = t.column("g").to_pylist(), t.column("name").to_pylist()
    present = set(gs)
    index = StoryIndex()
    arts: list[Article] = []
    margin_arts: list[Article] = []  # the margin's articles that the windows' DF tables count
    foreign: dict[int, int] = {}
    name_of = dict(zip(gs, names, strict=True))
    copy_of: dict[str, str] = {}  # the copy stage's groups: the window compares no texts again
    for g, a in zip(gs, t.column("article").to_pylist(), strict=True):
        r = roots.get(g)
        if r is not None and r not in present:
            foreign[g] = r
            continue
        if r is not None:
            copy_of[name_of[g]] = name_of[r]
        arts.append(Article.from_dict(json.loads(a)))
        if (g >> 32) != w and r is None:
            margin_arts.append(arts[-1])
    corpus_df = None
    if docs is not None:  # weigh terms as one index would: the windows before as seen, the corpus at the end
        earlier, corpus = _df_sums(root, len(docs), w)
        for term, n in document_frequencies(margin_arts).items():  # the margin is added again here
            earlier[term] = max(0, earlier.get(term, 0) - n)
        index.clusterer.seed_df(earlier, sum(docs[:w]) - len(margin_arts))
        corpus_df = (corpus, sum(docs))
    index.add_many(arts, corpus_df=corpus_df, copy_of=copy_of)
    links = index.links()
    dates = t.column("date").to_pylist()
    local = [None if g in foreign else links[n].story for g, n in zip(gs, names, strict=True)]
    core = [(g >> 32) == w for g in gs]
    labels: dict[str, list[Any]] = {}
    with_core = {s for s, c in zip(local, core, strict=True) if c and s is not None}
    for row in index.stories():
        if row["id"] in with_core:  # the label, and how many of the story's articles the window saw
            labels[row["id"]] = [len(row["docs"]), row["label"]]
    keep = np.array(core)
    write_table(Path(root) / "tmp" / "wstory" / f"{w}.parquet", pa.table({
        "g": pa.array(gs, pa.int64()).filter(keep), "local": pa.array(local, pa.string()).filter(keep),
        "root": pa.array([foreign.get(g) for g in gs], pa.int64()).filter(keep)}, schema=_WSTORY))
    margin = [(g, s) for g, s, c in zip(gs, local, core, strict=True) if not c and s is not None]
    tail = [(g, s) for g, s, c, d in zip(gs, local, core, dates, strict=True)
            if c and s is not None and next_lo is not None and (d >= next_lo or not d)]
    return {"margin": margin, "tail": tail, "labels": labels, "links": index.story_links(), "docs": len(arts)}


def _majority(c: Counter[str]) -> str:
    """The most frequent story (the smallest id on a tie)."""
    return min(c, key=lambda x: (-c[x], x))


def reconcile(results: list[dict[str, Any]]) -> tuple[list[dict[str, str]], dict[str, list[Any]]]:
    """Final story id of each window's local stories (one dict per window),
    and the label of each final story (from the window that saw most of its
    articles, margin included; the later one on a tie)."""
    final: list[dict[str, str]] = []
    tail_final: dict[int, str] = {}
    labels: dict[str, list[Any]] = {}
    for res in results:
        votes: dict[str, Counter[str]] = {}
        for g, s in res["margin"]:
            f = tail_final.get(g)
            if f is not None:
                votes.setdefault(s, Counter())[f] += 1
        fmap: dict[str, str] = {}
        for s, c in votes.items():
            fmap[s] = _majority(c)
        for s in res["labels"]:
            fmap.setdefault(s, s)
        for g, s in res["tail"]:
            tail_final[g] = fmap.get(s, s)
        for s, (n, label) in res["labels"].items():
            f = fmap[s]
            if f not in labels or n >= labels[f][0]:  # a later window saw the earlier articles too
                labels[f] = [n, label]
        final.append(fmap)
    return final, labels


_LINK_SCHEMA = pa.schema([
    ("g", pa.int64()), ("id", pa.string()), ("name", pa.string()), ("story", pa.string()),
    ("relation", pa.string()), ("duplicate_of", pa.string()), ("similarity", pa.float64()),
    ("evidence", pa.string()), ("markers", pa.string()), ("outlet", pa.string()), ("day", pa.float64()),
])


def _root_stories(root: str, foreign: dict[int, int], final: list[dict[str, str]]) -> dict[int, str]:
    """Final story of each foreign copy, from its first article's window."""
    out: dict[int, str] = {}
    by_w: dict[int, list[int]] = {}
    for r in set(foreign.values()):
        by_w.setdefault(r >> 32, []).append(r)
    story_of: dict[int, str] = {}
    for v, rs in by_w.items():
        t = read_table([Path(root) / "tmp" / "wstory" / f"{v}.parquet"], columns=["g", "local"])
        loc = dict(zip(t.column("g").to_pylist(), t.column("local").to_pylist(), strict=True))
        for r in rs:
            local_id: str | None = loc.get(r)
            if local_id is not None:
                story_of[r] = final[v].get(local_id, local_id)
    for g, r in foreign.items():
        if r in story_of:
            out[g] = story_of[r]
    return out


def apply_window(root: str, w: int, final: list[dict[str, str]], buckets: int) -> int:
    """Write ``links/<w>.parquet`` and the story-record rows of window ``w``."""
    base = Path(root)
    ws = read_table([base / "tmp" / "wstory" / f"{w}.parquet"])
    gs, local, roots = ws.column("g").to_pylist(), ws.column("local").to_pylist(), ws.column("root").to_pylist()
    foreign = {g: r for g, r in zip(gs, roots, strict=True) if r is not None}
    via_root = _root_stories(root, foreign, final) if foreign else {}
    story = [via_root.get(g) if s is None else final[w].get(s, s) for g, s in zip(gs, local, strict=True)]
    t = read_table([base / "windows" / f"{w}.parquet"], columns=["g", "id", "name", "markers", "outlet", "day"])
    rel = read_table(sorted((base / "tmp" / "copyrel" / str(w)).glob("*.parquet")), schema=REL_SCHEMA)
    rels = {g: i for i, g in enumerate(rel.column("g").to_pylist())}
    cols = {c: rel.column(c).to_pylist() for c in ("relation", "duplicate_of", "similarity", "evidence")}
    n = t.num_rows
    pick = [rels.get(g) for g in t.column("g").to_pylist()]
    out = {
        "g": t.column("g"), "id": t.column("id"), "name": t.column("name"),
        "story": pa.array(story, pa.string()),
        "relation": pa.array(["original" if i is None else cols["relation"][i] for i in pick], pa.string()),
        "duplicate_of": pa.array([None if i is None else cols["duplicate_of"][i] for i in pick], pa.string()),
        "similarity": pa.array([None if i is None else cols["similarity"][i] for i in pick], pa.float64()),
        "evidence": pa.array([None if i is None else cols["evidence"][i] for i in pick], pa.string()),
        "markers": t.column("markers"), "outlet": t.column("outlet"), "day": t.column("day"),
    }
    links = pa.table(out, schema=_LINK_SCHEMA)
    write_table(base / "links" / f"{w}.parquet", links)
    if n:
        b = story_bucket([s or "" for s in story], buckets)
        for v in np.unique(b).tolist():
            write_table(base / "tmp" / "srow" / str(v) / f"{w}.parquet", links.filter(pa.array(b == v)))
    return n


def _iso(day: float | None) -> str | None:
    if day is None or day != day:
        return None
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(day // 1))).isoformat()


def _row(sid: str, label: str | None, members: list[dict[str, Any]]) -> dict[str, Any]:
    """A story record, as the index builds it (members in rank order)."""
    originals = [m for m in members if m["relation"] == "original"]
    known = {(m["outlet"] or "").lower() for m in originals if m["outlet"]}
    unknown = sum(1 for m in originals if not m["outlet"])
    days = [m["day"] for m in members if m["day"] is not None and m["day"] == m["day"]]
    return {
        "id": sid, "label": label,
        "date_range": [_iso(min(days)), _iso(max(days))] if days else [None, None],
        "docs": [m["name"] for m in members], "originals": [m["name"] for m in originals],
        "copies": {m["name"]: m["duplicate_of"] for m in members if m["relation"] != "original"},
        "outlets": sorted({m["outlet"] for m in members if m["outlet"]}),
        "independent_sources": len(known) + unknown,
        "markers": sorted({x for m in members for x in json.loads(m["markers"] or "[]")}),
    }


def story_rows(root: str, b: int, labels: dict[str, list[Any]]) -> int:
    """The story records of bucket ``b``, written to ``stories/<b>.parquet``."""
    base = Path(root)
    t = read_table(sorted((base / "tmp" / "srow" / str(b)).glob("*.parquet")), schema=_LINK_SCHEMA)
    t = t.sort_by([("g", "ascending")])
    by_story: dict[str, list[dict[str, Any]]] = {}
    for m in t.to_pylist():
        if m["story"]:
            by_story.setdefault(m["story"], []).append(m)
    rows = []
    for sid, members in by_story.items():
        label = (labels.get(sid) or [0, None])[1]
        rows.append(_row(sid, label, members))
    write_table(base / "stories" / f"{b}.parquet", pa.table({
        "id": [r["id"] for r in rows], "first": [r["date_range"][0] for r in rows],
        "first_rank": [by_story[r["id"]][0]["g"] for r in rows],
        "data": [dumps(r) for r in rows]}, schema=pa.schema([("id", pa.string()), ("first", pa.string()),
                                                             ("first_rank", pa.int64()), ("data", pa.large_string())])))
    return len(rows)
