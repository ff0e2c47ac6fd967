"""Benchmark the GraphQL API against the floor of its stack: a plain starlette JSON route.

One real uvicorn (one worker, a child process) serves the application with, beside /graphql,
a plain route per query returning the same JSON payload, computed once at start-up. A bounded
load (a fixed number of requests over a fixed number of keep-alive connections, loopback only)
runs against each, and every response's status and body is checked: a redirect or an error
counted as a success would give false figures. Prints p50 and p99 latency, req/s, and the ratio
plain/GraphQL in req/s per query.

    uv run python bench/graphql.py                      # 16 connections, 4000 requests each
    uv run python bench/graphql.py --requests 10000 --connections 16
    uv run python bench/graphql.py --graphql-response-cache-bytes 0   # every request executes
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's directory comes first on sys.path, where "graphql" would name this
# file instead of graphql-core: replace it with the repository root.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from bench.server_process import free_port, stop, wait_ready  # noqa: E402 (needs the sys.path fix above)
from graph.cli.table import format_table  # noqa: E402 (needs the sys.path fix above)

if TYPE_CHECKING:
    from starlette.routing import Route

    from graph.http.settings import Settings
    from graph.store.snapshot import Snapshot

# name -> (GraphQL query, target: the most the plain/GraphQL req/s ratio may be)
QUERIES: dict[str, tuple[str, float | None]] = {
    "entity-by-id": ('{ entity(id: "softbank") { id type label aliases labels { value language } } }', 2.0),
    "search": ('{ search(text: "软银", first: 5) { totalCount nodes { score matched entity { id label } } } }', None),
    "sites-with-deployments": (
        (
            "{ sites(first: 50) { totalCount nodes { id label deployments { count status asOf "
            "chip { id label } claim { quote document { id outlet published } } } "
            "gpuTotals { count document { id } } } } }"
        ),
        3.0,
    ),
    "contradictions": (
        (
            "{ contradictions(first: 50) { totalCount nodes { label relation subject { id label } object { id label } "
            "claims { id amount currency bound share dateValue quote claimant { id } "
            "document { id outlet published } } } } }"
        ),
        None,
    ),
    "entities-page": ("{ entities(first: 50) { totalCount nodes { id type label } } }", None),
    "fundings-page": (
        (
            "{ fundings(first: 50) { totalCount nodes { amount currency bound "
            "claim { quote document { id outlet published } } } } }"
        ),
        None,
    ),
    "claims-page-filtered": (
        "{ claims(first: 50, relation: [funds, hosts]) { totalCount nodes { id quote document { id } } } }",
        None,
    ),
    "conflict-paths": (
        (
            '{ conflicts(entity: "elon-musk") { totalCount nodes { id explanation facets { name says paths { text '
            "steps { relationships { relation subject { id } object { id } "
            "claims { quote document { id } } } } } } } } }"
        ),
        None,
    ),
}
P99_TARGET_MS = {"entity-by-id": 15.0}
# the lists of up to 50 items (with their provenance) that issue 19 holds to a page's targets: at
# most 3x an entity lookup with the caches off, plain/GraphQL at most 3, p99 under 50 ms
PAGES = ("entities-page", "fundings-page", "claims-page-filtered", "sites-with-deployments", "contradictions")


# --- the server side (a child process) ------------------------------------------------------


def plain_route(snapshot: Snapshot, settings: Settings) -> Route:
    """GET /bench/plain/{name}: each query's GraphQL answer, executed once here, then returned by a
    plain starlette JSON route: the floor of the stack the GraphQL route is measured against."""
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from graph.api.context import context_for
    from graph.api.schema import build_schema

    payloads = {}
    for name, (query, _) in QUERIES.items():
        result = asyncio.run(build_schema(settings).execute(query, context_value=context_for(snapshot, settings)))
        if result.errors:
            raise SystemExit(f"{name}: {result.errors}")
        payloads[name] = {"data": result.data}

    async def plain(request: Request) -> JSONResponse:
        return JSONResponse(payloads[request.path_params["name"]])

    return Route("/bench/plain/{name}", plain, methods=["GET"])


def serve(port: int, cache_bytes: int, response_cache_bytes: int) -> None:
    """Build the app, add one plain JSON route per query (same payload), run uvicorn."""
    import uvicorn

    from graph.http.settings import Settings
    from graph.server.app import create_app
    from graph.store.snapshot import GraphHolder, open_snapshot

    settings = Settings(graphql_cache_bytes=cache_bytes, graphql_response_cache_bytes=response_cache_bytes)
    snapshot = open_snapshot()
    app = create_app(GraphHolder(snapshot), settings)
    app.router.routes.append(plain_route(snapshot, settings))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- the client side ------------------------------------------------------------------------


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def percentile_ms(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds


def http_request(method: str, path: str, body: bytes = b"") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Accept: application/json"]
    if body:
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, bytes]:
    """One request on a keep-alive connection; the response's status and body."""
    writer.write(request)
    status_line = await reader.readline()
    length = None
    for _ in range(100):  # a bounded header block
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise RuntimeError(f"no Content-Length in the response to {request[:60]!r}")
    return int(status_line.split()[1]), await reader.readexactly(length)


