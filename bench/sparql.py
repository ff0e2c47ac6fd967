"""SPARQL benchmark: which embedded store, and what the HTTP endpoint costs over it.

    uv run --frozen --group bench --with oxrdflib python -m bench.sparql [--factor 160] [--query-timeout 60]

For the seed graph and a synthetic graph of about a million triples (bench/generate.py at
`--factor`, through the real build), it prints:

1. load time and memory (RSS growth) of rdflib's in-memory Dataset, pyoxigraph, and oxrdflib
   (the rdflib API over Oxigraph; measured only when it imports), each in a fresh process;
2. the time of a fixed query set on each store, and whether each store returns the same rows
   as pyoxigraph (terms compared by value, so `"x"` and `"x"^^xsd:string` are told apart only
   where a store gets a FILTER wrong: the pitfall the third query checks);
3. endpoint latency: the same queries through a real `server.py` over HTTP (JSON results),
   against the embedded store called directly in this process and against the standalone
   Oxigraph server (`oxigraph serve`, PyPI package oxigraph) holding the same quads, with the
   resident memory of each server afterwards (issue 19's yardsticks); medians of at least
   `--repeat` runs.

A query that overruns `--query-timeout` on a store is recorded as such (its process is killed
and restarted for the next query). Numbers only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.oxigraph import OxigraphServer

ROOT = Path(__file__).resolve().parent.parent
QUERIES: dict[str, str] = {
    "funding sum": "SELECT ?funder (SUM(?amount) AS ?total) WHERE { ?c rdf:predicate sg:funds ; "
    "rdf:subject ?funder ; sg:amount ?amount } GROUP BY ?funder ORDER BY DESC(?total) ?funder",
    "optional+order+limit": "SELECT ?c ?quote ?status WHERE { ?c a sg:Claim ; sg:evidence ?quote . "
    "OPTIONAL { ?c sg:status ?status } } ORDER BY ?quote ?c LIMIT 20",
    "filter in (plain strings)": "SELECT ?e WHERE { ?e dcterms:identifier ?id "
    'FILTER(?id IN ("softbank", "openai", "oracle", "mgx")) } ORDER BY ?e',
    "claims per graph": "SELECT ?g (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c a sg:Claim } } GROUP BY ?g ORDER BY ?g",
    "chair (competency)": (ROOT / "graph" / "sparql" / "queries" / "chair.rq").read_text(encoding="utf-8"),
    "entity lookup": "SELECT ?p ?o WHERE { sgid:stargate ?p ?o } ORDER BY ?p ?o",
}
STORES = ("pyoxigraph", "rdflib", "oxrdflib")
JSON_RESULTS = "application/sparql-results+json"


# --- one store in its own process ------------------------------------------------------------------


def _normal(term: Any) -> list[str]:
    """A term as [kind, value, datatype-or-language], numbers by value: comparable across libraries."""
    if term is None:
        return ["unbound", "", ""]
    kind = type(term).__name__.lower()
    if "literal" in kind:
        language = getattr(term, "language", None)
        datatype = str(getattr(term, "datatype", "") or "")
        datatype = datatype.strip("<>") if datatype else ""
        # the lexical form: rdflib's `.value` is a Python value (None for an xsd:gYear), str() is lexical
        value = str(term) if type(term).__module__.startswith("rdflib") else str(term.value)
        if language:
            return ["literal", value, "@" + language.lower()]
        if datatype.endswith(("#decimal", "#integer", "#double", "#float")):
            try:
                return ["number", str(Decimal(value).normalize()), ""]
            except InvalidOperation:
                pass
        return ["literal", value, "" if datatype.endswith("#string") else datatype]
    if "blank" in kind or "bnode" in kind:
        return ["blank", "", ""]
    return ["iri", str(term.value) if hasattr(term, "value") else str(term), ""]


def _open(kind: str, data: str) -> Any:
    """Load the N-Quads file into the store; return a function running one query."""
    from graph.vocab.namespaces import sparql_prefixes

    prefixes = sparql_prefixes()
    if kind == "pyoxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)

        def run_ox(query: str) -> list[list[list[str]]]:
            result = store.query(prefixes + query, use_default_graph_as_union=True)
            names = [v.value for v in result.variables]  # type: ignore[union-attr]
            return [[_normal(s[n]) for n in names] for s in result]  # type: ignore[union-attr]

        return run_ox
    import rdflib

    dataset = rdflib.Dataset(store="Oxigraph" if kind == "oxrdflib" else "default", default_union=True)
    dataset.parse(data, format="nquads")

    def run_rdflib(query: str) -> list[list[list[str]]]:
        result = dataset.query(prefixes + query)
        return [[_normal(value) for value in row] for row in result]  # type: ignore[union-attr]

    return run_rdflib


def worker(kind: str, data: str, names: list[str]) -> None:
    """Load, then answer the named queries one by one; one JSON line per step on stdout."""
    import psutil

    process = psutil.Process()
    before = process.memory_info().rss
    started = time.perf_counter()
    run = _open(kind, data)
    print(
        json.dumps(
            {"load_s": time.perf_counter() - started, "memory_mb": (process.memory_info().rss - before) / 2**20}
        ),
        flush=True,
    )
    for name in names:
        started = time.perf_counter()
        rows = run(QUERIES[name])
        print(
            json.dumps(
                {"query": name, "seconds": time.perf_counter() - started, "rows": sorted(json.dumps(r) for r in rows)}
            ),
            flush=True,
        )


def measure_store(kind: str, data: Path, timeout: float) -> dict[str, Any]:
    """Load time, memory and per-query results of one store; restarts it after a timed-out query."""
    results: dict[str, Any] = {"queries": {}}
    pending = list(QUERIES)
    while pending:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.sparql", "--worker", kind, str(data), *pending],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        load = json.loads(process.stdout.readline() or "{}")
        if not load:
            process.wait()
            return {"error": process.stderr.read().strip().splitlines()[-1:] if process.stderr else "failed"}
        results.setdefault("load_s", load["load_s"])
        results.setdefault("memory_mb", load["memory_mb"])
        for name in list(pending):
            line = _readline(process, timeout)
            pending.remove(name)
            if line is None:
                results["queries"][name] = {"timeout": timeout}
                process.kill()
                process.wait()
                break
            results["queries"][name] = json.loads(line)
        else:
            process.wait()
    return results


def _readline(process: subprocess.Popen[str], timeout: float) -> str | None:
    import selectors

    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            return None
    line = process.stdout.readline()
    return line or None


# --- endpoint against direct and against the Oxigraph server ---------------------------------------


def _median_time(call: Any, repeat: int, budget: float = 1.0) -> float:
    """Median seconds of `call`: after a warm-up (caches, worker start), at least `repeat` runs, and
    more within `budget` seconds (up to 200), so that sub-millisecond differences are resolved."""
    call()
    times: list[float] = []
    began = time.perf_counter()
    while len(times) < repeat or (len(times) < 200 and time.perf_counter() - began < budget):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@dataclass(frozen=True)
class EndpointFigures:
    """Each query's median seconds in process, through /sparql and through `oxigraph serve` on the
    same quads; the resident memory of the serving process tree (server and query workers) and of
    the Oxigraph server afterwards."""

    seconds: dict[str, tuple[float, float, float]]  # name -> (direct, /sparql, Oxigraph server)
    first_request_s: float  # the first /sparql request once the server said it was ready
    server_rss_mib: float
    oxigraph_rss_mib: float


def _loaded_oxigraph(quads: list[Any], work: Path) -> OxigraphServer:
    """`oxigraph serve` holding the quads in memory, as the embedded store does, loaded by one
    Graph Store Protocol POST of their N-Quads."""
    import httpx
    import pyoxigraph as ox

    from tests.oxigraph import start_oxigraph

    data = work / "dataset.nq"
    ox.serialize(quads, output=data, format=ox.RdfFormat.N_QUADS)
    server = start_oxigraph(None, timeout_s=300)
    with data.open("rb") as body:
        response = httpx.post(
            server.store_url, content=body, headers={"Content-Type": "application/n-quads"}, timeout=600
        )
    data.unlink()
    if response.status_code >= 300:
        server.process.kill()
        raise SystemExit(f"loading oxigraph serve: {response.status_code} {response.text[:300]}")
    return server


def endpoint_side_by_side(seed_dir: Path | None, quads: list[Any], repeat: int) -> EndpointFigures:
    """QUERIES in process, through a real server.py's /sparql and through a real `oxigraph serve`
    (issue 19's yardstick) on the same quads, one query after the other on each, the same HTTP
    client and request form (GET, SPARQL JSON results, the prefixes written out)."""
    import httpx
    import psutil

    from bench.server_process import tree_rss
    from graph.store.backends import PREFIXES, EmbeddedStore
    from tests.live import run_server
    from tests.live import stop as stop_process

    store = EmbeddedStore(quads)
    flags = ["--sparql-timeout", "300", "--sparql-max-rows", "100000"]
    if seed_dir is not None:
        flags += ["--seeds", str(seed_dir)]
    figures: dict[str, tuple[float, float, float]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="stargate-kg-bench-") as work,
        run_server(*flags, log_dir=Path(work), startup_timeout=900) as server,
    ):
        oxigraph = _loaded_oxigraph(quads, Path(work))
        try:
            with httpx.Client(timeout=600) as client:
                began = time.perf_counter()
                client.get(server.url + "/sparql", params={"query": "ASK {}"}).raise_for_status()
                first_request = time.perf_counter() - began
                for name, query in QUERIES.items():
                    text = PREFIXES + query

                    def over_http(url: str, q: str = text) -> None:
                        response = client.get(url, params={"query": q}, headers={"Accept": JSON_RESULTS})
                        response.raise_for_status()

                    def direct(q: str = query) -> None:
                        list(store.raw_query(q))  # type: ignore[arg-type]

                    figures[name] = (
                        _median_time(direct, repeat),
                        _median_time(lambda: over_http(server.url + "/sparql"), repeat),
                        _median_time(lambda: over_http(oxigraph.query_url), repeat),
                    )
            processes = (server.process, oxigraph.process)
            server_rss, oxigraph_rss = (tree_rss(psutil.Process(p.pid)) / 2**20 for p in processes)
        finally:
            stop_process(oxigraph.process)
    return EndpointFigures(figures, first_request, server_rss, oxigraph_rss)


# --- the report ------------------------------------------------------------------------------------


def _seconds(entry: dict[str, Any]) -> str:
    if "timeout" in entry:
        return f"> {entry['timeout']:.0f} s"
    return f"{entry['seconds'] * 1000:.1f} ms" if entry["seconds"] < 1 else f"{entry['seconds']:.2f} s"


def report(label: str, triples: int, stores: dict[str, dict[str, Any]], endpoint: EndpointFigures) -> None:
    print(f"\n## {label}: {triples:,} quads\n")
    present = [k for k in STORES if k in stores]
    print("| | " + " | ".join(present) + " |")
    print("|---|" + "---|" * len(present))
    print(
        "| load | "
        + " | ".join(
            f"{stores[k]['load_s']:.2f} s, {stores[k]['memory_mb']:.0f} MB"
            if "load_s" in stores[k]
            else f"not measured ({stores[k].get('error')})"
            for k in present
        )
        + " |"
    )
    reference = stores["pyoxigraph"]["queries"]
    for name in QUERIES:
        cells = []
        for kind in present:
            entry = stores[kind].get("queries", {}).get(name)
            if entry is None:
                cells.append("-")
                continue
            same = "timeout" in entry or entry.get("rows") == reference[name].get("rows")
            rows = len(entry.get("rows", []))
            cells.append(
                _seconds(entry)
                + (f" ({rows} rows)" if kind == "pyoxigraph" else "" if same else f" **{rows} rows, differ**")
            )
        print(f"| {name} | " + " | ".join(cells) + " |")
    header = ["query", "direct (pyoxigraph, in process)", "HTTP /sparql (JSON)", "oxigraph serve (JSON)", "ratio"]
    print("\n| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for name, (direct, http, oxigraph) in endpoint.seconds.items():
        cells = [name, *(f"{1000 * seconds:.2f} ms" for seconds in (direct, http, oxigraph)), f"{http / oxigraph:.2f}x"]
        print("| " + " | ".join(cells) + " |")
    print(
        f"\nresident memory: server and workers {endpoint.server_rss_mib:,.0f} MiB, oxigraph serve "
        f"{endpoint.oxigraph_rss_mib:,.0f} MiB ({endpoint.server_rss_mib / endpoint.oxigraph_rss_mib:.2f}x)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sparql", description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=160, help="replicas of the seed world (160: ~1M quads)")
    parser.add_argument("--query-timeout", type=float, default=60.0, help="seconds before a query is given up")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query for the endpoint comparison")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], args.worker[2:])
        return 0

    import pyoxigraph as ox

    from bench.generate import generate
    from graph.ingest.pipeline import compile_seeds

    print(
        f"# SPARQL stores and endpoint ({os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"pyoxigraph {ox.__version__})"
    )
    with tempfile.TemporaryDirectory() as work:
        worlds: list[tuple[str, Path | None]] = [("seed graph", None)]
        if args.factor > 0:
            world = Path(work) / f"world-{args.factor}"
            started = time.perf_counter()
            generate(world, args.factor)
            print(f"(generated factor {args.factor} in {time.perf_counter() - started:.0f} s)", flush=True)
            worlds.append((f"synthetic, factor {args.factor}", world))
        for label, seed_dir in worlds:
            quads = compile_seeds(seed_dir, shacl=False).quads if seed_dir else compile_seeds().quads
            data = Path(work) / "data.nq"
            ox.serialize(quads, str(data), format=ox.RdfFormat.N_QUADS)
            stores = {kind: measure_store(kind, data, args.query_timeout) for kind in STORES}
            endpoint = endpoint_side_by_side(seed_dir, quads, args.repeat)
            report(label, len(set(quads)), stores, endpoint)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
