"""/export/csv: the spreadsheet tables of graph/analytics/tables.py (claims, entities,
contradictions, conflict-of-interest findings) as CSV downloads, and a listing of them.

A table is built in a worker thread (its SPARQL query, or the rule scan, then the CSV), so the
event loop keeps answering meanwhile; its ETag is the graph version, so a repeated download of an
unchanged graph is a 304. These routes come before /export/{format} in the app's list, which
would otherwise take "csv" for an RDF format.
"""

from __future__ import annotations

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graph.analytics.tables import TABLES, table_csv
from graph.store.snapshot import GraphHolder

MEDIA_TYPE = "text/csv; charset=utf-8; header=present"  # RFC 4180 and 7111


async def listing(request: Request) -> JSONResponse:
    """The tables, with their URLs and columns."""
    return JSONResponse(
        [
            {
                "table": t.name,
                "label": t.help,
                "columns": list(t.columns),
                "media_type": MEDIA_TYPE,
                "url": f"{request.base_url}export/csv/{t.name}",
            }
            for t in TABLES.values()
        ]
    )


async def download(request: Request) -> Response:
    name = request.path_params["table"]
    if name not in TABLES:
        return JSONResponse({"error": f"unknown table {name!r}; choose one of: {', '.join(TABLES)}"}, status_code=404)
    holder: GraphHolder = request.app.state.graph
    snapshot = holder.current
    headers = {
        "Content-Disposition": f'attachment; filename="stargate-kg-{name}.csv"',
        "ETag": f'"{snapshot.version}-csv-{name}"',
    }
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    body = await anyio.to_thread.run_sync(table_csv, snapshot, name)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)


def routes() -> list[Route]:
    return [Route("/export/csv", listing, methods=["GET"]), Route("/export/csv/{table}", download, methods=["GET"])]
