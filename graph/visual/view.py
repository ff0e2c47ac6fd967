"""A view: the selected subgraph flattened into what every picture format needs.

Nodes carry their class, English and Chinese labels, their Wikidata item id where one is linked (so
a dump joins with Wikidata), a centrality score and a Louvain community (both computed on the whole
projection, so a node keeps its size and community whatever the scope), and a colour per class.
Edges carry their relation, the largest US-dollar amount stated, the claim statuses, the source
documents and the claims themselves (quote and its translation, document, claimant), so no picture
shows an edge without its sources; and what the claim model says of them: polarity, modality (and
what an edge no claim asserts rests on), bound, range, the figures in words ("under US$10 bn") and
the joint parties. What negative claims deny is no edge: a view lists those between its entities
apart (`negated`), for the page to show as such.

Where sources disagree the view says so (contradictions.py): every edge, and every entity whose
claims about a value have no edge, carries the contradictions its claims take part in; the view
lists the contradictions lying wholly inside it, as it lists conflict-of-interest findings.

Formats without lists (GraphML, GEXF, DOT) take `scalars()`; JSON formats take `record()`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import finding_id
from graph.analytics.projection import ClaimRef, DocumentRef, Edge, Projection, usd
from graph.analytics.qualified import basis, figure
from graph.store.snapshot import Snapshot
from graph.visual.contradictions import Contradiction, Mark, contradictions
from graph.visual.scope import Part, Scope, chinese, select

# Distinct colours, handed to entity classes in the ontology's (sorted) order.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#79706e",
    "#2f4b7c",
    "#a0cbe8",
    "#8cd17d",
    "#d37295",
    "#b6992d",
    "#499894",
)
LIST_SEPARATOR = "; "  # how lists are written in formats whose attributes are scalars


@dataclass(frozen=True)
class NodeView:
    id: str
    type: str
    type_label: str
    label: str
    label_zh: str  # Simplified, else Traditional, else ""
    centrality: float
    community: int
    colour: str
    iri: str
    wikidata: str  # its Wikidata item id (Q95), "" when none is linked: what joins the dumps with Wikidata
    contradictions: Mark = field(default_factory=Mark)  # those of its claims about a value, which make no edge

    def scalars(self) -> dict[str, str | float | int]:
        return {
            "type": self.type,
            "label": self.label,
            "label_zh": self.label_zh,
            "centrality": self.centrality,
            "community": self.community,
            "colour": self.colour,
            "iri": self.iri,
            "wikidata": self.wikidata,
            **self.contradictions.scalars(),
        }

    def record(self) -> dict[str, Any]:
        # the contradictions as lists, where scalars() joins them
        return {"id": self.id, **self.scalars(), **self.contradictions.record(), "type_label": self.type_label}


@dataclass(frozen=True)
class EdgeView:
    id: str
    source: str
    target: str
    relation: str
    label: str
    label_zh: str
    amount: float | None  # US dollars, the largest any claim states; None when none does
    statuses: tuple[str, ...]
    documents: tuple[str, ...]
    claims: tuple[ClaimRef, ...]
    rests_on: str = ""  # how the claims put it when none asserts the edge: 'alleged by Elon Musk'
    joint: tuple[str, ...] = ()  # entities acting together with the source in a claim of the edge
    contradictions: Mark = field(default_factory=Mark)  # those its claims take part in

    def _distinct(self, name: str) -> list[str]:
        return sorted({str(getattr(c, name)) for c in self.claims if getattr(c, name)})

    @property
    def figures(self) -> list[str]:
        """Each claim's figure with its bound or range, in claim order: 'under US$10 bn'."""
        return list(dict.fromkeys(f for f in map(figure, self.claims) if f))

    @property
    def usd_range(self) -> tuple[float, float] | None:
        """The widest US-dollar range a claim gives (数百亿: its low and high ends), if any does."""
        ranges = [
            (c.amount_min, c.amount_max)
            for c in self.claims
            if c.currency == "USD" and c.amount_min is not None and c.amount_max is not None
        ]
        return (min(low for low, _ in ranges), max(high for _, high in ranges)) if ranges else None

    def qualifiers(self) -> dict[str, list[str]]:
        """Polarity, modality and bound of the edge's claims, each distinct value once."""
        return {name: self._distinct(name) for name in ("polarity", "modality", "bound")}

    def scalars(self) -> dict[str, str | float | int]:
        values: dict[str, str | float | int] = {
            "relation": self.relation,
            "label": self.label,
            "label_zh": self.label_zh,
            "status": LIST_SEPARATOR.join(self.statuses),
            **{name: LIST_SEPARATOR.join(listed) for name, listed in self.qualifiers().items()},
            "rests_on": self.rests_on,
            "figures": LIST_SEPARATOR.join(self.figures),
            "joint": LIST_SEPARATOR.join(self.joint),
            "documents": LIST_SEPARATOR.join(self.documents),
            "claims": LIST_SEPARATOR.join(c.claim for c in self.claims),
            "claim_count": len(self.claims),
            **self.contradictions.scalars(),
        }
        if self.amount is not None:
            values["amount"] = self.amount
            values["currency"] = "USD"
        if self.usd_range is not None:
            values["amount_min"], values["amount_max"] = self.usd_range
            values["currency"] = "USD"
        return values

    def record(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "relation": self.relation,
            "label": self.label,
            "label_zh": self.label_zh,
            "status": list(self.statuses),
            **self.qualifiers(),
            "rests_on": self.rests_on,
            "figures": self.figures,
            "joint": list(self.joint),
            "documents": list(self.documents),
            "claims": [claim_record(c) for c in self.claims],
            **self.contradictions.record(),
        }
        if self.amount is not None:
            values.update(amount=self.amount, currency="USD")
        if self.usd_range is not None:
            values.update(amount_min=self.usd_range[0], amount_max=self.usd_range[1], currency="USD")
        return values


