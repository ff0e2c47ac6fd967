"""The analytics projection: entities as nodes, entity-to-entity relations as edges.

A networkx MultiDiGraph read from the store through SPARQL (the named queries
graph/analytics/queries/projection-*.rq), so an embedded or a remote store gives the same projection.
Nodes are entity ids with their class, labels and Wikidata item id (Q95 where the curators linked
one, else ""; dumps and the page show it, so a reader can join the graph with Wikidata); there is
one edge per (subject, relation, object), keyed by the relation name, carrying every claim that
states it, each with its document, evidence quote (and its translation and offsets) and the
qualifiers that say how sure (polarity, modality, attribution) and how much (bound, amount or
range) it is. Analytics never answer without the sources behind an edge.

The claim model decides what is an edge. A negative claim (the source says it is NOT so) is never
one: the projection keeps those claims beside the graph (`Projection.negated`), so a reader can
be told what the sources deny, and no path, finding or centrality walks them. A joint claim
(Oracle and MGX fund US$7 bn together) gives an edge from every party, each carrying the same
claim with all its parties; the co-parties get no edge between themselves (acting together is
no relation the sources state), they meet at the claim's object, and every edge names them.

The projection is read-only once built; graph/analytics/service.py builds it once per snapshot, and
derived results (centralities, communities, indexes) are memoised on the projection itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import networkx as nx
import pyoxigraph as ox

from graph.files.resources import package_file
from graph.runtime.gc_pause import paused_gc
from graph.runtime.memo import Memo
from graph.store.backends import Row, Store
from graph.vocab.namespaces import DOCUMENT, ENTITY, SG, WIKIDATA_ENTITY
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

QUERIES = package_file("graph.analytics", "queries")
T = TypeVar("T")


@dataclass(frozen=True)
class DocumentRef:
    id: str
    title: str
    outlet: str
    published: str


@dataclass(frozen=True)
class TargetRef:
    """The claim a dispute, rebuttal or support is about: what exactly was contested."""

    claim: str  # claim IRI
    local_id: str
    subject: str  # entity id
    relation: str
    object: str  # entity id, or the literal value as text
    document: str
    quote: str


ASSERTED = "asserted"  # the modality of a claim stated as fact; any other is said wherever it is used


@dataclass(frozen=True)
class ClaimRef:
    """One claim behind an edge: which document states it, in which words, how sure and how much."""

    claim: str  # claim IRI
    local_id: str
    document: str  # document id
    quote: str
    status: str = ""
    role: str = ""
    reason: str = ""
    amount: float | None = None
    currency: str = ""
    share: float | None = None
    claimant: str = ""  # entity id
    target: TargetRef | None = None
    quote_en: str = ""  # the project's translation: a reading aid, never evidence
    start: int | None = None  # the quote's offsets in its document (code points, end exclusive)
    end: int | None = None
    polarity: str = "positive"
    modality: str = ASSERTED
    attribution: str = "document"  # whose voice: the document's own, or a claimant's
    bound: str = ""  # about, up_to, less_than... (the amount is a bound, not the figure)
    amount_min: float | None = None  # a range's ends (数十万, 数百亿); such a claim has no amount
    amount_max: float | None = None
    parties: tuple[str, ...] = ()  # a joint claim's parties: its subject, then those acting with it by id

    def co_parties(self, party: str) -> tuple[str, ...]:
        """Those acting together with `party` in this claim."""
        return tuple(p for p in self.parties if p != party)


@dataclass(frozen=True)
class Edge:
    """One relation between two entities, as stated by one or more claims."""

    subject: str
    relation: str
    object: str
    claims: tuple[ClaimRef, ...]

    @property
    def documents(self) -> list[str]:
        return sorted({c.document for c in self.claims})

    @property
    def rests_on(self) -> tuple[str, ...]:
        """The modalities the edge rests on when no claim asserts it (alleged, hedged, opinion,
        rumour, joke, reported...), sorted; () when one does."""
        modalities = {c.modality for c in self.claims}
        return () if ASSERTED in modalities else tuple(sorted(modalities))

    @property
    def joint(self) -> tuple[str, ...]:
        """Who acts together with the edge's subject in any of its claims."""
        return tuple(sorted({p for c in self.claims for p in c.co_parties(self.subject)}))


