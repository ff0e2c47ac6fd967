"""Raw HTTP/1.1 over a socket, for requests no client library would send: bytes that are not
UTF-8 or not allowed in a request line or a header, unknown methods, broken percent-escapes."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RawResponse:
    status: int | None  # None: the server closed the connection without an answer
    head: bytes
    body: bytes


def exchange(url: str, request: bytes, timeout: float = 20.0) -> RawResponse:
    """Send `request` as is (it should say `Connection: close`) and read until the server closes.

    A server that neither answers nor closes within `timeout` seconds raises TimeoutError: a hang.
    """
    host, port = url.removeprefix("http://").split(":")
    deadline = time.monotonic() + timeout
    chunks = []
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        # the server may answer and close before reading everything (a 413, a 400)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        for _ in range(100_000):  # bounded: at most 100,000 reads, and `timeout` seconds
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            except TimeoutError:
                raise TimeoutError(f"no answer within {timeout} s to {request[:80]!r}") from None
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].split()
    status = int(status_line[1]) if len(status_line) >= 2 and status_line[1].isdigit() else None
    return RawResponse(status, head, body)


def request_bytes(
    method: bytes, target: bytes, headers: Sequence[tuple[bytes, bytes]] = (), body: bytes = b""
) -> bytes:
    """An HTTP/1.1 request, exactly these bytes (Host, Content-Length and Connection added)."""
    lines = [method + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1"]
    lines += [name + b": " + value for name, value in headers]
    if body:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
