"""A world past one machine's memory served from a disk-backed store (issue 19): a real Oxigraph
server on disk behind the GraphQL server, measured, with every answer checked.

    uv run --frozen --all-groups python -m bench.generate 240 bench-results/worlds/x240   # 5.1 M quads or more
    uv run --frozen --all-groups python -m bench.disk_world --world bench-results/worlds/x240
    uv run --frozen --all-groups python -m bench.disk_world --world DIR --load both   # also time `push`
    uv run --frozen --all-groups python -m bench.disk_world --world DIR --reuse       # serve the store built before

Each step runs in its own process, watched for its resident memory (the whole process tree):
  1. build + validate with its peak RSS (bench/probe.py build, which also bulk-loads the quads in memory);
  2. the dataset written as N-Quads (`stargate-kg export -f nquads`, a build of its own);
  3. the load into an on-disk Oxigraph: `oxigraph load --location DIR --file dataset.nq` (the bulk
     path, the one served), and with --load push|both an empty `oxigraph serve` loaded by
     `stargate-kg push --endpoint .../store` (Graph Store Protocol), timed and sized alike;
  4. `oxigraph serve --location DIR --union-default-graph` and `stargate-kg serve --store .../query`
     with the GraphQL caches off: its time to ready, then each GraphQL query of bench/graphql.py and
     each SPARQL query of graph/sparql/queries through the server's /sparql, one request at a time;
  5. the RSS of the GraphQL server (with its SPARQL workers) and of Oxigraph, once ready and after the
     queries, and the peak of their sum against the machine's memory.

--store-timeout passes the server's limit per answer of its remote store (setting store_timeout) for
a store whose start-up queries take longer, --graphql-timeout its limit per GraphQL request.

A query that fails (a status other than 200, GraphQL errors, an empty answer, a timeout) is a
finding: it is recorded with its message, the others still run, and the exit status is 1.
Prints a table and writes JSON (default bench-results/disk_world.json).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench.generate import read_manifest
from bench.graphql import QUERIES
from bench.machine import load_average, machine_info
from bench.probe import percentile, repeat
from bench.server_process import free_port, stop, tree_rss, wait_ready
from graph.cli.table import format_table
from graph.files.atomic import write_atomically
from tests.oxigraph import OxigraphServer, oxigraph_executable, start_oxigraph

ROOT = Path(__file__).resolve().parent.parent
SPARQL_QUERY_DIR = ROOT / "graph" / "sparql" / "queries"
MIB = 2**20
LOADED_MARK = "LOADED.json"  # written beside the store once a load finished: what --reuse reads


class Sampler:
    """Samples the RSS of labelled process trees in a thread: each one's peak and the peak of their sum."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.processes: dict[str, psutil.Process] = {}
        self.peaks: dict[str, int] = {}
        self.peak_sum = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def watch(self, label: str, pid: int) -> None:
        with self.lock:
            self.processes[label] = psutil.Process(pid)
            self.peaks.setdefault(label, 0)

    def forget(self, label: str) -> None:
        with self.lock:
            self.processes.pop(label, None)

    def sample(self) -> None:
        with self.lock:
            sizes = {label: tree_rss(process) for label, process in self.processes.items()}
            for label, size in sizes.items():
                self.peaks[label] = max(self.peaks[label], size)
            self.peak_sum = max(self.peak_sum, sum(sizes.values()))

    def _run(self) -> None:
        while not self.stopping.wait(self.interval):
            self.sample()

    def close(self) -> None:
        self.stopping.set()
        self.thread.join()


def run_measured(command: list[str], label: str, sampler: Sampler, timeout: float) -> dict[str, Any]:
    """Run a command to its end; its wall seconds, peak RSS (its process tree) and output."""
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler.watch(label, process.pid)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise SystemExit(f"{label}: over {timeout:.0f} s: {' '.join(command)}") from None
    finally:
        sampler.sample()
        sampler.forget(label)
    if process.returncode != 0:
        raise SystemExit(f"{label} failed ({process.returncode}): {' '.join(command)}\n{stderr[-3000:]}")
    return {
        "seconds": time.perf_counter() - began,
        "peak_rss_mib": sampler.peaks[label] / MIB,
        "stdout": stdout,
        "stderr": stderr,
    }


def directory_mib(path: Path) -> float:
    """Disk space a directory takes (allocated blocks, as du counts)."""
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file()) / MIB


def start_oxigraph_timed(location: Path) -> tuple[OxigraphServer, float]:
    """`oxigraph serve` on `location` (tests/oxigraph.py), and the seconds until it answered."""
    began = time.perf_counter()
    server = start_oxigraph(location, timeout_s=600, start_within=600)
    return server, time.perf_counter() - began


