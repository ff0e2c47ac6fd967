"""/.well-known/void: VoID and DCAT, counted in the store, on the embedded and the remote store."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
import rdflib
from rdflib import RDF, URIRef

from graph.ingest.pipeline import Compiled
from graph.sparql.void import DATASET, description_for
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import Snapshot
from graph.vocab.namespaces import PREFIXES, SG, document_iri

if TYPE_CHECKING:
    from tests.stores import SparqlServer

pytest_plugins = ["tests.stores"]
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace(PREFIXES["dcterms"])
ME = URIRef(DATASET.value)


def description(server: SparqlServer, accept: str = "text/turtle", rdflib_format: str = "turtle") -> rdflib.Graph:
    response = httpx.get(server.url + "/.well-known/void", headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    return rdflib.Graph().parse(data=response.content, format=rdflib_format)


def number(graph: rdflib.Graph, subject: URIRef, predicate: URIRef) -> int:
    value = graph.value(subject, predicate)
    assert value is not None, (subject, predicate)
    return int(value)


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_content_negotiation_gives_the_same_description(
    sparql_server: SparqlServer, accept: str, rdflib_format: str
) -> None:
    graph = description(sparql_server, accept, rdflib_format)
    assert (ME, RDF.type, VOID.Dataset) in graph
    assert (ME, RDF.type, DCAT.Dataset) in graph
    assert len(graph) == len(description(sparql_server))


def test_an_unservable_accept_is_406(sparql_server: SparqlServer) -> None:
    response = httpx.get(sparql_server.url + "/.well-known/void", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["error"]


def test_triple_counts_match_the_store(sparql_server: SparqlServer, store: EmbeddedStore) -> None:
    graph = description(sparql_server)
    quads = set(store.quads())
    assert number(graph, ME, VOID.triples) == len({q.triple for q in quads})
    assert number(graph, ME, VOID.distinctSubjects) == len({q.subject for q in quads})
    named = list(graph.objects(ME, SD.namedGraph))
    assert len(named) == len({q.graph_name for q in quads})
    for node in named:
        name = graph.value(node, SD.name)
        assert number(graph, node, VOID.triples) == sum(1 for q in quads if q.graph_name.value == str(name))


def test_classes_and_properties_are_partitioned(sparql_server: SparqlServer, store: EmbeddedStore) -> None:
    graph = description(sparql_server)
    by_class = {
        graph.value(p, VOID["class"]): number(graph, p, VOID.entities) for p in graph.objects(ME, VOID.classPartition)
    }
    claims = {
        q.subject
        for q in store.quads()
        if q.predicate.value == PREFIXES["rdf"] + "type" and q.object.value == SG + "Claim"
    }
    assert by_class[URIRef(SG + "Claim")] == len(claims)
    properties = {graph.value(p, VOID.property) for p in graph.objects(ME, VOID.propertyPartition)}
    assert properties == {URIRef(q.predicate.value) for q in store.quads()}
    assert number(graph, ME, VOID.properties) == len(properties)


def test_vocabularies_licence_and_sources(sparql_server: SparqlServer, compiled: Compiled) -> None:
    graph = description(sparql_server)
    vocabularies = {str(v) for v in graph.objects(ME, VOID.vocabulary)}
    assert {SG, PREFIXES["prov"], PREFIXES["skos"], PREFIXES["rdf"], PREFIXES["dcterms"]} <= vocabularies
    assert graph.value(ME, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    sources = set(graph.objects(ME, DCTERMS.source))
    assert sources == {URIRef(document_iri(d)) for d in compiled.corpus.documents}
    for source in sources:
        assert graph.value(source, DCTERMS.title) is not None


def test_the_endpoint_and_the_dumps_it_names_answer(sparql_server: SparqlServer) -> None:
    graph = description(sparql_server)
    endpoint = graph.value(ME, VOID.sparqlEndpoint)
    assert str(endpoint) == sparql_server.endpoint
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph
    assert httpx.get(str(endpoint), params={"query": "ASK {}"}, timeout=60).status_code == 200  # may start the workers
    dumps = list(graph.objects(ME, VOID.dataDump))
    assert len(dumps) == 6
    for distribution in graph.objects(ME, DCAT.distribution):
        url = graph.value(distribution, DCAT.downloadURL)
        media = str(graph.value(distribution, DCAT.mediaType)).rsplit("/media-types/", 1)[1]
        with httpx.stream("GET", str(url), timeout=30) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].split(";")[0] == media


def test_a_distinct_host_neither_recounts_the_store_nor_keeps_a_description(store: EmbeddedStore) -> None:
    """Issue 15 (every cache bounded): the description was kept per base URL, which a client sets
    with its Host header: each distinct Host counted the store again and kept 0.23 MB more."""
    snapshot = Snapshot(store, store.version, "test")
    first = description_for(snapshot, "http://a.example/")
    calls = store.calls.count
    for number in range(30):
        other = description_for(snapshot, f"http://h{number}.example/")
        assert len(other) == len(first) and any(f"h{number}.example" in str(t) for t in other)
    assert store.calls.count == calls  # counted once, for the first
