"""What makes the story stage cost more per article: articles a day, or articles in all?

The synthetic corpus of ``bench_scale.py`` spreads any size over the same 730
days, so a larger corpus is also a denser one (137 articles a day at 100k,
1,370 at 1M). This benchmark separates the two: it clusters the same
articles (``StoryIndex.add_many``, as one process or one window does) with
their days as generated and with their days compressed ``k``-fold (every
event keeps its articles; ``k`` times as many articles share a day), and a
corpus of twice the size compressed half as much (the same articles a day).

    .venv/bin/python benchmarks/bench_story_density.py [--n 20000] [--k 10] [--known-copies]

``--known-copies`` clusters as a time window of a ``--scheduler`` run does:
the generator's reprints are given as copies (``StoryIndex.add_many``'s
``copy_of``; a reprint sorted before its source counts as an original) and
no text is compared.

Prints one line per run and, last, a JSON object with the cost per article
of each and the ratios against the first (the same run's peer).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import synthetic_corpus  # noqa: E402

from storylens.index.stories import StoryIndex  # noqa: E402

START = dt.date(2023, 1, 1).toordinal()
DAYS = 731


def _reprints(arts: list) -> dict[str, str]:
    """Reprint name -> the name of its source, where the source comes first."""
    seen: set[str] = set()
    out = {}
    for a in arts:
        src = a.meta.get("reprint_of")
        if src in seen:
            out[a.name] = src
        seen.add(a.name)
    return out


def run(n: int, k: int, known_copies: bool = False) -> dict:
    """Cluster ``n`` daily-events articles with their days compressed ``k``-fold."""
    arts = [copy.copy(a) for a in synthetic_corpus(n, seed=1, events="daily")]
    for a in arts:
        day = dt.date.fromisoformat(a.published).toordinal()
        a.published = dt.date.fromordinal(START + (day - START) // k).isoformat()
    arts.sort(key=lambda a: (a.published or "9999", a.name))
    copy_of = _reprints(arts) if known_copies else None
    idx = StoryIndex()
    t = time.perf_counter()
    idx.add_many(arts, copy_of=copy_of)
    secs = time.perf_counter() - t
    out = {"n": n, "k": k, "known_copies": known_copies, "per_day": round(n * k / DAYS), "s": round(secs, 1),
           "ms": round(1000 * secs / n, 3), "stories": len({link.story for link in idx.links().values()})}
    print(f"{n} articles, days compressed {k}x: {out['per_day']} a day, {secs:.1f} s, {out['ms']:.2f} ms an article, "
          f"{out['stories']} stories", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--k", type=int, default=10, help="compression of the days (an even number)")
    ap.add_argument("--known-copies", action="store_true",
                    help="give the generator's reprints as copies, as a time window of a --scheduler run does")
    args = ap.parse_args()
    kc = args.known_copies
    runs = [run(args.n, 1, kc), run(args.n, args.k, kc), run(2 * args.n, args.k // 2, kc)]
    base = runs[0]["ms"]
    print(json.dumps({"runs": runs, "denser_vs_as_generated": round(runs[1]["ms"] / base, 3),
                      "twice_the_size_same_density_vs_denser": round(runs[2]["ms"] / runs[1]["ms"], 3)}))


if __name__ == "__main__":
    main()
