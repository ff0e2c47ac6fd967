"""graph/analytics/fast_paths.py: igraph's answers are networkx's, on the seed graph and a generated world."""

from __future__ import annotations

import networkx as nx
import pytest

from bench.generate import generate
from graph.analytics.centrality import RANK_DIGITS, collapsed
from graph.analytics.centrality_choices import WEIGHTS
from graph.analytics.fast_paths import FAST_PATHS, betweenness
from graph.analytics.nx_backend import run
from graph.analytics.projection import Projection, build_projection
from graph.ingest.pipeline import compile_seeds
from graph.store.backends import EmbeddedStore


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Projection:
    """A generated world of three replicas: shared hubs, edges between replicas."""
    seeds = tmp_path_factory.mktemp("world") / "x3"
    generate(seeds, 3)
    return build_projection(EmbeddedStore(compile_seeds(seeds, shacl=False).quads))


def graphs(projection: Projection) -> list[tuple[str, nx.DiGraph, str | None]]:
    return [
        (name, collapsed(projection, weight), None if name == "none" else "distance")
        for name, weight in WEIGHTS.items()
    ]


def ranked(values: dict[str, float]) -> list[str]:
    """The order graph/analytics/centrality.py's `ranking` gives (its label tie-break aside)."""
    return sorted(values, key=lambda n: (-round(values[n], RANK_DIGITS), n))


@pytest.mark.parametrize("samples", [None, 40])
def test_betweenness_equals_networkx_on_the_seed_graph(store: EmbeddedStore, samples: int | None) -> None:
    for name, graph, weight in graphs(build_projection(store)):
        expected = nx.betweenness_centrality(graph, k=samples, seed=42, weight=weight)
        got = betweenness(graph, k=samples, seed=42, weight=weight)
        assert got == pytest.approx(expected, abs=1e-12), name
        assert ranked(got) == ranked(expected), name


@pytest.mark.parametrize("samples", [None, 256])
def test_betweenness_equals_networkx_on_a_generated_world(world: Projection, samples: int | None) -> None:
    for name, graph, weight in graphs(world):
        expected = nx.betweenness_centrality(graph, k=samples, seed=42, weight=weight)
        got = betweenness(graph, k=samples, seed=42, weight=weight)
        assert got == pytest.approx(expected, abs=1e-12), name
        assert ranked(got) == ranked(expected), name


def test_unnormalized_and_undirected_calls_give_networkx_answers() -> None:
    directed = nx.gnm_random_graph(120, 400, seed=3, directed=True)
    assert betweenness(directed, normalized=False) == pytest.approx(
        nx.betweenness_centrality(directed, normalized=False)
    )
    undirected = nx.gnm_random_graph(120, 400, seed=3)
    assert betweenness(undirected, k=30, seed=1) == nx.betweenness_centrality(undirected, k=30, seed=1)


def test_run_takes_the_fast_path_without_a_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int | None] = []
    monkeypatch.setitem(FAST_PATHS, nx.betweenness_centrality, lambda graph, k=None, **_: calls.append(k) or {})
    run(nx.betweenness_centrality, nx.path_graph(3, create_using=nx.DiGraph), k=None)
    assert calls == [None]
