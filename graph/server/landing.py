"""GET /: the front door. What the graph is, where its data comes from, what it holds now, and a
link to everything the server serves; with `Accept: application/json`, the same links as a service
index.

The counts and the documents' catalogue records are read through the Store with plain SPARQL, so
the page holds for the embedded and the remote store alike, and are read once per snapshot. One
`Index` is built per request and rendered either way, so the page and the service index always
offer the same links. The page is one document: inline CSS, no script, no request for anything
(an empty icon spares the browser's /favicon.ico); every text in it is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import textwrap
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from graph.http.negotiation import choose
from graph.sparql.page import examples as sparql_examples
from graph.store.export import EXPORTS
from graph.store.snapshot import GraphHolder, Snapshot
from graph.visual.formats import DUMPS
from graph.vocab import namespaces as ns

TITLE = "stargate-kg"
ABOUT = (
    "An open, provenance-first knowledge graph of the Stargate AI-infrastructure venture (OpenAI, SoftBank, "
    "Oracle, MGX), built from Chinese news articles. Every edge is a claim one document makes, with the "
    "document, a verbatim evidence quote and, where the text says so, who asserts it. Where documents "
    "disagree, the graph keeps every claim with its source and links them as a contradiction."
)
MAX_DOCUMENTS = 50  # a generated world has thousands; the page lists the first ones


@dataclass(frozen=True)
class Link:
    """One address the server answers; `path` is relative to the server's root ('' is the root)."""

    name: str
    path: str
    about: str = ""


LANDING = Link("Landing page", "", "this page; with Accept: application/json, the service index")
ENTRY_POINTS = (
    Link("GraphQL API", "graphql", "GraphiQL in a browser; GraphQL over HTTP (POST JSON, or GET ?query=)"),
    Link("SPARQL endpoint", "sparql", "the query page (YASGUI) in a browser; the SPARQL 1.1 Protocol, read-only"),
    Link("Graph page", "viz", "the entity graph drawn interactively (sigma.js), offline"),
    Link("Document reader", "read", "each document's text with its claims' quotes highlighted, offline"),
    Link("RDF exports", "export", f"the whole dataset in {len(EXPORTS)} RDF formats: the list, as JSON"),
    Link("Graph dumps", "dump", "the entity graph for Gephi, Cytoscape, Graphviz and others: the list, as JSON"),
    Link("Dataset description", ".well-known/void", "VoID and DCAT: sizes, graphs, classes, properties, licence"),
    Link("Health", "health", "status, graph version, reloads"),
)


def entry_point_lines(base: str) -> list[str]:
    """'name: URL' for the landing page and every entry point, for the start log."""
    return [f"{link.name}: {base}{link.path}" for link in (LANDING, *ENTRY_POINTS)]


@dataclass(frozen=True)
class Example:
    question: str
    language: str  # graphql | sparql
    query: str

    @property
    def path(self) -> str:
        """GraphiQL reads ?query= (web/graphiql); the SPARQL page reads #query= (web/yasgui), since
        GET /sparql?query= runs the query."""
        if self.language == "graphql":
            return "graphiql?" + urlencode({"query": self.query})
        return "sparql#" + urlencode({"query": self.query}, quote_via=quote)


def _graphql(question: str, query: str) -> Example:
    return Example(question, "graphql", f"# {question}\n" + textwrap.dedent(query).strip() + "\n")


GRAPHQL_EXAMPLES = (
    _graphql(
        "Who chairs the Stargate venture, according to which documents?",
        """
        query Chair {
          responsibilities(target: "stargate", relation: [chairs]) {
            nodes {
              party { id label }
              roles
              claims { quote document { id outlet published } }
            }
          }
        }
        """,
    ),
    _graphql(
        "How much does each funder put into Stargate, document by document?",
        """
        query Funding {
          fundingTotals(recipient: "stargate") {
            funder { id label }
            document { outlet published }
            currency
            amount
          }
        }
        """,
    ),
    _graphql(
        "Where do the documents contradict each other?",
        """
        query Contradictions {
          contradictions {
            totalCount
            nodes {
              kind
              explanation
              judgement { verdict reason curator date }
              sides {
                position
                claims {
                  amount currency bound dateValue modality quote
                  claimant { label }
                  document { outlet published }
                }
              }
            }
          }
        }
        """,
    ),
    _graphql(
        "Who publicly doubts the venture's funding, and why?",
        """
        query Doubts {
          disputes(object: "stargate") {
            nodes {
              disputer { id label }
              reason
              claim { quote document { outlet published } }
            }
          }
        }
        """,
    ),
    _graphql(
        "Which conflicts of interest does the graph show?",
        """
        query Conflicts {
          conflicts {
            totalCount
            nodes { id title explanation documents { outlet published } }
          }
        }
        """,
    ),
)


