"""Clustering evaluation: BCubed scores and loaders for BASIL and NewsWCL50;
pair precision/recall and the loader of the SemEval-2022 Task 8 pairs; the
pages of the HTML-extraction benchmark with the events the project labelled
(:func:`load_web_pages`) and the pair precision/recall of a whole clustering
(:func:`cluster_pair_scores`); PolNeAR's articles (:func:`load_polnear_articles`)
with pooled same-event judgements of their pairs (:func:`load_judged_pairs`,
:func:`judged_pair_scores`).

The loaders read the labelled data where it lives (``../shared/eval``), never
copy it, and return :class:`storylens.models.Article` objects plus the gold
event of each article (or, for SemEval, the gold same-story pairs).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, InputError
from ..models import Article, Rejection, Span, content_hash

__all__ = ["bcubed", "load_basil", "load_newswcl50", "tfidf_average_linkage", "SemevalPair", "load_semeval_pairs",
           "pair_scores", "load_web_pages", "cluster_pair_scores", "load_polnear_articles", "load_judged_pairs",
           "judged_pair_scores", "JudgedPairScores"]


def bcubed(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of clustering ``pred`` against ``gold``
    (both map item -> cluster label) over the items in ``gold``."""
    items = [i for i in gold if i in pred]
    if not items:
        raise InputError("bcubed: no item is both predicted and labelled")
    pc: dict[Hashable, set[str]] = defaultdict(set)
    gc: dict[Hashable, set[str]] = defaultdict(set)
    for i in items:
        pc[pred[i]].add(i)
        gc[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        same_p, same_g = pc[pred[i]], gc[gold[i]]
        both = len(same_p & same_g)
        p += both / len(same_p)
        r += both / len(same_g)
    p, r = p / len(items), r / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _article(name: str, title: str, body: str, published: str | None, outlet: str | None,
             meta: dict | None = None) -> Article:
    source = (title + "\n\n" + body) if title else body
    return Article(id=content_hash(name, source), name=name, source=source, body=body,
                   title=title or None, title_span=Span(0, len(title)) if title else None,
                   published=published, outlet=outlet, meta=meta or {})


def load_basil(root: Path | str) -> tuple[list[Article], dict[str, str]]:
    """BASIL ``articles/<year>/<triplet>_<n>.json`` -> articles (title, body from
    ``body-paragraphs``, date, outlet) and gold ``{name: triplet-uuid}``."""
    root = Path(root)
    files = sorted((root / "articles").glob("*/*.json"))
    if not files:
        raise InputError(f"no BASIL articles under {root}")
    arts, gold = [], {}
    for f in files:
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"unreadable BASIL file {f.name}: {exc}") from exc
        paras = d.get("body-paragraphs") or []
        if isinstance(paras, str):
            paras = json.loads(paras)
        body = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
        name = f.stem
        year = f.parent.name
        arts.append(_article(name, (d.get("title") or "").strip(), body, d.get("date"),
                             d.get("source"), {"year": year}))
        gold[name] = d["triplet-uuid"]
    return arts, gold


def leads(arts: Sequence[Article], paragraphs: int) -> list[Article]:
    """The articles cut to their title and first ``paragraphs`` paragraphs:
    short leads, as aggregators list a story's coverage."""
    out = []
    for a in arts:
        body = "\n\n".join([p for p in a.body.split("\n\n") if p.strip()][:paragraphs])
        out.append(_article(a.name, a.title or "", body, a.published, a.outlet, dict(a.meta)))
    return out


def load_newswcl50(root: Path | str) -> tuple[list[Article], dict[str, str]]:
    """NewsWCL50 CoNLL tokens (``NewsWCL50-prep/output_data/conll.csv``) ->
    articles (sentences detokenised roughly; the export marks paragraph breaks
    with a literal ``\\n`` token; the first paragraph is the title) and gold
    ``{doc: event id}``. No dates are used (the CoNLL export has none)."""
    path = Path(root) / "NewsWCL50-prep" / "output_data" / "conll.csv"
    if not path.exists():
        raise InputError(f"no NewsWCL50 conll.csv under {root}")
    docs: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    event: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            doc = row["doc_id"]
            docs[doc][int(row["sent_id"])].append(row["token"])
            event[doc] = row["topic/subtopic_name"].split("/")[0]
    arts = []
    for doc, sents in docs.items():
        text = " ".join(_detok(sents[i]) for i in sorted(sents))
        paras = [" ".join(p.split()) for p in text.split("\\n") if p.strip()]
        title = paras[0] if paras else ""
        body = "\n\n".join(paras[1:])
        outlet = doc.split("_", 1)[1] if "_" in doc else None
        arts.append(_article(doc, title, body, None, outlet))
    return arts, {a.name: event[a.name] for a in arts}


