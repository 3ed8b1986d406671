#!/usr/bin/env python3
"""Extraction speed, single process: plain-text articles/s and HTML pages/s.

Plain text: the seed articles (``../shared/corpus/seeds``), each copy perturbed
so no two inputs are equal, or synthetic articles when ../shared is absent.
HTML: the article-extraction-benchmark pages. Prints the median of several
runs (targets: 200 articles/s and 50 pages/s per core).

    .venv/bin/python benchmarks/bench_extract_speed.py [--quick]
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from storylens.errors import StorylensError  # noqa: E402
from storylens.extract import extract  # noqa: E402
from storylens.models import RawDocument  # noqa: E402

WORDS = ("harbour board union night shifts container terminal ships crowns chair said would "
         "the of and to a in on for with at by from port workers contract strike vote").split()


def synthetic_article(rng: random.Random) -> str:
    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."

    title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
    paras = [" ".join(sentence() for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(8, 20))]
    furniture = ["Photo: Harbour Press", "Advertisement", "Read more: Night shifts", "Comments are closed."]
    return "\n\n".join([title, title, "Saturday 22 March 2025 01:33 GMT"] + paras[:4] + furniture + paras[4:])


def text_inputs(n: int) -> list[str]:
    rng = random.Random(7)
    seeds = sorted((SHARED / "corpus" / "seeds").glob("*.txt"))
    base = [p.read_text(encoding="utf-8") for p in seeds] or [synthetic_article(rng) for _ in range(5)]
    out = []
    for i in range(n):
        lines = base[i % len(base)].split("\n")
        k = rng.randrange(len(lines))
        lines[k] = f"{lines[k]} {i}" if lines[k].strip() else lines[k]
        out.append("\n".join(lines))
    return out


def html_inputs(limit: int | None) -> list[str]:
    paths = sorted((SHARED / "eval" / "html_extraction" / "html").glob("*.html.gz"))[:limit]
    out = []
    for p in paths:
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            out.append(fh.read())
    return out


def rate(docs: list[RawDocument], **kw: object) -> float:
    t0 = time.perf_counter()
    for d in docs:
        try:
            extract(d, **kw)
        except StorylensError:
            pass
    return len(docs) / (time.perf_counter() - t0)


def peer_rate(docs: list[RawDocument]) -> float:
    import trafilatura

    t0 = time.perf_counter()
    for d in docs:
        trafilatura.extract(d.content)
    return len(docs) / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer documents and runs")
    args = ap.parse_args()
    runs = 3 if args.quick else 5
    texts = [RawDocument(f"t{i}", "bench", "text", t) for i, t in enumerate(text_inputs(200 if args.quick else 1000))]
    rate(texts[:20])  # warm-up
    rates = [rate(texts) for _ in range(runs)]
    med = statistics.median(rates)
    print(f"plain text: {med:.0f} articles/s per core (median of {runs}; runs {', '.join(f'{r:.0f}' for r in rates)})"
          f"  target 200 -> {med / 200:.1f}x")
    pages = html_inputs(30 if args.quick else None)
    if not pages:
        print("html: skipped (../shared/eval/html_extraction is absent)")
        return 0
    html_docs = [RawDocument(f"h{i}", "bench", "html", h) for i, h in enumerate(pages)]
    rate(html_docs[:3])  # warm-up (imports trafilatura)
    from storylens.extract.html import DEFAULT_SETTINGS, FAST_SETTINGS

    hruns = 2 if args.quick else 3
    results: dict[str, list[float]] = {"default": [], "fast": [], "peer": []}
    for _ in range(hruns):  # interleaved, so load changes hit all three alike
        results["default"].append(rate(html_docs, html_settings=DEFAULT_SETTINGS))
        results["fast"].append(rate(html_docs, html_settings=FAST_SETTINGS))
        results["peer"].append(peer_rate(html_docs))
    peer = statistics.median(results["peer"])
    for name, label in (("default", "html (default settings)"), ("fast", "html (FAST_SETTINGS)"),
                        ("peer", "peer: trafilatura.extract() default")):
        med = statistics.median(results[name])
        print(f"{label:<36} {med:5.1f} pages/s per core over {len(pages)} pages (median of {hruns}: "
              f"{', '.join(f'{r:.1f}' for r in results[name])})  target 50 -> {med / 50:.2f}x, "
              f"vs peer {med / peer:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