def count_quads(url: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = httpx.post(
        url + "/query",
        content=query,
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        timeout=600,
    )
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "graph.cli.main", *args]


def bulk_load(world: Path, work: Path, sampler: Sampler, timeout: float) -> dict[str, Any]:
    """The dataset dumped as N-Quads, then `oxigraph load` into a fresh directory."""
    dump = work / "dataset.nq"
    location = work / "oxigraph-bulk"
    shutil.rmtree(location, ignore_errors=True)
    export = run_measured(
        cli("--seeds", str(world), "export", "-f", "nquads", "-o", str(dump)), "export", sampler, timeout
    )
    with dump.open("rb") as lines:
        dumped = sum(1 for line in lines if line.strip())
    load = run_measured(
        [oxigraph_executable(), "load", "--location", str(location), "--file", str(dump)], "load", sampler, timeout
    )
    return {
        "location": str(location),
        "export_s": export["seconds"],
        "export_peak_rss_mib": export["peak_rss_mib"],
        "dump_mib": dump.stat().st_size / MIB,
        "dumped_quads": dumped,
        "load_s": load["seconds"],
        "load_peak_rss_mib": load["peak_rss_mib"],
        "store_mib": directory_mib(location),
    }


def push_load(world: Path, work: Path, sampler: Sampler, timeout: float) -> dict[str, Any]:
    """An empty on-disk Oxigraph server loaded by `stargate-kg push` (Graph Store Protocol)."""
    location = work / "oxigraph-push"
    shutil.rmtree(location, ignore_errors=True)
    location.mkdir(parents=True)
    server, _ = start_oxigraph_timed(location)
    process, url = server.process, server.url
    sampler.watch("oxigraph (push)", process.pid)
    try:
        push = run_measured(
            cli("--seeds", str(world), "push", "--endpoint", url + "/store", "--timeout", "600"),
            "push",
            sampler,
            timeout,
        )
        quads = count_quads(url)
        oxigraph_rss = tree_rss(psutil.Process(process.pid)) / MIB
    finally:
        sampler.forget("oxigraph (push)")
        process.terminate()
        process.wait(timeout=60)
    return {
        "location": str(location),
        "push_s": push["seconds"],
        "push_peak_rss_mib": push["peak_rss_mib"],
        "oxigraph_peak_rss_mib": sampler.peaks["oxigraph (push)"] / MIB,
        "oxigraph_rss_after_mib": oxigraph_rss,
        "quads": quads,
        "store_mib": directory_mib(location),
    }