@dataclass(frozen=True)
class FindingView:
    id: str
    rule: str
    title: str
    explanation: str
    entities: tuple[str, ...]  # what the finding is about (the rule's key entities)
    nodes: tuple[str, ...]
    edges: tuple[str, ...]  # edge ids

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "title": self.title,
            "explanation": self.explanation,
            "entities": list(self.entities),
            "nodes": list(self.nodes),
            "edges": list(self.edges),
        }


@dataclass(frozen=True)
class ContradictionView:
    """A contradiction with the view's entities and edges (ids) its claims make."""

    contradiction: Contradiction
    nodes: tuple[str, ...]
    edges: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.contradiction.id

    def record(self) -> dict[str, Any]:
        return {**self.contradiction.record(), "nodes": list(self.nodes), "edges": list(self.edges)}


@dataclass(frozen=True)
class LegendEntry:
    type: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class View:
    title: str
    scope: Scope
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    legend: tuple[LegendEntry, ...]
    documents: dict[str, DocumentRef]  # those the edges cite
    findings: tuple[FindingView, ...]  # those lying wholly inside the view
    mentioned: dict[str, tuple[str, str]]  # English and Chinese labels of claimants outside the view
    negated: tuple[EdgeView, ...] = ()  # what negative claims deny between the view's entities
    contradictions: tuple[ContradictionView, ...] = ()  # those lying wholly inside the view


def edge_id(subject: str, relation: str, object_: str) -> str:
    """Entity ids and relation names never contain '/', so the id is unambiguous."""
    return f"{subject}/{relation}/{object_}"


def claim_record(claim: ClaimRef) -> dict[str, Any]:
    """A claim as JSON: the quote, its polarity, modality and attribution always, other fields
    when it has them (a figure is the amount or range in words, with its bound)."""
    values: dict[str, Any] = {
        "claim": claim.claim,
        "id": claim.local_id,
        "document": claim.document,
        "quote": claim.quote,
        "polarity": claim.polarity,
        "modality": claim.modality,
        "attribution": claim.attribution,
    }
    for name in (
        *("quote_en", "start", "end", "status", "role", "reason", "amount", "amount_min", "amount_max"),
        *("bound", "currency", "share", "claimant"),
    ):
        value = getattr(claim, name)
        if value not in ("", None):
            values[name] = value
    if claim.parties:
        values["parties"] = list(claim.parties)
    if figure(claim):
        values["figure"] = figure(claim)
    if claim.target is not None:
        target = claim.target
        values["target"] = {
            "claim": target.claim,
            "subject": target.subject,
            "relation": target.relation,
            "object": target.object,
            "document": target.document,
            "quote": target.quote,
        }
    return values


