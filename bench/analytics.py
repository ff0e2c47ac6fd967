"""Timings of the analytics (graph/analytics/service.py) on the seed graph and on synthetic projections.

    uv run --frozen --extra parallel python -m bench.analytics     # seed, ~10k and ~100k entities
    uv run --frozen --extra parallel python -m bench.analytics --sizes 10000 --json out.json
    uv run --frozen python -m bench.analytics --sizes "" --world bench-results/worlds/x48   # ~1M quads

A synthetic projection is shaped like ours: the seed projection copied replica by replica (every
entity, its class and labels; every relation with its claims), with places, chip models and
government bodies shared by all replicas, as in the real world, so they become hubs; and a share
of each replica's edges pointing at an earlier replica's twin instead of its own (ventures meet:
a funder of one backs another), which favours old replicas the way preferential attachment does.

Each algorithm is timed once, cold, on the same projection, with the project's own code paths
(graph/analytics/centrality.py, communities.py, conflict_findings.py and paths.py). Closeness is
exact all-pairs work (O(n m)); on the large graphs its time is extrapolated from a sample of
nodes and marked as an estimate. The growth exponent is log(t100k / t10k) / log(n100k / n10k).

With --world (a world of bench/generate.py, built into an embedded store), the projection is read
from the store as the API reads it (the median of three reads), its claims' details are read on
first use, then PageRank and betweenness run on it; networkx alone reads the same edges from a
list in the same run, so the ratios hold on a busy machine too. The targets of issue 19 are
checked on the world nearest a million quads.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import igraph as ig
import networkx as nx

from bench.report import CENTRALITY_STEPS, NETWORKX_STEPS
from graph.analytics.centrality import SEED, collapsed, scores
from graph.analytics.centrality_choices import SAMPLES, WEIGHTS
from graph.analytics.communities import communities
from graph.analytics.conflict_findings import load_rules, scan
from graph.analytics.paths import find_paths
from graph.analytics.projection import ClaimRef, Projection, assemble, build_projection
from graph.cli.table import format_table
from graph.files.atomic import write_atomically
from graph.ingest.pipeline import compile_seeds
from graph.runtime.gc_pause import paused_gc
from graph.store.backends import EmbeddedStore

T = TypeVar("T")
SHARED_TYPES = frozenset({"Place", "ChipModel", "GovernmentBody"})  # one of each in the world: hubs
REWIRE = 0.15  # share of a replica's edges that point at an earlier replica's twin
PATH_LENGTH = 4
CLOSENESS_SAMPLE = 20
TARGETS = {"pagerank": 1.0, f"betweenness (k={SAMPLES})": 30.0, f"paths k<={PATH_LENGTH}, worst": 0.2}
FROM_STORE, EDGE_LIST = CENTRALITY_STEPS[0], NETWORKX_STEPS[0]  # the names bench/report.py reads
DETAILS = "claims' details on first use"
READS = 3  # reads of the projection per world, the median reported


def synthetic(template: Projection, entities: int, seed: int = 0) -> Projection:
    """About `entities` entities, replicating the template as described above."""
    rng = random.Random(seed)
    graph = template.graph
    shared = {n for n, d in graph.nodes(data=True) if d.get("type") in SHARED_TYPES}
    local = [n for n in graph if n not in shared]
    replicas = max(1, round((entities - len(shared)) / len(local)))

    def twin(node: str, replica: int) -> str:
        return node if node in shared or replica == 0 else f"{node}~{replica}"

    nodes = [(n, dict(d)) for n, d in graph.nodes(data=True)] + [
        (twin(n, r), {**graph.nodes[n], "label": f"{graph.nodes[n]['label']} #{r}"})
        for r in range(1, replicas)
        for n in local
    ]
    edges = [(u, v, key, data["edge"].claims) for u, v, key, data in graph.edges(keys=True, data=True)]
    claims: list[tuple[str, str, str, ClaimRef]] = []
    for r in range(replicas):
        for u, v, relation, refs in edges:
            target = rng.randrange(r + 1) if rng.random() < REWIRE else r
            claims.extend((twin(u, r), relation, twin(v, target), ref) for ref in refs)
    return assemble(nodes, claims, template.documents, template.vocabulary)


def path_pairs(projection: Projection, count: int, seed: int = 1) -> list[tuple[str, str]]:
    """Random pairs 2 to 4 hops apart (undirected), so that every query has paths to find."""
    rng = random.Random(seed)
    both = projection.adjacency.both
    nodes = sorted(n for n in projection.graph if both[n])
    pairs: list[tuple[str, str]] = []
    for _ in range(count * 20):
        if len(pairs) == count:
            break
        source = rng.choice(nodes)
        frontier, seen = [source], {source: 0}
        for depth in range(1, PATH_LENGTH + 1):
            reached = [m for n in frontier for m, _ in both[n] if m not in seen]
            seen.update(dict.fromkeys(reached, depth))
            frontier = list(dict.fromkeys(reached))
            if len(seen) > 5000:  # a hub nearby: enough candidates already
                break
        far = sorted(n for n, d in seen.items() if d >= 2)
        if far:
            pairs.append((source, rng.choice(far)))
    return pairs


def timed(action: Callable[[], T]) -> tuple[float, T]:
    began = time.perf_counter()
    value = action()
    return time.perf_counter() - began, value


def closeness_seconds(projection: Projection) -> tuple[float, bool]:
    """Exact closeness time on small graphs; above 2,000 nodes, extrapolated from a sample."""
    graph = collapsed(projection, WEIGHTS["none"])
    if graph.number_of_nodes() <= 2000:
        return timed(lambda: scores(projection, "closeness"))[0], False
    sample = random.Random(2).sample(sorted(graph), CLOSENESS_SAMPLE)
    reverse = graph.reverse(copy=False)  # closeness counts incoming distances: one BFS per node
    seconds, _ = timed(lambda: [nx.single_source_shortest_path_length(reverse, node) for node in sample])
    return seconds * graph.number_of_nodes() / CLOSENESS_SAMPLE, True


def networkx_alone(projection: Projection) -> dict[str, float]:
    """The reference the projection's cost is weighed against: networkx reading the same entities
    and edges from lists (no store, no provenance), then its own PageRank and betweenness; and
    igraph's PageRank, faster but not networkx's answer (graph/analytics/fast_paths.py)."""
    nodes, pairs = list(projection.graph), [(u, v) for u, v, _ in projection.graph.edges(keys=True)]
    seconds: dict[str, float] = {}

    def read() -> nx.DiGraph:
        with paused_gc():  # as the projection is built: a collection would charge networkx for our heap
            graph = nx.DiGraph()
            graph.add_nodes_from(nodes)
            graph.add_edges_from(pairs)
            return graph

    seconds[EDGE_LIST], graph = timed(read)
    seconds["networkx: pagerank"] = timed(lambda: nx.pagerank(graph))[0]
    k = SAMPLES if len(nodes) > SAMPLES else None
    seconds[f"networkx: betweenness (k={SAMPLES})"] = timed(lambda: nx.betweenness_centrality(graph, k=k, seed=SEED))[0]
    index = {node: i for i, node in enumerate(nodes)}
    seconds["igraph: pagerank (not networkx's answer)"] = timed(
        lambda: ig.Graph(len(nodes), [(index[u], index[v]) for u, v in graph.edges()], directed=True).pagerank()
    )[0]
    return seconds


def measure(projection: Projection, pairs: int, parallel: bool) -> dict[str, Any]:
    """Every timing on one projection, cold, then networkx alone on the same edges; and the size
    of each answer."""
    seconds: dict[str, float] = {}
    notes: dict[str, Any] = {"nodes": projection.graph.number_of_nodes(), "edges": projection.graph.number_of_edges()}
    seconds["neighbour index"] = timed(lambda: projection.adjacency)[0]
    seconds["collapse to digraph"] = timed(lambda: collapsed(projection, WEIGHTS["none"]))[0]
    seconds["degree in/out"] = timed(lambda: (scores(projection, "in_degree"), scores(projection, "out_degree")))[0]
    seconds["pagerank"] = timed(lambda: scores(projection, "pagerank"))[0]
    seconds[f"betweenness (k={SAMPLES})"] = timed(lambda: scores(projection, "betweenness"))[0]
    if parallel:
        seconds[f"betweenness (k={SAMPLES}), nx-parallel"] = timed(
            lambda: scores(projection, "betweenness", backend="parallel")
        )[0]
    seconds["eigenvector"] = timed(lambda: scores(projection, "eigenvector"))[0]
    seconds["closeness"], notes["closeness estimated"] = closeness_seconds(projection)
    seconds["louvain communities"], found = timed(lambda: communities(projection))
    notes["communities"] = len(set(found.values()))
    rules = load_rules(vocabulary=projection.vocabulary)
    seconds["conflict scan (all rules)"], findings = timed(lambda: scan(projection, rules))
    notes["findings"] = len(findings)
    query_times, path_counts = [], []
    for source, target in path_pairs(projection, pairs):
        took, result = timed(partial(find_paths, projection, source, target, max_length=PATH_LENGTH))
        query_times.append(took)
        path_counts.append(len(result.paths))
    seconds[f"paths k<={PATH_LENGTH}, median"] = statistics.median(query_times)
    seconds[f"paths k<={PATH_LENGTH}, worst"] = max(query_times)
    notes["path queries"] = len(query_times)
    notes["paths per query (median)"] = statistics.median(path_counts)
    seconds.update(networkx_alone(projection))
    return {"seconds": seconds, **notes}


def read_store(store: EmbeddedStore, reads: int = 1) -> tuple[Projection, dict[str, float]]:
    """The projection read from the store (the median of `reads` reads), then its claims' details,
    which the first edge asked for its claims reads for every edge."""
    runs = [timed(lambda: build_projection(store)) for _ in range(reads)]
    projection = runs[-1][1]
    details = timed(lambda: [edge.claims for _, _, edge in projection.graph.edges(data="edge")])[0]
    return projection, {FROM_STORE: statistics.median(t for t, _ in runs), DETAILS: details}


def from_store(world: Path) -> dict[str, Any]:
    """A world's projection read from its store, PageRank and betweenness on it, and networkx
    alone on the same edges; the ratios of issue 19."""
    store = EmbeddedStore(compile_seeds(world, shacl=False).quads)
    projection, seconds = read_store(store, READS)
    seconds["collapse to digraph"] = timed(lambda: collapsed(projection, WEIGHTS["none"]))[0]
    seconds["pagerank"] = timed(lambda: scores(projection, "pagerank"))[0]
    seconds[f"betweenness (k={SAMPLES})"] = timed(lambda: scores(projection, "betweenness"))[0]
    seconds.update(networkx_alone(projection))
    ratios = {
        "projection / networkx reading the edge list": seconds[FROM_STORE] / seconds[EDGE_LIST],
        "projection + PageRank + betweenness / networkx alone": sum(seconds[s] for s in CENTRALITY_STEPS)
        / sum(seconds[s] for s in NETWORKX_STEPS),
    }
    graph = projection.graph
    return {"quads": len(store), "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()} | {
        "seconds": seconds,
        "ratios": ratios,
    }


def store_table(worlds: dict[str, dict[str, Any]]) -> str:
    names = list(worlds)
    header = ["from the store", *(f"{n} ({worlds[n]['quads']:,} quads)" for n in names)]
    rows = [
        [f"{step} (s)", *(f"{worlds[n]['seconds'][step]:.3f}" for n in names)] for step in worlds[names[0]]["seconds"]
    ]
    rows += [[ratio, *(f"{worlds[n]['ratios'][ratio]:.2f}x" for n in names)] for ratio in worlds[names[0]]["ratios"]]
    return format_table(header, rows)


def store_targets(worlds: dict[str, dict[str, Any]]) -> list[str]:
    """Issue 19's targets on the world nearest a million quads."""
    world = min(worlds.values(), key=lambda w: abs(math.log(w["quads"] / 1e6)))
    seconds, ratio = (
        world["seconds"][FROM_STORE],
        world["ratios"]["projection + PageRank + betweenness / networkx alone"],
    )
    return [
        f"target at {world['quads']:,} quads: projection at 1M quads under 0.5 s: {seconds:.3f} s"
        f" ({'met' if seconds < 0.5 else 'NO'})",
        f"target at {world['quads']:,} quads: projection + PageRank + betweenness at most 1.5x networkx"
        f" reading an edge list: {ratio:.2f}x ({'met' if ratio <= 1.5 else 'NO'})",
    ]