@dataclass(frozen=True)
class Step:
    """A hop of a path between two nodes, with every edge (any direction) that makes it."""

    source: str
    target: str
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def length(self) -> int:
        return len(self.steps)

    def edges(self) -> Iterable[Edge]:
        for step in self.steps:
            yield from step.edges


Neighbours = dict[str, list[tuple[str, frozenset[str]]]]


@dataclass(frozen=True)
class Adjacency:
    """Each node's neighbours with the relations linking them, sorted by id for stable output:
    `out` along edges, `into` against them, `both` either way."""

    out: Neighbours
    into: Neighbours
    both: Neighbours


@dataclass(eq=False)
class Projection:
    """The entity graph, the documents its edges cite, and a per-projection memo."""

    graph: nx.MultiDiGraph
    documents: dict[str, DocumentRef]
    vocabulary: Vocabulary
    negated: tuple[Edge, ...] = ()  # what negative claims say is NOT so: never an edge of `graph`
    _memo: Memo = field(default_factory=Memo, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Compute a derived result once (centralities, communities, indexes)."""
        return self._memo.get(key, compute)

    def modality_filter(self, modalities: Iterable[str] | None) -> frozenset[str] | None:
        """The modalities a computation counts, checked against the ontology's; None (every
        claim) when none are named. An unknown name is a ValueError listing them."""
        names = frozenset(modalities or ())
        known = self.vocabulary.qualifiers["modality"].terms
        unknown = sorted(names - set(known))
        if unknown:
            raise ValueError(f"unknown modality(ies) {', '.join(unknown)}; modalities: {', '.join(known)}")
        return names or None

    def counting(self, modalities: Iterable[str] | None) -> Projection:
        """The projection whose edges keep only the claims of these modalities (an edge left with
        none is dropped; every entity stays): what centrality weighs when asked to count only
        asserted claims, say. Itself when every modality counts; built once per set."""
        chosen = self.modality_filter(modalities)
        if chosen is None or chosen == frozenset(self.vocabulary.qualifiers["modality"].terms):
            return self

        def build() -> Projection:
            claims = (
                (edge.subject, edge.relation, edge.object, claim)
                for _, _, edge in self.graph.edges(data="edge")
                for claim in edge.claims
                if claim.modality in chosen
            )
            return assemble(self.graph.nodes(data=True), claims, self.documents, self.vocabulary, self.negated)

        return self.memo(f"counting:{','.join(sorted(chosen))}", build)

    def label(self, node: str) -> str:
        return str(self.graph.nodes[node].get("label", node)) if node in self.graph else node

    def edge(self, subject: str, relation: str, object_: str) -> Edge:
        return self.graph.edges[subject, object_, relation]["edge"]  # type: ignore[no-any-return]

    def step(self, source: str, target: str, relations: frozenset[str] | None, direction: str) -> Step:
        """The edges between two adjacent nodes: `direction` is 'out' (source -> target), 'in'
        (target -> source) or 'both'; `relations` None means any relation."""
        edges: list[Edge] = []
        pairs = {"out": [(source, target)], "in": [(target, source)], "both": [(source, target), (target, source)]}
        for u, v in pairs[direction]:
            for relation, data in self.graph.get_edge_data(u, v, default={}).items():
                if relations is None or relation in relations:
                    edges.append(data["edge"])
        return Step(source, target, tuple(sorted(edges, key=lambda e: (e.relation, e.subject))))

    def relation_filter(self, relations: Iterable[str] | None) -> frozenset[str] | None:
        """The relations a search or view keeps, checked against those that link two entities;
        None (any relation) when none are named. An unknown name is a ValueError listing them."""
        names = frozenset(relations or ())
        if not names:
            return None
        linking = {n for n, r in self.vocabulary.relations.items() if r.links_entities}
        unknown = sorted(names - linking)
        if unknown:
            raise ValueError(
                f"unknown relation(s) {', '.join(unknown)}; relations between entities: {', '.join(sorted(linking))}"
            )
        return names

    def node_types(self, node: str) -> frozenset[str]:
        """The node's class and every superclass: a Company is also an Organization."""
        return self.type_closure.get(self.graph.nodes[node].get("type", "Entity"), frozenset({"Entity"}))

    @cached_property
    def type_closure(self) -> dict[str, frozenset[str]]:
        return {name: cls.ancestors for name, cls in self.vocabulary.classes.items()}

    @cached_property
    def by_relation(self) -> dict[str, list[tuple[str, str]]]:
        """(subject, object) pairs per relation: where a pattern search starts."""
        index: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for u, v, relation in self.graph.edges(keys=True):
            index[relation].append((u, v))
        return dict(index)

    @cached_property
    def adjacency(self) -> Adjacency:
        """Neighbour lists for searches that walk the graph (paths, conflict patterns)."""
        with paused_gc():
            tables: tuple[dict[str, dict[str, set[str]]], ...] = tuple({n: {} for n in self.graph} for _ in range(3))
            out, into, both = tables
            for u, v, relation in self.graph.edges(keys=True):
                out[u].setdefault(v, set()).add(relation)
                into[v].setdefault(u, set()).add(relation)
                both[u].setdefault(v, set()).add(relation)
                both[v].setdefault(u, set()).add(relation)
            frozen = [
                {n: [(m, frozenset(rels)) for m, rels in sorted(near.items())] for n, near in table.items()}
                for table in tables
            ]
            return Adjacency(*frozen)