def examples() -> list[Example]:
    """The GraphQL examples, then the SPARQL page's named queries (graph/sparql/queries/*.rq)."""
    named = [Example(e["name"], "sparql", e["query"]) for e in sparql_examples()]
    return [*GRAPHQL_EXAMPLES, *named]


# One document's catalogue record, claims and text; the id goes in the variables, never the query text.
DOCUMENT_QUERY = textwrap.dedent("""\
    query Document($id: ID!) {
      document(id: $id) {
        id iri title outlet published language script
        claims { totalCount nodes { id relation quote } }
        text
      }
    }
    """)


@dataclass(frozen=True)
class Document:
    id: str
    iri: str
    title: str
    title_lang: str
    outlet: str
    published: str

    @property
    def links(self) -> tuple[Link, ...]:
        request = urlencode({"query": DOCUMENT_QUERY, "variables": json.dumps({"id": self.id})})
        return (
            Link("read", f"read/{self.id}", "the text with its claims' quotes highlighted"),
            Link("data", "graphql?" + request, "the record, claims and text, as GraphQL JSON"),
            Link("in GraphiQL", "graphiql?" + request, "the same query, ready to edit"),
        )


# Plain SPARQL, answered by any store; the Store adds the project's prefixes.
COUNTS_QUERY = f"""
SELECT ?entities ?claims ?documents ?contradictions ?quads WHERE {{
  {{ SELECT (COUNT(DISTINCT ?e) AS ?entities) WHERE {{ GRAPH <{ns.ENTITIES_GRAPH}> {{ ?e dcterms:identifier ?id }} }} }}
  {{ SELECT (COUNT(DISTINCT ?c) AS ?claims) WHERE {{ ?c a sg:Claim }} }}
  {{ SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE {{ ?d a sg:Document }} }}
  {{ SELECT (COUNT(DISTINCT ?x) AS ?contradictions) WHERE {{ ?x a sg:Contradiction }} }}
  {{ SELECT (COUNT(*) AS ?quads) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} }}
}}
"""
COUNTS = ("entities", "claims", "documents", "contradictions", "quads")
DOCUMENTS_QUERY = f"""
SELECT ?doc ?id ?title ?outlet ?published WHERE {{
  ?doc a sg:Document ; dcterms:identifier ?id ; dcterms:title ?title ; sg:outlet ?outlet .
  OPTIONAL {{ ?doc dcterms:issued ?published }}
}}
ORDER BY ?id
LIMIT {MAX_DOCUMENTS}
"""


@dataclass(frozen=True)
class Facts:
    """What the page says of one snapshot."""

    counts: dict[str, int]
    documents: list[Document]


def read_facts(snapshot: Snapshot) -> Facts:
    """The counts and the first documents, read once per snapshot (two queries)."""

    def read() -> Facts:
        row = snapshot.store.select(COUNTS_QUERY)[0]
        counts = {name: int(row[name].value) for name in COUNTS}
        documents = [
            Document(
                id=r["id"].value,
                iri=r["doc"].value,
                title=r["title"].value,
                title_lang=getattr(r["title"], "language", None) or "",
                outlet=r["outlet"].value,
                published=r["published"].value if "published" in r else "",
            )
            for r in snapshot.store.select(DOCUMENTS_QUERY)
        ]
        return Facts(counts, documents)

    return snapshot.memo("graph.server.landing", read)


@dataclass(frozen=True)
class Index:
    """Everything the page shows, with absolute URLs; rendered as HTML or JSON."""

    base: str
    snapshot: Snapshot
    facts: Facts

    def url(self, path: str) -> str:
        return self.base + path

    def as_json(self) -> dict[str, Any]:
        def link(item: Link) -> dict[str, str]:
            return {"name": item.name, "url": self.url(item.path), "description": item.about}

        return {
            "name": TITLE,
            "description": ABOUT,
            "graph": {"version": self.snapshot.version, "loaded_at": _when(self.snapshot.loaded_at)},
            "counts": self.facts.counts,
            "entry_points": [link(item) for item in ENTRY_POINTS],
            "documents": [
                {
                    "id": d.id,
                    "iri": d.iri,
                    "title": d.title,
                    "outlet": d.outlet,
                    "published": d.published or None,
                    "links": [link(item) for item in d.links],
                }
                for d in self.facts.documents
            ],
            "examples": [
                {"question": e.question, "language": e.language, "query": e.query, "url": self.url(e.path)}
                for e in examples()
            ],
            "exports": [
                {"format": e.name, "name": e.label, "media_type": e.media_type, "url": self.url(f"export/{e.name}")}
                for e in EXPORTS.values()
            ],
            "dumps": [
                {"format": d.name, "name": d.label, "media_type": d.media_type, "url": self.url(f"dump/{d.name}")}
                for d in DUMPS.values()
            ],
        }