def type_colours(projection: Projection) -> dict[str, str]:
    classes = sorted(projection.vocabulary.classes)
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(classes)}


def build_view(snapshot: Snapshot, scope: Scope, *, backend: str = "") -> View:
    """The view of `scope` from the snapshot's analytics (projection, centrality on `backend`,
    communities, findings) and contradictions; a ValueError when the scope names something the
    graph lacks."""
    projection = analytics.projection(snapshot)
    findings = {finding_id(f): f for f in analytics.conflicts(snapshot)}
    disagreements = contradictions(snapshot)
    parts = {"finding": {id_: Part.of_finding(f) for id_, f in findings.items()}, "contradiction": disagreements.parts}
    selection = select(projection, scope, parts)
    attributes = analytics.node_attributes(projection, measures=(scope.measure,), backend=backend)
    colours = type_colours(projection)
    classes = projection.vocabulary.classes
    relations = projection.vocabulary.relations
    graph = projection.graph

    def node(id_: str) -> NodeView:
        data, values = graph.nodes[id_], attributes[id_]
        type_ = str(values["type"])
        return NodeView(
            id_,
            type_,
            classes[type_].label if type_ in classes else type_,
            str(values["label"]),
            chinese(data),
            float(values[scope.measure]),
            int(values["community"]),
            colours.get(type_, PALETTE[-1]),
            str(data.get("iri", "")),
            str(data.get("wikidata", "")),
            disagreements.of_entity(id_),
        )

    def edge(e: Edge) -> EdgeView:
        return EdgeView(
            edge_id(e.subject, e.relation, e.object),
            e.subject,
            e.object,
            e.relation,
            relations[e.relation].label if e.relation in relations else e.relation,
            relations[e.relation].label_zh if e.relation in relations else "",
            usd(e.claims) or None,
            tuple(sorted({c.status for c in e.claims if c.status})),
            tuple(e.documents),
            e.claims,
            basis(e, projection.label),
            e.joint,
            disagreements.of_claims(c.claim for c in e.claims),
        )

    nodes = tuple(node(n) for n in selection.nodes)
    edges = tuple(edge(e) for e in selection.edges)
    node_ids = set(selection.nodes)
    negated = tuple(edge(e) for e in projection.negated if {e.subject, e.object} <= node_ids)
    counts = Counter(n.type for n in nodes)
    legend = tuple(
        LegendEntry(t, classes[t].label if t in classes else t, colours.get(t, PALETTE[-1]), count)
        for t, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    edge_ids = {e.id for e in edges}

    def inside(part: Part) -> tuple[str, ...] | None:
        """The part's edge ids when it lies wholly inside the view (every edge and entity)."""
        ids = tuple(edge_id(e.subject, e.relation, e.object) for e in part.edges)
        return ids if set(ids) <= edge_ids and set(part.nodes) <= node_ids else None

    listed = tuple(
        FindingView(id_, f.rule, f.title, f.explanation, part.entities, part.nodes, ids)
        for id_, f in findings.items()
        if (ids := inside(part := parts["finding"][id_])) is not None
    )
    disagreeing = tuple(
        ContradictionView(disagreements.by_id[id_], part.nodes, ids)
        for id_, part in disagreements.parts.items()
        if (ids := inside(part)) is not None
    )
    sides = [c for shown in disagreeing for c in shown.contradiction.claims]
    cited = sorted({d for e in edges for d in e.documents} | {c.document for c in sides})
    outside = sorted(
        (
            {p for e in (*edges, *negated) for c in e.claims for p in (c.claimant, *c.parties) if p}
            | {c.claimant for c in sides}
        )
        - node_ids
        - {""}
    )
    mentioned = {n: (str(graph.nodes[n].get("label", n)), chinese(graph.nodes[n])) for n in outside if n in graph}
    return View(
        scope.describe(projection, parts),
        scope,
        nodes,
        edges,
        legend,
        {d: projection.documents[d] for d in cited if d in projection.documents},
        listed,
        mentioned,
        negated,
        disagreeing,
    )
