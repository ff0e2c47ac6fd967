"""The dataset's claims, documents and entities, read back from its quads for the statement exports.

Read from the quads rather than the seed records, so that the exports of a loaded or remote store
say what that store holds. One pass groups the quads by graph and subject; nothing is queried.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.vocab import namespaces as ns

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
RDF_TYPE = ns.RDF + "type"
SG_CLAIM = ns.SG + "Claim"
# The claim's statement itself: in a reifier export it is the triple term, not an annotation.
STATEMENT_PARTS = frozenset({ns.RDF + "subject", ns.RDF + "predicate", ns.RDF + "object"})


@dataclass(frozen=True)
class Node:
    """A subject with its properties in one graph, in the order the dataset gives them."""

    iri: ox.NamedNode
    properties: tuple[tuple[ox.NamedNode, Term], ...]

    def values(self, predicate: str) -> list[Term]:
        return [o for p, o in self.properties if p.value == predicate]

    def first(self, predicate: str) -> Term | None:
        return next((o for p, o in self.properties if p.value == predicate), None)

    def iris(self, predicate: str) -> list[str]:
        """The IRIs among the values."""
        return [o.value for o in self.values(predicate) if isinstance(o, ox.NamedNode)]

    def text(self, predicate: str, language: str | None = None) -> str | None:
        """The first literal's text (in `language`, when given)."""
        for term in self.values(predicate):
            if isinstance(term, ox.Literal) and (language is None or term.language == language):
                return term.value
        return None


@dataclass(frozen=True)
class Claim:
    node: Node
    document: ox.NamedNode
    anchor: tuple[ox.Triple, ...]  # the quote's Web Annotation target and selectors

    @property
    def iri(self) -> ox.NamedNode:
        return self.node.iri

    @property
    def subject(self) -> ox.NamedNode:
        term = self.node.first(ns.RDF + "subject")
        assert isinstance(term, ox.NamedNode), self.iri
        return term

    @property
    def predicate(self) -> ox.NamedNode:
        term = self.node.first(ns.RDF + "predicate")
        assert isinstance(term, ox.NamedNode), self.iri
        return term

    @property
    def object(self) -> ox.NamedNode | ox.Literal | None:
        """The entity or simple value the claim states; None for a range or no value."""
        term = self.node.first(ns.RDF + "object")
        assert term is None or isinstance(term, (ox.NamedNode, ox.Literal)), self.iri
        return term

    @property
    def annotations(self) -> list[tuple[ox.NamedNode, Term]]:
        """Everything the dataset says of the claim but its subject, predicate and object."""
        return [(p, o) for p, o in self.node.properties if p.value not in STATEMENT_PARTS]

    @property
    def quote(self) -> ox.Literal:
        term = self.node.first(ns.SG + "evidence")
        assert isinstance(term, ox.Literal), self.iri
        return term

    @property
    def quote_en(self) -> str | None:
        return self.node.text(ns.SG + "evidenceTranslation")

    @property
    def claimant(self) -> ox.NamedNode | None:
        term = self.node.first(ns.SG + "claimant")
        return term if isinstance(term, ox.NamedNode) else None

    @property
    def parties(self) -> list[ox.NamedNode]:
        """The subject and the joint parties."""
        return [self.subject, *map(ox.NamedNode, self.node.iris(ns.SG + "jointWith"))]


@dataclass(frozen=True)
class Document:
    node: Node

    @property
    def iri(self) -> ox.NamedNode:
        return self.node.iri

    @property
    def id(self) -> str:
        return ns.local_name(self.iri.value, ns.DOCUMENT)

    @property
    def issued(self) -> str | None:
        """The publication date as precise as the document states it ('2025', '2025-01', '2025-01-23')."""
        return self.node.text(ns.DCTERMS + "issued")


@dataclass
class ClaimSet:
    """What the statement exports need of a dataset."""

    claims: list[Claim] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)  # by IRI
    entities: dict[str, Node] = field(default_factory=dict)  # by IRI, their entities-graph description
    labels: dict[str, str] = field(default_factory=dict)  # English rdfs:label of ontology terms, by IRI
    parents: dict[str, list[str]] = field(default_factory=dict)  # rdfs:subClassOf in the ontology, by IRI

    def published(self, claim: Claim) -> str | None:
        document = self.documents.get(claim.document.value)
        return document.issued if document else None

    def label(self, iri: str) -> str:
        """An ontology term's English label, else its local name."""
        return self.labels.get(iri) or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def ancestors(self, class_iri: str) -> Iterator[str]:
        """The class, then its superclasses breadth first (each once)."""
        seen, queue = set(), [class_iri]
        while queue:
            current = queue.pop(0)
            if current not in seen:
                seen.add(current)
                yield current
                queue += self.parents.get(current, [])


def read_claims(quads: Iterable[ox.Quad]) -> ClaimSet:
    """Group the quads by graph and subject and pick out claims, documents, entities and labels."""
    grouped: dict[tuple[str, Term], list[tuple[ox.NamedNode, Term]]] = defaultdict(list)
    for quad in quads:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        grouped[(graph, quad.subject)].append((quad.predicate, quad.object))
    found = ClaimSet()
    anchors: dict[str, list[ox.Triple]] = defaultdict(list)
    for (graph, subject), properties in grouped.items():
        if not isinstance(subject, ox.NamedNode):
            continue
        node = Node(subject, tuple(properties))
        types = {o.value for p, o in properties if p.value == RDF_TYPE and isinstance(o, ox.NamedNode)}
        if graph.startswith(ns.DOCUMENT) and SG_CLAIM in types:
            found.claims.append(Claim(node, ox.NamedNode(graph), ()))
        elif graph.startswith(ns.DOCUMENT) and "#" in subject.value:
            anchors[subject.value.split("#", 1)[0]] += [ox.Triple(subject, p, o) for p, o in properties]
        elif graph == ns.CATALOGUE_GRAPH and ns.SG + "Document" in types:
            found.documents[subject.value] = Document(node)
        elif graph == ns.ENTITIES_GRAPH and node.first(ns.DCTERMS + "identifier") is not None:
            found.entities[subject.value] = node
        elif graph == ns.ONTOLOGY_GRAPH:
            label = node.text(ns.RDFS + "label", "en")
            if label:
                found.labels[subject.value] = label
            found.parents[subject.value] = node.iris(ns.RDFS + "subClassOf")
    found.claims = sorted(
        (Claim(c.node, c.document, tuple(anchors.get(c.iri.value, ()))) for c in found.claims),
        key=lambda c: c.iri.value,
    )
    return found