def _text(row: Row, name: str) -> str:
    term = row.get(name)
    return "" if term is None else str(term.value)


def _number(row: Row, name: str) -> float | None:
    term = row.get(name)
    return None if term is None else float(term.value)


def _local(term: ox.NamedNode | ox.BlankNode | ox.Literal | None, base: str) -> str:
    """An IRI minted under `base` as its id; a literal as its text."""
    if term is None:
        return ""
    value = str(term.value)
    return value[len(base) :] if isinstance(term, ox.NamedNode) and value.startswith(base) else value


def _select(store: Store, name: str) -> list[Row]:
    return store.select((QUERIES / f"projection-{name}.rq").read_text(encoding="utf-8"))


def _targets(store: Store) -> dict[str, TargetRef]:
    return {
        str(row["target"].value): TargetRef(
            claim=str(row["target"].value),
            local_id=_text(row, "localId"),
            subject=_local(row["subject"], ENTITY),
            relation=_local(row["predicate"], SG),
            object=_local(row.get("object"), ENTITY),
            document=_local(row["document"], DOCUMENT),
            quote=_text(row, "quote"),
        )
        for row in _select(store, "targets")
    }


def _integer(row: Row, name: str) -> int | None:
    term = row.get(name)
    return None if term is None else int(term.value)


def _claims(store: Store, vocabulary: Vocabulary) -> Iterable[tuple[str, str, str, ClaimRef]]:
    """Every claim linking two entities, once per acting party (a joint claim's subject and
    each party acting with it)."""
    notation = {
        iri: name
        for scheme in (
            vocabulary.statuses,
            vocabulary.bounds,
            vocabulary.qualifiers["polarity"].terms,
            vocabulary.qualifiers["modality"].terms,
        )
        for name, iri in scheme.items()
    }
    targets = _targets(store)
    for row in _select(store, "claims"):
        subject = _local(row["subject"], ENTITY)
        joint = tuple(sorted(_local(ox.NamedNode(iri), ENTITY) for iri in _text(row, "joint").split()))  # RDF: a set
        parties = (subject, *joint)
        claim = ClaimRef(
            claim=str(row["claim"].value),
            local_id=_text(row, "localId"),
            document=_local(row["document"], DOCUMENT),
            quote=_text(row, "quote"),
            status=notation.get(_text(row, "status"), ""),
            role=_text(row, "role"),
            reason=_text(row, "reason"),
            amount=_number(row, "amount"),
            currency=_text(row, "currency"),
            share=_number(row, "share"),
            claimant=_local(row.get("claimant"), ENTITY),
            target=targets.get(_text(row, "target")),
            quote_en=_text(row, "quoteEn"),
            start=_integer(row, "start"),
            end=_integer(row, "end"),
            polarity=notation.get(_text(row, "polarity"), "positive"),
            modality=notation.get(_text(row, "modality"), ASSERTED),
            attribution=_text(row, "attribution").removeprefix(SG + "attribution-") or "document",
            bound=notation.get(_text(row, "bound"), ""),
            amount_min=_number(row, "amountMin"),
            amount_max=_number(row, "amountMax"),
            parties=parties if joint else (),
        )
        for party in parties:
            yield party, _local(row["predicate"], SG), _local(row["object"], ENTITY), claim


