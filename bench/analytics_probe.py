"""Analytics timings at one size, in a fresh interpreter: projection, PageRank, degree, approximate
betweenness, a conflict scan and a k-path query, each with the size of its answer.

The project's analytics module (issue 5) had not landed when this was written, so the projection
and the conflict pattern are measured here on their own terms: the projection is the one the
issue describes (entities as nodes, every entity-to-entity claim as an edge that keeps its
claim), and the conflict scan is its pattern (a): a party that disputes something while it
competes with, sues or feuds with a party of it.

    python -m bench.analytics_probe WORLD     # prints one JSON object
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from graph.namespaces import ENTITY, SG
from graph.pipeline import compile_seeds
from graph.store import EmbeddedStore

T = TypeVar("T")
BETWEENNESS_SAMPLES = 200
PATH_CUTOFF = 4
MOST_PATHS = 10_000
PATH_ENDS = ("elon-musk", "stargate")  # in every world: replica 0 is the seed corpus
PARTY_RELATIONS = {"funds", "founderOf", "builds", "operates", "technologyPartnerOf", "holdsStake", "leads"}
RIVAL_RELATIONS = {"competesWith", "sues", "feudsWith"}

EDGES = f"""
SELECT ?claim ?subject ?relation ?object WHERE {{
  ?claim a sg:Claim ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object .
  FILTER(isIRI(?object) && STRSTARTS(STR(?object), "{ENTITY}"))
}}"""


def timed(seconds: dict[str, float], name: str, action: Callable[[], T]) -> T:
    began = time.perf_counter()
    value = action()
    seconds[name] = time.perf_counter() - began
    return value


def projection(store: EmbeddedStore) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for row in store.select(EDGES):
        graph.add_edge(str(row["subject"].value)[len(ENTITY):], str(row["object"].value)[len(ENTITY):],
                       key=str(row["claim"].value), relation=str(row["relation"].value)[len(SG):])
    return graph


def conflict_scan(graph: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """(disputer, disputed, rival party) for every dispute whose disputer is a rival of a party."""
    found = []
    for disputer, disputed, relation in graph.edges(data="relation"):
        if relation != "disputes":
            continue
        parties = {disputed} | {p for p, _, r in graph.in_edges(disputed, data="relation") if r in PARTY_RELATIONS}
        rivals = {n for _, n, r in graph.out_edges(disputer, data="relation") if r in RIVAL_RELATIONS}
        rivals |= {n for n, _, r in graph.in_edges(disputer, data="relation") if r in RIVAL_RELATIONS}
        found += [(disputer, disputed, party) for party in sorted(parties & rivals)]
    return found


def measure(world: Path) -> dict[str, Any]:
    store = EmbeddedStore(compile_seeds(world, shacl=False).quads)
    seconds: dict[str, float] = {}
    nx.pagerank(nx.path_graph(3, create_using=nx.DiGraph))  # load SciPy before the clock starts
    graph = timed(seconds, "projection", lambda: projection(store))
    ranks = timed(seconds, "pagerank", lambda: nx.pagerank(graph))
    degrees = timed(seconds, "degree", lambda: (dict(graph.in_degree()), dict(graph.out_degree())))
    simple = nx.Graph(graph)
    between = timed(seconds, "betweenness", lambda: nx.betweenness_centrality(
        simple, k=min(BETWEENNESS_SAMPLES, len(simple)), seed=0))
    conflicts = timed(seconds, "conflict scan", lambda: conflict_scan(graph))
    source, target = PATH_ENDS
    paths = timed(seconds, "k-paths", lambda: list(itertools.islice(
        nx.all_simple_paths(simple, source, target, cutoff=PATH_CUTOFF), MOST_PATHS)))
    shortest = timed(seconds, "shortest path", lambda: nx.shortest_path(simple, source, target))
    if not (ranks and degrees[0] and between and conflicts and paths and shortest):
        raise SystemExit(f"empty analytics answer on {world}")
    return {"seconds": seconds, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
            "conflicts": len(conflicts), "paths": len(paths), "path_cutoff": PATH_CUTOFF,
            "betweenness_samples": min(BETWEENNESS_SAMPLES, len(simple)),
            "top_pagerank": sorted(ranks, key=lambda n: -ranks[n])[:5]}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
