"""Quote extraction benchmark: storylens vs textacy 0.13 on PolNeAR, plus the seeds.

Runs both extractors on the same PolNeAR texts in one run and prints
precision, recall, F1, speaker accuracy, attributed F1 and docs/s for each,
and the speed ratio; then the seed-article figures.

    .venv/bin/python benchmarks/bench_quotes.py [--split dev|train] [--limit N] [--no-peer] [--rules-only]
                                                [--rounds 3]

Speed is measured in rounds: each round times one storylens pass and one
peer pass back to back, so that both see the same machine load. The printed
docs/s are medians over the rounds, and the speed ratio is the median of the
per-round ratios (this machine is shared and noisy).

The peer is ``textacy.extract.triples.direct_quotations`` over full
``en_core_web_sm`` parses (the time includes parsing). textacy gives up on a
whole document when its quotation marks are unbalanced; the peer is then
retried paragraph by paragraph (figures for both are printed), so that it is
not judged on a failure mode that a user would work around.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from peers import require  # noqa: E402

from storylens.annotate.attribution.finder import QuoteFinder, extract_quotes  # noqa: E402
from storylens.evaluation.polnear import QuoteScores, load_polnear, score_quotes  # noqa: E402


def run_storylens(docs, use_parser: bool = True):
    """Quotes for every doc and the docs/s of one pass."""
    t = time.perf_counter()
    preds = {d.name: QuoteFinder(d.text, d.name, use_parser=use_parser).run() for d in docs}
    return preds, len(docs) / (time.perf_counter() - t)


def _triples(sd, offset: int = 0):
    from textacy.extract.triples import direct_quotations

    out = []
    for tr in direct_quotations(sd):
        c = tr.content
        out.append({
            "start": offset + c[0].idx + len(c[0].text),
            "end": offset + c[-1].idx,
            "kind": "direct",
            "speaker_start": offset + min(t.idx for t in tr.speaker),
            "speaker_end": offset + max(t.idx + len(t.text) for t in tr.speaker),
        })
    return out


def run_peer(docs):
    """textacy over full parses: (whole-doc preds, with paragraph retry preds, docs/s)."""
    from storylens.annotate.nlp import load_nlp

    nlp = load_nlp()
    t = time.perf_counter()
    whole, retry = {}, {}
    for d, sd in zip(docs, nlp.pipe([d.text for d in docs])):
        try:
            whole[d.name] = retry[d.name] = _triples(sd)
        except ValueError:  # unbalanced quotation marks: textacy bails out
            whole[d.name] = []
            out, start = [], 0
            toks = list(sd) + [None]
            for tok in toks:
                if tok is None or "\n" in tok.text:
                    end = tok.i if tok is not None else len(sd)
                    if end > start:
                        span = sd[start:end]
                        try:
                            out.extend(_triples(span.as_doc(), span.start_char))
                        except ValueError:
                            pass
                    start = tok.i + 1 if tok is not None else 0
            retry[d.name] = out
    rate = len(docs) / (time.perf_counter() - t)
    return whole, retry, rate


def score(docs, preds) -> QuoteScores:
    total = QuoteScores()
    for d in docs:
        total.add(score_quotes(preds.get(d.name, []), d.gold))
    return total


def line(name: str, sc: QuoteScores, rate: float | None) -> str:
    r = f"{rate:8.1f}" if rate is not None else "       -"
    return (f"{name:<28} P {sc.precision:.3f}  R {sc.recall:.3f}  F1 {sc.f1:.3f}  "
            f"spk {sc.speaker_accuracy:.3f}  attrF1 {sc.attributed_f1:.3f}  docs/s {r}")


def seeds_report() -> dict:
    """Seed figures: speech quotes found with the right canonical speaker;
    scare/boilerplate quotes not reported as speech."""
    from storylens.extract import extract
    from storylens.models import RawDocument

    gold = json.loads((SHARED / "eval" / "seeds" / "gold.json").read_text())["articles"]
    right = speech = wrong_speech = non_speech = 0
    misses = []
    for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        art = extract(RawDocument(name=p.stem, origin=str(p), format="text", content=p.read_text()))
        qs = extract_quotes(art)
        for g in gold[p.name]["quotes"]:
            cand = [q for q in qs if q.text.rstrip(",") == g["text"]]
            if g["kind"] in ("direct", "partial"):
                speech += 1
                if cand and cand[0].is_speech and cand[0].speaker == g["speaker"]:
                    right += 1
                else:
                    misses.append((p.stem, g["text"][:50]))
            else:
                non_speech += 1
                if cand and cand[0].is_speech:
                    wrong_speech += 1
    return {"speech_quotes": speech, "right_speaker": right, "non_speech": non_speech,
            "non_speech_reported_as_speech": wrong_speech, "misses": misses}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-peer", action="store_true", help="skip the textacy peer")
    ap.add_argument("--rules-only", action="store_true", help="also run without the dependency-parse fallback")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds (storylens and the peer back to back)")
    args = ap.parse_args(argv)
    if not args.no_peer:
        require("textacy", flag="--no-peer")
    if not SHARED.exists():
        print("../shared is absent: nothing to benchmark")
        return 0
    docs = load_polnear(SHARED / "eval" / "polnear" / args.split, limit=args.limit)
    print(f"PolNeAR {args.split}: {len(docs)} texts, {sum(len(d.gold) for d in docs)} gold quotes")
    run_storylens(docs[:5])  # load the parser outside the timings
    rates, rrates, prates, ratios = [], [], [], []
    for r in range(args.rounds):
        preds, rate = run_storylens(docs)
        rates.append(rate)
        if args.rules_only:
            rpreds, rrate = run_storylens(docs, use_parser=False)
            rrates.append(rrate)
        if not args.no_peer:
            whole, retry, prate = run_peer(docs)
            prates.append(prate)
            ratios.append(rate / prate)
            print(f"  round {r + 1}: storylens {rate:.1f} docs/s, textacy {prate:.1f} docs/s, ratio {rate / prate:.1f}x",
                  flush=True)
    rate = statistics.median(rates)
    print(line("storylens", score(docs, preds), rate))
    if args.rules_only:
        print(line("storylens (rules only)", score(docs, rpreds), statistics.median(rrates)))
    if not args.no_peer:
        prate = statistics.median(prates)
        print(line("textacy 0.13 (whole doc)", score(docs, whole), prate))
        print(line("textacy 0.13 (para retry)", score(docs, retry), prate))
        print(f"speed ratio storylens/textacy: {statistics.median(ratios):.1f}x (median of {len(ratios)} rounds: "
              f"{', '.join(f'{x:.1f}' for x in ratios)})")
    if (SHARED / "eval" / "seeds" / "gold.json").exists():
        s = seeds_report()
        print(f"seeds: {s['right_speaker']}/{s['speech_quotes']} speech quotes with the right canonical speaker; "
              f"{s['non_speech_reported_as_speech']}/{s['non_speech']} scare/boilerplate reported as speech")
        for m in s["misses"]:
            print("  miss:", *m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
