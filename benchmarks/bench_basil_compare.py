#!/usr/bin/env python3
"""Cross-outlet comparison on BASIL's 100 same-event triplets (Fox, NYT, HuffPost).

Each triplet is treated as one story: articles go through our extraction and
quote extraction, then ``compare_story``. Prints the counts (quote groups,
groups spanning outlets, reworded / altered renderings, claim conflicts,
attribute conflicts) and a fixed random sample of reworded quotes and claim
conflicts to check by hand, plus the time per story.

    .venv/bin/python benchmarks/bench_basil_compare.py [--examples 10] [--seed 3] [--cache FILE]

Conflicts are sampled as *pairs* of claims (each pair once). ``--cache``
pickles the extracted articles and quotes (built on the first run) so that
comparison changes can be checked on exactly the same inputs.

``--speakers FILE`` writes every quotation's speaker (one JSON line each:
doc, start, kind, speaker, the first words) and, when FILE already holds such
a listing, first prints the quotations whose speaker changed since: the
second-set check of a speaker change (run it before and after; not with a
``--cache`` made before the change, whose quotes are the old ones).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BASIL = ROOT.parent / "shared" / "eval" / "basil"

from storylens.annotate.attribution.corpus_names import canonicalize  # noqa: E402
from storylens.annotate.attribution.finder import extract_quotes  # noqa: E402
from storylens.compare.story import compare_story  # noqa: E402
from storylens.extract import extract  # noqa: E402
from storylens.models import RawDocument  # noqa: E402


def load_triplets() -> dict[str, list[RawDocument]]:
    out: dict[str, list[RawDocument]] = defaultdict(list)
    for f in sorted((BASIL / "articles").glob("*/*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        paras = d.get("body-paragraphs") or []
        if isinstance(paras, str):
            paras = json.loads(paras)
        body = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
        title = (d.get("title") or "").strip()
        out[d["triplet-uuid"]].append(RawDocument(
            name=f.stem, origin=str(f), format="text", content=f"{title}\n\n{body}",
            meta={"title": title, "outlet": d.get("source"), "published": d.get("date")}))
    return out


def speaker_listing(inputs: dict, path: Path) -> None:
    """Write every quotation's speaker to ``path``; print those that changed
    since the listing already there (if any) and how many did."""
    rows = {(doc, q.start): {"doc": doc, "start": q.start, "kind": q.kind, "speaker": q.speaker,
                             "text": q.text[:60]}
            for _tid, (_arts, quotes) in sorted(inputs.items()) for doc, qs in sorted(quotes.items()) for q in qs}
    if path.exists():
        old = {(r["doc"], r["start"]): r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r}
        changed = [k for k in sorted(set(old) | set(rows)) if old.get(k) != rows.get(k)]
        for k in changed:
            a, b = old.get(k), rows.get(k)
            print(f"{k[0][:10]} {k[1]:6} {(a or b)['text'][:40]!r}: {a and a['speaker']!r} -> {b and b['speaker']!r}")
        print(f"speakers: {len(changed)} of {len(rows)} quotations changed since {path}\n")
    path.write_text("".join(json.dumps(r) + "\n" for r in rows.values()), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--examples", type=int, default=10)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of extracted articles + quotes")
    ap.add_argument("--speakers", type=Path, default=None, help="write (and diff against) a speaker listing")
    args = ap.parse_args()
    if not BASIL.exists():
        print("BASIL not found at ../shared/eval/basil: skipped")
        return
    inputs = None
    if args.cache is not None and args.cache.exists():
        inputs = pickle.loads(args.cache.read_bytes())
    if inputs is None:
        inputs = {}
        for tid, raws in sorted(load_triplets().items()):
            arts = [extract(r) for r in raws]
            quotes = {a.name: extract_quotes(a) for a in arts}
            canonicalize(quotes, {a.name: a for a in arts})
            inputs[tid] = (arts, quotes)
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps(inputs))
    if args.speakers is not None:
        speaker_listing(inputs, args.speakers)
    counts: Counter[str] = Counter()
    reworded, conflicts, times = [], [], []
    for tid, (arts, quotes) in sorted(inputs.items()):
        t0 = time.perf_counter()
        res = compare_story(arts, quotes)
        times.append(time.perf_counter() - t0)
        by_name = {a.name: a for a in arts}
        counts["stories"] += 1
        counts["quotes"] += sum(len(q) for q in quotes.values())
        for g in res.quote_groups:
            counts["quote groups"] += 1
            outlets = {by_name[m["doc"]].outlet for m in g["members"]}
            counts["quote groups across outlets"] += len(outlets) > 1
            for m in g["members"]:
                counts[f"members {m['relation']}"] += 1
                if m["relation"] in ("reworded", "altered"):
                    reworded.append((tid, g["reference"], m))
        for k, c in enumerate(res.claims):
            counts["claims"] += 1
            counts[f"claims {c['status']}"] += 1
            for i in c.get("conflicts_with", []):
                if k < i < len(res.claims):
                    conflicts.append((tid, c, res.claims[i], {a.name: a.source for a in arts}))
        counts["claim conflict pairs"] = len(conflicts)
        counts["attribute conflicts"] += len(res.attribute_conflicts)
        counts["framing terms contested"] += sum(1 for t in res.framing["terms"] if t.get("contested"))
    for k in sorted(counts):
        print(f"{k:32} {counts[k]}")
    print(f"{'compare_story per triplet':32} median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    rng = random.Random(args.seed)
    print(f"\n=== {min(args.examples, len(reworded))} reworded/altered renderings (sample) ===")
    for tid, ref, m in rng.sample(reworded, min(args.examples, len(reworded))):
        print(f"- [{m['relation']}] {m['doc']}: “{m['text']}”\n    reference {ref['doc']}: “{ref['text']}”")
    print(f"\n=== {min(args.examples, len(conflicts))} claim conflict pairs (sample) ===")
    rng = random.Random(args.seed)  # independent of the quote sample's size
    for tid, c, p, src in rng.sample(conflicts, min(args.examples, len(conflicts))):
        print(f"- {tid[:8]} {c.get('display') or c['value']}  vs  {p.get('display') or p['value']}")
        for side, claim in (("  ", c), ("vs", p)):
            for m in claim["mentions"][:3]:
                text = " ".join(src[m["doc"]][max(0, m["start"] - 90):m["end"] + 60].split())
                print(f"    {side} {m['doc'][-2:]}: …{text}…")


if __name__ == "__main__":
    main()
