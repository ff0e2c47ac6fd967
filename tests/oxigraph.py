"""A real Oxigraph server (PyPI package `oxigraph`) for tests, and the CLI run as a process."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.live import ROOT, free_port


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
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server (PyPI package oxigraph, a dev dependency) is not installed")
    return found


def start_oxigraph(location: Path | None, timeout_s: float = 20, start_within: float = 60) -> OxigraphServer:
    """An Oxigraph server whose default graph is the union of its named graphs, persisted in
    `location` (None: held in memory, as the embedded store is), answering queries for up to
    `timeout_s` and started within `start_within` seconds."""
    port = free_port()
    where = ["--location", str(location)] if location is not None else []
    process = subprocess.Popen(
        [
            oxigraph_executable(),
            "serve",
            *where,
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            "--timeout-s",
            f"{timeout_s:g}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = OxigraphServer(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + start_within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}")
        try:
            httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"oxigraph did not start within {start_within:g} s")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
