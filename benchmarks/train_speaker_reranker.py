"""Train the speaker-mention reranker (:mod:`storylens.annotate.attribution.reranker`) on
PolNeAR **train** and write its weights to ``storylens/data/speaker_reranker.json``.

    .venv/bin/python benchmarks/train_speaker_reranker.py [--C 0.7] [--folds 4] [--dry-run]

For every gold quote matched by a speech quote, the candidates of
:meth:`QuoteFinder.speaker_candidates` (rules' pick, cue subjects and objects,
pronouns, first name, previous speaker) are labelled 1 when they overlap the
gold Source span. Two conditional logistic regressions are fit on them: the
parse-free model, and the parse model, which adds the dependency-path features
of :mod:`storylens.annotate.attribution.parse_features` on a parse of the quote's sentence.
On document folds of train (out-of-fold scores) the script chooses the margin
by which a candidate must beat the rules' pick for each model, and the score
gap under which the parse-free model's choice is handed to the parse model
(the smaller the gap, the fewer sentences parsed). Both are then refit on all
of train. Dev is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from storylens.annotate.attribution.finder import QuoteFinder  # noqa: E402
from storylens.annotate.attribution.parse_features import parse_features  # noqa: E402
from storylens.annotate.attribution.reranker import WEIGHTS_PATH  # noqa: E402
from storylens.evaluation.polnear import load_polnear  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from speaker_misses import matched  # noqa: E402


def groups_for(docs):
    """``[(doc index, [(feats, parse feats, label), ...], rules right), ...]``, one group per scored quote."""
    out = []
    for di, d in enumerate(docs):
        qf = QuoteFinder(d.text, d.name, rerank=False)
        quotes = qf.run()
        found = qf.last_found
        pending = []
        for g, i in matched(d, quotes):
            if not g.sources:
                continue
            f = found[i]
            if not qf.reranks(f):
                # not reranked: keep its outcome so that accuracy is over all scored quotes
                q = quotes[i]
                ok = q.speaker_start is not None and any(q.speaker_start < e and s < q.speaker_end for s, e in g.sources)
                out.append((di, [({"rule": 1.0}, {}, int(ok))] if q.speaker_start is not None else [], int(ok)))
                continue
            pending.append((g, f, qf.speaker_candidates(found, i)))
        spans = [qf._sent_span(f) for _, f, _ in pending]
        qf.deps.prepare(spans)
        for (g, f, cands), span in zip(pending, spans):
            base = [dict(c.feats) for c in cands]
            doc = qf.deps.doc_of(span)
            if doc is not None:
                parse_features(doc, span[0], (f.region.start, f.region.end), cands)
            rows = []
            for c, b in zip(cands, base):
                m = c.mention
                y = int(any(m.start < e and s < m.end for s, e in g.sources))
                rows.append((b, {k: v for k, v in c.feats.items() if k not in b}, y))
            rule_ok = next((y for b, _, y in rows if "rule" in b), 0)
            out.append((di, rows, rule_ok))
    return out


def view(groups, parse):
    """The groups as ``(doc, [(feats, label)], rules right)`` with or without the parse features."""
    return [(di, [({**b, **p} if parse else b, y) for b, p, y in rows], r) for di, rows, r in groups]


def _choose(rows, scorer, margin, thr_new):
    """(label of the pick, gap between the two best scores)."""
    scored = [(scorer(fe), fe, y) for fe, y in rows]
    best = max(scored, key=lambda x: x[0])
    rule = next((x for x in scored if "rule" in x[1]), None)
    if rule is not None:
        y = best[2] if (best[0] >= rule[0] + margin and "rule" not in best[1]) else rule[2]
    else:
        y = best[2] if best[0] >= thr_new else 0
    top = sorted(x[0] for x in scored)[-2:]
    return y, (top[1] - top[0] if len(top) == 2 else float("inf"))


def pick_accuracy(groups, scorer, margin, thr_new):
    return sum(_choose(rows, scorer, margin, thr_new)[0] for _, rows, _ in groups if rows)


def hybrid_accuracy(plain, parsed, sc_plain, sc_parse, plain_cut, parse_cut, gap):
    """(right, parsed) when groups whose parse-free gap is under ``gap`` go to the parse model."""
    right = n_parsed = 0
    for (_, rows, _), (_, prow, _) in zip(plain, parsed):
        if not rows:
            continue
        y, g = _choose(rows, sc_plain, *plain_cut)
        if len(rows) > 1 and g < gap:
            y = _choose(prow, sc_parse, *parse_cut)[0]
            n_parsed += 1
        right += y
    return right, n_parsed


def fit(groups, C, listwise=True):
    """Weights from the candidate groups: a conditional (softmax over each
    quote's candidates) logistic regression with L2 penalty ``1/C``
    (``listwise``), or scikit-learn's pointwise logistic regression."""
    if not listwise:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        X = [fe for _, rows, _ in groups for fe, _ in rows]
        y = [lab for _, rows, _ in groups for _, lab in rows]
        vec = DictVectorizer()
        lr = LogisticRegression(C=C, max_iter=2000).fit(vec.fit_transform(X), y)
        weights = {n: float(w) for n, w in zip(vec.get_feature_names_out(), lr.coef_[0]) if abs(w) > 1e-6}
        return {"bias": float(lr.intercept_[0]), "weights": weights}
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    use = [rows for _, rows, _ in groups if len(rows) >= 2 and any(y for _, y in rows)]
    vocab: dict[str, int] = {}
    data, ind, indptr, pos, starts = [], [], [0], [], []
    for rows in use:
        starts.append(len(pos))
        for fe, y in rows:
            for k, v in fe.items():
                ind.append(vocab.setdefault(k, len(vocab)))
                data.append(v)
            indptr.append(len(ind))
            pos.append(y)
    X = csr_matrix((data, ind, indptr), shape=(len(pos), len(vocab)))
    pos = np.array(pos, dtype=float)
    starts = np.array(starts)
    gid = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(pos))))
    lam = 1.0 / C

    def loss(w):
        s = X @ w
        m = np.maximum.reduceat(s, starts)
        e = np.exp(s - m[gid])
        Z = np.add.reduceat(e, starts)
        P = np.add.reduceat(e * pos, starts)
        val = float(np.sum(np.log(Z) - np.log(P))) + 0.5 * lam * float(w @ w)
        gs = e / Z[gid] - e * pos / P[gid]
        return val, X.T @ gs + lam * w

    res = minimize(loss, np.zeros(len(vocab)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    names = sorted(vocab, key=vocab.get)
    return {"bias": 0.0, "weights": {n: float(w) for n, w in zip(names, res.x) if abs(w) > 1e-4}}


def scorer_of(model):
    w, b = model["weights"], model["bias"]

    def s(fe):
        return b + sum(w.get(k, 0.0) * v for k, v in fe.items())
    return s


MARGINS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]
THRESHOLDS = [-99.0, -1.0, 0.0, 1.0, 2.0, 99.0]
GAPS = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0]


