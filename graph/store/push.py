"""`stargate-kg push`: load the dataset into a SPARQL server, named graphs included.

Two standard ways, so any server will do (Oxigraph, Fuseki, Virtuoso, GraphDB, Neptune):
- `gsp`: the SPARQL 1.1 Graph Store HTTP Protocol, one `PUT ?graph=<g>` of N-Triples per named
  graph (section 5.3: PUT replaces the graph, so pushing twice gives the same dataset);
- `update`: SPARQL 1.1 Update, `DROP SILENT GRAPH <g>` then `INSERT DATA` in batches.

Either way each graph is sent separately, so the dataset must hold no blank nodes: a blank node
in two requests would become two nodes. The build mints IRIs for every node (claims,
contradictions) for exactly this reason; push checks it rather than trusting it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx
import pyoxigraph as ox

UPDATE_BATCH = 5_000  # triples per INSERT DATA: small enough for any server's request limit


class PushError(Exception):
    """The dataset cannot be pushed, or the server refused it."""


@dataclass(frozen=True)
class PushReport:
    graphs: int
    quads: int
    requests: int


GraphName = ox.NamedNode | ox.DefaultGraph


def _by_graph(quads: Iterable[ox.Quad]) -> dict[GraphName, list[ox.Triple]]:
    """Each graph's distinct triples, in first-seen order."""
    graphs: dict[GraphName, dict[ox.Triple, None]] = defaultdict(dict)
    for quad in quads:
        if any(isinstance(term, ox.BlankNode) for term in (quad.subject, quad.object, quad.graph_name)):
            raise PushError(f"blank node in {quad}: graphs are pushed one by one, so every node needs an IRI")
        graphs[quad.graph_name][quad.triple] = None  # type: ignore[index]
    return {graph: list(triples) for graph, triples in graphs.items()}


def _check(response: httpx.Response, what: str) -> None:
    if not response.is_success:
        raise PushError(f"{what}: the server answered {response.status_code}: {response.text[:500]}")


def _put_graphs(client: httpx.Client, url: str, graphs: dict[GraphName, list[ox.Triple]]) -> int:
    for graph, triples in graphs.items():
        params = {"default": ""} if isinstance(graph, ox.DefaultGraph) else {"graph": graph.value}
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        response = client.put(
            url, params=params, content=body, headers={"Content-Type": "application/n-triples; charset=utf-8"}
        )
        _check(response, f"PUT graph {graph}")
    return len(graphs)


def _graph_clause(graph: GraphName, body: str) -> str:
    return body if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}"


def _update_graphs(client: httpx.Client, url: str, graphs: dict[GraphName, list[ox.Triple]]) -> int:
    requests = 0

    def send(update: str, what: str) -> None:
        nonlocal requests
        response = client.post(
            url, content=update.encode(), headers={"Content-Type": "application/sparql-update; charset=utf-8"}
        )
        _check(response, what)
        requests += 1

    for graph, triples in graphs.items():
        send(
            "CLEAR SILENT DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"DROP SILENT GRAPH {graph}",
            f"clearing {graph}",
        )
        for start in range(0, len(triples), UPDATE_BATCH):
            body = "\n".join(f"{t} ." for t in triples[start : start + UPDATE_BATCH])
            send(f"INSERT DATA {{\n{_graph_clause(graph, body)}\n}}", f"inserting into {graph}")
    return requests


PROTOCOLS: dict[str, tuple[str, Callable[[httpx.Client, str, dict[GraphName, list[ox.Triple]]], int]]] = {
    "gsp": (
        "SPARQL 1.1 Graph Store Protocol: PUT each named graph (URL: the graph store, e.g. .../store)",
        _put_graphs,
    ),
    "update": (
        "SPARQL 1.1 Update: DROP and INSERT DATA per graph (URL: the update endpoint, e.g. .../update)",
        _update_graphs,
    ),
}


def push(quads: Iterable[ox.Quad], endpoint: str, *, protocol: str = "gsp", timeout: float = 60.0) -> PushReport:
    """Replace each of the dataset's graphs on the server with the dataset's content."""
    graphs = _by_graph(quads)
    if protocol not in PROTOCOLS:
        raise PushError(f"unknown protocol {protocol!r}; choose one of: {', '.join(PROTOCOLS)}")
    with httpx.Client(timeout=timeout) as client:
        try:
            requests = PROTOCOLS[protocol][1](client, endpoint, graphs)
        except httpx.HTTPError as error:
            raise PushError(f"cannot reach {endpoint}: {error}") from error
    return PushReport(graphs=len(graphs), quads=sum(len(t) for t in graphs.values()), requests=requests)
