"""How alike the stories of time windows and of one index are, in one process.

The scaled run's story stage (``storylens.scale.stories``) clusters each
time window of the corpus in its own ``StoryIndex``, with the last
``--margin-days`` of the windows before it, and reconciles the windows by the
margin's majority. This script does the same in one process on
``bench_scale.py``'s synthetic corpus (no Dask, no Parquet: the clustering
alone), with and without the windows' document frequencies (seeded with the
articles before the window, refined with the corpus's), and prints BCubed F1:

* windows against one index, over all articles and over the articles outside
  the generator's largest event (22 % of the corpus within three days);
* one index against itself when it computes its IDF exactly instead of
  caching it (recomputed every 2 % of growth): how sensitive the corpus is;
* each against the generator's events.

    python benchmarks/bench_story_windows.py [--n 10000] [--window 5000] [--margin-days 14]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import synthetic_corpus  # noqa: E402

from storylens.evaluation.clustering import bcubed  # noqa: E402
from storylens.index.clusters import StoryClusterer  # noqa: E402
from storylens.index.features import document_frequencies  # noqa: E402
from storylens.index.stories import StoryIndex  # noqa: E402
from storylens.models import Article  # noqa: E402


def stories_of(idx: StoryIndex) -> dict[str, str]:
    return {n: lk.story for n, lk in idx.links().items()}


def term_counts(arts: list[Article]) -> tuple[Counter[str], int]:
    """Document frequencies of ``arts`` as the clusterer counts them, and how many."""
    return document_frequencies(arts), len(arts)


def simulate_windows(arts: list[Article], size: int, margin_days: int, seeded: bool,
                     originals: set[str]) -> dict[str, str]:
    """The scaled story stage in one process: windows of ``size`` articles
    of ``arts`` (in the index's order), each with the last ``margin_days`` of
    the windows before it, reconciled by the margin's majority; ``seeded``:
    the windows weigh terms as one index (``originals``: the names of the
    articles that are not copies, which the clusterer counts)."""
    corpus = term_counts([a for a in arts if a.name in originals])
    final: dict[str, str] = {}
    done: list[Article] = []
    for lo in range(0, len(arts), size):
        cur = arts[lo:lo + size]
        start = (dt.date.fromisoformat(cur[0].published or "") - dt.timedelta(days=margin_days)).isoformat()
        margin = [a for a in done if (a.published or "") >= start]
        idx = StoryIndex()
        if seeded and done:
            inside = {a.name for a in margin}
            idx.clusterer.seed_df(*term_counts([a for a in done if a.name in originals and a.name not in inside]))
        idx.add_many(margin + cur, corpus_df=corpus if seeded else None)
        local = stories_of(idx)
        votes: dict[str, Counter[str]] = {}
        for a in margin:
            votes.setdefault(local[a.name], Counter())[final[a.name]] += 1
        for a in cur:
            s = local[a.name]
            final[a.name] = min(votes[s], key=lambda x: (-votes[s][x], x)) if s in votes else s
        done.extend(cur)
    return final


def _exact_idf(self: StoryClusterer):
    n = len(self.ids) + 1 + self.earlier_docs
    v = len(self.vocab)
    if self._idf_cache is None or self._idf_n != n or len(self._idf_cache) != v:
        self._idf_cache = self._compute_idf(0, v, n)
        self._idf_n = n
        self._idf_version += 1
    return self._idf_cache


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--window", type=int, default=5_000)
    ap.add_argument("--margin-days", type=int, default=14)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    arts = synthetic_corpus(args.n, args.seed)
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    events = {a.name: a.meta["event"] for a in arts}
    largest = Counter(events.values()).most_common(1)[0][0]
    rest = [a.name for a in arts if events[a.name] != largest]
    t = time.perf_counter()
    one = StoryIndex()
    one.add_many(arts)
    single = stories_of(one)
    print(f"one index: {time.perf_counter() - t:.1f} s", flush=True)
    originals = {n for n, lk in one.links().items() if lk.relation == "original"}
    out: dict[str, object] = {"n": args.n, "window": args.window,
                              "largest_event_share": round(1 - len(rest) / len(arts), 3)}
    out["single_vs_events"] = round(bcubed(single, events)[2], 4)
    for seeded in (False, True):
        t = time.perf_counter()
        win = simulate_windows(arts, args.window, args.margin_days, seeded, originals)
        key = "windows_seeded" if seeded else "windows_plain"
        out[f"{key}_vs_single"] = round(bcubed(win, single)[2], 4)
        out[f"{key}_vs_single_outside_largest_event"] = round(
            bcubed({n: win[n] for n in rest}, {n: single[n] for n in rest})[2], 4)
        out[f"{key}_vs_events"] = round(bcubed(win, events)[2], 4)
        print(f"{key}: {time.perf_counter() - t:.1f} s", flush=True)
    cached = StoryClusterer._idf
    StoryClusterer._idf = _exact_idf  # type: ignore[method-assign]
    try:
        exact = StoryIndex()
        exact.add_many(arts)
    finally:
        StoryClusterer._idf = cached  # type: ignore[method-assign]
    out["single_exact_idf_vs_single"] = round(bcubed(stories_of(exact), single)[2], 4)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
