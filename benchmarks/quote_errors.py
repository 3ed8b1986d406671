"""Error analysis for quote speakers on PolNeAR: prints speaker misses with
context, grouped by how the extractor attributed the quote.

    .venv/bin/python benchmarks/quote_errors.py [--split train|dev] [--show N] [--how HOW]

For each matched gold quote whose predicted speaker mention does not overlap
the gold Source span, the line shows the attribution route (``how``), the
predicted mention, the gold Source text, and the text around the quote.
Unmatched gold quotes (recall misses) and unmatched predictions (precision
misses) are listed too.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from storylens.annotate.attribution.finder import QuoteFinder  # noqa: E402
from storylens.evaluation.polnear import load_polnear  # noqa: E402


def _ctx(text: str, s: int, e: int, width: int = 110) -> str:
    a, b = max(0, s - width), min(len(text), e + width)
    return text[a:b].replace("\n", " ¶ ")


def _analyse(docs):
    """Yield (category, how, detail) records for every error."""
    for d in docs:
        qf = QuoteFinder(d.text, d.name)
        quotes = qf.run()
        hows = getattr(qf, "last_hows", [None] * len(quotes))
        preds = sorted(
            ((q, h) for q, h in zip(quotes, hows) if q.kind not in ("scare", "title")),
            key=lambda x: (x[0].start, x[0].end),
        )
        used = [False] * len(preds)
        for g in sorted(d.gold, key=lambda g: g.start):
            glen = max(1, g.end - g.start)
            hit = None
            for k, (p, h) in enumerate(preds):
                if used[k]:
                    continue
                ov = min(p.end, g.end) - max(p.start, g.start)
                if ov > 0 and ov * 2 >= glen and ov * 2 >= max(1, p.end - p.start):
                    used[k] = True
                    hit = (p, h)
                    break
            if hit is None:
                yield "missed", "-", f"{d.name}: [{d.text[g.start:g.end][:60]}] ctx: {_ctx(d.text, g.start, g.end, 60)}"
                continue
            p, h = hit
            if not g.sources:
                continue
            ss, se = p.speaker_start, p.speaker_end
            if ss is not None and se is not None and any(ss < e and s < se for s, e in g.sources):
                yield "right", h or "?", ""
                continue
            gs = " | ".join(d.text[s:e] for s, e in g.sources)
            pm = d.text[ss:se] if ss is not None else None
            lo = min([g.start] + [s for s, _ in g.sources] + ([ss] if ss is not None else []))
            hi = max([g.end] + [e for _, e in g.sources] + ([se] if se is not None else []))
            if hi - lo > 600:
                ctx = _ctx(d.text, g.start, g.end, 120)
            else:
                ctx = _ctx(d.text, lo, hi, 40)
            yield "wrong", h or "?", f"{d.name}: pred={pm!r} cue={p.cue!r} gold={gs!r}\n      {ctx}"
        for k, (p, h) in enumerate(preds):
            if not used[k]:
                yield "spurious", p.kind, f"{d.name}: [{p.text[:60]}] ctx: {_ctx(d.text, p.start, p.end, 60)}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train", choices=("dev", "train"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", type=int, default=8, help="examples per group")
    ap.add_argument("--how", default=None, help="only this attribution route")
    ap.add_argument("--cat", default=None, help="only this category (wrong, missed, spurious)")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print("../shared is absent: nothing to analyse")
        return 0
    docs = load_polnear(SHARED / "eval" / "polnear" / args.split, limit=args.limit)
    groups: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    counts: collections.Counter = collections.Counter()
    for cat, how, detail in _analyse(docs):
        counts[(cat, how)] += 1
        if cat != "right":
            groups[(cat, how)].append(detail)
    print("counts (category, route):")
    for (cat, how), n in sorted(counts.items(), key=lambda x: (x[0][0], -x[1])):
        print(f"  {cat:<9} {how:<18} {n}")
    for (cat, how), items in sorted(groups.items(), key=lambda x: -len(x[1])):
        if args.how and how != args.how or args.cat and cat != args.cat:
            continue
        print(f"\n== {cat} / {how}: {len(items)}")
        for it in items[: args.show]:
            print("  -", it)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
