"""shapes.py: the SHACL shapes compiled to SPARQL report what pyshacl reports, on the same graphs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import SH

from graph.files.problems import Problem
from graph.ingest.pipeline import Compiled
from graph.ingest.shapes import UnsupportedShape, compile_shapes
from graph.ingest.validate import SHAPES_PATH, check_shapes, load_shapes
from graph.vocab.namespaces import CLAIM, DCTERMS, DOCUMENT, ENTITY, OA, RDF, RDFS, SG, XSD
from graph.vocab.vocabulary import load_vocabulary

N, L = ox.NamedNode, ox.Literal
Tamper = Callable[[Compiled], list[ox.Quad]]


def _claim(compiled: Compiled, index: int) -> ox.NamedNode:
    return N(CLAIM + compiled.corpus.claims[index].key)


def _graph_of(compiled: Compiled, node: ox.NamedNode) -> ox.NamedNode:
    return next(q.graph_name for q in compiled.quads if q.subject == node)  # type: ignore[return-value]


def _without(compiled: Compiled, subject: ox.NamedNode, predicate: str) -> list[ox.Quad]:
    return [q for q in compiled.quads if not (q.subject == subject and q.predicate.value == predicate)]


def _with(
    compiled: Compiled, subject: ox.NamedNode | ox.BlankNode, predicate: str, obj: ox.NamedNode | ox.Literal
) -> list[ox.Quad]:
    graph = _graph_of(compiled, _claim(compiled, 5))
    return [*compiled.quads, ox.Quad(subject, N(predicate), obj, graph)]


def _first(compiled: Compiled, predicate: str, obj: str | None = None) -> ox.NamedNode:
    return next(
        q.subject
        for q in compiled.quads  # type: ignore[return-value]
        if q.predicate.value == predicate and (obj is None or q.object.value == obj)
    )


def _retyped_quote(compiled: Compiled) -> list[ox.Quad]:
    node = _claim(compiled, 0)
    return [
        ox.Quad(q.subject, q.predicate, L("不在文中的句子", language="zh-Hans"), q.graph_name)
        if q.subject == node and q.predicate.value == SG + "evidence"
        else q
        for q in compiled.quads
    ]


def _lonely_contradiction(compiled: Compiled) -> list[ox.Quad]:
    found = _first(compiled, RDF + "type", SG + "Contradiction")
    involved = [q for q in compiled.quads if q.subject == found and q.predicate.value == SG + "involvesClaim"]
    return [q for q in compiled.quads if q not in involved[1:]]


def _shifted_anchor(compiled: Compiled) -> list[ox.Quad]:
    """The first claim's start offset moved by one character: the selector misses its quote."""
    position = _claim(compiled, 0).value + "#position"
    return [
        ox.Quad(q.subject, q.predicate, L(str(int(q.object.value) + 1), datatype=q.object.datatype), q.graph_name)
        if q.subject.value == position and q.predicate.value == OA + "start" and isinstance(q.object, ox.Literal)
        else q
        for q in compiled.quads
    ]


def _without_truthy_triple(compiled: Compiled) -> list[ox.Quad]:
    claim = compiled.corpus.claims[0]
    graph = _graph_of(compiled, _claim(compiled, 0))
    return [
        q
        for q in compiled.quads
        if not (
            q.subject.value == ENTITY + claim.subject
            and q.graph_name == graph
            and q.object.value == ENTITY + (claim.object or "")
        )
    ]


