"""The dataset described in VoID and DCAT, and the SPARQL service in SPARQL 1.1 Service Description.

The fixed part (title, licence, rights) is data in graph/sparql/void.ttl; the rest is counted in the
store with plain SPARQL, so the description holds for the embedded and remote stores alike:
triples, named graphs (one per source document), classes, properties, vocabularies, sources.
Computed once per graph version and base URL (`Snapshot.memo`). Served at /.well-known/void
(the location RFC 5785 and the VoID guide name) in the RDF format the client asks for.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import anyio.to_thread
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graph.files.resources import package_file
from graph.sparql.formats import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    GraphFormat,
    ResultFormat,
    graph_format_for,
    media_types,
)
from graph.store.backends import Store
from graph.store.export import EXPORTS
from graph.store.snapshot import GraphHolder, Snapshot
from graph.vocab import namespaces as ns

N = ox.NamedNode
DATASET = N(ns.BASE + "dataset")
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
IANA = "https://www.iana.org/assignments/media-types/"
RDF_TYPE = N(ns.RDF + "type")
VOID_PREFIXES = {**ns.PREFIXES, "void": ns.VOID, "dcat": ns.DCAT, "sd": SD, "foaf": "http://xmlns.com/foaf/0.1/"}


def _void(name: str) -> ox.NamedNode:
    return N(ns.VOID + name)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=N(ns.XSD + "integer"))


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _part(kind: str, iri: str) -> ox.NamedNode:
    """A stable IRI for the description of one graph, class or property of the dataset (the graph
    IRI itself names a document, so it cannot also name the description)."""
    for prefix, namespace in VOID_PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            slug = f"{prefix}-{iri[len(namespace) :]}"
            break
    else:
        slug = hashlib.sha1(iri.encode()).hexdigest()[:12]
    return N(f"{DATASET.value}/{kind}/{quote(slug, safe='-_.')}")


def _statistics(store: Store) -> list[ox.Triple]:
    t = ox.Triple
    out: list[ox.Triple] = []
    union = N(DATASET.value + "/graph/union")
    total = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    shape = store.select(
        "SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) WHERE { GRAPH ?g { ?s ?p ?o } }"
    )[0]
    triples = int(total[0]["n"].value)
    out += [
        t(DATASET, _void("triples"), _count(triples)),
        t(DATASET, _void("distinctSubjects"), _count(int(shape["subjects"].value))),
        t(DATASET, _void("distinctObjects"), _count(int(shape["objects"].value))),
        t(DATASET, N(SD + "defaultGraph"), union),
        t(union, RDF_TYPE, N(SD + "Graph")),
        t(union, _void("triples"), _count(triples)),
        t(union, N(ns.RDFS + "comment"), ox.Literal("the union of all named graphs", language="en")),
    ]
    documents = {
        r["doc"].value: r
        for r in store.select("SELECT ?doc ?title WHERE { ?doc a sg:Document ; dcterms:title ?title }")
    }
    for row in store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"):
        graph = row["g"].value
        node = _part("graph", graph)
        out += [
            t(DATASET, _void("subset"), node),
            t(DATASET, N(SD + "namedGraph"), node),
            t(node, RDF_TYPE, _void("Dataset")),
            t(node, RDF_TYPE, N(SD + "NamedGraph")),
            t(node, N(SD + "name"), N(graph)),
            t(node, _void("triples"), _count(int(row["n"].value))),
        ]
        if graph in documents:
            out += [
                t(node, N(ns.DCTERMS + "source"), N(graph)),
                t(node, N(ns.DCTERMS + "title"), documents[graph]["title"]),
            ]
    for doc, row in sorted(documents.items()):
        out += [t(DATASET, N(ns.DCTERMS + "source"), N(doc)), t(N(doc), N(ns.DCTERMS + "title"), row["title"])]
    vocabularies: set[str] = set()
    for row in store.select(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g "
        "{ ?s ?p ?o } } } GROUP BY ?p ORDER BY ?p"
    ):
        part = _part("property", row["p"].value)
        vocabularies.add(_namespace(row["p"].value))
        out += [
            t(DATASET, _void("propertyPartition"), part),
            t(part, _void("property"), row["p"]),
            t(part, _void("triples"), _count(int(row["n"].value))),
        ]
    for row in store.select(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c ORDER BY ?c"
    ):
        vocabularies.add(_namespace(row["c"].value))
        part = _part("class", row["c"].value)
        out += [
            t(DATASET, _void("classPartition"), part),
            t(part, _void("class"), row["c"]),
            t(part, _void("entities"), _count(int(row["n"].value))),
        ]
    out += [
        t(DATASET, _void("properties"), _count(sum(1 for x in out if x.predicate == _void("property")))),
        t(DATASET, _void("classes"), _count(sum(1 for x in out if x.predicate == _void("class")))),
    ]
    out += [t(DATASET, _void("vocabulary"), N(v)) for v in sorted(vocabularies)]
    return out


def _access(base: str) -> list[ox.Triple]:
    """The server's own URLs: the SPARQL service (also as a DCAT data service) and the dumps."""
    t = ox.Triple
    endpoint = N(base + "sparql")
    out = [
        t(DATASET, _void("sparqlEndpoint"), endpoint),
        t(endpoint, RDF_TYPE, N(SD + "Service")),
        t(endpoint, RDF_TYPE, N(ns.DCAT + "DataService")),
        t(endpoint, N(SD + "endpoint"), endpoint),
        t(endpoint, N(ns.DCAT + "endpointURL"), endpoint),
        t(endpoint, N(ns.DCAT + "servesDataset"), DATASET),
        t(endpoint, N(SD + "defaultDataset"), DATASET),
        t(DATASET, RDF_TYPE, N(SD + "Dataset")),
        t(endpoint, N(SD + "supportedLanguage"), N(SD + "SPARQL11Query")),
        t(endpoint, N(SD + "feature"), N(SD + "UnionDefaultGraph")),
        t(endpoint, N(ns.DCTERMS + "conformsTo"), N("https://www.w3.org/TR/sparql11-protocol/")),
    ]
    formats: list[ResultFormat | GraphFormat] = [*RESULT_FORMATS.values(), *GRAPH_FORMATS.values()]
    for fmt in formats:
        out.append(t(endpoint, N(SD + "resultFormat"), N(FORMATS + fmt.w3c_name)))
    for export in EXPORTS.values():
        dump = N(f"{base}export/{export.name}")
        distribution = N(f"{DATASET.value}/distribution/{export.name}")
        out += [
            t(DATASET, _void("dataDump"), dump),
            t(DATASET, N(ns.DCAT + "distribution"), distribution),
            t(distribution, RDF_TYPE, N(ns.DCAT + "Distribution")),
            t(distribution, N(ns.DCAT + "downloadURL"), dump),
            t(distribution, N(ns.DCAT + "mediaType"), N(IANA + export.media_type)),
            t(distribution, N(ns.DCTERMS + "title"), ox.Literal(export.label, language="en")),
        ]
    return out


