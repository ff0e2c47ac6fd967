"""The document reader: /read lists the documents, /read/{id} shows one with its claims' quotes
highlighted (graph/static/curate/reader.js asks GraphQL for the text, the claims and their anchors).

/read/{id}#claim-{local id} scrolls to that claim's quote and marks it: the link a claim shown
anywhere else gives to its evidence in context (graph/http/links.py).
"""

from __future__ import annotations

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from graph.http.settings import Settings
from graph.ingest.seeds import DOCUMENT_ID_PATTERN
from graph.server.pages import page
from graph.store.snapshot import GraphHolder
from graph.vocab.namespaces import document_iri


def _page_size(request: Request) -> dict[str, str]:
    """The largest page GraphQL serves here: the script asks for claims in pages of it."""
    settings: Settings = request.app.state.settings
    return {"page-size": str(settings.max_page_size)}


async def documents(request: Request) -> Response:
    return page("documents", "reader.js", _page_size(request))


async def document(request: Request) -> Response:
    document_id = request.path_params["id"]
    holder: GraphHolder = request.app.state.graph
    if DOCUMENT_ID_PATTERN.match(document_id):
        query = f"ASK {{ <{document_iri(document_id)}> a sg:Document }}"
        if await anyio.to_thread.run_sync(holder.current.store.ask, query):
            return page(document_id, "reader.js", {"document": document_id, **_page_size(request)})
    return PlainTextResponse(f"no document {document_id!r}; /read lists them", status_code=404)


def routes() -> list[BaseRoute]:
    return [Route("/read", documents, methods=["GET"]), Route("/read/{id}", document, methods=["GET"])]
