"""The process that runs SPARQL queries, so that a timeout can really stop one.

Oxigraph cannot be interrupted from Python: a runaway query would hold a thread, and the CPU,
until it ends by itself. So queries run in worker processes, each with its own engine (its own
copy of the embedded store, loaded from an N-Quads dump of the snapshot, or a client of the
remote SPARQL server), and the server kills a worker whose query overruns (graph/sparql/pool.py).
A worker of the embedded store has no network, and every worker a memory limit
(graph/sparql/confine.py).

A worker also does what may be slow or costly in a request: the guard's parse
(graph/sparql/guard.py), evaluation, and serialization, with results capped at `max_rows`.
Whatever a query does, the worker answers: every failure becomes an error answer, and the worker
lives on. A query past the worker's memory limit makes Oxigraph abort the process (the pool
replaces it) or Python raise MemoryError (answered here; the memory is freed as it unwinds).
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Protocol

import httpx
import pyoxigraph as ox

from graph.runtime.heap import release_free_memory
from graph.sparql.confine import isolate_network, limit_memory, lower_priority
from graph.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS
from graph.sparql.guard import QueryShape, Refused, check_graphs, inspect
from graph.store.backends import query_form
from graph.vocab.namespaces import BASE, PREFIXES, sparql_prefixes

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

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
    retry_after: int = 0  # seconds, for a 503 that a later try may not get (0: no Retry-After)


# The longest value (or TSV line, from a remote store) an answer may hold: Oxigraph's result
# readers stop at a 16 MiB buffer (a value past 8 MiB), and its TSV reader slows with the cube of a
# line's length (an 8 MiB cell took 6 s).
LONGEST_VALUE = 4 << 20


def _too_long() -> Refused:
    return Refused(
        503, f"the answer holds a value longer than {LONGEST_VALUE >> 20} MiB, the most a query worker reads"
    )


class Engine(Protocol):
    graphs: frozenset[str]

    def run(self, shape: QueryShape, job: Job) -> Result: ...


class _DumpReader(io.RawIOBase):
    """The inherited dump, read from its start by position: every worker holds the same open
    file, whose offset they share, so none may move it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = os.pread(self.fd, len(view), self.position)
        view[: len(data)] = data
        self.position += len(data)
        return len(data)


