"""graph/analytics/projection.py: the entity graph read from the store, every edge with its sources."""

from __future__ import annotations

import pytest

from graph.analytics.projection import Projection, build_projection
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.store.backends import EmbeddedStore, RemoteStore
from graph.vocab.namespaces import ENTITY
from tests.handmade import projection as handmade
from tests.oxigraph import OxigraphServer

pytest_plugins = ["tests.stores"]


@pytest.fixture(scope="module")
def seed(store: EmbeddedStore) -> Projection:
    return build_projection(store)


def document_text(document: str) -> str:
    return (DEFAULT_SEED_DIR / "documents" / f"{document}.txt").read_text(encoding="utf-8")


def test_every_entity_is_a_node_with_its_class_and_labels(seed: Projection, store: EmbeddedStore) -> None:
    rows = store.select(f"SELECT ?e WHERE {{ ?e dcterms:identifier ?id FILTER STRSTARTS(STR(?e), '{ENTITY}') }}")
    assert seed.graph.number_of_nodes() == len(rows)
    musk = seed.graph.nodes["elon-musk"]
    assert musk["type"] == "Person"
    assert musk["label"] == "Elon Musk"
    assert musk["labels"]["zh-Hans"] == "埃隆·马斯克"
    assert musk["labels"]["zh-Hant"] == "埃隆·馬斯克"
    assert seed.node_types("oracle") >= {"Company", "Organization", "Entity"}


def test_one_edge_per_subject_relation_object_stated_between_entities(seed: Projection, store: EmbeddedStore) -> None:
    rows = store.select(f"""SELECT DISTINCT ?s ?p ?o WHERE {{
        ?c a sg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        FILTER (isIRI(?o) && STRSTARTS(STR(?o), '{ENTITY}')) }}""")
    assert seed.graph.number_of_edges() == len(rows)
    claims = store.select(f"""SELECT ?c WHERE {{ ?c a sg:Claim ; rdf:object ?o .
        FILTER (isIRI(?o) && STRSTARTS(STR(?o), '{ENTITY}')) }}""")
    assert sum(len(data["edge"].claims) for _, _, data in seed.graph.edges(data=True)) == len(claims)


def test_every_claim_behind_an_edge_quotes_its_document_verbatim(seed: Projection) -> None:
    texts = {doc: document_text(doc) for doc in seed.documents}
    for _, _, data in seed.graph.edges(data=True):
        edge = data["edge"]
        assert edge.claims
        for claim in edge.claims:
            assert claim.quote in texts[claim.document], (edge, claim.local_id)


def test_a_relation_filter_keeps_relations_between_entities_and_names_the_unknown(seed: Projection) -> None:
    assert seed.relation_filter(None) is None
    assert seed.relation_filter(()) is None  # no filter: any relation
    assert seed.relation_filter(["funds", "chairs", "funds"]) == frozenset({"funds", "chairs"})
    with pytest.raises(
        ValueError,
        match=r"unknown relation\(s\) announcedOn, likes; relations between entities: "
        r".*\bfunds\b",
    ):
        seed.relation_filter(["funds", "likes", "announcedOn"])  # announcedOn's object is a date, not an entity


def test_an_edge_keeps_each_documents_claim_with_its_qualifiers(seed: Projection) -> None:
    funds = seed.edge("softbank", "funds", "stargate")
    assert len(funds.documents) >= 4
    assert {c.amount for c in funds.claims} >= {19_000_000_000.0, 100_000_000_000.0}
    assert seed.graph.edges["softbank", "stargate", "funds"]["amount"] == 100_000_000_000.0
    stake = seed.edge("softbank", "holdsStake", "arm")
    assert [(c.document, c.claimant) for c in stake.claims] == [("004_5cf1b9cad3f7a47d", "gavin-baker")]
    chair = seed.edge("elon-musk", "chairs", "openai")
    assert [(c.status, c.role) for c in chair.claims] == [("former", "co-chair")]


def test_a_dispute_names_the_claim_it_contests(seed: Projection) -> None:
    dispute = seed.edge("elon-musk", "disputes", "stargate")
    targets = {(c.local_id, c.target.local_id, c.target.relation) for c in dispute.claims if c.target}
    assert ("musk-disputes-funding", "stargate-invests-500b", "plansInvestment") in targets
    target = next(c.target for c in dispute.claims if c.target and c.document == "003_9ef5605df60f9e2a")
    assert target.quote in document_text(target.document)
    assert target.subject == "stargate"


def test_documents_are_the_catalogue(seed: Projection) -> None:
    assert len(seed.documents) == 5
    assert seed.documents["004_5cf1b9cad3f7a47d"].published == "2025-02-08"


def test_a_remote_sparql_store_gives_the_same_projection(seed: Projection, oxigraph_store: OxigraphServer) -> None:
    remote = build_projection(RemoteStore(oxigraph_store.query_url))
    assert dict(remote.graph.nodes(data=True)) == dict(seed.graph.nodes(data=True))
    assert {(u, v, k): d["edge"] for u, v, k, d in remote.graph.edges(keys=True, data=True)} == {
        (u, v, k): d["edge"] for u, v, k, d in seed.graph.edges(keys=True, data=True)
    }


def test_neighbour_lists_follow_and_reverse_edges() -> None:
    graph = handmade([("a", "funds", "b"), ("a", "builds", "b"), ("c", "owns", "a")])
    adjacency = graph.adjacency
    assert adjacency.out["a"] == [("b", frozenset({"funds", "builds"}))]
    assert adjacency.into["a"] == [("c", frozenset({"owns"}))]
    assert adjacency.both["a"] == [("b", frozenset({"funds", "builds"})), ("c", frozenset({"owns"}))]
    step = graph.step("b", "a", None, "both")
    assert sorted(e.relation for e in step.edges) == ["builds", "funds"]
    assert graph.step("b", "a", frozenset({"funds"}), "out").edges == ()
