"""stargate-kg push: the dataset lands on a real Oxigraph server, named graphs included."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graph.ingest.pipeline import Compiled
from graph.store.push import PushError, push
from tests.live import free_port, stop
from tests.oxigraph import OxigraphServer, run_cli, start_oxigraph


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = start_oxigraph(tmp_path / "store")
    yield server
    stop(server.process)


def server_quads(server: OxigraphServer) -> set[ox.Quad]:
    response = httpx.get(server.store_url, headers={"Accept": "application/n-quads"}, timeout=60)
    assert response.status_code == 200
    return set(ox.parse(response.content, format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize(("protocol", "url"), [("gsp", "store_url"), ("update", "update_url")])
def test_push_loads_every_quad_into_its_named_graph(
    empty_server: OxigraphServer, compiled: Compiled, protocol: str, url: str
) -> None:
    result = run_cli("push", "--endpoint", getattr(empty_server, url), "--protocol", protocol)
    assert result.returncode == 0, result.stderr
    expected = set(compiled.quads)
    assert f"pushed {len(expected)} quads" in result.stdout
    assert server_quads(empty_server) == expected


def test_pushing_twice_gives_the_same_dataset(empty_server: OxigraphServer, compiled: Compiled) -> None:
    for _ in range(2):
        assert run_cli("push", "--endpoint", empty_server.store_url).returncode == 0
    assert server_quads(empty_server) == set(compiled.quads)


def test_a_graph_already_on_the_server_is_replaced_not_added_to(
    empty_server: OxigraphServer, compiled: Compiled
) -> None:
    graph = next(q.graph_name for q in compiled.quads)
    stale = ox.Quad(ox.NamedNode("urn:stale"), ox.NamedNode("urn:p"), ox.Literal("old"), graph)
    httpx.post(
        empty_server.update_url,
        content=f"INSERT DATA {{ GRAPH {graph} {{ {stale.triple} }} }}".encode(),
        headers={"Content-Type": "application/sparql-update"},
    ).raise_for_status()
    assert run_cli("push", "--endpoint", empty_server.store_url).returncode == 0
    assert stale not in server_quads(empty_server)


def test_an_unreachable_server_is_a_clear_error() -> None:
    result = run_cli("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--timeout", "5")
    assert result.returncode == 1
    assert "push failed: cannot reach" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_refusing_server_is_a_clear_error(empty_server: OxigraphServer) -> None:
    result = run_cli("push", "--endpoint", empty_server.query_url)  # a query endpoint takes no PUT
    assert result.returncode == 1
    assert "the server answered 4" in result.stderr


def test_blank_nodes_are_refused_before_anything_is_sent() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        quad = ox.Quad(ox.BlankNode(), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g"))
        with pytest.raises(PushError, match="blank node"):
            push([quad], f"http://127.0.0.1:{listener.getsockname()[1]}/store")
        with pytest.raises(TimeoutError):
            listener.accept()


def test_the_dataset_has_no_blank_nodes(compiled: Compiled) -> None:
    """What makes graph-by-graph loading (and `serve --store`) work: every node has an IRI."""
    terms = [t for q in compiled.quads for t in (q.subject, q.object, q.graph_name)]
    assert not [t for t in terms if isinstance(t, ox.BlankNode)]
