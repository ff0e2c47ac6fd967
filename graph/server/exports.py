"""/export/{format}: the whole dataset as a download, in any format of graph/store/export.py's EXPORTS.

Streamed: Oxigraph serializes in a thread into a bounded queue of chunks, and the response sends
them as they come, so a large graph never sits whole in memory as bytes. A client that hangs
up stops the serializer (its next write fails). TriG, N-Quads and JSON-LD keep the named graphs;
Turtle, N-Triples and RDF/XML carry their union.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import AsyncIterator

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from graph.store.backends import Store
from graph.store.export import EXPORTS, RdfExport, serialize_to
from graph.store.snapshot import GraphHolder

CHUNK_BYTES = 64 * 1024
QUEUE_CHUNKS = 16
_DONE = b""


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


def _produce(store: Store, export: RdfExport, writer: _ChunkWriter) -> None:
    try:
        serialize_to(store.quads(), export, writer)  # type: ignore[arg-type]
        writer.finish()
    except _Cancelled:
        return
    except Exception as error:
        writer.finish(error)


async def _stream(store: Store, export: RdfExport) -> AsyncIterator[bytes]:
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


def download_name(export: RdfExport) -> str:
    return f"stargate-kg.{export.extension}"


async def export(request: Request) -> Response:
    name = request.path_params["format"]
    if name not in EXPORTS:
        return JSONResponse({"error": f"unknown format {name!r}; choose one of: {', '.join(EXPORTS)}"}, status_code=404)
    chosen = EXPORTS[name]
    holder: GraphHolder = request.app.state.graph
    snapshot = holder.current
    headers = {
        "Content-Disposition": f'attachment; filename="{download_name(chosen)}"',
        "ETag": f'"{snapshot.version}-{chosen.name}"',
    }
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    media_type = chosen.media_type + ("; charset=utf-8" if chosen.media_type.startswith("text/") else "")
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


def routes() -> list[Route]:
    return [Route("/export", formats, methods=["GET"]), Route("/export/{format}", export, methods=["GET"])]
