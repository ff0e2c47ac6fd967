"""graph/analytics/projection.py: the entity graph read from the store, every edge with its sources."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from bench.generate import generate
from graph.analytics.projection import Projection, build_projection
from graph.ingest.pipeline import Compiled, compile_seeds
from graph.ingest.seeds import DEFAULT_SEED_DIR, Money, Range
from graph.store.backends import CallCounter, EmbeddedStore, RemoteStore, Row
from graph.vocab.namespaces import ENTITY
from graph.vocab.vocabulary import load_vocabulary
from tests.analytics import oracle
from tests.handmade import projection as handmade
from tests.stores import RemoteServer

pytest_plugins = ["tests.stores"]


@pytest.fixture(scope="module")
def seed(store: EmbeddedStore) -> Projection:
    return build_projection(store)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """A generated world of two replicas: shared hubs, edges between replicas."""
    seeds = tmp_path_factory.mktemp("world") / "x2"
    generate(seeds, 2)
    return EmbeddedStore(compile_seeds(seeds, shacl=False).quads)


class SelectOnly:
    """The embedded store seen only through `select`, as a remote store is."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.inner = store
        self.calls = CallCounter()

    @property
    def version(self) -> str:
        return self.inner.version

    def select(self, query: str) -> list[Row]:
        self.calls.hit()
        return self.inner.select(query)

    def ask(self, query: str) -> bool:
        return self.inner.ask(query)

    def quads(self) -> Iterator[ox.Quad]:
        return self.inner.quads()

    def __len__(self) -> int:
        return len(self.inner)


def assert_same(got: Projection, expected: Projection) -> None:
    """Every entity with its attributes, every edge with its weights and every claim with all its
    fields, the negated claims and the documents, in the same order."""
    assert list(got.graph.nodes(data=True)) == list(expected.graph.nodes(data=True))
    edges = [
        [(u, v, k, d["claims"], d["amount"], d["edge"].claims) for u, v, k, d in p.graph.edges(keys=True, data=True)]
        for p in (got, expected)
    ]
    assert edges[0] == edges[1]
    assert [(e.subject, e.relation, e.object, e.claims) for e in got.negated] == [
        (e.subject, e.relation, e.object, e.claims) for e in expected.negated
    ]
    assert got.documents == expected.documents


@pytest.mark.parametrize("graph", ["seed", "world"])
def test_the_projection_equals_the_one_query_reading(graph: str, store: EmbeddedStore, world: EmbeddedStore) -> None:
    """A SELECT per claim field, joined in Python, details on first use: what one query per table read."""
    source = {"seed": store, "world": world}[graph]
    expected = oracle.read(source, load_vocabulary())
    assert expected.graph.number_of_edges() > 50 and expected.negated, "a graph with edges and negated claims"
    assert any(c.parties for _, _, e in expected.graph.edges(data="edge") for c in e.claims), "and joint claims"
    assert any(c.target for _, _, e in expected.graph.edges(data="edge") for c in e.claims), "and disputes"
    assert_same(build_projection(source), expected)


def test_a_store_answering_only_select_reads_every_claim_at_once_and_gives_the_same_projection(
    world: EmbeddedStore,
) -> None:
    """The remote store's path: rows as dictionaries, and the claims' details read with the graph
    (a server may load another dataset before they would be asked for)."""
    rows = SelectOnly(world)
    got = build_projection(rows)
    built = rows.calls.count
    assert_same(got, build_projection(world))
    assert rows.calls.count == built


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


def test_one_edge_per_party_relation_object_of_the_positive_claims(seed: Projection, store: EmbeddedStore) -> None:
    """A joint claim is an edge from each party; a negative claim is none, and is kept aside."""
    acting = f"""?c a sg:Claim ; rdf:predicate ?p ; rdf:object ?o .
        {{ ?c rdf:subject ?s }} UNION {{ ?c sg:jointWith ?s }}
        FILTER (isIRI(?o) && STRSTARTS(STR(?o), '{ENTITY}'))"""
    positive = "FILTER NOT EXISTS { ?c a sg:NegativeClaim }"
    negative = "?c a sg:NegativeClaim ."
    rows = store.select(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {acting} {positive} }}")
    assert seed.graph.number_of_edges() == len(rows)
    claims = store.select(f"SELECT ?c ?s WHERE {{ {acting} {positive} }}")
    assert sum(len(data["edge"].claims) for _, _, data in seed.graph.edges(data=True)) == len(claims)
    denied = store.select(f"SELECT ?c ?s WHERE {{ {acting} {negative} }}")
    assert sum(len(edge.claims) for edge in seed.negated) == len(denied)
    assert all(c.polarity == "negative" for edge in seed.negated for c in edge.claims)
    assert all(c.polarity == "positive" for _, _, edge in seed.graph.edges(data="edge") for c in edge.claims)


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


def test_an_edge_keeps_each_claim_with_its_qualifiers_as_the_seeds_state_them(
    seed: Projection, compiled: Compiled
) -> None:
    records = {c.key: c for c in compiled.corpus.claims}
    edges = [edge for _, _, edge in seed.graph.edges(data="edge")]
    for edge in edges:
        for claim in edge.claims:
            record = records[f"{claim.document}/{claim.local_id}"]
            q = record.qualifiers
            assert edge.subject in record.parties and edge.object == record.object
            assert (claim.polarity, claim.modality, claim.status, claim.bound) == (
                q.polarity,
                q.modality,
                q.status or "",
                q.bound or "",
            )
            assert claim.attribution == ("claimant" if record.claimant else "document")
            assert claim.claimant == (record.claimant or "") and claim.quote_en == (record.quote_en or "")
            assert claim.parties == ((record.subject, *sorted(record.joint)) if record.joint else ())
            value = record.value
            if isinstance(value, Money):
                assert (claim.amount, claim.currency) == (float(value.amount), value.currency)
            if isinstance(value, Range):
                assert (claim.amount, claim.amount_min, claim.amount_max) == (None, float(value.low), float(value.high))
    assert {c.modality for e in edges for c in e.claims} > {"asserted"}, "the seeds hold other modalities"
    assert any(e.joint for e in edges), "and joint claims"


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


def test_a_remote_sparql_store_gives_the_same_projection(seed: Projection, remote_store: RemoteServer) -> None:
    remote = build_projection(RemoteStore(remote_store.query_url))
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
