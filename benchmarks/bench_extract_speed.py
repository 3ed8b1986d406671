#!/usr/bin/env python3
"""Extraction speed, single process: plain-text articles/s and HTML pages/s.

Plain text: the seed articles (``../shared/corpus/seeds``), each copy perturbed
so no two inputs are equal, or synthetic articles when ../shared is absent.
HTML: the article-extraction-benchmark pages. Prints the median of several
runs (targets: 200 articles/s and 50 pages/s per core); for HTML also pages
per CPU second (process time), which shared-machine load disturbs less than
wall-clock rates.

    .venv/bin/python benchmarks/bench_extract_speed.py [--quick] [--html-only]
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
    return "\n\n".join([title, title, "Tuesday 14 October 2025 09:05 GMT"] + paras[:4] + furniture + paras[4:])


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


LAST_CPU_RATE = [0.0]  # docs per CPU second of the last rate()/peer_rate() call


def rate(docs: list[RawDocument], **kw: object) -> float:
    """Docs per wall-clock second (the CPU-time rate goes to LAST_CPU_RATE)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for d in docs:
        try:
            extract(d, **kw)
        except StorylensError:
            pass
    LAST_CPU_RATE[0] = len(docs) / (time.process_time() - c0)
    return len(docs) / (time.perf_counter() - t0)


def peer_rate(docs: list[RawDocument]) -> float:
    import trafilatura

    t0, c0 = time.perf_counter(), time.process_time()
    for d in docs:
        trafilatura.extract(d.content)
    LAST_CPU_RATE[0] = len(docs) / (time.process_time() - c0)
    return len(docs) / (time.perf_counter() - t0)


def paired_rates(docs: list[RawDocument], repeats: int) -> dict[str, float]:
    """Pages per CPU second from each page's fastest of ``repeats`` runs, the
    three extractors taking turns on every page (load spikes on a shared
    machine then rarely hit one extractor only)."""
    import trafilatura

    from storylens.extract.html import DEFAULT_SETTINGS, FAST_SETTINGS

    runners = {
        "fast": lambda d: extract(d, html_settings=FAST_SETTINGS),
        "precise": lambda d: extract(d, html_settings=DEFAULT_SETTINGS),
        "peer": lambda d: trafilatura.extract(d.content),
    }
    total = dict.fromkeys(runners, 0.0)
    for i, d in enumerate(docs):
        best = dict.fromkeys(runners, float("inf"))
        for r in range(repeats):
            names = list(runners)
            for name in names[(i + r) % 3 :] + names[: (i + r) % 3]:
                c0 = time.process_time()
                try:
                    runners[name](d)
                except StorylensError:
                    pass
                best[name] = min(best[name], time.process_time() - c0)
        for name in runners:
            total[name] += best[name]
    return {name: len(docs) / t for name, t in total.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer documents and runs")
    ap.add_argument("--html-only", action="store_true", help="skip the plain-text measure")
    ap.add_argument("--paired", type=int, default=0, metavar="K",
                    help="HTML: also per-page fastest of K turns (CPU time), extractors interleaved per page")
    args = ap.parse_args()
    runs = 3 if args.quick else 5
    if not args.html_only:
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
    results: dict[str, list[float]] = {"precise": [], "fast": [], "peer": []}
    cpu: dict[str, list[float]] = {name: [] for name in results}
    for _ in range(hruns):  # interleaved, so load changes hit all three alike
        results["precise"].append(rate(html_docs, html_settings=DEFAULT_SETTINGS))
        cpu["precise"].append(LAST_CPU_RATE[0])
        results["fast"].append(rate(html_docs, html_settings=FAST_SETTINGS))
        cpu["fast"].append(LAST_CPU_RATE[0])
        results["peer"].append(peer_rate(html_docs))
        cpu["peer"].append(LAST_CPU_RATE[0])
    peer, peer_cpu = statistics.median(results["peer"]), statistics.median(cpu["peer"])
    # DEFAULT_SETTINGS is the "precise" preset; the default mode of extract() is FAST_SETTINGS
    for name, label in (("fast", "html (fast, the default mode)"), ("precise", "html (precise: DEFAULT_SETTINGS)"),
                        ("peer", "peer: trafilatura.extract() default")):
        med, med_cpu = statistics.median(results[name]), statistics.median(cpu[name])
        print(f"{label:<36} {med:5.1f} pages/s per core over {len(pages)} pages (median of {hruns}: "
              f"{', '.join(f'{r:.1f}' for r in results[name])})  target 50 -> {med / 50:.2f}x, "
              f"vs peer {med / peer:.2f}x")
        print(f"{'':<36} {med_cpu:5.1f} pages per CPU second (median; runs "
              f"{', '.join(f'{r:.1f}' for r in cpu[name])}), vs peer {med_cpu / peer_cpu:.2f}x")
    if args.paired:
        paired = paired_rates(html_docs, args.paired)
        print(f"paired, per-page fastest of {args.paired} (pages per CPU second): "
              + ", ".join(f"{name} {r:.1f} ({r / paired['peer']:.2f}x peer)" for name, r in paired.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
