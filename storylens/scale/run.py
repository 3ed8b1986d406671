"""The corpus-scale run: every stage on a Dask cluster, in this order.

1. *articles* (per shard, streamed): ingest, extract, annotate, link features
   -> ``articles/``;
2. *windows*: shards cut by publication date (per shard), each window sorted
   and ranked (per window) -> ``windows/``, with the copy keys shuffled by key;
3. *copies*: candidate pairs per key bucket, verified per window, groups
   joined on the client from the matches (a forest, one edge per copy), each
   group's relations replayed per batch of groups;
4. *stories*: clustered per window with a margin, reconciled on the client
   from the margins' assignments, written per window -> ``links/``, story
   records per story bucket -> ``stories/``, story links -> ``story_links.parquet``;
5. *comparison*: speaker names made canonical (name evidence merged in a
   tree on the workers), articles routed by story and quotes by speaker,
   echoes per speaker bucket, dossier entries per story bucket -> ``dossier/``.

The client holds only small things: the shards in flight, the count of
articles per date, one edge per copy, and the story ids of the articles in
the windows' margins. :func:`link_run` runs stages 2 to 4 on articles
already in ``articles/`` (the benchmark feeds it synthetic articles).
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest import load_sidecar
from ..settings import Settings
from .articles import analyze_shard
from .cluster import close as close_client
from .cluster import connect, run_all, run_stream, worker_count
from .compare import compare_bucket, echo_bucket, route_window
from .copies import bucket_pairs, replay_groups, verify_window
from .names import aliases_of_file, merge_files
from .parts import dumps, write_table
from .sources import find_sidecars, iter_shards
from .stories import apply_window, cluster_window, reconcile, story_bucket, story_rows, window_df
from .windows import WindowPlan, plan_windows, sort_window, split_shard

__all__ = ["ScaleRun", "analyze_scaled", "link_run", "scale_root"]


@dataclass
class ScaleRun:
    """What a scaled run did (the client's view)."""

    root: Path
    keys: list[str] = field(default_factory=list)  # shards, in input order
    seen: int = 0
    analyzed: int = 0
    reused: int = 0  # documents of shards whose results were already there
    rejected: int = 0
    rejections: list[dict[str, str]] = field(default_factory=list)
    dates: Counter[str] = field(default_factory=Counter)
    windows: int = 0
    copies: int = 0
    stories: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def scale_root(settings: Settings, out_dir: Path) -> Path:
    return Path(settings.scale_dir) if settings.scale_dir else out_dir / "parquet"


def _timed(run: ScaleRun, name: str, t0: float) -> float:
    t = time.perf_counter()
    run.timings[name] = round(t - t0, 3)
    return t


def analyze_stage(client: Any, run: ScaleRun, inputs: Iterable[str], settings: Settings,
                  meta: dict[str, dict[str, Any]]) -> None:
    """Stage 1 over the stream of shards."""
    rejected: list[Any] = []
    shards = iter_shards(inputs, settings.partition_docs, rejected=rejected)
    meta_f = client.scatter(meta, broadcast=True) if meta else {}
    root = str(run.root)
    calls = ((s, root, settings, meta_f) for s in shards)
    for res in run_stream(client, "analyze", analyze_shard, calls, in_flight=2 * worker_count(client) + 2):
        run.keys.append(res["key"])
        run.seen += res["seen"]
        run.rejected += res["rejected"]
        run.rejections += res["rejections"]
        run.dates.update(res["dates"])
        if res.get("skipped"):
            run.reused += res["analyzed"]
        else:
            run.analyzed += res["analyzed"]
    if rejected:
        from .articles import rejection_table

        key = "client-refused"
        write_table(run.root / "rejections" / f"{key}.parquet", rejection_table(rejected))
        run.keys.append(key)
        run.rejected += len(rejected)
        run.seen += len(rejected)
        run.rejections += [{"doc": r.name, "origin": r.origin, "reason": r.reason} for r in rejected]


def _buckets(client: Any, n_docs: int) -> int:
    return max(2 * worker_count(client), min(256, n_docs // 20_000 + 1))


def copy_stage(client: Any, run: ScaleRun, plan: WindowPlan, buckets: int) -> dict[int, int]:
    """Stages 2-3: windows, candidate pairs, verification, groups. Returns
    each copy's group root (rank -> rank)."""
    root, nw = str(run.root), len(plan)
    t = time.perf_counter()
    run_all(client, "split", split_shard, [(root, k, plan) for k in run.keys if k != "client-refused"])
    run_all(client, "sort", sort_window, [(root, w, buckets) for w in range(nw)])
    t = _timed(run, "windows", t)
    run_all(client, "pairs", bucket_pairs, [(root, b, nw) for b in range(buckets)])
    matches = run_all(client, "verify", verify_window, [(root, w, buckets) for w in range(nw)])
    parent = {j: k for m in matches for j, k in zip(m["j"], m["k"], strict=True)}
    roots: dict[int, int] = {}
    for j in sorted(parent):  # a copy's match comes before it: its root is known first
        k = parent[j]
        roots[j] = roots.get(k, k)
    groups: dict[int, list[int]] = {}
    for j, r in sorted(roots.items()):
        groups.setdefault(r, [r]).append(j)
    batches: list[list[list[int]]] = [[]]
    for r in sorted(groups):
        if sum(len(g) for g in batches[-1]) >= 2000:
            batches.append([])
        batches[-1].append(groups[r])
    run_all(client, "replay", replay_groups, [(root, b, i) for i, b in enumerate(batches) if b])
    run.copies = len(roots)
    _timed(run, "copies", t)
    return roots


def story_stage(client: Any, run: ScaleRun, plan: WindowPlan, roots: dict[int, int], buckets: int) -> None:
    """Stage 4: windows clustered, reconciled, written."""
    root, nw = str(run.root), len(plan)
    t = time.perf_counter()
    docs = None
    if nw > 1:  # the windows' document frequencies, so that each weighs terms as one index would
        copies: list[set[int]] = [set() for _ in range(nw)]
        for j in roots:
            copies[j >> 32].add(j)
        docs = run_all(client, "df", window_df, [(root, w, copies[w]) for w in range(nw)])
    calls = []
    for w in range(nw):
        reach = set(plan.margin_windows(w)) | {w}
        mine = {j: r for j, r in roots.items() if (j >> 32) in reach}
        calls.append((root, plan, w, mine, plan.margin_lo(w + 1) if w + 1 < nw else None, docs))
    results = run_all(client, "cluster", cluster_window, calls)
    final, labels = reconcile(results)
    run_all(client, "apply", apply_window, [(root, w, final, buckets) for w in range(nw)])
    by_b: dict[int, dict[str, list[Any]]] = {}
    ids = list(labels)
    for sid, b in zip(ids, story_bucket(ids, buckets).tolist(), strict=True):
        by_b.setdefault(b, {})[sid] = labels[sid]
    counts = run_all(client, "rows", story_rows, [(root, b, by_b.get(b, {})) for b in range(buckets)])
    run.stories = sum(counts)
    _write_story_links(run.root, results, final)
    _timed(run, "stories", t)


def _write_story_links(root: Path, results: list[dict[str, Any]], final: list[dict[str, str]]) -> None:
    """The windows' story links with final ids (a pair found in two windows
    keeps its stronger link)."""
    import pyarrow as pa

    best: dict[tuple[str, str], dict[str, Any]] = {}
    for res, fmap in zip(results, final, strict=True):
        for link in res["links"]:
            a, b = (fmap.get(s, s) for s in link["stories"])
            if a == b:
                continue
            d = {**link, "stories": [a, b]}
            score = d.get("similarity", 0) + d.get("quote_overlap", 0)
            old = best.get((a, b))
            if old is None or score > old.get("similarity", 0) + old.get("quote_overlap", 0):
                best[(a, b)] = d
    write_table(root / "story_links.parquet", pa.table({"data": [dumps(d) for d in best.values()]},
                                                        schema=pa.schema([("data", pa.string())])))


def compare_stage(client: Any, run: ScaleRun, nw: int, buckets: int, settings: Settings) -> None:
    """Stage 5: canonical speakers, echoes, dossier entries per story."""
    root = str(run.root)
    t = time.perf_counter()
    files = [str(run.root / "articles" / f"{k}.json") for k in run.keys if k != "client-refused"]
    level = 0
    while len(files) > 1 or level == 0:
        chunks = [files[i:i + 32] for i in range(0, max(1, len(files)), 32)]
        outs = [str(run.root / "tmp" / "names" / f"{level}-{i}.json") for i in range(len(chunks))]
        files = run_all(client, f"names{level}", merge_files, list(zip(chunks, outs, strict=True)))
        level += 1
    aliases = run_all(client, "aliases", aliases_of_file, [(files[0],)])[0]
    run_all(client, "route", route_window, [(root, w, aliases, buckets) for w in range(nw)])
    run_all(client, "echo", echo_bucket, [(root, b, buckets) for b in range(buckets)])
    run_all(client, "compare", compare_bucket, [(root, b, settings) for b in range(buckets)])
    _timed(run, "compare", t)


def link_run(client: Any, run: ScaleRun, settings: Settings, compare: bool = True) -> WindowPlan:
    """Stages 2 to 5 over the shards ``run.keys`` already in ``articles/``."""
    for sub in ("tmp", "windows", "links", "stories", "dossier"):
        shutil.rmtree(run.root / sub, ignore_errors=True)
    (run.root / "story_links.parquet").unlink(missing_ok=True)
    plan = plan_windows(dict(run.dates), settings.window_docs, settings.window_margin_days)
    run.windows = len(plan)
    buckets = _buckets(client, sum(run.dates.values()))
    roots = copy_stage(client, run, plan, buckets)
    story_stage(client, run, plan, roots, buckets)
    if compare:
        compare_stage(client, run, len(plan), buckets, settings)
    shutil.rmtree(run.root / "tmp", ignore_errors=True)
    return plan


def analyze_scaled(inputs: list[str], settings: Settings, out_dir: Path,
                   meta: str | Path | None = None, client: Any = None) -> ScaleRun:
    """Every stage of ``inputs`` on the cluster ``settings.scheduler`` (or
    ``client``); results in ``scale_root(settings, out_dir)``."""
    run = ScaleRun(scale_root(settings, out_dir))
    run.root.mkdir(parents=True, exist_ok=True)
    own = client is None
    client = client or connect(settings.scheduler or "local", settings.workers if settings.workers > 1 else 0)
    try:
        sidecar = find_sidecars(inputs)
        if meta:
            sidecar.update(load_sidecar(meta))
        t = time.perf_counter()
        analyze_stage(client, run, inputs, settings, sidecar)
        _timed(run, "articles", t)
        if sum(run.dates.values()):
            link_run(client, run, settings)
    finally:
        if own:
            close_client(client)
    return run