class LocalEngine:
    """The embedded store, loaded from the dump the server wrote for its snapshot."""

    def __init__(self, dump_fd: int) -> None:
        self.store = ox.Store()
        with io.BufferedReader(_DumpReader(dump_fd), buffer_size=1 << 20) as dump:
            self.store.bulk_load(dump, format=ox.RdfFormat.N_QUADS)
        os.close(dump_fd)  # loaded: the worker no longer keeps the dump alive
        release_free_memory()  # the parser's buffers (graph/runtime/heap.py)
        self.graphs = frozenset(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def run(self, shape: QueryShape, job: Job) -> Result:
        # Predeclared prefixes and relative IRIs resolved against the dataset's base (README,
        # "SPARQL endpoint"), both as parameters so that error positions are the query's own.
        options: dict[str, object] = {"prefixes": PREFIXES, "base_iri": BASE}
        if job.names_graphs:  # the protocol's graphs override the query's FROM (SPARQL 1.1 Protocol 2.1.4)
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        elif not shape.names_its_dataset:
            options["use_default_graph_as_union"] = True  # it would override FROM: only without one
        try:
            return self.store.query(shape.text, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise Refused(400, f"SPARQL syntax error: {error}") from None


class RemoteEngine:
    """A SPARQL 1.1 server whose default graph is the union of its named graphs."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        # The pool stops a query at `timeout` (graph/sparql/pool.py) and says why; the client waits
        # longer so that the pool is the one timekeeper and a slow store never reads as unreachable.
        self.client = httpx.Client(timeout=2 * timeout + 5)
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
                data=query_form(f"BASE <{BASE}>\n" + sparql_prefixes() + query, params),
                headers={"Accept": accept},
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
                    if len(line) > LONGEST_VALUE:
                        raise _too_long()
                    lines.append(line)
                return "\n".join(lines).encode() + b"\n"
        except httpx.HTTPError as error:
            raise Refused(502, f"the SPARQL store {self.url} is unreachable: {error}") from None

    def run(self, shape: QueryShape, job: Job) -> Result:
        query = shape.text
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
    """How a worker gets its engine, and the memory it may use besides.

    The engine: an N-Quads dump the worker inherits as an open file descriptor (a file with no
    name, graph/sparql/pool.py's `write_dump`, so no dump outlives the server however it ends),
    or the URL of a SPARQL server.
    """

    dump_fd: int = -1
    url: str = ""
    timeout: float = 30.0
    memory_bytes: int = 0  # beyond the loaded engine; 0: no limit

    def open(self) -> Engine:
        return RemoteEngine(self.url, self.timeout) if self.url else LocalEngine(self.dump_fd)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


_string = json.encoder.encode_basestring  # a str as a JSON string (in C), non-ASCII kept


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term as SPARQL 1.2 JSON results write it, as JSON text."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _string(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _string(term.value) + "}"
    if isinstance(term, ox.Triple):
        parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
        return '{"type":"triple","value":{' + ",".join(f'"{k}":{_json_term(v)}' for k, v in parts) + "}}"
    if len(term.value) > LONGEST_VALUE:
        raise _too_long()
    written = '{"type":"literal","value":' + _string(term.value)
    if term.language:
        written += ',"xml:lang":' + _string(term.language)
        if term.direction is not None:
            written += ',"its:dir":' + _string(str(term.direction))
    elif term.datatype.value != XSD_STRING:
        written += ',"datatype":' + _string(term.datatype.value)
    return written + "}"


def _capped_json(solutions: ox.QuerySolutions, limit: int) -> tuple[bytes, bool]:
    """The first `limit` solutions as SPARQL JSON results, and whether there were more.

    Written here as text, row by row, because Oxigraph's serializers cannot stop after `limit`
    rows: JSON, the usual format, is answered as written; another format reads it back into
    Oxigraph to serialize it (from JSON: Oxigraph reads that in linear time, TSV in a time that
    grows with the cube of the longest line; an 8 MiB cell took 6 s, a 16 MiB one 30 s).
    """
    names = [v.value for v in solutions.variables]
    keys = [_string(name) + ":" for name in names]
    rows = []
    truncated = False
    for count, solution in enumerate(solutions):
        if count == limit:
            truncated = True
            break
        rows.append(
            "{"
            + ",".join(key + _json_term(term) for key, term in zip(keys, solution, strict=True) if term is not None)
            + "}"
        )
    head = json.dumps(names, ensure_ascii=False, separators=(",", ":"))
    return ('{"head":{"vars":' + head + '},"results":{"bindings":[' + ",".join(rows) + "]}}").encode(), truncated


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
        body, truncated = _capped_json(result, job.max_rows)
        if result_format.format == ox.QueryResultsFormat.JSON:
            return Answer(200, result_format.media_type, body, truncated)
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
    return Answer(200, result_format.media_type, result.serialize(format=result_format.format) or b"", truncated)


def execute(engine: Engine, job: Job) -> Answer:
    """Inspect, run and serialize one query. Every failure becomes an error answer, never an
    exception: an exception escaping here used to end the worker (a custom function call raised
    RuntimeError; an answer cell over 16 MiB, MemoryError)."""
    try:
        shape = inspect(job.query)
        check_graphs("FROM", shape.from_graphs, engine.graphs)
        check_graphs("FROM NAMED", shape.from_named, engine.graphs)
        check_graphs("default-graph-uri", job.default_graphs, engine.graphs)
        check_graphs("named-graph-uri", job.named_graphs, engine.graphs)
        return _serialize(engine.run(shape, job), shape, job)
    except Refused as refusal:
        return error_answer(refusal.status, refusal.message)
    except MemoryError as error:
        return error_answer(
            503,
            f"the query needed more memory than a query worker may use (setting sparql_memory_bytes), or more "
            f"than the engine handles in one value ({error or 'MemoryError'}); it was abandoned",
        )
    except (OSError, ValueError, SyntaxError, RuntimeError) as error:  # what Oxigraph raises for a failing query
        return error_answer(400, f"the query failed: {error}")
    except Exception as error:  # a bug of ours: logged with its traceback, told to the client as one
        traceback.print_exc()
        return error_answer(500, f"internal error while answering the query ({type(error).__name__}); see the log")


def error_answer(status: int, message: str, *, retry_after: int = 0) -> Answer:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    return Answer(status, "application/json", body, retry_after=retry_after)


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
    """The worker's main loop: receive the engine's source, confine the process, open the
    engine, say ready (and how the worker is confined), then answer jobs until the connection
    closes."""
    try:
        source: EngineSource = conn.recv()
    except (EOFError, OSError):
        return
    confinement = [] if source.url else [isolate_network()]  # before any thread (graph/sparql/confine.py)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        engine = source.open()
    except Exception as error:  # a missing dump, an unreachable store: the pool says why
        conn.send(("failed", str(getattr(error, "message", error))))
        return
    confinement.append(limit_memory(source.memory_bytes, reserved=ENGINE_STACK_BYTES))
    confinement.append(lower_priority())
    conn.send(("ready", "; ".join(confinement)))
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
        answer = execute(engine, job)
        try:
            conn.send(answer)
        except MemoryError:  # pickling the answer took more memory than the worker may use
            conn.send(error_answer(503, f"the answer ({len(answer.body)} bytes) is too big for a query worker to send"))


if __name__ == "__main__":  # started by graph/sparql/pool.py with the file descriptor of its socket
    # Run the module under its own name, so that what it pickles unpickles in the server.
    from graph.sparql import worker

    worker.serve(Connection(int(sys.argv[1])))
