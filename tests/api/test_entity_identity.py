"""Entities' outside identity through GraphQL: `wikidata` (the item id) and `sameAs` (IRIs), the
graph's own IRI staying `iri`; every linked entity answers what the store says."""

from __future__ import annotations

from typing import Any

from graph.store.backends import EmbeddedStore
from tests.graphql_http import ask, sparql_rows
from tests.live import LiveServer


def test_an_entity_gives_its_wikidata_id_and_same_as_iris(live_server: LiveServer) -> None:
    data = ask(
        live_server.url,
        """{ openai: entity(id: "openai") { iri wikidata sameAs }
        gavin: entity(id: "gavin-baker") { iri wikidata sameAs } }""",
    )
    assert data["openai"] == {
        "iri": "https://w3id.org/stargate-kg/id/openai",
        "wikidata": "Q21708200",
        "sameAs": ["http://www.wikidata.org/entity/Q21708200"],
    }
    assert data["gavin"] == {"iri": "https://w3id.org/stargate-kg/id/gavin-baker", "wikidata": None, "sameAs": []}


def test_every_linked_entity_answers_the_store(live_server: LiveServer, store: EmbeddedStore) -> None:
    expected = {
        r["id"]: r["item"]
        for r in sparql_rows(store, "SELECT ?id ?item WHERE { ?e owl:sameAs ?item ; dcterms:identifier ?id }")
    }
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = ask(
            live_server.url,
            """query($after: String) { entities(first: 100, after: $after) {
            nodes { id wikidata sameAs labels { value } } pageInfo { hasNextPage endCursor } } }""",
            {"after": after},
        )["entities"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    answered = {n["id"]: (n["wikidata"], n["sameAs"]) for n in nodes if n["sameAs"]}
    assert answered == {entity: (item.rsplit("/", 1)[1], [item]) for entity, item in expected.items()}
    assert all(n["labels"] for n in nodes), "labels still come with an identity row"
