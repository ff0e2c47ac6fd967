"""graph/analytics/service.py: the API GraphQL and the CLI call, built once per snapshot."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.analytics import service as analytics
from graph.analytics.centrality_choices import MEASURES
from graph.analytics.projection import DETAILS
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import Snapshot


def snapshot_of(store: EmbeddedStore) -> Snapshot:
    return Snapshot(store, store.version, "test")


def test_the_projection_is_built_once_per_snapshot_even_under_concurrent_requests(store: EmbeddedStore) -> None:
    snapshot = snapshot_of(store)
    before = store.calls.count
    with ThreadPoolExecutor(8) as pool:
        built = list(pool.map(lambda _: analytics.projection(snapshot), range(16)))
    assert all(p is built[0] for p in built)
    queries = store.calls.count - before
    assert 0 < queries <= 10  # a few SELECTs, whatever the graph's size
    analytics.centrality(snapshot, "betweenness")
    assert store.calls.count - before == queries, "centrality reads no claim's quote or qualifiers"
    with ThreadPoolExecutor(8) as pool:  # the claims' details: read once, on first use, for every claim
        list(pool.map(lambda _: analytics.conflicts(snapshot), range(8)))
    details = store.calls.count - before - queries
    assert 0 < details <= len(DETAILS) + 1  # a SELECT per field, and the claims disputes target
    analytics.paths(snapshot, "elon-musk", "arm")
    assert store.calls.count - before == queries + details, "answers come from the projection, not the store"
    reloaded = snapshot_of(store)
    assert analytics.projection(reloaded) is not built[0]


def test_results_are_memoised_on_the_projection(store: EmbeddedStore) -> None:
    snapshot = snapshot_of(store)
    assert analytics.conflicts(snapshot) is not analytics.conflicts(snapshot)  # fresh lists...
    first, second = analytics.conflicts(snapshot), analytics.conflicts(snapshot)
    assert all(a is b for a, b in zip(first, second, strict=True))  # ...of the same findings


def test_one_rule_and_an_unknown_rule(store: EmbeddedStore) -> None:
    snapshot = snapshot_of(store)
    assert {f.rule for f in analytics.conflicts(snapshot, "stake-in-partner")} == {"stake-in-partner"}
    with pytest.raises(ValueError, match="unknown conflict rule 'nope'; rules: disputes-while-rival"):
        analytics.conflicts(snapshot, "nope")


def test_node_attributes_give_every_entity_its_centralities_and_community(store: EmbeddedStore) -> None:
    graph = analytics.projection(snapshot_of(store))
    attributes = analytics.node_attributes(graph)
    assert set(attributes) == set(graph.graph)
    musk = attributes["elon-musk"]
    assert {"type", "label", "community", *MEASURES} <= set(musk)
    assert musk["type"] == "Person" and musk["label"] == "Elon Musk"
    assert all(isinstance(a["community"], int) and a["community"] >= 0 for a in attributes.values())
    assert max(attributes, key=lambda n: attributes[n]["in_degree"]) == "stargate"


def test_communities_are_stored_on_the_shared_projection_for_the_dumps(store: EmbeddedStore) -> None:
    snapshot = snapshot_of(store)
    graph = analytics.with_communities(snapshot)
    assert graph is analytics.projection(snapshot)
    assert all(isinstance(data["community"], int) for _, data in graph.graph.nodes(data=True))
