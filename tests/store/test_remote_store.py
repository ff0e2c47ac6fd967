"""A remote SPARQL 1.1 server as the store: RemoteStore answers as the embedded store does, and
`stargate-kg serve --store URL` serves GraphQL and SPARQL from it."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import httpx
import pyoxigraph as ox

from graph.sparql.page import QUERY_DIR
from graph.store.backends import EmbeddedStore, RemoteStore, Row
from tests.live import ROOT, free_port

if TYPE_CHECKING:
    from tests.stores import RemoteServer

pytest_plugins = ["tests.stores"]


def unordered(rows: list[Row]) -> set[tuple[tuple[str, str], ...]]:
    """Rows as comparable sets, each cell's words sorted (GROUP_CONCAT may join in any order)."""
    return {tuple(sorted((k, " ".join(sorted(re.split(r'[\s"]+', str(v))))) for k, v in r.items())) for r in rows}


BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def canonical(quad: ox.Quad) -> ox.Quad:
    """The quad with a boolean in its canonical form: Virtuoso gives back "true" as "1", the same
    value in another lexical form (XSD 1.1, 3.3.2), which a reader must take as equal."""
    value = quad.object
    if isinstance(value, ox.Literal) and value.datatype == BOOLEAN:
        value = ox.Literal(str(value.value in ("1", "true")).lower(), datatype=BOOLEAN)
    return ox.Quad(quad.subject, quad.predicate, value, quad.graph_name)


def test_remote_store_answers_like_the_embedded_store(remote_store: RemoteServer, store: EmbeddedStore) -> None:
    remote = RemoteStore(remote_store.query_url)
    assert {canonical(q) for q in remote.quads()} == {canonical(q) for q in store.quads()}
    assert len(remote) == len(store)
    for path in sorted(QUERY_DIR.glob("*.rq")):
        query = path.read_text(encoding="utf-8")
        assert unordered(remote.select(query)) == unordered(store.select(query)), path.name
    assert remote.ask("ASK { sgid:masayoshi-son sg:chairs sgid:stargate }")
    assert not remote.ask("ASK { sgid:stargate sg:chairs sgid:masayoshi-son }")
    assert remote.version == RemoteStore(remote_store.query_url).version


def test_plain_strings_stay_plain_through_push_and_back(remote_store: RemoteServer, store: EmbeddedStore) -> None:
    """The xsd:string pitfall: a plain literal must match FILTER IN over plain strings on both stores."""
    query = 'SELECT ?e WHERE { ?e dcterms:identifier ?id FILTER(?id IN ("softbank", "openai")) }'
    remote = RemoteStore(remote_store.query_url)
    assert {r["e"].value for r in remote.select(query)} == {r["e"].value for r in store.select(query)}
    assert len(store.select(query)) == 2
    literal = next(q.object for q in remote.quads() if q.predicate.value.endswith("/identifier"))
    assert isinstance(literal, ox.Literal)


def test_cli_serve_answers_graphql_and_sparql_from_the_remote_store(remote_store: RemoteServer) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "graph.cli.main", "serve", "--store", remote_store.query_url, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # bounded wait for start-up (0.1 s each)
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, "serve exited"
            time.sleep(0.1)
        health = httpx.get(url + "/health").json()
        assert health["source"] == remote_store.query_url
        graphql = httpx.post(url + "/graphql", json={"query": '{ entity(id: "stargate") { id } }'}, timeout=30)
        assert graphql.status_code == 200
        assert graphql.json()["data"]["entity"]["id"] == "stargate"
        sparql = httpx.get(
            url + "/sparql",
            params={"query": "ASK { sgid:masayoshi-son sg:chairs sgid:stargate }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert sparql.json()["boolean"] is True
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_with_an_unreachable_store_says_so() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph.cli.main",
            "serve",
            "--store",
            f"http://127.0.0.1:{free_port()}/query",
            "--port",
            str(free_port()),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "cannot open the store" in result.stderr
    assert "Traceback" not in result.stderr
