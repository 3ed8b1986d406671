"""Progress bars on long work: tqdm on standard error, drawn only on a
terminal (``disable=None``) and when the run asks for them
(``Settings.progress``, ``--no-progress``)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["progress"]


def progress(iterable: Iterable[Any], *, desc: str, enabled: bool, total: int | None = None,
             unit: str = "doc") -> Iterator[Any]:
    """``iterable`` itself, with a bar when ``enabled``."""
    if not enabled:
        yield from iterable
        return
    from tqdm import tqdm

    yield from tqdm(iterable, desc=desc, total=total, unit=unit, file=sys.stderr, disable=None, leave=False)