async def connection(port: int, request: bytes, count: int, expected: bytes, run: Run) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in range(count):
            started = time.perf_counter()
            status, body = await exchange(reader, writer, request)
            run.latencies.append(time.perf_counter() - started)
            if status != 200 or body != expected:
                run.failures.append(f"{status}: {body[:200]!r}")
    finally:
        writer.close()


async def load(port: int, request: bytes, expected: bytes, requests: int, connections: int) -> Run:
    run = Run()
    shares = [requests // connections + (1 if i < requests % connections else 0) for i in range(connections)]
    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(connection(port, request, n, expected, run) for n in shares if n)), timeout=600
    )
    run.seconds = time.perf_counter() - started
    return run


async def reference(port: int, request: bytes) -> bytes:
    """The body every later response must repeat, after checking it is a success."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        status, body = await exchange(reader, writer, request)
    finally:
        writer.close()
    payload = json.loads(body)
    if status != 200 or payload.get("errors") or not payload.get("data"):
        raise SystemExit(f"bad reference response {status}: {body[:300]!r}")
    return body


async def measure(port: int, requests: int, connections: int, warmup: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for name, (query, target) in QUERIES.items():
        graphql = http_request("POST", "/graphql", json.dumps({"query": query}).encode())
        plain = http_request("GET", f"/bench/plain/{name}")
        expected_graphql, expected_plain = await reference(port, graphql), await reference(port, plain)
        if json.loads(expected_graphql) != json.loads(expected_plain):
            raise SystemExit(f"{name}: the plain route and GraphQL disagree")
        runs = {}
        for label, request, expected in (("graphql", graphql, expected_graphql), ("plain", plain, expected_plain)):
            await load(port, request, expected, warmup, connections)
            runs[label] = await load(port, request, expected, requests, connections)
        g, p = runs["graphql"], runs["plain"]
        failures = len(g.failures) + len(p.failures)
        for failure in (g.failures + p.failures)[:3]:
            print(f"{name}: failed response {failure}", file=sys.stderr)
        ratio = p.rate / g.rate
        p99_target = P99_TARGET_MS.get(name)
        meets = [] if target is None else [ratio <= target]
        if p99_target is not None:
            meets.append(g.percentile_ms(99) < p99_target)
        verdict = "-" if not meets else "yes" if all(meets) else "NO"
        rows.append(
            [
                name,
                f"{g.rate:,.0f}",
                f"{g.percentile_ms(50):.2f}",
                f"{g.percentile_ms(99):.2f}",
                f"{p.rate:,.0f}",
                f"{p.percentile_ms(50):.2f}",
                f"{p.percentile_ms(99):.2f}",
                f"{ratio:.2f}",
                _target_text(target, p99_target),
                verdict,
                failures,
            ]
        )
    return rows


def _target_text(ratio: float | None, p99_ms: float | None) -> str:
    parts = ([f"ratio<={ratio:g}"] if ratio is not None else []) + ([f"p99<{p99_ms:g}ms"] if p99_ms else [])
    return ", ".join(parts) or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=4000, help="measured requests per query and route")
    parser.add_argument("--warmup", type=int, default=500, help="unmeasured requests before each measurement")
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections")
    parser.add_argument(
        "--graphql-cache-bytes",
        type=int,
        default=64_000_000,
        help="the server's per-graph-version cache of query results, in bytes (0: off)",
    )
    parser.add_argument(
        "--graphql-response-cache-bytes",
        type=int,
        default=32_000_000,
        help="the server's per-graph-version cache of whole responses, in bytes (0: off, so every request executes)",
    )
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.graphql_cache_bytes, args.graphql_response_cache_bytes)
        return 0
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.graphql",
            "--serve",
            str(port),
            "--graphql-cache-bytes",
            str(args.graphql_cache_bytes),
            "--graphql-response-cache-bytes",
            str(args.graphql_response_cache_bytes),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        wait_ready(port, process)
        rows = asyncio.run(measure(port, args.requests, args.connections, args.warmup))
    finally:
        stop(process, timeout=15)
    print(
        f"{args.connections} connections, {args.requests} requests per query and route, uvicorn 1 worker, "
        f"{os.cpu_count()} cores; result cache {args.graphql_cache_bytes} bytes, response cache "
        f"{args.graphql_response_cache_bytes} bytes"
    )
    print(
        format_table(
            [
                "query",
                "GraphQL req/s",
                "p50 ms",
                "p99 ms",
                "plain req/s",
                "p50 ms",
                "p99 ms",
                "ratio plain/GraphQL",
                "target",
                "meets",
                "failed",
            ],
            rows,
        )
    )
    return 1 if any(row[-1] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
