"""The benchmarks' server child process: a free loopback port, waiting for it to serve, stopping it.

Every load benchmark measures a real uvicorn in its own process, so the client's work never
shares an interpreter (or a GIL) with the server's.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time

import httpx
import psutil


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not start within {timeout} s")


def stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """SIGINT, as Ctrl-C would, so uvicorn shuts down gracefully (its SPARQL workers with it);
    killed if it has not exited within `timeout` seconds."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (0 once it is gone): a server with its
    worker processes."""
    total = 0
    with contextlib.suppress(psutil.Error):
        total += process.memory_info().rss
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
    return total
