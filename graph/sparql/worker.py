"""The process that runs SPARQL queries, so that a timeout can really stop one.

Oxigraph cannot be interrupted from Python: a runaway query would hold a thread, and the CPU,
until it ends by itself. So queries run in worker processes, each with its own engine (its own
copy of the embedded store, loaded from an N-Quads dump of the snapshot, or a client of the
remote SPARQL server), and the server kills a worker whose query overruns (graph/sparql/pool.py).

A worker also does what may be slow or costly in a request: the guard's parse
(graph/sparql/guard.py), evaluation, and serialization, with results capped at `max_rows`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Protocol

import httpx
import pyoxigraph as ox

from graph.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS
from graph.sparql.guard import QueryShape, Refused, check_graphs, shape_of
from graph.vocab.namespaces import PREFIXES, sparql_prefixes

Result = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]


@dataclass(frozen=True)
class Job:
    """One request, as the HTTP layer understood it."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    result_format: str | None = "json"  # a RESULT_FORMATS key, None when the client accepts none
    graph_format: str | None = "turtle"  # a GRAPH_FORMATS key, likewise
    max_rows: int = 10_000

    @property
    def names_graphs(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    truncated: bool = False


class Engine(Protocol):
    graphs: frozenset[str]

    def run(self, query: str, shape: QueryShape, job: Job) -> Result: ...


class LocalEngine:
    """The embedded store, loaded from the dump the server wrote for its snapshot."""

    def __init__(self, dump: str) -> None:
        self.store = ox.Store()
        self.store.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
        self.graphs = frozenset(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def run(self, query: str, shape: QueryShape, job: Job) -> Result:
        options: dict[str, object] = {"prefixes": PREFIXES}
        if job.names_graphs:  # the protocol's graphs override the query's FROM (SPARQL 1.1 Protocol 2.1.4)
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        elif not shape.names_its_dataset:
            options["use_default_graph_as_union"] = True  # it would override FROM: only without one
        try:
            return self.store.query(query, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise Refused(400, f"SPARQL syntax error: {error}") from None


class RemoteEngine:
    """A SPARQL 1.1 server whose default graph is the union of its named graphs."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.client = httpx.Client(timeout=timeout)
        rows = self._ask("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", "application/sparql-results+json", [])
        solutions = ox.parse_query_results(rows, format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        self.graphs = frozenset(s["g"].value for s in solutions if isinstance(s["g"], ox.NamedNode))

    def _ask(self, query: str, accept: str, params: list[tuple[str, str]], max_lines: int | None = None) -> bytes:
        """The store's answer; of a line-based format (TSV, N-Triples), only the first `max_lines`
        lines: the connection is closed after them, so a huge result is never transferred."""
        try:
            with self.client.stream(
                "POST",
                self.url,
                params=tuple(params),
                content=(sparql_prefixes() + query).encode(),
                headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
            ) as response:
                if response.status_code != 200:
                    response.read()
                    status = 400 if 400 <= response.status_code < 500 else 502  # 4xx: the query is at fault
                    raise Refused(
                        status,
                        f"the SPARQL store refused the query ({response.status_code}; "
                        f"a syntax error?): {response.text[:500]}",
                    )
                if max_lines is None:
                    return response.read()
                lines: list[str] = []
                for line in response.iter_lines():
                    if len(lines) == max_lines:
                        break
                    lines.append(line)
                return "\n".join(lines).encode() + b"\n"
        except httpx.HTTPError as error:
            raise Refused(502, f"the SPARQL store {self.url} is unreachable: {error}") from None

    def run(self, query: str, shape: QueryShape, job: Job) -> Result:
        # A server with a union default graph may ignore FROM (Oxigraph does, as the embedded store
        # would): the query's dataset goes as protocol parameters too, which servers honour.
        default, named = (
            (job.default_graphs, job.named_graphs) if job.names_graphs else (shape.from_graphs, shape.from_named)
        )
        params = [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
        if shape.returns_graph:
            body = self._ask(query, "application/n-triples", params, max_lines=job.max_rows + 1)
            return (quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        if shape.form == "ASK":
            return ox.parse_query_results(
                self._ask(query, "application/sparql-results+json", params), format=ox.QueryResultsFormat.JSON
            )
        body = self._ask(query, "text/tab-separated-values", params, max_lines=job.max_rows + 2)  # + header
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)


@dataclass(frozen=True)
class EngineSource:
    """How a worker gets its engine: the path of a dump, or the URL of a SPARQL server."""

    dump: str = ""
    url: str = ""
    timeout: float = 30.0

    def open(self) -> Engine:
        return RemoteEngine(self.url, self.timeout) if self.url else LocalEngine(self.dump)


def _solutions_capped(solutions: ox.QuerySolutions, limit: int) -> tuple[ox.QuerySolutions, bool]:
    """The first `limit` solutions, still as QuerySolutions so Oxigraph serializes them.

    Rows are re-read from TSV, whose cells are the terms' N-Triples forms (`str` of a term).
    """
    names = [v.value for v in solutions.variables]
    lines = ["\t".join(f"?{n}" for n in names)]
    truncated = False
    for count, solution in enumerate(solutions):
        if count == limit:
            truncated = True
            break
        lines.append("\t".join("" if solution[n] is None else str(solution[n]) for n in names))
    capped = ox.parse_query_results("\n".join(lines).encode() + b"\n", format=ox.QueryResultsFormat.TSV)
    assert isinstance(capped, ox.QuerySolutions)
    return capped, truncated


def _serialize(result: Result, shape: QueryShape, job: Job) -> Answer:
    if shape.returns_graph:
        if job.graph_format is None:
            raise Refused(
                406,
                f"a {shape.form} query answers in one of: " + ", ".join(f.media_type for f in GRAPH_FORMATS.values()),
            )
        graph_format = GRAPH_FORMATS[job.graph_format]
        triples: list[ox.Triple] = []
        truncated = False
        for triple in result:  # type: ignore[union-attr]
            if len(triples) == job.max_rows:
                truncated = True
                break
            triples.append(triple)
        prefixes = PREFIXES if graph_format.format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        body = ox.serialize(triples, format=graph_format.format, prefixes=prefixes) or b""
        return Answer(200, graph_format.media_type, body, truncated)
    if job.result_format is None:
        raise Refused(
            406, f"a {shape.form} query answers in one of: " + ", ".join(f.media_type for f in RESULT_FORMATS.values())
        )
    result_format = RESULT_FORMATS[job.result_format]
    truncated = False
    if isinstance(result, ox.QuerySolutions):
        result, truncated = _solutions_capped(result, job.max_rows)
    assert isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
    return Answer(200, result_format.media_type, result.serialize(format=result_format.format) or b"", truncated)


def execute(engine: Engine, job: Job) -> Answer:
    """Inspect, run and serialize one query; a refusal becomes an error answer, never an exception."""
    try:
        shape = shape_of(job.query)
        check_graphs("FROM", shape.from_graphs, engine.graphs)
        check_graphs("FROM NAMED", shape.from_named, engine.graphs)
        check_graphs("default-graph-uri", job.default_graphs, engine.graphs)
        check_graphs("named-graph-uri", job.named_graphs, engine.graphs)
        return _serialize(engine.run(job.query, shape, job), shape, job)
    except Refused as refusal:
        return error_answer(refusal.status, refusal.message)
    except (OSError, ValueError, SyntaxError) as error:  # evaluation errors Oxigraph reports
        return error_answer(400, f"the query failed: {error}")


def error_answer(status: int, message: str) -> Answer:
    return Answer(status, "application/json", json.dumps({"error": message}, ensure_ascii=False).encode())


def _exit_with_parent(parent: int) -> None:
    """A worker whose server died exits, even in the middle of a query (which releases the GIL)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


# Oxigraph's parser recurses once per chained operator (UNION, &&, ||): on the main thread's 8 MiB
# stack a chain of some 10,000 overflowed it and killed the worker. Queries run on a thread with a
# stack that a 1 MB query cannot exhaust; it is reserved, and pages are used only as deep as needed.
ENGINE_STACK_BYTES = 1 << 30


def serve(conn: Connection) -> None:
    """The worker's main loop: receive the engine's source, open it, say ready, then answer jobs
    until the connection closes."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        source: EngineSource = conn.recv()
    except (EOFError, OSError):
        return
    try:
        engine = source.open()
    except (Refused, OSError, ValueError, SyntaxError) as error:
        conn.send(("failed", str(getattr(error, "message", error))))
        return
    conn.send(("ready", len(engine.graphs)))
    threading.stack_size(ENGINE_STACK_BYTES)
    answering = threading.Thread(target=_answer_jobs, args=(engine, conn))
    answering.start()
    answering.join()


def _answer_jobs(engine: Engine, conn: Connection) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(execute(engine, job))


if __name__ == "__main__":  # started by graph/sparql/pool.py with the file descriptor of its socket
    # Run the module under its own name, so that what it pickles unpickles in the server.
    from graph.sparql import worker

    worker.serve(Connection(int(sys.argv[1])))
