"""graph/http/negotiation.py and graph/sparql/formats.py: the Accept header picks the format."""

from __future__ import annotations

import pytest

from graph.http.negotiation import choose
from graph.sparql.formats import graph_format_for, result_format_for

OFFERS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, OFFERS[0]),
        ("", OFFERS[0]),
        ("*/*", OFFERS[0]),
        ("text/csv", "text/csv"),
        ("text/*", "text/csv"),
        ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.2", OFFERS[1]),
        ("text/csv;q=0, */*;q=0.1", OFFERS[0]),
        ("text/html,application/xhtml+xml,*/*;q=0.8", OFFERS[0]),
        ("image/png", None),
        ("text/csv;q=0", None),
        ("text/csv;q=oops", None),
    ],
)
def test_choose(accept: str | None, chosen: str | None) -> None:
    assert choose(accept, OFFERS) == chosen


@pytest.mark.parametrize(
    ("accept", "results", "graph"),
    [
        ("application/sparql-results+json", "json", None),
        ("application/json", "json", "jsonld"),
        ("application/sparql-results+xml", "xml", None),
        ("text/tab-separated-values", "tsv", None),
        ("text/turtle", None, "turtle"),
        ("application/rdf+xml", None, "rdfxml"),
        ("application/n-triples", None, "ntriples"),
        ("application/ld+json", None, "jsonld"),
        ("*/*", "json", "turtle"),
    ],
)
def test_result_and_graph_formats(accept: str, results: str | None, graph: str | None) -> None:
    assert result_format_for(accept) == results
    assert graph_format_for(accept) == graph
