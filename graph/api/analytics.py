"""Analytics through GraphQL: centrality rankings, conflict-of-interest findings and paths
between two entities, every edge with the claims (document, verbatim quote) behind it.

Answers come from graph/analytics/service.py, whose projection is built once per graph snapshot and
whose results are memoised on it. What is CPU-bound (a measure's first computation, the rule
scan, a path search, turning results into GraphQL objects) runs in a worker thread through
Reader.computed, so the server keeps answering other requests, and the result is kept per graph
version. Bad arguments (an unknown entity, rule or relation; a path longer than the cap) are
GraphQL errors with a message. Entities, claims and documents are the API's own types, loaded
through its DataLoaders: an analytics answer carries the same provenance as any other.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import Finding, finding_id
from graph.analytics.paths import path_line
from graph.analytics.projection import Edge, Path, Projection
from graph.api.claims import CLAIMS, Claim
from graph.api.context import Context
from graph.api.documents import DOCUMENTS, Document
from graph.api.entities import ENTITIES, Entity
from graph.api.errors import PublicError
from graph.api.figures import PAGERANK, UNWEIGHTED, CentralityMeasure, CentralityWeight
from graph.api.known import ENTITY, known
from graph.api.ontology import VOCABULARY, EntityClass, Relation
from graph.api.pagination import Connection, connect
from graph.api.references import reference, references
from graph.vocab import namespaces as ns
from graph.vocab.actors import ACTORS


@strawberry.type(description="An entity's place in a centrality ranking.")
class CentralityRank:
    rank: int = strawberry.field(description="1 for the highest score; equal scores in label order.")
    score: float
    entity_iri: strawberry.Private[str]

    entity = reference(ENTITIES, "entity_iri", Entity | None)


@strawberry.type(
    description="A relation between two entities as the claims state it (an edge of the analytics "
    "graph), with every claim behind it: document, verbatim quote, claimant, status."
)
class Relationship:
    relation: Relation
    relation_label: str = strawberry.field(description="The relation's English label: the edge's label.")
    subject_iri: strawberry.Private[str]
    object_iri: strawberry.Private[str]
    claim_iris: strawberry.Private[tuple[str, ...]]
    document_iris: strawberry.Private[tuple[str, ...]]

    subject = reference(ENTITIES, "subject_iri", Entity | None, "Where the edge starts: the claims' subject.")
    object = reference(ENTITIES, "object_iri", Entity | None, "Where the edge ends: the claims' object.")
    claims = references(
        CLAIMS,
        "claim_iris",
        list[Claim],
        "The claims stating the relation, one per document and claim, in document order.",
    )
    documents = references(DOCUMENTS, "document_iris", list[Document], "The documents those claims come from.")


@strawberry.type(
    description="One hop of a path: two adjacent entities and every relationship joining them "
    "(in either direction, unless the search was directed)."
)
class PathStep:
    relationships: list[Relationship]
    source_iri: strawberry.Private[str]
    target_iri: strawberry.Private[str]

    source = reference(ENTITIES, "source_iri", Entity | None)
    target = reference(ENTITIES, "target_iri", Entity | None)


@strawberry.type(description="A chain of entities, each hop with the relationships (and claims) that make it.")
class EntityPath:
    length: int = strawberry.field(description="Hops.")
    text: str = strawberry.field(
        description="The path in one line, relations on the arrows, as `stargate-kg paths` prints it."
    )
    steps: list[PathStep]
    entity_iris: strawberry.Private[tuple[str, ...]]

    entities = references(ENTITIES, "entity_iris", list[Entity], "The entities along the path, in order.")


@strawberry.type(
    description="The simple paths between two entities up to a length, shortest first (then by "
    "entity ids), and the shortest path whatever its length."
)
class PathSearch:
    max_length: int
    shortest: EntityPath | None = strawberry.field(description="A shortest path of any length; null: none.")
    truncated: bool = strawberry.field(
        description="More paths exist than were enumerated (the max_paths setting, or the search's work budget)."
    )
    found: strawberry.Private[list[EntityPath]]
    source_iri: strawberry.Private[str]
    target_iri: strawberry.Private[str]

    source = reference(ENTITIES, "source_iri", Entity | None)
    target = reference(ENTITIES, "target_iri", Entity | None)

    @strawberry.field(description="Paths of at most maxLength hops, shortest first.")
    async def paths(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[EntityPath]:
        return await connect(self.found, first, after, info.context.settings)


@strawberry.type(description="An entity a finding is about, with the role the rule gives it.")
class FindingParty:
    role: str = strawberry.field(description="The rule's variable: critic, venture, party, funder...")
    entity_iri: strawberry.Private[str]

    entity = reference(ENTITIES, "entity_iri", Entity | None)


@strawberry.type(
    description="One facet of a finding that holds (disputes, competes, funder...), with the paths that make it hold."
)
class FindingFacet:
    name: str
    says: str = strawberry.field(description="What the facet adds to the explanation ('' for none).")
    paths: list[EntityPath]
    truncated: bool = strawberry.field(description="More paths matched than are listed.")


@strawberry.type(
    description="A conflict-of-interest finding: a rule of graph/analytics/conflict_rules.yaml matched on the "
    "graph, with its paths, every edge's claims and documents, and an explanation."
)
class ConflictFinding:
    id: strawberry.ID = strawberry.field(description="rule:entity,entity... (the /dump `finding` parameter).")
    rule: str
    title: str
    explanation: str = strawberry.field(description="One line, in English.")
    parties: list[FindingParty]
    facets: list[FindingFacet]
    relationships: list[Relationship] = strawberry.field(description="Every edge on the finding's paths, once.")
    document_iris: strawberry.Private[tuple[str, ...]]

    documents = references(DOCUMENTS, "document_iris", list[Document], "Every document behind the finding's edges.")


@strawberry.type(description="A conflict-of-interest rule of graph/analytics/conflict_rules.yaml.")
class ConflictRule:
    name: str
    title: str
    description: str


def _relationship(edge: Edge) -> Relationship:
    return Relationship(
        relation=Relation[edge.relation],
        relation_label=VOCABULARY.relations[edge.relation].label,
        subject_iri=ns.entity_iri(edge.subject),
        object_iri=ns.entity_iri(edge.object),
        claim_iris=tuple(c.claim for c in edge.claims),
        document_iris=tuple(ns.document_iri(d) for d in edge.documents),
    )


def _path(projection: Projection, path: Path) -> EntityPath:
    steps = [
        PathStep(
            relationships=[_relationship(e) for e in step.edges],
            source_iri=ns.entity_iri(step.source),
            target_iri=ns.entity_iri(step.target),
        )
        for step in path.steps
    ]
    return EntityPath(
        length=path.length,
        text=path_line(projection, path),
        steps=steps,
        entity_iris=tuple(ns.entity_iri(n) for n in path.nodes),
    )


def _finding(projection: Projection, found: Finding) -> ConflictFinding:
    return ConflictFinding(
        id=strawberry.ID(finding_id(found)),
        rule=found.rule,
        title=found.title,
        explanation=found.explanation,
        parties=[FindingParty(role=role, entity_iri=ns.entity_iri(e)) for role, e in found.entities.items()],
        facets=[
            FindingFacet(name=f.name, says=f.says, paths=[_path(projection, p) for p in f.paths], truncated=f.truncated)
            for f in found.facets
        ],
        relationships=[_relationship(e) for e in found.edges()],
        document_iris=tuple(ns.document_iri(d) for d in found.documents),
    )


async def _entity_id(info: Info[Context, None], argument: str, value: str | None) -> str:
    """The seed id of the entity an argument names (as an id or an IRI); '' when left out."""
    iri = await known(info, ENTITY, argument, value)
    return iri.removeprefix(ns.ENTITY) if iri else ""


async def _findings(info: Info[Context, None], rule: str, entity: str) -> list[ConflictFinding]:
    snapshot = info.context.snapshot

    def compute() -> list[ConflictFinding]:
        projection = analytics.projection(snapshot)
        if entity and entity not in projection.graph:
            raise ValueError(f"unknown entity {entity!r}")
        return [
            _finding(projection, f)
            for f in analytics.conflicts(snapshot, rule)
            if not entity or entity in f.entities.values()
        ]

    return await info.context.reader.computed(("conflicts", rule, entity), compute)


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(
        description="Entities ranked by a centrality measure, of some classes (subclasses included): "
        "organisations and people unless `type` says otherwise, [Entity] for every class; "
        "`first` is how many. Scores are over the whole graph either way."
    )
    async def centrality(
        self,
        info: Info[Context, None],
        measure: CentralityMeasure = PAGERANK,
        weight: CentralityWeight = UNWEIGHTED,
        type: list[EntityClass] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[CentralityRank]:
        snapshot, backend = info.context.snapshot, info.context.settings.analytics_backend
        classes = tuple(sorted(c.value for c in type)) if type else ACTORS

        def compute() -> list[CentralityRank]:
            ranked = analytics.centrality(
                snapshot, measure.value, types=classes, limit=0, weight=weight.value, backend=backend
            )
            return [CentralityRank(rank=r.rank, score=r.score, entity_iri=ns.entity_iri(r.entity)) for r in ranked]

        key = ("centrality", measure.value, weight.value, classes, backend)
        ranking = await info.context.reader.computed(key, compute)
        return await connect(ranking, first, after, info.context.settings)

    @strawberry.field(description="The conflict-of-interest rules (names for `conflicts(rule:)`).")
    async def conflict_rules(self, info: Info[Context, None]) -> list[ConflictRule]:
        snapshot = info.context.snapshot
        return await info.context.reader.computed(
            ("conflict-rules",),
            lambda: [
                ConflictRule(name=r.name, title=r.title, description=r.description)
                for r in analytics.rules(analytics.projection(snapshot))
            ],
        )

    @strawberry.field(
        description="Conflict-of-interest findings, optionally of one rule and about one entity (an "
        "id among the entities the finding is about), in rule order."
    )
    async def conflicts(
        self,
        info: Info[Context, None],
        rule: str | None = None,
        entity: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ConflictFinding]:
        found = await _findings(info, rule or "", await _entity_id(info, "entity", entity))
        return await connect(found, first, after, info.context.settings)

    @strawberry.field(description="A conflict-of-interest finding by its id (rule:entity,entity...).")
    async def conflict(self, info: Info[Context, None], id: strawberry.ID) -> ConflictFinding | None:
        return next((f for f in await _findings(info, "", "") if f.id == id), None)

    @strawberry.field(
        description="Simple paths between two entities (ids) of at most maxLength hops, shortest "
        "first, optionally along some relations only and following edge direction; "
        "plus the shortest path. Each hop lists its relationships and their claims."
    )
    async def paths(
        self,
        info: Info[Context, None],
        source: strawberry.ID,
        target: strawberry.ID,
        max_length: int = 4,
        relation: list[Relation] | None = None,
        directed: bool = False,
    ) -> PathSearch:
        settings, snapshot = info.context.settings, info.context.snapshot
        if not 1 <= max_length <= settings.max_path_length:
            raise PublicError(f"maxLength: must be between 1 and {settings.max_path_length}, got {max_length}")
        ends = await _entity_id(info, "source", source), await _entity_id(info, "target", target)
        relations = tuple(sorted({r.value for r in relation})) if relation else None

        def compute() -> PathSearch:
            result = analytics.paths(
                snapshot, *ends, max_length=max_length, relations=relations, directed=directed, limit=settings.max_paths
            )
            projection = analytics.projection(snapshot)
            return PathSearch(
                max_length=max_length,
                shortest=_path(projection, result.shortest) if result.shortest else None,
                truncated=result.truncated,
                found=[_path(projection, p) for p in result.paths],
                source_iri=ns.entity_iri(ends[0]),
                target_iri=ns.entity_iri(ends[1]),
            )

        key = ("paths", *ends, max_length, relations, directed, settings.max_paths)
        return await info.context.reader.computed(key, compute)
