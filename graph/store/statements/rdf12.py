"""RDF 1.2: one reifier per claim. The claim's IRI `rdf:reifies` the triple term of what it states,
`<<( subject relation object )>>`, and carries its annotations (document, quote, its anchor,
claimant, value, qualifiers) as in the dataset. A claim with no single object (a range, or no value)
reifies a triple whose object is a blank node standing for the value the annotations describe.
Written as Turtle 1.2 or N-Triples 1.2 (pyoxigraph reads both)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pyoxigraph as ox

from graph.store.statements.claims import Claim, read_claims
from graph.vocab import namespaces as ns

REIFIES = ox.NamedNode(ns.RDF + "reifies")


def stated_triple(claim: Claim, index: int) -> ox.Triple:
    """The triple the claim states; `index` names the blank value of a claim without an object."""
    obj = claim.object
    return ox.Triple(claim.subject, claim.predicate, obj if obj is not None else ox.BlankNode(f"value{index}"))


def reifier_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    for index, claim in enumerate(read_claims(quads).claims):
        yield ox.Triple(claim.iri, REIFIES, stated_triple(claim, index))
        for predicate, obj in claim.annotations:
            yield ox.Triple(claim.iri, predicate, obj)
        yield from claim.anchor


def write_turtle(quads: Iterable[ox.Quad], output: BinaryIO) -> None:
    ox.serialize(reifier_triples(quads), output, format=ox.RdfFormat.TURTLE, prefixes=ns.PREFIXES)


def write_ntriples(quads: Iterable[ox.Quad], output: BinaryIO) -> None:
    ox.serialize(reifier_triples(quads), output, format=ox.RdfFormat.N_TRIPLES)
