"""The served graph at one size: memory, and GraphQL under load beside a plain route.

A child process serves the real application (graph/server/app.py) for a generated world, with the
GraphQL result cache off so every request does its real work, plus two bench-only routes: the
plain starlette JSON route per GraphQL query (the floor of the stack, as in bench/graphql.py) and
the timings of every SPARQL query the API sent to the store during the run. The parent drives a
bounded loopback load with bench/graphql.py's client and checks every response.

    python -m bench.serving WORLD      # prints one JSON object
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pyoxigraph as ox

from bench.graphql import QUERIES, http_request, load, plain_route, reference
from bench.probe import percentile, repeat
from bench.server_process import free_port, stop, wait_ready
from graph.store.backends import Row, Store

ROOT = Path(__file__).resolve().parent.parent
API_QUERY_DIR = ROOT / "graph" / "api" / "queries"
SAMPLES_PER_QUERY = 5000


def _api_query_heads() -> dict[str, str]:
    """Each API query's text up to its first slot: how a rendered query is recognised."""
    return {path.stem: path.read_text(encoding="utf-8").split("{{", 1)[0] for path in API_QUERY_DIR.glob("*.rq")}


class TimedStore:
    """The snapshot's store, timing each SELECT the API sends it, by named query."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls = store.calls
        self.heads = sorted(_api_query_heads().items(), key=lambda kv: -len(kv[1]))
        self.timings: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=SAMPLES_PER_QUERY))
        self.lock = threading.Lock()

    @property
    def version(self) -> str:
        return self.store.version

    def select(self, query: str) -> list[Row]:
        began = time.perf_counter()
        rows = self.store.select(query)
        seconds = time.perf_counter() - began
        name = next((name for name, head in self.heads if query.startswith(head)), "other")
        with self.lock:
            self.timings[name].append(seconds)
        return rows

    def ask(self, query: str) -> bool:
        return self.store.ask(query)

    def quads(self) -> Iterator[ox.Quad]:
        return self.store.quads()

    def __len__(self) -> int:
        return len(self.store)


def serve(world: Path, port: int) -> None:
    """The child: the real app for `world`, the plain routes and the store timings."""
    from dataclasses import fields

    import uvicorn
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from graph.http.settings import Settings
    from graph.server.app import create_app
    from graph.store.snapshot import GraphHolder, Snapshot, open_snapshot

    # every cache off (result and response caches alike), so each request does its real work
    caches_off: dict[str, Any] = {f.name: 0 for f in fields(Settings) if "cache" in f.name}
    settings = Settings(seeds=str(world), **caches_off)
    opened = open_snapshot("embedded", world)
    timed = TimedStore(opened.store)
    snapshot = Snapshot(timed, opened.version, opened.source, sources=opened.sources)
    app = create_app(GraphHolder(snapshot), settings)

    async def store_timings(request: Request) -> JSONResponse:
        """The timings recorded since the last read, which starts the next window."""
        with timed.lock:
            window = {name: list(values) for name, values in timed.timings.items()}
            timed.timings.clear()
        return JSONResponse(window)

    app.router.routes.extend(
        [plain_route(snapshot, settings), Route("/bench/store-timings", store_timings, methods=["GET"])]
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


AS_OF_DAY = "2025-01-26"  # a publication date of the seeds: the graph as known then holds three of five documents
AS_OF_QUERY = (
    "{ claims(first: 50, relation: [funds]AS_OF) { totalCount nodes { id quote document { id published } } } "
    "centrality(first: 10AS_OF) { nodes { score entity { id } } } }"
)


def _as_of(port: int, budget: float) -> dict[str, Any]:
    """One query unloaded, asked of the served graph and of the graph as known on AS_OF_DAY: the
    first as-of request (which builds that graph), then the latency of each, side by side."""
    plain = AS_OF_QUERY.replace("AS_OF", "")
    dated = AS_OF_QUERY.replace("AS_OF", f', asOf: "{AS_OF_DAY}"')
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:

        def ask(query: str) -> None:
            response = client.post("/graphql", json={"query": query})
            if response.status_code != 200 or response.json().get("errors"):
                raise SystemExit(f"GraphQL as-of: {response.status_code} {response.text[:200]}")

        began = time.perf_counter()
        ask(dated)
        first = time.perf_counter() - began
        without = repeat(lambda: ask(plain), budget=budget, least=3, most=50)
        with_date = repeat(lambda: ask(dated), budget=budget, least=3, most=50)
    return {
        "first_s": first,
        "p50_ms": 1000 * statistics.median(with_date),
        "without_p50_ms": 1000 * statistics.median(without),
    }


def _rss_mib(process: psutil.Process) -> tuple[float, float]:
    """Resident memory of the server, and of the server with its SPARQL workers."""
    own = process.memory_info().rss
    children = sum(child.memory_info().rss for child in process.children(recursive=True))
    return own / 2**20, (own + children) / 2**20


def _graphql_sequential(port: int, budget: float) -> dict[str, Any]:
    """Each GraphQL query alone, one request at a time: its unloaded latency, and (read from the
    server afterwards) the latency of every SPARQL query it made the API send to the store."""
    results: dict[str, Any] = {}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
        for name, (query, _) in QUERIES.items():

            def ask(query: str = query, name: str = name) -> None:
                response = client.post("/graphql", json={"query": query})
                if response.status_code != 200 or response.json().get("errors"):
                    raise SystemExit(f"GraphQL {name}: {response.status_code} {response.text[:200]}")

            times = repeat(ask, budget=budget, least=3, most=30)
            results[name] = {"p50_ms": 1000 * statistics.median(times), "runs": len(times)}
    return results


async def _graphql_load(port: int, budget: float, connections: int) -> dict[str, Any]:
    """Each GraphQL query and its plain twin under a bounded concurrent load. The number of
    requests is sized to the time budget from the first (reference) request, within bounds."""
    results: dict[str, Any] = {}
    for name, (query, _) in QUERIES.items():
        graphql = http_request("POST", "/graphql", json.dumps({"query": query}).encode())
        plain = http_request("GET", f"/bench/plain/{name}")
        row: dict[str, Any] = {}
        expected_plain = await reference(port, plain)
        began = time.perf_counter()
        expected_graphql = await reference(port, graphql)
        single = time.perf_counter() - began
        if json.loads(expected_graphql) != json.loads(expected_plain):
            raise SystemExit(f"{name}: the plain route and GraphQL disagree")
        for label, request, expected in (("graphql", graphql, expected_graphql), ("plain", plain, expected_plain)):
            count = max(connections, min(5000, int(budget / max(single, 1e-4))))
            await load(port, request, expected, connections, connections)  # warm-up
            run = await load(port, request, expected, count, connections)
            if run.failures:
                raise SystemExit(f"{name} ({label}): {len(run.failures)} failed responses, e.g. {run.failures[:1]}")
            row[label] = {
                "p50_ms": run.percentile_ms(50),
                "p99_ms": run.percentile_ms(99),
                "req_s": run.rate,
                "requests": len(run.latencies),
            }
            single = 1 / max(run.rate, 1e-9) if label == "graphql" else single
        results[name] = row
    return results


def measure(world: Path, *, budget: float = 3.0, connections: int = 16, start_timeout: float = 1800) -> dict[str, Any]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.serving", "--serve", str(port), str(world)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        started = time.perf_counter()
        wait_ready(port, process, timeout=start_timeout)
        ready_s = time.perf_counter() - started
        server = psutil.Process(process.pid)
        rss_ready = _rss_mib(server)
        timings_url = f"http://127.0.0.1:{port}/bench/store-timings"
        httpx.get(timings_url)  # read (and so reset) what start-up sent
        sequential = _graphql_sequential(port, budget)
        api_queries = {
            name: {
                "p50_ms": 1000 * statistics.median(times),
                "p95_ms": 1000 * percentile(times, 95),
                "calls": len(times),
            }
            for name, times in httpx.get(timings_url).json().items()
        }
        graphql = asyncio.run(_graphql_load(port, budget, connections))
        for name, row in graphql.items():
            row["graphql"]["sequential_p50_ms"] = sequential[name]["p50_ms"]
        rss_after = _rss_mib(server)
        as_of = _as_of(port, budget)
    finally:
        stop(process)
    return {
        "ready_s": ready_s,
        "rss_ready_mib": rss_ready[0],
        "rss_after_mib": rss_after[0],
        "rss_with_workers_mib": rss_after[1],
        "graphql": graphql,
        "as_of": as_of,
        "api_queries": api_queries,
        "connections": connections,
    }


def main(argv: list[str]) -> int:
    if argv[0] == "--serve":
        serve(Path(argv[2]), int(argv[1]))
        return 0
    print(json.dumps(measure(Path(argv[0]), budget=float(argv[1]) if len(argv) > 1 else 3.0)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
