#!/usr/bin/env python3
"""Repeated shapes: `storylens analyze` of documents made of one short unit
repeated ("A. ", "A’s ", "“A,” he said. ", one-letter lines ...), at two
sizes, each in a process of its own, against news-like prose of the same
length (the peer, `hostile_docs.many_sentences`) measured in the same run.

A rule that re-reads the rest of the text at each unit shows as a growth
over 2 when the size doubles; every figure is the median of ``--rounds``.

    .venv/bin/python benchmarks/bench_shapes.py [--size 60000] [--rounds 3] [--shape NAME ...]

Prints one row per shape: seconds at the size and at twice it, their ratio
(the growth), and the ratio to the prose of the larger size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from hostile_docs import many_sentences  # noqa: E402

SHAPES: dict[str, str] = {
    "one-letter lines": "A\n",
    "capital and full stop": "A. ",
    "capital words": "A ",
    "capital possessives": "A\u2019s ",
    "straight possessives": "'s ",
    "short quotations": "\u201cA,\u201d he said. ",
    "A of B": "A of B ",
    "I": "I ",
    "title-case words": "Word ",
    "spaces": " ",
    "commas": "a, ",
    "Mr. A said": "Mr. A said ",
    "hyphened capitals": "A-",
}


def _doc(unit: str, size: int) -> str:
    return "The council met on Monday. " + unit * (size // len(unit)) + " The council said it would meet again."


def _analyze(text: str) -> float:
    """Seconds of `storylens analyze` over two articles holding ``text``, in a process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(2):
                fh.write(json.dumps({"id": f"h{i}", "title": "Council meets", "text": text, "outlet": f"Outlet {i}",
                                     "published": "2024-05-01"}) + "\n")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "storylens", "analyze", str(path), "--db", f"{tmp}/t.db",
                        "--out", f"{tmp}/out", "--no-progress"], cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - t


def _prose(size: int) -> str:
    text = many_sentences(size // 70 + 10)
    return text[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=60_000, help="characters of the smaller document (default 60,000)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    args = ap.parse_args()
    n, big = args.size, 2 * args.size
    peer = statistics.median(_analyze(_prose(big)) for _ in range(args.rounds))
    print(f"peer: news-like prose of {big:,} characters: {peer:.1f} s (median of {args.rounds})")
    print(f"{'shape':24} {f'{n:,} chars':>12} {f'{big:,} chars':>13} {'growth':>7} {'x prose':>8}")
    rows = {}
    for name in args.shape or SHAPES:
        unit = SHAPES[name]
        small = statistics.median(_analyze(_doc(unit, n)) for _ in range(args.rounds))
        large = statistics.median(_analyze(_doc(unit, big)) for _ in range(args.rounds))
        rows[name] = {"small_s": round(small, 2), "large_s": round(large, 2), "growth": round(large / small, 2),
                      "vs_prose": round(large / peer, 2)}
        print(f"{name:24} {small:11.1f}s {large:12.1f}s {large / small:7.2f} {large / peer:8.2f}", flush=True)
    print(json.dumps({"bench": "shapes", "size": n, "rounds": args.rounds, "prose_s": round(peer, 2), "shapes": rows}))


if __name__ == "__main__":
    main()
