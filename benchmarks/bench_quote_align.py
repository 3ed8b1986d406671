"""Quote alignment on very long quotations (issue 18's bound): two 50 KB
quotations in one story, compared end to end by ``compare_story``.

    .venv/bin/python benchmarks/bench_quote_align.py [--kb 50] [--rounds 3] [--no-peer]

Two inputs: ``news`` (sentences from a few hundred common English words) and
``adversarial`` (sentences from five words: every word matches thousands of
times, difflib's worst case). The second quotation is the first with one
word in seven sentences changed. Prints the median wall time of
``compare_story`` over the rounds, the groups and relations found, and, as
the peer, one ``difflib.SequenceMatcher.get_matching_blocks`` call on the two
word lists (the unbounded step the alignment used to repeat about six times
per pair); the peer runs on ``news`` only, since on ``adversarial`` one call
takes minutes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storylens.compare.quotegroups import group_quotes  # noqa: E402
from storylens.compare.story import compare_story  # noqa: E402
from storylens.models import Article, Quote, Segment  # noqa: E402

NEWS = ("the of and to a in that is was he for it with as his on be at by this had not are but from or have an "
        "they which one you were her all she there would their we him been has when who will more no if out so "
        "said what up its about into than them can only other new some could time these two may then do first "
        "any my now such like our over man me even most made after also did many before must through back years "
        "where much your way well down should because each just those people").split()
TINY = "the a of and to".split()


def quotation(vocab: list[str], size: int, seed: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    n = 0
    while n < size:
        s = " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 25))).capitalize() + "."
        out.append(s)
        n += len(s) + 1
    return " ".join(out)


def story(qa: str, qb: str) -> tuple[list[Article], dict[str, list[Quote]]]:
    ta, tb = f'Ines Calder spoke on Monday. "{qa}," Calder said.', f'Calder said on Monday: "{qb}"'
    arts = [Article(id=n, name=n, source=t, body=t, segments=[Segment(0, 0, len(t))]) for n, t in (("a", ta), ("b", tb))]
    quotes = {"a": [Quote("a", ta.index(qa), ta.index(qa) + len(qa), qa, "direct", "Ines Calder")],
              "b": [Quote("b", tb.index(qb), tb.index(qb) + len(qb), qb, "direct", "Ines Calder")]}
    return arts, quotes


def run(name: str, vocab: list[str], kb: int, rounds: int, peer: bool) -> None:
    qa = quotation(vocab, kb * 1000, 7)
    sents = qa.split(". ")
    qb = ". ".join(s.replace(" the ", " a ", 1) if k % 7 == 0 else s for k, s in enumerate(sents))
    arts, quotes = story(qa, qb)
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        out = compare_story(arts, quotes)
        times.append(time.perf_counter() - t)
    rels = [m["relation"] for g in out.quote_groups for m in g["members"]]
    med = statistics.median(times)
    grouping = []
    for _ in range(rounds):
        t = time.perf_counter()
        group_quotes(quotes)
        grouping.append(time.perf_counter() - t)
    print(f"{name}: {len(qa):,} + {len(qb):,} characters ({len(qa.split()):,} words each): compare_story "
          f"median {med:.2f} s of {rounds} (runs {min(times):.2f}-{max(times):.2f}); "
          f"{len(out.quote_groups)} group, relations {sorted(rels)}; quote grouping alone median "
          f"{statistics.median(grouping):.2f} s")
    if peer:
        wa, wb = qa.lower().split(), qb.lower().split()
        t = time.perf_counter()
        SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
        dt = time.perf_counter() - t
        print(f"  peer, one difflib get_matching_blocks on the word lists: {dt:.2f} s "
              f"({dt / med:.1f}x the whole comparison)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kb", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-peer", action="store_true")
    a = ap.parse_args()
    run("news", NEWS, a.kb, a.rounds, not a.no_peer)
    run("adversarial", TINY, a.kb, a.rounds, False)


if __name__ == "__main__":
    main()
