"""HTTP for the GraphQL API: /graphql (GraphQL over HTTP) and the offline GraphiQL page.

GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/):
- POST with a JSON body, or GET with `query` (and `variables`, `operationName`) parameters;
  GET never runs a mutation (405, Allow: POST);
- the response is `application/graphql-response+json` when the client accepts it, else
  `application/json`; an Accept header naming neither gets 406;
- a request error (unparsable, invalid, over a limit: no execution, so no `data` entry) is
  400 with `application/graphql-response+json` and 200 with legacy `application/json`.

A successful response is kept per graph version (bounded in bytes), keyed by the request as sent:
the graph is read-only between reloads, so a repeated query is answered without executing it.
A request runs under its budget (graph/api/budget.py), sharing the event loop fairly; one stopped
there is answered with `data: null` and an error saying why.

Served with starlette `Route`s, never `Mount`: a Mount at /graphql answers POST /graphql with a
307 redirect to /graphql/, which clients do not follow for POST. GET /graphql from a browser
(Accept: text/html) and GET /graphiql return the GraphiQL page, whose script and stylesheet are
served from graph/static/graphiql (bundled from web/graphiql): no CDN.
"""

from __future__ import annotations

import json
import logging
import weakref
from collections.abc import AsyncIterator, Hashable
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from graph.api.budget import pause
from graph.api.context import Context, budget_for, current_snapshot, request_context
from graph.api.reader import MISSING, ResultCache
from graph.api.schema import build_schema
from graph.files.resources import package_file
from graph.http.negotiation import choose
from graph.http.settings import Settings

log = logging.getLogger("stargate_kg.api")
STREAM_AFTER_FIELDS = 5_000  # answers of more fields are encoded in chunks
CHUNK_CHARS = 64 * 1024
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
IDE_DIR = package_file("graph", "static", "graphiql")
IDE_ASSETS = {path.name: path for path in (IDE_DIR / "assets").iterdir()}
IDE_PAGE = (IDE_DIR / "index.html").read_text(encoding="utf-8")
# The page may load only what this server serves (styles and fonts inline in the bundle).
IDE_POLICY = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'"
)


def response_media_type(accept: str | None) -> str | None:
    """application/graphql-response+json when the client names it (and prefers it at least as
    much as application/json), application/json otherwise; None when it accepts neither."""
    if not accept or not accept.strip():
        return JSON
    chosen = choose(accept, [GRAPHQL_RESPONSE, JSON])
    if chosen == GRAPHQL_RESPONSE and GRAPHQL_RESPONSE not in accept.lower():
        return JSON  # a wildcard alone: answer like a legacy server
    return chosen


def is_request_error(result: ExecutionResult) -> bool:
    """Parsing, validation or variable coercion failed: nothing executed, no error has a path."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


async def encoded(data: object) -> AsyncIterator[bytes]:
    """The JSON of a large answer in chunks, letting the event loop turn between them: json.dumps
    holds the loop for the whole answer (140 ms for 1.2 MB on a busy 2-core machine). The same
    bytes as strawberry's json.dumps(data, separators=(",", ":"))."""
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(separators=(",", ":")).iterencode(data):
        pieces.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARS:
            yield "".join(pieces).encode()
            pieces.clear()
            size = 0
            await pause()
    yield "".join(pieces).encode()


