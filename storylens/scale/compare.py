"""Per-story comparison on the cluster.

:func:`route_window` (per window) sends each article, its quotes (speakers
made canonical across the corpus: :mod:`.names`) and its copy link to the
bucket of its story, and each quotation to the bucket of its speaker.
:func:`echo_bucket` (per speaker bucket) finds, for every story, the quotes
its speakers gave in *other* stories (``find_echoes`` of the compare layer,
run per speaker: an echo needs the same speaker, so the split loses
nothing). :func:`compare_bucket` (per story bucket) builds each story's
dossier entry as the single-process dossier does (``story_entry`` and
``compare_story``), with those echoes, and writes ``dossier/<b>.parquet``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ..compare.framing import load_lexicon
from ..compare.quotegroups import find_echoes
from ..index.records import Story
from ..models import Article, CopyLink, Quote
from ..present.dossier import compared_entry
from ..settings import Settings
from .names import apply_aliases
from .parts import dumps, read_table, write_table
from .stories import story_bucket

__all__ = ["route_window", "echo_bucket", "compare_bucket"]

_BYSTORY = pa.schema([("story", pa.string()), ("g", pa.int64()), ("name", pa.string()),
                      ("article", pa.large_string()), ("quotes", pa.large_string()), ("link", pa.string())])
_BYSPEAKER = pa.schema([("speaker", pa.string()), ("story", pa.string()), ("doc", pa.string()),
                        ("idx", pa.int32()), ("quote", pa.string())])
_ECHO = pa.schema([("story", pa.string()), ("doc", pa.string()), ("idx", pa.int32()), ("echo", pa.string())])


def _speaker_bucket(speakers: list[str], buckets: int) -> np.ndarray:
    import hashlib

    keys = np.array([int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
                     for s in speakers], dtype=np.uint64)
    return (keys % np.uint64(buckets)).astype(np.int64)


def route_window(root: str, w: int, aliases: dict[str, str], buckets: int) -> int:
    base = Path(root)
    t = read_table([base / "windows" / f"{w}.parquet"], columns=["g", "name", "article", "annotations"])
    lk = read_table([base / "links" / f"{w}.parquet"])
    link_of = {g: i for i, g in enumerate(lk.column("g").to_pylist())}
    lrows = lk.to_pylist()
    rows: dict[str, list[Any]] = {f.name: [] for f in _BYSTORY}
    sp: dict[str, list[Any]] = {f.name: [] for f in _BYSPEAKER}
    for g, name, art, ann in zip(*(t.column(c).to_pylist() for c in ("g", "name", "article", "annotations")),
                                 strict=True):
        lr = lrows[link_of[g]]
        if not lr["story"]:
            continue
        quotes = apply_aliases((json.loads(ann).get("quotes") or [0, []])[1], aliases)
        link = CopyLink(doc=name, story=lr["story"], duplicate_of=lr["duplicate_of"], relation=lr["relation"],
                        similarity=lr["similarity"], evidence=lr["evidence"], markers=json.loads(lr["markers"]))
        for k, v in zip(_BYSTORY.names, (lr["story"], g, name, art, dumps(quotes), dumps(link.__dict__)), strict=True):
            rows[k].append(v)
        for i, q in enumerate(quotes):
            if q.get("speaker") and q.get("kind") in ("direct", "partial"):
                for k, v in zip(_BYSPEAKER.names, (q["speaker"], lr["story"], name, i, dumps(q)), strict=True):
                    sp[k].append(v)
    bys = pa.table(rows, schema=_BYSTORY)
    if bys.num_rows:
        b = story_bucket(rows["story"], buckets)
        for v in np.unique(b).tolist():
            write_table(base / "tmp" / "bystory" / str(v) / f"{w}.parquet", bys.filter(pa.array(b == v)))
    spk = pa.table(sp, schema=_BYSPEAKER)
    if spk.num_rows:
        b = _speaker_bucket(sp["speaker"], buckets)
        for v in np.unique(b).tolist():
            write_table(base / "tmp" / "byspeaker" / str(v) / f"{w}.parquet", spk.filter(pa.array(b == v)))
    return bys.num_rows


def echo_bucket(root: str, sb: int, buckets: int) -> int:
    """Echoes of the quotes of the speakers in bucket ``sb``, by story bucket."""
    base = Path(root)
    t = read_table(sorted((base / "tmp" / "byspeaker" / str(sb)).glob("*.parquet")), schema=_BYSPEAKER)
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in t.to_pylist():
        by_speaker[r["speaker"]].append(r)
    out: dict[str, list[Any]] = {f.name: [] for f in _ECHO}
    for rs in by_speaker.values():
        stories = {r["story"] for r in rs}
        if len(stories) < 2:
            continue
        rs.sort(key=lambda r: (r["doc"], r["idx"]))
        for s in sorted(stories):
            mine: dict[str, list[Quote]] = defaultdict(list)
            others: dict[str, list[Quote]] = defaultdict(list)
            index_of: dict[tuple[str, int], int] = {}
            for r in rs:
                q = Quote(**json.loads(r["quote"]))
                (mine if r["story"] == s else others)[r["doc"]].append(q)
                if r["story"] == s:
                    index_of[(r["doc"], q.start)] = r["idx"]
            for e in find_echoes(dict(mine), dict(others), None):
                for k, v in zip(_ECHO.names, (s, e["doc"], index_of.get((e["doc"], e["start"]), 0), dumps(e)),
                                strict=True):
                    out[k].append(v)
    echo = pa.table(out, schema=_ECHO)
    if echo.num_rows:
        b = story_bucket(out["story"], buckets)
        for v in np.unique(b).tolist():
            write_table(base / "tmp" / "echo" / str(v) / f"{sb}.parquet", echo.filter(pa.array(b == v)))
    return echo.num_rows


def _entry(story: Story, members: list[dict[str, Any]], echoes: list[dict[str, Any]], settings: Settings,
           lexicon: list[dict[str, Any]]) -> dict[str, Any]:
    """One story's dossier entry (``DossierStory.to_json()``), as ``build_story`` makes it."""
    arts = [Article.from_dict(json.loads(m["article"])) for m in members]
    arts.sort(key=lambda a: (a.published or "", a.name))
    quotes = {m["name"]: [Quote(**q) for q in json.loads(m["quotes"])] for m in members}
    links = {m["name"]: CopyLink(**json.loads(m["link"])) for m in members}
    entry = compared_entry(story, arts, links, quotes, settings, lexicon, echoes=echoes)
    return entry.to_json()


