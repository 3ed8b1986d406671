#!/usr/bin/env python3
"""Ingest + extract throughput per core, from files on disk.

Writes a temporary folder of plain-text articles (the seeds perturbed, or
synthetic text when ../shared is absent) and one of HTML pages (the
article-extraction-benchmark pages), then times ``ingest`` (read, decode,
hash) followed by ``extract`` in one process. Prints the median of several
runs. Targets: 200 plain-text articles/s and 50 HTML pages/s per core.

    .venv/bin/python benchmarks/bench_ingest_extract.py [--runs 5] [--n 400]
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
SHARED = ROOT.parent / "shared"

from bench_extract_speed import synthetic_article  # noqa: E402

from storylens.errors import StorylensError  # noqa: E402
from storylens.extract import extract  # noqa: E402
from storylens.ingest import ingest  # noqa: E402
from storylens.models import RawDocument  # noqa: E402


def write_text_corpus(d: Path, n: int, rng: random.Random) -> None:
    seeds = sorted((SHARED / "corpus" / "seeds").glob("*.txt")) if SHARED.exists() else []
    for i in range(n):
        if seeds:
            text = seeds[i % len(seeds)].read_text(encoding="utf-8")
            text += f"\nThe archive reference for this copy is {i} and {rng.random():.6f}.\n"
        else:
            text = synthetic_article(rng)
        (d / f"a{i:05d}.txt").write_text(text, encoding="utf-8")


def write_html_corpus(d: Path, n: int) -> int:
    pages = sorted((SHARED / "eval" / "html_extraction" / "html").glob("*.html.gz")) if SHARED.exists() else []
    for i, p in enumerate(pages[:n]):
        (d / f"p{i:05d}.html").write_bytes(gzip.decompress(p.read_bytes()))
    return min(n, len(pages))


def run(folder: Path, mode: str = "fast") -> tuple[int, float]:
    t0 = time.perf_counter()
    ok = 0
    for item in ingest([folder]):
        if isinstance(item, RawDocument):
            try:
                extract(item, html_settings=mode)
                ok += 1
            except StorylensError:
                pass
    return ok, time.perf_counter() - t0


def peer_rate(folder: Path) -> float:
    import trafilatura

    t0 = time.perf_counter()
    n = 0
    for p in sorted(folder.glob("*.html")):
        trafilatura.extract(p.read_bytes().decode("utf-8", "replace"))
        n += 1
    return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--n", type=int, default=400, help="plain-text articles")
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        td, hd = Path(tmp) / "txt", Path(tmp) / "html"
        td.mkdir()
        hd.mkdir()
        write_text_corpus(td, args.n, rng)
        n_html = write_html_corpus(hd, 181)
        for label, folder, target in (("plain text", td, 200), ("HTML", hd, 50)):
            if label == "HTML" and not n_html:
                print("HTML: skipped (../shared/eval/html_extraction absent)")
                continue
            rates = []
            for _ in range(args.runs):
                ok, sec = run(folder)
                rates.append(ok / sec)
            print(f"{label:10}: {statistics.median(rates):7.1f} docs/s per core (median of {args.runs}; "
                  f"min {min(rates):.1f}, max {max(rates):.1f}; {ok} docs; target {target})")
            if label == "HTML":
                precise = [(lambda r: r[0] / r[1])(run(folder, "precise")) for _ in range(args.runs)]
                print(f"{'HTML precise':10}: {statistics.median(precise):7.1f} docs/s per core (--html-mode precise)")
                peer = [peer_rate(hd) for _ in range(args.runs)]
                m, pm = statistics.median(rates), statistics.median(peer)
                print(f"{'peer':10}: {pm:7.1f} docs/s per core: trafilatura.extract() on the same files, "
                      f"text only, no metadata (median of {args.runs}); storylens/peer = {m / pm:.2f}")


if __name__ == "__main__":
    main()
