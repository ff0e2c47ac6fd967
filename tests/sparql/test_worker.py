"""graph/sparql/worker.py: the capped rows it writes are the rows Oxigraph would have written."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.sparql.worker import _capped_json

EX = "http://example.org/"
QUERY = "SELECT ?s ?p ?o ?missing WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
OBJECTS = [
    ox.NamedNode(EX + "o?x=1&y=\u00e9"),
    ox.BlankNode("b1"),
    ox.Literal('quote " backslash \\ newline \n tab \t control \x01 line separator \u2028 软银'),
    ox.Literal("Stargate", language="en"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal(""),
    ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.Literal("c", language="zh-hans")),
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for i, term in enumerate(OBJECTS):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), term))
    return store


def rows(solutions: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> list[list[object]]:
    assert isinstance(solutions, ox.QuerySolutions)
    return [[solution[v] for v in solutions.variables] for solution in solutions]


def test_every_kind_of_term_is_written_as_oxigraph_reads_it(store: ox.Store) -> None:
    body, truncated = _capped_json(store.query(QUERY), 100)  # type: ignore[arg-type]
    assert not truncated
    assert rows(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)) == rows(store.query(QUERY))


def test_rows_past_the_cap_are_left_out_and_said(store: ox.Store) -> None:
    body, truncated = _capped_json(store.query(QUERY), 3)  # type: ignore[arg-type]
    assert truncated
    assert rows(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)) == rows(store.query(QUERY))[:3]