def growth(small: dict[str, Any], large: dict[str, Any], name: str) -> str:
    a, b = small["seconds"].get(name), large["seconds"].get(name)
    if not a or not b:
        return ""
    return f"{math.log(b / a) / math.log(large['nodes'] / small['nodes']):.2f}"


def table(results: dict[str, dict[str, Any]]) -> str:
    sizes = list(results)
    names = list(dict.fromkeys(n for r in results.values() for n in r["seconds"]))
    header = ["step (seconds)", *(f"{s} ({results[s]['nodes']:,} n / {results[s]['edges']:,} e)" for s in sizes)]
    big = [s for s in sizes if s != "seed"]
    if len(big) >= 2:
        header.append(f"growth {big[-2]}->{big[-1]}")
    rows = []
    for name in names:
        cells = []
        for size in sizes:
            value = results[size]["seconds"].get(name)
            estimated = name == "closeness" and results[size].get("closeness estimated")
            cells.append("" if value is None else f"{value:.3f}{' (est.)' if estimated else ''}")
        rows.append([name, *cells, *([growth(results[big[-2]], results[big[-1]], name)] if len(big) >= 2 else [])])
    for note in ("communities", "findings", "paths per query (median)"):
        rows.append([note, *(str(results[s][note]) for s in sizes), *([""] if len(big) >= 2 else [])])
    return format_table(header, rows)


