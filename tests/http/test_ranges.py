"""ranges.py: exports and dumps are resumable downloads (Range, If-Range, 206, 416), over real HTTP."""

from __future__ import annotations

import httpx
import pytest
from starlette.datastructures import Headers

from graph.http.ranges import Span, Unsatisfiable, requested_span
from tests.live import LiveServer

DOWNLOADS = ["/export/turtle", "/export/nquads", "/dump/graphml", "/dump/png"]


def get(server: LiveServer, path: str, **headers: str) -> httpx.Response:
    return httpx.get(server.url + path, headers=headers, timeout=120)


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_download_cut_short_is_resumed_with_its_missing_bytes(live_server: LiveServer, path: str) -> None:
    whole = get(live_server, path)
    assert whole.status_code == 200 and whole.headers["accept-ranges"] == "bytes"
    body, etag = whole.content, whole.headers["etag"]
    cut = len(body) // 3
    rest = get(live_server, path, Range=f"bytes={cut}-", **{"If-Range": etag})
    assert rest.status_code == 206
    assert rest.headers["content-range"] == f"bytes {cut}-{len(body) - 1}/{len(body)}"
    assert int(rest.headers["content-length"]) == len(body) - cut
    assert body[:cut] + rest.content == body


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_middle_range_and_a_suffix_are_those_bytes(live_server: LiveServer, path: str) -> None:
    body = get(live_server, path).content
    middle = get(live_server, path, Range="bytes=100-1099")
    assert (middle.status_code, middle.content) == (206, body[100:1100])
    assert middle.headers["content-range"] == f"bytes 100-1099/{len(body)}"
    suffix = get(live_server, path, Range="bytes=-500")
    assert (suffix.status_code, suffix.content) == (206, body[-500:])


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_range_past_the_end_is_416_with_the_length(live_server: LiveServer, path: str) -> None:
    length = len(get(live_server, path).content)
    response = get(live_server, path, Range=f"bytes={length}-")
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{length}"


@pytest.mark.parametrize("path", ["/export/trig", "/dump/graphml"])
def test_an_if_range_of_another_version_gets_the_whole_body(live_server: LiveServer, path: str) -> None:
    """The rest of a changed representation would corrupt the client's file."""
    body = get(live_server, path).content
    stale = get(live_server, path, Range="bytes=10-", **{"If-Range": '"an-old-version"'})
    assert (stale.status_code, stale.content) == (200, body)
    several = get(live_server, path, Range="bytes=0-9,20-29")
    assert (several.status_code, several.content) == (200, body)


def span(header: str, length: int = 1000, if_range: str | None = None) -> Span | None:
    headers = {"range": header} | ({"if-range": if_range} if if_range else {})
    return requested_span(Headers(headers), '"v1"', length)


def test_range_headers_are_read_as_rfc_9110_says() -> None:
    assert span("bytes=0-0") == Span(0, 1, 1000)
    assert span("bytes=990-5000") == Span(990, 1000, 1000)  # a last byte past the end: up to the end
    assert span("bytes=-2000") == Span(0, 1000, 1000)  # a suffix longer than the body: all of it
    assert span("bytes = 5 - 9") == Span(5, 10, 1000)
    assert span("bytes=9-5") is None  # not a valid range: ignored
    assert span("items=0-9") is None
    assert span("bytes=0-9", if_range='"v1"') == Span(0, 10, 1000)
    assert span("bytes=0-9", if_range="Wed, 21 Oct 2015 07:28:00 GMT") is None
    for header, length in [("bytes=1000-", 1000), ("bytes=-0", 1000), ("bytes=0-", 0)]:
        with pytest.raises(Unsatisfiable):
            span(header, length)
