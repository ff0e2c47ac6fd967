"""Exports: one registry of formats, one writer each, files written by graph/files/atomic.py.

`EXPORTS` are the dataset itself in the RDF syntaxes: formats that can hold named graphs (TriG,
N-Quads, JSON-LD) keep one graph per source document; the others (Turtle, N-Triples, RDF/XML)
carry the union of all graphs, since those syntaxes have no graphs. `STATEMENT_EXPORTS` are the
claims one by one, in the formats of tools that work statement by statement
(graph/store/statements/). `FORMATS` is both: what `stargate-kg export` and `/export/{format}` offer.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from graph.files.atomic import OutputError, write_atomically
from graph.vocab.namespaces import PREFIXES


@dataclass(frozen=True)
class RdfExport:
    name: str
    label: str
    rdf_format: ox.RdfFormat
    extension: str
    keeps_graphs: bool

    @property
    def media_type(self) -> str:
        return self.rdf_format.media_type

    def write(self, quads: Iterable[ox.Quad], output: BinaryIO) -> None:
        serialize_to(quads, self, output)


EXPORTS: dict[str, RdfExport] = {
    e.name: e
    for e in (
        RdfExport("turtle", "Turtle (union of all graphs)", ox.RdfFormat.TURTLE, "ttl", False),
        RdfExport("trig", "TriG (one named graph per document)", ox.RdfFormat.TRIG, "trig", True),
        RdfExport("ntriples", "N-Triples (union of all graphs)", ox.RdfFormat.N_TRIPLES, "nt", False),
        RdfExport("nquads", "N-Quads (one named graph per document)", ox.RdfFormat.N_QUADS, "nq", True),
        RdfExport("jsonld", "JSON-LD (named graphs kept)", ox.RdfFormat.JSON_LD, "jsonld", True),
        RdfExport("rdfxml", "RDF/XML (union of all graphs)", ox.RdfFormat.RDF_XML, "rdf", False),
    )
}


def _shaped(quads: Iterable[ox.Quad], export: RdfExport) -> Iterable[ox.Quad] | Iterable[ox.Triple]:
    """The quads as they are, or each distinct triple once in first-seen order (a triple stated
    by several documents is in several graphs). The dict is filled by C loops: a Python loop
    over a seen-set took 2.8 s at a million quads, this 1.2 s."""
    if export.keeps_graphs:
        return quads
    return dict.fromkeys(map(attrgetter("triple"), quads)).keys()


def serialize_to(quads: Iterable[ox.Quad], export: RdfExport, output: BinaryIO) -> None:
    """Write the dataset in the given format to a binary file-like object."""
    prefixes = PREFIXES if export.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    ox.serialize(_shaped(quads, export), output, format=export.rdf_format, prefixes=prefixes)


Writer = Callable[[Iterable[ox.Quad], BinaryIO], None]


@dataclass(frozen=True)
class StatementExport:
    """A statement-level format: its writer, named 'module:function' and imported on first use
    (followthemoney alone takes seconds to import), and the reference reader tests read it with."""

    name: str
    label: str
    media_type: str
    extension: str
    writer: str
    reader: str
    keeps_graphs: bool = False
    requires: tuple[str, str] | None = None  # (module, dependency group) of an optional format

    def missing(self) -> str | None:
        """Why this format cannot be written in this installation, or None when it can."""
        if self.requires is None or importlib.util.find_spec(self.requires[0]) is not None:
            return None
        module, group = self.requires
        return (
            f"the {self.name} export needs {module}, in the optional dependency group {group!r}: "
            f"uv sync --frozen --group {group} (Debian: apt install libicu-dev pkg-config g++ first)"
        )

    def write(self, quads: Iterable[ox.Quad], output: BinaryIO) -> None:
        why = self.missing()
        if why:
            raise OutputError(why)
        module, function = self.writer.split(":")
        cast(Writer, getattr(importlib.import_module(module), function))(quads, output)


STATEMENTS = "graph.store.statements."
STATEMENT_EXPORTS: dict[str, StatementExport] = {
    e.name: e
    for e in (
        StatementExport(
            "ftm",
            "FollowTheMoney statements CSV (claims as links, documents as Articles; origin, first and last seen)",
            "text/csv",
            "ftm.csv",
            STATEMENTS + "ftm:write_csv",
            "followthemoney.statement.read_statements",
            requires=("followthemoney", "ftm"),
        ),
        StatementExport(
            "rdf12",
            "RDF 1.2 Turtle (one reifier per claim: its triple term and annotations)",
            "text/turtle",
            "rdf12.ttl",
            STATEMENTS + "rdf12:write_turtle",
            "pyoxigraph.parse (Turtle 1.2)",
        ),
        StatementExport(
            "rdf12-ntriples",
            "RDF 1.2 N-Triples (one reifier per claim: its triple term and annotations)",
            "application/n-triples",
            "rdf12.nt",
            STATEMENTS + "rdf12:write_ntriples",
            "pyoxigraph.parse (N-Triples 1.2)",
        ),
        StatementExport(
            "nanopub",
            "Nanopublications TriG (per claim an assertion, a provenance and a publication-info graph)",
            "application/trig",
            "nanopub.trig",
            STATEMENTS + "nanopub:write_trig",
            "rdflib.Dataset.parse (TriG)",
            keeps_graphs=True,
        ),
        StatementExport(
            "claims-jsonld",
            "JSON-LD framed by claim (each claim an object with its value, quote, document and claimant)",
            "application/ld+json",
            "claims.jsonld",
            STATEMENTS + "jsonld:write_framed",
            "pyld.jsonld.frame",
        ),
    )
}
FORMATS: dict[str, RdfExport | StatementExport] = {**EXPORTS, **STATEMENT_EXPORTS}


def export_file(quads: Iterable[ox.Quad], export: RdfExport | StatementExport, path: Path) -> None:
    write_atomically(path, lambda output: export.write(quads, output))
