"""The analytics projection: entities as nodes, entity-to-entity relations as edges.

A networkx MultiDiGraph read from the store through SPARQL, so an embedded or a remote store gives
the same projection. Nodes are entity ids with their class, labels and Wikidata item id (Q95 where
the curators linked one, else ""; dumps and the page show it, so a reader can join the graph with
Wikidata); there is one edge per (subject, relation, object), keyed by the relation name, carrying
every claim that states it, each with its document, evidence quote (and its translation and
offsets) and the qualifiers that say how sure (polarity, modality, attribution) and how much
(bound, amount or range) it is. Analytics never answer without the sources behind an edge.

The claim model decides what is an edge. A negative claim (the source says it is NOT so) is never
one: the projection keeps those claims beside the graph (`Projection.negated`), so a reader can
be told what the sources deny, and no path, finding or centrality walks them. A joint claim
(Oracle and MGX fund US$7 bn together) gives an edge from every party, each carrying the same
claim with all its parties; the co-parties get no edge between themselves (acting together is
no relation the sources state), they meet at the claim's object, and every edge names them.

How it is read (issue 19: under 0.5 s at a million quads). Which fields make the projection is
data, declared once below: LINKS, POLARITY, JOINT and WEIGHTS make the graph; DETAILS the rest of a
claim; ENTITIES, NAMES and WIKIDATA the nodes. Each is one plain SELECT (no OPTIONAL, no ORDER
BY), joined in Python by IRI: Oxigraph took over a second joining a claim's twenty fields as
OPTIONALs of one query, and scans one field in milliseconds. The graph and its weights are read
at once; the claims' details (document, quotes, offsets, qualifiers, the claim a dispute targets)
for every claim together when an edge's claims are first asked for (`Claims`): centralities and
communities never ask, paths and findings do (which modality, which quote). The embedded store's
solutions are read as they come; a remote store answers the same queries as rows, and its
claims' details are read with the graph, since its server may load another dataset in between.
tests/analytics/test_projection.py checks both against the one-query-per-table reading this
replaced (tests/analytics/oracle.py).

The projection is read-only once built; graph/analytics/service.py builds it once per snapshot, and
derived results (centralities, communities, indexes) are memoised on the projection itself.
"""

from __future__ import annotations

import builtins
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, TypeVar, cast

import networkx as nx
import pyoxigraph as ox

from graph.files.resources import package_file
from graph.runtime.gc_pause import paused_gc
from graph.runtime.memo import Memo
from graph.store.backends import EmbeddedStore, Row, Store
from graph.vocab.namespaces import DOCUMENT, ENTITY, SG, WIKIDATA_ENTITY
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

QUERIES = package_file("graph.analytics", "queries")
_VALUE = attrgetter("value")
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


class Claims:
    """The claims behind a projection's edges, by IRI, read all at once when an edge's claims are
    first asked for (`read`): centralities never ask, so they never pay for quotes."""

    def __init__(self, read: Callable[[], Mapping[str, ClaimRef]]) -> None:
        self._read = read
        self._refs: Mapping[str, ClaimRef] | None = None
        self._lock = threading.Lock()  # requests may ask from a thread pool: read once

    def refs(self) -> Mapping[str, ClaimRef]:
        """Every claim, read on the first call."""
        with self._lock:
            if self._refs is None:
                self._refs = self._read()
            return self._refs

    def stating(self, iris: Iterable[str]) -> tuple[ClaimRef, ...]:
        """These claims, in document order."""
        refs = self.refs()
        return tuple(sorted((refs[iri] for iri in iris), key=lambda c: (c.document, c.local_id)))


@dataclass(eq=False, slots=True)
class Edge:
    """One relation between two entities, as stated by one or more claims (`stated_by`, their
    IRIs; `claims` reads them from `source` on first use). Equal edges state the same claims.
    Read-only like the projection, though not frozen: a frozen dataclass takes three times as
    long to build (2 us an edge, 20 ms of the graph's assembly at x48)."""

    subject: str
    relation: str
    object: str
    stated_by: tuple[str, ...]
    source: Claims = field(repr=False)
    _claims: tuple[ClaimRef, ...] | None = field(default=None, init=False, repr=False)

    @property
    def claims(self) -> tuple[ClaimRef, ...]:
        if self._claims is None:
            self._claims = self.source.stating(self.stated_by)
        return self._claims

    def __eq__(self, other: builtins.object) -> bool:
        if not isinstance(other, Edge):
            return NotImplemented
        mine, theirs = (self.subject, self.relation, self.object), (other.subject, other.relation, other.object)
        return mine == theirs and self.claims == other.claims

    def __hash__(self) -> int:
        return hash((self.subject, self.relation, self.object))

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