class GraphQLView(GraphQL[Context, None]):
    """strawberry's ASGI view with the project's context, media types and IDE page; a large answer
    is encoded in chunks (and not kept in the response cache)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._large: weakref.WeakSet[Response] = weakref.WeakSet()  # sub-responses to encode in chunks

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        request.state.sub_response = response
        return request_context(request, response)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return ide_page(request)

    def parse_json(self, data: str | bytes) -> Any:
        """strawberry's, with a 400 instead of a 500 for a body that is not UTF-8, is nested past
        Python's recursion limit, or is not an object (or a batch list)."""
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise HTTPException(400, "Unable to parse request body as JSON") from None
        if not isinstance(parsed, (dict, list)):
            raise HTTPException(400, "expected a JSON object")
        return parsed

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        media_type = response_media_type(request.headers.get("accept"))
        if media_type is None:
            raise HTTPException(406, f"Not Acceptable: this endpoint answers {GRAPHQL_RESPONSE} or {JSON}")
        data = process_result(result)
        sub_response: Response = request.state.sub_response
        large = request.state.budget.fields > STREAM_AFTER_FIELDS
        if large:
            self._large.add(sub_response)
        request.state.cacheable = not result.errors and not large
        sub_response.media_type = media_type
        if is_request_error(result):
            data.pop("data", None)  # GraphQL spec 7.1.2: no data entry when execution never started
            if media_type == GRAPHQL_RESPONSE:
                sub_response.status_code = 400
        return data

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        status, media_type = sub_response.status_code or 200, sub_response.media_type or JSON
        if sub_response in self._large:
            return StreamingResponse(encoded(response_data), status_code=status, media_type=media_type)
        return Response(self.encode_json(response_data), status_code=status, media_type=media_type)


def ide_page(_: Request) -> HTMLResponse:
    return HTMLResponse(IDE_PAGE, headers={"Content-Security-Policy": IDE_POLICY})


async def ide_asset(request: Request) -> Response:
    path = IDE_ASSETS.get(request.path_params["name"])
    if path is None:
        return JSONResponse({"error": "no such asset"}, status_code=404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})


def _responses(request: Request) -> ResultCache:
    """Whole responses of this graph version and these settings, bounded in bytes (a query text counts too)."""
    settings: Settings = request.app.state.settings
    # Apps with other settings (limits, introspection) may share a snapshot: each keeps its own.
    return current_snapshot(request).memo(
        f"graph.api.responses {settings!r}", lambda: ResultCache(settings.graphql_response_cache_bytes, weigh=_weigh)
    )


def _weigh(key: Hashable, body: Any) -> int:
    """A response's bytes and its request's (a key is (method, media type, request text))."""
    return len(key[2]) + len(body) if isinstance(key, tuple) else len(body)


async def response_key(request: Request) -> tuple[str, str, bytes] | None:
    """What identifies a response: method, media type and the request's query text, variables and
    operation name as sent (the body of a POST, the query string of a GET). None: not cacheable."""
    media_type = response_media_type(request.headers.get("accept"))
    if media_type is None:
        return None
    if request.method == "POST":
        return "POST", media_type, await request.body()
    if "query" not in request.query_params:
        return None  # the IDE page
    return "GET", media_type, request.url.query.encode()


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status, headers=headers)


def graphql_routes(settings: Settings) -> list[BaseRoute]:
    view = GraphQLView(
        build_schema(settings), graphql_ide="graphiql", allow_queries_via_get=True, subscription_protocols=()
    )

    async def graphql(request: Request) -> Response:
        if request.method == "POST" and request.headers.get("content-type", "").split(";")[0].strip() != JSON:
            return _error(415, f"POST a JSON body with Content-Type: {JSON}")
        request.state.cacheable = False
        key = await response_key(request)
        responses = _responses(request)
        if key is not None and (body := responses.get(key)) is not MISSING:
            return Response(body, media_type=key[1])
        request.state.budget = budget = budget_for(settings)
        try:
            async with budget.running():
                response = await view.run(request)
        except HTTPException as error:
            if request.method == "GET" and isinstance(error.__cause__, InvalidOperationTypeError):
                return _error(405, "GET only runs queries; send mutations with POST", {"Allow": "POST"})
            return _error(error.status_code, error.reason)
        except TimeoutError:
            log.warning("GraphQL request stopped after %d fields: %s", budget.fields, budget.why())
            media_type = response_media_type(request.headers.get("accept")) or JSON
            return JSONResponse({"data": None, "errors": [{"message": budget.why()}]}, media_type=media_type)
        if key is not None and request.state.cacheable and response.status_code == 200:
            responses.put(key, bytes(response.body))
        return response

    return [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/graphiql", ide_page, methods=["GET"]),
        Route("/graphiql/assets/{name}", ide_asset, methods=["GET"]),
    ]
