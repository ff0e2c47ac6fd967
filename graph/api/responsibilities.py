"""Responsibilities: who is responsible for what (finance, operations, the chair, technology
partners, who builds, operates or leads), one entry per (target, relation, party) with the claims
that state it. Which relations count is data: the VALUES list of queries/responsibilities.rq.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.api.claims import CLAIMS, Claim, claims_of
from graph.api.context import Context, Maybe, then
from graph.api.entities import ENTITIES, Entity, is_wanted
from graph.api.known import ENTITY, known
from graph.api.ontology import RELATION_BY_IRI, Relation, relation_iris
from graph.api.pagination import Connection, connect
from graph.api.references import reference, references


@strawberry.type(description="A party responsible for something about a target, as the documents state it.")
class Responsibility:
    relation: Relation
    party_iri: strawberry.Private[str]
    target_iri: strawberry.Private[str]
    claim_iris: strawberry.Private[tuple[str, ...]]

    party = reference(ENTITIES, "party_iri", Entity | None, "Who is responsible.")
    target = reference(ENTITIES, "target_iri", Entity | None, "What they are responsible for.")
    claims = references(
        CLAIMS, "claim_iris", list[Claim], "The claims stating it, one per document, with role, quote and claimant."
    )

    @strawberry.field(
        graphql_type=list[str], description="The roles the claims name (chairman, co-chair...), without repeats."
    )
    def roles(self, info: Info[Context, None]) -> Maybe[list[str]]:
        return then(
            claims_of(info, self.claim_iris), lambda claims: list(dict.fromkeys(c.role for c in claims if c.role))
        )


@strawberry.type
class ResponsibilityQuery:
    @strawberry.field(description="Responsibilities, filtered by target and party (entity ids) and relation.")
    async def responsibilities(
        self,
        info: Info[Context, None],
        target: strawberry.ID | None = None,
        party: strawberry.ID | None = None,
        relation: list[Relation] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Responsibility]:
        wanted = relation_iris(relation)
        target_iri = await known(info, ENTITY, "target", target)
        party_iri = await known(info, ENTITY, "party", party)
        groups: dict[tuple[str, str, str], list[str]] = {}
        for row in await info.context.reader.rows("responsibilities"):
            if (
                (wanted is None or row["predicate"] in wanted)
                and is_wanted(row["target"], target_iri)
                and is_wanted(row["party"], party_iri)
                and row["predicate"] in RELATION_BY_IRI
            ):
                groups.setdefault((row["target"], row["predicate"], row["party"]), []).append(row["claim"])
        found = [
            Responsibility(
                relation=Relation[RELATION_BY_IRI[p]], party_iri=who, target_iri=what, claim_iris=tuple(claims)
            )
            for (what, p, who), claims in groups.items()
        ]
        return await connect(found, first, after, info.context.settings)