@dataclass(frozen=True)
class Field:
    """Claim fields as the store holds them: `pattern` binds ?claim and a variable per ClaimRef
    attribute of `names`; `kind` says how a value's text becomes the attribute (`_readers`)."""

    names: tuple[str, ...]
    pattern: str
    kind: str


# What makes the graph, read with it: every claim linking two entities, its polarity (a negative
# claim is no edge), a joint claim's other parties (an edge from each) and what weighs an edge
# (the amount and its currency). LINKS names the object first and the class as a variable: so
# written, Oxigraph joins it in two thirds of the time (x48: 0.19 s CPU, 0.29 s as
# `?claim a sg:Claim ; rdf:subject ...`).
LINKS = """?claim rdf:object ?object . FILTER (isIRI(?object) && STRSTARTS(STR(?object), STR(sgid:)))
?claim rdf:subject ?subject ; rdf:predicate ?relation ; a ?class . FILTER (?class = sg:Claim)"""
POLARITY = Field(("polarity",), "?claim sg:polarity ?polarity", "term")
JOINT = Field(("parties",), "?claim sg:jointWith ?parties", "entity")
WEIGHTS = (
    Field(("amount",), "?claim sg:amount ?amount", "number"),
    Field(("currency",), "?claim sg:currency ?currency", "text"),
)
# The rest of a claim, read for every claim when an edge's claims are first asked for. A field
# that most claims state as its default (modality asserted, the document's own voice) is asked
# for its other values only (`_pattern`): a claim without one reads as the default.
DETAILS = (
    Field(("local_id",), "?claim sg:localId ?local_id", "text"),
    Field(("document",), "?claim prov:wasDerivedFrom ?document", "document"),
    Field(("quote",), "?claim sg:evidence ?quote", "text"),
    Field(("quote_en",), "?claim sg:evidenceTranslation ?quote_en", "text"),
    Field(
        ("start", "end"),
        "?claim sg:anchor/oa:hasSelector ?at . ?at a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end",
        "integer",
    ),
    Field(("amount_min",), "?claim sg:amountMin ?amount_min", "number"),
    Field(("amount_max",), "?claim sg:amountMax ?amount_max", "number"),
    Field(("share",), "?claim sg:share ?share", "number"),
    Field(("status",), "?claim sg:status ?status", "term"),
    Field(("modality",), "?claim sg:modality ?modality", "term"),
    Field(("bound",), "?claim sg:bound ?bound", "term"),
    Field(
        ("attribution",),
        "?claim sg:attribution ?attribution FILTER (?attribution != sg:attribution-document)",
        "attribution",
    ),
    Field(("role",), "?claim sg:role ?role", "text"),
    Field(("reason",), "?claim sg:reason ?reason", "text"),
    Field(("claimant",), "?claim sg:claimant ?claimant", "entity"),
    Field(("target",), "?claim sg:targetClaim ?target", "target"),
)


def _pattern(field: Field, vocabulary: Vocabulary) -> str:
    """The field's pattern; for a qualifier term with a default, only its other terms."""
    (name, *_), qualifier = field.names, vocabulary.qualifiers.get(field.names[0])
    if field.kind != "term" or qualifier is None or qualifier.default is None:
        return field.pattern
    others = " ".join(f"<{iri}>" for term, iri in qualifier.terms.items() if term != qualifier.default)
    return f"{field.pattern} VALUES ?{name} {{ {others} }}"


def _readers(vocabulary: Vocabulary, targets: Mapping[str, TargetRef]) -> dict[str, Callable[[str], Any]]:
    """How a field's text becomes its value, by kind; None leaves the ClaimRef default."""
    notation = {iri: name for q in vocabulary.qualifiers.values() for name, iri in q.terms.items()}
    return {
        "text": str,
        "number": float,
        "integer": int,
        "entity": lambda text: text.removeprefix(ENTITY),
        "document": lambda text: text.removeprefix(DOCUMENT),
        "term": notation.get,
        "attribution": lambda text: text.removeprefix(SG + "attribution-") or None,
        "target": targets.get,
    }


