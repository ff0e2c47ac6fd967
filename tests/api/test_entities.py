"""Entities through GraphQL on a real server: lookup, typed access by ontology class, links in
either direction filtered by relation, and Relay pagination with a capped page size."""

from __future__ import annotations

from graph.api.entities import Organization, Person, entity_types, type_for
from graph.api.ontology import VOCABULARY
from graph.api.sites import ChipModel, Site
from graph.http.settings import Settings
from graph.store.backends import EmbeddedStore
from tests.graphql_http import ask, errors_of, sparql_rows
from tests.live import LiveServer

ENTITY = "https://w3id.org/stargate-kg/id/"


def test_lookup_by_id_gives_labels_in_every_script_and_the_exact_class(live_server: LiveServer) -> None:
    data = ask(
        live_server.url,
        """{ entity(id: "softbank") { __typename id iri type label
        hans: label(language: "zh-Hans") hant: label(language: "zh-Hant") labels { value language } aliases } }""",
    )
    softbank = data["entity"]
    assert (softbank["__typename"], softbank["type"]) == ("Organization", "Company")
    assert (softbank["label"], softbank["hans"], softbank["hant"]) == ("SoftBank Group", "软银", "軟銀")
    assert softbank["labels"][0] == {"value": "SoftBank Group", "language": "en"}
    assert "软银集团" in softbank["aliases"]
    assert ask(live_server.url, '{ entity(id: "no-such-entity") { id } }') == {"entity": None}
    assert ask(live_server.url, '{ entity(id: "bad id>") { id } }') == {"entity": None}


def test_typed_access_follows_the_class_hierarchy(live_server: LiveServer, store: EmbeddedStore) -> None:
    data = ask(
        live_server.url,
        """{ organizations(first: 100) { totalCount nodes { id type } }
        people(first: 100) { nodes { id } } sites(first: 100) { nodes { id } } chipModels(first: 100) { nodes { id } }
        documents { nodes { id } } }""",
    )
    organizations = {n["id"]: n["type"] for n in data["organizations"]["nodes"]}
    assert {"Company", "JointVenture", "Fund", "GovernmentBody", "Organization"} == set(organizations.values())
    assert organizations["stargate"] == "JointVenture"

    def of_class(name: str) -> set[str]:
        return {r["id"] for r in sparql_rows(store, f"SELECT ?id WHERE {{ ?e a sg:{name} ; dcterms:identifier ?id }}")}

    assert {n["id"] for n in data["people"]["nodes"]} == of_class("Person")
    assert {n["id"] for n in data["sites"]["nodes"]} == of_class("Site")
    assert {n["id"] for n in data["chipModels"]["nodes"]} == of_class("ChipModel")
    assert len(data["documents"]["nodes"]) == 5


def test_links_in_either_direction_filtered_by_relation(live_server: LiveServer, store: EmbeddedStore) -> None:
    data = ask(
        live_server.url,
        """{ entity(id: "stargate") {
        funders: relations(relation: [funds], direction: IN, first: 100) {
            nodes { relation direction entity { id } claims { document { id } } } }
        out: relations(direction: OUT, first: 100) { nodes { relation direction } } } }""",
    )
    funders = data["entity"]["funders"]["nodes"]
    assert {(n["relation"], n["direction"]) for n in funders} == {("funds", "IN")}
    # the truthy triples: one per party of a positive claim, none for a negative one
    expected = {
        r["who"].removeprefix(ENTITY) for r in sparql_rows(store, "SELECT ?who WHERE { ?who sg:funds sgid:stargate }")
    }
    assert {n["entity"]["id"] for n in funders} == expected
    assert all(n["claims"] for n in funders)
    assert {n["direction"] for n in data["entity"]["out"]["nodes"]} == {"OUT"}


def test_claims_of_an_entity_by_relation_and_direction(live_server: LiveServer) -> None:
    data = ask(
        live_server.url,
        """{ entity(id: "abilene-campus") {
        claims(relation: [hosts], direction: OUT) { totalCount nodes { relation subject { id } object { id } } } } }""",
    )
    claims = data["entity"]["claims"]
    assert claims["totalCount"] == 3
    assert all(c["relation"] == "hosts" and c["subject"]["id"] == "abilene-campus" for c in claims["nodes"])


def test_pages_follow_one_another_without_overlap(live_server: LiveServer) -> None:
    query = (
        "query Page($after: String) { entities(first: 7, after: $after) { totalCount "
        "pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }"
    )
    seen: list[str] = []
    after = None
    for _ in range(100):  # bounded: the seed graph has about a hundred entities
        page = ask(live_server.url, query, {"after": after})["entities"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]
    assert seen == sorted(seen)


def test_page_size_defaults_and_caps(live_server: LiveServer) -> None:
    settings = Settings()
    data = ask(live_server.url, "{ entities { totalCount nodes { id } } }")
    assert len(data["entities"]["nodes"]) == settings.default_page_size < data["entities"]["totalCount"]
    [error] = errors_of(live_server.url, f"{{ claims(first: {settings.max_page_size + 1}) {{ totalCount }} }}")
    assert error["path"] == ["claims"] and str(settings.max_page_size) in error["message"]
    [error] = errors_of(live_server.url, '{ claims(after: "b2Zmc2V0Ong=") { totalCount } }')
    assert error["message"] == "after: not a cursor issued by this API"


def test_one_registry_gives_every_top_level_class_its_type() -> None:
    """The written types and a generated one for each other top-level class, in one table; a
    subclass takes the type of its nearest listed ancestor."""
    types = entity_types()
    top_level = {c.name for c in VOCABULARY.classes.values() if c.ancestors == {c.name, "Entity"}} - {"Entity"}
    assert set(types) == top_level
    assert [types[name] for name in ("Organization", "Person", "Site", "ChipModel")] == [
        Organization,
        Person,
        Site,
        ChipModel,
    ]
    assert all(t.__name__ == name for name, t in types.items())
    assert (type_for("JointVenture"), type_for("Fund"), type_for("Site")) == (Organization, Organization, Site)
    assert entity_types() is types  # made once: strawberry needs one class per type name
