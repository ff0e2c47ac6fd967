"""The SHACL shapes of `graph/ingest/shapes.ttl`, compiled to SPARQL and run on Oxigraph.

pyshacl evaluates shapes in Python, focus node by focus node, over an rdflib graph: on the seed
graph that takes a second, but about 10 s at 50k quads and far longer at a million, where merely
loading rdflib costs 30 s. Here each constraint of each shape becomes one SPARQL query that
returns every violating focus node at once, evaluated by Oxigraph in Rust.

The compiler reads the shapes as data and knows the SHACL Core components the project's shapes
use, plus SPARQL-based constraints. A shape using any other feature is refused with an error
naming it, never skipped, so both engines always check the same constraints; tests run both on
the same graphs and compare what they report.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from graph.vocab.namespaces import PREFIXES


class UnsupportedShape(Exception):
    """The shapes use a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class Violation:
    """One focus node that breaks one constraint (the engine-neutral form of a SHACL result)."""

    focus: str
    path: str | None  # the property path, shown with the project's prefixes
    message: str
    value: str | None = None  # the offending value, where the constraint names one

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.focus, self.path or "", self.message, self.value or "")


@dataclass(frozen=True)
class Check:
    """One constraint as a query: its solutions bind ?this (and maybe ?value) for each violation."""

    query: str
    path: str | None
    message: str
    with_value: bool = False  # the query also binds ?value, the offending value


_IGNORED = {
    RDF.type,
    RDFS.comment,
    RDFS.label,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.prefixes,
    SH.declare,
    SH.order,
    SH.group,
}
_VALUE_COMPONENTS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.pattern,
    SH.flags,
    SH.minLength,
    SH.maxLength,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.languageIn,
    SH["in"],
    SH["or"],
    SH.node,
    SH.hasValue,
}
_PROPERTY_COMPONENTS = _VALUE_COMPONENTS | {SH.path, SH.minCount, SH.maxCount, SH.uniqueLang}
_NODE_SHAPE_KEYS = _VALUE_COMPONENTS | {SH.targetClass, SH.targetNode, SH.property, SH.sparql}
_XSD = "http://www.w3.org/2001/XMLSchema#"
# Datatypes whose lexical form SPARQL can check by casting (an ill-typed literal fails the cast).
_CASTABLE = {
    f"{_XSD}{name}" for name in ("decimal", "integer", "double", "float", "boolean", "date", "dateTime", "string")
}
_NODE_KINDS: dict[rdflib.term.Node, str] = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


def _term(node: rdflib.term.Node) -> str:
    """A term in SPARQL syntax (full IRIs, so no prefix declarations are needed)."""
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        return node.n3()
    raise UnsupportedShape(f"blank node {node} used as a constant in a shape")


