"""The incremental story index: copies + stories + story links, persistable.

Usage::

    index = StoryIndex()
    index.add_many(articles)            # -> list[CopyLink]
    index.links()                       # {doc name: CopyLink} (current assignment)
    index.stories()                     # [{id, label, date_range, docs, ...}]
    index.story_links()                 # stories connected across time
    blob = index.to_state(); index = StoryIndex.from_state(blob)

Adding an article first runs copy detection (:mod:`storylens.index.copies`).
A copy joins the story of its original and is not clustered itself (copies
would inflate a story's weight). An original is clustered
(:mod:`storylens.index.clusters`). Story ids are ``"S" + sha1(first member
name)[:8]``, stable across runs; when two stories merge the older id stays.

``add_many`` ends with a refinement of the stories that received articles
(``refine=False`` turns it off); a single ``add`` does not refine, so for the
most stable result add new articles in one ``add_many`` call per run.

Order dependence (documented): a copy group's original is the earliest
published member, so it does not depend on order when dates are known; with
unknown dates the first added wins. Story assignment is incremental (see
:mod:`storylens.index.clusters`): articles added in publication-date order give
the same stories for the same corpus; another order, or other batch
boundaries, can differ on borderline articles, and story ids (from a story's
first member) follow the order. The pipeline adds articles sorted by
(published, name).

The state (:meth:`to_state`, format :data:`STATE_VERSION`) is a blob of flat
numpy arrays (:func:`pack_arrays`: a JSON header, then raw data, loaded as
views without copying): per-document rows (term vectors, compressed bodies,
posting lists, titles, entities) as one values array + row offsets or
lengths (CSR), plus one small zlib-compressed JSON entry of options. It keeps
the copy detector's and the clusterer's inverted indexes and the
clusterer's IDF cache as they are in memory, so a loaded index continues
exactly as the saved one would have (tested). Loading decodes nothing per
document: columns (:mod:`storylens.index.columns`) read a row when it is
used, and keep what changed since loading apart, so that the changes alone
can be saved as an overlay (:meth:`StoryIndex._own_overlay`). Every body
stays zlib-compressed, for the evidence passages of later copies.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import LinkError, StorylensError
from ..models import Article, CopyLink
from .clusters import StoryClusterer
from .columns import KeyIndex, NumColumn, RowColumn
from .copies import CopyIndex, CopyMatch
from .features import STOPWORDS, text_features, words
from .records import Story
from .state import SavedPart, no_gc, pack_state, prefixed, unpack_state
from .storylist import StoryRecord

if TYPE_CHECKING:
    from .linkcache import LinkCache

__all__ = ["StoryIndex", "IndexChanges"]



@dataclass
class IndexChanges:
    """What :meth:`StoryIndex.take_changes` returns."""

    stories: list[dict]  # rows of the changed stories that exist
    gone: list[str]  # ids of stories merged away or emptied
    docs: list[str]  # names of every document of a changed story
    story_index: list[int]  # clusterer indexes of the changed stories that exist (or existed)


def _iso(day: float | None) -> str | None:
    if day is None:
        return None
    try:
        return (_dt.date(1970, 1, 1) + _dt.timedelta(days=int(day // 1))).isoformat()
    except (OverflowError, ValueError):  # a day out of the calendar (stored before dates were checked)
        return None


class StoryIndex:
    """Incremental copies + stories over articles keyed by ``Article.name``."""

    def __init__(self, refine: bool = True, title_weight: float = 3.0, lead_weight: float = 2.0,
                 **cluster_options) -> None:
        self.refine = refine
        self.title_weight, self.lead_weight = title_weight, lead_weight
        self.copies = CopyIndex()
        self.clusterer = StoryClusterer(**cluster_options)
        self.titles = RowColumn("str")  # by copy key (headline, or first body line)
        self.has_title = NumColumn(bool)
        self.cluster_key = NumColumn(np.int64)  # copy key -> clusterer key (-1 for copies)
        self.group_story = KeyIndex("int")  # copy group -> its clustered member (clusterer key)
        self.doc_ents = RowColumn("json")  # top entities per copy key (story links)
        self.quote_sets = RowColumn("json")  # per doc: quotes as word-prefix sets
        self._ck_key: NumColumn | None = NumColumn(np.int64)  # clusterer key -> copy key (built when needed)
        self._link_cache: LinkCache | None = None  # story-link bookkeeping of this process
        self._base_docs = 0  # documents of the loaded state (see _own_overlay)

    # -- adding ----------------------------------------------------------------
    def add(self, article: Article) -> CopyLink:
        """Add one article; return its link (relation, original, story)."""
        return self._add(article)

    def _add(self, article: Article, known: bool = False, copy_of: str | None = None) -> CopyLink:
        """Add one article, its copy status detected, or, when ``known``,
        given by ``copy_of`` (see :meth:`add_many`)."""
        if not isinstance(article, Article):
            raise LinkError(f"expected an Article, got {type(article).__name__}")
        name = article.name
        if not name:
            raise LinkError("article has no name", doc=article.id or None, stage="index")
        if name in self.copies.by_name:
            return self.link(name)
        try:
            key = self.copies.add_known(article, copy_of) if known else self.copies.add(article)
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
                self.clusterer.dirty.add(self.clusterer.story(self.group_story[g]))
            else:
                self.clusterer.add(name, feats)
                ck = len(self.clusterer.ids) - 1
                self.cluster_key.append(ck)
                self.group_story[g] = ck
                if self._ck_key is not None:
                    self._ck_key.append(key)
        except StorylensError:
            raise
        except Exception as exc:  # never crash on odd input: report it plainly
            raise LinkError(f"could not link article: {exc}", doc=name, stage="index") from exc
        return self.link(name)

    def add_many(self, articles, corpus_df: tuple[Mapping[str, int], int] | None = None,
                 copy_of: Mapping[str, str] | None = None) -> list[CopyLink]:
        """Add articles in the given order (sort by date first for the
        most stable result); return their links. ``corpus_df``: the
        document frequencies and number of clustered articles of a whole
        corpus that this index holds a time window of (see
        :meth:`~.clusters.StoryClusterer.assume_df`): the refinement that
        ends the batch weighs terms with them, as one index holding the
        corpus would. ``copy_of``: copies found by that corpus's copy stage
        (article name -> the name of the article added before it whose
        copy group it joins); when given, no text is compared and every
        article it does not name is an original (see
        :meth:`~.copies.CopyIndex.add_known`)."""
        names = []
        touched: set[int] = set()
        fresh: set[int] = set()
        for a in articles:
            new = a.name not in self.copies.by_name
            if copy_of is None:
                self.add(a)
            else:
                self._add(a, known=True, copy_of=copy_of.get(a.name))
            names.append(a.name)
            if new and self.cluster_key[-1] >= 0:
                touched.add(self.clusterer.story(self.cluster_key[-1]))
                fresh.add(self.cluster_key[-1])
        if corpus_df is not None:
            self.clusterer.assume_df(*corpus_df)
        if touched and self.refine:
            self.clusterer.refine(touched, fresh)
        return [self.link(n) for n in names]

    # -- reading ---------------------------------------------------------------
    def _story_of_key(self, key: int) -> int:
        g = self.copies.docs.group(key)
        return self.clusterer.story(self.group_story[g])

    def link(self, name: str) -> CopyLink:
        """Current link of one document."""
        key = self.copies.by_name.get(name)
        if key is None:
            raise LinkError(f"unknown document {name!r}", doc=name, stage="index")
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

    def story_keys(self, s: int) -> list[int]:
        """Copy keys of the members of story ``s`` (the clustered articles and
        their copies), ascending; empty for a story merged into another."""
        if self._ck_key is None or len(self._ck_key) != len(self.clusterer.ids):
            ck = self.cluster_key.numpy()
            inv = np.full(len(self.clusterer.ids), -1, dtype=np.int64)
            keys = np.nonzero(ck >= 0)[0]
            inv[ck[keys]] = keys
            self._ck_key = NumColumn(np.int64, inv)
        if self.clusterer.stories[s].merged_into is not None:
            return []
        docs, groups = self.copies.docs, self.copies.groups
        out: list[int] = []
        for c in self.clusterer.stories[s].members:
            out.extend(groups[docs.group(self._ck_key[c])])
        return sorted(out)

    def stories(self) -> list[dict]:
        """Every story, as the JSON of a :class:`~.records.Story`: ``id``,
        ``label`` (most representative headline), ``date_range`` [first, last]
        (ISO dates or null), ``docs`` (names), ``originals``, ``copies``
        ({copy: original}), ``outlets``, ``independent_sources`` (outlets after
        collapsing copies; an original with unknown outlet counts as one
        source), ``markers``."""
        idf = self.clusterer._idf()
        return [self._story_row(s, keys, idf)
                for s, keys in sorted(self._members().items(), key=lambda kv: min(kv[1]))]

    def _story_row(self, s: int, keys: list[int], idf: np.ndarray) -> dict:
        rec: StoryRecord = self.clusterer.stories[s]
        docs = [self.copies.docs[k] for k in keys]
        originals = [k for k in keys if self.copies.docs[k].match.relation == "original"]
        known = {(self.copies.docs[k].outlet or "").lower() for k in originals if self.copies.docs[k].outlet}
        unknown = sum(1 for k in originals if not self.copies.docs[k].outlet)
        outlets = sorted({d.outlet for d in docs if d.outlet})
        days = [d.day for d in docs if d.day is not None]
        return Story(
            id=rec.id,
            label=self._label(keys, idf),
            date_range=[_iso(min(days)), _iso(max(days))] if days else [None, None],
            docs=[d.name for d in docs],
            originals=[self.copies.docs[k].name for k in originals],
            copies={d.name: d.match.duplicate_of for d in docs if d.match.relation != "original"},
            outlets=outlets,
            independent_sources=len(known) + unknown,
            markers=sorted({m for d in docs for m in d.markers}),
        ).to_json()

    def take_changes(self) -> IndexChanges:
        """What changed since the last call (or since loading): the stories
        that got, lost or merged members, as rows (like :meth:`stories`), the
        ids of stories that no longer exist, and the names of the documents
        of every changed story (their links may differ). Clears the record."""
        cl = self.clusterer
        idf = cl._idf()
        live: set[int] = set()
        gone: set[str] = set()
        for s in cl.dirty:
            r = cl._find(s)
            if r != s:  # merged away: kept in ``story_index`` so that its entities leave the link cache
                gone.add(cl.stories[s].id)
            live.update((r, s))
        rows: list[dict] = []
        names: list[str] = []
        for s in sorted(live):
            keys = self.story_keys(s)
            if not keys:
                gone.add(cl.stories[s].id)
                continue
            rows.append(self._story_row(s, keys, idf))
            names.extend(self.copies.docs[k].name for k in keys)
        gone -= {r["id"] for r in rows}
        cl.dirty.clear()
        changes = IndexChanges(stories=rows, gone=sorted(gone), docs=names, story_index=sorted(live))
        if self._link_cache is not None:  # saved with the index: kept current
            from .storylinks import refresh_link_cache

            refresh_link_cache(self, changes)
        return changes

    def _label(self, keys: list[int], idf: np.ndarray) -> str:
        """Headline of the titled member closest to the story's centroid."""
        from .storylinks import centroid

        ck = [self.cluster_key[k] for k in keys if self.cluster_key[k] >= 0]
        titled = [k for k in keys if self.has_title[k]] or [k for k in keys if self.titles[k]]
        if len(ck) <= 1 or not titled:
            k0 = titled[0] if titled else keys[0]
            return self.titles[k0] or self.copies.docs[k0].name
        cids, cw = centroid(self, keys, idf)
        best, best_score = titled[0], -1.0
        for k in titled:
            c = self.cluster_key[k]
            if c < 0:
                continue
            ids, w = self.clusterer.unit_vector(c, idf)
            pos = np.searchsorted(cids, ids)  # ids are a subset of the centroid's sorted ids
            sc = float(np.dot(cw[pos], w))
            if sc > best_score:
                best, best_score = k, sc
        return self.titles[best]

    def story_links(self) -> list[dict]:
        """Stories connected across time (see :mod:`storylens.index.storylinks`)."""
        from .storylinks import link_stories

        return link_stories(self)

    def storylines(self) -> list[dict]:
        """The storylines that the story links form (see :mod:`storylens.index.storylines`),
        as the JSON of :class:`~.records.Storyline` records."""
        from .records import StoryLink
        from .storylines import build_storylines

        stories = [Story.from_json(s) for s in self.stories()]
        links = [StoryLink.from_json(link) for link in self.story_links()]
        return [line.to_json() for line in build_storylines(stories, links)]

    # -- state -----------------------------------------------------------------
    def _parts(self) -> dict[str, SavedPart]:
        """The parts that save themselves, by the prefix they save under."""
        from .storylinks import link_cache

        return {"cp_": self.copies, "cl_": self.clusterer, "lc_": link_cache(self)}

    def to_state(self) -> bytes:
        """Serialise the whole index (no pickle, see :mod:`.state`): each
        part's state under its prefix, the index's own columns, and the
        options it was made with."""
        with no_gc():
            meta: dict[str, Any] = {"feature_options": [self.refine, self.title_weight, self.lead_weight]}
            arrays: dict[str, np.ndarray] = {}
            for prefix, part in self._parts().items():
                meta[prefix], part_arrays = part.state()
                arrays.update({prefix + k: v for k, v in part_arrays.items()})
            for name in _OWN_COLUMNS:
                arrays.update(getattr(self, name).arrays(name))
            arrays.update(self.group_story.arrays("group_story"))
            return pack_state(meta, arrays)

    @classmethod
    def from_state(cls, blob, overlay=None) -> StoryIndex:
        """Rebuild an index saved by :meth:`to_state` (bytes, or a memory map:
        nothing is decoded until it is used), with the changes saved since
        by :meth:`overlay_state` over it when ``overlay`` is given; a state
        of another version or a damaged one raises :class:`LinkError`."""
        with no_gc():
            idx = cls._from_state(blob)
            if overlay is not None:
                idx.load_overlay(overlay)
            return idx

    @classmethod
    def _from_state(cls, blob) -> StoryIndex:
        from .linkcache import LinkCache

        arrays, meta = unpack_state(blob, "state")
        try:
            rf, tw, lw = meta["feature_options"]
            idx = cls(refine=rf, title_weight=tw, lead_weight=lw)
            idx.copies = CopyIndex.from_state(meta["cp_"], prefixed(arrays, "cp_"))
            idx.clusterer = StoryClusterer.from_state(meta["cl_"], prefixed(arrays, "cl_"))
            idx._link_cache = LinkCache.from_state(meta["lc_"], prefixed(arrays, "lc_"))
            idx._load_own_columns(arrays)
            n = len(idx.copies)
            if not (len(idx.titles) == len(idx.has_title) == len(idx.cluster_key) == len(idx.doc_ents)
                    == len(idx.quote_sets) == n):
                raise ValueError("per-document columns differ in length")
        except LinkError:
            raise
        except Exception as exc:  # a damaged state: missing entries, wrong shapes
            raise LinkError(f"unreadable story index state: {exc}") from exc
        return idx

    def _load_own_columns(self, arrays) -> None:
        """Per-document columns of the index itself, read lazily from ``arrays``."""
        for name, codec in _ROW_COLUMNS.items():
            setattr(self, name, RowColumn.from_arrays(arrays, name, codec))
        for name, dtype in _NUM_COLUMNS.items():
            setattr(self, name, NumColumn.from_arrays(arrays, name, dtype))
        self.group_story = KeyIndex.from_arrays(arrays, "group_story", "int")
        self._ck_key = None
        self._base_docs = len(self.titles)

    def overlay_state(self) -> bytes:
        """What changed since this index was loaded with :meth:`from_state`
        (a blob like :meth:`to_state`'s, proportional to the changes): given
        to ``from_state`` with the same base, it restores this index."""
        with no_gc():
            meta: dict[str, Any] = {"docs": self._base_docs}
            arrays: dict[str, np.ndarray] = {}
            for prefix, part in self._parts().items():
                meta[prefix], part_arrays = part.overlay_state()
                arrays.update({prefix + k: v for k, v in part_arrays.items()})
            for name in _OWN_COLUMNS:
                arrays.update(getattr(self, name).overlay_arrays(name))
            arrays.update(self.group_story.overlay_arrays("group_story"))
            return pack_state(meta, arrays)

    def load_overlay(self, blob) -> None:
        """Apply an :meth:`overlay_state` blob saved over the base this index
        was just loaded from; a damaged one, or one saved over another base,
        raises :class:`LinkError`."""
        arrays, meta = unpack_state(blob, "overlay")
        try:
            if meta["docs"] != self._base_docs or len(self.titles) != self._base_docs:
                raise ValueError("the overlay was saved over another base")
            for prefix, part in self._parts().items():
                part.load_overlay(meta[prefix], prefixed(arrays, prefix))
            for name in _OWN_COLUMNS:
                getattr(self, name).load_overlay(arrays, name)
            self.group_story.load_overlay(arrays, "group_story")
            self._ck_key = None
        except LinkError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LinkError(f"unreadable story index overlay: {exc}") from exc

    def __len__(self) -> int:
        return len(self.copies)


