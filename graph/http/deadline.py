"""The server's HTTP/1.1 protocol: uvicorn's h11 one, stricter where requests could be abused.

- Slowloris: uvicorn arms its keep-alive timer only after a response and cancels it on any byte
  received, so a client sending one header byte every few seconds holds a connection forever.
  This protocol gives every request a deadline for its complete header block, from connection
  start and again after each response.
- Request smuggling: a request with both Content-Length and Transfer-Encoding is framed one way
  here and maybe the other way by a proxy in front; h11 frames it by Transfer-Encoding and keeps
  the connection, so whatever follows the chunked body is answered as a request of its own.
  RFC 9112 section 6.3 says to close the connection after answering such a message: it is
  refused with a 400 and `Connection: close`, and nothing after it on the connection is read.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class _SingleFraming(h11.Connection):
    """h11's server connection, refusing a request framed by both Content-Length and
    Transfer-Encoding (uvicorn answers a RemoteProtocolError with a 400 and closes)."""

    def next_event(self) -> Any:
        event = super().next_event()
        if isinstance(event, h11.Request):
            names = {name for name, _ in event.headers}
            if b"content-length" in names and b"transfer-encoding" in names:
                raise h11.RemoteProtocolError("both Content-Length and Transfer-Encoding", error_status_hint=400)
        return event


class HeaderDeadlineProtocol(H11Protocol):
    header_timeout: float = 10.0
    _deadline: asyncio.TimerHandle | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        size = self.config.h11_max_incomplete_event_size  # what uvicorn gave its own connection
        self.conn = _SingleFraming(h11.SERVER) if size is None else _SingleFraming(h11.SERVER, size)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.header_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.warning(
                "closing %s: no complete request headers within %.0f s", self.client, self.header_timeout
            )
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the headers are in; the body has its own limits

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def protocol_with_timeout(seconds: float) -> type[HeaderDeadlineProtocol]:
    """A protocol class for uvicorn's `http=` option with the given header deadline."""
    attributes: dict[str, Any] = {"header_timeout": seconds}
    return type("HeaderDeadlineProtocol", (HeaderDeadlineProtocol,), attributes)
