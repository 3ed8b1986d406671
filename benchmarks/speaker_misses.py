"""Speaker misses on PolNeAR, counted by category.

    .venv/bin/python benchmarks/speaker_misses.py [--split train|dev] [--show N] [--cat CAT]

For every matched gold quote whose predicted speaker mention does not overlap
the gold Source span, one category (first that applies):

- ``none``: no speaker mention predicted;
- ``relative``: the predicted or the gold mention is a relative pronoun
  (``who``/``which``/``that``), the other one its antecedent or not;
- ``cue-only``: the gold Source span holds only the cue (``said``) or
  overlaps the predicted cue;
- ``same-person:<pred>-><gold>``: both mentions resolve to the same canonical
  name (another mention of the same person: ``pronoun->name``,
  ``name->pronoun``, ``name->name``, ``pronoun->pronoun``);
- ``nested``: the gold Source is another mention in the quote's sentence
  (a report, a poll, an outer speaker: ``CNN reported that X said``);
- ``other-sentence-before`` / ``other-sentence-after``: the gold Source lies
  in another sentence.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from storylens.annotate.attribution.cues import CUE_FORMS, PRONOUN_GENDER  # noqa: E402
from storylens.annotate.attribution.finder import QuoteFinder  # noqa: E402
from storylens.annotate.attribution.phrases import Mention  # noqa: E402
from storylens.evaluation.polnear import load_polnear  # noqa: E402

_PRON = set(PRONOUN_GENDER) | {"i", "we", "you", "it", "they"}
_REL = {"who", "which", "that", "whom", "whose"}


def matched(doc, quotes):
    """Yield ``(gold, index of the predicted quote)`` for matched gold quotes, as the scorer pairs them."""
    order = sorted((i for i, q in enumerate(quotes) if q.kind not in ("scare", "title")),
                   key=lambda i: (quotes[i].start, quotes[i].end))
    used = set()
    for g in sorted(doc.gold, key=lambda g: g.start):
        glen = max(1, g.end - g.start)
        for i in order:
            if i in used:
                continue
            p = quotes[i]
            ov = min(p.end, g.end) - max(p.start, g.start)
            if ov > 0 and ov * 2 >= glen and ov * 2 >= max(1, p.end - p.start):
                used.add(i)
                yield g, i
                break


def category(qf: QuoteFinder, q, f, g) -> str:
    text = qf.text
    gs = [(s, e) for s, e in g.sources]
    gtext = " ".join(text[s:e] for s, e in gs).strip()
    glow = gtext.lower()
    if q.speaker_start is None:
        return "none"
    ptext = text[q.speaker_start:q.speaker_end]
    plow = ptext.lower()
    if plow in _REL or glow in _REL or glow.endswith((", who", " who")):
        return "relative"
    cue = f.att.cue_start if f.att is not None else None
    words = glow.replace(",", " ").split()
    if words and all(w in CUE_FORMS or w in ("to", "according") for w in words):
        return "cue-only"
    if cue is not None and any(s <= cue < e for s, e in gs):
        return "cue-only"
    s0, e0 = gs[0]
    gname = qf.resolve_mention(Mention(s0, e0, text[s0:e0]))
    if gname and q.speaker and gname == q.speaker:
        kp = "pronoun" if plow in _PRON else "name"
        kg = "pronoun" if glow in _PRON else "name"
        return f"same-person:{kp}->{kg}"
    if q.sentence_start <= s0 and e0 <= q.sentence_end:
        return "nested"
    return "other-sentence-before" if s0 < q.sentence_start else "other-sentence-after"


def analyse(docs):
    for d in docs:
        qf = QuoteFinder(d.text, d.name)
        quotes = qf.run()
        found = qf.last_found
        for g, i in matched(d, quotes):
            if not g.sources:
                continue
            q, f = quotes[i], found[i]
            if q.speaker_start is not None and any(q.speaker_start < e and s < q.speaker_end for s, e in g.sources):
                yield "right", f.how, None
                continue
            cat = category(qf, q, f, g)
            gtext = " | ".join(d.text[s:e] for s, e in g.sources)
            ptext = d.text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None
            lo = max(0, min([q.sentence_start] + [s for s, _ in g.sources]) - 40)
            hi = min(len(d.text), max([q.sentence_end] + [e for _, e in g.sources]) + 20)
            if hi - lo > 500:
                lo, hi = max(0, q.start - 200), min(len(d.text), q.end + 120)
            ctx = d.text[lo:hi].replace("\n", " ¶ ")
            yield cat, f.how, f"{d.name}: pred={ptext!r} ({f.how}) gold={gtext!r}\n      {ctx}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train", choices=("dev", "train"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--cat", default=None)
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print("../shared is absent: nothing to analyse")
        return 0
    docs = load_polnear(SHARED / "eval" / "polnear" / args.split, limit=args.limit)
    counts: collections.Counter = collections.Counter()
    by_route: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for cat, how, detail in analyse(docs):
        counts[cat] += 1
        if cat != "right":
            by_route[cat][how or "-"] += 1
            examples[cat].append(detail)
    scored = sum(counts.values())
    wrong = scored - counts["right"]
    print(f"{args.split}: {scored} scored, {counts['right']} right ({counts['right'] / scored:.3f}), {wrong} wrong")
    for cat, n in counts.most_common():
        if cat == "right":
            continue
        routes = ", ".join(f"{h} {k}" for h, k in by_route[cat].most_common(5))
        print(f"  {cat:<28} {n:4d}  ({n / wrong:.0%})  routes: {routes}")
    for cat, items in examples.items():
        if args.cat and cat != args.cat:
            continue
        if args.show:
            print(f"\n== {cat}: {len(items)}")
            for it in items[: args.show]:
                print("  -", it)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
