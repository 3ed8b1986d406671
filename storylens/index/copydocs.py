"""The copy detector's documents and copy groups, read lazily from a state.

A saved :class:`~storylens.index.copies.CopyIndex` keeps one row per document
in flat arrays (see :class:`DocTable`) and its copy groups as sorted group
keys + CSR of members (:class:`GroupTable`). After loading, nothing is
decoded until it is read: a document becomes a :class:`CopyDoc` object on
first access (and stays one, so that changes made to it are kept), a group's
members are read from the flat arrays. What changed since loading (documents
added, copy status of loaded documents changed, groups grown) is saved alone
as an overlay (``overlay_arrays`` / ``load_overlay``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from .arrays import append_rows, merge_grown_rows, replace_rows
from .columns import RowColumn, encode_rows
from .rows import FlatRows

__all__ = ["CopyDoc", "CopyMatch", "DocTable", "GroupTable", "RELATIONS"]

RELATIONS = ("original", "exact", "near", "syndicated")
_REL_CODE = {r: i for i, r in enumerate(RELATIONS)}
_NAN = float("nan")


@dataclass
class CopyMatch:
    """An article's copy status: which article it copies and why."""

    relation: str = "original"  # original | exact | near | syndicated
    duplicate_of: str | None = None
    similarity: float | None = None
    evidence: str | None = None


@dataclass
class CopyDoc:
    """One indexed article, as the copy detector keeps it."""

    name: str
    day: float | None
    outlet: str | None
    markers: list[str]
    text: bytes | memoryview  # zlib-compressed body, for evidence
    group: int  # copy group id (key of its first member)
    match: CopyMatch = field(default_factory=CopyMatch)
    matched_to: int | None = None  # key of the doc it matched when added
    jacc: float = 0.0


# columns of a document table: numbers (name, dtype) and encoded rows (name, codec)
_NUMS = (("relation", np.uint8), ("similarity", np.float64), ("days", np.float64), ("group", np.int64),
         ("matched_to", np.int64), ("jacc", np.float64))
_ROWS = (("names", "str"), ("info", "json"), ("text", "bytes"))
_MATCH_NUMS = ("relation", "similarity")  # the columns a copy-status change touches, with "info"


def _none_nan(v: float | None) -> float:
    return _NAN if v is None else v


def _match(rel: int, sim: float, info: list) -> CopyMatch:
    """A copy status from its stored columns (``info``: outlet, markers,
    duplicate_of, evidence)."""
    return CopyMatch(RELATIONS[rel], info[2], None if sim != sim else sim, info[3])


def _doc(name: str, info: list, text, rel: int, sim: float, day: float, group: int, mt: int,
         jacc: float) -> CopyDoc:
    """A document from its stored columns (in the order of ``_ROWS``, ``_NUMS``)."""
    return CopyDoc(name=name, day=None if day != day else day, outlet=info[0], markers=info[1], text=text,
                   group=group, match=_match(rel, sim, info), matched_to=None if mt < 0 else mt, jacc=jacc)


def _encode(docs: list[CopyDoc], match_only: bool = False) -> dict[str, np.ndarray]:
    """Columns of ``docs`` (only the copy-status ones when ``match_only``)."""
    n = len(docs)
    out: dict[str, np.ndarray] = {
        "relation": np.fromiter((_REL_CODE[d.match.relation] for d in docs), np.uint8, n),
        "similarity": np.fromiter((_none_nan(d.match.similarity) for d in docs), np.float64, n),
    }
    info = [[d.outlet, d.markers, d.match.duplicate_of, d.match.evidence] for d in docs]
    out["info_data"], out["info_offs"] = encode_rows(info, "json")
    if match_only:
        return out
    out["days"] = np.fromiter((_none_nan(d.day) for d in docs), np.float64, n)
    out["group"] = np.fromiter((d.group for d in docs), np.int64, n)
    out["matched_to"] = np.fromiter((-1 if d.matched_to is None else d.matched_to for d in docs), np.int64, n)
    out["jacc"] = np.fromiter((d.jacc for d in docs), np.float64, n)
    out["names_data"], out["names_offs"] = encode_rows([d.name for d in docs], "str")
    out["text_data"], out["text_offs"] = encode_rows([d.text for d in docs], "bytes")
    return out


