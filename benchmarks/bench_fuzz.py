"""The fuzzing harness of the test suite (``tests/fuzz_run.py``), run long:
as many seeded documents as ``--n`` or the time allows, in ``--workers``
processes; prints how many were run, the failures (seed and index, to
reproduce one with ``fuzz_run.reproduce``) and the speed.

    .venv/bin/python benchmarks/bench_fuzz.py [--n 1000000] [--first 0] [--seconds 3600] [--seed 18] [--workers 2]

The count printed is the count run: when ``--seconds`` ends the run first,
it is less than ``--n``. Document ``i`` of a seed is the same in every run,
so a long run can be taken in parts: ``--first 500000 --n 1000000`` takes
the second half of the documents of ``--n 1000000``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_run import run_fuzz  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=3600.0, help="stop after this long (default an hour)")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--first", type=int, default=0,
                    help="take documents FIRST..N-1 only (the same documents as those of a run from 0)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--doc-budget", type=float, default=10.0, help="seconds one document may take")
    ap.add_argument("--json", help="write the report here too")
    ap.add_argument("--progress", type=int, default=10_000,
                    help="each process says on stderr how far it got every this many documents (0: never)")
    a = ap.parse_args(argv)
    report = run_fuzz(a.n, a.seed, seconds=a.seconds, workers=a.workers, doc_budget=a.doc_budget,
                      progress=a.progress, first=a.first)
    print(report.summary())
    asked = a.n - a.first
    print(f"run: {report.documents} of the {asked} documents asked for"
          + (f" (indices {a.first} to {a.n - 1})" if a.first else "")
          + ("" if report.documents >= asked else f" (stopped by --seconds {a.seconds:g})"))
    for f in report.failures[:20]:
        print(f"FAILURE seed {f['seed']} index {f['index']} [{f['stage']}]: {f['reason'].splitlines()[0]}")
    if a.json:
        Path(a.json).write_text(json.dumps({"n": a.n, "first": a.first, "run": report.documents, "failures": report.failures,
                                            "seconds": report.seconds, "summary": report.summary()}, indent=1))
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
