"""Fixtures (a pytest plugin) for the API tests that must pass on both stores.

- `oxigraph_store`: a real Oxigraph server (PyPI package `oxigraph`) on a free 127.0.0.1 port,
  default graph = union of the named graphs, loaded with the seed dataset by the real
  `stargate-kg push` command;
- `sparql_server`: a real `server.py`, once over the embedded store and once over that remote
  store (`--store URL`), with a short query timeout and a small row cap so the limits can be
  exercised quickly.

Test modules use them with `pytest_plugins = ["tests.stores"]`, so each server starts once per
session whichever modules ask for it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import psutil
import pytest

from tests.live import LiveServer, run_server, stop
from tests.oxigraph import OxigraphServer, run_cli, start_oxigraph

TIMEOUT_S = 3  # sparql_timeout of the test servers: long for a normal query, short for a runaway
MAX_ROWS = 1000  # sparql_max_rows of the test servers


@pytest.fixture(scope="session")
def oxigraph_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    try:
        pushed = run_cli("push", "--endpoint", server.store_url)
        if pushed.returncode != 0:
            raise RuntimeError(f"stargate-kg push failed: {pushed.stderr}")
        yield server
    finally:
        stop(server.process)


@dataclass
class SparqlServer:
    kind: str  # "embedded" or "remote"
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


@pytest.fixture(scope="session", params=["embedded", "remote"])
def sparql_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    flags = ["--sparql-timeout", str(TIMEOUT_S), "--sparql-max-rows", str(MAX_ROWS)]
    if request.param == "remote":
        remote: OxigraphServer = request.getfixturevalue("oxigraph_store")
        flags += ["--store", remote.query_url]
    with run_server(*flags, log_dir=tmp_path_factory.mktemp(f"sparql-{request.param}")) as live:
        yield SparqlServer(request.param, live)