def target_lines(results: dict[str, dict[str, Any]]) -> list[str]:
    largest = max((r for r in results.values()), key=lambda r: r["nodes"])
    lines = []
    for name, limit in TARGETS.items():
        value = largest["seconds"][name]
        verdict = "met" if value < limit else "MISSED"
        lines.append(f"target at {largest['nodes']:,} entities: {name} < {limit:g} s: {value:.3f} s ({verdict})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analytics", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="synthetic sizes in entities (default: %(default)s)")
    parser.add_argument("--pairs", type=int, default=20, help="path queries per size (default: %(default)s)")
    parser.add_argument("--no-parallel", action="store_true", help="skip the nx-parallel betweenness run")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--world", type=Path, action="append", default=[], help="a generated world to read from the store (repeatable)"
    )
    args = parser.parse_args(argv)
    nx.pagerank(nx.path_graph(3, create_using=nx.DiGraph))  # load SciPy and ARPACK before any clock starts
    nx.eigenvector_centrality_numpy(nx.path_graph(3))
    store = EmbeddedStore(compile_seeds(shacl=False).quads)
    build_seconds, seed = timed(lambda: build_projection(store))
    results = {"seed": measure(seed, args.pairs, not args.no_parallel)}
    results["seed"]["seconds"] = {"projection from the store (SPARQL)": build_seconds, **results["seed"]["seconds"]}
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        assemble_seconds, graph = timed(partial(synthetic, seed, size))
        label = f"{size // 1000}k"
        results[label] = measure(graph, args.pairs, not args.no_parallel)
        results[label]["seconds"] = {"projection from claim rows": assemble_seconds, **results[label]["seconds"]}
        print(f"{label}: done", flush=True)
    print(table(results))
    print("\n".join(target_lines(results)))
    worlds = {world.name: from_store(world) for world in args.world}
    if worlds:
        print(store_table(worlds))
        print("\n".join(store_targets(worlds)))
    if args.json:
        text = json.dumps(results | {"worlds": worlds}, indent=2)
        write_atomically(args.json, lambda output: output.write(text.encode("utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