def _graph_description(store: Store) -> list[ox.Triple]:
    """What the description says whatever the server's URL: the fixed part and the counts."""
    fixed = [q.triple for q in ox.parse(path=str(package_file("graph.sparql", "void.ttl")), format=ox.RdfFormat.TURTLE)]
    return fixed + _statistics(store)


def serialize(triples: list[ox.Triple], format_name: str) -> bytes:
    fmt = GRAPH_FORMATS[format_name].format
    prefixes = VOID_PREFIXES if fmt == ox.RdfFormat.TURTLE else None
    grouped = sorted(triples, key=lambda t: str(t.subject))  # stable: Turtle then writes each subject once
    return ox.serialize(grouped, format=fmt, prefixes=prefixes) or b""


def description_for(snapshot: Snapshot, base: str) -> list[ox.Triple]:
    """The whole description; `base` is the server's URL, ending in '/'. The counts are made once
    per graph version; the URLs, which the request's Host header sets, every time: kept per base,
    the description grew with every distinct Host (0.23 MB each) and counted the store again."""
    return snapshot.memo("void", lambda: _graph_description(snapshot.store)) + _access(base)


async def void(request: Request) -> Response:
    format_name = graph_format_for(request.headers.get("accept"))
    if format_name is None:
        return JSONResponse(
            {"error": "the description is available as " + ", ".join(media_types(GRAPH_FORMATS))}, status_code=406
        )
    holder: GraphHolder = request.app.state.graph
    snapshot = holder.current
    triples = await anyio.to_thread.run_sync(description_for, snapshot, str(request.base_url))
    return Response(
        serialize(triples, format_name), media_type=GRAPH_FORMATS[format_name].media_type, headers={"Vary": "Accept"}
    )


def routes() -> list[Route]:
    return [Route("/.well-known/void", void, methods=["GET"])]