TAMPERINGS: dict[str, Tamper] = {
    "claim without evidence": lambda c: _without(c, _claim(c, 0), SG + "evidence"),
    "claim with two quotes": lambda c: _with(c, _claim(c, 5), SG + "evidence", L("另一句", language="zh-Hans")),
    "quote not in the document": _retyped_quote,
    "amount without currency": lambda c: _without(c, _first(c, SG + "currency"), SG + "currency"),
    "lower-case currency": lambda c: _with(c, _claim(c, 5), SG + "currency", L("usd")),
    "share over 100": lambda c: _with(c, _claim(c, 5), SG + "share", L("150", datatype=N(XSD + "decimal"))),
    "ill-typed amount": lambda c: _with(c, _claim(c, 5), SG + "amount", L("abc", datatype=N(XSD + "decimal"))),
    "literal subject": lambda c: _with(c, _claim(c, 5), RDF + "subject", L("x")),
    "status outside the scheme": lambda c: _with(c, _claim(c, 5), SG + "status", N(SG + "NotAStatus")),
    "unknown claimant": lambda c: _with(c, _claim(c, 5), SG + "claimant", N(ENTITY + "nobody")),
    "offsets that miss the quote": _shifted_anchor,
    "joint party that is no entity": lambda c: _with(c, _claim(c, 5), SG + "jointWith", L("nobody")),
    "claim without attribution": lambda c: _without(c, _claim(c, 5), SG + "attribution"),
    "polarity outside the scheme": lambda c: _with(c, _claim(c, 5), SG + "polarity", N(SG + "status-committed")),
    "target that is no claim": lambda c: _with(c, _claim(c, 5), SG + "targetClaim", N(ENTITY + "softbank")),
    "bound outside the scheme": lambda c: _with(c, _claim(c, 5), SG + "bound", N(SG + "NotABound")),
    "as-of date as a plain string": lambda c: _with(c, _claim(c, 5), SG + "asOf", L("2025")),
    "reason without a language": lambda c: _with(c, _claim(c, 5), SG + "reason", L("no language")),
    "phase with a language": lambda c: _with(c, _claim(c, 5), SG + "phase", L("initial", language="en")),
    "item that is no entity": lambda c: _with(c, _claim(c, 5), SG + "item", N(ENTITY + "nobody")),
    "entity without label": lambda c: _without(c, N(ENTITY + "softbank"), RDFS + "label"),
    "entity with two English labels": lambda c: _with(
        c, N(ENTITY + "softbank"), RDFS + "label", L("Another", language="en")
    ),
    "identifier with capitals": lambda c: _with(c, N(ENTITY + "softbank"), DCTERMS + "identifier", L("Bad_Id")),
    "document with no claims": lambda c: _with(
        c, N(DOCUMENT + "999_0000000000000000"), RDF + "type", N(SG + "Document")
    ),
    "document in French": lambda c: _with(c, _first(c, RDF + "type", SG + "Document"), DCTERMS + "language", L("fr")),
    "issued as a plain string": lambda c: _with(
        c, _first(c, RDF + "type", SG + "Document"), DCTERMS + "issued", L("2025")
    ),
    "contradiction of one claim": _lonely_contradiction,
    "truthy triple missing": _without_truthy_triple,
    "claim as a blank node": lambda c: _with(c, ox.BlankNode("b1"), RDF + "type", N(SG + "Claim")),
}


def _reported(problems: list[Problem]) -> set[tuple[str, str]]:
    """Where each problem points and what it names (focus and path); blank node labels differ
    between the engines, so they are blanked."""
    shown = set()
    for problem in problems:
        named = problem.message.split(": ", 2)[1]
        shown.add((str(problem.location), re.sub(r"^<(?!https?:)[^>]*>", "<_:b>", named)))
    return shown


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_each_tampering_breaks_a_shape(compiled: Compiled, name: str) -> None:
    assert check_shapes(TAMPERINGS[name](compiled), compiled.corpus, engine="sparql")


def test_both_engines_report_the_same_violations(compiled: Compiled) -> None:
    """All tamperings at once (pyshacl takes a second per run): the same focus nodes, paths and
    seed lines, whichever engine runs the shapes."""
    original = set(compiled.quads)
    removed: set[ox.Quad] = set()
    added: set[ox.Quad] = set()
    for tamper in TAMPERINGS.values():
        tampered = set(tamper(compiled))
        removed |= original - tampered
        added |= tampered - original
    quads = [q for q in compiled.quads if q not in removed] + sorted(added, key=str)
    reference = check_shapes(quads, compiled.corpus, engine="pyshacl")
    assert len(reference) > len(TAMPERINGS)
    assert _reported(check_shapes(quads, compiled.corpus, engine="sparql")) == _reported(reference)


def test_messages_written_in_the_shapes_are_kept(compiled: Compiled) -> None:
    problems = check_shapes(TAMPERINGS["quote not in the document"](compiled), compiled.corpus, engine="sparql")
    assert [p.location for p in problems] == [compiled.corpus.claims[0].where]
    assert "is not the text its offsets" in problems[0].message


def test_the_seed_graph_conforms_under_both_engines(compiled: Compiled) -> None:
    assert check_shapes(compiled.quads, compiled.corpus, engine="sparql") == []
    assert check_shapes(compiled.quads, compiled.corpus, engine="pyshacl") == []


def test_a_shape_feature_the_compiler_does_not_know_is_refused(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPES_PATH.read_text(encoding="utf-8")
        + """
sgs:Extra a sh:NodeShape ; sh:targetClass sg:Claim ;
    sh:property [ sh:path sg:share ; sh:qualifiedMinCount 1 ] .
""",
        encoding="utf-8",
    )
    with pytest.raises(UnsupportedShape, match="qualifiedMinCount"):
        compile_shapes(load_shapes(shapes))


def test_each_declared_qualifier_gets_its_property_shape_from_the_declaration() -> None:
    """shapes.ttl names no qualifier; the shapes the engines run have one property shape each."""
    written = rdflib.Graph().parse(SHAPES_PATH, format="turtle")
    shapes = load_shapes()
    claim_shape = rdflib.URIRef("https://w3id.org/stargate-kg/shapes#ClaimShape")
    for qualifier in load_vocabulary().qualifiers.values():
        path = rdflib.URIRef(qualifier.iri)
        assert (None, SH.path, path) not in written, qualifier.key
        [shape] = [s for s in shapes.objects(claim_shape, SH.property) if shapes.value(s, SH.path) == path]
        assert shapes.value(shape, SH.maxCount) == rdflib.Literal(1)
        assert qualifier.key in str(shapes.value(shape, SH.message))
