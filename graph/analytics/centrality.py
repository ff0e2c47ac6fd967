"""Centrality of the entities: who sits where in the web of money, operations and disputes.

Measures and weights are tables (MEASURES, WEIGHTS of graph/analytics/centrality_choices.py), so
the CLI, GraphQL and the README list the same names. Path-based measures run on the projection
collapsed to one directed edge per pair of entities; a weight there is a strength (more claims,
more money: a closer tie), turned into a distance 1/strength for betweenness and closeness.
Scores are computed once per projection and measure, then ranked and filtered per request.

Direction: an edge points from a claim's subject to its object. PageRank, betweenness and
closeness follow it (closeness counts incoming distances, as networkx does for digraphs);
eigenvector centrality uses the undirected graph (its largest component), because a
near-acyclic digraph such as this one has no meaningful directed principal eigenvector.

Scores are computed over every entity, but rankings list organisations and people by default
(graph/vocab/actors.py): "who matters" is asked about those who act, and places collect
`locatedIn` edges (Texas ranked 2nd by PageRank over all classes). `types=["Entity"]` lists every
class. Each measure's help says how to read it.

What counts: every edge of the projection, so every positive claim whatever its modality (negative
claims are no edges). `modalities` narrows that to claims of some modalities: ("asserted",) weighs
only what a source states as fact, leaving out allegations, hedged claims, opinions, rumours,
reports and jokes; an edge none of whose claims count is left out, its entities stay.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analytics.centrality_choices import MEASURES as MEASURES
from graph.analytics.centrality_choices import SAMPLES, Weight
from graph.analytics.centrality_choices import WEIGHTS as WEIGHTS
from graph.analytics.nx_backend import run
from graph.analytics.projection import Projection
from graph.runtime.gc_pause import paused_gc
from graph.vocab.actors import ACTORS

SEED = 42  # fixed, so sampled betweenness gives the same ranking on every run
# Scores are compared to this many decimal places when ranking: networkx and igraph sum the same
# path counts in different orders, so twins' equal scores may differ in the last bit; as ties,
# they are ordered by label whichever library computed them.
RANK_DIGITS = 12
CLOSENESS_MAX_NODES = 20_000  # all-pairs work: about 20 s at 10k entities, hours at 100k (bench/analytics.py)


@dataclass(frozen=True)
class Options:
    weight: Weight
    samples: int
    backend: str

    @property
    def weighted(self) -> bool:
        return self.weight.name != "none"


def collapsed(projection: Projection, weight: Weight) -> nx.DiGraph:
    """One directed edge per ordered pair, strength summed over its relations."""

    def build() -> nx.DiGraph:
        with paused_gc():
            graph = nx.DiGraph()
            graph.add_nodes_from(projection.graph.nodes)
            for u, v, data in projection.graph.edges(data=True):
                strength = weight.strength(data) + (graph[u][v]["strength"] if graph.has_edge(u, v) else 0.0)
                graph.add_edge(u, v, strength=strength, distance=1.0 / strength)
            return graph

    return projection.memo(f"collapsed:{weight.name}", build)


def undirected(projection: Projection, weight: Weight) -> nx.Graph:
    def build() -> nx.Graph:
        directed = collapsed(projection, weight)
        with paused_gc():
            graph = nx.Graph()
            graph.add_nodes_from(projection.graph.nodes)
            for u, v, data in directed.edges(data=True):
                strength = data["strength"] + (graph[u][v]["strength"] if graph.has_edge(u, v) else 0.0)
                graph.add_edge(u, v, strength=strength)
            return graph

    return projection.memo(f"undirected:{weight.name}", build)


def _degree(kind: str) -> Callable[[Projection, Options], dict[str, float]]:
    def compute(projection: Projection, options: Options) -> dict[str, float]:
        graph = collapsed(projection, options.weight) if options.weighted else projection.graph
        view = getattr(graph, kind)
        return {node: float(value) for node, value in view(weight="strength" if options.weighted else None)}

    return compute


def _betweenness(projection: Projection, options: Options) -> dict[str, float]:
    graph = collapsed(projection, options.weight)
    k = options.samples if 0 < options.samples < graph.number_of_nodes() else None
    values: dict[str, float] = run(
        nx.betweenness_centrality,
        graph,
        k=k,
        seed=SEED,
        normalized=True,
        weight="distance" if options.weighted else None,
        backend=options.backend,
    )
    return values


def _closeness(projection: Projection, options: Options) -> dict[str, float]:
    if projection.graph.number_of_nodes() > CLOSENESS_MAX_NODES:
        raise ValueError(
            f"closeness is exact (a shortest-path search from every entity) and would take hours on "
            f"{projection.graph.number_of_nodes():,} entities; it is offered up to "
            f"{CLOSENESS_MAX_NODES:,}: use pagerank or betweenness"
        )
    values: dict[str, float] = run(
        nx.closeness_centrality,
        collapsed(projection, options.weight),
        distance="distance" if options.weighted else None,
        backend=options.backend,
    )
    return values


def _eigenvector(projection: Projection, options: Options) -> dict[str, float]:
    """On the largest connected component; the rest scores 0. (The principal eigenvector of a
    disconnected graph lives on one component: networkx refuses to guess which.)"""
    graph = undirected(projection, options.weight)
    values = dict.fromkeys(graph, 0.0)
    if graph.number_of_edges() == 0:
        return values
    giant = graph.subgraph(max(nx.connected_components(graph), key=lambda c: (len(c), min(c))))
    values.update(
        run(
            nx.eigenvector_centrality_numpy,
            giant,
            weight="strength" if options.weighted else None,
            backend=options.backend,
        )
    )
    return values


def _pagerank(projection: Projection, options: Options) -> dict[str, float]:
    values: dict[str, float] = run(
        nx.pagerank,
        collapsed(projection, options.weight),
        weight="strength" if options.weighted else None,
        backend=options.backend,
    )
    return values


# how each measure of MEASURES is computed
_COMPUTE: dict[str, Callable[[Projection, Options], dict[str, float]]] = {
    "pagerank": _pagerank,
    "betweenness": _betweenness,
    "closeness": _closeness,
    "eigenvector": _eigenvector,
    "degree": _degree("degree"),
    "in_degree": _degree("in_degree"),
    "out_degree": _degree("out_degree"),
}


def _choice(table: dict[str, Any], name: str, what: str) -> Any:
    if name not in table:
        raise ValueError(f"unknown {what} {name!r}; choose one of: {', '.join(table)}")
    return table[name]


def scores(
    projection: Projection,
    measure: str = "pagerank",
    *,
    weight: str = "none",
    samples: int = SAMPLES,
    backend: str = "",
    modalities: Sequence[str] = (),
) -> dict[str, float]:
    """Every entity's score, computed once per projection, measure, options and the modalities
    counted (none named: every claim)."""
    compute = _COMPUTE[_choice(MEASURES, measure, "measure").name]
    options = Options(_choice(WEIGHTS, weight, "weight"), samples, backend)
    counted = projection.counting(modalities)
    key = f"centrality:{measure}:{weight}:{samples if measure == 'betweenness' else ''}:{backend}"
    return counted.memo(key, lambda: compute(counted, options))


@dataclass(frozen=True)
class Ranked:
    rank: int
    entity: str
    label: str
    type: str
    score: float


def check_types(projection: Projection, types: Sequence[str]) -> frozenset[str]:
    unknown = [t for t in types if t not in projection.vocabulary.classes]
    if unknown:
        raise ValueError(
            f"unknown entity type(s) {', '.join(unknown)}; types: {', '.join(projection.vocabulary.classes)}"
        )
    return frozenset(types)


def ranking(
    projection: Projection,
    measure: str = "pagerank",
    *,
    types: Sequence[str] = ACTORS,
    limit: int = 20,
    weight: str = "none",
    samples: int = SAMPLES,
    backend: str = "",
    modalities: Sequence[str] = (),
) -> list[Ranked]:
    """Entities by descending score, of the `types` classes or their subclasses (Organization
    includes Company and Fund; Entity is every class; none given: organisations and people),
    counting the claims of `modalities` (none named: every claim). Ties are broken by label for a
    stable order."""
    wanted = check_types(projection, types or ACTORS)
    if limit < 0:
        raise ValueError("limit must be 0 (no limit) or more")
    values = scores(projection, measure, weight=weight, samples=samples, backend=backend, modalities=modalities)
    nodes = [n for n in projection.graph if wanted & projection.node_types(n)]
    nodes.sort(key=lambda n: (-round(values[n], RANK_DIGITS), projection.label(n), n))
    graph = projection.graph
    return [
        Ranked(i, n, projection.label(n), str(graph.nodes[n].get("type", "Entity")), values[n])
        for i, n in enumerate(nodes[:limit] if limit else nodes, start=1)
    ]
