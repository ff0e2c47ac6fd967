"""/sparql: the SPARQL 1.1 Protocol endpoint (https://www.w3.org/TR/sparql11-protocol/).

- Query by GET `?query=`, POST form-encoded, or POST `application/sparql-query`, with
  `default-graph-uri` / `named-graph-uri` (section 2.1).
- SELECT and ASK answer in JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle,
  N-Triples, JSON-LD or RDF/XML; the Accept header chooses (graph/sparql/formats.py).
- The default graph is the union of the named graphs (one per source document, plus the
  entity, catalogue and derived graphs): a query needs no GRAPH clause to see everything.
- Read-only and self-contained: updates, SERVICE, and graphs from outside the dataset are
  refused (graph/sparql/guard.py). Each query runs in a worker process under
  `sparql_timeout` and `sparql_memory_bytes`, and at most `sparql_max_rows` rows (or triples)
  come back; a cut answer carries the header `SPARQL-Results-Truncated`. Requests wait for a
  worker in a bounded queue (`sparql_queue`) that holds no thread; past it, 503 and Retry-After.
- `as-of=YYYY-MM-DD` (a parameter of this endpoint, not of the protocol): the query runs on the
  graph as known on that date, built from the documents published by then with its own
  contradictions and facts (graph/ingest/as_of.py), in a pool of one worker per date; the last
  `VIEW_POOLS` dates asked keep theirs.
- GET without a query: the query page (YASGUI) for a browser, else the service description.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import threading
from collections import OrderedDict
from urllib.parse import parse_qsl

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from graph.http.negotiation import choose
from graph.http.settings import Settings
from graph.sparql.formats import GRAPH_FORMATS, graph_format_for, media_types, result_format_for
from graph.sparql.guard import READ_ONLY
from graph.sparql.page import page_response, static_routes
from graph.sparql.pool import QueryPool, write_dump
from graph.sparql.void import description_for, serialize
from graph.sparql.worker import Answer, EngineSource, Job, error_answer
from graph.store.backends import RemoteStore
from graph.store.snapshot import GraphHolder, NoSources, Snapshot

TRUNCATED_HEADER = "SPARQL-Results-Truncated"
AS_OF = "as-of"
VIEW_POOLS = 2  # as-of graphs whose worker is kept


class QueryService:
    """The worker pool for the snapshot being served (a reload gets a new pool, the old retires),
    and the queue in front of it.

    A request waits for a place on the event loop, holding no thread: 45 slow queries waiting
    on threads of the pool GraphQL and static files share once held all of it. At most
    `sparql_workers` requests run at once, each on a thread of the service's own; at most
    `sparql_queue` wait, each at most `sparql_timeout`; others get 503 with Retry-After.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._version = ""
        self._pool: QueryPool | None = None
        self._views: OrderedDict[str, QueryPool] = OrderedDict()  # as-of graphs' pools, by version, newest last
        self._places = asyncio.Semaphore(max(1, settings.sparql_workers))
        self._threads = anyio.CapacityLimiter(max(1, settings.sparql_workers))
        self._waiting = 0

    async def answer(self, snapshot: Snapshot, job: Job) -> Answer:
        retry_after = math.ceil(self.settings.sparql_timeout)  # by then every running query has ended
        if self._places.locked() and self._waiting >= self.settings.sparql_queue:
            full = f"all query workers are busy and {self._waiting} queries wait already (setting sparql_queue)"
            return error_answer(503, full + "; try again later", retry_after=retry_after)
        self._waiting += 1
        try:
            async with asyncio.timeout(self.settings.sparql_timeout):
                await self._places.acquire()
        except TimeoutError:
            waited = f"no query worker became free within {self.settings.sparql_timeout:g} s; try again later"
            return error_answer(503, waited, retry_after=retry_after)
        finally:
            self._waiting -= 1
        try:
            return await anyio.to_thread.run_sync(self._run, snapshot, job, limiter=self._threads)
        finally:
            self._places.release()

    def start(self, snapshot: Snapshot) -> bool:
        """Start the snapshot's workers now and wait for them (blocking): the server says it is
        ready only once a query can run (at 200x the first query had waited 31 s for its worker).
        False when no worker could start (the pool's `failure` says why; queries will say it too)."""
        return self.pool_for(snapshot).wait_started()

    def _run(self, snapshot: Snapshot, job: Job) -> Answer:
        return self.pool_for(snapshot).run(job)

    def pool_for(self, snapshot: Snapshot) -> QueryPool:
        """The pool for this snapshot, started (dump written, workers launched) on first use. A
        new graph retires the old one's pool and those of its as-of views."""
        if snapshot.view_of is not None:
            return self._view_pool(snapshot)
        with self._lock:
            if self._pool is not None and self._version == snapshot.version:
                return self._pool
            retired = [pool for pool in (self._pool, *self._views.values()) if pool is not None]
            self._views.clear()
            self._pool = self._new_pool(snapshot, self.settings.sparql_workers)
            self._version = snapshot.version
        for pool in retired:
            pool.retire()
        return self._pool

    def _view_pool(self, snapshot: Snapshot) -> QueryPool:
        """One worker for an as-of graph; the least recently asked beyond VIEW_POOLS retire."""
        with self._lock:
            pool = self._views.get(snapshot.version)
            if pool is not None:
                self._views.move_to_end(snapshot.version)
                return pool
            pool = self._views[snapshot.version] = self._new_pool(snapshot, 1)
            retired = [self._views.popitem(last=False)[1] for _ in range(len(self._views) - VIEW_POOLS)]
        for old in retired:
            old.retire()
        return pool

    def _new_pool(self, snapshot: Snapshot, size: int) -> QueryPool:
        settings = self.settings
        timeout, memory = settings.sparql_timeout, settings.sparql_memory_bytes
        if isinstance(snapshot.store, RemoteStore):
            source = EngineSource(url=snapshot.store.query_url, timeout=timeout, memory_bytes=memory)
            return QueryPool(source, size=size, timeout=timeout)
        dump = write_dump(snapshot.store.quads())
        source = EngineSource(dump_fd=dump.fileno(), timeout=timeout, memory_bytes=memory)
        return QueryPool(source, size=size, timeout=timeout, dump=dump)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _answer(answer: Answer, max_rows: int) -> Response:
    headers = {"Vary": "Accept"}
    if answer.retry_after:
        headers["Retry-After"] = str(answer.retry_after)
    if answer.truncated:
        headers[TRUNCATED_HEADER] = f"more than {max_rows} results; the first {max_rows} are given"
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)


