"""The API over each store, side by side in one run: embedded Oxigraph, the Oxigraph server and
Virtuoso (both real server processes on 127.0.0.1, loaded by `stargate-kg push`'s own code).

For one world it builds the dataset, pushes it to each server (timed), starts a real
`stargate-kg serve` over each store with every GraphQL cache off, checks that the three answer
every query of bench/graphql.py alike, then times each query one request at a time (p50), and
the fixed SPARQL set (graph/sparql/queries/*.rq) sent to each store directly. Prints the tables
with each remote figure's ratio to the embedded one.

    uv run --frozen --all-groups python -m bench.remote_stores                     # the seed graph
    uv run --frozen --all-groups python -m bench.remote_stores --world bench-results/worlds/x10
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import fields
from pathlib import Path

import httpx

from bench.graphql import QUERIES
from bench.probe import repeat
from bench.server_process import free_port, stop, wait_ready
from graph.cli.table import format_table
from graph.http.settings import Settings
from graph.ingest.pipeline import compile_seeds
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.sparql.page import QUERY_DIR
from graph.store.backends import EmbeddedStore, RemoteStore, Store
from graph.store.push import push
from tests.live import stop as stop_engine
from tests.oxigraph import OxigraphServer, start_oxigraph
from tests.virtuoso import VirtuosoServer, start_virtuoso

ENGINES = ("embedded", "oxigraph", "virtuoso")
CACHES_OFF = [arg for f in fields(Settings) if "cache" in f.name for arg in (f"--{f.name.replace('_', '-')}", "0")]


@contextmanager
def api_server(store: str, world: Path) -> Iterator[str]:
    """`stargate-kg serve` over `store` ('embedded': built from `world`), caches off; its URL."""
    port = free_port()
    args = ["--store", store] if store != "embedded" else ["--seeds", str(world)]
    process = subprocess.Popen(
        [sys.executable, "-m", "graph.cli.main", "serve", "--port", str(port), *args, *CACHES_OFF],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(port, process, timeout=1800)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def ask(client: httpx.Client, url: str, query: str) -> object:
    response = client.post(url + "/graphql", json={"query": query})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")
    return body


def graphql_rows(urls: dict[str, str], budget: float) -> list[list[str]]:
    rows = []
    with httpx.Client(timeout=600) as client:
        for name, (query, _) in QUERIES.items():
            answers = {engine: ask(client, url, query) for engine, url in urls.items()}
            if any(answer != answers["embedded"] for answer in answers.values()):
                raise SystemExit(f"GraphQL {name}: the stores answer differently")
            p50 = {
                engine: statistics.median(repeat(lambda u=url, q=query: ask(client, u, q), budget=budget, least=3))
                for engine, url in urls.items()
            }
            rows.append([name, *_cells(p50)])
    return rows


def sparql_rows(stores: dict[str, Store], budget: float) -> list[list[str]]:
    rows = []
    for path in sorted(QUERY_DIR.glob("*.rq")):
        query = path.read_text(encoding="utf-8")
        counts = {engine: len(store.select(query)) for engine, store in stores.items()}
        if len(set(counts.values())) != 1:
            raise SystemExit(f"{path.name}: the stores give different row counts {counts}")
        p50 = {
            engine: statistics.median(repeat(lambda s=store, q=query: s.select(q), budget=budget, least=3))
            for engine, store in stores.items()
        }
        rows.append([path.stem, *_cells(p50)])
    return rows


def _cells(seconds: dict[str, float]) -> list[str]:
    base = seconds["embedded"]
    return [f"{1000 * seconds[e]:.1f}" + ("" if e == "embedded" else f" ({seconds[e] / base:.1f}x)") for e in ENGINES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, default=DEFAULT_SEED_DIR, help="a seed directory (bench/generate.py)")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds of repeats per query and store")
    args = parser.parse_args(argv)
    quads = compile_seeds(args.world).quads
    print(f"{args.world}: {len(quads):,} quads", flush=True)
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="stargate-kg-stores-") as scratch:
        oxigraph = start_oxigraph(Path(scratch, "oxigraph"))
        stack.callback(stop_engine, oxigraph.process)
        Path(scratch, "virtuoso").mkdir()
        virtuoso = start_virtuoso(Path(scratch, "virtuoso"))
        stack.callback(stop_engine, virtuoso.process)
        servers: dict[str, OxigraphServer | VirtuosoServer] = {"oxigraph": oxigraph, "virtuoso": virtuoso}
        push_rows = []
        for engine, server in servers.items():
            began = time.perf_counter()
            report = push(quads, server.store_url, timeout=600)
            push_rows.append([engine, f"{report.quads:,}", str(report.requests), f"{time.perf_counter() - began:.2f}"])
            print(f"pushed to {engine}", flush=True)
        stores: dict[str, Store] = {"embedded": EmbeddedStore(quads)}
        stores |= {engine: RemoteStore(server.query_url) for engine, server in servers.items()}
        urls = {"embedded": stack.enter_context(api_server("embedded", args.world))}
        urls |= {
            engine: stack.enter_context(api_server(server.query_url, args.world)) for engine, server in servers.items()
        }
        print("servers ready", flush=True)
        print("\npush (Graph Store Protocol, a PUT per graph)")
        print(format_table(["server", "quads", "requests", "seconds"], push_rows))
        print("\nGraphQL, one request at a time, caches off: p50 ms (ratio to embedded)")
        print(format_table(["query", *ENGINES], graphql_rows(urls, args.budget)))
        print("\nSPARQL sent to the store directly: p50 ms (ratio to embedded)")
        print(format_table(["query", *ENGINES], sparql_rows(stores, args.budget)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