def _detok(tokens: list[str]) -> str:
    out = ""
    for t in tokens:
        if not out or t in {",", ".", ":", ";", "?", "!", ")", "'s", "n't", "%", "”", "’"} or out.endswith(("(", "“", "$")):
            out += t
        else:
            out += " " + t
    return out


def tfidf_average_linkage(articles: list[Article], threshold: float) -> dict[str, int]:
    """The peer baseline: TF-IDF (title + body, English stop words) cosine,
    agglomerative average linkage cut at distance ``1 - threshold``.
    Needs scikit-learn (the ``bench`` extra)."""
    try:
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError as exc:
        raise ConfigError("the TF-IDF peer needs scikit-learn: pip install 'storylens[bench]'") from exc

    texts = [((a.title or "") + "\n" + (a.body or "")) for a in articles]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=1.0 - threshold)
    labels = model.fit_predict(x)
    return {a.name: int(label) for a, label in zip(articles, labels, strict=True)}


@dataclass
class SemevalPair:
    """One SemEval-2022 Task 8 pair: the two article ids, the annotators'
    ``overall`` rating (1 = very similar .. 4 = very dissimilar), whether it
    counts as the same story (``overall <= 2``) and the split it falls in
    (``"dev"`` or ``"check"``, from a hash of the pair id: stable, not chosen)."""

    id1: str
    id2: str
    overall: float
    same: bool
    split: str


def load_semeval_pairs(path: Path | str) -> tuple[dict[str, Article], list[SemevalPair]]:
    """SemEval-2022 Task 8 pairs (``train_en_pairs.jsonl``) -> the articles
    as the pipeline makes them from a JSONL record with ``id`` and ``text``
    (ingest and extract; a text they reject is left out, so a pair with it
    is predicted "not the same story") and the pairs."""
    from ..errors import StorylensError
    from ..extract import extract
    from ..ingest.records import record_to_doc

    path = Path(path)
    if not path.exists():
        raise InputError(f"no SemEval pairs at {path}")
    arts: dict[str, Article] = {}
    pairs: list[SemevalPair] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        for i in ("1", "2"):
            name = str(r["id" + i])
            if name in arts:
                continue
            raw = record_to_doc({"id": name, "text": r["text" + i]}, str(path), name)
            if isinstance(raw, Rejection):
                continue
            try:
                arts[name] = extract(raw)
            except StorylensError:
                continue
        split = "dev" if hashlib.sha1(str(r["pair_id"]).encode()).digest()[0] % 2 == 0 else "check"
        pairs.append(SemevalPair(str(r["id1"]), str(r["id2"]), float(r["Overall"]), float(r["Overall"]) <= 2.0, split))
    return arts, pairs


def pair_scores(pred: Mapping[str, Hashable], pairs: Sequence[SemevalPair]) -> tuple[float, float, float]:
    """Precision, recall and F1 of "same story" over ``pairs``: a pair is
    predicted the same story when both articles have the same label in
    ``pred`` (an article missing from ``pred`` is in no story)."""
    tp = fp = fn = 0
    for p in pairs:
        a, b = pred.get(p.id1), pred.get(p.id2)
        same = a is not None and a == b
        tp += same and p.same
        fp += same and not p.same
        fn += p.same and not same
    return _prf(tp, tp + fp, tp + fn)


