"""The story-link cache: per story its top entities and per entity its
stories (:class:`LinkCache`), kept on a story index to update story links
incrementally (see :mod:`storylens.index.storylinks`), saved as flat arrays,
read lazily, and overlaid with what changed since loading.
"""

from __future__ import annotations

import numpy as np

from ..errors import LinkError
from .arrays import csr_of, ragged_gather, replace_rows, rows_as_lists
from .columns import KeyIndex, RowColumn, encode_rows, str_hash

__all__ = ["LinkCache"]


class LinkCache:
    """Per-story top entities and the stories of each entity, for the
    stories of one index, keyed by story index (kept on the index: see
    :func:`link_cache`).

    :meth:`state` saves it as flat arrays: per story its entity ids (CSR),
    the entity strings with their sorted hashes, and per entity its sorted
    story indexes (CSR). :meth:`from_state` decodes nothing up front (the
    arrays may be read-only views of a memory-mapped file): what changed
    since is kept in overlays, ``_ents`` (story -> its entities) and
    ``_add``/``_del`` (entity -> stories added to or removed from its saved
    postings), which :meth:`overlay_state` saves alone. The centroids
    (``cents``, valid for the clusterer's IDF version ``idf_version``) are a
    cache of one process, never saved: a loaded cache starts without, so it
    cannot use a centroid of another process's IDF."""

    def __init__(self) -> None:
        self._st_offs = np.zeros(1, np.int64)  # saved: story -> entity ids (CSR)
        self._st_ents = np.zeros(0, np.int32)
        self._names = RowColumn("str")  # saved: entity id -> entity
        self._ids = KeyIndex("str", key_of=self._names.__getitem__)  # saved: entity -> entity id
        self._p_offs = np.zeros(1, np.int64)  # saved: entity id -> sorted story indexes (CSR)
        self._p_vals = np.zeros(0, np.int32)
        self._ents: dict[int, list[str]] = {}  # stories set since loading
        self._add: dict[str, set[int]] = {}  # entity -> stories gained since loading
        self._del: dict[str, set[int]] = {}  # entity -> saved stories lost since loading
        self.cents: dict[int, tuple] = {}  # story -> centroid, at IDF version ``idf_version``
        self.idf_version = -1

    # -- reading ---------------------------------------------------------------
    def entities(self, s: int) -> list[str]:
        """Top entities of story ``s`` (empty for a story without)."""
        ents = self._ents.get(s)
        if ents is not None:
            return ents
        if s >= len(self._st_offs) - 1:
            return []
        names = self._names
        return [names[e] for e in self._st_ents[self._st_offs[s] : self._st_offs[s + 1]].tolist()]

    def _saved(self, e: str) -> np.ndarray:
        """The saved story indexes of entity ``e``."""
        i = self._ids.get(e)
        if i is None:
            return self._p_vals[:0]
        return self._p_vals[self._p_offs[i] : self._p_offs[i + 1]]

    def count(self, e: str) -> int:
        """How many stories have entity ``e``."""
        return len(self._saved(e)) + len(self._add.get(e, ())) - len(self._del.get(e, ()))

    def stories_of(self, e: str) -> list[int]:
        """The stories having entity ``e`` (in no particular order)."""
        saved = self._saved(e).tolist()
        lost = self._del.get(e)
        if lost:
            saved = [t for t in saved if t not in lost]
        return saved + list(self._add.get(e, ()))

    def items(self):
        """Every ``(entity, stories)`` pair with at least one story."""
        names = self._names
        for i in range(len(names)):
            ss = self.stories_of(names[i])
            if ss:
                yield names[i], ss
        for e, added in self._add.items():
            if added and self._ids.get(e) is None:
                yield e, list(added)

    # -- changing --------------------------------------------------------------
    def set(self, s: int, ents: list[str]) -> None:
        """Story ``s`` now has the top entities ``ents`` (empty: none, or gone)."""
        self.cents.pop(s, None)
        for e in self.entities(s):
            gained = self._add.get(e)
            if gained is not None and s in gained:
                gained.discard(s)
            else:
                self._del.setdefault(e, set()).add(s)
        self._ents[s] = list(ents)
        for e in ents:
            lost = self._del.get(e)
            if lost is not None and s in lost:
                lost.discard(s)
            else:
                self._add.setdefault(e, set()).add(s)

    # -- saving ----------------------------------------------------------------
    def _overlay_ids(self) -> tuple[list[str], dict[str, int]]:
        """The entities new since loading (sorted), and the id of every entity
        of the overlays (new ones numbered after the saved ones)."""
        names = set(self._add).union(self._del, *self._ents.values())
        ids = {e: self._ids.get(e) for e in names}
        new = sorted(e for e, i in ids.items() if i is None)
        ids.update(zip(new, range(len(self._names), len(self._names) + len(new)), strict=True))
        return new, ids

    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(meta, arrays) of the whole cache, saved part and overlays folded
        (entities left without a story are dropped); vectorised but for the
        rows changed since loading."""
        nsaved = len(self._names)
        new, ids = self._overlay_ids()
        rows = sorted(self._ents)
        nst = max(len(self._st_offs) - 1, rows[-1] + 1 if rows else 0)
        st_ents, st_offs = replace_rows(self._st_ents.astype(np.int32, copy=False), self._st_offs, rows,
                                        *csr_of([[ids[e] for e in self._ents[s]] for s in rows]), nrows=nst)
        changed = sorted({ids[e]: e for d in (self._add, self._del) for e, ss in d.items() if ss}.items())
        fresh = set(new)
        p_vals, p_offs = replace_rows(
            self._p_vals.astype(np.int32, copy=False), self._p_offs, [i for i, _ in changed],
            *csr_of([sorted(self._add[e] if e in fresh else self.stories_of(e)) for _, e in changed]),
            nrows=nsaved + len(new))
        saved_names = self._names.arrays("n")
        names = RowColumn("str", saved_names["n_data"], saved_names["n_offs"])
        names.extend(new)
        used = np.diff(p_offs) > 0  # drop entities without a story; renumber the rest
        keep = np.nonzero(used)[0]
        renum = np.cumsum(used) - 1
        p_vals, p_offs = ragged_gather(p_vals, p_offs, keep)
        all_names = names.arrays("n")
        n_data, n_offs = ragged_gather(all_names["n_data"], all_names["n_offs"], keep)
        saved = self._ids.arrays("k")
        h = np.concatenate([saved["k_h"], np.fromiter(map(str_hash, new), np.uint64, len(new))])
        v = np.concatenate([saved["k_v"], np.arange(nsaved, nsaved + len(new), dtype=np.int64)])
        live = used[v]
        h, v = h[live], renum[v[live]]
        order = np.argsort(h, kind="stable")
        meta = {"stories": int(nst), "entities": int(len(keep))}
        return meta, {"st_offs": st_offs, "st_ents": renum[st_ents].astype(np.int32), "names_data": n_data,
                      "names_offs": n_offs, "ids_h": h[order], "ids_v": v[order].astype(np.int64),
                      "post_offs": p_offs, "post_vals": p_vals}

    @classmethod
    def from_state(cls, meta: dict, arrays) -> LinkCache:
        """The cache saved by :meth:`state` (``arrays``: a mapping, possibly
        of read-only views), read lazily; a damaged state raises
        :class:`~storylens.errors.LinkError`."""
        c = cls()
        try:
            c._st_offs, c._st_ents = arrays["st_offs"], arrays["st_ents"]
            c._names = RowColumn.from_arrays(arrays, "names", "str")
            c._ids = KeyIndex.from_arrays(arrays, "ids", "str", key_of=c._names.__getitem__)
            c._p_offs, c._p_vals = arrays["post_offs"], arrays["post_vals"]
            ok = (len(c._st_offs) == int(meta["stories"]) + 1 and c._st_offs[-1] == len(c._st_ents)
                  and len(c._p_offs) == len(c._names) + 1 == int(meta["entities"]) + 1
                  and c._p_offs[-1] == len(c._p_vals) and len(c._ids) == len(c._names))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise LinkError(f"unreadable story-link cache state: {exc}") from exc
        if not ok:
            raise LinkError("unreadable story-link cache state: its arrays differ in length")
        return c

    def overlay_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(meta, arrays) of what changed since loading: the stories set and
        the stories each entity gained or lost (restored by :meth:`load_overlay`)."""
        rows = sorted(self._ents)
        s_data, s_offs = encode_rows([self._ents[s] for s in rows], "json")
        ents = sorted(e for e in set(self._add) | set(self._del) if self._add.get(e) or self._del.get(e))
        e_data, e_offs = encode_rows(ents, "str")
        add_vals, add_offs = csr_of([sorted(self._add.get(e, ())) for e in ents])
        del_vals, del_offs = csr_of([sorted(self._del.get(e, ())) for e in ents])
        meta = {"stories": len(rows), "entities": len(ents)}
        return meta, {"ov_st": np.array(rows, dtype=np.int64), "ov_st_data": s_data, "ov_st_offs": s_offs,
                      "ov_e_data": e_data, "ov_e_offs": e_offs, "ov_add_offs": add_offs, "ov_add_vals": add_vals,
                      "ov_del_offs": del_offs, "ov_del_vals": del_vals}

    def load_overlay(self, meta: dict, arrays) -> None:
        """Restore what :meth:`overlay_state` saved, over the same saved
        cache just loaded; a damaged overlay raises
        :class:`~storylens.errors.LinkError`."""
        try:
            rows = arrays["ov_st"].tolist()
            ents = RowColumn("json", arrays["ov_st_data"], arrays["ov_st_offs"]).tolist()
            names = RowColumn("str", arrays["ov_e_data"], arrays["ov_e_offs"]).tolist()
            add = rows_as_lists(arrays["ov_add_vals"], arrays["ov_add_offs"])
            lost = rows_as_lists(arrays["ov_del_vals"], arrays["ov_del_offs"])
            ok = len(rows) == len(ents) == int(meta["stories"]) and len(names) == len(add) == len(lost) == int(
                meta["entities"])
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise LinkError(f"unreadable story-link cache overlay: {exc}") from exc
        if not ok:
            raise LinkError("unreadable story-link cache overlay: its arrays differ in length")
        self._ents = dict(zip(rows, ents, strict=True))
        self._add = {e: set(ss) for e, ss in zip(names, add, strict=True) if ss}
        self._del = {e: set(ss) for e, ss in zip(names, lost, strict=True) if ss}
        self.cents, self.idf_version = {}, -1
