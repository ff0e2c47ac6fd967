"""SHACL property shapes of the claim qualifiers, derived from their declarations in the ontology.

graph/ingest/shapes.ttl holds the hand-written shapes; each declared qualifier (graph/vocab/vocabulary.py)
adds one property shape to `sgs:ClaimShape` here: at most one value, of the qualifier's kind (a known
entity, a claim of the graph, a concept of its scheme, a date, a percentage, a plain string, a
language-tagged text). A new qualifier so needs no edit of the shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, SKOS, XSD

from graph.ingest.shapes import shown_iri
from graph.vocab.namespaces import SG
from graph.vocab.vocabulary import Qualifier

SHAPES = rdflib.Namespace("https://w3id.org/stargate-kg/shapes#")
CLAIM_SHAPE = SHAPES.ClaimShape
_SG = rdflib.Namespace(SG)
Constrain = Callable[[rdflib.Graph, rdflib.BNode, Qualifier], str]  # adds the kind's constraints, returns the message


def _entity(shapes: rdflib.Graph, shape: rdflib.BNode, qualifier: Qualifier) -> str:
    shapes.add((shape, SH["class"], _SG.Entity))
    return f"the {qualifier.key} must be a known entity"


def _claim(shapes: rdflib.Graph, shape: rdflib.BNode, qualifier: Qualifier) -> str:
    shapes.add((shape, SH["class"], _SG.Claim))
    return f"a {qualifier.key} must be a claim of the graph"


def _term(shapes: rdflib.Graph, shape: rdflib.BNode, qualifier: Qualifier) -> str:
    assert qualifier.scheme is not None  # the vocabulary requires one for a term
    scheme = rdflib.URIRef(qualifier.scheme)
    name = qualifier.scheme.rsplit("#", 1)[-1].rsplit("/", 1)[-1].removesuffix("Scheme")
    concept = SHAPES[f"{name}ConceptShape"]
    in_scheme = rdflib.BNode()
    shapes.add((concept, RDF.type, SH.NodeShape))
    shapes.add((concept, SH.property, in_scheme))
    shapes.add((in_scheme, SH.path, SKOS.inScheme))
    shapes.add((in_scheme, SH.hasValue, scheme))
    shapes.add((shape, SH.node, concept))
    return f"{qualifier.key} must come from {shown_iri(scheme)}"


def _date(shapes: rdflib.Graph, shape: rdflib.BNode, qualifier: Qualifier) -> str:
    choices: list[rdflib.term.Node] = []
    for datatype in (XSD.date, XSD.gYearMonth, XSD.gYear):
        choice = rdflib.BNode()
        shapes.add((choice, SH.datatype, datatype))
        choices.append(choice)
    head = rdflib.BNode()
    Collection(shapes, head, choices)
    shapes.add((shape, SH["or"], head))
    return f"{qualifier.key} is one date: xsd:date, xsd:gYearMonth or xsd:gYear"


def _percent(shapes: rdflib.Graph, shape: rdflib.BNode, qualifier: Qualifier) -> str:
    shapes.add((shape, SH.datatype, XSD.decimal))
    shapes.add((shape, SH.minInclusive, rdflib.Literal(0)))
    shapes.add((shape, SH.maxInclusive, rdflib.Literal(100)))
    return f"a {qualifier.key} is a percentage between 0 and 100"


def _string(shapes: rdflib.Graph, shape: rdflib.BNode, qualifier: Qualifier) -> str:
    shapes.add((shape, SH.datatype, XSD.string))
    return f"{qualifier.key} is one plain string"


def _text(shapes: rdflib.Graph, shape: rdflib.BNode, qualifier: Qualifier) -> str:
    shapes.add((shape, SH.datatype, RDF.langString))
    return f"{qualifier.key} is one text tagged with its language"


KINDS: dict[str, Constrain] = {
    "entity": _entity,
    "claim": _claim,
    "term": _term,
    "date": _date,
    "percent": _percent,
    "string": _string,
    "text": _text,
}


def add_qualifier_shapes(shapes: rdflib.Graph, qualifiers: Iterable[Qualifier]) -> None:
    """Add one property shape per qualifier to `sgs:ClaimShape` of `shapes`."""
    for qualifier in qualifiers:
        shape = rdflib.BNode()
        shapes.add((CLAIM_SHAPE, SH.property, shape))
        shapes.add((shape, SH.path, rdflib.URIRef(qualifier.iri)))
        shapes.add((shape, SH.maxCount, rdflib.Literal(1)))
        shapes.add((shape, SH.message, rdflib.Literal(KINDS[qualifier.kind](shapes, shape, qualifier))))
