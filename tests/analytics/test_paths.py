"""graph/analytics/paths.py: simple paths up to k hops, shortest first, each step with its provenance."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analytics.paths import MAX_LENGTH, find_paths
from graph.analytics.projection import Projection, build_projection
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.store.backends import EmbeddedStore
from tests.handmade import projection as handmade

DIAMOND = [
    ("a", "funds", "d"),
    ("a", "owns", "b"),
    ("b", "builds", "d"),
    ("c", "suppliesTo", "a"),
    ("c", "operates", "d"),
]


@pytest.fixture(scope="module")
def seed(store: EmbeddedStore) -> Projection:
    return build_projection(store)


def node_lists(graph: Projection, source: str, target: str, **options: object) -> list[list[str]]:
    return [list(p.nodes) for p in find_paths(graph, source, target, **options).paths]  # type: ignore[arg-type]


def test_paths_come_shortest_first_then_by_node_ids() -> None:
    assert node_lists(handmade(DIAMOND), "a", "d", max_length=3) == [["a", "d"], ["a", "b", "d"], ["a", "c", "d"]]


def test_the_shortest_path_is_given_even_beyond_the_length_asked() -> None:
    chain = handmade([("a", "funds", "b"), ("b", "funds", "c"), ("c", "funds", "d")])
    result = find_paths(chain, "a", "d", max_length=2)
    assert result.paths == []
    assert result.shortest is not None and list(result.shortest.nodes) == ["a", "b", "c", "d"]


def test_directed_paths_follow_subject_to_object_only() -> None:
    graph = handmade(DIAMOND)
    assert node_lists(graph, "a", "d", max_length=3, directed=True) == [["a", "d"], ["a", "b", "d"]]
    assert node_lists(graph, "d", "a", max_length=3, directed=True) == []


def test_a_relation_filter_keeps_only_those_edges() -> None:
    graph = handmade(DIAMOND)
    assert node_lists(graph, "a", "d", max_length=3, relations=["owns", "builds"]) == [["a", "b", "d"]]
    result = find_paths(graph, "a", "d", max_length=3, relations=["owns", "builds", "funds"])
    assert [sorted(e.relation for e in s.edges) for s in result.paths[0].steps] == [["funds"]]


def test_each_step_carries_its_edges_both_ways_with_claims() -> None:
    graph = handmade([("a", "disputes", "b"), ("b", "rebuts", "a"), ("b", "funds", "c")])
    first = find_paths(graph, "a", "c").paths[0].steps[0]
    assert {(e.subject, e.relation, e.object) for e in first.edges} == {("a", "disputes", "b"), ("b", "rebuts", "a")}
    assert all(e.claims and e.claims[0].quote for e in first.edges)


def test_limit_cuts_and_says_so() -> None:
    fan = handmade([("s", "funds", f"m{i}") for i in range(10)] + [(f"m{i}", "funds", "t") for i in range(10)])
    result = find_paths(fan, "s", "t", limit=4)
    assert len(result.paths) == 4 and result.truncated
    complete = find_paths(fan, "s", "t", limit=10)
    assert len(complete.paths) == 10 and not complete.truncated


@pytest.mark.parametrize("case", range(12))
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("hub", [False, True])
def test_same_paths_as_networkx_all_simple_paths(case: int, directed: bool, hub: bool) -> None:
    rng = random.Random(case)
    relations = ["funds", "owns", "builds", "suppliesTo"]
    shape = nx.gnm_random_graph(14, rng.randint(18, 40), seed=case, directed=True)
    triples = [(f"n{u}", rng.choice(relations), f"n{v}") for u, v in shape.edges]
    triples += [(f"n{u}", "leads", f"n{v}") for u, v in list(shape.edges)[:5]]  # parallel edges
    if hub:  # a node tied to nearly all others: the search must not walk all its neighbours
        triples += [("n13", "locatedIn", f"n{v}") for v in range(1, 13) if (v + case) % 5]
    graph = handmade(triples)
    oracle_graph = nx.DiGraph() if directed else nx.Graph()
    oracle_graph.add_nodes_from(graph.graph)
    oracle_graph.add_edges_from((s, o) for s, _, o in triples)
    for k in (1, 2, 3, 4, 5):
        source, target = "n0", f"n{1 + case % 13}"
        expected = sorted(nx.all_simple_paths(oracle_graph, source, target, cutoff=k), key=lambda p: (len(p), p))
        assert node_lists(graph, source, target, max_length=k, directed=directed, limit=10_000) == expected


def test_seed_paths_from_musk_to_arm_cite_their_documents(seed: Projection) -> None:
    result = find_paths(seed, "elon-musk", "arm", max_length=2)
    assert result.shortest is not None and result.shortest.length == 2
    assert ["elon-musk", "softbank", "arm"] in [list(p.nodes) for p in result.paths]
    for path in result.paths:
        for edge in path.edges():
            for claim in edge.claims:
                text = (DEFAULT_SEED_DIR / "documents" / f"{claim.document}.txt").read_text(encoding="utf-8")
                assert claim.quote in text


def test_bad_queries_are_clear_errors(seed: Projection) -> None:
    with pytest.raises(ValueError, match="unknown entity 'nobody'"):
        find_paths(seed, "elon-musk", "nobody")
    with pytest.raises(ValueError, match="different entities"):
        find_paths(seed, "elon-musk", "elon-musk")
    with pytest.raises(ValueError, match=f"between 1 and {MAX_LENGTH}"):
        find_paths(seed, "elon-musk", "arm", max_length=MAX_LENGTH + 1)
    with pytest.raises(ValueError, match=r"unknown relation.*hasRevenue"):
        find_paths(seed, "elon-musk", "arm", relations=["funds", "hasRevenue"])
