"""/export/{format}: the whole dataset as a download, in any format of graph/store/export.py's FORMATS:
the RDF syntaxes of the dataset (EXPORTS, listed at /export) and the statement-level formats
(STATEMENT_EXPORTS, listed at /export/statements).

Streamed: Oxigraph serializes in a thread into a bounded queue of chunks, and the response sends
them as they come, so a large graph never sits whole in memory as bytes. A client that hangs
up stops the serializer (its next write fails). TriG, N-Quads and JSON-LD keep the named graphs;
Turtle, N-Triples and RDF/XML carry their union.

Resumable (graph/http/ranges.py): the embedded store serializes a graph version to the same
bytes every time, so a range is that serialization with the bytes before it skipped and the
serializer stopped after it; its length is counted once per graph version and format. No file
is written. A remote store's quads come in its server's order, which may change: no ranges.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import AsyncGenerator, AsyncIterator

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from graph.http.ranges import ACCEPT_RANGES, Span, Unsatisfiable, requested_span, unsatisfiable
from graph.store.backends import EmbeddedStore, Store
from graph.store.export import EXPORTS, FORMATS, STATEMENT_EXPORTS, RdfExport, StatementExport
from graph.store.snapshot import GraphHolder, Snapshot

CHUNK_BYTES = 64 * 1024
QUEUE_CHUNKS = 16
_DONE = b""
Export = RdfExport | StatementExport


class _Cancelled(Exception):
    """The client went away: stop serializing."""


class _ChunkWriter:
    """A binary file object whose writes become chunks on a bounded queue."""

    def __init__(self, chunks: queue.Queue[bytes | BaseException], cancelled: threading.Event) -> None:
        self.chunks, self.cancelled = chunks, cancelled
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self._put(bytes(self.buffer))
            self.buffer.clear()

    def _put(self, item: bytes | BaseException) -> None:
        while True:  # bounded by the consumer: it drains the queue or sets `cancelled`
            if self.cancelled.is_set():
                raise _Cancelled
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def finish(self, error: BaseException | None = None) -> None:
        self.flush()
        self._put(error if error is not None else _DONE)


class _Counter:
    """A binary file object that only counts what is written to it."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        return len(data)

    def flush(self) -> None:
        return None


def _length(snapshot: Snapshot, export: Export) -> int:
    """The export's size in bytes, serialized once per graph version (in the caller's thread)."""

    def count() -> int:
        counter = _Counter()
        export.write(snapshot.store.quads(), counter)  # type: ignore[arg-type]
        return counter.written

    return snapshot.memo(f"graph.server.export-length {export.name}", count)


def _produce(store: Store, export: Export, writer: _ChunkWriter) -> None:
    try:
        export.write(store.quads(), writer)  # type: ignore[arg-type]
        writer.finish()
    except _Cancelled:
        return
    except Exception as error:
        writer.finish(error)


async def _stream(store: Store, export: Export) -> AsyncGenerator[bytes, None]:
    chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=QUEUE_CHUNKS)
    cancelled = threading.Event()
    producer = threading.Thread(
        target=_produce,
        args=(store, export, _ChunkWriter(chunks, cancelled)),
        name=f"export-{export.name}",
        daemon=True,
    )
    producer.start()
    try:
        while True:
            try:  # a short wait, so that a cancelled download frees its thread soon
                item = await anyio.to_thread.run_sync(chunks.get, True, 1.0)
            except queue.Empty:
                continue
            if isinstance(item, BaseException):
                raise item  # the response is under way: ending it early is all that is left
            if item == _DONE:
                return
            yield item
    finally:
        cancelled.set()


async def _sliced(chunks: AsyncGenerator[bytes, None], span: Span) -> AsyncIterator[bytes]:
    """The bytes of `span` out of the chunks of the whole body; the rest is not produced."""
    offset = 0
    try:
        async for chunk in chunks:
            end = offset + len(chunk)
            if end > span.start:
                yield chunk[max(0, span.start - offset) : span.stop - offset]
            offset = end
            if offset >= span.stop:
                return
    finally:
        await chunks.aclose()  # stops the serializer


def download_name(export: Export) -> str:
    return f"stargate-kg.{export.extension}"


async def export(request: Request) -> Response:
    name = request.path_params["format"]
    if name not in FORMATS:
        return JSONResponse({"error": f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}"}, status_code=404)
    chosen = FORMATS[name]
    missing = chosen.missing() if isinstance(chosen, StatementExport) else None
    if missing:
        return JSONResponse({"error": missing}, status_code=501)
    holder: GraphHolder = request.app.state.graph
    snapshot = holder.current
    headers = {
        "Content-Disposition": f'attachment; filename="{download_name(chosen)}"',
        "ETag": f'"{snapshot.version}-{chosen.name}"',
    }
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    media_type = chosen.media_type + ("; charset=utf-8" if chosen.media_type.startswith("text/") else "")
    if not isinstance(snapshot.store, EmbeddedStore):
        return StreamingResponse(_stream(snapshot.store, chosen), media_type=media_type, headers=headers)
    headers.update(ACCEPT_RANGES)
    if "range" in request.headers:
        length = await anyio.to_thread.run_sync(_length, snapshot, chosen)
        try:
            span = requested_span(request.headers, headers["ETag"], length)
        except Unsatisfiable:
            return unsatisfiable(length, headers)
        if span is not None:
            headers.update({"Content-Range": span.content_range, "Content-Length": str(span.stop - span.start)})
            body = _sliced(_stream(snapshot.store, chosen), span)
            return StreamingResponse(body, status_code=206, media_type=media_type, headers=headers)
    return StreamingResponse(_stream(snapshot.store, chosen), media_type=media_type, headers=headers)


async def formats(request: Request) -> JSONResponse:
    """The export formats, with their URLs and media types."""
    return JSONResponse(
        [
            {
                "format": e.name,
                "label": e.label,
                "media_type": e.media_type,
                "url": f"{request.base_url}export/{e.name}",
                "named_graphs": e.keeps_graphs,
            }
            for e in EXPORTS.values()
        ]
    )


async def statement_formats(request: Request) -> JSONResponse:
    """The statement-level formats, with their URLs, media types and the reader tests read them with."""
    return JSONResponse(
        [
            {
                "format": e.name,
                "label": e.label,
                "media_type": e.media_type,
                "url": f"{request.base_url}export/{e.name}",
                "reader": e.reader,
            }
            for e in STATEMENT_EXPORTS.values()
        ]
    )


def routes() -> list[Route]:
    return [
        Route("/export", formats, methods=["GET"]),
        Route("/export/statements", statement_formats, methods=["GET"]),  # before /export/{format}
        Route("/export/{format}", export, methods=["GET"]),
    ]