_ROW_COLUMNS = {"titles": "str", "doc_ents": "json", "quote_sets": "json"}  # StoryIndex's own columns
_NUM_COLUMNS = {"has_title": bool, "cluster_key": np.int64}
_OWN_COLUMNS = (*_ROW_COLUMNS, *_NUM_COLUMNS)


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
    """a an the and or but of to in on at for with by from is are was were be been it its this that these
those we you he she they i our their his her them us as if so not no yes will would should can could have has
had do does did there here what which who whom how when where why all any some just also very more most much
many said says""".split()
)
_QUOTE_PREFIX = 5  # quotation words are kept as prefixes of this length
# prefixes of stop words and common news verbs: a shared "I don't know" is no message (see .storylinks)
_STOP_PREFIXES = frozenset(w[:_QUOTE_PREFIX] for w in STOPWORDS)


def _quote_sets(body: str, limit: int = 30) -> list[list[str]]:
    """Each quotation of ``body`` as its set of content-word prefixes (5
    letters: "relations" and "relationship" meet), for quotes of 2+ such
    words."""
    out: list[list[str]] = []
    for m in _QUOTE_RX.finditer(body):
        t = sorted({w[:_QUOTE_PREFIX] for w in words(m.group(1)) if len(w) > 2 and w not in _QUOTE_STOP}
                   - _STOP_PREFIXES)
        if len(t) >= 2:
            out.append(t)
            if len(out) >= limit:
                break
    return out
