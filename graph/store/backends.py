"""The built dataset behind one small read interface.

Two implementations answer the same SPARQL with the same rows:
- `EmbeddedStore`: an in-memory Oxigraph store, bulk-loaded from the build (the default; see
  the benchmark in the README for why Oxigraph rather than rdflib's memory store);
- `RemoteStore`: any SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, QLever...) over HTTP.

Both query the default graph as the union of the named graphs. Every query goes through
`select` / `ask` / `construct`, which count calls so tests can check batching.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import httpx
import pyoxigraph as ox

from graph.vocab import namespaces as ns
from graph.vocab.namespaces import sparql_prefixes

if TYPE_CHECKING:  # the query workers import this module: not the build's libraries with it
    from graph.ingest.pipeline import Compiled

Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]
PREFIXES = sparql_prefixes()


class StoreError(Exception):
    """The store could not answer (bad query, unreachable server)."""


@dataclass
class CallCounter:
    """Counts store round trips; thread-safe because requests may run in a thread pool."""

    count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def hit(self) -> None:
        with self._lock:
            self.count += 1


class Store(Protocol):
    calls: CallCounter

    @property
    def version(self) -> str: ...
    def select(self, query: str) -> list[Row]: ...
    def ask(self, query: str) -> bool: ...
    def quads(self) -> Iterator[ox.Quad]: ...
    def __len__(self) -> int: ...


def _rows(solutions: ox.QuerySolutions) -> list[Row]:
    names = [v.value for v in solutions.variables]
    return [
        {name: term for name, term in zip(names, solution, strict=True) if term is not None} for solution in solutions
    ]


def _content_hash(store: ox.Store) -> str:
    """A hash of the dataset that ignores the order the quads came in: graph by graph, in name
    order, the graph's N-Triples lines sorted as bytes. One graph at a time keeps the memory
    small (a whole-dataset dump took 2 GB more at the peak of a 1,000x build); 0.9 s at a
    million quads, against 2.5 s to sort every quad as a Python string. Blank nodes would need
    canonical labels; the build mints IRIs for everything."""
    digest = hashlib.sha256()
    for graph in [*sorted(store.named_graphs(), key=str), ox.DefaultGraph()]:
        lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines()  # type: ignore[union-attr]
        lines.sort()
        digest.update(str(graph).encode())
        for line in lines:
            digest.update(line)
    return digest.hexdigest()[:16]


class EmbeddedStore:
    """An in-memory Oxigraph store holding one built dataset: loaded from `quads`, or `loaded`,
    a store already holding exactly them (the build's, graph/ingest/pipeline.py `Compiled.store`)."""

    def __init__(self, quads: Iterable[ox.Quad], *, loaded: ox.Store | None = None) -> None:
        if loaded is None:
            loaded = ox.Store()
            loaded.bulk_extend(quads)
        self.store = loaded
        self.calls = CallCounter()
        self._version = _content_hash(self.store)

    @classmethod
    def of(cls, compiled: Compiled) -> EmbeddedStore:
        """The build's dataset, in the store its SHACL check loaded where there was one."""
        return cls(compiled.quads, loaded=compiled.store)

    @property
    def version(self) -> str:
        """A content hash: equal datasets have equal versions (used as a cache key)."""
        return self._version

    def raw_query(self, query: str, **options: object) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        self.calls.hit()
        options.setdefault("use_default_graph_as_union", True)
        try:
            # Prefixes as a parameter, not as text before the query: error positions stay the
            # query's own. Relative IRIs resolve against the dataset's base IRI.
            return self.store.query(query, prefixes=ns.PREFIXES, base_iri=ns.BASE, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise StoreError(f"bad SPARQL: {error}") from error

    def select(self, query: str) -> list[Row]:
        result = self.raw_query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("not a SELECT query")
        return _rows(result)

    def ask(self, query: str) -> bool:
        return bool(self.raw_query(query))

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.store)

    def __len__(self) -> int:
        return len(self.store)


def query_form(query: str, params: Iterable[tuple[str, str]] = ()) -> dict[str, str | list[str]]:
    """A query and its dataset as the body of a form-encoded POST (SPARQL 1.1 Protocol 2.1.2): of
    the protocol's three ways, the one every server takes. Virtuoso 7 never answers a POST of
    `application/sparql-query`, and a GET's URL has a length limit."""
    form: dict[str, str | list[str]] = {"query": query}
    for name, value in params:
        values = form.setdefault(name, [])
        assert isinstance(values, list)
        values.append(value)
    return form


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint. The server must treat its default graph as the union of
    its named graphs (Oxigraph: `--union-default-graph`; Fuseki: `tdb:unionDefaultGraph`;
    Virtuoso does by default). The dataset is the graphs named under the project's base IRI:
    what else the server holds is neither counted nor exported."""

    def __init__(self, query_url: str, *, timeout: float = 30.0) -> None:
        self.query_url = query_url
        self.client = httpx.Client(timeout=timeout)
        self.calls = CallCounter()

    def _post(self, query: str, accept: str) -> httpx.Response:
        self.calls.hit()
        try:
            response = self.client.post(self.query_url, data=query_form(PREFIXES + query), headers={"Accept": accept})
        except httpx.HTTPError as error:
            raise StoreError(f"SPARQL server {self.query_url} unreachable: {error}") from error
        if response.status_code != 200:
            raise StoreError(f"SPARQL server answered {response.status_code}: {response.text[:300]}")
        return response

    def graph_sizes(self) -> dict[str, int]:
        """The dataset's graphs (named under the project's base IRI; a server may hold others, as
        Virtuoso its system graphs) and their sizes. Counted per graph and filtered after: a filter
        on each quad's graph took 21.5 s at 5 million quads, this 4.4 s."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        sizes = {str(row["g"].value): int(row["n"].value) for row in rows}
        return {graph: size for graph, size in sorted(sizes.items()) if graph.startswith(ns.BASE)}

    @property
    def version(self) -> str:
        """A fingerprint of the remote dataset (its size per graph), as a cache key."""
        return hashlib.sha256(repr(list(self.graph_sizes().items())).encode()).hexdigest()[:16]

    def raw_results(self, query: str) -> ox.QuerySolutions | ox.QueryBoolean:
        response = self._post(query, "application/sparql-results+json")
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def select(self, query: str) -> list[Row]:
        result = self.raw_results(query)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("not a SELECT query")
        return _rows(result)

    def ask(self, query: str) -> bool:
        return bool(self.raw_results(query))

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the dataset, graph by graph (plain SPARQL, so any server can answer)."""
        for graph in self.graph_sizes():
            name = ox.NamedNode(graph)
            for row in self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"):
                yield ox.Quad(row["s"], row["p"], row["o"], name)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return sum(self.graph_sizes().values())
