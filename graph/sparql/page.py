"""The query page a browser gets at /sparql: YASGUI, served from this package, no internet needed.

The YASGUI bundle is built from web/yasgui/ (npm + esbuild) into graph/static/yasgui/. The
example tabs are the named queries of graph/sparql/queries/*.rq (the competency questions): each file's
first comment line is its title, and the PREFIX lines it needs are added so that the query
also runs as it stands on any other SPARQL endpoint.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache

from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from graph.files.resources import package_file
from graph.vocab.namespaces import PREFIXES

QUERY_DIR = package_file("graph.sparql", "queries")
STATIC_DIR = package_file("graph", "static", "yasgui")


def _with_prefixes(query: str) -> str:
    """The query preceded by PREFIX lines for the project prefixes it uses and does not declare."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", query))
    used = set(re.findall(r"(?<![\w?$:<#])([A-Za-z][\w-]*):(?!//)", query))  # also after a path "/"
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p in used - declared]
    return "\n".join(lines) + ("\n\n" if lines else "") + query


@cache
def examples() -> list[dict[str, str]]:
    """[{name, file, query}] for every named query, in file-name order."""
    found = []
    for path in sorted(QUERY_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        name = first.lstrip("# ").strip() if first.startswith("#") else path.stem
        found.append({"name": name, "file": path.name, "query": _with_prefixes(text)})
    return found


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>stargate-kg SPARQL</title>
<link rel="stylesheet" href="static/yasgui/yasgui.css">
<style>body {{ margin: 0 1rem; font-family: sans-serif; }} header p {{ margin: .2rem 0 .6rem; color: #444; }}</style>
</head>
<body>
<header>
<h1>stargate-kg SPARQL endpoint</h1>
<p>The default graph is the union of all named graphs (one per source document);
use <code>GRAPH ?g</code> to see which document says what.
Read-only: {max_rows} rows at most, {timeout:g} s per query. {count} example queries below.
Dataset description: <a href=".well-known/void">/.well-known/void</a>.</p>
</header>
<div id="yasgui"></div>
<script type="application/json" id="examples">{examples}</script>
<script src="static/yasgui/yasgui.js"></script>
</body>
</html>
"""


def page_response(max_rows: int, timeout: float) -> HTMLResponse:
    payload = json.dumps(examples(), ensure_ascii=False).replace("</", "<\\/")
    body = PAGE.format(examples=payload, count=len(examples()), max_rows=html.escape(str(max_rows)), timeout=timeout)
    return HTMLResponse(body, headers={"Vary": "Accept"})


def static_routes() -> list[BaseRoute]:
    return [Mount("/static/yasgui", app=StaticFiles(directory=STATIC_DIR), name="yasgui")]
