"""Contradictions: claims of different documents on the same subject, relation and object whose
values disagree, side by side with their sources. The build finds them; no claim is preferred.
"""

from __future__ import annotations

from functools import partial

import strawberry
from strawberry.types import Info

from graph.api.claims import CLAIMS, Claim
from graph.api.context import Context
from graph.api.entities import ENTITIES, Entity, is_wanted
from graph.api.known import ENTITY, known
from graph.api.named_queries import iri_under
from graph.api.ontology import RELATION_BY_IRI, Relation, relation_iris
from graph.api.pagination import Connection, connect
from graph.api.reader import Batch, Row
from graph.api.references import reference, references
from graph.vocab import namespaces as ns


@strawberry.type(
    description="Claims of different documents on one subject, relation and object whose values "
    "differ (sg:Contradiction), each with its source."
)
class Contradiction:
    id: strawberry.ID
    iri: str
    label: str | None = strawberry.field(description="A one-line summary: subject, relation, documents.")
    relation: Relation
    subject_iri: strawberry.Private[str]
    object_iri: strawberry.Private[str | None]
    claim_iris: strawberry.Private[tuple[str, ...]]

    subject = reference(ENTITIES, "subject_iri", Entity | None)
    object = reference(ENTITIES, "object_iri", Entity | None)
    claims = references(
        CLAIMS, "claim_iris", list[Claim], "The disagreeing claims, side by side: value, document, quote, claimant."
    )


def build_contradiction(iri: str, rows: list[Row]) -> Contradiction | None:
    if not rows or rows[0]["relation"] not in RELATION_BY_IRI:
        return None
    row = rows[0]
    return Contradiction(
        id=strawberry.ID(iri.removeprefix(ns.CONTRADICTION)),
        iri=iri,
        label=row.get("label"),
        relation=Relation[RELATION_BY_IRI[row["relation"]]],
        subject_iri=row["subject"],
        object_iri=row.get("object"),
        claim_iris=tuple(dict.fromkeys(r["claim"] for r in rows)),
    )


CONTRADICTIONS: Batch[Contradiction | None] = Batch("contradictions", build_contradiction)


@strawberry.type
class ContradictionQuery:
    @strawberry.field(description="A contradiction by its id or IRI.")
    async def contradiction(self, info: Info[Context, None], id: strawberry.ID) -> Contradiction | None:
        iri = iri_under(ns.CONTRADICTION, id)
        return await info.context.load(CONTRADICTIONS, iri) if iri else None

    @strawberry.field(description="Contradictions, filtered by subject (entity id) and relation.")
    async def contradictions(
        self,
        info: Info[Context, None],
        subject: strawberry.ID | None = None,
        relation: list[Relation] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Contradiction]:
        wanted = relation_iris(relation)
        subject_iri = await known(info, ENTITY, "subject", subject)
        keys = [
            row["key"]
            for row in await info.context.reader.rows("contradiction-list")
            if is_wanted(row["subject"], subject_iri) and (wanted is None or row["relation"] in wanted)
        ]
        return await connect(keys, first, after, info.context.settings, partial(info.context.load_many, CONTRADICTIONS))
