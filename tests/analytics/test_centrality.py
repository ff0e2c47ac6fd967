"""graph/analytics/centrality.py: known answers on hand-made graphs, and the seed graph's rankings."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analytics import centrality
from graph.analytics.centrality import ranking, scores
from graph.analytics.centrality_choices import MEASURES
from graph.analytics.projection import Projection, build_projection
from graph.store.backends import EmbeddedStore
from tests.handmade import projection as handmade


@pytest.fixture(scope="module")
def seed(store: EmbeddedStore) -> Projection:
    return build_projection(store)


CHAIN = [("a", "funds", "b"), ("b", "builds", "c")]


def test_betweenness_of_the_middle_of_a_directed_chain_is_one_half() -> None:
    # one shortest path a->c out of (n-1)(n-2) = 2 ordered pairs goes through b
    assert scores(handmade(CHAIN), "betweenness") == pytest.approx({"a": 0.0, "b": 0.5, "c": 0.0})


def test_closeness_counts_incoming_distances() -> None:
    # c is reached by b (1 hop) and a (2 hops): (2/2) * (2/3); b only by a: (1/2) * (1/1)
    assert scores(handmade(CHAIN), "closeness") == pytest.approx({"a": 0.0, "b": 0.5, "c": 2 / 3})


def test_degrees_count_relations_not_neighbours() -> None:
    graph = handmade([*CHAIN, ("a", "owns", "b")])
    assert scores(graph, "out_degree") == {"a": 2.0, "b": 1.0, "c": 0.0}
    assert scores(graph, "in_degree") == {"a": 0.0, "b": 2.0, "c": 1.0}
    assert scores(graph, "degree") == {"a": 2.0, "b": 3.0, "c": 1.0}


def test_pagerank_of_a_cycle_is_uniform_and_sums_to_one() -> None:
    graph = handmade([("a", "funds", "b"), ("b", "funds", "c"), ("c", "funds", "a")])
    assert scores(graph, "pagerank") == pytest.approx(dict.fromkeys("abc", 1 / 3))


def test_eigenvector_of_a_star_peaks_at_the_centre() -> None:
    graph = handmade([("hub", "funds", leaf) for leaf in ("a", "b", "c", "d")])
    values = scores(graph, "eigenvector")
    # the principal eigenvector of K1,4: centre 1/sqrt(2), each leaf 1/(2 sqrt(2))
    assert values["hub"] == pytest.approx(2**-0.5)
    assert all(values[leaf] == pytest.approx(values["hub"] / 2) for leaf in "abcd")


def test_amount_weight_lifts_what_the_money_flows_to() -> None:
    graph = handmade(
        [
            ("fund", "funds", "big", {"amount": 100e9, "currency": "USD"}),
            ("fund", "funds", "small", {"amount": 1e6, "currency": "USD"}),
        ]
    )
    plain = scores(graph, "pagerank")
    weighted = scores(graph, "pagerank", weight="amount")
    assert plain["big"] == pytest.approx(plain["small"])
    assert weighted["big"] > weighted["small"]


def test_a_weight_is_a_distance_for_path_measures() -> None:
    # a reaches d through b (strong ties, many claims) or c (weak): weighted, b carries the path
    triples = [("a", "funds", "b")] * 3 + [("b", "funds", "d")] * 3 + [("a", "funds", "c"), ("c", "funds", "d")]
    graph = handmade(triples)
    assert scores(graph, "betweenness")["b"] == pytest.approx(scores(graph, "betweenness")["c"])
    weighted = scores(graph, "betweenness", weight="claims")
    assert weighted["b"] > 0 and weighted["c"] == 0


def test_sampled_betweenness_is_reproducible_and_close_to_exact() -> None:
    random = nx.gnm_random_graph(400, 1200, seed=7, directed=True)
    graph = handmade([(f"n{u}", "partnersWith", f"n{v}") for u, v in random.edges])
    exact = scores(graph, "betweenness", samples=0)
    sampled = scores(graph, "betweenness", samples=200)
    assert sampled == scores(
        handmade([(f"n{u}", "partnersWith", f"n{v}") for u, v in random.edges]), "betweenness", samples=200
    )
    top = {n for n, _ in sorted(exact.items(), key=lambda kv: -kv[1])[:20]}
    top_sampled = {n for n, _ in sorted(sampled.items(), key=lambda kv: -kv[1])[:20]}
    assert len(top & top_sampled) >= 14
    assert sampled != exact


def test_ranking_filters_by_class_and_subclasses(seed: Projection) -> None:
    people = ranking(seed, "degree", types=["Person"], limit=0)
    assert people and all(r.type == "Person" for r in people)
    organisations = {r.type for r in ranking(seed, "degree", types=["Organization"], limit=0)}
    assert {"Company", "Fund", "GovernmentBody", "JointVenture"} <= organisations
    assert [r.rank for r in people] == list(range(1, len(people) + 1))
    assert [r.score for r in people] == sorted((r.score for r in people), reverse=True)


def test_seed_degree_ranking_matches_the_claims(seed: Projection, store: EmbeddedStore) -> None:
    """Out-degree is the distinct relations an entity acts in: as a claim's subject or a joint
    party, in positive claims only (what a source denies is no edge)."""
    rows = store.select("""SELECT ?s (COUNT(DISTINCT CONCAT(STR(?p), STR(?o))) AS ?n) WHERE {
        ?c a sg:Claim ; rdf:predicate ?p ; rdf:object ?o .
        { ?c rdf:subject ?s } UNION { ?c sg:jointWith ?s }
        FILTER NOT EXISTS { ?c a sg:NegativeClaim }
        FILTER (isIRI(?o) && STRSTARTS(STR(?o), STR(sgid:))) } GROUP BY ?s ORDER BY DESC(?n) LIMIT 1""")
    busiest = rows[0]["s"].value.rsplit("/", 1)[1]
    top = ranking(seed, "out_degree", types=["Entity"], limit=1)[0]
    assert (top.entity, top.score) == (busiest, float(rows[0]["n"].value))


def test_counting_only_asserted_claims_leaves_out_the_rest_and_keeps_every_entity() -> None:
    graph = handmade(
        [
            ("a", "funds", "v"),
            ("b", "funds", "v", {"modality": "alleged", "claimant": "a"}),
            ("c", "funds", "v", {"modality": "joke"}),
            ("c", "owns", "b"),
        ]
    )
    assert scores(graph, "in_degree") == {"a": 0.0, "b": 1.0, "c": 0.0, "v": 3.0}
    asserted = scores(graph, "in_degree", modalities=["asserted"])
    assert asserted == {"a": 0.0, "b": 1.0, "c": 0.0, "v": 1.0}
    assert scores(graph, "in_degree", modalities=["asserted", "alleged"])["v"] == 2.0
    assert ranking(graph, "in_degree", types=["Entity"], limit=1, modalities=["alleged"])[0].entity == "v"
    assert graph.counting(()) is graph  # the default: every claim counts
    assert graph.counting(["asserted"]) is graph.counting(["asserted"])  # built once
    with pytest.raises(ValueError, match=r"unknown modality\(ies\) sure; modalities: .*asserted"):
        scores(graph, "pagerank", modalities=["sure"])


def test_every_measure_ranks_every_seed_entity(seed: Projection) -> None:
    for measure in MEASURES:
        ranked = ranking(seed, measure, types=["Entity"], limit=0)
        assert len(ranked) == seed.graph.number_of_nodes(), measure
        assert ranked[0].score > 0, measure


def test_rankings_list_organisations_and_people_unless_asked_for_other_classes(seed: Projection) -> None:
    default = ranking(seed, "pagerank", limit=0)
    assert default == ranking(seed, "pagerank", types=["Organization", "Person"], limit=0)
    assert {seed.node_types(r.entity) & {"Organization", "Person"} != set() for r in default} == {True}
    assert [r.rank for r in default] == list(range(1, len(default) + 1))
    assert default[0].entity == "stargate"
    every = ranking(seed, "pagerank", types=["Entity"], limit=4)
    places = [r.entity for r in every if "Place" in seed.node_types(r.entity)]
    assert places, "places collect locatedIn edges, so one ranks high over every class"
    assert all(any(k == "locatedIn" for _, _, k in seed.graph.in_edges(p, keys=True)) for p in places)
    assert all("Place" in seed.node_types(r.entity) for r in ranking(seed, "pagerank", types=["Place"], limit=2))


def test_every_measure_says_how_it_reads() -> None:
    assert all(". Reads as " in measure.help for measure in MEASURES.values())


def test_the_venture_is_the_most_pointed_at_entity(seed: Projection) -> None:
    assert ranking(seed, "in_degree", limit=1)[0].entity == "stargate"


def test_bad_arguments_are_clear_errors(seed: Projection) -> None:
    with pytest.raises(ValueError, match="unknown measure 'fame'"):
        ranking(seed, "fame")
    with pytest.raises(ValueError, match="unknown weight 'size'"):
        ranking(seed, "pagerank", weight="size")
    with pytest.raises(ValueError, match=r"unknown entity type.*Alien"):
        ranking(seed, "pagerank", types=["Alien"])


def test_closeness_is_refused_where_it_would_take_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(centrality, "CLOSENESS_MAX_NODES", 2)
    with pytest.raises(ValueError, match=r"closeness is exact .* on 3 entities; it is offered up to 2"):
        scores(handmade(CHAIN), "closeness")