def compare_bucket(root: str, b: int, settings: Settings) -> int:
    """Dossier entries of the stories of bucket ``b``, to ``dossier/<b>.parquet``."""
    base = Path(root)
    st = read_table([base / "stories" / f"{b}.parquet"])
    t = read_table(sorted((base / "tmp" / "bystory" / str(b)).glob("*.parquet")), schema=_BYSTORY)
    ech = read_table(sorted((base / "tmp" / "echo" / str(b)).glob("*.parquet")), schema=_ECHO)
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in t.sort_by([("g", "ascending")]).to_pylist():
        members[r["story"]].append(r)
    echoes: dict[str, list[tuple[str, int, int, dict[str, Any]]]] = defaultdict(list)
    for r in ech.to_pylist():
        e = json.loads(r["echo"])
        echoes[r["story"]].append((r["doc"], r["idx"], e["start"], e))
    lexicon = load_lexicon(settings.lexicon)
    ids, firsts, data = [], [], []
    for sid, raw in zip(st.column("id").to_pylist(), st.column("data").to_pylist(), strict=True):
        story = Story.from_json(json.loads(raw))
        ech_s = [e for *_, e in sorted(echoes.get(sid, []), key=lambda x: x[:3])]
        ids.append(sid)
        firsts.append(story.first)
        data.append(dumps(_entry(story, members.get(sid, []), ech_s, settings, lexicon)))
    write_table(base / "dossier" / f"{b}.parquet", pa.table(
        {"id": ids, "first": firsts, "data": data},
        schema=pa.schema([("id", pa.string()), ("first", pa.string()), ("data", pa.large_string())])))
    return len(ids)
