"""build.py: claims become statement nodes with provenance, truthy triples, named graphs."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from graph.ingest.pipeline import Compiled, compile_seeds
from graph.store.backends import EmbeddedStore
from graph.vocab.namespaces import (
    CATALOGUE_GRAPH,
    DERIVED_GRAPH,
    ENTITIES_GRAPH,
    ONTOLOGY_GRAPH,
    document_iri,
)


def _rdflib_dataset(quads: list[ox.Quad]) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset


def test_rebuilding_gives_an_isomorphic_dataset(compiled: Compiled) -> None:
    again = compile_seeds(shacl=False)
    first, second = _rdflib_dataset(compiled.quads), _rdflib_dataset(again.quads)
    assert len(first) == len(second)
    for graph in first.graphs():
        assert isomorphic(graph, second.graph(graph.identifier)), graph.identifier


def test_each_document_has_its_own_named_graph(compiled: Compiled) -> None:
    names = {str(q.graph_name.value) for q in compiled.quads}
    expected = {document_iri(d) for d in compiled.corpus.documents} | {
        ENTITIES_GRAPH,
        CATALOGUE_GRAPH,
        DERIVED_GRAPH,
        ONTOLOGY_GRAPH,
    }
    assert names == expected


def test_every_claim_is_a_node_with_document_quote_and_positive_ones_a_truthy_triple(
    store: EmbeddedStore, compiled: Compiled
) -> None:
    rows = store.select("""
        SELECT ?claim ?g WHERE {
          GRAPH ?g { ?claim a sg:Claim ; prov:wasDerivedFrom ?g ; sg:evidence ?quote ;
                            rdf:subject ?s ; rdf:predicate ?p . }
        }""")
    assert len(rows) == len(compiled.corpus.claims)
    missing_truthy = store.select("""
        SELECT ?claim WHERE { ?claim rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                              FILTER NOT EXISTS { ?claim a sg:NegativeClaim }
                              FILTER NOT EXISTS { ?s ?p ?o } }""")
    assert missing_truthy == []


def test_claims_that_disagree_across_documents_are_linked_as_contradictions(
    store: EmbeddedStore, compiled: Compiled
) -> None:
    contradictions = compiled.contradictions
    assert contradictions, "the seed documents disagree in several places"
    for found in contradictions:
        if found.rule:  # a rule compares claims of different sources only; a curator may assert more
            assert len({(c.document, c.claimant) for c in found.claims}) >= 2
    rows = store.select(
        "SELECT ?c (COUNT(?claim) AS ?n) WHERE { ?c a sg:Contradiction ; sg:involvesClaim ?claim } GROUP BY ?c"
    )
    assert len(rows) == len(contradictions)
    assert all(int(r["n"].value) >= 2 for r in rows)


def test_disputes_link_back_from_the_disputed_claim(store: EmbeddedStore) -> None:
    rows = store.select("""
        SELECT ?dispute ?target WHERE { ?dispute rdf:predicate sg:disputes ; sg:targetClaim ?target .
                                        ?target sg:disputedBy ?dispute . }""")
    assert rows, "at least one dispute names the claim it contests"
