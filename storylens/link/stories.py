"""The incremental story index: copies + stories + story links, persistable.

Usage::

    index = StoryIndex()
    index.add_many(articles)            # -> list[CopyLink]
    index.links()                       # {doc name: CopyLink} (current assignment)
    index.stories()                     # [{id, label, date_range, docs, ...}]
    index.story_links()                 # stories connected across time
    blob = index.to_state(); index = StoryIndex.from_state(blob)

Adding an article first runs copy detection (:mod:`storylens.link.copies`).
A copy joins the story of its original and is not clustered itself (copies
would inflate a story's weight). An original is clustered
(:mod:`storylens.link.clusters`). Story ids are ``"S" + sha1(first member
name)[:8]``, stable across runs; when two stories merge the older id stays.

``add_many`` ends with a refinement of the stories that received articles
(``refine=False`` turns it off); a single ``add`` does not refine, so for the
most stable result add new articles in one ``add_many`` call per run.

Order dependence (documented): a copy group's original is the earliest
published member, so it does not depend on order when dates are known; with
unknown dates the first added wins. Story assignment is incremental (see
:mod:`storylens.link.clusters`): articles added in publication-date order give
the same stories for the same corpus; another order, or other batch
boundaries, can differ on borderline articles, and story ids (from a story's
first member) follow the order. The pipeline adds articles sorted by
(published, name).

The state (:meth:`to_state`) keeps every body zlib-compressed, for the
evidence passages of later copies: about 3.7 KB per article.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import re
import zlib

import numpy as np

from ..errors import LinkError, StorylensError
from ..models import Article, CopyLink
from .clusters import StoryClusterer, StoryRecord
from .copies import CopyIndex, CopyMatch, _Doc
from .features import text_features, words
from .minhash import MinHashIndex

__all__ = ["StoryIndex", "STATE_VERSION"]

STATE_VERSION = 2  # 2: spelling-tolerant entity terms


def _iso(day: float | None) -> str | None:
    if day is None:
        return None
    return (_dt.date(1970, 1, 1) + _dt.timedelta(days=int(day // 1))).isoformat()


class StoryIndex:
    """Incremental copies + stories over articles keyed by ``Article.name``."""

    def __init__(self, refine: bool = True, title_weight: float = 3.0, lead_weight: float = 2.0,
                 **cluster_options) -> None:
        self.refine = refine
        self.title_weight, self.lead_weight = title_weight, lead_weight
        self.copies = CopyIndex()
        self.clusterer = StoryClusterer(**cluster_options)
        self._cluster_options = dict(cluster_options)
        self.titles: list[str] = []  # by copy key (headline, or first body line)
        self.has_title: list[bool] = []
        self.cluster_key: list[int] = []  # copy key -> clusterer key (-1 for copies)
        self.group_story: dict[int, int] = {}  # copy group -> its clustered member (clusterer key)
        self.doc_ents: list[list[str]] = []  # top entities per copy key (story links)
        self.quote_sets: list[list[list[str]]] = []  # per doc: quotes as word-prefix sets

    # -- adding ----------------------------------------------------------------
    def add(self, article: Article) -> CopyLink:
        """Add one article; return its link (relation, original, story)."""
        if not isinstance(article, Article):
            raise LinkError(f"expected an Article, got {type(article).__name__}")
        name = article.name
        if not name:
            raise LinkError("article has no name", doc=article.id or None, stage="link")
        if name in self.copies.by_name:
            return self.link(name)
        try:
            key = self.copies.add(article)
            self.titles.append(_title_of(article))
            self.has_title.append(bool(article.title and article.title.strip()))
            feats = text_features(article, self.title_weight, self.lead_weight)
            top = sorted(feats.ents.items(), key=lambda kv: -kv[1])[:12]
            self.doc_ents.append([e for e, _ in top])
            self.quote_sets.append(_quote_sets(article.body or ""))
            doc = self.copies.docs[key]
            g = doc.group
            if g in self.group_story:  # a copy (or the new original of a group)
                self.cluster_key.append(-1)
            else:
                self.clusterer.add(name, feats)
                ck = len(self.clusterer.ids) - 1
                self.cluster_key.append(ck)
                self.group_story[g] = ck
        except StorylensError:
            raise
        except Exception as exc:  # never crash on odd input: report it plainly
            raise LinkError(f"could not link article: {exc}", doc=name, stage="link") from exc
        return self.link(name)

    def add_many(self, articles) -> list[CopyLink]:
        """Add articles in the given order (sort by date first for the
        most stable result); return their links."""
        names = []
        touched: set[int] = set()
        fresh: set[int] = set()
        for a in articles:
            new = a.name not in self.copies.by_name
            self.add(a)
            names.append(a.name)
            if new and self.cluster_key[-1] >= 0:
                touched.add(self.clusterer.story(self.cluster_key[-1]))
                fresh.add(self.cluster_key[-1])
        if touched and self.refine:
            self.clusterer.refine(touched, fresh)
        return [self.link(n) for n in names]

    # -- reading ---------------------------------------------------------------
    def _story_of_key(self, key: int) -> int:
        g = self.copies.docs[key].group
        return self.clusterer.story(self.group_story[g])

    def link(self, name: str) -> CopyLink:
        """Current link of one document."""
        key = self.copies.by_name.get(name)
        if key is None:
            raise LinkError(f"unknown document {name!r}", doc=name, stage="link")
        m: CopyMatch = self.copies.docs[key].match
        sid = self.clusterer.stories[self._story_of_key(key)].id
        return CopyLink(doc=name, story=sid, duplicate_of=m.duplicate_of, relation=m.relation,
                        similarity=m.similarity, evidence=m.evidence,
                        markers=list(self.copies.docs[key].markers))

    def links(self) -> dict[str, CopyLink]:
        """Current assignment of every document, by document name."""
        return {d.name: self.link(d.name) for d in self.copies.docs}

    def markers(self, name: str) -> list[str]:
        """Declared syndication markers detected for one document."""
        return list(self.copies.docs[self.copies.by_name[name]].markers)

    def _members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for key in range(len(self.copies.docs)):
            out.setdefault(self._story_of_key(key), []).append(key)
        return out

    def stories(self) -> list[dict]:
        """Every story: ``id``, ``label`` (most representative headline),
        ``date_range`` [first, last] (ISO dates or null), ``docs`` (names),
        ``originals``, ``copies`` ({copy: original}), ``outlets``,
        ``independent_sources`` (outlets after collapsing copies; an original
        with unknown outlet counts as one source), ``markers``."""
        out = []
        idf = self.clusterer._idf()
        for s, keys in sorted(self._members().items(), key=lambda kv: min(kv[1])):
            rec: StoryRecord = self.clusterer.stories[s]
            docs = [self.copies.docs[k] for k in keys]
            originals = [k for k in keys if self.copies.docs[k].match.relation == "original"]
            known = {self.copies.docs[k].outlet.lower() for k in originals if self.copies.docs[k].outlet}
            unknown = sum(1 for k in originals if not self.copies.docs[k].outlet)
            outlets = sorted({d.outlet for d in docs if d.outlet})
            days = [d.day for d in docs if d.day is not None]
            out.append({
                "id": rec.id,
                "label": self._label(keys, idf),
                "date_range": [_iso(min(days)), _iso(max(days))] if days else [None, None],
                "docs": [d.name for d in docs],
                "originals": [self.copies.docs[k].name for k in originals],
                "copies": {d.name: d.match.duplicate_of for d in docs if d.match.relation != "original"},
                "outlets": outlets,
                "independent_sources": len(known) + unknown,
                "markers": sorted({m for d in docs for m in d.markers}),
            })
        return out

    def _label(self, keys: list[int], idf: np.ndarray) -> str:
        ck = [self.cluster_key[k] for k in keys if self.cluster_key[k] >= 0]
        titled = [k for k in keys if self.has_title[k]] or [k for k in keys if self.titles[k]]
        if len(ck) <= 1 or not titled:
            k0 = titled[0] if titled else keys[0]
            return self.titles[k0] or self.copies.docs[k0].name
        cent: dict[int, float] = {}
        vecs = {}
        for c in ck:
            ids, w = self.clusterer.unit_vector(c, idf)
            vecs[c] = (ids, w)
            for i, x in zip(ids.tolist(), w.tolist()):
                cent[i] = cent.get(i, 0.0) + x
        best, best_score = titled[0], -1.0
        for k in titled:
            c = self.cluster_key[k]
            if c < 0:
                continue
            ids, w = vecs[c]
            sc = sum(cent.get(i, 0.0) * x for i, x in zip(ids.tolist(), w.tolist()))
            if sc > best_score:
                best, best_score = k, sc
        return self.titles[best]

    def story_links(self) -> list[dict]:
        """Stories connected across time (see :mod:`storylens.link.storylinks`)."""
        from .storylinks import link_stories

        return link_stories(self)

    # -- state -----------------------------------------------------------------
    def to_state(self) -> bytes:
        """Serialise the whole index (no pickle): a compressed npz archive."""
        cp, cl = self.copies, self.clusterer
        meta = {
            "version": STATE_VERSION,
            "use_background": cl.use_background,
            "cluster_options": self._cluster_options,
            "feature_options": [self.refine, self.title_weight, self.lead_weight],
            "copy_options": [cp.near_jaccard, cp.containment, cp.min_shared, cp.mh.num_perm, cp.mh.num_bands],
            "docs": [[d.name, d.day, d.outlet, d.markers, d.group, d.matched_to, d.jacc,
                      [d.match.relation, d.match.duplicate_of, d.match.similarity, d.match.evidence]]
                     for d in cp.docs],
            "exact": cp.exact,
            "groups": {str(g): m for g, m in cp.groups.items()},
            "vocab": list(cl.vocab),
            "cdays": cl.days,
            "cnames": cl.names,
            "settled": cl.settled,
            "story_of": cl.story_of,
            "stories": [[s.id, s.members, s.first, s.last, s.merged_into] for s in cl.stories],
            "titles": self.titles,
            "has_title": self.has_title,
            "cluster_key": self.cluster_key,
            "group_story": {str(g): s for g, s in self.group_story.items()},
            "doc_ents": self.doc_ents,
            "quote_sets": self.quote_sets,
        }
        sig, lsh = cp.mh.state()
        arrays = {
            "meta": np.frombuffer(zlib.compress(json.dumps(meta).encode("utf-8"), 6), dtype=np.uint8),
            "sig": np.frombuffer(sig, dtype=np.uint8),
            "lsh": np.frombuffer(lsh, dtype=np.uint8),
            "sample_len": np.array([len(d.sample) for d in cp.docs], dtype=np.int64),
            "sample": np.concatenate([d.sample for d in cp.docs]) if cp.docs else np.zeros(0, np.uint64),
            "text_len": np.array([len(d.text) for d in cp.docs], dtype=np.int64),
            "text": np.frombuffer(b"".join(d.text for d in cp.docs), dtype=np.uint8),
            "df": cl.df[: len(cl.vocab)],
            "bg": cl.bg[: len(cl.vocab)],
            "vec_len": np.array([len(i) for i in cl.ids], dtype=np.int64),
            "vec_ids": np.concatenate(cl.ids) if cl.ids else np.zeros(0, np.int32),
            "vec_w": np.concatenate(cl.wts) if cl.wts else np.zeros(0, np.float32),
        }
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_state(cls, blob: bytes) -> "StoryIndex":
        """Rebuild an index saved by :meth:`to_state`."""
        try:
            z = np.load(io.BytesIO(blob), allow_pickle=False)
            meta = json.loads(zlib.decompress(z["meta"].tobytes()).decode("utf-8"))
        except Exception as exc:
            raise LinkError(f"unreadable story index state: {exc}") from exc
        if meta.get("version") != STATE_VERSION:
            raise LinkError(f"story index state version {meta.get('version')} is not {STATE_VERSION}")
        rf, tw, lw = meta["feature_options"]
        idx = cls(refine=rf, title_weight=tw, lead_weight=lw, **meta["cluster_options"])
        nj, ct, ms, nperm, nbands = meta["copy_options"]
        cp = CopyIndex(near_jaccard=nj, containment=ct, min_shared=ms, num_perm=nperm, num_bands=nbands)
        cp.mh = MinHashIndex.from_state(z["sig"].tobytes(), z["lsh"].tobytes(), num_perm=nperm, num_bands=nbands)
        samples = np.split(z["sample"], np.cumsum(z["sample_len"])[:-1]) if len(z["sample_len"]) else []
        tl = z["text_len"].tolist()
        tb = z["text"].tobytes()
        pos = 0
        for i, row in enumerate(meta["docs"]):
            name, day, outlet, markers, group, matched_to, jacc, m = row
            d = _Doc(name=name, day=day, outlet=outlet, markers=markers, sample=samples[i].copy(),
                     text=tb[pos : pos + tl[i]], group=group, match=CopyMatch(*m),
                     matched_to=matched_to, jacc=jacc)
            pos += tl[i]
            cp.docs.append(d)
            cp.by_name[name] = i
            for h in d.sample.tolist():
                p = cp.postings.get(h)
                if p is None:
                    cp.postings[h] = i
                elif isinstance(p, int):
                    cp.postings[h] = [p, i]
                else:
                    p.append(i)
        cp.exact = dict(meta["exact"])
        cp.groups = {int(g): m for g, m in meta["groups"].items()}
        idx.copies = cp
        cl = idx.clusterer
        cl.vocab = {t: i for i, t in enumerate(meta["vocab"])}
        df = z["df"]
        cl.df = np.zeros(max(1024, len(df)), dtype=np.int32)
        cl.df[: len(df)] = df
        cl.bg = np.zeros(len(cl.df), dtype=np.float32)
        cl.bg[: len(df)] = z["bg"]
        cl.use_background = bool(meta.get("use_background", False))
        cl.ids = [a.copy() for a in np.split(z["vec_ids"], np.cumsum(z["vec_len"])[:-1])] if len(z["vec_len"]) else []
        cl.wts = [a.copy() for a in np.split(z["vec_w"], np.cumsum(z["vec_len"])[:-1])] if len(z["vec_len"]) else []
        cl.days = meta["cdays"]
        cl.names = meta["cnames"]
        cl.settled = meta["settled"]
        cl.story_of = meta["story_of"]
        cl.stories = [StoryRecord(id=s[0], members=s[1], first=s[2], last=s[3], merged_into=s[4])
                      for s in meta["stories"]]
        cl.rebuild_postings()
        idx.titles = meta["titles"]
        idx.has_title = meta["has_title"]
        idx.cluster_key = meta["cluster_key"]
        idx.group_story = {int(g): s for g, s in meta["group_story"].items()}
        idx.doc_ents = meta["doc_ents"]
        idx.quote_sets = meta["quote_sets"]
        return idx

    def __len__(self) -> int:
        return len(self.copies)


def _title_of(article: Article) -> str:
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    for line in (article.body or "").splitlines():
        if line.strip():
            line = " ".join(line.split())
            return line if len(line) <= 120 else line[:117] + "…"
    return ""


_QUOTE_RX = re.compile(r"[\"“”]([^\"“”\n]{3,400})[\"“”]")
_QUOTE_STOP = frozenset(
    """a an the and or but of to in on at for with by from is are was were be been it its this that
    these those we you he she they i our their his her them us as if so not no yes will would should
    can could have has had do does did there here what which who whom how when where why all any some
    just also very more most much many said says""".split()
)


def _quote_sets(body: str, limit: int = 30) -> list[list[str]]:
    """Each quotation of ``body`` as its set of content-word prefixes (5
    letters: "relations" and "relationship" meet), for quotes of 2+ words."""
    out: list[list[str]] = []
    for m in _QUOTE_RX.finditer(body):
        t = sorted({w[:5] for w in words(m.group(1)) if len(w) > 2 and w not in _QUOTE_STOP})
        if len(t) >= 2:
            out.append(t)
            if len(out) >= limit:
                break
    return out
