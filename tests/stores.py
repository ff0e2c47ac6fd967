"""Fixtures (a pytest plugin) for the API tests that must pass on both stores.

- `oxigraph_store`: a real Oxigraph server (PyPI package `oxigraph`) on a free 127.0.0.1 port,
  default graph = union of the named graphs, loaded with the seed dataset by the real
  `stargate-kg push` command;
- `virtuoso_store`: a real Virtuoso server (tests/virtuoso.py), loaded the same way;
- `remote_store`: each of the two in turn, for the tests that hold of any SPARQL server;
- `sparql_server`: a real `server.py`, once over the embedded store and once over that remote
  store (`--store URL`), with a short query timeout and a small row cap so the limits can be
  exercised quickly.

Test modules use them with `pytest_plugins = ["tests.stores"]`, so each server starts once per
session whichever modules ask for it.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

import httpx
import psutil
import pytest

from tests.live import LiveServer, run_server, stop
from tests.oxigraph import OxigraphServer, run_cli, start_oxigraph
from tests.virtuoso import VirtuosoServer, start_virtuoso

S = TypeVar("S", OxigraphServer, VirtuosoServer)

TIMEOUT_S = 3  # sparql_timeout of the test servers: long for a normal query, short for a runaway
MAX_ROWS = 1000  # sparql_max_rows of the test servers


class RemoteServer(Protocol):
    """A SPARQL server the API can serve from: queries at `query_url`, a Graph Store at `store_url`."""

    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str: ...
    @property
    def store_url(self) -> str: ...


def _pushed(server: S) -> Iterator[S]:
    """The server loaded with the seed dataset by the real `stargate-kg push`, stopped after."""
    try:
        pushed = run_cli("push", "--endpoint", server.store_url)
        if pushed.returncode != 0:
            raise RuntimeError(f"stargate-kg push failed: {pushed.stderr}")
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="session")
def oxigraph_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    yield from _pushed(start_oxigraph(tmp_path_factory.mktemp("oxigraph")))


@pytest.fixture(scope="session")
def virtuoso_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    yield from _pushed(start_virtuoso(tmp_path_factory.mktemp("virtuoso")))


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def remote_store(request: pytest.FixtureRequest) -> RemoteServer:
    server: RemoteServer = request.getfixturevalue(f"{request.param}_store")
    return server


@dataclass
class SparqlServer:
    kind: str  # "embedded", or the remote store's engine: "oxigraph"
    live: LiveServer
    timeout: float = TIMEOUT_S
    max_rows: int = MAX_ROWS

    @property
    def url(self) -> str:
        return self.live.url

    @property
    def endpoint(self) -> str:
        return self.live.url + "/sparql"

    def worker_pids(self) -> set[int]:
        """The server's query worker processes (graph/sparql/pool.py starts them)."""
        found = self._worker_pids()
        if found:
            return found
        # none yet: the pool starts with the first query, so ask one and wait (bounded) for them
        httpx.get(self.endpoint, params={"query": "ASK {}"}, timeout=60).raise_for_status()
        for _ in range(400):
            found = self._worker_pids()
            if len(found) >= 2:
                break
            time.sleep(0.05)
        return found

    def _worker_pids(self) -> set[int]:
        children = psutil.Process(self.live.process.pid).children(recursive=True)
        found = set()
        for child in children:
            try:
                if "graph.sparql.worker" in child.cmdline() and child.status() != psutil.STATUS_ZOMBIE:
                    found.add(child.pid)
            except psutil.NoSuchProcess:
                continue
        return found


# The endpoint passes queries through to the store, and reads a remote store's answers as TSV (lines,
# so it can stop at its row cap): Virtuoso 7 writes a TSV of its own (IRIs and literals alike as
# quoted strings), so it serves the API (remote_store) but not the endpoint.
@pytest.fixture(scope="session", params=["embedded", "oxigraph"])
def sparql_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    flags = ["--sparql-timeout", str(TIMEOUT_S), "--sparql-max-rows", str(MAX_ROWS)]
    if request.param != "embedded":
        remote: RemoteServer = request.getfixturevalue(f"{request.param}_store")
        flags += ["--store", remote.query_url]
    with run_server(*flags, log_dir=tmp_path_factory.mktemp(f"sparql-{request.param}")) as live:
        yield SparqlServer(request.param, live)
