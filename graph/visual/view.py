"""A view: the selected subgraph flattened into what every picture format needs.

Nodes carry their class, English and Chinese labels, a centrality score and a Louvain community
(both computed on the whole projection, so a node keeps its size and community whatever the
scope), and a colour per class. Edges carry their relation, the largest US-dollar amount stated,
the claim statuses, the source documents and the claims themselves (quote, document, claimant),
so no picture shows an edge without its sources.

Formats without lists (GraphML, GEXF, DOT) take `scalars()`; JSON formats take `record()`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import finding_id
from graph.analytics.projection import ClaimRef, DocumentRef, Projection
from graph.store.snapshot import Snapshot
from graph.visual.scope import Scope, chinese, select

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

    def scalars(self) -> dict[str, str | float | int]:
        return {
            "type": self.type,
            "label": self.label,
            "label_zh": self.label_zh,
            "centrality": self.centrality,
            "community": self.community,
            "colour": self.colour,
            "iri": self.iri,
        }

    def record(self) -> dict[str, Any]:
        return {"id": self.id, **self.scalars(), "type_label": self.type_label}


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

    def scalars(self) -> dict[str, str | float | int]:
        values: dict[str, str | float | int] = {
            "relation": self.relation,
            "label": self.label,
            "label_zh": self.label_zh,
            "status": LIST_SEPARATOR.join(self.statuses),
            "documents": LIST_SEPARATOR.join(self.documents),
            "claims": LIST_SEPARATOR.join(c.claim for c in self.claims),
            "claim_count": len(self.claims),
        }
        if self.amount is not None:
            values["amount"] = self.amount
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
            "documents": list(self.documents),
            "claims": [claim_record(c) for c in self.claims],
        }
        if self.amount is not None:
            values.update(amount=self.amount, currency="USD")
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


def edge_id(subject: str, relation: str, object_: str) -> str:
    """Entity ids and relation names never contain '/', so the id is unambiguous."""
    return f"{subject}/{relation}/{object_}"


def claim_record(claim: ClaimRef) -> dict[str, Any]:
    """A claim as JSON: only the fields it has."""
    values: dict[str, Any] = {
        "claim": claim.claim,
        "id": claim.local_id,
        "document": claim.document,
        "quote": claim.quote,
    }
    for name in ("status", "role", "reason", "amount", "currency", "share", "claimant"):
        value = getattr(claim, name)
        if value not in ("", None):
            values[name] = value
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
    communities, findings); a ValueError when the scope names something the graph lacks."""
    projection = analytics.projection(snapshot)
    findings = {finding_id(f): f for f in analytics.conflicts(snapshot)}
    selection = select(projection, scope, findings)
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
        )

    nodes = tuple(node(n) for n in selection.nodes)
    edges = tuple(
        EdgeView(
            edge_id(e.subject, e.relation, e.object),
            e.subject,
            e.object,
            e.relation,
            relations[e.relation].label if e.relation in relations else e.relation,
            relations[e.relation].label_zh if e.relation in relations else "",
            graph.edges[e.subject, e.object, e.relation]["amount"] or None,
            tuple(sorted({c.status for c in e.claims if c.status})),
            tuple(e.documents),
            e.claims,
        )
        for e in selection.edges
    )
    counts = Counter(n.type for n in nodes)
    legend = tuple(
        LegendEntry(t, classes[t].label if t in classes else t, colours.get(t, PALETTE[-1]), count)
        for t, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    cited = sorted({d for e in edges for d in e.documents})
    edge_ids = {e.id for e in edges}
    node_ids = set(selection.nodes)
    inside = []
    for id_, finding in findings.items():
        ids = tuple(edge_id(e.subject, e.relation, e.object) for e in finding.edges())
        members = tuple(
            sorted({n for e in finding.edges() for n in (e.subject, e.object)} | set(finding.entities.values()))
        )
        if set(ids) <= edge_ids and set(members) <= node_ids:
            inside.append(
                FindingView(
                    id_,
                    finding.rule,
                    finding.title,
                    finding.explanation,
                    tuple(finding.entities.values()),
                    members,
                    ids,
                )
            )
    outside = sorted({c.claimant for e in edges for c in e.claims if c.claimant} - node_ids)
    mentioned = {n: (str(graph.nodes[n].get("label", n)), chinese(graph.nodes[n])) for n in outside if n in graph}
    return View(
        scope.describe(projection, findings),
        scope,
        nodes,
        edges,
        legend,
        {d: projection.documents[d] for d in cited if d in projection.documents},
        tuple(inside),
        mentioned,
    )