async def _read_request(request: Request) -> tuple[str | None, list[tuple[str, str]]] | Response:
    """The query text and the protocol parameters, from whichever of the three forms was used."""
    params = list(request.query_params.multi_items())
    if request.method not in ("GET", "HEAD"):  # starlette routes HEAD with GET
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            return _error(400, "the request body is not UTF-8")
        if content_type == "application/x-www-form-urlencoded":
            params = parse_qsl(body, keep_blank_values=True)
        elif content_type == "application/sparql-query":
            params = [p for p in params if p[0] != "query"] + [("query", body)]
        elif content_type == "application/sparql-update":
            return _error(403, READ_ONLY)
        else:
            return _error(
                415,
                "POST a query as application/sparql-query or as the 'query' field of application/x-www-form-urlencoded",
            )
    if any(name == "update" for name, _ in params):
        return _error(403, READ_ONLY)
    queries = [value for name, value in params if name == "query"]
    if len(queries) > 1:
        return _error(400, "give exactly one 'query' parameter")
    return (queries[0] if queries else None), params


def service_of(app: Starlette) -> QueryService:
    """The app's query service, made on first use (handlers run on the event loop, and the
    server's start before it: no race)."""
    state = app.state
    if getattr(state, "sparql", None) is None:
        state.sparql = QueryService(state.settings)
    service: QueryService = state.sparql
    return service


def _service(request: Request) -> QueryService:
    return service_of(request.app)


async def sparql(request: Request) -> Response:
    read = await _read_request(request)
    if isinstance(read, Response):
        return read
    query, params = read
    if query is None:
        return await _no_query(request)
    if not query.strip():
        return _error(400, "the query is empty")
    settings: Settings = request.app.state.settings
    job = Job(
        query=query,
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
        result_format=result_format_for(request.headers.get("accept")),
        graph_format=graph_format_for(request.headers.get("accept")),
        max_rows=settings.sparql_max_rows,
    )
    holder: GraphHolder = request.app.state.graph
    snapshot = await _graph_as_of(holder.current, [value for name, value in params if name == AS_OF])
    if isinstance(snapshot, Response):
        return snapshot
    answer = await _service(request).answer(snapshot, job)
    return _answer(answer, settings.sparql_max_rows)


async def _graph_as_of(snapshot: Snapshot, days: list[str]) -> Snapshot | Response:
    """The graph to query: the served one, or as known on the `as-of` date (built on first use)."""
    if not days:
        return snapshot
    if len(days) > 1:
        return _error(400, f"give at most one '{AS_OF}' parameter")
    try:
        day = dt.date.fromisoformat(days[0])
    except ValueError:
        return _error(400, f"'{AS_OF}' must be a date as YYYY-MM-DD, got {days[0][:40]!r}")
    try:
        return await anyio.to_thread.run_sync(snapshot.as_of, day)
    except NoSources as error:
        return _error(501, str(error))


async def _no_query(request: Request) -> Response:
    """A browser gets the query page; an RDF client gets the service description."""
    offers = ["text/html", *media_types(GRAPH_FORMATS)]
    chosen = choose(request.headers.get("accept"), offers)
    if chosen == "text/html":
        settings: Settings = request.app.state.settings
        return page_response(settings.sparql_max_rows, settings.sparql_timeout)
    format_name = graph_format_for(request.headers.get("accept")) if chosen else None
    if format_name is None:
        return _error(400, "give a SPARQL query in the 'query' parameter")
    holder: GraphHolder = request.app.state.graph
    triples = await anyio.to_thread.run_sync(description_for, holder.current, str(request.base_url))
    return Response(
        serialize(triples, format_name), media_type=GRAPH_FORMATS[format_name].media_type, headers={"Vary": "Accept"}
    )


def routes() -> list[BaseRoute]:
    return [Route("/sparql", sparql, methods=["GET", "POST"]), *static_routes()]
