#!/usr/bin/env python3
"""Issue 14's figures: what a fact-checker acts on, measured on the 24 dev
triplets of ../shared/eval/compare (numbers, quote groups, fidelity flags,
speakers, attributes, sources).

Runs the scorer pipeline end to end, exactly as a user would:

    python ../shared/eval/compare/score.py corpus ../shared/eval/compare/basil_dev T/triplets.jsonl
    python -m storylens analyze T/triplets.jsonl --db T/t.db --out T/out --no-progress
    python ../shared/eval/compare/score.py score ../shared/eval/compare/basil_dev T/out/dossier.json

then prints every figure of the issue's target list as a table, and the
figures as one JSON line last.

    .venv/bin/python benchmarks/bench_findings.py [--work DIR] [--details]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COMPARE = ROOT.parent / "shared" / "eval" / "compare"
SCORER = COMPARE / "score.py"
GOLD = COMPARE / "basil_dev"

# (label, path in the scorer's output, target, higher is better)
TARGETS: list[tuple[str, tuple[str, str], float]] = [
    ("number conflicts: precision", ("conflicts", "precision"), 0.90),
    ("number conflicts: recall", ("conflicts", "recall"), 0.70),
    ("numbers marked agree: precision", ("agree", "precision"), 0.95),
    ("quote groups: pair precision", ("quote_groups", "pair_precision"), 0.95),
    ("quote groups: group recall", ("quote_groups", "group_recall"), 0.90),
    ("reworded flags: precision", ("changed_quotes", "reworded_precision"), 0.90),
    ("altered flags: precision", ("changed_quotes", "altered_precision"), 0.90),
    ("reworded/altered: recall", ("changed_quotes", "recall"), 0.80),
    ("canonical speaker: same person", ("speakers", "canonical_lenient"), 0.93),
    ("canonical speaker: exact name", ("speakers", "canonical_strict"), 0.85),
    ("attribute conflicts: precision", ("attribute_conflicts", "precision"), 0.90),
    ("attribute conflicts: recall", ("attribute_conflicts", "recall"), 0.60),
    ("sources cited: precision", ("sources_cited", "precision"), 0.90),
    ("sources cited: recall", ("sources_cited", "recall"), 0.80),
]
COUNTS = [("conflict flags", ("conflicts", "flags")), ("gold conflicts", ("conflicts", "gold")),
          ("agree flags judged", ("agree", "judged")), ("attribute flags", ("attribute_conflicts", "flags")),
          ("gold attribute conflicts", ("attribute_conflicts", "gold")), ("source flags", ("sources_cited", "flags")),
          ("gold sources", ("sources_cited", "gold")), ("gold quote groups", ("quote_groups", "gold"))]


def run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return done.stdout


def measure(work: Path, details: bool = False) -> dict[str, Any]:
    """The scorer's figures for a fresh analysis of the dev triplets (``work`` holds the files)."""
    py = sys.executable
    corpus, db, out = work / "triplets.jsonl", work / "t.db", work / "out"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    run([py, str(SCORER), "corpus", str(GOLD), str(corpus)])
    t0 = time.perf_counter()
    run([py, "-m", "storylens", "analyze", str(corpus), "--db", str(db), "--out", str(out), "--no-progress"])
    seconds = time.perf_counter() - t0
    scored = json.loads(run([py, str(SCORER), "score", str(GOLD), str(out / "dossier.json")]
                            + (["--details"] if details else [])))
    scored["analyze_seconds"] = round(seconds, 1)
    return scored


def _get(d: dict[str, Any], path: tuple[str, str]) -> Any:
    return (d.get(path[0]) or {}).get(path[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=None, help="folder for the corpus, store and dossier (default: temp)")
    ap.add_argument("--details", action="store_true", help="also print every miss and false alarm")
    args = ap.parse_args()
    if not SCORER.exists():
        print("../shared/eval/compare not found: skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        scored = measure(work, args.details)
    figures: dict[str, Any] = {}
    print(f"{'figure':40} {'measured':>9} {'target':>7}  met")
    for label, path, target in TARGETS:
        v = _get(scored, path)
        figures[label] = v
        met = "yes" if v is not None and v >= target else "NO"
        print(f"{label:40} {'-' if v is None else f'{v:.3f}':>9} {target:>7.2f}  {met}")
    for label, path in COUNTS:
        figures[label] = _get(scored, path)
        print(f"{label:40} {figures[label]!s:>9}")
    figures["analyze seconds"] = scored["analyze_seconds"]
    print(f"{'analyze seconds (72 articles)':40} {scored['analyze_seconds']:>9}")
    if args.details:
        print(json.dumps(scored.get("details", {}), indent=1, ensure_ascii=False))
    print(json.dumps({"bench": "findings", "triplets": scored.get("triplets"), **figures}))


if __name__ == "__main__":
    main()
