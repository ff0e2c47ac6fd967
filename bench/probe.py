"""One measurement of one world, run in a fresh interpreter so its peak memory is its own.

    python -m bench.probe build WORLD      # build + validate, the store load, peak RSS, and a
                                           # bulk load of the same quads in a fresh process
    python -m bench.probe bulk FILE        # that bulk load alone: one N-Quads file into Oxigraph
    python -m bench.probe queries WORLD    # SPARQL on the store, through the endpoint's guard and
                                           # row cap (bench/endpoint_costs.py) and /sparql; exports

Prints one JSON object on stdout. Every figure comes with the answer it checked (quad counts,
row counts, export line counts), so a fast wrong answer cannot pass for a fast right one.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.endpoint_costs import guard_seconds, row_cap
from bench.sparql import endpoint_side_by_side
from graph.http.settings import Settings
from graph.ingest.pipeline import compile_seeds
from graph.store.backends import EmbeddedStore
from graph.store.export import EXPORTS, export_file

ROOT = Path(__file__).resolve().parent.parent
ENDPOINT_REPEAT = 5
QUERY_TIMEOUT = Settings().sparql_timeout  # the SPARQL endpoint's own limit, for a like-for-like cut-off
QUERY_FILES = sorted((ROOT / "graph" / "sparql" / "queries").glob("*.rq")) + sorted(
    (ROOT / "bench" / "queries").glob("*.rq")
)


def peak_rss_mib() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def query_set() -> dict[str, str]:
    """The queries timed on the store with their row counts: the competency queries of
    graph/sparql/queries and the scale queries of bench/queries (whole-graph aggregates, a join through
    a hub). The endpoint comparison uses bench/sparql.py's own fixed set."""
    return {path.stem: path.read_text(encoding="utf-8") for path in QUERY_FILES}


def repeat(action: Callable[[], Any], *, budget: float, least: int = 5, most: int = 50) -> list[float]:
    """Seconds per run: at least `least` runs (unless they pass ten budgets), then more while
    within `budget` seconds."""
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < most and (len(times) < least or time.perf_counter() - started < budget):
        if times and time.perf_counter() - started > 10 * budget:
            break
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def cpu_seconds() -> float:
    """CPU time of this process so far: on a shared machine, wall time also counts others' work."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bulk_load(path: Path) -> dict[str, Any]:
    """The baseline of issue 19: Oxigraph's own bulk loader reading the dataset's N-Quads."""
    started, cpu_started = time.perf_counter(), cpu_seconds()
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    return {"quads": len(store), "seconds": time.perf_counter() - started, "cpu_s": cpu_seconds() - cpu_started}


def bulk_load_apart(quads: list[ox.Quad]) -> dict[str, Any]:
    """`bulk_load` of the quads, dumped as N-Quads, in a fresh interpreter (its memory and
    allocator untouched by the build)."""
    with tempfile.TemporaryDirectory(prefix="stargate-kg-bench-") as temp:
        path = Path(temp) / "dataset.nq"
        ox.serialize(quads, output=path, format=ox.RdfFormat.N_QUADS)
        command = [sys.executable, "-m", "bench.probe", "bulk", str(path)]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    loaded: dict[str, Any] = json.loads(result.stdout)
    if loaded["quads"] != len(quads):
        raise SystemExit(f"bulk load: {loaded['quads']} quads, the build made {len(quads)}")
    return loaded


def build(world: Path) -> dict[str, Any]:
    marks: list[tuple[float, float, str]] = []
    started, cpu_started = time.perf_counter(), cpu_seconds()

    def mark(message: str) -> None:
        marks.append((time.perf_counter(), cpu_seconds(), message))

    compiled = compile_seeds(world, progress=mark)
    compiled_at, cpu_compiled = time.perf_counter(), cpu_seconds()
    store = EmbeddedStore(compiled.quads)
    loaded_at = time.perf_counter()
    # wall and CPU seconds at the end of each step: 'read', 'built', 'SHACL', 'done'
    wall = {message.split()[0]: at for at, _, message in marks}
    cpu = {message.split()[0]: at for _, at, message in marks}
    corpus = compiled.corpus
    baseline = bulk_load_apart(compiled.quads)
    return {
        "quads": len(store),
        "documents": len(corpus.documents),
        "entities": len(corpus.entities),
        "claims": len(corpus.claims),
        "read_s": wall["read"] - started,
        "check_build_s": wall["built"] - wall["read"],
        "shacl_s": wall["SHACL"] - wall["built"],
        "read_cpu_s": cpu["read"] - cpu_started,
        "check_build_cpu_s": cpu["built"] - cpu["read"],
        "shacl_cpu_s": cpu["SHACL"] - cpu["built"],
        "build_validate_s": compiled_at - started,
        "build_validate_cpu_s": cpu_compiled - cpu_started,
        "store_load_s": loaded_at - compiled_at,
        "peak_rss_mib": peak_rss_mib(),
        "bulk_load_s": baseline["seconds"],
        "bulk_load_cpu_s": baseline["cpu_s"],
    }


def first_run(store: EmbeddedStore, text: str, timeout: float) -> int | None:
    """The query's row count, run once in a forked copy of this process that is killed after
    `timeout` seconds (an Oxigraph evaluation cannot be stopped from inside); None if it was."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def count() -> None:
        sender.send(len(store.select(text)))

    child = context.Process(target=count, daemon=True)
    child.start()
    rows = receiver.recv() if receiver.poll(timeout) else None
    child.kill()
    child.join()
    return rows


