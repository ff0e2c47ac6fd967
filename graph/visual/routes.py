"""HTTP for the pictures: /dump lists the formats, findings and contradictions, /dump/{format} downloads one, /viz
serves the interactive page; the page's script and stylesheet come from /static/viz/, no CDN.

Every route takes the scope parameters of scope.PARAMETERS in its query string; a bad one is a
400 naming it. graph/analytics/service.py builds the projection once per graph snapshot (and its
centralities, communities and findings once per projection); building a view and writing it run in a worker
thread, since both are CPU-bound and drawing calls Graphviz.
"""

from __future__ import annotations

import hashlib

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import finding_id
from graph.http.ranges import ranged
from graph.http.settings import Settings
from graph.store.snapshot import GraphHolder, Snapshot
from graph.visual.contradictions import contradictions
from graph.visual.dot import RenderError
from graph.visual.formats import DUMPS, Dump
from graph.visual.page import SERVED_POLICY, STATIC_DIR, html
from graph.visual.scope import PARAMETERS, Scope
from graph.visual.view import build_view


def _etag(snapshot: Snapshot, what: str, request: Request) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(request.query_params.items()))
    return f'"{snapshot.version}-{what}-{hashlib.sha256(query.encode()).hexdigest()[:16]}"'


def _download_name(dump: Dump, scope: Scope) -> str:
    part = scope.entity or (scope.part[1] if scope.part else "").replace(":", "-").replace(",", "-")
    return f"stargate-kg{'-' + part if part else ''}.{dump.extension}"


async def _render(request: Request, write) -> tuple[Scope, bytes] | Response:  # type: ignore[no-untyped-def]
    """The scope of the request and what `write` makes of its view, or an error response."""
    snapshot: Snapshot = request.app.state.graph.current
    settings: Settings = request.app.state.settings
    try:
        scope = Scope.parse(dict(request.query_params))

        def work() -> bytes:
            view = build_view(snapshot, scope, backend=settings.analytics_backend)
            return write(view)  # type: ignore[no-any-return]

        return scope, await anyio.to_thread.run_sync(work)
    except ValueError as error:
        return PlainTextResponse(str(error), status_code=400)
    except RenderError as error:
        return PlainTextResponse(str(error), status_code=503)


async def dump(request: Request) -> Response:
    name = request.path_params["format"]
    if name not in DUMPS:
        return PlainTextResponse(f"unknown format {name!r}; formats: {', '.join(DUMPS)}", status_code=404)
    chosen = DUMPS[name]
    holder: GraphHolder = request.app.state.graph
    etag = _etag(holder.current, name, request)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    done = await _render(request, chosen.write)
    if isinstance(done, Response):
        return done
    scope, body = done
    media_type = chosen.media_type + ("" if chosen.media_type == "image/png" else "; charset=utf-8")
    disposition = {"Content-Disposition": f'attachment; filename="{_download_name(chosen, scope)}"'}
    return ranged(body, request.headers, etag, media_type, disposition)  # resumable (Range, If-Range)


async def listing(request: Request) -> JSONResponse:
    """The formats with their URLs, the scope parameters, and the findings and contradictions one can pick."""
    snapshot: Snapshot = request.app.state.graph.current
    found = await anyio.to_thread.run_sync(analytics.conflicts, snapshot)
    disagreements = await anyio.to_thread.run_sync(contradictions, snapshot)
    return JSONResponse(
        {
            "formats": [
                {
                    "format": d.name,
                    "label": d.label,
                    "media_type": d.media_type,
                    "url": f"{request.base_url}dump/{d.name}",
                }
                for d in DUMPS.values()
            ],
            "parameters": PARAMETERS,
            "findings": [{"id": finding_id(f), "rule": f.rule, "explanation": f.explanation} for f in found],
            "contradictions": [
                {"id": c.id, "kind": c.kind, "verdict": c.verdict, "explanation": c.explanation}
                for c in disagreements.by_id.values()
            ],
            "page": f"{request.base_url}viz",
        }
    )


async def page(request: Request) -> Response:
    holder: GraphHolder = request.app.state.graph
    etag = _etag(holder.current, "viz", request)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    done = await _render(request, lambda view: html(view, standalone=False))
    if isinstance(done, Response):
        return done
    return Response(
        done[1], media_type="text/html; charset=utf-8", headers={"ETag": etag, "Content-Security-Policy": SERVED_POLICY}
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/dump", listing, methods=["GET"]),
        Route("/dump/{format}", dump, methods=["GET"]),
        Route("/viz", page, methods=["GET"]),
        Mount("/static/viz", app=StaticFiles(directory=STATIC_DIR), name="viz"),
    ]
