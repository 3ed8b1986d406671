"""Time the cross-outlet comparison of a synthetic 50-article story.

Prints the median wall time of ``compare_story`` over several runs (target:
a 50-article dossier comparison in under 2 s) and, as a peer measured in the
same run, the median time of a naive all-pairs difflib sentence comparison
of the same articles.

    python benchmarks/bench_compare.py [--articles 50] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from difflib import SequenceMatcher

from storylens.text import article_sentences
from storylens.compare.story import compare_story
from storylens.models import Article, Quote, Segment

SUBJECTS = ["The union", "The company", "The mediator", "The harbour board", "The minister", "Port officials"]
VERBS = ["said on Tuesday that", "warned on Friday that", "told reporters last Thursday that", "confirmed that"]
CLAUSES = ["talks would resume within days", "the strike had cost the economy €40 million ($43 million) a day",
           "about {n} dockworkers had walked out", "the offer of 4% a year was final", "the union demands 9% a year",
           "the regime had failed the workers", "the port had been paralysed since Monday",
           "37 ships were waiting at anchor", "the walkout could spread to Calvera", "militants blocked the road"]
QUOTES = ["We will not unload a single ship until the company puts a fair offer on the table",
          "Not one ship gets unloaded until the company comes up with a fair offer",
          "We will not unload a single ship until the company puts a fair offer on the table, and a fair offer "
          "starts at nine percent", "The offer is generous and it is final"]


def make_story(n: int, seed: int = 7) -> tuple[list[Article], dict[str, list[Quote]]]:
    rnd = random.Random(seed)
    arts, quotes = [], {}
    for i in range(n):
        paras, qs = [], []
        text = ""
        for _ in range(rnd.randint(10, 16)):
            if rnd.random() < 0.25:
                qt = rnd.choice(QUOTES)
                para = f"\u201c{qt},\u201d union leader Ilse Marrow said."
                start = len(text) + 1
                qs.append((start, start + len(qt), qt))
            else:
                clause = rnd.choice(CLAUSES).format(n=rnd.choice([1200, 1200, 2100]))
                para = f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {clause}."
            text += para + "\n\n"
            paras.append(para)
        name = f"doc{i:02d}"
        a = Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                    published=f"2025-10-{14 + i % 4:02d}", outlet=f"Outlet {i % 12}")
        arts.append(a)
        quotes[name] = [Quote(doc=name, start=s, end=e, text=t, kind="direct", speaker="Ilse Marrow") for s, e, t in qs]
    return arts, quotes


def naive_pairs(arts: list[Article]) -> int:
    sents = [(a.name, a.source[s:e]) for a in arts for s, e in article_sentences(a)][:600]
    hits = 0
    for i in range(len(sents)):
        for j in range(i + 1, len(sents)):
            if sents[i][0] != sents[j][0] and SequenceMatcher(None, sents[i][1], sents[j][1]).quick_ratio() > 0.9:
                hits += 1
    return hits


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    arts, quotes = make_story(args.articles)
    words = sum(a.words for a in arts)
    compare_story(arts, quotes)  # warm-up (lexicon load, regex compile)
    times, peer = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        out = compare_story(arts, quotes)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        naive_pairs(arts)
        peer.append(time.perf_counter() - t)
    med, pmed = statistics.median(times), statistics.median(peer)
    print(f"story: {len(arts)} articles, {words} words; groups {len(out.quote_groups)}, "
          f"claims {len(out.claims)}, facts {len(out.coverage['facts'])}, timeline {len(out.timeline)}")
    print(f"compare_story median: {med:.3f} s over {args.runs} runs (target < 2 s: {'ok' if med < 2 else 'MISS'})")
    print(f"peer (naive all-pairs difflib over <=600 sentences) median: {pmed:.3f} s; ratio ours/peer {med / pmed:.2f}")


if __name__ == "__main__":
    main()
