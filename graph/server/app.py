"""create_app: the Starlette application, declared as a plain list of routes.

Each interface contributes its routes: GraphQL (graph/api), SPARQL and exports (graph/sparql/endpoint.py,
graph/server/exports.py), the visual page. All read the graph through `request.app.state.graph`, a
GraphHolder whose snapshot a reload swaps atomically.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from graph.api.routes import graphql_routes
from graph.api.search import search_index
from graph.http.limits import BodySizeLimit
from graph.http.settings import Settings
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.server import exports as http_export
from graph.server import landing
from graph.server import tables as csv_tables
from graph.sparql import endpoint as sparql
from graph.sparql import void
from graph.store.reload import watch
from graph.store.snapshot import GraphHolder, Snapshot
from graph.visual import routes as visual_routes


async def health(request: Request) -> JSONResponse:
    holder: GraphHolder = request.app.state.graph
    snapshot = holder.current
    ok = not holder.errors
    return JSONResponse(
        {
            "status": "ok" if ok else "degraded",
            "graph_version": snapshot.version,
            "source": snapshot.source,
            "loaded_at": snapshot.loaded_at,
            "reloads": holder.reloads,
            "reload_errors": holder.errors,
        },
        status_code=200,
    )


def prepare(snapshot: Snapshot) -> None:
    """Build what requests would otherwise wait for (the search index: 0.2 s at a million
    quads) before a graph serves: at start-up and before a reload's swap."""
    search_index(snapshot)


def _lifespan(holder: GraphHolder, settings: Settings):  # type: ignore[no-untyped-def]
    """Prepare the graph before serving; start the seed watcher with the server (when asked to)
    and stop it with the server."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await asyncio.to_thread(holder.prepare, holder.current)
        task = None
        if settings.watch and settings.store == "embedded":
            task = asyncio.create_task(watch(holder, Path(settings.seeds) if settings.seeds else DEFAULT_SEED_DIR))
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan


def create_app(holder: GraphHolder, settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    routes: list[BaseRoute] = [
        *landing.routes(),
        Route("/health", health, methods=["GET"]),
        *sparql.routes(),
        *void.routes(),
        *csv_tables.routes(),  # before /export/{format}, which would take "csv" for a format
        *http_export.routes(),
        *graphql_routes(settings),
        *visual_routes.routes(),
    ]
    middleware = [Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, timeout=settings.body_timeout)]
    if settings.cors_origins:
        origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept"],
            )
        )
    app = Starlette(routes=routes, middleware=middleware, lifespan=_lifespan(holder, settings))
    holder.prepare = prepare
    app.state.graph = holder
    app.state.settings = settings
    return app
