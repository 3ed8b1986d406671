"""Lazily read columns with an overlay (storylens.index.columns)."""

import numpy as np
import pytest

from storylens.index.columns import KeyIndex, NumColumn, RowColumn


def _roundtrip(arrays):
    return {k: np.frombuffer(v.tobytes(), dtype=v.dtype).reshape(v.shape) for k, v in arrays.items()}


@pytest.mark.parametrize("codec,rows", [
    ("json", [["a", "b"], None, [], {"x": 1.5}, "é"]),
    ("str", ["alpha", "", "βeta", "x" * 1000]),
    ("bytes", [b"\x00\x01", b"", b"zz"]),
])
def test_row_column_base_overlay_and_full(codec, rows):
    col = RowColumn.of(rows, codec)
    base = RowColumn.from_arrays(_roundtrip(col.arrays("c")), "c", codec)
    assert [bytes(v) if codec == "bytes" else v for v in base] == rows
    extra = rows[0]
    base.append(extra)
    base[1] = rows[-1]
    want = list(rows) + [extra]
    want[1] = rows[-1]
    norm = (lambda xs: [bytes(v) for v in xs]) if codec == "bytes" else list
    assert norm(base) == want
    # the overlay alone, restored over the same base, gives the same column
    again = RowColumn.from_arrays(_roundtrip(col.arrays("c")), "c", codec)
    again.load_overlay(_roundtrip(base.overlay_arrays("o")), "o")
    assert norm(again) == want
    # folded into a new base
    full = RowColumn.from_arrays(_roundtrip(base.arrays("f")), "f", codec)
    assert norm(full) == want and len(full) == len(want)


def test_mutable_rows_keep_changes_made_in_place():
    col = RowColumn.from_arrays(_roundtrip(RowColumn.of([[1], [2, 3]]).arrays("g")), "g", mutable=True)
    col[0].append(9)
    assert col[0] == [1, 9]
    assert list(RowColumn.from_arrays(_roundtrip(col.arrays("g")), "g")) == [[1, 9], [2, 3]]
    with pytest.raises(IndexError):
        col[2]


def test_num_column_none_and_overlay():
    col = NumColumn.of([1.5, None, 3.0], np.float64, none_as_nan=True)
    base = NumColumn.from_arrays(_roundtrip(col.arrays("d")), "d", np.float64, none_as_nan=True)
    assert base.tolist() == [1.5, None, 3.0] and base[1] is None and base[-1] == 3.0
    base[0] = None
    base.append(7.0)
    assert base.tolist() == [None, None, 3.0, 7.0]
    again = NumColumn.from_arrays(_roundtrip(col.arrays("d")), "d", np.float64, none_as_nan=True)
    again.load_overlay(_roundtrip(base.overlay_arrays("o")), "o")
    assert again.tolist() == [None, None, 3.0, 7.0]
    assert np.isnan(again.numpy()[0]) and again.numpy()[3] == 7.0


def test_key_index_lookup_insert_override_and_collisions():
    names = ["a", "b", "c", "d"]
    ki = KeyIndex.of({n: i for i, n in enumerate(names)}, key_of=names.__getitem__)
    base = KeyIndex.from_arrays(_roundtrip(ki.arrays("k")), "k", key_of=names.__getitem__)
    assert [base[n] for n in names] == [0, 1, 2, 3] and "z" not in base and base.get("z", -1) == -1
    base["e"] = 4
    base["a"] = 10  # a stored key set again
    assert len(base) == 5 and base["a"] == 10 and base["e"] == 4
    full = KeyIndex.from_arrays(_roundtrip(base.arrays("f")), "f")
    assert len(full) == 5 and full["a"] == 10 and full["b"] == 1
    again = KeyIndex.from_arrays(_roundtrip(ki.arrays("k")), "k", key_of=names.__getitem__)
    again.load_overlay(_roundtrip(base.overlay_arrays("o")), "o")
    assert len(again) == 5 and again["a"] == 10 and again["e"] == 4
    # two keys with one hash: told apart by key_of
    forced = KeyIndex("str", np.array([5, 5], np.uint64), np.array([0, 1], np.int64), key_of=["x", "y"].__getitem__)
    forced._hash = lambda key: 5
    assert forced["x"] == 0 and forced["y"] == 1 and forced.get("z") is None


def test_int_keys():
    ki = KeyIndex.of({7: 1, -3: 2, 2**40: 3}, kind="int")
    base = KeyIndex.from_arrays(_roundtrip(ki.arrays("k")), "k", kind="int")
    assert base[7] == 1 and base[-3] == 2 and base[2**40] == 3 and 8 not in base


def test_take_reads_base_overlay_and_tail_rows_as_indexing_does():
    from storylens.index.rows import Ragged

    col = NumColumn.from_arrays({"d": np.array([1.5, np.nan, 3.0, 4.0])}, "d", np.float64, none_as_nan=True)
    col[2] = None  # set over the base
    col.append(7.0)  # the tail
    keys = [4, 0, 1, 2, 3, 4, 0]
    assert col.take(keys) == [col[k] for k in keys] == [7.0, 1.5, None, None, 4.0, 7.0, 1.5]
    rows = Ragged(np.int32, np.array([1, 2, 3], np.int32), np.array([0, 2, 2, 3]))
    rows[0] = np.array([9], np.int32)
    rows.append(np.array([5, 6], np.int32))
    got = rows.take([3, 0, 1, 2])
    assert [r.tolist() for r in got] == [[5, 6], [9], [], [3]]
    fresh = NumColumn(np.int64)
    fresh.append(4)
    fresh.append(5)
    assert fresh.take([1, 0]) == [5, 4]
    with pytest.raises(IndexError):
        fresh.take([2])