def shown_iri(iri: rdflib.term.Node) -> str:
    """An IRI as problems show it: with the project's prefix where one applies."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def _list(graph: rdflib.Graph, head: rdflib.term.Node) -> list[rdflib.term.Node]:
    return list(Collection(graph, head))


def _instance_of(var: str, cls: rdflib.term.Node) -> str:
    """SHACL instance: rdf:type, then any number of rdfs:subClassOf steps."""
    return f"EXISTS {{ {var} <{RDF.type}> ?type_ . ?type_ <{RDFS.subClassOf}>* {_term(cls)} }}"


class _Compiler:
    def __init__(self, shapes: rdflib.Graph) -> None:
        self.shapes = shapes

    def _check_keys(self, shape: rdflib.term.Node, allowed: AbstractSet[rdflib.term.Node]) -> None:
        for predicate in set(self.shapes.predicates(shape)) - allowed - _IGNORED:
            raise UnsupportedShape(f"shape {shape}: the SPARQL engine does not translate {shown_iri(predicate)}")

    def conforms(self, shape: rdflib.term.Node, var: str, classes: bool = True) -> str:
        """A SPARQL expression true when the node bound to `var` meets the shape's value-level
        constraints (used for property values, sh:or members and sh:node shapes); with
        `classes=False` sh:class is left out, for the caller to check as a join."""
        tests = ["true"]
        g = self.shapes
        for cls in g.objects(shape, SH["class"]) if classes else ():
            tests.append(f"(!isLiteral({var}) && {_instance_of(var, cls)})")
        for datatype in g.objects(shape, SH.datatype):
            test = f"(isLiteral({var}) && datatype({var}) = {_term(datatype)})"
            if str(datatype) in _CASTABLE:
                cast = f"{_term(datatype)}(STR({var}))"
                test = f"({test} && COALESCE(sameTerm({cast}, {cast}), false))"
            tests.append(test)
        for kind in g.objects(shape, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise UnsupportedShape(f"shape {shape}: unknown sh:nodeKind {kind}")
            tests.append(_NODE_KINDS[kind].format(v=var))
        for pattern in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            extra = f", {rdflib.Literal(str(flags)).n3()}" if flags is not None else ""
            tests.append(f"(!isBlank({var}) && REGEX(STR({var}), {rdflib.Literal(str(pattern)).n3()}{extra}))")
        for length, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            for bound in g.objects(shape, length):
                tests.append(f"(!isBlank({var}) && STRLEN(STR({var})) {op} {int(str(bound))})")
        for component, op in (
            (SH.minInclusive, ">="),
            (SH.maxInclusive, "<="),
            (SH.minExclusive, ">"),
            (SH.maxExclusive, "<"),
        ):
            for bound in g.objects(shape, component):
                tests.append(f"COALESCE({var} {op} {_term(bound)}, false)")
        for languages in g.objects(shape, SH.languageIn):
            ranges = " || ".join(f'langMatches(lang({var}), "{lang}")' for lang in _list(g, languages))
            tests.append(f"(isLiteral({var}) && ({ranges or 'false'}))")
        for members in g.objects(shape, SH["in"]):
            same = " || ".join(f"sameTerm({var}, {_term(m)})" for m in _list(g, members))
            tests.append(f"({same or 'false'})")
        for members in g.objects(shape, SH["or"]):
            tests.append("(" + " || ".join(self.conforms(m, var) for m in _list(g, members)) + ")")
        for node_shape in g.objects(shape, SH.node):
            tests.append(self.node_conforms(node_shape, var))
        return " && ".join(tests)

    def node_conforms(self, shape: rdflib.term.Node, var: str) -> str:
        """A nested node shape as an expression: its value constraints and simple property counts."""
        self._check_keys(shape, _VALUE_COMPONENTS | {SH.property})
        tests = [self.conforms(shape, var)]
        for prop in self.shapes.objects(shape, SH.property):
            self._check_keys(prop, {SH.path, SH.hasValue, SH.minCount})
            path = self._path(prop)
            for value in self.shapes.objects(prop, SH.hasValue):
                tests.append(f"EXISTS {{ {var} {path} {_term(value)} }}")
            for count in self.shapes.objects(prop, SH.minCount):
                if int(str(count)) > 1:
                    raise UnsupportedShape(f"shape {shape}: sh:minCount above 1 in a nested shape")
                tests.append(f"EXISTS {{ {var} {path} ?nested }}")
        return "(" + " && ".join(tests) + ")"

    def _path(self, prop: rdflib.term.Node) -> str:
        path = self.shapes.value(prop, SH.path)
        if not isinstance(path, rdflib.URIRef):
            raise UnsupportedShape(f"property shape {prop}: only plain IRI paths are translated, got {path}")
        return _term(path)

    def _message(self, shape: rdflib.term.Node, default: str) -> str:
        message = self.shapes.value(shape, SH.message)
        return str(message) if message is not None else default

    def _targets(self, shape: rdflib.term.Node) -> list[tuple[str, rdflib.term.Node | str]]:
        """(graph pattern binding ?this, what $this stands for in SPARQL constraints) per target."""
        targets: list[tuple[str, rdflib.term.Node | str]] = []
        for cls in self.shapes.objects(shape, SH.targetClass):
            pattern = f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {_term(cls)} ."
            targets.append((pattern, pattern))
        for node in self.shapes.objects(shape, SH.targetNode):
            targets.append((f"VALUES ?this {{ {_term(node)} }}", node))
        return targets

    def checks(self) -> Iterator[Check]:
        g = self.shapes
        node_shapes = sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str)
        for shape in node_shapes:
            targets = self._targets(shape)
            if not targets:
                continue  # a shape with no target is only used through sh:node
            self._check_keys(shape, _NODE_SHAPE_KEYS)
            for pattern, this in targets:
                yield from self._node_checks(shape, pattern, this)

    def _node_checks(self, shape: rdflib.term.Node, target: str, this: rdflib.term.Node | str) -> Iterator[Check]:
        g = self.shapes
        own = self.conforms(shape, "?this")
        if own != "true":
            yield Check(
                f"SELECT ?this WHERE {{ {target} FILTER(!({own})) }}",
                None,
                self._message(shape, f"Node does not conform to shape {shown_iri(shape)}"),
            )
        for prop in sorted(g.objects(shape, SH.property), key=str):
            self._check_keys(prop, _PROPERTY_COMPONENTS)
            yield from self._property_checks(prop, target)
        for constraint in g.objects(shape, SH.sparql):
            yield self._sparql_check(constraint, this)

    def _property_checks(self, prop: rdflib.term.Node, target: str) -> Iterator[Check]:
        """A query per constraint. Where a constraint can be tested on the path's values alone, they are
        scanned first and the target joined last, with the few failures: written target first,
        Oxigraph looks the path up once per target node, three times slower on 26k claims."""
        g = self.shapes
        path = self._path(prop)
        shown = shown_iri(g.value(prop, SH.path))  # type: ignore[arg-type]
        for count in g.objects(prop, SH.minCount):
            n = int(str(count))
            query = (
                f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
                if n == 1
                else f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})"
            )
            yield Check(query, shown, self._message(prop, f"Less than {n} values on {shown}"))
        for count in g.objects(prop, SH.maxCount):
            n = int(str(count))
            query = (
                f"SELECT ?this WHERE {{ {{ SELECT ?this WHERE {{ ?this {path} ?value }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n}) }} {target} }}"
            )
            yield Check(query, shown, self._message(prop, f"More than {n} values on {shown}"))
        for value in g.objects(prop, SH.hasValue):
            yield Check(
                f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} {_term(value)} }} }}",
                shown,
                self._message(prop, f"Missing expected value {shown_iri(value)} on {shown}"),
            )
        if any(bool(u) for u in g.objects(prop, SH.uniqueLang)):
            query = (
                f"SELECT DISTINCT ?this WHERE {{ {target} ?this {path} ?value , ?other . "
                f'FILTER(!sameTerm(?value, ?other) && lang(?value) != "" && lang(?value) = lang(?other)) }}'
            )
            yield Check(query, shown, self._message(prop, f"More than one value shares a language on {shown}"))
        for cls in g.objects(prop, SH["class"]):
            # as an anti-join (MINUS): a per-value EXISTS over the subclass path costs about ten times more
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value . "
                f"MINUS {{ ?value <{RDF.type}> ?type_ . ?type_ <{RDFS.subClassOf}>* {_term(cls)} }} {target} }}"
            )
            yield Check(query, shown, self._message(prop, f"Value of {shown} is not a {shown_iri(cls)}"), True)
        value_test = self.conforms(prop, "?value", classes=False)
        if value_test != "true":
            query = f"SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value . FILTER(!({value_test})) {target} }}"
            yield Check(query, shown, self._message(prop, f"Value of {shown} does not meet the shape"), True)

    def _sparql_check(self, constraint: rdflib.term.Node, target: rdflib.term.Node | str) -> Check:
        """The constraint's own query, with $this bound as SHACL pre-binding would: a target node
        is written in place of $this; a target class pattern is joined inside the same group."""
        g = self.shapes
        self._check_keys(constraint, {SH.select})
        select = str(g.value(constraint, SH.select))
        opening, closing = select.find("{"), select.rfind("}")
        if opening < 0 or select[closing + 1 :].strip():
            raise UnsupportedShape(f"SPARQL constraint {constraint}: only 'SELECT ... WHERE {{ ... }}' is translated")
        prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in self._declared_prefixes(constraint))
        body = select[opening + 1 : closing]
        if isinstance(target, rdflib.URIRef):
            body = re.sub(r"[$?]this\b", _term(target).replace("\\", r"\\"), body) + f" BIND({_term(target)} AS ?this)"
        else:
            body = f"{target} {body}"
        with_value = bool(re.search(r"[$?]value\b", select[:opening]))
        query = f"{prefixes}SELECT DISTINCT ?this{' ?value' if with_value else ''} WHERE {{ {body} }}"
        return Check(query, None, self._message(constraint, "SPARQL constraint violated"), with_value)

    def _declared_prefixes(self, constraint: rdflib.term.Node) -> Iterable[tuple[str, str]]:
        for holder in self.shapes.objects(constraint, SH.prefixes):
            for declaration in self.shapes.objects(holder, SH.declare):
                yield str(self.shapes.value(declaration, SH.prefix)), str(self.shapes.value(declaration, SH.namespace))


def compile_shapes(shapes: rdflib.Graph) -> list[Check]:
    """Every constraint of the shapes graph as one query; raises UnsupportedShape if one can't be."""
    return list(_Compiler(shapes).checks())


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    return str(term.value) if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(term or "")


def _run(store: ox.Store, check: Check) -> list[Violation]:
    solutions = store.query(check.query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return [
        Violation(
            _text(row["this"]),
            check.path,
            check.message,
            _text(row["value"]) if check.with_value and row["value"] is not None else None,
        )
        for row in solutions
    ]


def find_violations(store: ox.Store, checks: Iterable[Check]) -> list[Violation]:
    """Run the checks on a store whose default graph is the union of its named graphs, one per
    core at a time: Oxigraph evaluates a query without holding the GIL."""
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        found = {violation for violations in pool.map(partial(_run, store), checks) for violation in violations}
    return sorted(found, key=Violation.sort_key)