def _rows(data: np.ndarray, offs: np.ndarray, codec: str) -> list:
    """Every row of an encoded column, decoded (copies, not views)."""
    raw, cuts = data.tobytes(), offs.tolist()
    rows = [raw[a:b] for a, b in pairwise(cuts)]
    if codec == "str":
        return [r.decode("utf-8") for r in rows]
    return [json.loads(r) for r in rows] if codec == "json" else rows


def _decode(arrays) -> list[CopyDoc]:
    """The documents of the columns ``arrays`` (as :func:`_encode` made them)."""
    names = _rows(arrays["names_data"], arrays["names_offs"], "str")
    info = _rows(arrays["info_data"], arrays["info_offs"], "json")
    text = _rows(arrays["text_data"], arrays["text_offs"], "bytes")
    nums = [arrays[name].tolist() for name, _ in _NUMS]
    if any(len(c) != len(names) for c in [info, text, *nums]):
        raise ValueError("copy index document columns differ in length")
    return [_doc(*row) for row in zip(names, info, text, *nums, strict=True)]


class DocTable:
    """The copy detector's documents by key (0, 1, ...): a sequence of
    :class:`CopyDoc`. Loaded documents are read from the state's columns on
    first access and kept; a change of copy status goes through
    :meth:`set_match` so that it is saved in the overlay."""

    def __init__(self, arrays=None) -> None:
        self._cols: dict[str, np.ndarray] = {}
        self._names, self._info, self._text = RowColumn("str"), RowColumn("json"), RowColumn("bytes")
        n = 0
        if arrays is not None:
            self._cols = {name: arrays[name] for name, _ in _NUMS}
            self._names = RowColumn.from_arrays(arrays, "names", "str")
            self._info = RowColumn.from_arrays(arrays, "info", "json")
            self._text = RowColumn.from_arrays(arrays, "text", "bytes")
            n = len(self._names)
            if any(len(c) != n for c in self._cols.values()) or len(self._info) != n or len(self._text) != n:
                raise ValueError("copy index document columns differ in length")
        self._nbase = n
        self._loaded: dict[int, CopyDoc] = {}  # base docs read so far
        self._changed: set[int] = set()  # base docs whose copy status changed since loading
        self._tail: list[CopyDoc] = []  # docs added since loading

    def __len__(self) -> int:
        return self._nbase + len(self._tail)

    @property
    def nbase(self) -> int:
        """How many documents the loaded state held."""
        return self._nbase

    def __getitem__(self, k: int) -> CopyDoc:
        if k < 0:
            k += len(self)
        if not 0 <= k < self._nbase:
            return self._tail[k - self._nbase]
        d = self._loaded.get(k)
        if d is None:
            d = self._loaded[k] = self._read(k)
        return d

    def __iter__(self) -> Iterator[CopyDoc]:
        for k in range(len(self)):
            yield self[k]

    def _read(self, k: int) -> CopyDoc:
        return _doc(self._names[k], self._info[k], self._text[k], *(self._cols[c][k].item() for c, _ in _NUMS))

    def name(self, k: int) -> str:
        """Name of document ``k`` (without reading the rest of it)."""
        return self._names[k] if 0 <= k < self._nbase else self[k].name

    def group(self, k: int) -> int:
        """Copy group of document ``k`` (without reading the rest of it;
        a document's group never changes)."""
        return self._cols["group"][k].item() if 0 <= k < self._nbase else self[k].group

    def day(self, k: int) -> float | None:
        """Publication day of document ``k`` (without reading the rest of
        it; it never changes)."""
        if 0 <= k < self._nbase:
            v = self._cols["days"][k].item()
            return None if v != v else v
        return self[k].day

    def append(self, doc: CopyDoc) -> None:
        self._tail.append(doc)

    def set_match(self, k: int, match: CopyMatch) -> None:
        """Set the copy status of document ``k``."""
        self[k].match = match
        if k < self._nbase:
            self._changed.add(k)

    # -- saving ----------------------------------------------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        """Every column, base and changes folded together."""
        tail = _encode(self._tail)
        if not self._nbase:
            return tail
        keys = np.array(sorted(self._changed), dtype=np.int64)
        chg = _encode([self._loaded[k] for k in keys.tolist()], match_only=True)
        out = {}
        for name, _ in _NUMS:
            col = np.concatenate([self._cols[name], tail[name]])
            if name in _MATCH_NUMS and len(keys):
                col[keys] = chg[name]
            out[name] = col
        for name, rows in (("names", self._names), ("info", self._info), ("text", self._text)):
            base = rows.arrays(name)  # the loaded rows as they are (these columns are never changed)
            data, offs = base[name + "_data"], base[name + "_offs"]
            if name == "info" and len(keys):
                data, offs = replace_rows(data, offs, keys, chg["info_data"], chg["info_offs"])
            out[name + "_data"], out[name + "_offs"] = append_rows(
                data, offs, tail[name + "_data"], tail[name + "_offs"])
        return out

    def overlay_arrays(self) -> dict[str, np.ndarray]:
        """The documents added since loading (every column, prefix ``new_``)
        and the copy status of loaded documents changed since (``chg_``)."""
        keys = sorted(self._changed)
        out = {"new_" + k: v for k, v in _encode(self._tail).items()}
        out.update({"chg_" + k: v for k, v in _encode([self._loaded[k] for k in keys], match_only=True).items()})
        out["chg_keys"] = np.array(keys, dtype=np.int64)
        return out

    def load_overlay(self, arrays) -> None:
        """Restore :meth:`overlay_arrays` over the same base."""
        self._tail = _decode({k[4:]: v for k, v in arrays.items() if k.startswith("new_")})
        keys = arrays["chg_keys"].tolist()
        info = _rows(arrays["chg_info_data"], arrays["chg_info_offs"], "json")
        rels, sims = arrays["chg_relation"].tolist(), arrays["chg_similarity"].tolist()
        if not len(info) == len(rels) == len(sims) == len(keys) or any(not 0 <= k < self._nbase for k in keys):
            raise ValueError("copy index overlay does not fit this base state")
        for k, inf, rel, sim in zip(keys, info, rels, sims, strict=True):
            self.set_match(k, _match(rel, sim, inf))


