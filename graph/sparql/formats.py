"""The SPARQL endpoint's output formats, as tables: one for results, one for graphs.

SELECT and ASK answer in a results format, CONSTRUCT and DESCRIBE in an RDF format
(SPARQL 1.1 Protocol, section 2.1.6). Each format lists the media types clients ask for it by;
the first is the one the response declares. Serialization itself is Oxigraph's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.http.negotiation import choose


@dataclass(frozen=True)
class ResultFormat:
    name: str
    format: ox.QueryResultsFormat
    w3c_name: str  # its name under http://www.w3.org/ns/formats/ (for the service description)
    aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.format.media_type


@dataclass(frozen=True)
class GraphFormat:
    name: str
    format: ox.RdfFormat
    w3c_name: str
    aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.format.media_type


RESULT_FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        ResultFormat("json", ox.QueryResultsFormat.JSON, "SPARQL_Results_JSON", ("application/json",)),
        ResultFormat("xml", ox.QueryResultsFormat.XML, "SPARQL_Results_XML", ("application/xml", "text/xml")),
        ResultFormat("csv", ox.QueryResultsFormat.CSV, "SPARQL_Results_CSV"),
        ResultFormat("tsv", ox.QueryResultsFormat.TSV, "SPARQL_Results_TSV"),
    )
}

GRAPH_FORMATS: dict[str, GraphFormat] = {
    f.name: f
    for f in (
        GraphFormat("turtle", ox.RdfFormat.TURTLE, "Turtle", ("application/turtle", "application/x-turtle")),
        GraphFormat("ntriples", ox.RdfFormat.N_TRIPLES, "N-Triples", ("text/plain",)),
        GraphFormat("jsonld", ox.RdfFormat.JSON_LD, "JSON-LD", ("application/x-json+ld", "application/json")),
        GraphFormat("rdfxml", ox.RdfFormat.RDF_XML, "RDF_XML", ("application/xml", "text/xml")),
    )
}


def _bare(media_type: str) -> str:
    return media_type.split(";")[0].strip()


def _negotiate(accept: str | None, table: dict[str, ResultFormat] | dict[str, GraphFormat]) -> str | None:
    by_media: dict[str, str] = {}
    for name, fmt in table.items():
        by_media.setdefault(_bare(fmt.media_type), name)
        for alias in fmt.aliases:
            by_media.setdefault(alias, name)
    chosen = choose(accept, list(by_media))
    return by_media[chosen] if chosen else None


def result_format_for(accept: str | None) -> str | None:
    """The results format (a RESULT_FORMATS key) the Accept header prefers; None if none fits."""
    return _negotiate(accept, RESULT_FORMATS)


def graph_format_for(accept: str | None) -> str | None:
    """The RDF format (a GRAPH_FORMATS key) the Accept header prefers; None if none fits."""
    return _negotiate(accept, GRAPH_FORMATS)


def media_types(table: dict[str, ResultFormat] | dict[str, GraphFormat]) -> list[str]:
    return [_bare(f.media_type) for f in table.values()]
