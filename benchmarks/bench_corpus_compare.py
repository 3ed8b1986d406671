"""Time of the comparison stage on a whole corpus: PolNeAR's 924 election
articles (796 stories), compared story by story as ``storylens analyze``
does after linking.

    python benchmarks/bench_corpus_compare.py [--store PATH] [--rounds 2]

The articles (title, text, outlet, date) are analysed once into ``--store``
(kept between runs; a temporary store without it, about 1 minute), then
every story is compared ``--rounds`` times in this process
(:class:`storylens.compare.stored.CompareInputs`, nothing saved). Prints the
time to load the inputs, the median time to compare every story, the
seconds per story, and how many echoes and quote groups were found.
Skipped when ``../shared/eval/polnear`` is absent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from storylens.api import analyze  # noqa: E402
from storylens.compare.stored import CompareInputs  # noqa: E402
from storylens.evaluation.clustering import load_polnear_articles  # noqa: E402
from storylens.settings import Settings  # noqa: E402
from storylens.store import Store  # noqa: E402


def build(store: Path, tmp: Path) -> None:
    """Analyse PolNeAR's articles into ``store``."""
    jsonl = tmp / "polnear.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for a in load_polnear_articles(SHARED / "eval" / "polnear"):
            fh.write(json.dumps({"id": a.name, "title": a.title, "text": a.body, "published": a.published,
                                 "outlet": a.outlet}) + "\n")
    analyze([jsonl], settings=Settings(db=str(store), out=str(tmp / "out"), progress=True))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, default=None, help="store to analyse into once and reuse")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if not (SHARED / "eval" / "polnear").exists():
        print("../shared/eval/polnear is absent: nothing to time")
        return
    with tempfile.TemporaryDirectory() as tmp:
        store_path = args.store or Path(tmp) / "polnear.db"
        if not store_path.exists():
            build(store_path, Path(tmp))
        store = Store(str(store_path))
        settings = Settings(db=str(store_path), progress=False)
        t = time.perf_counter()
        inputs = CompareInputs.load(store, settings)
        load = time.perf_counter() - t
        times, echoes, groups = [], 0, 0
        for _ in range(args.rounds):
            t = time.perf_counter()
            echoes = groups = 0
            for story in inputs.stories:
                comp = inputs.compare(story)[0]
                if comp is not None:
                    echoes += len(comp.echoes)
                    groups += len(comp.quote_groups)
            times.append(time.perf_counter() - t)
        med = statistics.median(times)
        n = len(inputs.stories)
        print(f"PolNeAR: {n} stories; load {load:.1f} s; compare all: median {med:.1f} s of {args.rounds} "
              f"({', '.join(f'{x:.1f}' for x in times)}), {med / max(1, n) * 1000:.0f} ms per story; "
              f"{echoes} echoes, {groups} quote groups")


if __name__ == "__main__":
    main()
