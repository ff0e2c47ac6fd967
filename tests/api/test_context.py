"""Batching and caching, counted on the store of a real uvicorn: a nested list costs a constant
number of store calls whatever its length; a repeated query costs none; a reload is seen at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest

from graph.http.settings import Settings
from graph.ingest.pipeline import Compiled
from graph.server.app import create_app
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import GraphHolder, Snapshot
from graph.vocab.namespaces import RDFS, SKOS, entity_iri
from tests.graphql_http import ask, serve_in_thread

SITES = """query Sites($n: Int) { sites(first: $n) { totalCount nodes { id label
    deployments { count status chip { id label } claim { quote claimant { id } document { id title } } }
    gpuTotals { count document { id outlet } stated { amount } } } } }"""
CONTRADICTIONS = """query Contradictions($n: Int) { contradictions(first: $n) { nodes { label subject { label }
    claims { amount dateValue quote document { id published } responses { subject { id } } } } } }"""


def snapshot_of(store: EmbeddedStore) -> Snapshot:
    return Snapshot(store, store.version, "test")


@pytest.fixture(scope="module")
def uncached(compiled: Compiled) -> Iterator[tuple[str, EmbeddedStore]]:
    """No per-version caches: every request reads the store, so its calls can be counted."""
    store = EmbeddedStore(compiled.quads)
    settings = Settings(graphql_cache_bytes=0, graphql_response_cache_bytes=0)
    with serve_in_thread(create_app(GraphHolder(snapshot_of(store)), settings)) as url:
        yield url, store


def calls(url: str, store: EmbeddedStore, query: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    before = store.calls.count
    data = ask(url, query, variables)
    return store.calls.count - before, data


def test_sites_with_deployments_chips_and_sources_cost_a_constant_number_of_store_calls(
    uncached: tuple[str, EmbeddedStore],
) -> None:
    url, store = uncached
    one, small = calls(url, store, SITES, {"n": 1})
    many, large = calls(url, store, SITES, {"n": 100})
    assert len(small["sites"]["nodes"]) == 1 and len(large["sites"]["nodes"]) == large["sites"]["totalCount"] > 3
    assert one == many
    assert 0 < many <= 6  # the list, sites, GPU claims, claims, chips, documents


def count_objects(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(count_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_objects(v) for v in value)
    return 0


def test_contradictions_with_claims_sources_and_responses_cost_at_most_one_call_per_loader(
    uncached: tuple[str, EmbeddedStore],
) -> None:
    url, store = uncached
    measured = [calls(url, store, CONTRADICTIONS, {"n": n}) for n in (1, 3, 100)]
    counts = [count for count, _ in measured]
    # One call per loader and level, whatever the page size: the list, contradictions, claims,
    # entities, documents, responses and their claims (a page whose claims have no response
    # stops a level earlier).
    assert max(counts) <= 8
    assert count_objects(measured[-1][1]) > 5 * max(counts)


def test_sites_with_deployments_chips_and_sources_are_all_answered(uncached: tuple[str, EmbeddedStore]) -> None:
    url, store = uncached
    _, data = calls(url, store, SITES, {"n": 100})
    hosting = [s for s in data["sites"]["nodes"] if s["deployments"]]
    assert hosting
    for site in hosting:
        for deployment in site["deployments"]:
            assert deployment["chip"]["label"] and deployment["claim"]["document"]["title"]


@pytest.fixture()
def cached(compiled: Compiled) -> Iterator[tuple[str, EmbeddedStore, GraphHolder]]:
    store = EmbeddedStore(compiled.quads)
    holder = GraphHolder(snapshot_of(store))
    with serve_in_thread(create_app(holder, Settings())) as url:
        yield url, store, holder


def test_a_repeated_query_costs_no_store_call(cached: tuple[str, EmbeddedStore, GraphHolder]) -> None:
    url, store, _ = cached
    first, data = calls(url, store, SITES, {"n": 100})
    again, same = calls(url, store, SITES, {"n": 100})
    assert first > 0 and again == 0 and same == data
    smaller, _ = calls(url, store, SITES, {"n": 2})  # another response, from the same cached results
    assert smaller == 0


def relabelled(compiled: Compiled, entity_id: str, label: str) -> EmbeddedStore:
    subject = ox.NamedNode(entity_iri(entity_id))
    english = {ox.NamedNode(RDFS + "label"), ox.NamedNode(SKOS + "prefLabel")}
    quads = []
    for quad in compiled.quads:
        if quad.subject == subject and quad.predicate in english and getattr(quad.object, "language", None) == "en":
            quad = ox.Quad(quad.subject, quad.predicate, ox.Literal(label, language="en"), quad.graph_name)
        quads.append(quad)
    return EmbeddedStore(quads)


def test_a_reload_is_answered_at_once_despite_the_caches(
    compiled: Compiled, cached: tuple[str, EmbeddedStore, GraphHolder]
) -> None:
    url, _, holder = cached
    query = '{ entity(id: "openai") { label } }'
    for _ in range(2):  # the second answer comes from the caches
        assert ask(url, query) == {"entity": {"label": "OpenAI"}}
    holder.swap(snapshot_of(relabelled(compiled, "openai", "OpenAI, renamed")))
    assert ask(url, query) == {"entity": {"label": "OpenAI, renamed"}}
