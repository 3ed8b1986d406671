"""Scale benchmark: copies + stories on a synthetic corpus.

Generates ``--n`` articles (default 100,000) from a fixed seed: events with
their own entities and topic words over two years, general words drawn from a
Zipf law, 10 % reprints of earlier articles (truncated, edited, new headline).
Measures, in one run:

* wall time and peak RSS of ``StoryIndex.add_many`` over the whole corpus
  (copies + stories, incremental refinement included);
* median latency of adding one new article to the full index (``--probes``
  single adds);
* the persisted state: its size, ``to_state`` and ``from_state`` time, and
  what ``storylens analyze one-new-file.txt --db big.db`` pays for it: load
  the state + add one article + ``to_state``, in a fresh process (median of
  ``--state-probes``; that process's peak RSS too);
* the peer: datasketch ``MinHashLSH`` (threshold 0.5, 128 permutations)
  building and querying on the same shingles, against storylens's MinHash
  LSH alone (rensa signatures, its own banded LSH); on ``--peer-n`` articles
  when smaller than ``--n`` and extrapolated linearly (said so in the output).

    python benchmarks/bench_scale.py [--n 100000] [--probes 50] [--peer-n 20000] [--state-probes 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import statistics
import sys
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peers import require  # noqa: E402

from storylens.index.features import shingle_hashes, word_hashes, words  # noqa: E402
from storylens.index.stories import StoryIndex  # noqa: E402
from storylens.models import Article  # noqa: E402

SYL = ["ka", "lo", "mi", "ra", "ten", "vo", "sa", "bel", "dor", "ni", "qu", "zen", "tar", "pe", "lin", "mor"]


def _vocab(n: int, rng: np.random.Generator, cap: bool = False) -> list[str]:
    out, seen = [], set()
    while len(out) < n:
        w = "".join(rng.choice(SYL, size=int(rng.integers(2, 5))))
        if w in seen:
            continue
        seen.add(w)
        out.append(w.capitalize() if cap else w)
    return out


EVENT_MODES = ("global", "daily")


def synthetic_corpus(n: int, seed: int = 1, events: str = "global") -> list[Article]:
    return list(iter_synthetic(n, seed, events))


def iter_synthetic(n: int, seed: int = 1, events: str = "global") -> Iterator[Article]:
    """The articles of :func:`synthetic_corpus`, one at a time (only the last
    5,000, which reprints copy from, are kept).

    ``events``: how an article picks its event. ``"global"`` (the original
    generator, kept so that earlier figures can be reproduced): half the
    articles pick by a Zipf law over all events, so event 0 takes about 22 %
    of the corpus whatever its size (22,000 articles within three days at
    100k, 220,000 at 1M). ``"daily"``: an article first picks a day, then one
    of the events of that day by the same law, so the lead event of a day
    takes about a fifth of that day's articles and an event's size grows
    with the articles per day, not with the corpus's time span."""
    if events not in EVENT_MODES:
        raise ValueError(f"events must be one of {EVENT_MODES}, not {events!r}")
    rng = np.random.default_rng(seed)
    general = np.array(_vocab(20000, rng))
    zipf = 1.0 / np.arange(1, len(general) + 1) ** 1.05
    cdf = np.cumsum(zipf / zipf.sum())
    names = _vocab(30000, rng, cap=True)
    n_events = max(1, n // 6)
    start = dt.date(2023, 1, 1).toordinal()
    ev_day = rng.integers(0, 730, size=n_events)
    ev_topic = [rng.choice(general[2000:], size=12, replace=False) for _ in range(n_events)]
    ev_ents = [[f"{names[i]} {names[j]}" for i, j in rng.integers(0, len(names), size=(3, 2))] for _ in range(n_events)]
    outlets = [f"outlet{i}" for i in range(200)]
    order = np.argsort(ev_day, kind="stable")
    day_lo = np.searchsorted(ev_day[order], np.arange(731))  # events of day d: order[day_lo[d]:day_lo[d + 1]]
    recent: deque[Article] = deque(maxlen=5000)
    for i in range(n):
        if i and rng.random() < 0.10:  # a reprint of an earlier article
            src = recent[int(rng.integers(max(0, i - 5000), i)) - (i - len(recent))]
            paras = src.body.split("\n\n")
            paras = paras[: max(2, int(len(paras) * rng.uniform(0.5, 1.0)))]
            if rng.random() < 0.5:
                paras = [p.replace(" the ", " a ", 2) for p in paras]
            body = "\n\n".join(paras)
            d = dt.date.fromordinal(dt.date.fromisoformat(src.published).toordinal() + int(rng.integers(0, 2)))
            a = Article(id=f"r{i}", name=f"doc{i}", source=body, body=body, title="Re: " + (src.title or ""),
                        published=d.isoformat(), outlet=outlets[int(rng.integers(0, len(outlets)))],
                        meta={"event": src.meta["event"], "reprint_of": src.name})
        else:
            if events == "global":
                e = int(rng.zipf(1.6) - 1) % n_events if rng.random() < 0.5 else int(rng.integers(0, n_events))
            else:
                d0 = int(rng.integers(0, 730))
                pool = order[day_lo[d0]:day_lo[d0 + 1]]
                if not len(pool):
                    pool = order
                r = int(rng.zipf(1.6) - 1) if rng.random() < 0.5 else int(rng.integers(0, len(pool)))
                e = int(pool[r % len(pool)])
            n_par = int(rng.integers(4, 9))
            paras = []
            for _ in range(n_par):
                m = int(rng.integers(30, 70))
                toks = list(general[np.minimum(np.searchsorted(cdf, rng.random(m)), len(general) - 1)])
                for _ in range(int(rng.integers(2, 5))):
                    toks.insert(int(rng.integers(0, len(toks))), str(rng.choice(ev_topic[e])))
                toks.insert(int(rng.integers(0, len(toks))), ev_ents[e][int(rng.integers(0, 3))])
                paras.append(" ".join(toks).capitalize() + ".")
            title = f"{ev_ents[e][0]} " + " ".join(rng.choice(ev_topic[e], size=4))
            day = start + int(ev_day[e]) + int(rng.integers(0, 3))
            body = "\n\n".join(paras)
            a = Article(id=f"a{i}", name=f"doc{i}", source=body, body=body, title=title,
                        published=dt.date.fromordinal(day).isoformat(),
                        outlet=outlets[int(rng.integers(0, len(outlets)))], meta={"event": e})
        recent.append(a)
        yield a


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def datasketch_peer(arts: list[Article]) -> float:
    from datasketch import MinHash, MinHashLSH

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for a in arts:
        m = MinHash(num_perm=128, seed=1)
        sh = shingle_hashes(word_hashes(words(a.body)))
        m.update_batch([h.to_bytes(8, "little") for h in set(sh.tolist())])
        lsh.query(m)
        lsh.insert(a.name, m)
    return time.perf_counter() - t


def minhash_only(arts: list[Article]) -> float:
    """storylens's MinHash LSH (rensa signatures, banded LSH on flat arrays)
    building and querying on the same shingles as the peer."""
    from storylens.index.minhash import MinHashIndex

    t = time.perf_counter()
    idx = MinHashIndex()
    for a in arts:
        idx.query_add(np.unique(shingle_hashes(word_hashes(words(a.body)))))
    return time.perf_counter() - t


def _state_probe(path: str, probe_path: str) -> None:
    """Child process: what ``storylens analyze one-new-file.txt --db big.db``
    pays for the index state: load it, add one article, serialise it."""
    import json as _json

    t0 = time.perf_counter()
    blob = Path(path).read_bytes()
    t1 = time.perf_counter()
    idx = StoryIndex.from_state(blob)
    t2 = time.perf_counter()
    a = Article.from_dict(_json.loads(Path(probe_path).read_text()))
    idx.add_many([a])
    t3 = time.perf_counter()
    out = idx.to_state()
    t4 = time.perf_counter()
    print(_json.dumps({"read": t1 - t0, "load": t2 - t1, "add": t3 - t2, "save": t4 - t3,
                       "total": t4 - t1, "size": len(out), "rss": peak_rss_mb()}))


def state_figures(idx: StoryIndex, probes: list[Article]) -> None:
    """State size, to_state / from_state time in this process, and the
    end-to-end load + add one + to_state in a fresh process (median over
    ``probes``; that process's peak RSS too)."""
    import json as _json
    import subprocess
    import tempfile

    t = time.perf_counter()
    blob = idx.to_state()
    t_save = time.perf_counter() - t
    t = time.perf_counter()
    StoryIndex.from_state(blob)
    t_load = time.perf_counter() - t
    print(f"state: {len(blob) / 1e6:.1f} MB, to_state {t_save:.3f} s, from_state {t_load:.3f} s "
          f"(in the benchmark process)", flush=True)
    if not probes:
        return
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.bin"
        path.write_bytes(blob)
        for i, a in enumerate(probes):
            pp = Path(tmp) / f"probe{i}.json"
            pp.write_text(_json.dumps(a.to_dict()))
            r = subprocess.run([sys.executable, __file__, "--state-probe", str(path), str(pp)],
                               capture_output=True, text=True, check=True)
            runs.append(_json.loads(r.stdout.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"load state + add one + to_state (fresh process, median of {len(runs)}): "
          f"{1000 * med['total']:.0f} ms (load {1000 * med['load']:.0f} ms, add {1000 * med['add']:.1f} ms, "
          f"save {1000 * med['save']:.0f} ms; reading the file {1000 * med['read']:.0f} ms); "
          f"peak RSS {med['rss']:.0f} MB", flush=True)


def main() -> None:
    require("datasketch")
    if len(sys.argv) == 4 and sys.argv[1] == "--state-probe":
        _state_probe(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--probes", type=int, default=50, help="single adds timed at full size")
    ap.add_argument("--peer-n", type=int, default=20_000, help="articles for the datasketch peer (0: skip it)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--state-probes", type=int, default=5,
                    help="load + add one + save cycles timed in a fresh process")
    args = ap.parse_args()

    t = time.perf_counter()
    arts = synthetic_corpus(args.n + args.probes, args.seed)
    probes = arts[args.n:]
    arts = arts[: args.n]
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    print(f"generated {len(arts)} articles (+{len(probes)} probes) in {time.perf_counter() - t:.1f} s; "
          f"rss {peak_rss_mb():.0f} MB", flush=True)
    gc.collect()
    rss0 = peak_rss_mb()

    t = time.perf_counter()
    idx = StoryIndex()
    chunk = 10_000
    for s in range(0, len(arts), chunk):
        idx.add_many(arts[s : s + chunk])
        print(f"  {s + min(chunk, len(arts) - s):>7} added  {time.perf_counter() - t:7.1f} s  "
              f"peak rss {peak_rss_mb():.0f} MB", flush=True)
    total = time.perf_counter() - t
    links = idx.links()
    rel: dict[str, int] = {}
    for l in links.values():
        rel[l.relation] = rel.get(l.relation, 0) + 1
    n_stories = len({l.story for l in links.values()})
    print(f"storylens copies+stories: {len(arts)} articles in {total:.1f} s "
          f"({1000 * total / len(arts):.2f} ms/article); peak RSS {peak_rss_mb():.0f} MB "
          f"(corpus alone {rss0:.0f} MB); {n_stories} stories; relations {rel}", flush=True)

    lat = []
    for a in probes:
        a.published = arts[-1].published
        t = time.perf_counter()
        idx.add(a)
        lat.append(time.perf_counter() - t)
    print(f"add one article to a {len(arts)}-article index: median {1000 * statistics.median(lat):.1f} ms, "
          f"max {1000 * max(lat):.1f} ms over {len(lat)} adds", flush=True)

    state_figures(idx, probes[: args.state_probes])

    if args.peer_n <= 0:
        return
    sub = arts[: min(args.peer_n, len(arts))]
    t_peer = datasketch_peer(sub)
    t_ours = minhash_only(sub)
    scale = len(arts) / len(sub)
    note = "" if len(sub) == len(arts) else f" (measured on {len(sub)}, extrapolated x{scale:.1f})"
    print(f"peer datasketch MinHashLSH build+query: {t_peer * scale:.1f} s{note}; "
          f"storylens MinHash LSH alone on the same: {t_ours * scale:.1f} s "
          f"({t_peer / max(t_ours, 1e-9):.1f}x faster incl. shingling)", flush=True)


if __name__ == "__main__":
    main()
