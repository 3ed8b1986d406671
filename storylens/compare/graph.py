"""Connected groups of an undirected graph given by its edges (union-find)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["connected_groups"]


def connected_groups(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The connected components of nodes ``0..n-1`` joined by ``edges``, each
    in node order, ordered by their first node (edges outside the range are
    ignored)."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for i, j in edges:
        if 0 <= i < n and 0 <= j < n:
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
