"""Train the speaker-mention reranker (:mod:`storylens.annotate.rerank`) on
PolNeAR **train** and write its weights to ``storylens/annotate/speaker_weights.py``.

    .venv/bin/python benchmarks/train_speaker_reranker.py [--C 0.3] [--folds 4] [--dry-run]

For every gold quote matched by a speech quote, the candidates of
:meth:`QuoteFinder.speaker_candidates` (rules' pick, cue subjects and objects,
pronouns, first name, previous speaker) are labelled 1 when they overlap the
gold Source span. A logistic regression (scikit-learn, ``bench`` extra) is fit
on the candidates; the margin by which a candidate must beat the rules' pick
is chosen on document folds of train (out-of-fold scores), then the model is
refit on all of train. Dev is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from storylens.annotate.quotes import QuoteFinder  # noqa: E402
from storylens.annotate.rerank import WEIGHTS_PATH  # noqa: E402
from storylens.evaluation.polnear import load_polnear  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from speaker_misses import matched  # noqa: E402


def groups_for(docs):
    """``[(doc index, [(feats, label), ...]), ...]``, one group per scored quote."""
    out = []
    for di, d in enumerate(docs):
        qf = QuoteFinder(d.text, d.name, rerank=False)
        quotes = qf.run()
        found = qf.last_found
        for g, i in matched(d, quotes):
            if not g.sources:
                continue
            f = found[i]
            if f.kind not in ("direct", "partial") or f.headline:
                # not reranked: keep its outcome so that accuracy is over all scored quotes
                q = quotes[i]
                ok = q.speaker_start is not None and any(q.speaker_start < e and s < q.speaker_end for s, e in g.sources)
                out.append((di, [({"rule": 1.0}, int(ok))] if q.speaker_start is not None else [], int(ok)))
                continue
            cands = qf.speaker_candidates(found, i)
            rows = []
            for c in cands:
                m = c.mention
                y = int(any(m.start < e and s < m.end for s, e in g.sources))
                rows.append((c.feats, y))
            rule_ok = next((y for fe, y in rows if "rule" in fe), 0)
            out.append((di, rows, rule_ok))
    return out


def pick_accuracy(groups, scorer, margin, thr_new):
    right = 0
    for _, rows, rule_ok in groups:
        if not rows:
            continue
        scored = [(scorer(fe), fe, y) for fe, y in rows]
        best = max(scored, key=lambda x: x[0])
        rule = next((x for x in scored if "rule" in x[1]), None)
        if rule is not None:
            y = best[2] if (best[0] >= rule[0] + margin and "rule" not in best[1]) else rule[2]
        else:
            y = best[2] if best[0] >= thr_new else 0
        right += y
    return right


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--C", type=float, default=1.0)
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
    n = len(groups)
    rule_right = sum(r for _, _, r in groups)
    oracle = sum(any(y for _, y in rows) for _, rows, _ in groups)
    print(f"train: {n} scored quotes; rules right {rule_right} ({rule_right / n:.4f}); "
          f"candidate oracle {oracle} ({oracle / n:.4f}); "
          f"{sum(len(r) for _, r, _ in groups) / n:.1f} candidates per quote")
    # out-of-fold choice of margin / threshold
    oof = {(m, t): 0 for m in MARGINS for t in THRESHOLDS}
    for k in range(args.folds):
        tr = [g for g in groups if g[0] % args.folds != k]
        te = [g for g in groups if g[0] % args.folds == k]
        sc = scorer_of(fit(tr, args.C, not args.pointwise))
        for key in oof:
            oof[key] += pick_accuracy(te, sc, *key)
    (m, t), best = max(oof.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1]))
    print(f"out-of-fold ({args.folds} folds, C={args.C}): best margin {m}, threshold_new {t}: "
          f"{best} right ({best / n:.4f})")
    for key in sorted(oof):
        if key[1] == t:
            print(f"  margin {key[0]:.2f}: {oof[key] / n:.4f}")
    model = fit(groups, args.C, not args.pointwise)
    model["margin"] = m
    model["threshold_new"] = t
    full = pick_accuracy(groups, scorer_of(model), m, t)
    print(f"refit on all train: {full} right ({full / n:.4f}); {len(model['weights'])} weights")
    if not args.dry_run:
        model["weights"] = {k: round(v, 4) for k, v in sorted(model["weights"].items())}
        model["bias"] = round(model["bias"], 4)
        WEIGHTS_PATH.write_text(
            '"""Speaker-mention reranker weights (:mod:`storylens.annotate.rerank`).\n\n'
            "Generated by ``benchmarks/train_speaker_reranker.py`` from PolNeAR train\n"
            f"(first annotator; C={args.C}, out-of-fold train speaker accuracy {best / n:.4f}).\n"
            'Do not edit by hand: re-run the script.\n"""\n\n'
            f"MODEL = {json.dumps(model, indent=1, sort_keys=True)}\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
