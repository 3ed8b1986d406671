"""Corpus-scale benchmark: the link stages (copies + stories) on a Dask cluster.

Generates ``--n`` synthetic articles (``bench_scale.py``'s generator: events
with their own entities and topic words over two years, 10 % reprints) in a
child process, as JSONL shards of 10,000, then on the cluster (``--scheduler
ADDRESS``, else a local cluster of ``--workers`` processes): link features per
article (shingles, MinHash, band keys, sampled shingles) on the workers,
windows, candidate pairs, verification, copy groups, stories per time window
reconciled. The per-story comparison is not run (the synthetic articles have
no quotes to compare). Then, when ``n <= --single-max``, the single-process
index (``StoryIndex.add_many`` over the corpus in the index's order, as
``link_store`` rebuilds it) in a child process, and the distributed stories
and copies against it.

Prints progress, then as its last line one JSON object: ``n``, ``workers``,
``wall_s`` (features + link stages, from the first task submitted to the last
result), ``per_article_ms`` (wall time / n), ``peak_rss_client_mb`` (this
process), ``peak_rss_worker_mb`` (the largest worker), ``bcubed_vs_single``
(stories: BCubed F1 of the distributed stories against the single-process
ones; null when the single run was not made), ``copies_identical`` (every
article's copy relation and original equal), ``single_s``,
``bcubed_vs_events`` and ``bcubed_single_vs_events`` (the distributed and
the single-process stories against the generator's events: how good each
is, where ``bcubed_vs_single`` says how alike they are), stage timings.

``--nlp M`` instead measures the per-article stage (ingest, extraction,
quotes and speakers, link features; each worker warmed up first) on ``M``
documents made from the example corpus's files, with a local cluster of 1
and then 2 workers in the same run; its last line is one JSON object with the
documents per second (wall clock, and per CPU second of the workers: on a
machine shared with other jobs, the wall-clock speed-up says how many cores
the run got, the CPU rate what a worker costs) and the speed-up.

    python benchmarks/bench_distributed.py --n 100000 [--workers 2] [--scheduler tcp://host:8786]
    python benchmarks/bench_distributed.py --nlp 1500 [--nlp-shard 50]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SHARD = 10_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def generate(n: int, out: Path, seed: int, events: str) -> None:
    """Child process: the corpus as JSONL shards of ``SHARD`` articles."""
    from bench_scale import iter_synthetic

    out.mkdir(parents=True, exist_ok=True)
    fh = None
    for i, a in enumerate(iter_synthetic(n, seed, events)):
        if i % SHARD == 0:
            if fh:
                fh.close()
            fh = (out / f"shard{i // SHARD:05d}.jsonl").open("w", encoding="utf-8")
        fh.write(json.dumps(a.to_dict()) + "\n")
    if fh:
        fh.close()


def single(n: int, out: Path, seed: int, events: str) -> None:
    """Child process: the single-process index over the same corpus."""
    from bench_scale import synthetic_corpus

    from storylens.index.stories import StoryIndex

    arts = synthetic_corpus(n, seed, events)
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    t = time.perf_counter()
    idx = StoryIndex()
    idx.add_many(arts)
    secs = time.perf_counter() - t
    links = {name: [lk.story, lk.relation, lk.duplicate_of] for name, lk in idx.links().items()}
    events = {a.name: a.meta["event"] for a in arts}
    out.write_text(json.dumps({"links": links, "events": events, "seconds": secs, "rss": _rss_mb()}))


def _worker_cpu() -> float:
    import resource as r

    u = r.getrusage(r.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def _worker_rss() -> float:
    import resource as r

    return r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024.0


def distributed(args: argparse.Namespace, shards: list[Path], root: Path) -> dict:
    from storylens.scale.articles import articles_shard
    from storylens.scale.cluster import close, connect, run_all, worker_count
    from storylens.scale.run import ScaleRun, link_run
    from storylens.settings import Settings

    client = connect(args.scheduler or "local", args.workers)
    try:
        workers = worker_count(client)
        margin = {} if args.margin_days is None else {"window_margin_days": args.margin_days}
        settings = Settings(window_docs=args.window_docs, **margin)
        run = ScaleRun(root)
        t0 = time.perf_counter()
        for res in run_all(client, "features", articles_shard, [(str(p), str(root)) for p in shards]):
            run.keys.append(res["key"])
            run.dates.update(res["dates"])
        run.timings["features"] = round(time.perf_counter() - t0, 3)
        print(f"  features on the workers: {run.timings['features']:.1f} s", flush=True)
        link_run(client, run, settings, compare=False)
        wall = time.perf_counter() - t0
        worker_rss = max(client.run(_worker_rss).values())
    finally:
        close(client)
    return {"workers": workers, "wall_s": round(wall, 1), "windows": run.windows, "copies": run.copies,
            "stories": run.stories, "timings": run.timings, "peak_rss_worker_mb": round(worker_rss),
            "peak_rss_client_mb": round(_rss_mb())}


def compare_with_single(root: Path, ref: dict) -> dict:
    import pyarrow.parquet as pq

    from storylens.evaluation.clustering import bcubed

    mine: dict[str, list] = {}
    for p in sorted((root / "links").glob("*.parquet")):
        t = pq.read_table(p, columns=["name", "story", "relation", "duplicate_of"])
        for name, s, rel, dup in zip(*(t.column(c).to_pylist() for c in t.column_names), strict=True):
            mine[name] = [s, rel, dup]
    gold = ref["links"]
    ours = {k: v[0] for k, v in mine.items()}
    one = {k: v[0] for k, v in gold.items()}
    _, _, f1 = bcubed(ours, one)
    differ = [k for k in gold if k not in mine or mine[k][1:] != gold[k][1:]]
    n_copies = sum(1 for v in gold.values() if v[1] != "original")
    events = ref["events"]  # the generator's events: how good each set of stories is, not only how alike
    return {"bcubed_vs_single": round(f1, 4), "copies_identical": not differ, "copies_differing": len(differ),
            "copies_single": n_copies, "single_s": round(ref["seconds"], 1), "peak_rss_single_mb": round(ref["rss"]),
            "bcubed_vs_events": round(bcubed(ours, events)[2], 4),
            "bcubed_single_vs_events": round(bcubed(one, events)[2], 4)}


def against_events(root: Path, shards: list[Path]) -> float:
    """BCubed F1 of the distributed stories against the generator's events
    (read from the corpus shards; after the run, so not in its peak RSS)."""
    import pyarrow.parquet as pq

    from storylens.evaluation.clustering import bcubed

    events: dict[str, int] = {}
    for p in shards:
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                events[a["name"]] = a["meta"]["event"]
    ours: dict[str, str] = {}
    for p in sorted((root / "links").glob("*.parquet")):
        t = pq.read_table(p, columns=["name", "story"])
        ours.update(zip(t.column("name").to_pylist(), t.column("story").to_pylist(), strict=True))
    return round(bcubed(ours, events)[2], 4)


def nlp(args: argparse.Namespace) -> None:
    """Per-article stage throughput with 1 and 2 local workers."""
    from storylens.scale.articles import analyze_shard
    from storylens.scale.cluster import close, connect, run_all
    from storylens.scale.sources import Shard
    from storylens.settings import Settings

    src = [p for p in sorted((ROOT / "examples" / "corpus").iterdir()) if p.suffix in (".txt", ".html")]
    out: dict = {"nlp_docs": args.nlp}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        for i in range(args.nlp):
            p = src[i % len(src)]
            shutil.copy(p, docs / f"d{i:05d}-{p.name}")
        files = sorted(str(p) for p in docs.iterdir())
        k = args.nlp_shard
        shards = [Shard("paths", tuple(files[i:i + k])) for i in range(0, len(files), k)]
        warm = [Shard("paths", (files[0],))]
        for w in (1, 2):
            root = Path(tmp) / f"run{w}"
            client = connect("local", w)
            try:
                run_all(client, "warm", analyze_shard, [(s, str(Path(tmp) / f"warm{w}-{i}"), Settings(), {})
                                                         for i, s in enumerate(warm * w * 2)])
                cpu0 = client.run(_worker_cpu)
                t = time.perf_counter()
                run_all(client, "nlp", analyze_shard, [(s, str(root), Settings(), {}) for s in shards])
                secs = time.perf_counter() - t
                cpu1 = client.run(_worker_cpu)
            finally:
                close(client)
            cpu = sum(cpu1[k] - cpu0[k] for k in cpu1)
            out[f"w{w}_cpu_s"] = round(cpu, 2)
            out[f"w{w}_docs_per_cpu_s"] = round(args.nlp / cpu, 2)
            out[f"w{w}_s"] = round(secs, 2)
            out[f"w{w}_docs_per_s"] = round(args.nlp / secs, 2)
            out[f"w{w}_docs_per_s_per_worker"] = round(args.nlp / secs / w, 2)
            print(f"  {w} worker(s): {args.nlp} documents in {secs:.1f} s", flush=True)
    out["speedup_2_vs_1"] = round(out["w1_s"] / out["w2_s"], 3)
    with open("/proc/loadavg") as fh:
        out["loadavg_1min"] = float(fh.read().split()[0])
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2, help="local cluster processes (ignored with --scheduler)")
    ap.add_argument("--scheduler", help="a running Dask scheduler's address (default: a local cluster)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--events", choices=("daily", "global"), default="daily",
                    help="how articles pick their event (bench_scale.iter_synthetic): 'daily' (default) among the "
                         "events of a day, 'global' over all events (the earlier corpus, with one event of 22 %%)")
    ap.add_argument("--single-max", type=int, default=300_000, help="largest n the single-process run is made for")
    ap.add_argument("--window-docs", type=int, default=50_000)
    ap.add_argument("--margin-days", type=int, default=None, help="default: the settings' window_margin_days")
    ap.add_argument("--dir", help="where the corpus and the Parquet results go (default: a temporary folder)")
    ap.add_argument("--nlp", type=int, default=0, help="measure the per-article stage on this many documents")
    ap.add_argument("--nlp-shard", type=int, default=50, help="documents per partition in --nlp")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.dir:
        Path(args.dir).mkdir(parents=True, exist_ok=True)
    if args.child:
        mode, n, out = args.child
        (generate if mode == "generate" else single)(int(n), Path(out), args.seed, args.events)
        return
    if args.nlp:
        nlp(args)
        return
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        corpus, root = Path(tmp) / "corpus", Path(tmp) / "run"
        t = time.perf_counter()
        child = [sys.executable, __file__, "--seed", str(args.seed), "--events", args.events, "--child"]
        subprocess.run([*child, "generate", str(args.n), str(corpus)], check=True)
        shards = sorted(corpus.glob("*.jsonl"))
        print(f"generated {args.n} articles in {len(shards)} shards in {time.perf_counter() - t:.1f} s", flush=True)
        res = {"n": args.n, "events": args.events, **distributed(args, shards, root)}
        res["per_article_ms"] = round(1000 * res["wall_s"] / args.n, 3)
        print(f"distributed: {res['wall_s']} s, {res['windows']} windows, {res['copies']} copies, "
              f"{res['stories']} stories; {res['timings']}", flush=True)
        res["bcubed_vs_single"] = None
        if args.n <= args.single_max:
            ref_path = Path(tmp) / "single.json"
            subprocess.run([*child, "single", str(args.n), str(ref_path)], check=True)
            res.update(compare_with_single(root, json.loads(ref_path.read_text())))
        else:
            res["bcubed_vs_events"] = against_events(root, shards)
    keys = ["n", "workers", "wall_s", "per_article_ms", "peak_rss_client_mb", "peak_rss_worker_mb", "bcubed_vs_single"]
    print(json.dumps({**{k: res[k] for k in keys}, **{k: v for k, v in res.items() if k not in keys}}))


if __name__ == "__main__":
    main()
