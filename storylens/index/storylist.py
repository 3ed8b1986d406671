"""The story clusterer's stories: :class:`StoryRecord` (members, time span,
merge target), the lazily loaded :class:`StoryList` over saved arrays, and
:func:`story_id`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from .arrays import concat_rows, offsets_of, splice_rows
from .columns import KeyIndex, RowColumn, encode_rows

__all__ = ["StoryRecord", "StoryList", "story_id"]


def story_id(first_doc: str) -> str:
    """Stable story id derived from its first member's name."""
    return "S" + hashlib.sha1(first_doc.encode("utf-8")).hexdigest()[:8]


@dataclass
class StoryRecord:
    id: str
    members: list[int] = field(default_factory=list)  # clustered doc keys
    first: float | None = None
    last: float | None = None
    merged_into: int | None = None


def _opt(v: float) -> float | None:
    return None if v != v else v


def _spans(recs) -> np.ndarray:
    """``[[first, last], ...]`` of ``recs`` (None as nan)."""
    nan = float("nan")
    return np.array([[nan if r.first is None else r.first, nan if r.last is None else r.last] for r in recs],
                    dtype=np.float64).reshape(-1, 2)


def _merged_into(recs) -> np.ndarray:
    return np.array([-1 if r.merged_into is None else r.merged_into for r in recs], dtype=np.int64)


class StoryList:
    """The clusterer's stories, a list of :class:`StoryRecord` over saved
    arrays (members CSR, spans, merged-into, ids): a stored record is made
    when first read and kept, since the clusterer changes records in place;
    records changed since loading are marked (:meth:`mark`) for the overlay.
    Story ids are looked up (:meth:`has_id`) in a :class:`KeyIndex`."""

    def __init__(self, arrays=None, prefix: str = "st") -> None:
        if arrays is None:
            self._offs = np.zeros(1, np.int64)
            self._members = np.zeros(0, np.int64)
            self._span = np.zeros((0, 2), np.float64)
            self._merged = np.zeros(0, np.int64)
            self._ids = RowColumn("str")
            by_id = KeyIndex("str")
        else:
            self._offs = np.asarray(arrays[prefix + "_offs"], dtype=np.int64)
            self._members = arrays[prefix + "_members"]
            self._span = arrays[prefix + "_span"]
            self._merged = arrays[prefix + "_merged"]
            self._ids = RowColumn.from_arrays(arrays, prefix + "_ids", "str")
            by_id = KeyIndex.from_arrays(arrays, prefix + "_byid")
        self._nbase = len(self._offs) - 1
        if not (len(self._span) == len(self._merged) == len(self._ids) == self._nbase
                and self._offs[-1] == len(self._members)):
            raise ValueError("story columns differ in length")
        by_id.key_of = self._ids.__getitem__
        self._by_id = by_id
        self._recs: dict[int, StoryRecord] = {}  # stored records read so far
        self._changed: set[int] = set()  # stored records changed since loading
        self._tail: list[StoryRecord] = []

    def __len__(self) -> int:
        return self._nbase + len(self._tail)

    def __getitem__(self, i: int) -> StoryRecord:
        if i >= self._nbase:
            return self._tail[i - self._nbase]
        if i < 0:
            return self[i + len(self)]
        rec = self._recs.get(i)
        if rec is None:
            a, b = int(self._offs[i]), int(self._offs[i + 1])
            f, last = self._span[i].tolist()
            m = int(self._merged[i])
            rec = self._recs[i] = StoryRecord(id=self._ids[i], members=self._members[a:b].tolist(), first=_opt(f),
                                              last=_opt(last), merged_into=None if m < 0 else m)
        return rec

    def append(self, rec: StoryRecord) -> None:
        self._tail.append(rec)
        self._ids.append(rec.id)
        self._by_id[rec.id] = len(self) - 1

    def mark(self, stories) -> None:
        """Note that the records ``stories`` were changed (for the overlay)."""
        self._changed.update(stories)

    def has_id(self, sid: str) -> bool:
        return sid in self._by_id

    def merged_into(self) -> np.ndarray:
        """Every story's ``merged_into`` (-1 for none), as an array."""
        out = np.concatenate([self._merged, _merged_into(self._tail)])
        if self._recs:
            keys = list(self._recs)
            out[keys] = _merged_into(self._recs.values())
        return out

    # -- saving ----------------------------------------------------------------
    def arrays(self, prefix: str = "st") -> dict[str, np.ndarray]:
        """Every record (stored ones read since loading folded in)."""
        keys = list(self._recs)
        rows = {k: np.array(self._recs[k].members, dtype=np.int64) for k in keys}
        tail = [np.array(r.members, dtype=np.int64) for r in self._tail]
        members, offs = splice_rows(self._members, self._offs, rows, tail, np.int64)
        span = np.concatenate([self._span, _spans(self._tail)])
        span[keys] = _spans(self._recs.values())
        out = {prefix + "_offs": offs, prefix + "_members": members, prefix + "_span": span,
               prefix + "_merged": self.merged_into()}
        out.update(self._ids.arrays(prefix + "_ids"))
        out.update(self._by_id.arrays(prefix + "_byid"))
        return out

    def overlay_arrays(self, prefix: str = "st") -> dict[str, np.ndarray]:
        """The stored records changed since loading and the records added."""
        keys = sorted(k for k in self._changed if k < self._nbase)
        recs = [self[k] for k in keys] + self._tail
        members, offs = concat_rows([np.array(r.members, dtype=np.int64) for r in recs], np.int64)
        ids, id_offs = encode_rows([r.id for r in self._tail], "str")
        return {prefix + "_setk": np.array(keys, dtype=np.int64), prefix + "_lens": np.diff(offs),
                prefix + "_members": members, prefix + "_span": _spans(recs), prefix + "_merged": _merged_into(recs),
                prefix + "_idd": ids, prefix + "_ido": id_offs}

    def load_overlay(self, arrays, prefix: str = "st") -> None:
        """Restore :meth:`overlay_arrays` over the same, freshly loaded, base."""
        if self._recs or self._tail:
            raise ValueError("a story overlay loads over a freshly loaded base only")
        keys = arrays[prefix + "_setk"].tolist()
        ids = RowColumn("str", arrays[prefix + "_idd"], arrays[prefix + "_ido"]).tolist()
        offs = offsets_of(arrays[prefix + "_lens"]).tolist()
        members = arrays[prefix + "_members"].tolist()
        span = arrays[prefix + "_span"].tolist()
        merged = arrays[prefix + "_merged"].tolist()
        n = len(keys) + len(ids)
        if not (len(offs) - 1 == len(span) == len(merged) == n) or (keys and (min(keys) < 0 or max(keys) >= self._nbase)):
            raise ValueError("bad story overlay")
        for j, sid in enumerate([self._ids[k] for k in keys] + ids):
            (f, last), m = span[j], merged[j]
            rec = StoryRecord(id=sid, members=members[offs[j] : offs[j + 1]], first=_opt(f), last=_opt(last),
                              merged_into=None if m < 0 else m)
            if j < len(keys):
                self._recs[keys[j]] = rec
            else:
                self.append(rec)
        self._changed = set(keys)
