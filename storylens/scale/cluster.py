"""Connecting to a Dask cluster and running a stage's tasks on it."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..errors import ConfigError

__all__ = ["connect", "run_all", "run_stream", "worker_count"]


def connect(scheduler: str, workers: int = 0) -> Any:
    """A ``distributed.Client``: ``"local"`` starts a ``LocalCluster`` of
    ``workers`` single-threaded processes (0: one per core), anything else
    is a scheduler address (``tcp://host:8786``)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("Dask is not installed: pip install 'storylens[dask]'") from exc
    if scheduler == "local":
        n = workers or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster)
    try:
        return Client(scheduler, timeout="30s")
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def close(client: Any) -> None:
    cluster = getattr(client, "cluster", None)
    with contextlib.suppress(Exception):
        client.close()
    if cluster is not None:
        with contextlib.suppress(Exception):
            cluster.close()


def worker_count(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def run_all(client: Any, name: str, fn: Callable[..., Any], calls: Iterable[tuple[Any, ...]]) -> list[Any]:
    """``fn(*args)`` for each ``args`` on the cluster; their results in order.
    A worker lost meanwhile only delays the run: the scheduler runs its
    tasks again elsewhere (every task writes its files under a temporary
    name and renames them, so a rerun finds nothing half written)."""
    token = uuid.uuid4().hex[:10]  # keys unique to this call: a scheduler may still hold an earlier run's
    futures = [client.submit(fn, *args, key=f"{name}-{token}-{i}", pure=False) for i, args in enumerate(calls)]
    try:
        return list(client.gather(futures))
    finally:
        for f in futures:
            f.release()


def run_stream(client: Any, name: str, fn: Callable[..., Any], calls: Iterable[tuple[Any, ...]],
               in_flight: int) -> Iterator[Any]:
    """Like :func:`run_all` over a stream of calls, with at most
    ``in_flight`` tasks submitted at once (so a corpus of any size is never
    listed in full); results come as they finish."""
    from dask.distributed import as_completed

    it = iter(enumerate(calls))
    pending = as_completed()
    token = uuid.uuid4().hex[:10]

    def submit_one() -> bool:
        nxt = next(it, None)
        if nxt is None:
            return False
        i, args = nxt
        pending.add(client.submit(fn, *args, key=f"{name}-{token}-{i}", pure=False))
        return True

    for _ in range(in_flight):
        if not submit_one():
            break
    for fut in pending:
        res = fut.result()
        fut.release()
        submit_one()
        yield res