def best_cut(groups, folds, C, listwise):
    """Out-of-fold (margin, threshold_new) and the fold scorers."""
    oof = {(m, t): 0 for m in MARGINS for t in THRESHOLDS}
    scorers = []
    for k in range(folds):
        tr = [g for g in groups if g[0] % folds != k]
        te = [g for g in groups if g[0] % folds == k]
        sc = scorer_of(fit(tr, C, listwise))
        scorers.append(sc)
        for key in oof:
            oof[key] += pick_accuracy(te, sc, *key)
    cut, best = max(oof.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1]))
    return cut, best, scorers


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--C", type=float, default=0.7, help="inverse L2 penalty of the parse-free model")
    ap.add_argument("--C-parse", type=float, default=None, help="the same for the parse model (default: --C)")
    ap.add_argument("--pointwise", action="store_true", help="plain logistic regression (scikit-learn)")
    ap.add_argument("--cache", default=None, help="pickle the candidate groups here (re-used when present)")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--dry-run", action="store_true", help="do not write the weights")
    args = ap.parse_args(argv)
    docs = load_polnear(SHARED / "eval" / "polnear" / "train", limit=args.limit)
    import pickle

    if args.cache and Path(args.cache).exists():
        groups = pickle.loads(Path(args.cache).read_bytes())
    else:
        groups = groups_for(docs)
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps(groups))
    plain, parsed = view(groups, False), view(groups, True)
    n = len(groups)
    listwise = not args.pointwise
    rule_right = sum(r for _, _, r in groups)
    oracle = sum(any(y for _, y in rows) for _, rows, _ in plain)
    print(f"train: {n} scored quotes; rules right {rule_right} ({rule_right / n:.4f}); "
          f"candidate oracle {oracle} ({oracle / n:.4f}); "
          f"{sum(len(r) for _, r, _ in groups) / n:.1f} candidates per quote")
    cut_a, best_a, sc_a = best_cut(plain, args.folds, args.C, listwise)
    c_parse = args.C if args.C_parse is None else args.C_parse
    cut_b, best_b, sc_b = best_cut(parsed, args.folds, c_parse, listwise)
    print(f"out-of-fold ({args.folds} folds, C={args.C}, parse C={c_parse}): parse-free {best_a / n:.4f} (margin {cut_a[0]}, "
          f"threshold_new {cut_a[1]}); parse on every quote {best_b / n:.4f} (margin {cut_b[0]}, "
          f"threshold_new {cut_b[1]})")
    by_gap = {}
    for gap in GAPS:
        right = n_parsed = 0
        for k in range(args.folds):
            te = [i for i, g in enumerate(groups) if g[0] % args.folds == k]
            r, p = hybrid_accuracy([plain[i] for i in te], [parsed[i] for i in te], sc_a[k], sc_b[k],
                                   cut_a, cut_b, gap)
            right += r
            n_parsed += p
        by_gap[gap] = (right, n_parsed)
        print(f"  parse when the gap is under {gap:.1f}: {right / n:.4f} ({n_parsed / n:.1%} of quotes parsed)")
    # the smallest gap within one quote in a thousand of the best (fewer parses, same accuracy)
    top = max(r for r, _ in by_gap.values())
    gap = min(g for g, (r, _) in by_gap.items() if r >= top - n / 1000)
    best = by_gap[gap][0]
    print(f"chosen gap {gap}: out-of-fold {best / n:.4f}")
    model = fit(plain, args.C, listwise)
    model["margin"], model["threshold_new"] = cut_a
    pmodel = fit(parsed, c_parse, listwise)
    pmodel["margin"], pmodel["threshold_new"] = cut_b
    pmodel["gap"] = gap
    full, _ = hybrid_accuracy(plain, parsed, scorer_of(model), scorer_of(pmodel), cut_a, cut_b, gap)
    print(f"refit on all train: {full} right ({full / n:.4f}); "
          f"{len(model['weights'])} + {len(pmodel['weights'])} weights")
    if not args.dry_run:
        for m in (model, pmodel):
            m["weights"] = {k: round(v, 4) for k, v in sorted(m["weights"].items())}
            m["bias"] = round(m["bias"], 4)
        model["parse"] = pmodel
        about = ("Speaker-mention reranker weights (storylens.annotate.attribution.reranker). Generated by "
                 "benchmarks/train_speaker_reranker.py from PolNeAR train (first annotator; "
                 f"C={args.C}, parse C={c_parse}, out-of-fold train speaker accuracy {best / n:.4f}). "
                 "'parse' is the model with dependency-path features, used where the parse-free scores of "
                 "the two best candidates lie within 'gap'. Do not edit by hand: re-run the script.")
        WEIGHTS_PATH.write_text(json.dumps({"about": about, "model": model}, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")
        print(f"wrote {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
