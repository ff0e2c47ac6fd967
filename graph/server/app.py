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

import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from graph.api.claims import CLAIM_INDEX
from graph.api.contradictions import CONTRADICTION_INDEX
from graph.api.entities import ENTITY_INDEX
from graph.api.facts import FACT_INDEX
from graph.api.fundings import FUNDING_INDEX
from graph.api.routes import graphql_routes
from graph.api.search import pattern, search_index
from graph.http.limits import BodySizeLimit
from graph.http.settings import Settings
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.server import exports as http_export
from graph.server import garbage, landing, pages, reader, review
from graph.server import tables as csv_tables
from graph.server.curation import Curator
from graph.server.lateness import Lateness
from graph.sparql import endpoint as sparql
from graph.sparql import void
from graph.store.reload import watch
from graph.store.snapshot import GraphHolder, Snapshot
from graph.visual import routes as visual_routes


async def health(request: Request) -> JSONResponse:
    holder: GraphHolder = request.app.state.graph
    lateness: Lateness = request.app.state.lateness
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
            "event_loop_lateness": lateness.report(asyncio.get_running_loop().time()),
        },
        status_code=200,
    )


LIST_INDEXES = (CLAIM_INDEX, ENTITY_INDEX, FUNDING_INDEX, CONTRADICTION_INDEX, FACT_INDEX)  # graph/api/lists.py


def prepare(snapshot: Snapshot) -> None:
    """Build what requests would otherwise wait for (the search index: 0.2 s at a million
    quads; the lists' indexes: 15 s in all at 2.1 million quads) before a graph serves: at start-up and before
    a reload's swap; then freeze it out of the garbage collector's sight (graph/server/garbage.py)."""
    search_index(snapshot)
    for index in LIST_INDEXES:  # read once per graph, so that a page costs what it returns
        index.build(snapshot)
    pattern("")  # loads the script converters' dictionaries (0.2 s) now, not in the first search
    garbage.settle()


def _lifespan(holder: GraphHolder, settings: Settings, lateness: Lateness):  # type: ignore[no-untyped-def]
    """Prepare the graph before serving; start the event-loop probe, the garbage collector's
    clock and the seed watcher (when asked to) with the server, and stop them with it."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Through anyio, whose event-loop backend is imported on first use: 0.3 s of imports that
        # would otherwise hold the event loop during the first request.
        await anyio.to_thread.run_sync(holder.prepare, holder.current)
        tasks = [asyncio.create_task(lateness.probe()), asyncio.create_task(garbage.collect_periodically())]
        if settings.watch and settings.store == "embedded":
            seeds = Path(settings.seeds) if settings.seeds else DEFAULT_SEED_DIR
            tasks.append(asyncio.create_task(watch(holder, seeds)))
        yield
        for task in tasks:
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
        *reader.routes(),
        *review.routes(),
        pages.static_route(),
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
    lateness = Lateness()
    app = Starlette(routes=routes, middleware=middleware, lifespan=_lifespan(holder, settings, lateness))
    holder.prepare = prepare
    app.state.graph = holder
    app.state.settings = settings
    app.state.lateness = lateness
    app.state.curator = _curator(settings)
    return app


def _curator(settings: Settings) -> Curator | None:
    """The review page's writer, when curation is on and the graph is built from a seed directory."""
    if not settings.curate or settings.store != "embedded":
        return None
    return Curator(Path(settings.seeds) if settings.seeds else DEFAULT_SEED_DIR)
