"""Contradictions: sources disagreeing, as the build finds them by the declared rules
(graph/ingest/contradiction_rules.yaml) or a curator asserts them (graph/seeds/judgements.yaml).
Each has its kind, its explanation, its sides (a position and the claims that take it, side by
side with their sources) and the curator's judgement, if any; no claim is preferred.

Not a dispute (someone contesting a claim: disputes.py) nor a conflict of interest (a finding
about a party: analytics.py). The list's filters read one query, grouped once per graph version,
and a page loads its contradictions in one batch.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import strawberry
from strawberry.types import Info

from graph.api.claims import CLAIMS, Claim
from graph.api.context import Context
from graph.api.entities import ENTITIES, Entity
from graph.api.known import DOCUMENT, ENTITY, known
from graph.api.lists import IndexSpec, connect_indexed, only
from graph.api.named_queries import iri_under
from graph.api.ontology import (
    CONTRADICTION_KIND_BY_IRI,
    RELATION_BY_IRI,
    VERDICT_BY_IRI,
    VOCABULARY,
    ContradictionKind,
    JudgementFilter,
    Relation,
    Verdict,
    relation_iris,
)
from graph.api.pagination import Connection
from graph.api.reader import Batch, Row
from graph.api.references import reference, references
from graph.vocab import namespaces as ns


@strawberry.type(description="A curator's word on a contradiction (sg:Judgement, graph/seeds/judgements.yaml).")
class Judgement:
    verdict: Verdict
    reason: str = strawberry.field(description="Why, in a sentence a reader can check against the quotes.")
    curator: str = strawberry.field(description="Who judged.")
    date: str = strawberry.field(description="When, YYYY-MM-DD.")


@strawberry.type(description="One position in a contradiction and the claims that take it (sg:ContradictionSide).")
class ContradictionSide:
    position: str = strawberry.field(
        description="What this side says: a figure (US$100 bn), a stage (to come), a set of parties, a speaker."
    )
    claim_iris: strawberry.Private[tuple[str, ...]]

    claims = references(CLAIMS, "claim_iris", list[Claim], "The claims taking this position, each with its source.")


@strawberry.type(
    description="Sources disagreeing (sg:Contradiction): claims of different documents, or of different speakers "
    "in one document, that cannot all hold, with the kind of disagreement, an explanation, the sides and a curator's "
    "judgement. Not a dispute (someone contesting a claim) nor a conflict of interest (a finding about a party)."
)
class Contradiction:
    id: strawberry.ID
    iri: str
    kind: ContradictionKind
    explanation: str = strawberry.field(description="One sentence saying what the sources disagree on, side by side.")
    label: str | None = strawberry.field(description="A one-line summary (rdfs:label): the explanation.")
    rule: str | None = strawberry.field(
        description="The contradiction rule that found it (graph/ingest/contradiction_rules.yaml); null when only a "
        "curator asserts it."
    )
    relation: Relation
    sides: list[ContradictionSide] = strawberry.field(
        description="The positions, in order, each with the claims that take it."
    )
    judgement: Judgement | None = strawberry.field(description="The curator's judgement; null when none was made.")
    subject_iri: strawberry.Private[str | None]
    object_iri: strawberry.Private[str | None]
    claim_iris: strawberry.Private[tuple[str, ...]]

    subject = reference(
        ENTITIES,
        "subject_iri",
        Entity | None,
        "What it is about, when every claim has one subject (a membership contradiction has several).",
    )
    object = reference(ENTITIES, "object_iri", Entity | None, "The entity object, when its claims have one.")
    claims = references(
        CLAIMS,
        "claim_iris",
        list[Claim],
        "Every claim of every side, side by side: value and bound, document (and its publication date), claimant, "
        "modality, quote.",
    )


def _judgement(row: Row) -> Judgement | None:
    verdict = VERDICT_BY_IRI.get(row.get("verdict", ""))
    if verdict is None:
        return None
    return Judgement(verdict=Verdict[verdict], reason=row["reason"], curator=row["curator"], date=row["date"])


def build_contradiction(iri: str, rows: list[Row]) -> Contradiction | None:
    """One contradiction from its rows (one per claim of a side, sides in order)."""
    if not rows or rows[0]["relation"] not in RELATION_BY_IRI or rows[0]["kind"] not in CONTRADICTION_KIND_BY_IRI:
        return None
    row = rows[0]
    sides: dict[int, tuple[str, list[str]]] = {}
    for r in rows:
        sides.setdefault(int(r["order"]), (r["position"], []))[1].append(r["claim"])
    ordered = [sides[order] for order in sorted(sides)]
    return Contradiction(
        id=strawberry.ID(iri.removeprefix(ns.CONTRADICTION)),
        iri=iri,
        kind=ContradictionKind[CONTRADICTION_KIND_BY_IRI[row["kind"]]],
        explanation=row["explanation"],
        label=row.get("label"),
        rule=row.get("rule"),
        relation=Relation[RELATION_BY_IRI[row["relation"]]],
        sides=[ContradictionSide(position=position, claim_iris=tuple(claims)) for position, claims in ordered],
        judgement=_judgement(row),
        subject_iri=row.get("subject"),
        object_iri=row.get("object"),
        claim_iris=tuple(sorted({r["claim"] for r in rows})),
    )


CONTRADICTIONS: Batch[Contradiction | None] = Batch("contradictions", build_contradiction)


# Every contradiction in a stable order with what its filters read (graph/api/lists.py).
CONTRADICTION_INDEX = IndexSpec("contradiction-list", ("kind", "verdict", "subject", "relation", "document", "entity"))


def _iris(values: list[Any] | None, by_notation: dict[str, str]) -> set[str] | None:
    """The graph's values for an enum-list filter argument (None: no filter); `unjudged` is itself."""
    return None if values is None else {by_notation.get(value.value, value.value) for value in values}


@strawberry.type
class ContradictionQuery:
    @strawberry.field(description="A contradiction by its id or IRI.")
    async def contradiction(self, info: Info[Context, None], id: strawberry.ID) -> Contradiction | None:
        iri = iri_under(ns.CONTRADICTION, id)
        return await info.context.load(CONTRADICTIONS, iri) if iri else None

    @strawberry.field(
        description="Contradictions (sources disagreeing), filtered by kind; by an entity any of its claims is "
        "about (subject, joint party or object); by a document any of its claims comes from; by judgement; and by "
        "the subject and relation it is about. Filters combine with AND, the values of one list with OR."
    )
    async def contradictions(
        self,
        info: Info[Context, None],
        kind: list[ContradictionKind] | None = None,
        entity: strawberry.ID | None = None,
        document: strawberry.ID | None = None,
        judgement: list[JudgementFilter] | None = None,
        subject: strawberry.ID | None = None,
        relation: list[Relation] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Contradiction]:
        filters = {
            "kind": _iris(kind, VOCABULARY.contradiction_kinds),
            "verdict": _iris(judgement, VOCABULARY.verdicts),
            "relation": relation_iris(relation),
            "entity": only(await known(info, ENTITY, "entity", entity)),
            "document": only(await known(info, DOCUMENT, "document", document)),
            "subject": only(await known(info, ENTITY, "subject", subject)),
        }
        index = await CONTRADICTION_INDEX.of(info.context.snapshot)
        load = partial(info.context.load_many, CONTRADICTIONS)
        return await connect_indexed(index, filters, first, after, info.context.settings, load)
