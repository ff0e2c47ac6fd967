"""The review page: a curator drafts an article (graph/draft, as `stargate-kg draft` does), keeps,
edits or rejects each suggestion and candidate entity, and saves them into the seeds
(graph/server/curation.py), after which GraphQL answers the new claims.

Writing seed files from HTTP is opt-in (`--curate`); without it every route here answers 403 and
nothing is drafted or written. The POST routes refuse requests from another origin (a browser's
Origin and Sec-Fetch-Site say where a request comes from), read at most what they need, and take
JSON or bytes only, so no plain HTML form on another site can send them.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from graph.draft.article import draft_article
from graph.draft.document import ArticleError, new_article
from graph.draft.output import draft_data
from graph.draft.rules import load_rules
from graph.http.links import claim_url
from graph.http.settings import Settings
from graph.ingest.pipeline import Sources
from graph.ingest.seeds import SCRIPT_LANGUAGES
from graph.server.curation import Curator, Rejected, parse_submission
from graph.server.pages import page
from graph.store.snapshot import GraphHolder

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SAVE_OVERHEAD = 1_000_000  # bytes a save may carry besides its article (base64: 4 bytes per 3)


def _refusal(request: Request) -> Response | None:
    """403 when curation is off (or the store is not built from seeds here)."""
    curator: Curator | None = request.app.state.curator
    if curator is None:
        settings: Settings = request.app.state.settings
        why = "the store is not built from seeds here" if settings.curate else "start the server with --curate"
        return PlainTextResponse(f"curation is off: {why}; nothing is drafted or written", status_code=403)
    return None


def _foreign(request: Request) -> Response | None:
    """403 for a request another site's page makes: its Sec-Fetch-Site is not same-origin, or its
    Origin is not this server's; and, on a server listening on a loopback interface, for a Host
    that is no loopback name (another site's name made to resolve to 127.0.0.1: DNS rebinding)."""
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if (site is not None and site != "same-origin") or (
        origin is not None and origin != f"{request.url.scheme}://{host}"
    ):
        return PlainTextResponse("cross-origin request refused", status_code=403)
    settings: Settings = request.app.state.settings
    if settings.host in LOOPBACK and urlsplit(f"//{host}").hostname not in LOOPBACK:
        return PlainTextResponse("refused: curation requests must name this server by a loopback name (Host)", 403)
    return None


async def _body(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is longer than `limit` bytes (reading stops there)."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            return None
    return bytes(data)


def _error(message: str, status_code: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status_code)


def _sources(request: Request) -> Sources:
    holder: GraphHolder = request.app.state.graph
    sources = holder.current.sources
    assert sources is not None  # curation is on only for a graph built from the seeds
    return sources


async def review_page(request: Request) -> Response:
    return _refusal(request) or page("review a new article", "review.js", {})


def _draft(data: bytes, sources: Sources) -> dict[str, Any]:
    """What `stargate-kg draft` writes, for the graph being served, plus the names the page's
    editing fields offer (entities, classes, relations)."""
    corpus, vocabulary = sources.corpus, sources.vocabulary
    article = new_article(Path("article"), data, corpus.documents)
    draft = draft_article(article, corpus.entities.values(), vocabulary)
    return {
        "draft": draft_data(draft),
        "text": article.text,
        "language": SCRIPT_LANGUAGES[article.script],
        "entities": sorted(
            ({"id": e.id, "label": e.label, "type": e.type} for e in corpus.entities.values()), key=lambda e: e["id"]
        ),
        "classes": sorted(vocabulary.classes),
        "relations": sorted(vocabulary.relations),
    }


async def draft(request: Request) -> Response:
    """The article (the body's bytes) drafted, with what the page offers for editing; or why not."""
    refused = _refusal(request) or _foreign(request)
    if refused:
        return refused
    limit = load_rules().max_bytes
    data = await _body(request, limit)
    if data is None:
        return _error(f"the article is over the limit of {limit:,} bytes for one article", 413)
    sources = _sources(request)
    try:
        return JSONResponse(await anyio.to_thread.run_sync(_draft, data, sources))
    except ArticleError as error:
        return _error(str(error).removeprefix("article: "))


async def save(request: Request) -> Response:
    """Validate and write the reviewed draft: 200 with the document and claims written, 422 with
    the problems (file:line) and nothing written, 400 for a request the page would not send."""
    refused = _refusal(request) or _foreign(request)
    if refused:
        return refused
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _error("send the save as application/json", 415)
    data = await _body(request, load_rules().max_bytes * 4 // 3 + SAVE_OVERHEAD)
    if data is None:
        return _error("the save is too large", 413)
    try:
        body = json.loads(data)
        article = base64.b64decode(body["article"], validate=True) if isinstance(body, dict) else b""
        submission = parse_submission(body, article)
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        return _error(f"not a save: {error}")
    curator: Curator = request.app.state.curator
    try:
        saved = await anyio.to_thread.run_sync(curator.save, submission, request.app.state.graph)
    except Rejected as rejected:
        return JSONResponse({"problems": rejected.problems}, status_code=422)
    return JSONResponse(
        {
            "document": saved.document,
            "claims": [{"id": key, "url": "/" + claim_url(key)} for key in saved.claims],
            "files": list(saved.files),
        }
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/review", review_page, methods=["GET"]),
        Route("/review/draft", draft, methods=["POST"]),
        Route("/review/save", save, methods=["POST"]),
    ]
