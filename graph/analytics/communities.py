"""Louvain communities of the entity graph, numbered for the visualisation dumps.

networkx's `louvain_communities` on the undirected projection, weighted by the number of claims
behind each tie, with a fixed seed: the same graph always gives the same partition. Community
0 is the largest; ties between equal sizes go to the community with the smallest member id.
"""

from __future__ import annotations

import networkx as nx

from graph.analytics.centrality import undirected
from graph.analytics.centrality_choices import WEIGHTS
from graph.analytics.nx_backend import run
from graph.analytics.projection import Projection

SEED = 42
RESOLUTION = 1.0


def communities(
    projection: Projection, *, seed: int = SEED, resolution: float = RESOLUTION, backend: str = ""
) -> dict[str, int]:
    """Entity id -> community number, computed once per projection and parameters. The default
    partition is also stored on the nodes, as the attribute `community` the dumps export."""

    def compute() -> dict[str, int]:
        graph = undirected(projection, WEIGHTS["claims"])
        found = run(
            nx.community.louvain_communities,
            graph,
            weight="strength",
            seed=seed,
            resolution=resolution,
            backend=backend,
        )
        ordered = sorted(found, key=lambda members: (-len(members), min(members)))
        numbers = {node: number for number, members in enumerate(ordered) for node in members}
        if (seed, resolution) == (SEED, RESOLUTION):
            for node, number in numbers.items():
                projection.graph.nodes[node]["community"] = number
        return numbers

    return projection.memo(f"communities:{seed}:{resolution}:{backend}", compute)


def annotate(projection: Projection) -> Projection:
    """The projection with the default partition stored on its nodes."""
    communities(projection)
    return projection
