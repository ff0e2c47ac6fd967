"""limits.py: oversized and slow request bodies are refused, and the server keeps serving."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from tests.live import LiveServer, run_server


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    with run_server(
        "--max-body-bytes",
        "1000",
        "--body-timeout",
        "2",
        "--header-timeout",
        "2",
        log_dir=tmp_path_factory.mktemp("strict"),
    ) as server:
        yield server  # type: ignore[misc]


SPARQL_QUERY = {"Content-Type": "application/sparql-query"}  # /sparql reads such a body


def test_a_declared_oversized_body_is_refused_with_413(strict_server: LiveServer) -> None:
    response = httpx.post(strict_server.url + "/sparql", content=b"x" * 5000, headers=SPARQL_QUERY)
    assert response.status_code == 413
    assert "larger than 1000 bytes" in response.json()["error"]


def test_a_chunked_oversized_body_is_refused_too(strict_server: LiveServer) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b"y" * 500

    response = httpx.post(strict_server.url + "/sparql", content=chunks(), headers=SPARQL_QUERY)
    assert "content-length" not in response.request.headers  # sent chunked: no size declared up front
    assert response.status_code == 413
    assert "larger than 1000 bytes" in response.json()["error"]
    assert httpx.get(strict_server.url + "/health").status_code == 200


def test_a_body_that_trickles_past_the_deadline_gets_408(strict_server: LiveServer) -> None:
    host, port = strict_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
        )
        sock.sendall(b"A")
        time.sleep(3)
        reply = sock.recv(4096).decode("latin-1")
    assert reply.startswith("HTTP/1.1 408"), reply
    assert "request body not received within 2 s" in reply
    assert httpx.get(strict_server.url + "/health").status_code == 200


def test_headers_that_trickle_past_the_deadline_close_the_connection(strict_server: LiveServer) -> None:
    host, port = strict_server.url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        closed = False
        for _ in range(20):  # one header byte a second, bounded
            try:
                sock.sendall(b"X")
                if sock.recv(1, socket.MSG_DONTWAIT) == b"":
                    closed = True
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed = True
                break
            time.sleep(1)
    assert closed, "the server kept a header-trickling connection open"
    assert time.monotonic() - started < 15
    assert httpx.get(strict_server.url + "/health").status_code == 200
    assert "no complete request headers" in strict_server.log()