def load_web_pages(root: Path | str, events: Path | str) -> tuple[list[Article], dict[str, str]]:
    """The pages of the HTML-extraction benchmark (``<root>/html/<key>.html.gz``)
    as the pipeline makes them (extract, no sidecar), and the gold event of
    each from ``events`` (JSON: ``{"events": {label: [page key, ...]}}``; a
    page not listed is an event of its own). A page extraction rejects is
    left out."""
    import gzip

    from ..errors import StorylensError
    from ..extract import extract
    from ..ingest.decode import decode_bytes
    from ..models import RawDocument

    root, events = Path(root), Path(events)
    if not (root / "html").is_dir() or not events.is_file():
        raise InputError(f"no benchmark pages under {root} or no event labels at {events}")
    label = {key: name for name, keys in json.loads(events.read_text(encoding="utf-8"))["events"].items()
             for key in keys}
    arts: list[Article] = []
    for f in sorted((root / "html").glob("*.html.gz")):
        key = f.name[: -len(".html.gz")]
        try:
            html = decode_bytes(gzip.decompress(f.read_bytes()), check=False)[0]  # HTML: markup is no letters
            arts.append(extract(RawDocument(name=key, origin=str(f), format="html", content=html)))
        except StorylensError:
            continue
    return arts, {a.name: label.get(a.name, a.name) for a in arts}


def _pairs_together(labels: Mapping[str, Hashable], items) -> set[frozenset[str]]:
    """Every pair of ``items`` that ``labels`` gives one label (an item
    without a label, or labelled None, is alone)."""
    members: dict[Hashable, list[str]] = defaultdict(list)
    for i in items:
        if labels.get(i) is not None:
            members[labels[i]].append(i)
    return {frozenset((m[a], m[b])) for m in members.values() for a in range(len(m)) for b in range(a + 1, len(m))}


def _prf(right: int, predicted: int, gold: int) -> tuple[float, float, float]:
    prec = right / predicted if predicted else 0.0
    rec = right / gold if gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def cluster_pair_scores(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float, int]:
    """Precision, recall and F1 over all pairs of the items in ``gold``: a pair
    is predicted together when both items have one label in ``pred`` (an item
    missing from ``pred`` is alone), and is right when ``gold`` puts them
    together. Also returns the number of gold pairs. Unlike BCubed, the many
    items that are alone in both weigh nothing."""
    together = _pairs_together(pred, list(gold))
    gold_pairs = _pairs_together(gold, list(gold))
    return (*_prf(len(together & gold_pairs), len(together), len(gold_pairs)), len(gold_pairs))


@dataclass(frozen=True)
class JudgedPairScores:
    """Pair precision and recall of a clustering against pooled judgements:
    ``joined`` pairs the clustering puts in one story, ``right`` of them
    judged one event, ``unjudged`` of them outside the pool (counted wrong:
    the pool holds every pair a judge was shown), ``gold`` pairs judged one
    event."""

    precision: float
    recall: float
    f1: float
    joined: int
    right: int
    unjudged: int
    gold: int


def load_polnear_articles(root: Path | str) -> list[Article]:
    """PolNeAR's train and dev texts (``<root>/{train,dev}/text/*.txt``, the
    title on the first line) with their outlet and publication day from
    ``<root>/metadata.tsv``; a text the metadata lists but the folder lacks
    is left out."""
    root = Path(root)
    meta = root / "metadata.tsv"
    if not meta.is_file():
        raise InputError(f"no PolNeAR metadata at {meta}")
    arts: list[Article] = []
    with meta.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = root / row["compartment"] / "text" / (row["filename"] + ".txt")
            if not path.is_file():
                continue
            title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
            arts.append(_article(row["filename"], title.strip(), body.strip(), row["publication_date"] or None,
                                 row["publisher"] or None))
    return arts


def load_judged_pairs(path: Path | str) -> dict[frozenset[str], bool]:
    """Pooled same-event judgements (JSON: ``{"pairs": [[a, b, same, why], ...]}``)
    -> {frozenset({a, b}): same}."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no judged pairs at {path}")
    return {frozenset(p[:2]): bool(p[2]) for p in json.loads(path.read_text(encoding="utf-8"))["pairs"]}


def judged_pair_scores(pred: Mapping[str, Hashable], judged: Mapping[frozenset[str], bool]) -> JudgedPairScores:
    """Pair precision and recall of clustering ``pred`` (item -> story)
    against ``judged`` (see :class:`JudgedPairScores`)."""
    joined = _pairs_together(pred, list(pred))
    gold = {p for p, same in judged.items() if same}
    right = len(joined & gold)
    prec, rec, f1 = _prf(right, len(joined), len(gold))
    return JudgedPairScores(prec, rec, f1, len(joined), right, len(joined - set(judged)), len(gold))
