"""Adding articles to a large store: what ``link_store`` costs per run.

Builds (or reuses, see ``--db``) a store of ``--n`` synthetic articles (the
corpus of ``bench_scale.py``), linked once. Then, for ``--probes`` more
articles, one at a time, the article is saved and the link stage run:

* warm: one :class:`~storylens.index.linker.StoryLinker` kept in this process
  (as the web server's job queue keeps it): the index stays in memory; a run
  writes the article's link, the changed stories, the story links, one
  journal row and the index's delta (its changes since the base state);
* cold: a fresh process per article (as ``storylens analyze`` on one new
  file): it maps the base state file and reads the delta first (no replay);
* compaction: the run that writes a new base (every ``max(COMPACT_MIN,
  n/COMPACT_RATIO)`` journaled articles), and its cost spread over the runs
  in between;
* peer, the previous design measured in the same run: every run saved the
  whole index state and rewrote every link and story row.

Medians are printed; the machine is shared, so compare figures of one run.

    python benchmarks/bench_store_add.py [--n 100000] [--probes 30] [--cold 5] [--db PATH]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import synthetic_corpus  # noqa: E402

import storylens.index.linker as link_run  # noqa: E402
from storylens.index.linker import LinkStage, StoryLinker, link_store  # noqa: E402

link_run_defaults = (link_run.COMPACT_MIN, link_run.COMPACT_RATIO)
from storylens.index.journal import IndexRecords  # noqa: E402
from storylens.models import Article, RawDocument  # noqa: E402
from storylens.store import Store  # noqa: E402


def save(store: Store, a: Article) -> None:
    raw = RawDocument(name=a.name, origin=f"{a.name}.txt", format="text", content=a.body or "")
    store.save_document(raw, dataclasses.replace(a, id=raw.id), {})


def build(path: Path, n: int) -> None:
    """A store of ``n`` linked synthetic articles (reused when complete)."""
    if path.exists():
        s = Store(path)
        have = s.counts().get("articles", 0)
        if have >= n:  # articles left unlinked (an interrupted run) are linked by the first run below
            s.close()
            print(f"reusing {path}: {have} articles")
            return
        s.close()
        path.unlink()
        for extra in ("-wal", "-shm"):
            Path(str(path) + extra).unlink(missing_ok=True)
        shutil.rmtree(str(path) + ".index", ignore_errors=True)  # its index state files
    arts = synthetic_corpus(n, seed=1)
    s = Store(path)
    t = time.perf_counter()
    s.conn.execute("PRAGMA synchronous=OFF")  # setup only
    for a in arts:
        save(s, a)
    print(f"saved {n} articles in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    linker = StoryLinker()
    link_store(s, linker)
    print(f"first link_store over {n} articles (copies, stories, labels, story links, base state): "
          f"{time.perf_counter() - t:.0f} s")
    s.close()


def probes(n: int, k: int) -> list[Article]:
    return synthetic_corpus(n + k, seed=1)[n:]


def cold_probe(db: str, article_json: str) -> None:
    """Child process: save one article and run the link stage; prints seconds."""
    a = Article.from_dict(json.loads(article_json))
    s = Store(db)
    save(s, a)
    t = time.perf_counter()
    linker = StoryLinker()
    linker._current(s)  # timed apart: mapping the base state and reading the delta
    t1 = time.perf_counter()
    link_store(s, linker)
    t2 = time.perf_counter()
    print(json.dumps({"seconds": t2 - t, "load": t1 - t, "mode": linker.last.get("mode")}))


def median_ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:.1f} ms"


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--cold-probe":
        cold_probe(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--probes", type=int, default=30, help="single articles added with a warm linker")
    ap.add_argument("--cold", type=int, default=5, help="single articles added by a fresh process each")
    ap.add_argument("--db", type=Path, default=None,
                    help="store to build or reuse (default: one in the temp folder, kept for the next run)")
    args = ap.parse_args()
    db = args.db or Path(tempfile.gettempdir()) / f"storylens-bench-store-{args.n}.db"
    build(db, args.n)
    store = Store(db)
    names = {r["name"] for r in store.article_rows()}
    # a reused store holds the probes of earlier runs: take new ones
    extra = probes(args.n, len(names) - args.n + args.probes + args.cold + 2)
    extra = [a for a in extra if a.name not in names]
    # take the index warm (not timed: the first run of a process loads it)
    linker = StoryLinker()
    t = time.perf_counter()
    stale = IndexRecords(store).rules() != LinkStage.output_version()  # built by other code
    if stale or linker._current(store) is None:  # a state of an older storylens (or none): rebuilt once
        linker._rebuild(store)
        print(f"rebuilt the story index ({linker.last['added']} articles): {time.perf_counter() - t:.0f} s")
        t = time.perf_counter()
        linker = StoryLinker()
        linker._current(store)
    print(f"load the index (map the base state, read the delta): {time.perf_counter() - t:.3f} s "
          f"(journal: {sum(len(b) for b in IndexRecords(store).journal(IndexRecords(store).base() or ''))} articles)")
    if link_store(store, linker):  # articles an interrupted run left unlinked (not timed)
        print(f"linked {linker.last['added']} left-over articles ({linker.last['mode']})")
    link_run.COMPACT_MIN = 10**9  # time journaled runs only; compaction is timed below
    link_run.COMPACT_RATIO = 1
    warm, warm_total = [], []
    for a in extra[: args.probes]:
        t0 = time.perf_counter()
        save(store, a)
        t1 = time.perf_counter()
        assert link_store(store, linker) == 1 and linker.last["mode"] == "journal", linker.last
        t2 = time.perf_counter()
        warm.append(t2 - t1)
        warm_total.append(t2 - t0)
    print(f"warm: link stage for one new article: median {median_ms(warm)} "
          f"(save_document + link: {median_ms(warm_total)}; max {max(warm) * 1000:.0f} ms; "
          f"{len(warm)} articles)")
    cold, cold_load = [], []
    for a in extra[args.probes : args.probes + args.cold]:
        r = subprocess.run([sys.executable, __file__, "--cold-probe", str(db), json.dumps(a.to_dict())],
                           capture_output=True, text=True, check=True, env=os.environ)
        out = json.loads(r.stdout.strip().splitlines()[-1])
        cold.append(out["seconds"])
        cold_load.append(out["load"])
    if cold:
        print(f"cold (fresh process: map base + read delta + link): median {median_ms(cold)}, of which "
              f"loading {median_ms(cold_load)} "
              f"({len(cold)} articles; journal {sum(len(b) for b in IndexRecords(store).journal(IndexRecords(store).base() or ''))} "
              f"articles at the end)")
    # compaction: the run that writes a new base, by a warm linker
    rest = extra[args.probes + args.cold :]
    save(store, rest[0])
    link_store(store, linker)  # reloads (the cold runs moved the journal) and warms the story-link cache
    link_run.COMPACT_MIN, link_run.COMPACT_RATIO = 0, 10**9
    save(store, rest[1])
    t = time.perf_counter()
    link_store(store, linker)
    comp = time.perf_counter() - t
    assert linker.last["mode"] == "compact", linker.last
    every = max(link_run_defaults[0], args.n // link_run_defaults[1])
    print(f"compaction run (new base state, journal emptied): {comp:.2f} s, once every {every} articles: "
          f"{comp / every * 1000:.1f} ms per article spread; warm mean with compaction: "
          f"{(statistics.mean(warm) * (every - 1) + comp) / every * 1000:.1f} ms")
    # peer: the previous design, a full save per run
    index = linker.index
    t = time.perf_counter()
    blob = index.to_state()
    rows = [(i, index.link(n)) for i, n in ((r["id"], r["name"]) for r in store.article_rows())]
    stories = index.stories()
    token = linker._token[0]
    IndexRecords(store).save_all(rows, stories, {link_run.STATE_KEY: blob, link_run.BASE_KEY: token.encode()})
    peer = time.perf_counter() - t
    # leave the store as storylens writes it (the state in its file) for the next run
    IndexRecords(store).save_all(rows, stories, {link_run.STATE_KEY: store.put_state_file(token, blob),
                                     link_run.BASE_KEY: token.encode()})
    print(f"peer, the previous design (whole state + every link and story row per run, story links not "
          f"included): {peer:.2f} s per run; the warm journaled run is {peer / statistics.median(warm):.0f}x "
          f"faster")
    store.close()


if __name__ == "__main__":
    main()
