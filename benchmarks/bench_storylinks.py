"""Story links and storylines on BASIL: how many the index draws, for reading by hand.

BASIL's 100 triplets are 100 separate events over ten years (2010-2019); a few
of them continue one another (the 2019 shutdown, the Mueller report), most do
not. There is no gold for links, so this script prints each link with its two
stories' first dates and labels and the reason the index gives, to be judged
by reading; and the counts with the library defaults and, in the same run,
with the quotation test switched off (links by similarity alone), so the
share the quotation test adds is visible.

    python benchmarks/bench_storylinks.py            # counts
    python benchmarks/bench_storylinks.py --list     # and every link
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from storylens.evaluation.clustering import load_basil  # noqa: E402
from storylens.index.records import Story, StoryLink  # noqa: E402
from storylens.index.stories import StoryIndex  # noqa: E402
from storylens.index.storylines import build_storylines  # noqa: E402
from storylens.index.storylinks import link_stories  # noqa: E402

SIMILARITY_ONLY = {"min_quote_words": 10**6}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true", help="print every link of the library defaults")
    args = ap.parse_args()
    root = SHARED / "eval" / "basil"
    if not root.is_dir():
        print(f"skipped: {root} is absent")
        return 0
    arts, _ = load_basil(root)
    idx = StoryIndex()
    idx.add_many(sorted(arts, key=lambda a: (a.published or "9999", a.name)))
    rows = {s["id"]: s for s in idx.stories()}
    stories = [Story.from_json(s) for s in rows.values()]
    print(f"BASIL: {len(arts)} articles, {len(rows)} stories")
    shown = None
    for name, opts in (("library defaults", {}), ("similarity alone", SIMILARITY_ONLY)):
        t0 = time.perf_counter()
        links = link_stories(idx, **opts)
        took = time.perf_counter() - t0
        lines = build_storylines(stories, [StoryLink.from_json(lk) for lk in links])
        quoted = sum(1 for lk in links if lk["quote_overlap"] > 0)
        print(f"{name:18s} links {len(links):4d} (quotation shown in {quoted}), storylines {len(lines):3d} "
              f"holding {sum(len(sl.stories) for sl in lines)} stories; {took:.2f} s")
        shown = shown or links
    if args.list:
        for lk in shown or []:
            a, b = (rows[s] for s in lk["stories"])
            print(f"{a['date_range'][0]} {a['label'][:60]!r}\n  <> {b['date_range'][0]} {b['label'][:60]!r}\n"
                  f"     {lk['why']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
