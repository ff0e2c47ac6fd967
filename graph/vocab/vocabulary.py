"""The vocabulary the seeds may use, read from `graph/vocab/ontology.ttl`.

Classes, relations, claim qualifiers, statuses, bounds and units are data in the ontology; this
module only reads them, so adding a relation or a qualifier is an edit to the Turtle file and
nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.files.resources import package_file
from graph.vocab.namespaces import SG

ONTOLOGY_PATH = package_file("graph.vocab", "ontology.ttl")
_SG = rdflib.Namespace(SG)

VALUE_KINDS = {"MoneyValue": "money", "QuantityValue": "quantity", "DateValue": "date", "TextValue": "text"}
QUALIFIER_KINDS = {
    "EntityQualifier": "entity",
    "ClaimQualifier": "claim",
    "TermQualifier": "term",
    "DateQualifier": "date",
    "PercentQualifier": "percent",
    "StringQualifier": "string",
    "TextQualifier": "text",
}
IRI_KINDS = ("entity", "claim", "term")  # qualifier kinds whose value in the graph is an IRI


@dataclass(frozen=True)
class Relation:
    name: str
    iri: str
    label: str
    label_zh: str
    comment: str
    object_class: str | None  # local class name, None when the relation takes no object
    object_required: bool
    value_kind: str | None  # money | quantity | date | text, None when it takes no value
    value_required: bool
    triggers: tuple[str, ...] = ()  # words suggesting it in a new article (sg:trigger; graph/draft)

    @property
    def links_entities(self) -> bool:
        """True when claims of this relation connect two entities (an edge for analytics)."""
        return self.object_class is not None


@dataclass(frozen=True)
class EntityClass:
    name: str
    iri: str
    label: str
    comment: str
    ancestors: frozenset[str]  # local names of every sg: superclass, itself included


@dataclass(frozen=True)
class Qualifier:
    """One claim qualifier as the ontology declares it (the sg:Qualifier annotations)."""

    key: str  # the seed key under `qualifiers:`
    iri: str
    kind: str  # entity | claim | term | date | percent | string | text
    graphql_name: str
    description: str | None  # of the GraphQL field
    scheme: str | None  # a term's concept scheme (IRI), None for other kinds
    terms: Mapping[str, str]  # a term's notations -> concept IRIs; empty for other kinds
    inverse: str | None  # the property linking the value back to the claim, if the build emits it
    default: str | None = None  # a term's notation when the seed gives none (sg:defaultTerm)


@dataclass(frozen=True)
class Vocabulary:
    source: Path  # the ontology file it was read from (the build puts that file in the dataset)
    classes: dict[str, EntityClass]
    relations: dict[str, Relation]
    qualifiers: dict[str, Qualifier]  # by seed key, in their declared order
    statuses: dict[str, str]  # notation -> concept IRI
    bounds: dict[str, str]
    units: dict[str, str]
    never_with: dict[str, frozenset[str]]  # concept IRI -> concepts a claim may not pair it with
    contradiction_kinds: dict[str, str]  # notation -> concept IRI
    verdicts: dict[str, str]  # a curator's judgement of a contradiction: notation -> concept IRI

    def is_a(self, class_name: str, ancestor: str) -> bool:
        return ancestor in self.classes[class_name].ancestors

    def relation_by_iri(self, iri: str) -> Relation | None:
        return next((r for r in self.relations.values() if r.iri == iri), None)


def _text(graph: rdflib.Graph, node: rdflib.term.Node, prop: rdflib.URIRef, lang: str) -> str:
    for value in graph.objects(node, prop):
        if isinstance(value, rdflib.Literal) and (value.language or "en").startswith(lang):
            return str(value)
    return ""


def _scheme(graph: rdflib.Graph, scheme: rdflib.URIRef) -> dict[str, str]:
    return {str(graph.value(concept, SKOS.notation)): str(concept) for concept in graph.subjects(SKOS.inScheme, scheme)}


def _local(iri: rdflib.term.Node) -> str:
    return str(iri)[len(SG) :]


def _qualifier(graph: rdflib.Graph, prop: rdflib.term.Node) -> tuple[int, Qualifier]:
    """A qualifier declaration and its order; an incomplete one is an error naming the property."""

    def value(annotation: str, required: bool = True) -> rdflib.term.Node | None:
        found = graph.value(prop, _SG[annotation])
        if found is None and required:
            raise ValueError(
                f"qualifier {prop} has no sg:{annotation} (see the qualifier notes in {ONTOLOGY_PATH.name})"
            )
        return found

    kind_node = value("qualifierKind")
    kind = QUALIFIER_KINDS.get(_local(kind_node)) if kind_node is not None else None
    if kind is None:
        raise ValueError(
            f"qualifier {prop}: unknown sg:qualifierKind {kind_node} (kinds: {', '.join(QUALIFIER_KINDS)})"
        )
    scheme = value("termScheme", required=kind == "term")
    description = value("graphqlDescription", required=False)
    inverse = graph.value(prop, OWL.inverseOf)
    if inverse is not None and kind not in IRI_KINDS:
        raise ValueError(f"qualifier {prop}: owl:inverseOf needs a value that is an IRI ({', '.join(IRI_KINDS)})")
    order = value("order")
    qualifier = Qualifier(
        key=str(value("seedKey")),
        iri=str(prop),
        kind=kind,
        graphql_name=str(value("graphqlName")),
        description=str(description) if description is not None else None,
        scheme=str(scheme) if scheme is not None else None,
        terms=_scheme(graph, scheme) if isinstance(scheme, rdflib.URIRef) else {},
        inverse=str(inverse) if inverse is not None else None,
        default=_default_term(graph, prop, kind, scheme),
    )
    return int(str(order)), qualifier


def _default_term(
    graph: rdflib.Graph, prop: rdflib.term.Node, kind: str, scheme: rdflib.term.Node | None
) -> str | None:
    default = graph.value(prop, _SG.defaultTerm)
    if default is None:
        return None
    if kind != "term" or not isinstance(scheme, rdflib.URIRef) or str(default) not in _scheme(graph, scheme):
        raise ValueError(f"qualifier {prop}: sg:defaultTerm {default!r} is not a notation of its sg:termScheme")
    return str(default)


def _qualifiers(graph: rdflib.Graph) -> dict[str, Qualifier]:
    declared = sorted((_qualifier(graph, prop) for prop in graph.subjects(RDF.type, _SG.Qualifier)), key=lambda d: d[0])
    for attribute, what in (("key", "seed key"), ("graphql_name", "GraphQL name")):
        names = [getattr(q, attribute) for _, q in declared]
        if len(set(names)) != len(names):
            raise ValueError(f"two qualifiers share a {what}: {sorted(names)}")
    return {q.key: q for _, q in declared}


def parse_vocabulary(graph: rdflib.Graph, source: Path) -> Vocabulary:
    """Extract the vocabulary from an ontology graph, read from `source`."""
    entity_classes: dict[str, EntityClass] = {}
    entity_root = _SG.Entity
    for cls in graph.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(SG):
            continue
        ancestors = {c for c in graph.transitive_objects(cls, RDFS.subClassOf) if str(c).startswith(SG)}
        if entity_root not in ancestors:
            continue
        entity_classes[_local(cls)] = EntityClass(
            name=_local(cls),
            iri=str(cls),
            label=_text(graph, cls, RDFS.label, "en"),
            comment=_text(graph, cls, RDFS.comment, "en"),
            ancestors=frozenset(_local(c) for c in ancestors if c is not None),
        )
    relations: dict[str, Relation] = {}
    for prop in graph.subjects(RDF.type, _SG.Relation):
        object_class = graph.value(prop, _SG.objectClass)
        value_kind = graph.value(prop, _SG.valueKind)
        relations[_local(prop)] = Relation(
            name=_local(prop),
            iri=str(prop),
            label=_text(graph, prop, RDFS.label, "en"),
            label_zh=_text(graph, prop, RDFS.label, "zh"),
            comment=_text(graph, prop, RDFS.comment, "en"),
            object_class=_local(object_class) if object_class is not None else None,
            object_required=bool(graph.value(prop, _SG.objectRequired)),
            value_kind=VALUE_KINDS[_local(value_kind)] if value_kind is not None else None,
            value_required=bool(graph.value(prop, _SG.valueRequired)),
            triggers=tuple(sorted(str(word) for word in graph.objects(prop, _SG.trigger))),
        )
    return Vocabulary(
        source=source,
        classes=dict(sorted(entity_classes.items())),
        relations=dict(sorted(relations.items())),
        qualifiers=_qualifiers(graph),
        statuses=_scheme(graph, _SG.StatusScheme),
        bounds=_scheme(graph, _SG.BoundScheme),
        units=_scheme(graph, _SG.UnitScheme),
        never_with={
            str(concept): frozenset(str(o) for o in graph.objects(concept, _SG.neverWithStatus))
            for concept in set(graph.subjects(_SG.neverWithStatus, None))
        },
        contradiction_kinds=_scheme(graph, _SG.ContradictionKindScheme),
        verdicts=_scheme(graph, _SG.VerdictScheme),
    )


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = ONTOLOGY_PATH) -> Vocabulary:
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    return parse_vocabulary(graph, path)
