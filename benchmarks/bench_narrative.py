"""Figures for the narrative half of a story: coverage, naming, spelling
variants, summary, and the bounds on coverage's work.

    python benchmarks/bench_narrative.py [--skip-big]

Prints, from ``../shared`` (skipped when absent):

* coverage on the 24 dev triplets of ``../shared/eval/compare`` (their
  ``key_facts``, scored by ``score.py``): outlet marks right, "omitted"
  right and the number of omission flags (every outlet the tool's facts
  leave out, as the scorer counts them); the "omitted" lists the story pages
  show, judged against the key facts; the seeds' ``coverage_S1`` rows;
* naming on NewsWCL50: B-cubed precision, recall and F1 over the coded
  mentions ours overlap, and mention recall;
* every spelling variant reported on the seeds, the example corpus and the
  dev triplets (per story and corpus-wide);
* summary faults on the same three sets: passages split inside a quotation,
  section labels, quoted passages without their speaker, repeated numbers,
  stories out of reading order;

and, on made-up text: a 4 MB text of 60,000 short sentences (coverage alone
and the whole comparison: time and peak memory), and a 50-article story
(median of 3 comparisons).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from storylens.compare.coverage import build_coverage
from storylens.compare.spelling import spelling_variants
from storylens.compare.story import compare_story
from storylens.evaluation.narrative import SummaryFaults, summary_faults
from storylens.models import Article, Quote, RawDocument, Segment
from storylens.pipeline import analyze_documents
from storylens.present.dossier import _quotes, build_dossier
from storylens.settings import Settings
from storylens.store import Store


def analyzed(inputs: list[Path]) -> tuple[Store, object, dict[str, Article], dict[str, list[Quote]]]:
    """A store holding ``inputs`` analyzed and linked, its dossier, articles and quotes."""
    from storylens.index.linker import link_store

    store = Store(":memory:")
    settings = Settings(db=":memory:")
    analyze_documents(inputs, store, settings)
    link_store(store)
    dossier, _ = build_dossier(store, settings)
    arts = {a.name: a for a in store.articles()}
    quotes = {a.name: _quotes(store, a) for a in arts.values()}
    from storylens.annotate.attribution.corpus_names import canonicalize

    canonicalize(quotes, arts)
    return store, dossier, arts, quotes


def load_score():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "compare" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def triplets_jsonl(tmp: Path) -> Path:
    score = load_score()
    out = tmp / "triplets.jsonl"
    score.corpus(str(SHARED / "eval" / "compare" / "basil_dev"), str(out))
    return out


def coverage_on_triplets(dossier, tmp: Path) -> dict:
    score = load_score()
    path = tmp / "dossier.json"
    path.write_text(json.dumps(dossier.to_json()), encoding="utf-8")
    return score.score(str(SHARED / "eval" / "compare" / "basil_dev"), str(path))["coverage"]


def page_omissions(dossier) -> dict:
    """The "omitted" lists the story pages show, judged against the gold key
    facts: an entry is right when every key fact its fact's evidence touches
    is absent from that outlet's article, wrong when one is there, and not
    judged when the fact touches no key fact (the gold lists the main facts
    only)."""
    score = load_score()
    golds = {g["triplet"]: g for g in score.load_gold(str(SHARED / "eval" / "compare" / "basil_dev"))}
    out = {"shown": 0, "right": 0, "wrong": 0, "not_judged": 0}
    for st in dossier.to_json()["stories"]:
        cov = st.get("coverage") or {}
        facts, arts = cov.get("facts", []), st.get("articles", [])
        for outlet, ks in (cov.get("omitted") or {}).items():
            for k in ks:
                out["shown"] += 1
                ev = [e for e in facts[k]["evidence"] if "start" in e]
                doc = next((a["doc"] for a in arts if (a.get("outlet") or a["doc"]) == outlet), None)
                g = golds.get((doc or "").rsplit("_", 1)[0])
                if g is None:
                    out["not_judged"] += 1
                    continue
                side = next((d for d, a in g["_arts"].items() if a["id"] == doc), None)
                touched = [kf for kf in g["key_facts"] if any(
                    t and (sp := score.locate(g, d, t)) and any(score.overlaps(score.span(e), sp) for e in ev)
                    for d, t in kf["docs"].items())]
                if not touched:
                    out["not_judged"] += 1
                else:
                    out["right" if all(kf["docs"].get(side) is None for kf in touched) else "wrong"] += 1
    return out


def seeds_rows() -> tuple[int, int]:
    """The seeds' coverage_S1 rows right (as tests/test_compare_seeds.py judges them)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import test_compare_seeds as t

    from storylens.extract import extract
    from storylens.text import content_stems

    gold = json.loads((SHARED / "eval" / "seeds" / "gold.json").read_text(encoding="utf-8"))
    arts = {p.stem: extract(RawDocument(name=p.stem, origin=str(p), format="text", content=p.read_text("utf-8")))
            for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt"))}
    facts = t.run(arts, t.gold_quotes(gold, arts), t.S1).coverage["facts"]
    right = 0
    for text, docs in gold["coverage_S1"]["facts"]:
        g = set(content_stems(text))
        best, best_score = 0, -1.0
        for k, f in enumerate(facts):
            for e in f["evidence"]:
                if e.get("match") == "likely":
                    continue
                sc = len(g & set(content_stems(arts[e["doc"]].source[e["start"]:e["end"]]))) / max(1, len(g))
                if sc > best_score:
                    best, best_score = k, sc
        right += sorted(d[:3] for d in facts[best]["docs"]) == sorted(docs)
    return right, len(gold["coverage_S1"]["facts"])


def narrative_faults(dossier, arts, quotes) -> tuple[dict, list[list[str]]]:
    faults = SummaryFaults()
    variants = []
    for s in dossier.stories:
        summary_faults(s.compared.summary, arts, quotes, faults, [a.doc for a in s.articles])
        variants += [v["pair"] for v in s.compared.framing.get("terms", []) if v.get("kind") == "spelling"]
    corpus_wide = [v["pair"] for v in spelling_variants(list(arts.values()))]
    multi = [s for s in dossier.stories if len({a.outlet or a.doc for a in s.articles}) > 1]
    words = "{} of {} outlets".format(sum(len(s.compared.framing.get("distinctive") or {}) for s in multi),
                                      sum(len({a.outlet or a.doc for a in s.articles}) for s in multi))
    return faults.to_json() | {"distinctive_words_present": words}, [variants, corpus_wide]


def big_text(n: int = 60000) -> Article:
    """About 4 MB of short sentences in one article (made up)."""
    words = "port union strike ship wage offer talks dock minister harbour workers company cargo crane".split()
    days = "Monday Tuesday Wednesday Thursday Friday".split()
    text = "\n".join(f"The {words[i % 14]} {words[(i * 7) % 14]} said on {days[i % 5]} that {words[(i * 3) % 14]} "
                     f"number {i} would {words[(i * 5) % 14]} {words[(i * 11) % 14]}." for i in range(n))
    return Article(id="big", name="big", source=text, body=text, segments=[Segment(0, 0, len(text))], outlet="X")


def measure(fn) -> tuple[float, float]:
    """(median seconds of three runs, peak MB traced by tracemalloc in a fourth) of ``fn()``."""
    times = []
    for _ in range(3):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-big", action="store_true", help="skip the 4 MB text")
    args = ap.parse_args()
    out: dict = {}
    if SHARED.exists():
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            _, dossier, arts, quotes = analyzed([triplets_jsonl(Path(tmp))])
            out["coverage_dev_triplets"] = coverage_on_triplets(dossier, Path(tmp))
            out["coverage_dev_triplets"]["page_omissions"] = page_omissions(dossier)
            out["summary_and_spelling"] = {"dev_triplets": narrative_faults(dossier, arts, quotes)}
            out["seconds_triplets"] = round(time.perf_counter() - t, 1)
        out["seeds_coverage_S1_rows"] = "{} of {}".format(*seeds_rows())
        for name, path in (("seeds", SHARED / "corpus" / "seeds"), ("example_corpus", ROOT / "examples" / "corpus")):
            _, dossier, arts, quotes = analyzed([path])
            out["summary_and_spelling"][name] = narrative_faults(dossier, arts, quotes)
        from storylens.evaluation.newswcl import score_naming

        naming = score_naming(SHARED / "eval" / "newswcl50")
        naming.pop("events")
        out["naming_newswcl50"] = naming
    else:
        print("../shared is absent: labelled figures skipped")
    if not args.skip_big:
        big = big_text()
        secs, peak = measure(lambda: build_coverage([big]))
        out["big_text"] = {"megabytes": round(len(big.source) / 1e6, 2), "sentences": 60000,
                           "coverage_seconds": round(secs, 2), "coverage_peak_mb": round(peak, 1)}
        t = time.perf_counter()
        compare_story([big], {"big": []})
        out["big_text"]["compare_story_seconds"] = round(time.perf_counter() - t, 2)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_compare import make_story

    arts50, quotes50 = make_story(50)
    compare_story(arts50, quotes50)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        compare_story(arts50, quotes50)
        times.append(time.perf_counter() - t)
    out["compare_50_articles_median_seconds"] = round(statistics.median(times), 3)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