def _texts(store: Store, pattern: str, *names: str) -> list[tuple[str, ...]]:
    """The text of each named variable (all bound) for every match of `pattern`: from the embedded
    store's own solutions, with no dictionary per row as `select` makes."""
    query = f"SELECT {' '.join('?' + name for name in names)} WHERE {{ {pattern} }}"
    rows: Iterable[Iterable[ox.NamedNode | ox.BlankNode | ox.Literal]]
    if isinstance(store, EmbeddedStore):
        rows = cast(ox.QuerySolutions, store.raw_query(query))
    else:
        rows = ([row[name] for name in names] for row in store.select(query))
    return [tuple(map(_VALUE, row)) for row in rows]


def _pairs(store: Store, pattern: str, subject: str, value: str) -> list[tuple[str, str]]:
    """(subject IRI, value text) for every match of a pattern."""
    return cast(list[tuple[str, str]], _texts(store, pattern, subject, value))


def _field(store: Store, field: Field, vocabulary: Vocabulary, read: Callable[[str], Any]) -> dict[str, dict[str, Any]]:
    """Each claim's values of a field (the shapes allow one), by attribute name, joined in Python:
    one scan per field costs Oxigraph far less than the claims joined with their fields as
    OPTIONALs. A value read as None is left out (the ClaimRef default)."""
    rows = _texts(store, _pattern(field, vocabulary), "claim", *field.names)
    values: dict[str, dict[str, Any]] = {name: {} for name in field.names}
    for claim, *texts in rows:
        for name, text in zip(field.names, texts, strict=True):
            if (value := read(text)) is not None:
                values[name][claim] = value
    return values


Statement = tuple[str, str, str, ClaimRef]  # subject, relation, object, one claim stating it
Link = tuple[str, str, str, str]  # subject, relation, object, the IRI of one claim stating it


def _edges(stated: Mapping[tuple[str, str, str], list[str]], source: Claims) -> list[Edge]:
    """One edge per (subject, relation, object) stated, in that order."""
    return [Edge(s, r, o, tuple(claims), source) for (s, r, o), claims in sorted(stated.items())]


def assemble(
    nodes: Iterable[tuple[str, dict[str, Any]]],
    claims: Iterable[Statement],
    documents: dict[str, DocumentRef],
    vocabulary: Vocabulary,
    negated: Iterable[Edge] = (),
) -> Projection:
    """A projection from entity records and claims (synthetic, or an edge's claims re-counted).
    Negative claims among them are kept aside (`Projection.negated`), never as edges."""
    statements = list(claims)
    refs = {ref.claim: ref for *_, ref in statements}
    return _assemble(
        nodes,
        [(s, r, o, ref.claim) for s, r, o, ref in statements],
        Claims(lambda: refs),
        {iri for iri, ref in refs.items() if ref.polarity == "negative"},
        {iri: amount for iri, ref in refs.items() if (amount := _dollars(ref.amount, ref.currency)) is not None},
        documents,
        vocabulary,
        negated,
    )


def _assemble(
    nodes: Iterable[tuple[str, dict[str, Any]]],
    links: Iterable[Link],
    source: Claims,
    negative: Collection[str],
    dollars: Mapping[str, float],
    documents: dict[str, DocumentRef],
    vocabulary: Vocabulary,
    negated: Iterable[Edge],
) -> Projection:
    """The graph from claim links; what weighs an edge comes with them (`negative`: the IRIs of
    negative claims, `dollars`: each claim's US-dollar amount), its claims on first use."""
    with paused_gc():
        graph = nx.MultiDiGraph()
        graph.add_nodes_from(nodes)
        stated: tuple[dict[tuple[str, str, str], list[str]], ...] = (defaultdict(list), defaultdict(list))
        for subject, relation, object_, claim in links:  # [0]: positive claims, [1]: negative ones
            stated[claim in negative][subject, relation, object_].append(claim)
        for edge in _edges(stated[False], source):
            for node in (edge.subject, edge.object):
                if node not in graph:  # an entity without a description: keep the edge, say so
                    graph.add_node(node, type="Entity", label=node, labels={"en": node}, iri=ENTITY + node)
            graph.add_edge(
                edge.subject,
                edge.object,
                key=edge.relation,
                relation=edge.relation,
                edge=edge,
                claims=len(edge.stated_by),
                amount=max([dollars[c] for c in edge.stated_by if c in dollars], default=0.0),
            )
        return Projection(graph, documents, vocabulary, (*negated, *_edges(stated[True], source)))


def _dollars(amount: float | None, currency: str) -> float | None:
    """A claim's weight on its edge: its amount in US dollars. Other currencies are left out rather
    than converted at a rate the sources do not give; a range gives no single amount (its ends
    stay on its claim); a bound ('under US$10 bn') counts as its figure: the weight of a tie, not
    a fact about it."""
    return amount if amount is not None and currency == "USD" else None


