#!/usr/bin/env python3
"""Main-text quality on the article-extraction-benchmark pages.

Prints precision/recall/F1 over word 4-shingles (the benchmark's metric) for
``storylens.extract`` (``article.body``) and, in the same run, for the peer:
plain ``trafilatura.extract(html)`` with default settings, plus the settings
the benchmark itself used (``include_comments=False``).

    .venv/bin/python benchmarks/bench_html_extraction.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH = ROOT.parent / "shared" / "eval" / "html_extraction"

from storylens.errors import StorylensError  # noqa: E402
from storylens.extract import extract  # noqa: E402
from storylens.extract.scoring import aggregate, shingle_counts  # noqa: E402
from storylens.models import RawDocument  # noqa: E402


def ours(key: str, html: str) -> str:
    try:
        return extract(RawDocument(name=key, origin=key, format="html", content=html)).body
    except StorylensError:
        return ""


def ours_precise(key: str, html: str) -> str:
    try:
        return extract(RawDocument(name=key, origin=key, format="html", content=html), html_settings="precise").body
    except StorylensError:
        return ""


def peer_default(key: str, html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def peer_benchmark(key: str, html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def run(name: str, fn: Callable[[str, str], str], pages: dict[str, str], truth: dict) -> dict[str, float]:
    t0 = time.perf_counter()
    counts = [shingle_counts(truth[k].get("articleBody", ""), fn(k, html)) for k, html in pages.items()]
    dt = time.perf_counter() - t0
    scores = aggregate(counts)
    scores["pages_per_s"] = len(pages) / dt
    print(
        f"{name:<34} F1={scores['f1']:.4f}  P={scores['precision']:.4f}  R={scores['recall']:.4f}"
        f"  ({scores['pages_per_s']:.1f} pages/s)",
        flush=True,
    )
    return scores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = ap.parse_args()
    if not BENCH.exists():
        print(f"skipped: {BENCH} is absent")
        return 0
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for path in sorted((BENCH / "html").glob("*.html.gz"))[: args.limit]:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            pages[path.name.split(".")[0]] = fh.read()
    print(f"{len(pages)} pages; metric: word 4-shingles, per-page averages")
    import trafilatura

    ours("warmup", next(iter(pages.values())))
    us = run("storylens.extract (fast, default)", ours, pages, truth)
    run("storylens.extract (precise)", ours_precise, pages, truth)
    peer = run(f"trafilatura {trafilatura.__version__} extract() default", peer_default, pages, truth)
    run("trafilatura extract(include_comments=False)", peer_benchmark, pages, truth)
    print(f"F1 ratio storylens/peer: {us['f1'] / peer['f1']:.4f}; "
          f"speed ratio: {us['pages_per_s'] / peer['pages_per_s']:.2f}")
    print("reference: trafilatura 2.0 published F1 0.958 on this benchmark")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
