"""How a function's running time grows with its input, for tests that guard
against quadratic behaviour without an absolute time limit.

A wall-clock limit fails on a slow or busy machine (CI once took 5.03 s for a
check limited to 5 s). The ratio of two sizes' times does not: both are
measured in the same run, interleaved so that a burst of load falls on both,
and the median of a few rounds is kept. Linear work grows by the size factor
(4 for 4x the input), quadratic work by its square (16).
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def growth(run: Callable[[int], object], n: int, factor: int = 4, rounds: int = 3) -> float:
    """Median seconds of ``run(factor * n)`` over median seconds of ``run(n)``."""
    small: list[float] = []
    large: list[float] = []
    for _ in range(rounds):
        for size, times in ((n, small), (factor * n, large)):
            t = time.perf_counter()
            run(size)
            times.append(time.perf_counter() - t)
    return statistics.median(large) / max(statistics.median(small), 1e-6)


def assert_subquadratic(run: Callable[[int], object], n: int, factor: int = 4) -> None:
    """Fail when ``factor`` times the input takes more than twice ``factor``
    times as long: linear (and n log n) work passes with room for noise,
    quadratic work (``factor`` squared) does not."""
    ratio = growth(run, n, factor)
    assert ratio < 2 * factor, f"{factor}x the input took {ratio:.1f}x as long: worse than linear"
