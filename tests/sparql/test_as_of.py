"""The SPARQL way to the graph as known on a date: `as-of=YYYY-MM-DD` on /sparql runs the query on
the graph built from the documents published by then (contradictions and facts included), on
every publication date; the named query gives the claims known by a date on the full graph; bad
dates and a store the server did not build are refused with the reason."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import httpx
import pyoxigraph as ox

from graph.ingest.as_of import compile_view, known_on
from graph.ingest.pipeline import Compiled
from graph.sparql.page import QUERY_DIR
from graph.store.backends import EmbeddedStore
from tests.ingest.test_as_of import publication_days
from tests.sparql.test_endpoint import direct, solutions

if TYPE_CHECKING:
    from tests.stores import SparqlServer

pytest_plugins = ["tests.stores"]
JSON = ox.QueryResultsFormat.JSON
QUERIES = [
    "SELECT ?claim ?relation WHERE { ?claim a sg:Claim ; rdf:predicate ?relation }",
    "SELECT ?c ?kind ?why WHERE { ?c a sg:Contradiction ; sg:contradictionKind ?kind ; sg:explanation ?why }",
    "SELECT ?fact (COUNT(?document) AS ?n) WHERE { ?fact a sg:Fact ; sg:seenIn ?document } GROUP BY ?fact",
    "SELECT ?entity ?alias WHERE { ?entity skos:altLabel ?alias }",
]
PREFIXES = """PREFIX sg: <https://w3id.org/stargate-kg/ontology#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> """


def as_of(server: SparqlServer, query: str, day: str) -> httpx.Response:
    accept = {"Accept": "application/sparql-results+json"}
    return httpx.get(server.endpoint, params={"query": query, "as-of": day}, headers=accept, timeout=60)


def test_a_query_as_of_each_publication_date_answers_as_on_the_graph_of_that_date(
    sparql_server: SparqlServer, compiled: Compiled
) -> None:
    if sparql_server.kind != "embedded":
        response = as_of(sparql_server, PREFIXES + QUERIES[0], "2025-01-25")
        assert response.status_code == 501 and "remote store" in response.json()["error"]
        return
    for day in publication_days(compiled):
        view = EmbeddedStore(compile_view(compiled.sources, known_on(compiled.corpus, day)).quads)
        for query in QUERIES:
            response = as_of(sparql_server, PREFIXES + query, day.isoformat())
            assert response.status_code == 200, response.text
            assert solutions(response.content, JSON) == direct(view, PREFIXES + query), (day, query)


def test_a_bad_date_or_two_dates_are_refused(sparql_server: SparqlServer) -> None:
    for params in ({"as-of": "2025-02-30"}, {"as-of": "soon"}, {"as-of": ["2025-01-23", "2025-01-24"]}):
        response = httpx.get(sparql_server.endpoint, params={"query": "ASK {}", **params}, timeout=30)
        assert response.status_code == 400 and "as-of" in response.json()["error"]


def test_the_named_query_lists_the_claims_of_the_documents_published_by_its_date(
    sparql_server: SparqlServer, compiled: Compiled
) -> None:
    text = (QUERY_DIR / "known-on-date.rq").read_text(encoding="utf-8")
    day = dt.date.fromisoformat(re.findall(r'"(\d{4}-\d\d-\d\d)"\^\^xsd:date', text)[0])
    response = httpx.get(
        sparql_server.endpoint,
        params={"query": "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" + text},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    parsed = ox.parse_query_results(response.content, format=JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    claims = {str(row["claim"].value) for row in parsed}
    known = known_on(compiled.corpus, day)
    dated = {id_ for id_ in known if compiled.corpus.documents[id_].published.precision == "day"}  # type: ignore[union-attr]
    expected = {claim.key for claim in compiled.corpus.claims if claim.document in dated}
    assert len(claims) == len(expected) > 0