def queries(world: Path, budget: float, timeout: float) -> dict[str, Any]:
    compiled = compile_seeds(world, shacl=False)
    store = EmbeddedStore(compiled.quads)
    results: dict[str, Any] = {"queries": {}, "exports": {}}
    for name, text in query_set().items():
        rows = first_run(store, text, timeout)
        if rows is None:
            results["queries"][name] = {"error": f"over {timeout:.0f} s"}
            continue
        times = repeat(partial(store.select, text), budget=budget)
        results["queries"][name] = {
            "rows": rows,
            "p50_ms": 1000 * statistics.median(times),
            "p95_ms": 1000 * percentile(times, 95),
            "runs": len(times),
        }
    triples = len({quad.triple for quad in store.quads()})
    expected_lines = {"nquads": len(store), "ntriples": triples}
    with tempfile.TemporaryDirectory(prefix="stargate-kg-bench-") as temp:
        for name, export in EXPORTS.items():
            path = Path(temp) / f"dataset.{export.extension}"
            began = time.perf_counter()
            export_file(compiled.quads, export, path)
            seconds = time.perf_counter() - began
            size = path.stat().st_size
            lines = sum(1 for line in path.open("rb") if line.strip()) if name in expected_lines else None
            if size == 0 or (lines is not None and lines != expected_lines[name]):
                raise SystemExit(f"export {name}: {size} bytes, {lines} lines, expected {expected_lines.get(name)}")
            results["exports"][name] = {"seconds": seconds, "mib": size / 2**20}
            path.unlink()
    results["guard"] = guard_seconds()
    results["row_cap"] = row_cap(store)
    # bench/sparql.py's fixed set through a real server.py over HTTP, beside this store in process
    # and the Oxigraph server on the same quads; the two servers' memory afterwards
    endpoint = endpoint_side_by_side(world, compiled.quads, ENDPOINT_REPEAT)
    results["endpoint"] = {
        name: {"direct_ms": 1000 * direct, "http_ms": 1000 * http, "oxigraph_server_ms": 1000 * oxigraph}
        for name, (direct, http, oxigraph) in endpoint.seconds.items()
    }
    results["endpoint_memory"] = {
        "first_request_ms": 1000 * endpoint.first_request_s,
        "server_mib": endpoint.server_rss_mib,
        "oxigraph_server_mib": endpoint.oxigraph_rss_mib,
    }
    return results


def main(argv: list[str]) -> int:
    what, path = argv[0], Path(argv[1])
    budget = float(argv[2]) if len(argv) > 2 else 2.0
    if what == "bulk":
        result = bulk_load(path)
    else:
        result = build(path) if what == "build" else queries(path, budget, QUERY_TIMEOUT)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
