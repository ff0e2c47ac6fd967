"""deadline.py: the server's HTTP/1.1 protocol refuses a request framed two ways, over a raw socket."""

from __future__ import annotations

import time

from tests.live import LiveServer, assert_still_serving
from tests.raw_http import exchange


def test_content_length_with_transfer_encoding_is_refused_and_the_connection_closed(live_server: LiveServer) -> None:
    """RFC 9112 section 6.3: h11 framed such a request by Transfer-Encoding and kept the
    connection, so the request smuggled behind the chunked body was answered too."""
    body = b'{"query": "{ __typename }"}'
    chunked = hex(len(body))[2:].encode() + b"\r\n" + body + b"\r\n0\r\n\r\n"
    smuggled = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    request = (
        b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + b"Content-Length: "
        + str(len(chunked)).encode()
        + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
        + chunked
        + smuggled
    )
    started = time.monotonic()
    answer = exchange(live_server.url, request, timeout=20)
    assert answer.status == 400
    assert b"connection: close" in answer.head.lower()
    assert b"HTTP/1.1" not in answer.body  # no second response: the smuggled request was not read
    assert time.monotonic() - started < 3  # closed at once, not by the keep-alive timeout (5 s)
    assert_still_serving(live_server)
