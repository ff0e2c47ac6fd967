"""graph/analytics/nx_backend.py: algorithms dispatched to an installed networkx backend give networkx's results."""

from __future__ import annotations

import logging

import networkx as nx
import pytest

from graph.analytics.centrality import scores
from graph.analytics.nx_backend import implements, installed, run
from graph.analytics.projection import build_projection
from graph.store.backends import EmbeddedStore

DISPATCH_LOG = "networkx.utils.backends"


def dispatched_to(caplog: pytest.LogCaptureFixture, backend: str, algorithm: str) -> bool:
    return any(f"Using backend '{backend}' for call to `{algorithm}'" in r.getMessage() for r in caplog.records)


def test_nx_parallel_is_registered_and_implements_betweenness() -> None:
    assert "parallel" in installed()
    assert implements(nx.betweenness_centrality, "parallel")
    assert not implements(nx.pagerank, "parallel")
    assert not implements(nx.betweenness_centrality, "")


@pytest.mark.parametrize("samples", [None, 60])
def test_parallel_betweenness_equals_networkx(caplog: pytest.LogCaptureFixture, samples: int | None) -> None:
    graph = nx.gnm_random_graph(300, 900, seed=3, directed=True)
    expected = nx.betweenness_centrality(graph, k=samples, seed=42)
    with caplog.at_level(logging.DEBUG, logger=DISPATCH_LOG):
        got = run(nx.betweenness_centrality, graph, k=samples, seed=42, backend="parallel")
    assert dispatched_to(caplog, "parallel", "betweenness_centrality")
    assert got == pytest.approx(expected, abs=1e-12)


def test_an_algorithm_the_backend_lacks_runs_on_networkx(caplog: pytest.LogCaptureFixture) -> None:
    graph = nx.gnm_random_graph(200, 600, seed=5, directed=True)
    with caplog.at_level(logging.DEBUG, logger=DISPATCH_LOG):
        got = run(nx.pagerank, graph, backend="parallel")
    assert not dispatched_to(caplog, "parallel", "pagerank")
    assert got == pytest.approx(nx.pagerank(graph))


def test_seed_centralities_agree_across_backends(store: EmbeddedStore) -> None:
    projection = build_projection(store)
    for measure in ("betweenness", "pagerank", "closeness"):
        assert scores(projection, measure, backend="parallel") == pytest.approx(
            scores(projection, measure, backend=""), abs=1e-12
        ), measure


def test_an_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"backend 'cugraph' is not installed; installed backends: .*parallel"):
        run(nx.pagerank, nx.path_graph(3), backend="cugraph")
