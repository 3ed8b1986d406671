"""Time windows: the corpus cut by publication date, each window sorted in
the order the index adds articles, and every article given its rank ``g``
(window number in the high 32 bits, position in the window in the low 32:
ranks sort as the index's order of adding, ``(published or "9999", name)``).

:func:`plan_windows` cuts the dates (from the per-shard counts: the client
never sees the articles) into windows of about ``window_docs`` articles;
undated articles go to the last window, as the index adds them last.
:func:`split_shard` (per shard) and :func:`sort_window` (per window) move the
rows there on the workers; :func:`sort_window` also writes the keys the copy
stage shuffles (exact-text keys, LSH band keys, sampled shingles), cut into
``buckets`` by key.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .articles import ARTICLE_SCHEMA
from .parts import read_table, save_arrays, write_table

__all__ = ["WindowPlan", "plan_windows", "split_shard", "sort_window", "bucket_of", "margin_start"]

_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass
class WindowPlan:
    """Window ``w`` holds the dated articles from ``starts[w]`` up to the next
    start; the last one also the undated ones."""

    starts: list[str]
    margin_days: int

    def __len__(self) -> int:
        return len(self.starts)

    def window_of(self, date: str) -> int:
        if not date:
            return len(self.starts) - 1
        return max(0, bisect.bisect_right(self.starts, date) - 1)

    def margin_lo(self, w: int) -> str | None:
        """First date of window ``w``'s margin (None for the first window)."""
        return margin_start(self.starts[w], self.margin_days) if w > 0 else None

    def margin_windows(self, w: int) -> list[int]:
        """Earlier windows that window ``w``'s margin reaches into."""
        lo = self.margin_lo(w)
        if lo is None:
            return []
        return [v for v in range(w) if v + 1 >= len(self.starts) or self.starts[v + 1] > lo]


def margin_start(start: str, days: int) -> str:
    try:
        d = dt.date.fromisoformat(start[:10])
    except ValueError:
        return start
    return (d - dt.timedelta(days=days)).isoformat()


def plan_windows(dates: dict[str, int], window_docs: int, margin_days: int, slack: float = 0.25) -> WindowPlan:
    """Windows of whole dates holding about ``window_docs`` articles each.

    A window ends where it reaches ``window_docs``, unless a date within
    ``slack`` of that size has at most half as many articles in the
    ``margin_days`` before it: then it ends at the quietest such date. A
    burst of news (an election night) is then not cut in two, and the next
    window's margin does not hold it (stories are told in bursts; a cut in a
    lull is one that few stories cross, and the margin costs least there)."""
    days = sorted(k for k in dates if k)
    if not days:
        return WindowPlan([""], margin_days)
    prefix = np.concatenate([[0], np.cumsum([dates[d] for d in days])])

    def load(j: int) -> int:  # articles in the margin before days[j]
        return int(prefix[j] - prefix[bisect.bisect_left(days, margin_start(days[j], margin_days))])

    starts, i0 = [days[0]], 0
    while True:
        acc = prefix - prefix[i0]
        t = int(np.searchsorted(acc, window_docs, side="left"))  # the first date at which the window is full
        t = max(t, i0 + 1)
        if t >= len(days):
            break
        lo = max(i0 + 1, int(np.searchsorted(acc, (1 - slack) * window_docs, side="left")))
        hi = min(len(days) - 1, int(np.searchsorted(acc, (1 + slack) * window_docs, side="right")) - 1)
        cut = t
        if lo <= hi:
            best = min(range(lo, hi + 1), key=lambda j: (load(j), abs(j - t)))
            if 2 * load(best) <= load(t):
                cut = best
        starts.append(days[cut])
        i0 = cut
    return WindowPlan(starts, margin_days)


def bucket_of(keys: np.ndarray, buckets: int) -> np.ndarray:
    """The shuffle bucket of 64-bit keys (a multiplicative hash)."""
    with np.errstate(over="ignore"):
        return ((keys.astype(np.uint64) * _MIX) >> np.uint64(40)) % np.uint64(buckets)


def split_shard(root: str, key: str, plan: WindowPlan) -> int:
    """Cut ``articles/<key>.parquet`` by window into ``tmp/bywin/<w>/<key>.parquet``."""
    base = Path(root)
    t = pq.read_table(base / "articles" / f"{key}.parquet")
    if not t.num_rows:
        return 0
    w = np.array([plan.window_of(d) for d in t.column("date").to_pylist()], dtype=np.int64)
    for v in np.unique(w).tolist():
        write_table(base / "tmp" / "bywin" / str(v) / f"{key}.parquet", t.filter(pa.array(w == v)))
    return t.num_rows


def sort_window(root: str, w: int, buckets: int) -> dict[str, int]:
    """Window ``w`` sorted by the index's order (then id; a name seen twice
    keeps its first article, as the index does), ranked, written to
    ``windows/<w>.parquet``; its copy keys written to ``tmp/cand/<b>/<w>.npz``."""
    base = Path(root)
    parts = sorted((base / "tmp" / "bywin" / str(w)).glob("*.parquet"))
    t = read_table(parts, schema=ARTICLE_SCHEMA)
    t = t.sort_by([("order", "ascending"), ("id", "ascending")])
    names = t.column("name").to_pylist()
    seen: set[str] = set()
    keep = np.ones(len(names), dtype=bool)
    for i, n in enumerate(names):
        if n in seen:
            keep[i] = False
        seen.add(n)
    if not keep.all():
        t = t.filter(pa.array(keep))
    g = (np.int64(w) << np.int64(32)) + np.arange(t.num_rows, dtype=np.int64)
    t = t.append_column("g", pa.array(g))
    write_table(base / "windows" / f"{w}.parquet", t)
    _write_keys(base, w, t, g, buckets)
    return {"docs": t.num_rows}


def _write_keys(base: Path, w: int, t: pa.Table, g: np.ndarray, buckets: int) -> None:
    ex = t.column("exact")
    has = pc.invert(pc.is_null(ex)).to_numpy(zero_copy_only=False)
    ex_key = ex.fill_null(0).to_numpy().astype(np.int64)[has]
    ex_g = g[has]
    band_bytes = t.column("bands").to_pylist()
    nb = [len(b) // 8 for b in band_bytes]
    bd_key = np.frombuffer(b"".join(band_bytes), dtype=np.uint64)
    bd_g = np.repeat(g, nb)
    sample_bytes = t.column("samples").to_pylist()
    sp_key = np.frombuffer(b"".join(sample_bytes), dtype=np.uint64)
    sp_g = np.repeat(g, [len(b) // 8 for b in sample_bytes])
    bx, bb, bs = (bucket_of(ex_key.view(np.uint64), buckets), bucket_of(bd_key, buckets), bucket_of(sp_key, buckets))
    for b in range(buckets):
        mx, mb, ms = bx == b, bb == b, bs == b
        save_arrays(base / "tmp" / "cand" / str(b) / f"{w}.npz", ex_key=ex_key[mx], ex_g=ex_g[mx],
                    bd_key=bd_key[mb], bd_g=bd_g[mb], sp_key=sp_key[ms], sp_g=sp_g[ms])