def _nonempty(value: Any) -> bool:
    if isinstance(value, dict):
        if "nodes" in value:
            return bool(value["nodes"])
        return any(_nonempty(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value is not None


def timed(ask: Callable[[], None], budget: float) -> dict[str, Any]:
    """The first (cold) request, then repeats within the budget; or the error that stopped it."""
    began = time.perf_counter()
    try:
        ask()
        first = time.perf_counter() - began
        times = repeat(ask, budget=budget, least=3, most=30)
    except (AssertionError, httpx.HTTPError) as error:
        return {"error": str(error)[:500], "after_s": time.perf_counter() - began}
    return {
        "first_ms": 1000 * first,
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * percentile(times, 95),
        "runs": len(times),
    }


def graphql_sequential(client: httpx.Client, budget: float) -> dict[str, Any]:
    """Each query of bench/graphql.py alone, one request at a time, every answer checked."""
    results: dict[str, Any] = {}
    for name, (query, _) in QUERIES.items():

        def ask(query: str = query) -> None:
            response = client.post("/graphql", json={"query": query})
            assert response.status_code == 200, f"status {response.status_code}: {response.text[:300]}"
            payload = response.json()
            assert not payload.get("errors"), f"errors: {json.dumps(payload['errors'])[:300]}"
            data = payload.get("data") or {}
            assert data and all(_nonempty(v) for v in data.values()), f"empty answer: {json.dumps(data)[:300]}"

        results[name] = timed(ask, budget)
    return results


def sparql_sequential(client: httpx.Client, budget: float) -> dict[str, Any]:
    """Each query of graph/sparql/queries through the GraphQL server's /sparql, every answer checked."""
    results: dict[str, Any] = {}
    for path in sorted(SPARQL_QUERY_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")

        def ask(text: str = text) -> None:
            response = client.post(
                "/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"}
            )
            assert response.status_code == 200, f"status {response.status_code}: {response.text[:300]}"
            payload = response.json()
            assert payload.get("boolean") is not None or payload["results"]["bindings"], "no rows"

        results[path.stem] = timed(ask, budget)
    return results


def serve_and_query(
    location: Path,
    log: Path,
    budget: float,
    start_timeout: float,
    sampler: Sampler,
    store_timeout: float | None,
    graphql_timeout: float | None,
) -> dict[str, Any]:
    with sampler.lock:
        sampler.peak_sum = 0  # the peak of the serving processes alone, not of the build or load before
    started, oxigraph_ready_s = start_oxigraph_timed(location)
    oxigraph, url = started.process, started.url
    sampler.watch("oxigraph", oxigraph.pid)
    result: dict[str, Any] = {"oxigraph_ready_s": oxigraph_ready_s}
    server = None
    try:
        oxigraph_process = psutil.Process(oxigraph.pid)
        result["oxigraph_rss_started_mib"] = tree_rss(oxigraph_process) / MIB
        began = time.perf_counter()
        result["quads"] = count_quads(url)
        result["count_s"] = time.perf_counter() - began
        port = free_port()
        command = cli(
            "serve",
            "--store",
            url + "/query",
            "--port",
            str(port),
            "--graphql-cache-bytes",
            "0",
            "--graphql-response-cache-bytes",
            "0",
        )
        if graphql_timeout is not None:
            command += ["--graphql-timeout", f"{graphql_timeout:g}"]
        if store_timeout is not None:
            command += ["--store-timeout", f"{store_timeout:g}"]
        began = time.perf_counter()
        with log.open("wb") as output:  # its start-up steps and access log, kept for reading afterwards
            server = subprocess.Popen(
                command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=output, stderr=output
            )
        sampler.watch("server", server.pid)
        try:
            wait_ready(port, server, timeout=start_timeout)
        except SystemExit as error:  # a finding: how long it tried, what it said, what it held
            result["server_error"] = f"{error}: {log.read_text(encoding='utf-8', errors='replace')[-1500:]}"
            result["server_failed_after_s"] = time.perf_counter() - began
            result["oxigraph_rss_after_mib"] = tree_rss(oxigraph_process) / MIB
            result["server_peak_rss_mib"] = sampler.peaks["server"] / MIB
            result["oxigraph_peak_rss_mib"] = sampler.peaks["oxigraph"] / MIB
            result["peak_sum_rss_mib"] = sampler.peak_sum / MIB
            return result
        result["server_ready_s"] = time.perf_counter() - began
        server_process = psutil.Process(server.pid)
        result["server_rss_ready_mib"] = server_process.memory_info().rss / MIB
        result["server_with_workers_rss_ready_mib"] = tree_rss(server_process) / MIB
        result["oxigraph_rss_ready_mib"] = tree_rss(oxigraph_process) / MIB
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            result["graphql"] = graphql_sequential(client, budget)
            result["sparql"] = sparql_sequential(client, budget)
        sampler.sample()
        result["server_rss_after_mib"] = server_process.memory_info().rss / MIB
        result["server_with_workers_rss_after_mib"] = tree_rss(server_process) / MIB
        result["oxigraph_rss_after_mib"] = tree_rss(oxigraph_process) / MIB
        result["server_peak_rss_mib"] = sampler.peaks["server"] / MIB
        result["oxigraph_peak_rss_mib"] = sampler.peaks["oxigraph"] / MIB
        result["peak_sum_rss_mib"] = sampler.peak_sum / MIB
    finally:
        sampler.forget("server")
        sampler.forget("oxigraph")
        if server is not None:
            stop(server)
        oxigraph.terminate()
        oxigraph.wait(timeout=60)
        result["store_mib_after"] = directory_mib(location)  # RocksDB's log and compactions once served
    return result


def build_probe(world: Path, sampler: Sampler, timeout: float) -> dict[str, Any]:
    """bench/probe.py's build measurement in its own process (it reports its own peak RSS)."""
    run = run_measured([sys.executable, "-m", "bench.probe", "build", str(world)], "build", sampler, timeout)
    build: dict[str, Any] = json.loads(run["stdout"].strip().splitlines()[-1])
    build["wall_s"] = run["seconds"]
    return build


def measure(args: argparse.Namespace) -> dict[str, Any]:
    world: Path = args.world.resolve()
    work: Path = (args.work or ROOT / "bench-results" / "disk_world" / world.name).resolve()
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine_info(),
        "memory_total_mib": psutil.virtual_memory().total / MIB,
        "load_average_start": load_average(),
        "world": str(world),
        "generated": read_manifest(world),
        "work": str(work),
    }
    sampler = Sampler()
    try:
        if args.build_from:
            results["build"] = json.loads(args.build_from.read_text(encoding="utf-8").strip().splitlines()[-1])
            results["build"]["from"] = str(args.build_from)
        elif args.build_probe:
            print("[disk_world] build + validate (bench/probe.py build)", file=sys.stderr)
            results["build"] = build_probe(world, sampler, args.timeout)
        mark = work / LOADED_MARK
        if args.reuse and mark.exists():
            results["bulk"] = json.loads(mark.read_text(encoding="utf-8"))
            results["bulk"]["reused"] = True
        elif args.load in ("bulk", "both"):
            print("[disk_world] export N-Quads and oxigraph load", file=sys.stderr)
            results["bulk"] = bulk_load(world, work, sampler, args.timeout)
            bulk = json.dumps(results["bulk"]).encode()
            write_atomically(mark, lambda out: out.write(bulk))  # a torn mark would claim a load
        if args.load in ("push", "both"):
            print("[disk_world] stargate-kg push into an empty oxigraph serve", file=sys.stderr)
            results["push"] = push_load(world, work, sampler, args.timeout)
        location = Path(results["bulk"]["location"] if "bulk" in results else results["push"]["location"])
        results["served_from"] = str(location)
        print(f"[disk_world] serving {location}: GraphQL and SPARQL, one request at a time", file=sys.stderr)
        results["serving"] = serve_and_query(
            location,
            work / "server.log",
            args.budget,
            args.start_timeout,
            sampler,
            args.store_timeout,
            args.graphql_timeout,
        )
        results["serving"]["store_timeout_s"] = args.store_timeout
        results["serving"]["graphql_timeout_s"] = args.graphql_timeout
    finally:
        sampler.close()
    results["load_average_end"] = load_average()
    results["failures"] = failures(results)
    return results


def failures(results: dict[str, Any]) -> list[str]:
    found = []
    serving = results.get("serving", {})
    if "server_error" in serving:
        found.append(
            f"the GraphQL server did not start ({serving['server_failed_after_s']:.0f} s): {serving['server_error']}"
        )
    for kind in ("graphql", "sparql"):
        for name, row in serving.get(kind, {}).items():
            if "error" in row:
                found.append(f"{kind} {name}: {row['error']}")
    expected = results.get("build", {}).get("quads") or results.get("bulk", {}).get("dumped_quads")
    if expected and serving.get("quads") != expected:
        found.append(f"the served store holds {serving.get('quads')} quads, the build made {expected}")
    if serving.get("peak_sum_rss_mib", 0) >= results["memory_total_mib"]:
        found.append("the served processes' peak RSS exceeds the machine's memory")
    return found


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MiB"


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f} s"


