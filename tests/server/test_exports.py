"""/export/{format}: streamed downloads that parse back, with rdflib, to the dataset's quads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from graph.store.backends import EmbeddedStore
from graph.store.export import EXPORTS

if TYPE_CHECKING:
    from tests.stores import SparqlServer

pytest_plugins = ["tests.stores"]
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "trig": "trig",
    "ntriples": "nt",
    "nquads": "nquads",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


def as_rdflib(term: object) -> rdflib.term.Node:
    """An Oxigraph term as the rdflib term it stands for (the independent parser's view)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def download(server: SparqlServer, name: str) -> httpx.Response:
    with httpx.stream("GET", f"{server.url}/export/{name}", timeout=60) as response:
        response.read()
    return response


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_streams_with_its_media_type_and_file_name(sparql_server: SparqlServer, name: str) -> None:
    export = EXPORTS[name]
    response = download(sparql_server, name)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == export.media_type
    assert response.headers["content-disposition"] == f'attachment; filename="stargate-kg.{export.extension}"'
    assert response.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.headers


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_parses_back_to_the_dataset(sparql_server: SparqlServer, store: EmbeddedStore, name: str) -> None:
    export = EXPORTS[name]
    body = download(sparql_server, name).content
    quads = set(store.quads())
    if export.keeps_graphs:
        dataset = rdflib.Dataset()
        dataset.parse(data=body, format=RDFLIB_FORMATS[name])
        parsed = {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}
        expected = {
            (as_rdflib(q.subject), as_rdflib(q.predicate), as_rdflib(q.object), rdflib.URIRef(q.graph_name.value))
            for q in quads
        }
    else:
        graph = rdflib.Graph().parse(data=body, format=RDFLIB_FORMATS[name])
        parsed = set(graph)  # type: ignore[arg-type]
        expected = {(as_rdflib(q.subject), as_rdflib(q.predicate), as_rdflib(q.object)) for q in quads}
    assert parsed == expected


def test_named_graphs_survive_in_trig_and_nquads(sparql_server: SparqlServer, store: EmbeddedStore) -> None:
    graphs = {q.graph_name.value for q in store.quads()}
    for name in ("trig", "nquads"):
        dataset = rdflib.Dataset()
        dataset.parse(data=download(sparql_server, name).content, format=RDFLIB_FORMATS[name])
        assert {str(g) for _, _, _, g in dataset.quads((None, None, None, None))} == graphs


def test_unknown_format_is_404_with_the_choices(sparql_server: SparqlServer) -> None:
    response = httpx.get(f"{sparql_server.url}/export/xlsx")
    assert response.status_code == 404
    assert all(name in response.json()["error"] for name in EXPORTS)


def test_the_format_list_and_etags(sparql_server: SparqlServer) -> None:
    listing = httpx.get(f"{sparql_server.url}/export").json()
    assert [entry["format"] for entry in listing] == list(EXPORTS)
    first = download(sparql_server, "nquads")
    again = httpx.get(f"{sparql_server.url}/export/nquads", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
