"""Saving and restoring the story clusterer (:class:`~.clusters.StoryClusterer`):
the whole state as flat arrays, and the overlay of what changed since
loading. The clusterer's ``state``, ``from_state``, ``overlay_state`` and
``load_overlay`` call these."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from .arrays import apply_delta, array_delta
from .columns import NumColumn, RowColumn, encode_rows
from .rows import Ragged
from .storylist import StoryList
from .termindex import TermIndex, TermPostings

if TYPE_CHECKING:
    from .clusters import StoryClusterer

__all__ = ["clusterer_state", "load_clusterer_state", "base_marks", "clusterer_overlay", "load_clusterer_overlay",
           "DOC_COLUMNS"]

DOC_COLUMNS = ("ids", "wts", "hids", "hwts", "days", "leads", "names", "settled", "story_of")  # one row per document


def clusterer_state(self: StoryClusterer) -> tuple[dict, dict[str, np.ndarray]]:
    """(JSON-able meta, flat numpy arrays): everything needed to continue
    exactly as this clusterer would, the inverted index and the IDF cache
    included (no Python loop over documents or postings). Nothing is
    folded in place: :meth:`overlay_state` still saves what changed
    since loading."""
    if self._seed is not None:
        raise ValueError("a clusterer seeded with another corpus's document frequencies is not saved")
    v = len(self.vocab)
    ids, offs = self.ids.csr()
    wts, woffs = self.wts.csr()
    hids, hoffs = self.hids.csr()
    hwts, hwoffs = self.hwts.csr()
    leads, loffs = self.leads.csr()
    if not (np.array_equal(offs, woffs) and np.array_equal(hoffs, hwoffs)):
        raise ValueError("term ids and weights out of step")
    pcodes, pvals, poffs = self.postings.csr()
    meta = {
        "options": self.options,
        "use_background": self.use_background,
        "idf_n": self._idf_n if self._idf_cache is not None else None,
        "earlier_docs": self.earlier_docs,
    }
    arrays = {
        "df": self.df[:v],
        "bg": self.bg[:v],
        "vec_offs": offs,
        "vec_ids": ids,
        "vec_w": wts,
        "hvec_offs": hoffs,
        "hvec_ids": hids,
        "hvec_w": hwts,
        "days": self.days.numpy(),
        "leads_offs": loffs,
        "leads": leads,
        "settled": self.settled.numpy(),
        "story_of": self.story_of.numpy(),
        "post_codes": pcodes,
        "post_offs": poffs,
        "post_vals": pvals,
        "idf_cache": self._idf_cache if self._idf_cache is not None else np.zeros(0, np.float32),
    }
    arrays.update(self.stories.arrays("st"))
    arrays.update(self.terms.arrays("terms"))
    arrays.update(self.vocab.arrays("vocab"))
    arrays.update(self.names.arrays("names"))
    return meta, arrays

def load_clusterer_state(self: StoryClusterer, meta: dict, z) -> None:
    df = z["df"]
    self.df = np.zeros(max(1024, len(df)), dtype=np.int32)
    self.df[: len(df)] = df
    self.bg = np.zeros(len(self.df), dtype=np.float32)
    self.bg[: len(df)] = z["bg"]
    self.use_background = bool(meta.get("use_background", False))
    self.earlier_docs = int(meta.get("earlier_docs", 0))
    self.terms = RowColumn.from_arrays(z, "terms", "str")
    self.vocab = TermIndex.from_arrays(z, "vocab", key_of=self.terms.__getitem__)
    offs = z["vec_offs"]
    self.ids = Ragged(np.int32, z["vec_ids"], offs)
    self.wts = Ragged(np.float32, z["vec_w"], offs)
    self.hids = Ragged(np.int32, z["hvec_ids"], z["hvec_offs"])
    self.hwts = Ragged(np.float32, z["hvec_w"], z["hvec_offs"])
    self.days = NumColumn.from_arrays(z, "days", np.float64, none_as_nan=True)
    self.leads = Ragged(np.int32, z["leads"], z["leads_offs"])
    self.names = RowColumn.from_arrays(z, "names", "str")
    self.settled = NumColumn.from_arrays(z, "settled", bool)
    self.story_of = NumColumn.from_arrays(z, "story_of", np.int64)
    self.stories = StoryList(z, "st")
    self.postings = TermPostings(z["post_codes"], z["post_vals"], z["post_offs"])
    n = len(self.ids)
    if not (len(self.wts) == len(self.hids) == len(self.hwts) == len(self.days) == len(self.leads) == len(self.names)
            == len(self.settled) == len(self.story_of) == n):
        raise ValueError("clusterer state columns differ in length")
    if not len(self.terms) == len(self.vocab) == len(df) == len(z["bg"]):
        raise ValueError("clusterer vocabulary columns differ in length")
    self._reset_caches()
    if meta.get("idf_n") is not None:
        self._idf_cache = z["idf_cache"].astype(np.float32)  # a copy: it grows in place
        self._idf_n = int(meta["idf_n"])
        self._idf_version = 1
    self._loaded = base_marks(self, df, z["bg"])

def base_marks(self: StoryClusterer, df: np.ndarray, bg: np.ndarray) -> dict:
    """What :meth:`overlay_state` compares with: sizes, DF and background
    IDF as loaded, the IDF cache length and version."""
    return {"sizes": [len(self.ids), len(self.vocab), len(self.stories)], "df": df, "bg": bg,
            "idf_len": 0 if self._idf_cache is None else len(self._idf_cache),
            "idf_version": self._idf_version}

def clusterer_overlay(self: StoryClusterer) -> tuple[dict, dict[str, np.ndarray]]:
    """What changed since :meth:`from_state` (or since construction), as
    (JSON-able meta, arrays), for :meth:`load_overlay` over the same base:
    new documents and terms, the postings lists and stories changed, the
    DF entries changed and the IDF cache (only its new tail unless it was
    recomputed since loading)."""
    base = self._loaded
    nd, nv, _ = base["sizes"]
    v = len(self.vocab)
    c = self._idf_cache
    whole = c is None or self._idf_version != base["idf_version"]
    meta = {"base": base["sizes"], "idf_n": None if c is None else self._idf_n,
            "idf_version": self._idf_version, "idf_whole": whole}
    arrays = {"idf": np.zeros(0, np.float32) if c is None else c if whole else c[base["idf_len"] :]}
    arrays.update(array_delta(self.df[:v], base["df"], "df"))
    arrays.update(array_delta(self.bg[:v], base["bg"], "bg"))
    for name in DOC_COLUMNS:
        arrays.update(getattr(self, name).overlay_arrays(name))
    data, offs = encode_rows(list(self.vocab.new_items()), "str")  # in id order: terms are only added
    arrays.update({"terms_d": data, "terms_o": offs})
    arrays.update(self.postings.overlay_arrays("post"))
    arrays.update(self.stories.overlay_arrays("st"))
    return meta, arrays

def load_clusterer_overlay(self: StoryClusterer, meta: dict, z) -> None:
    """Restore :meth:`overlay_state` over the base just loaded: this
    clusterer then continues exactly as the saved one would."""
    base = self._loaded
    if list(meta["base"]) != base["sizes"] or self.dirty or len(self.ids) != base["sizes"][0]:
        raise ValueError("the overlay was saved over another base")
    nv = base["sizes"][1]
    data, offs = bytes(z["terms_d"]), z["terms_o"].tolist()
    if len(data) != offs[-1]:
        raise ValueError("bad overlay of the vocabulary")
    terms = [data[a:b].decode("utf-8") for a, b in pairwise(offs)]
    self.terms.extend(terms)
    v = len(self.terms)
    self.vocab.insert_absent(dict(zip(terms, range(nv, v), strict=True)))
    if v > len(self.df):
        self._grow(v)
    apply_delta(self.df, z, "df", nv, v)
    apply_delta(self.bg, z, "bg", nv, v)
    for name in DOC_COLUMNS:
        getattr(self, name).load_overlay(z, name)
    self.postings.load_overlay(z, "post")
    self.stories.load_overlay(z, "st")
    n = len(self.ids)
    if any(len(getattr(self, name)) != n for name in DOC_COLUMNS):
        raise ValueError("clusterer overlay columns differ in length")
    idf = np.asarray(z["idf"], dtype=np.float32)
    if meta["idf_n"] is None:
        self._idf_cache = None
    else:
        self._idf_cache = idf.copy() if meta["idf_whole"] else np.concatenate([self._idf_cache, idf])
        self._idf_n = int(meta["idf_n"])
    self._idf_version = int(meta["idf_version"])
