"""Syndication / reprint benchmark, generated at run time from real article
texts in ../shared/eval (BASIL and NewsWCL50); nothing is copied into the repo.

Each of ``--n`` sampled articles gets a reprint made by a random mix of
realistic transformations (fixed seed):

* new headline;
* page furniture added ("Advertisement", share/follow lines) or stripped
  (first or last paragraph dropped);
* truncated at a paragraph boundary (keeps 40-90 %);
* a paragraph inserted from another article (an editor's "related" box; at
  most a quarter of either article, so that the reprint stays a reprint);
* light copy-editing (2-4 % of words: synonym swaps, numerals, punctuation);
* a different outlet, sometimes a wire credit line.

Every other article of the corpus is a negative, including BASIL's same-event
articles from other outlets (the hardest negatives: same topic, same day,
shared quotations). Metrics: a reprint is a true positive when it is linked to
its original or to another reprint of it; any other copy link is a false
positive. The peer is datasketch ``MinHashLSH`` (Jaccard threshold 0.5, same
shingles, 128 permutations): a reprint counts as found when the LSH returns
its original and their estimated Jaccard is >= 0.5.

    python benchmarks/bench_copies.py [--n 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from peers import require  # noqa: E402

from storylens.evaluation.clustering import load_basil, load_newswcl50  # noqa: E402
from storylens.index.stories import StoryIndex  # noqa: E402
from storylens.models import Article, content_hash  # noqa: E402

FURNITURE = ["Advertisement", "Share this article", "Follow us on Twitter and Facebook",
             "Sign up for our daily newsletter", "Related Coverage", "Continue reading the main story"]
SYNONYMS = {"said": "stated", "says": "states", "told": "informed", "big": "large", "after": "following",
            "before": "prior to", "about": "around", "but": "however", "also": "as well", "show": "indicate",
            "percent": "per cent", "President": "Pres.", "Monday": "Mon.", "people": "persons"}
WIRES = ["(AP)", "(Reuters)", "(AFP)", "(MENAFN)"]


def copy_edit(par: str, rng: random.Random, rate: float) -> str:
    words = par.split(" ")
    for i, w in enumerate(words):
        if rng.random() >= rate:
            continue
        core = w.strip(".,;:!?\"'")
        if core in SYNONYMS:
            words[i] = w.replace(core, SYNONYMS[core])
        elif core.isdigit():
            words[i] = w.replace(core, f"{int(core):,}" if len(core) > 3 else core + ".0")
        elif w.endswith(","):
            words[i] = w[:-1]
        else:
            words[i] = w.lower() if w[:1].isupper() else w
    return " ".join(words)


def reprint(orig: Article, other: Article, i: int, rng: random.Random) -> tuple[Article, list[str]]:
    paras = [p for p in orig.body.split("\n\n") if p.strip()]
    done = []
    kinds = rng.sample(["headline", "furniture", "truncate", "insert", "edit", "strip"], k=rng.randint(2, 4))
    title = orig.title or ""
    if "headline" in kinds:
        title = "UPDATE: " + " ".join(reversed((orig.title or "news").split()[:6]))
        done.append("headline")
    if "truncate" in kinds and len(paras) >= 4:
        keep = max(2, int(len(paras) * rng.uniform(0.4, 0.9)))
        paras = paras[:keep]
        done.append("truncate")
    if "strip" in kinds and len(paras) >= 4:
        paras = paras[1:] if rng.random() < 0.5 else paras[:-1]
        done.append("strip")
    if "insert" in kinds:
        op = [p for p in other.body.split("\n\n") if p.strip()]
        total = sum(len(p.split()) for p in op)
        own = sum(len(p.split()) for p in paras)
        # a paragraph, not the article, and a minor part of the reprint
        op = [p for p in op if len(p.split()) <= min(0.25 * total, 0.25 * own)]
        if op:
            paras.insert(rng.randint(1, max(1, len(paras) - 1)), "Related: " + rng.choice(op))
            done.append("insert")
    if "edit" in kinds:
        paras = [copy_edit(p, rng, rng.uniform(0.02, 0.04)) for p in paras]
        done.append("edit")
    if "furniture" in kinds:
        paras.insert(rng.randint(0, min(2, len(paras))), rng.choice(FURNITURE))
        paras.append(rng.choice(FURNITURE))
        done.append("furniture")
    if rng.random() < 0.3:
        paras[0] = rng.choice(WIRES) + " " + paras[0]
        done.append("wire")
    body = "\n\n".join(paras)
    name = f"reprint-{i}-{orig.name}"
    art = Article(id=content_hash(name, body), name=name, source=body, body=body, title=title,
                  outlet=f"reprinter-{i % 7}", published=orig.published)
    return art, done


def datasketch_peer(arts, family, threshold=0.5):
    from datasketch import MinHash, MinHashLSH

    from storylens.index.features import shingle_hashes, word_hashes, words

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    mhs = {}
    for a in arts:
        m = MinHash(num_perm=128, seed=1)
        sh = shingle_hashes(word_hashes(words(a.body)))
        m.update_batch([h.to_bytes(8, "little") for h in set(sh.tolist())])
        mhs[a.name] = m
        lsh.insert(a.name, m)
    fp = 0
    found = set()
    for a in arts:
        for other in lsh.query(mhs[a.name]):
            if other == a.name or mhs[a.name].jaccard(mhs[other]) < threshold:
                continue
            if family.get(a.name) is not None and family.get(a.name) == family.get(other):
                found.add(a.name)
            else:
                fp += 1
    return found, fp // 2


def run(n: int = 300, seed: int = 7, verbose: bool = False) -> dict:
    """Generate the benchmark and score storylens on it."""
    base, _ = load_basil(SHARED / "eval" / "basil")
    wcl, _ = load_newswcl50(SHARED / "eval" / "newswcl50")
    base += wcl
    rng = random.Random(seed)
    family = {a.name: a.name for a in base}
    reprints, kinds_count = [], {}
    for i in range(n):
        orig = rng.choice(base)
        other = rng.choice(base)
        art, kinds = reprint(orig, other, i, rng)
        family[art.name] = orig.name
        reprints.append(art)
        for k in kinds:
            kinds_count[k] = kinds_count.get(k, 0) + 1
    corpus = base + reprints
    rng.shuffle(corpus)
    corpus.sort(key=lambda a: (a.published or "9999"))  # the pipeline's order: by date, ties shuffled

    t = time.perf_counter()
    idx = StoryIndex()
    idx.add_many(corpus)
    elapsed = time.perf_counter() - t
    links = idx.links()
    tp = fp = 0
    missed = []
    for a in corpus:
        link = links[a.name]
        if link.relation == "original":
            if a.name.startswith("reprint-"):
                # fine if its original (or a sibling reprint) points at it instead
                pointing = [m for m, l in links.items() if l.duplicate_of == a.name and family[m] == family[a.name]]
                if pointing or family[a.name] == a.name:
                    continue
                missed.append(a.name)
            continue
        if family[link.duplicate_of] == family[a.name]:
            tp += 1
        else:
            fp += 1
            if verbose:
                print("FALSE COPY:", a.name, "->", link.duplicate_of, link.similarity)
    expected = len(reprints)
    rel: dict[str, int] = {}
    for l in links.values():
        rel[l.relation] = rel.get(l.relation, 0) + 1
    return {
        "base": base, "corpus": corpus, "family": family, "expected": expected, "kinds": kinds_count,
        "tp": tp, "fp": fp, "missed": missed, "relations": rel, "seconds": elapsed,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": (expected - len(missed)) / expected if expected else 1.0,
    }


def main() -> None:
    require("datasketch")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="number of reprints to generate")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not (SHARED / "eval" / "basil").exists():
        print("../shared/eval is absent: nothing to benchmark")
        return
    r = run(args.n, args.seed, verbose=True)
    print(f"corpus: {len(r['base'])} real articles (BASIL + NewsWCL50) + {r['expected']} generated reprints, "
          f"seed {args.seed}")
    print("transformations used:", ", ".join(f"{k} {v}" for k, v in sorted(r["kinds"].items())))
    print("relations:", r["relations"])
    print(f"storylens copies: precision {r['precision']:.3f}  recall {r['recall']:.3f}  ({r['tp']} true copy "
          f"links, {r['fp']} false, {len(r['missed'])} reprints missed)  in {r['seconds']:.2f} s with stories")
    for m in r["missed"][:10]:
        print("  missed:", m)
    t = time.perf_counter()
    pfound, pfp = datasketch_peer(r["corpus"], r["family"])
    pel = time.perf_counter() - t
    found = sum(1 for n in pfound if n.startswith("reprint-"))
    print(f"peer datasketch MinHashLSH (Jaccard >= 0.5): recall {found / r['expected']:.3f}  "
          f"false pairs {pfp}  in {pel:.2f} s")


if __name__ == "__main__":
    main()
