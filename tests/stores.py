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

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from tests.live import ROOT, LiveServer, free_port, run_server

TIMEOUT_S = 3  # sparql_timeout of the test servers: long for a normal query, short for a runaway
MAX_ROWS = 1000  # sparql_max_rows of the test servers


@dataclass
class OxigraphServer:
    url: str
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    @property
    def update_url(self) -> str:
        return self.url + "/update"


def oxigraph_executable() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        raise RuntimeError("the oxigraph server (PyPI package oxigraph, a dev dependency) is not installed")
    return found


def start_oxigraph(location: Path) -> OxigraphServer:
    """An Oxigraph server whose default graph is the union of its named graphs."""
    port = free_port()
    process = subprocess.Popen([oxigraph_executable(), "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "20"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = OxigraphServer(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}")
        try:
            httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("oxigraph did not start within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


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
        """The server's query worker processes (graph/query_pool.py starts them)."""
        children = psutil.Process(self.live.process.pid).children(recursive=True)
        found = set()
        for child in children:
            try:
                if "graph.sparql_worker" in child.cmdline() and child.status() != psutil.STATUS_ZOMBIE:
                    found.add(child.pid)
            except psutil.NoSuchProcess:
                continue
        return found


@pytest.fixture(scope="session", params=["embedded", "remote"])
def sparql_server(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    flags = ["--sparql-timeout", str(TIMEOUT_S), "--sparql-max-rows", str(MAX_ROWS)]
    if request.param == "remote":
        remote: OxigraphServer = request.getfixturevalue("oxigraph_store")
        flags += ["--store", remote.query_url]
    with run_server(*flags, log_dir=tmp_path_factory.mktemp(f"sparql-{request.param}")) as live:
        yield SparqlServer(request.param, live)
