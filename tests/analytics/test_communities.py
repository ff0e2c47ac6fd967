"""graph/analytics/communities.py: Louvain communities, reproducible, stored on the nodes."""

from __future__ import annotations

from itertools import combinations

from graph.analytics.communities import annotate, communities
from graph.analytics.projection import build_projection
from graph.store.backends import EmbeddedStore
from tests.handmade import projection as handmade


def two_cliques_and_a_bridge() -> list[tuple[str, str, str]]:
    left = [(a, "partnersWith", b) for a, b in combinations(["a1", "a2", "a3", "a4", "a5"], 2)]
    right = [(a, "partnersWith", b) for a, b in combinations(["b1", "b2", "b3", "b4"], 2)]
    return [*left, *right, ("a1", "funds", "b1")]


def test_two_cliques_joined_by_one_edge_are_two_communities_largest_first() -> None:
    found = communities(handmade(two_cliques_and_a_bridge()))
    assert {found[n] for n in ("a1", "a2", "a3", "a4", "a5")} == {0}
    assert {found[n] for n in ("b1", "b2", "b3", "b4")} == {1}


def test_the_partition_is_the_same_on_every_run(store: EmbeddedStore) -> None:
    first = communities(build_projection(store))
    second = communities(build_projection(store))
    assert first == second
    assert len(set(first.values())) > 1


def test_annotate_stores_the_community_on_each_node(store: EmbeddedStore) -> None:
    projection = annotate(build_projection(store))
    numbers = communities(projection)
    assert {n: d["community"] for n, d in projection.graph.nodes(data=True)} == numbers
    # the venture and its founders are tied by many claims: they end up together
    assert numbers["stargate"] == numbers["softbank"] == numbers["oracle"]
