"""The analytics on one generated world, in a fresh interpreter: the projection read from the store
with the project's own code (graph/analytics/projection.py) and its claims' details on first use,
then every timing of bench/analytics.py's `measure` on it (degree, PageRank, approximate
betweenness, the full conflict scan, k-path queries...), each with the size of its answer.

    python -m bench.analytics_probe WORLD     # prints one JSON object
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import networkx as nx

from bench.analytics import measure as measure_projection
from bench.analytics import read_store
from graph.ingest.pipeline import compile_seeds
from graph.store.backends import EmbeddedStore

PATH_QUERIES = 20


def measure(world: Path) -> dict[str, Any]:
    nx.pagerank(nx.path_graph(3, create_using=nx.DiGraph))  # load SciPy before any clock starts
    store = EmbeddedStore(compile_seeds(world, shacl=False).quads)
    projection, read = read_store(store)
    result = measure_projection(projection, PATH_QUERIES, parallel=False)
    if not (result["nodes"] and result["edges"] and result["findings"] and result["path queries"]):
        raise SystemExit(f"an empty analytics answer on {world}: {result}")
    result["seconds"] = read | result["seconds"]
    return result


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
