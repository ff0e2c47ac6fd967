"""Claims with their provenance (document, quote, claimant, date, status), the claims answering
them, the contradictions they take part in, and the claims each document makes. The seeds are
curated and change, so each test takes its claims from the store by what they have and compares
the API with SPARQL; tests/api/test_claim_model.py pins exact answers on a corpus of its own."""

from __future__ import annotations

from typing import Any

from graph.store.backends import EmbeddedStore
from tests.graphql_http import ask, sparql_rows
from tests.live import LiveServer

CLAIM_IRI = "https://w3id.org/stargate-kg/claim/"
ENTITY = "https://w3id.org/stargate-kg/id/"
DOC = "https://w3id.org/stargate-kg/doc/"
CLAIM = """query Claim($id: ID!) { claim(id: $id) { id iri relation relationLabel valueKind amount currency
    bound status date asOf share role reason quote subject { id } object { id } claimant { id }
    document { id outlet published language script }
    target { id } responses { id relation subject { id } } contradictions { id claims { id } } } }"""


def claim(server: LiveServer, iri: str) -> dict[str, Any]:
    found: dict[str, Any] = ask(server.url, CLAIM, {"id": iri.removeprefix(CLAIM_IRI)})["claim"]
    return found


def first(store: EmbeddedStore, query: str) -> dict[str, str]:
    """The first row of a SELECT that the seeds must answer."""
    rows = sparql_rows(store, query + " LIMIT 1")
    assert rows, query
    return rows[0]


def test_a_claim_carries_value_qualifiers_and_provenance(live_server: LiveServer, store: EmbeddedStore) -> None:
    row = first(
        store,
        """SELECT ?c ?who ?what ?claimant ?quote ?doc ?outlet ?language ?script ?label WHERE {
            ?c a sg:Claim ; rdf:subject ?who ; rdf:predicate ?p ; rdf:object ?what ; sg:claimant ?claimant ;
               sg:evidence ?quote ; prov:wasDerivedFrom ?doc FILTER(isIRI(?what))
            ?p rdfs:label ?label FILTER(lang(?label) = "en")
            ?doc sg:outlet ?outlet ; dcterms:language ?language ; sg:script ?script } ORDER BY ?c""",
    )
    found = claim(live_server, row["c"])
    assert found["iri"] == row["c"] and found["id"] == row["c"].removeprefix(CLAIM_IRI)
    assert (found["subject"]["id"], found["object"]["id"], found["claimant"]["id"]) == tuple(
        row[k].removeprefix(ENTITY) for k in ("who", "what", "claimant")
    )
    assert (found["quote"], found["relationLabel"]) == (row["quote"], row["label"])
    document = found["document"]
    assert (document["id"], document["outlet"], document["language"], document["script"]) == (
        row["doc"].removeprefix(DOC),
        row["outlet"],
        row["language"],
        row["script"],
    )


def test_a_disputed_claim_lists_its_disputes_and_contradictions(live_server: LiveServer, store: EmbeddedStore) -> None:
    row = first(
        store,
        """SELECT ?c WHERE { ?d sg:targetClaim ?c ; rdf:predicate sg:disputes .
            ?x a sg:Contradiction ; sg:involvesClaim ?c } ORDER BY ?c""",
    )
    found = claim(live_server, row["c"])
    disputes = sparql_rows(
        store,
        f"SELECT ?d ?who WHERE {{ ?d sg:targetClaim <{row['c']}> ; rdf:predicate sg:disputes ; rdf:subject ?who }}",
    )
    answered = [r for r in found["responses"] if r["relation"] == "disputes"]
    assert {(r["id"], r["subject"]["id"]) for r in answered} == {
        (d["d"].removeprefix(CLAIM_IRI), d["who"].removeprefix(ENTITY)) for d in disputes
    }
    assert found["contradictions"] and all(
        found["id"] in {c["id"] for c in x["claims"]} for x in found["contradictions"]
    )
    dispute = claim(live_server, disputes[0]["d"])
    assert dispute["target"]["id"] == found["id"]


def test_dated_claims_have_a_date(live_server: LiveServer, store: EmbeddedStore) -> None:
    row = first(store, "SELECT ?c ?date WHERE { ?c a sg:Claim ; sg:dateValue ?date } ORDER BY ?c")
    found = claim(live_server, row["c"])
    assert found["valueKind"] == "date" and found["date"] == row["date"]


def test_claims_of_a_document_and_filtered_lists(live_server: LiveServer, store: EmbeddedStore) -> None:
    [[document, per_document]] = [
        (r["doc"].removeprefix(DOC), int(r["n"]))
        for r in sparql_rows(
            store,
            "SELECT ?doc (COUNT(?c) AS ?n) WHERE { ?c a sg:Claim ; prov:wasDerivedFrom ?doc } "
            "GROUP BY ?doc ORDER BY DESC(?n) LIMIT 1",
        )
    ]
    wanted = sparql_rows(
        store,
        f"SELECT ?c WHERE {{ ?c a sg:Claim ; prov:wasDerivedFrom doc:{document} ; "
        "rdf:predicate ?p VALUES ?p { sg:funds sg:hosts } }",
    )
    data = ask(
        live_server.url,
        """query ($d: ID!) { document(id: $d) { title claims(first: 1) { totalCount } }
        claims(relation: [funds, hosts], document: $d, first: 100) {
            totalCount nodes { relation document { id } } } }""",
        {"d": document},
    )
    assert data["document"]["claims"]["totalCount"] == per_document
    nodes = data["claims"]["nodes"]
    assert len(nodes) == data["claims"]["totalCount"] == len(wanted)
    assert {n["relation"] for n in nodes} <= {"funds", "hosts"}
    assert {n["document"]["id"] for n in nodes} <= {document}
    assert ask(live_server.url, '{ claim(id: "nope/nothing") { id } }') == {"claim": None}
