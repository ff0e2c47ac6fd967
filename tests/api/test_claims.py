"""Claims with their provenance (document, quote, claimant, date, status), the claims answering
them, the contradictions they take part in, and the claims each document makes."""

from __future__ import annotations

from graph.store.backends import EmbeddedStore
from tests.graphql_http import ask, sparql_rows
from tests.live import LiveServer

CLAIM = """query Claim($id: ID!) { claim(id: $id) { id iri relation relationLabel valueKind amount currency
    bound status date asOf share role reason quote subject { id } object { id } claimant { id }
    document { id outlet published language script }
    target { id } responses { id relation subject { id } } contradictions { id claims { id } } } }"""


def test_a_claim_carries_value_qualifiers_and_provenance(live_server: LiveServer) -> None:
    claim = ask(live_server.url, CLAIM, {"id": "001_3ec12039e4d722a3/son-chairs-stargate"})["claim"]
    assert (claim["relation"], claim["relationLabel"], claim["role"]) == ("chairs", "chairs", "chairman")
    assert (claim["subject"]["id"], claim["object"]["id"], claim["claimant"]["id"]) == (
        "masayoshi-son",
        "stargate",
        "openai",
    )
    document = claim["document"]
    assert (document["id"], document["outlet"], document["language"], document["script"]) == (
        "001_3ec12039e4d722a3",
        "36kr",
        "zh-Hans",
        "Hans",
    )
    assert "孙正义" in claim["quote"]
    assert claim["iri"] == "https://w3id.org/stargate-kg/claim/001_3ec12039e4d722a3/son-chairs-stargate"


def test_a_disputed_claim_lists_its_disputes_and_contradictions(live_server: LiveServer) -> None:
    claim = ask(live_server.url, CLAIM, {"id": "004_5cf1b9cad3f7a47d/softbank-funds-stargate"})["claim"]
    assert (claim["amount"], claim["currency"], claim["share"], claim["status"]) == (
        "19000000000",
        "USD",
        "40",
        "committed",
    )
    disputes = [r for r in claim["responses"] if r["relation"] == "disputes"]
    assert {d["subject"]["id"] for d in disputes} == {"elon-musk"}
    [contradiction] = claim["contradictions"]
    assert claim["id"] in {c["id"] for c in contradiction["claims"]}
    dispute = ask(live_server.url, CLAIM, {"id": disputes[0]["id"]})["claim"]
    assert dispute["target"]["id"] == claim["id"] and dispute["reason"]


def test_dated_claims_have_a_date(live_server: LiveServer) -> None:
    claim = ask(live_server.url, CLAIM, {"id": "001_3ec12039e4d722a3/stargate-announced-on"})["claim"]
    assert claim["valueKind"] == "date" and claim["date"] == "2025-01-21"


def test_claims_of_a_document_and_filtered_lists(live_server: LiveServer, store: EmbeddedStore) -> None:
    data = ask(
        live_server.url,
        """{ document(id: "003_9ef5605df60f9e2a") { title claims(first: 1) { totalCount } }
        claims(relation: [hosts, hasGpuCount], document: "003_9ef5605df60f9e2a", first: 100) {
            totalCount nodes { relation document { id } } } }""",
    )
    [[per_document]] = [
        [
            int(r["n"])
            for r in sparql_rows(
                store, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a sg:Claim ; prov:wasDerivedFrom doc:003_9ef5605df60f9e2a }"
            )
        ]
    ]
    assert data["document"]["claims"]["totalCount"] == per_document
    nodes = data["claims"]["nodes"]
    assert len(nodes) == data["claims"]["totalCount"] > 3
    assert {n["relation"] for n in nodes} == {"hosts", "hasGpuCount"}
    assert {n["document"]["id"] for n in nodes} == {"003_9ef5605df60f9e2a"}
    assert ask(live_server.url, '{ claim(id: "nope/nothing") { id } }') == {"claim": None}
