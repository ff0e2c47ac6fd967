"""Disputes: who disputes what, the stated reason, the claim contested, and the rebuttals."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.api.claims import CLAIM_RESPONSES, CLAIMS, Claim, claims_of
from graph.api.context import Context, Maybe, then
from graph.api.entities import ENTITIES, Entity, is_wanted
from graph.api.known import ENTITY, known
from graph.api.ontology import VOCABULARY, Relation, relation_iris
from graph.api.pagination import Connection, connect
from graph.api.references import reference

REBUTS = VOCABULARY.relations["rebuts"].iri


@strawberry.type(description="A party publicly doubting or contesting something, as one document reports it.")
class Dispute:
    reason: str | None = strawberry.field(description="The stated reason, in the document's language.")
    claim_iri: strawberry.Private[str]
    disputer_iri: strawberry.Private[str]
    object_iri: strawberry.Private[str]
    target_iri: strawberry.Private[str | None]

    claim = reference(CLAIMS, "claim_iri", Claim | None, "The dispute claim itself: document, quote, claimant.")
    disputer = reference(ENTITIES, "disputer_iri", Entity | None, "Who disputes.")
    object = reference(ENTITIES, "object_iri", Entity | None, "What is disputed: a project, a party.")
    disputed_claim = reference(CLAIMS, "target_iri", Claim | None, "The claim contested, with its own source.")

    @strawberry.field(graphql_type=list[Claim], description="Claims rebutting this dispute, each with its source.")
    def rebuttals(self, info: Info[Context, None]) -> Maybe[list[Claim]]:
        return then(
            info.context.fetch(CLAIM_RESPONSES, self.claim_iri),
            lambda responses: claims_of(info, [key for key, predicate in responses if predicate == REBUTS]),
        )


@strawberry.type
class DisputeQuery:
    @strawberry.field(
        description="Disputes, filtered by disputer and disputed entity (ids) and by the relation "
        "of the contested claim (e.g. [funds, plansInvestment]: who disputes the funding)."
    )
    async def disputes(
        self,
        info: Info[Context, None],
        disputer: strawberry.ID | None = None,
        object: strawberry.ID | None = None,
        disputed_relation: list[Relation] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Dispute]:
        wanted = relation_iris(disputed_relation)
        disputer_iri = await known(info, ENTITY, "disputer", disputer)
        object_iri = await known(info, ENTITY, "object", object)
        found = [
            Dispute(
                reason=row.get("reason"),
                claim_iri=row["claim"],
                disputer_iri=row["disputer"],
                object_iri=row["object"],
                target_iri=row.get("target"),
            )
            for row in await info.context.reader.rows("disputes")
            if is_wanted(row["disputer"], disputer_iri)
            and is_wanted(row["object"], object_iri)
            and (wanted is None or row.get("targetPredicate") in wanted)
        ]
        return await connect(found, first, after, info.context.settings)
