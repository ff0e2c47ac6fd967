"""networkx algorithms computed by igraph where igraph gives networkx's own answer, faster.

Called with networkx's arguments and returning networkx's result (a dict by node), so callers keep
networkx's API (graph/analytics/nx_backend.py's `run` picks these first). Only where the answer is
the same is there a fast path:

- betweenness: networkx's sampled betweenness sums the shortest-path dependencies from `k` pivots
  drawn with `random.Random(seed).sample(list(G), k)`, then rescales. igraph's subset betweenness
  from the same pivots gives the same sums (equal to 1e-15 on the seed graph and the generated
  worlds: tests/analytics/test_fast_paths.py) about 100 times faster (bench/analytics.py).
- PageRank has none: igraph's PRPACK solves exactly, while networkx stops iterating once an
  iteration moves the scores by less than N * 1e-6 (L1), so the two differ by up to 0.5% of the
  top score on a million quads and rank neighbours differently. networkx's takes 20 ms there.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import igraph as ig
import networkx as nx


def _to_igraph(graph: nx.DiGraph, weight: str | None) -> tuple[dict[Any, int], ig.Graph, list[float] | None]:
    """Each node's igraph index (in networkx's node order), the same graph in igraph, and each
    edge's `weight`."""
    index = {node: i for i, node in enumerate(graph)}
    edges = list(graph.edges(data=weight, default=1.0)) if weight else list(graph.edges())
    converted = ig.Graph(n=len(index), edges=[(index[e[0]], index[e[1]]) for e in edges], directed=True)
    weights = [float(e[2]) for e in edges] if weight else None
    return index, converted, weights


def _scale(n: int, normalized: bool, k: int | None) -> float:
    """networkx's `_rescale` for a directed graph without endpoints."""
    if not normalized or n <= 2:
        return 1.0
    return 1 / ((n - 1) * (n - 2)) * (n / k if k is not None else 1.0)


def betweenness(
    graph: nx.DiGraph,
    k: int | None = None,
    normalized: bool = True,
    weight: str | None = None,
    endpoints: bool = False,
    seed: int | None = None,
) -> dict[Any, float]:
    """nx.betweenness_centrality; networkx itself where igraph would differ (an undirected graph,
    endpoints counted, pivots drawn without a fixed integer seed)."""
    if not graph.is_directed() or graph.is_multigraph() or endpoints or (k is not None and not isinstance(seed, int)):
        values: dict[Any, float] = nx.betweenness_centrality(
            graph, k=k, normalized=normalized, weight=weight, endpoints=endpoints, seed=seed
        )
        return values
    index, converted, weights = _to_igraph(graph, weight)
    pivots = None if k is None else [index[node] for node in random.Random(seed).sample(list(index), k)]
    sums = converted.betweenness(directed=True, weights=weights, sources=pivots)
    scale = _scale(len(index), normalized, k)
    return {node: value * scale for node, value in zip(index, sums, strict=True)}


# networkx algorithm -> the fast path computing its answer
FAST_PATHS: dict[Callable[..., Any], Callable[..., Any]] = {nx.betweenness_centrality: betweenness}
