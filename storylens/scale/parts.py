"""Parquet partitions of a scaled run: written atomically (a temporary name,
then a rename, so a worker killed while writing leaves no half file and a
re-run recomputes only what is missing) and read back by rows or columns.

The layout of a run folder (``Settings.scale_dir``):

- ``articles/<shard>.parquet``: one row per analyzed document (the raw
  document, the article as JSON, its annotations as JSON, the link features);
  ``articles/<shard>.json`` what the shard held (counts, dates, name evidence);
- ``rejections/<shard>.parquet``: the documents refused, with the reason;
- ``windows/<w>.parquet``: every article again, sorted in the order the index
  adds them and cut into time windows, each row with its rank ``g``;
- ``links/<w>.parquet``: per article its story and copy relation;
- ``stories/<b>.parquet``, ``story_links.parquet``, ``dossier/<b>.parquet``:
  the stories, the links between them and each story's dossier entry;
- ``tmp/``: the shuffles between stages (removed at the end).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["write_table", "read_table", "save_arrays", "load_arrays", "rows_by_rank", "write_json", "dumps"]

ROW_GROUP = 2000


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _atomic(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def write_table(path: str | Path, table: pa.Table) -> None:
    """Write ``table`` to ``path`` atomically (zstd, row groups of ``ROW_GROUP``)."""
    path = Path(path)
    tmp = _atomic(path)
    pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP)
    os.replace(tmp, path)


def write_json(path: str | Path, obj: Any) -> None:
    path = Path(path)
    tmp = _atomic(path)
    tmp.write_text(dumps(obj), encoding="utf-8")
    os.replace(tmp, path)


def read_table(paths: Iterable[str | Path], columns: list[str] | None = None,
               schema: pa.Schema | None = None) -> pa.Table:
    """The rows of several partitions (missing files are skipped)."""
    tables = [pq.read_table(p, columns=columns) for p in paths if Path(p).exists()]
    if not tables:
        if schema is None:
            raise FileNotFoundError("no partition to read")
        return schema.empty_table() if columns is None else schema.empty_table().select(columns)
    return pa.concat_tables(tables, promote_options="default") if len(tables) > 1 else tables[0]


def save_arrays(path: str | Path, **arrays: np.ndarray) -> None:
    """A shuffle piece: named numpy arrays, atomically."""
    path = Path(path)
    tmp = _atomic(path)
    with tmp.open("wb") as fh:
        np.savez(fh, **arrays)  # type: ignore[arg-type]  # numpy's stub reads **kwds as allow_pickle
    os.replace(tmp, path)


def load_arrays(paths: Iterable[str | Path], names: list[str], dtypes: dict[str, Any]) -> dict[str, np.ndarray]:
    """The shuffle pieces at ``paths`` concatenated, array by array."""
    parts: dict[str, list[np.ndarray]] = {n: [] for n in names}
    for p in paths:
        with np.load(p) as z:
            for n in names:
                parts[n].append(z[n])
    return {n: np.concatenate(v).astype(dtypes[n], copy=False) if v else np.zeros(0, dtypes[n])
            for n, v in parts.items()}


def rows_by_rank(root: str | Path, ranks: np.ndarray, columns: list[str]) -> pa.Table:
    """The rows of ``windows/`` whose rank ``g`` is in ``ranks`` (any order;
    the window of a rank is its high 32 bits), read by row group."""
    ranks = np.unique(np.asarray(ranks, dtype=np.int64))
    out = []
    for w in np.unique(ranks >> 32).tolist():
        want = ranks[(ranks >> 32) == w] & 0xFFFFFFFF
        pf = pq.ParquetFile(Path(root) / "windows" / f"{w}.parquet")
        groups = np.unique(want // ROW_GROUP).tolist()
        t = pf.read_row_groups(groups, columns=list(dict.fromkeys(["g", *columns])))
        g = t.column("g").to_numpy()
        keep = np.isin(g & 0xFFFFFFFF, want)
        out.append(t.filter(pa.array(keep)))
    if not out:
        return pa.table({c: [] for c in ["g", *columns]})
    return pa.concat_tables(out)
