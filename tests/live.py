"""Real servers for tests: `python server.py` in a subprocess on a free 127.0.0.1 port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it has not exited within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


# Crash markers a server log must never show: uvicorn's line for an exception that escaped the
# application (the client got a 500), and h11's for one that escaped the protocol.
CRASH_MARKERS = ("Exception in ASGI application", "Unhandled exception")


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def assert_still_serving(server: LiveServer) -> None:
    """After abusive or fuzzed requests: /health, a normal GraphQL query and a normal SPARQL
    query are answered, and the log shows no request that raised."""
    assert httpx.get(server.url + "/health", timeout=10).status_code == 200
    graphql = httpx.post(server.url + "/graphql", json={"query": '{ entity(id: "softbank") { id label } }'}, timeout=30)
    assert graphql.status_code == 200
    assert graphql.json() == {"data": {"entity": {"id": "softbank", "label": "SoftBank Group"}}}
    sparql = httpx.get(
        server.url + "/sparql",
        params={"query": "ASK { sgid:masayoshi-son sg:chairs sgid:stargate }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert sparql.status_code == 200 and sparql.json()["boolean"] is True
    assert not any(marker in server.log() for marker in CRASH_MARKERS)


@contextmanager
def run_server(
    *args: str,
    log_dir: Path,
    env: dict[str, str] | None = None,
    startup_timeout: float = 120.0,
    command: Sequence[str] = (sys.executable, str(ROOT / "server.py")),
    cwd: Path = ROOT,
) -> Iterator[LiveServer]:
    """Start server.py (or another serving `command`) with the given flags; yield once /health
    answers; stop it afterwards."""
    port = free_port()
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{server.log()}")
            try:
                if httpx.get(server.url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start within {startup_timeout} s:\n{server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        stop(process)