def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds")


def _a(path: str, text: str) -> str:
    """A link relative to the page (the server's root), its address and text escaped."""
    return f'<a href="{html.escape(path)}">{html.escape(text)}</a>'


STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 64rem; padding: 0 1rem 3rem; color: #222; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
.lead { font-size: 1.05rem; } .muted { color: #666; font-size: .9rem; }
dl.counts { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: 0; }
dl.counts div { min-width: 7rem; } dl.counts dt { color: #666; } dl.counts dd { margin: 0; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; }
tr + tr td { border-top: 1px solid #eee; } th { color: #666; font-weight: normal; }
ul.examples li, ul.entry li { margin: .3rem 0; } .tag { font-size: .75rem; color: #fff; background: #666;
border-radius: .2rem; padding: 0 .3rem; margin-right: .4rem; } .tag.graphql { background: #b5307a; }
.tag.sparql { background: #2d6ca2; } code { font-size: .9em; }
"""


def render_html(index: Index) -> str:
    facts, e = index.facts, html.escape
    counts = "".join(f"<div><dt>{e(name)}</dt><dd>{n:,}</dd></div>" for name, n in facts.counts.items())
    entry = "".join(f"<li>{_a(link.path, link.name)}: {e(link.about)}</li>" for link in ENTRY_POINTS)
    rows = "".join(
        f"<tr><td>{e(d.outlet)}</td><td>{e(d.published or 'undated')}</td>"
        f'<td lang="{e(d.title_lang)}">{e(d.title)}</td>'
        f"<td>{' · '.join(_a(link.path, link.name) for link in d.links)}</td></tr>"
        for d in facts.documents
    )
    listed, total = len(facts.documents), facts.counts["documents"]
    more = (
        f"<p>The first {listed} of {total:,} documents, in id order; the GraphQL <code>documents</code> field "
        "lists them all.</p>"
        if total > listed
        else ""
    )
    asks = "".join(
        f'<li><span class="tag {e(x.language)}">{e(x.language)}</span>{_a(x.path, x.question)}</li>' for x in examples()
    )
    exports = " · ".join(_a(f"export/{x.name}", x.name) for x in EXPORTS.values())
    dumps = " · ".join(_a(f"dump/{x.name}", x.name) for x in DUMPS.values())
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(TITLE)}</title>
<link rel="icon" href="data:,">
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{e(TITLE)}</h1>
<p class="lead">{e(ABOUT)}</p>
</header>
<section id="counts">
<h2>The graph now</h2>
<dl class="counts">{counts}</dl>
<p class="muted">Graph version <code>{e(index.snapshot.version)}</code>, loaded {e(_when(index.snapshot.loaded_at))}.
A quad is one statement in one named graph: each document's claims form a graph of their own.</p>
</section>
<section id="documents">
<h2>Where the data comes from</h2>
<p>Every claim cites one of these documents, by its IRI (<code>{e(ns.DOCUMENT)}</code> and the id),
which also names the graph holding its claims.</p>
<table>
<tr><th>outlet</th><th>published</th><th>title</th><th>data</th></tr>
{rows}
</table>
{more}
</section>
<section id="ask">
<h2>Ask the graph</h2>
<ul class="entry">{entry}</ul>
</section>
<section id="examples">
<h2>Example questions</h2>
<p>Each opens in GraphiQL or on the SPARQL page, ready to run.</p>
<ul class="examples">{asks}</ul>
</section>
<section id="downloads">
<h2>Downloads</h2>
<p>The dataset in RDF: {exports}.</p>
<p>The entity graph: {dumps}.</p>
</section>
<footer>
<p class="muted">This page as JSON: <code>curl -H 'Accept: application/json' {e(index.base)}</code>.</p>
</footer>
</body>
</html>
"""


OFFERS = ["text/html", "application/json"]


async def landing(request: Request) -> Response:
    chosen = choose(request.headers.get("accept"), OFFERS)
    if chosen is None:
        return PlainTextResponse(f"this page is available as {' or '.join(OFFERS)}", status_code=406)
    holder: GraphHolder = request.app.state.graph
    snapshot = holder.current
    facts = await anyio.to_thread.run_sync(read_facts, snapshot)
    index = Index(str(request.base_url), snapshot, facts)
    headers = {"Vary": "Accept"}
    if chosen == "application/json":
        return JSONResponse(index.as_json(), headers=headers)
    return HTMLResponse(render_html(index), headers=headers)


def routes() -> list[Route]:
    return [Route("/", landing, methods=["GET"])]