def usd(claims: Iterable[ClaimRef]) -> float:
    """The largest US-dollar amount stated for an edge (documents restate, so no sum)."""
    return max((d for c in claims if (d := _dollars(c.amount, c.currency)) is not None), default=0.0)


# The entities: each with its class and English label, then its Chinese names and Wikidata item,
# joined in Python by entity IRI (as OPTIONALs, Oxigraph took twice as long).
ENTITIES = """?entity dcterms:identifier ?id ; a ?class ; rdfs:label ?label .
FILTER (STRSTARTS(STR(?entity), STR(sgid:)) && STRSTARTS(STR(?class), STR(sg:)))"""
NAMES = '?entity skos:prefLabel ?value FILTER (LANGMATCHES(LANG(?value), "{}"))'
WIKIDATA = f'?entity owl:sameAs ?value FILTER (STRSTARTS(STR(?value), "{WIKIDATA_ENTITY}"))'


def _entities(store: Store) -> list[tuple[str, dict[str, Any]]]:
    """Entity records by id, in id order."""
    names = {lang: dict(_pairs(store, NAMES.format(lang), "entity", "value")) for lang in ("zh-Hans", "zh-Hant")}
    wikidata = dict(_pairs(store, WIKIDATA, "entity", "value"))
    nodes = [
        (
            id_,
            {
                "type": class_.removeprefix(SG),
                "label": label,
                "iri": entity,
                "wikidata": wikidata.get(entity, "").removeprefix(WIKIDATA_ENTITY),
                "labels": {
                    lang: text
                    for lang, text in (("en", label), *((lang, found.get(entity, "")) for lang, found in names.items()))
                    if text
                },
            },
        )
        for entity, id_, class_, label in _texts(store, ENTITIES, "entity", "id", "class", "label")
    ]
    return sorted(nodes, key=lambda node: node[0])


def build_projection(store: Store, vocabulary: Vocabulary | None = None) -> Projection:
    """Read the projection from a store: a few SELECTs whatever the graph's size, the claims'
    details (DETAILS) when first asked for; from a remote store at once, since its server may
    load another dataset in between."""
    vocabulary = vocabulary or load_vocabulary()
    readers = _readers(vocabulary, {})
    with paused_gc():
        nodes = _entities(store)
        documents = {
            _text(row, "id"): DocumentRef(
                _text(row, "id"), _text(row, "title"), _text(row, "outlet"), _text(row, "issued")
            )
            for row in _select(store, "documents")
        }
        polarities = _field(store, POLARITY, vocabulary, readers[POLARITY.kind])
        joint: dict[str, list[str]] = defaultdict(list)
        for claim, party in _pairs(store, JOINT.pattern, "claim", *JOINT.names):
            joint[claim].append(readers[JOINT.kind](party))
        weights = {
            name: values for f in WEIGHTS for name, values in _field(store, f, vocabulary, readers[f.kind]).items()
        }
        parties: dict[str, tuple[str, ...]] = {}  # a joint claim's subject and co-parties, () for others
        links: list[Link] = []
        for claim, subject, relation, object_ in _texts(store, LINKS, "claim", "subject", "relation", "object"):
            subject, relation, object_ = (
                subject.removeprefix(ENTITY),
                relation.removeprefix(SG),
                object_.removeprefix(ENTITY),
            )
            if claim in joint:  # an edge from each party
                parties[claim] = (subject, *sorted(joint[claim]))  # RDF: a set
                links.extend((party, relation, object_, claim) for party in parties[claim])
            else:
                parties[claim] = ()
                links.append((subject, relation, object_, claim))

    def details() -> dict[str, ClaimRef]:
        with paused_gc():
            read = _readers(vocabulary, _targets(store))
            fields = {
                name: values for f in DETAILS for name, values in _field(store, f, vocabulary, read[f.kind]).items()
            }
            fields |= weights | polarities
            return {
                claim: ClaimRef(
                    claim=claim,
                    parties=together,
                    **{name: values[claim] for name, values in fields.items() if claim in values},
                )
                for claim, together in parties.items()
            }

    source = Claims(details)
    if not isinstance(store, EmbeddedStore):
        source.refs()
    amounts, currencies = weights["amount"], weights["currency"]
    dollars = {c: d for c, amount in amounts.items() if (d := _dollars(amount, currencies.get(c, ""))) is not None}
    negative = {c for c, name in polarities["polarity"].items() if name == "negative"}
    return _assemble(nodes, links, source, negative, dollars, documents, vocabulary, ())