class GroupTable(FlatRows):
    """Copy groups: group id (the key of its first member) -> member keys in
    the order they joined. Saved as sorted group ids + CSR; after loading, a
    group is copied out of the flat arrays only when a member joins it.
    Lists read from a loaded group are copies: change groups through
    :meth:`new` and :meth:`join`."""

    def __getitem__(self, g: int) -> list[int]:
        lst = self._new.get(g)
        if lst is not None:
            return lst
        row = self._row(g)
        if row is None:
            raise KeyError(g)
        return row.tolist()

    def new(self, g: int) -> None:
        """Open group ``g`` with its first member ``g``."""
        self._new[g] = [g]

    def join(self, g: int, key: int) -> None:
        """Add member ``key`` to group ``g``."""
        lst = self._new.get(g)
        if lst is None:
            lst = self._new[g] = self[g]
        lst.append(key)

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(group ids, members, offsets)`` of every group, ids sorted (the
        groups changed since loading stay in the overlay too)."""
        if not self._new:
            return self._codes, self._vals, self._offs
        codes, lens, members = self._changes()
        return merge_grown_rows(self._codes, self._vals, self._offs, codes, members, lens)

    def _changes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = list(self._new.values())
        return (np.fromiter(self._new, np.int64, len(rows)), np.fromiter(map(len, rows), np.int64, len(rows)),
                np.array([k for r in rows for k in r], dtype=np.int32))

    def overlay_arrays(self) -> dict[str, np.ndarray]:
        """The groups changed since loading, whole."""
        codes, lens, flat = self._changes()
        return {"codes": codes, "lens": lens, "vals": flat}

    def load_overlay(self, arrays) -> None:
        lens = arrays["lens"].tolist()
        codes, flat = arrays["codes"].tolist(), arrays["vals"].tolist()
        if len(codes) != len(lens) or sum(lens) != len(flat):
            raise ValueError("copy group overlay is damaged")
        pos = 0
        for g, n in zip(codes, lens, strict=True):
            self._new[g] = flat[pos : pos + n]
            pos += n