Statement = tuple[str, str, str, ClaimRef]  # subject, relation, object, one claim stating it


def _edges(claims: Iterable[Statement]) -> list[Edge]:
    """One edge per (subject, relation, object), its claims in document order."""
    grouped: dict[tuple[str, str, str], list[ClaimRef]] = defaultdict(list)
    for subject, relation, object_, claim in claims:
        grouped[subject, relation, object_].append(claim)
    return [
        Edge(subject, relation, object_, tuple(sorted(refs, key=lambda c: (c.document, c.local_id))))
        for (subject, relation, object_), refs in sorted(grouped.items())
    ]


def assemble(
    nodes: Iterable[tuple[str, dict[str, Any]]],
    claims: Iterable[Statement],
    documents: dict[str, DocumentRef],
    vocabulary: Vocabulary,
    negated: Iterable[Edge] = (),
) -> Projection:
    """A projection from entity records and claim rows (from the store, or synthetic). Negative
    claims among them are kept aside (`Projection.negated`), never as edges."""
    with paused_gc():
        graph = nx.MultiDiGraph()
        graph.add_nodes_from(nodes)
        positive: list[Statement] = []
        negative: list[Statement] = []
        for statement in claims:
            (negative if statement[3].polarity == "negative" else positive).append(statement)
        for edge in _edges(positive):
            for node in (edge.subject, edge.object):
                if node not in graph:  # an entity without a description: keep the edge, say so
                    graph.add_node(node, type="Entity", label=node, labels={"en": node}, iri=ENTITY + node)
            graph.add_edge(
                edge.subject,
                edge.object,
                key=edge.relation,
                relation=edge.relation,
                edge=edge,
                claims=len(edge.claims),
                amount=usd(edge.claims),
            )
        return Projection(graph, documents, vocabulary, (*negated, *_edges(negative)))


def usd(claims: Iterable[ClaimRef]) -> float:
    """The largest US-dollar amount stated for the edge (documents restate, so no sum; other
    currencies are left out rather than converted at a rate the sources do not give; a range
    gives no single amount, its ends stay on its claim). A bound ('under US$10 bn') counts as
    its figure: the weight of a tie, not a fact about it."""
    return max((c.amount for c in claims if c.amount is not None and c.currency == "USD"), default=0.0)


def build_projection(store: Store, vocabulary: Vocabulary | None = None) -> Projection:
    """Read the projection from a store: four SELECT queries, whatever the graph's size."""
    vocabulary = vocabulary or load_vocabulary()
    nodes = [
        (
            _text(row, "id"),
            {
                "type": _local(row["class"], SG),
                "label": _text(row, "label"),
                "iri": _text(row, "entity"),
                "wikidata": _local(row.get("same"), WIKIDATA_ENTITY),
                "labels": {
                    lang: _text(row, name)
                    for lang, name in (("en", "label"), ("zh-Hans", "zhHans"), ("zh-Hant", "zhHant"))
                    if _text(row, name)
                },
            },
        )
        for row in _select(store, "entities")
    ]
    documents = {
        _text(row, "id"): DocumentRef(_text(row, "id"), _text(row, "title"), _text(row, "outlet"), _text(row, "issued"))
        for row in _select(store, "documents")
    }
    return assemble(nodes, _claims(store, vocabulary), documents, vocabulary)