def _server_text(serving: dict[str, Any]) -> str:
    text = "stargate-kg serve"
    if serving.get("store_timeout_s") is not None:
        text += f", --store-timeout {serving['store_timeout_s']:g}"
    if serving.get("graphql_timeout_s") is not None:
        text += f", --graphql-timeout {serving['graphql_timeout_s']:g}"
    return text


def _pair(serving: dict[str, Any], when: str) -> str:
    own, tree = serving.get(f"server_rss_{when}_mib"), serving.get(f"server_with_workers_rss_{when}_mib")
    return f"{_mib(own)} ({_mib(tree)})"


def tables(results: dict[str, Any]) -> str:
    build, bulk, push = results.get("build", {}), results.get("bulk", {}), results.get("push", {})
    serving = results.get("serving", {})
    rows: list[list[object]] = [
        ["world", f"{results['world']} ({results['generated'].get('claims', '?'):,} claims)"],
        ["quads served", f"{serving.get('quads', 0):,}"],
        ["machine memory", _mib(results["memory_total_mib"])],
    ]
    if build:
        rows += [
            ["build + validate (probe)", _s(build.get("build_validate_s"))],
            ["build peak RSS (probe process)", _mib(build.get("peak_rss_mib"))],
            ["in-memory bulk load (probe)", _s(build.get("bulk_load_s"))],
        ]
    if bulk:
        reused = " (reused)" if bulk.get("reused") else ""
        rows += [
            [f"export N-Quads (a build){reused}", f"{_s(bulk['export_s'])}, peak {_mib(bulk['export_peak_rss_mib'])}"],
            ["N-Quads dump", f"{_mib(bulk['dump_mib'])}, {bulk['dumped_quads']:,} quads"],
            [f"oxigraph load (bulk, on disk){reused}", f"{_s(bulk['load_s'])}, peak {_mib(bulk['load_peak_rss_mib'])}"],
            ["store directory (bulk)", _mib(bulk["store_mib"])],
        ]
    if push:
        rows += [
            ["stargate-kg push (build + GSP PUTs)", f"{_s(push['push_s'])}, peak {_mib(push['push_peak_rss_mib'])}"],
            ["oxigraph during push", f"peak {_mib(push['oxigraph_peak_rss_mib'])}, {push['quads']:,} quads"],
            ["store directory (push)", _mib(push["store_mib"])],
        ]
    if serving:
        rows += [
            ["oxigraph serve ready", _s(serving.get("oxigraph_ready_s"))],
            ["store directory after serving", _mib(serving.get("store_mib_after"))],
            ["GraphQL server", _server_text(serving)],
            [
                "GraphQL server ready",
                _s(serving.get("server_ready_s"))
                if "server_error" not in serving
                else f"FAILED after {serving['server_failed_after_s']:.1f} s",
            ],
            [
                "GraphQL server RSS (+ workers) ready",
                _pair(serving, "ready"),
            ],
            [
                "GraphQL server RSS (+ workers) after",
                _pair(serving, "after"),
            ],
            [
                "oxigraph RSS ready / after",
                f"{_mib(serving.get('oxigraph_rss_ready_mib'))} / {_mib(serving.get('oxigraph_rss_after_mib'))}",
            ],
            ["peak sum of RSS (server tree + oxigraph)", _mib(serving.get("peak_sum_rss_mib"))],
            [
                "fits in the machine's memory",
                "yes" if serving.get("peak_sum_rss_mib", 0) < results["memory_total_mib"] else "NO",
            ],
        ]
    text = format_table(["figure", "value"], rows)
    query_rows: list[list[object]] = []
    for kind in ("graphql", "sparql"):
        for name, row in serving.get(kind, {}).items():
            if "error" in row:
                query_rows.append([kind, name, "-", "-", "-", "-", f"FAILED after {row['after_s']:.1f} s"])
            else:
                query_rows.append(
                    [
                        kind,
                        name,
                        f"{row['first_ms']:.1f}",
                        f"{row['p50_ms']:.1f}",
                        f"{row['p95_ms']:.1f}",
                        row["runs"],
                        "ok",
                    ]
                )
    if query_rows:
        header = ["route", "query", "first ms", "p50 ms", "p95 ms", "runs", "answer"]
        text += "\n\n" + format_table(header, query_rows)
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.disk_world",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[1:]),
    )
    parser.add_argument("--world", type=Path, required=True, help="a generated world (python -m bench.generate)")
    parser.add_argument(
        "--work",
        type=Path,
        help="where the N-Quads dump and the Oxigraph directories go (default: bench-results/disk_world/WORLD-NAME)",
    )
    parser.add_argument(
        "--load",
        choices=("bulk", "push", "both"),
        default="bulk",
        help="bulk: export N-Quads then `oxigraph load` (served); push: `stargate-kg push` into an empty "
        "`oxigraph serve` (served when alone); both: time both, serve the bulk-loaded store (default: %(default)s)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="serve the bulk-loaded store of an earlier run in --work instead of exporting and loading again",
    )
    parser.add_argument(
        "--no-build-probe",
        dest="build_probe",
        action="store_false",
        help="skip bench/probe.py's build measurement (the export still builds)",
    )
    parser.add_argument(
        "--build-from",
        type=Path,
        metavar="FILE",
        help="take the build figures from the output of an earlier `python -m bench.probe build WORLD` instead",
    )
    parser.add_argument(
        "--store-timeout",
        type=float,
        metavar="SECONDS",
        help="the server's limit per answer of its remote store (setting store_timeout; default: the server's)",
    )
    parser.add_argument(
        "--graphql-timeout",
        type=float,
        metavar="SECONDS",
        help="the GraphQL server's --graphql-timeout (default: the server's own, 10 s)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=3.0,
        help="seconds spent repeating each query, at least 3 runs (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=3600.0,
        help="seconds the build, export, load or push may take (default: %(default)s)",
    )
    parser.add_argument(
        "--start-timeout",
        type=float,
        default=1800.0,
        help="seconds the GraphQL server may take to be ready (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench-results" / "disk_world.json",
        help="the JSON results file (default: %(default)s)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not read_manifest(args.world):
        raise SystemExit(f"{args.world}: no generated world (python -m bench.generate FACTOR DIR)")
    results = measure(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=1) + "\n"
    write_atomically(args.out, lambda output: output.write(text.encode("utf-8")))
    print(tables(results))
    for failure in results["failures"]:
        print(f"FAILED: {failure}")
    print(f"\nresults: {args.out}", file=sys.stderr)
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
