"""Date benchmark: storylens dates vs dateparser on TimeBank (TimeML).

Scores DATE and TIME expressions (see :mod:`storylens.evaluation.timeml` for
the scheme): span precision and recall, value accuracy on matched spans and
value F1 (a match overlaps the gold span and has its exact TIMEX3 value), on
the dev part (even documents in file-name order, the part rules were tuned
on), the check part (odd documents, only measured) and all of it.

    .venv/bin/python benchmarks/bench_dates.py [--part dev|check|all] [--no-peer] [--rounds 3] [--errors N]

The peer is ``dateparser.search.search_dates`` with the document's creation
time as ``RELATIVE_BASE``; each found string is located in the text in order
and its value written at the granularity dateparser reports for it
(``DateDataParser.get_date_data(...).period``: day, week, month, year, time).
Speed: documents per second, medians over rounds that time one storylens
pass and one peer pass back to back; the ratio is the median of the
per-round ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from peers import require  # noqa: E402

from storylens.annotate.dates import find_dates  # noqa: E402
from storylens.evaluation.timeml import Prediction, TimemlDoc, load_timeml, score_timexes, split  # noqa: E402


def storylens_tagger(doc: TimemlDoc) -> Iterator[Prediction]:
    for t in find_dates(doc.text, doc.dct[:10]):
        yield t.start, t.end, t.type, t.value


def _dct(doc: TimemlDoc) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(doc.dct[:19])
    except ValueError:
        return dt.datetime.fromisoformat(doc.dct[:10])


def _peer_value(d: dt.datetime, period: str | None) -> tuple[str, str]:
    if period == "year":
        return "DATE", f"{d.year:04d}"
    if period == "month":
        return "DATE", f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        y, w, _ = d.isocalendar()
        return "DATE", f"{y:04d}-W{w:02d}"
    if period == "time":
        return "TIME", d.strftime("%Y-%m-%dT%H:%M")
    return "DATE", d.date().isoformat()


def dateparser_tagger(doc: TimemlDoc) -> list[Prediction]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": _dct(doc), "RETURN_TIME_AS_PERIOD": True}
    found = search_dates(doc.text, languages=["en"], settings=settings) or []
    ddp = DateDataParser(languages=["en"], settings=settings)
    out: list[Prediction] = []
    pos = 0
    for s, d in found:
        i = doc.text.find(s, pos)
        if i < 0:
            continue
        pos = i + len(s)
        period = ddp.get_date_data(s).period
        typ, value = _peer_value(d, period)
        out.append((i, i + len(s), typ, value))
    return out


def _timed(tagger, docs: list[TimemlDoc]) -> tuple[dict[str, list[Prediction]], float]:
    t = time.perf_counter()
    preds = {d.name: list(tagger(d)) for d in docs}
    return preds, len(docs) / (time.perf_counter() - t)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("dev", "check", "all"), default=None, help="one part (default: all three)")
    ap.add_argument("--no-peer", action="store_true", help="skip dateparser")
    ap.add_argument("--rounds", type=int, default=1, help="timing rounds (default 1)")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of storylens on the dev part")
    args = ap.parse_args(argv)
    if not args.no_peer:
        require("dateparser", flag="--no-peer")
    folder = SHARED / "eval" / "timebank"
    if not folder.exists():
        print(f"{folder} is absent", file=sys.stderr)
        return 2
    docs = load_timeml(folder)
    parts = [args.part] if args.part else ["dev", "check", "all"]
    ours_rates, peer_rates, ratios = [], [], []
    ours: dict[str, list[Prediction]] = {}
    peer: dict[str, list[Prediction]] = {}
    for _ in range(max(1, args.rounds)):
        ours, r1 = _timed(storylens_tagger, docs)
        ours_rates.append(r1)
        if not args.no_peer:
            peer, r2 = _timed(dateparser_tagger, docs)
            peer_rates.append(r2)
            ratios.append(r1 / r2)
    print(f"TimeBank: {len(docs)} documents; DATE and TIME expressions")
    for part in parts:
        sub = split(docs, part)
        sc = score_timexes(sub, lambda d: ours[d.name])
        print(f"storylens  {part:5} ({len(sub)} docs): {sc.line()}")
        if not args.no_peer:
            sp = score_timexes(sub, lambda d: peer[d.name])
            print(f"dateparser {part:5} ({len(sub)} docs): {sp.line()}")
    print(f"speed: storylens {statistics.median(ours_rates):.1f} docs/s", end="")
    if ratios:
        print(f", dateparser {statistics.median(peer_rates):.1f} docs/s, ratio {statistics.median(ratios):.1f}x")
    else:
        print()
    if args.errors:
        sc = score_timexes(split(docs, "dev"), lambda d: ours[d.name])
        for e in sc.errors[: args.errors]:
            print("  ", *e, sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
