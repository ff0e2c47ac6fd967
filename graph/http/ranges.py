"""Range requests (RFC 9110 section 14): resumable downloads of exports and dumps.

A client that lost a download asks for the rest with `Range: bytes=N-`, and `If-Range: <ETag>`
so that it only gets bytes of the same representation: 206 with Content-Range for a range within
the body, 416 with `Content-Range: bytes */length` for one past its end. The full body (200)
answers a Range header that does not parse, names several ranges, or comes with an If-Range that
is not the current ETag (a date, a weak or an old tag): the server MAY ignore a Range, and the
rest of a changed representation would corrupt the client's file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse, Response

_RANGE = re.compile(r"bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", re.IGNORECASE)
ACCEPT_RANGES = {"Accept-Ranges": "bytes"}


@dataclass(frozen=True)
class Span:
    """Bytes [start, stop) of a body of `length` bytes."""

    start: int
    stop: int
    length: int

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.stop - 1}/{self.length}"


class Unsatisfiable(Exception):
    """The range starts past the end of the body."""


def requested_span(headers: Headers, etag: str, length: int) -> Span | None:
    """The one range the request asks for, None for the whole body; Unsatisfiable for a range
    past the end."""
    header = headers.get("range")
    if header is None:
        return None
    if_range = headers.get("if-range")
    if if_range is not None and (if_range.strip() != etag or etag.startswith("W/")):
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None  # unparsable or several ranges: the whole body
    first, last = match.groups()
    if not first and not last:
        return None
    if length == 0:
        raise Unsatisfiable
    if not first:  # the last `last` bytes
        if int(last) == 0:
            raise Unsatisfiable
        return Span(max(0, length - int(last)), length, length)
    start = int(first)
    stop = length if not last else int(last) + 1
    if last and stop <= start:
        return None  # last before first: not a valid range
    if start >= length:
        raise Unsatisfiable
    return Span(start, min(stop, length), length)


def unsatisfiable(length: int, headers: dict[str, str]) -> Response:
    return PlainTextResponse(
        f"the range starts past the end of the {length} bytes",
        status_code=416,
        headers={**headers, "Content-Range": f"bytes */{length}"},
    )


def ranged(body: bytes, request_headers: Headers, etag: str, media_type: str, headers: dict[str, str]) -> Response:
    """A body in memory, whole (200) or the range asked for (206), or 416."""
    headers = {**headers, **ACCEPT_RANGES, "ETag": etag}
    try:
        span = requested_span(request_headers, etag, len(body))
    except Unsatisfiable:
        return unsatisfiable(len(body), headers)
    if span is None:
        return Response(body, media_type=media_type, headers=headers)
    return Response(
        body[span.start : span.stop],
        status_code=206,
        media_type=media_type,
        headers={**headers, "Content-Range": span.content_range},
    )
