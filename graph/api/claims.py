"""Claims: one fact as one document states it, with its value, qualifiers and provenance
(document, verbatim quote, claimant, date, status), the claims that answer it and the
contradictions it takes part in.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Annotated, Optional

import strawberry
from strawberry.types import Info

from graph.api.context import Context, Maybe, present, then
from graph.api.documents import DOCUMENTS, Document, document_iri
from graph.api.entities import ENTITIES, Entity
from graph.api.named_queries import iri_under
from graph.api.ontology import (
    BOUND_BY_IRI,
    RELATION_BY_IRI,
    STATUS_BY_IRI,
    UNIT_BY_IRI,
    VOCABULARY,
    Bound,
    Relation,
    Status,
    relation_iris,
)
from graph.api.pagination import Connection, connect
from graph.api.reader import Batch, Row
from graph.api.references import reference
from graph.vocab import namespaces as ns

if TYPE_CHECKING:
    from graph.api.contradictions import Contradiction

ContradictionRef = Annotated["Contradiction", strawberry.lazy("graph.api.contradictions")]


# The batches come before the Claim type: its `target` field is a reference through CLAIMS.
def _notation(table: dict[str, str], iri: str | None) -> str | None:
    return table.get(iri) if iri else None


def build_claim(iri: str, rows: list[Row]) -> Claim | None:
    if not rows or rows[0]["predicate"] not in RELATION_BY_IRI:
        return None
    row = rows[0]
    relation = VOCABULARY.relations[RELATION_BY_IRI[row["predicate"]]]
    status, bound = _notation(STATUS_BY_IRI, row.get("status")), _notation(BOUND_BY_IRI, row.get("bound"))
    return Claim(
        id=strawberry.ID(iri.removeprefix(ns.CLAIM)),
        iri=iri,
        relation=Relation[relation.name],
        relation_label=relation.label,
        value_kind=relation.value_kind,
        amount=Decimal(row["amount"]) if "amount" in row else None,
        currency=row.get("currency"),
        unit=_notation(UNIT_BY_IRI, row.get("unit")),
        bound=Bound[bound] if bound else None,
        date_value=row.get("dateValue"),
        date_precision=row.get("datePrecision"),
        text=row.get("textValue"),
        status=Status[status] if status else None,
        as_of=row.get("asOf"),
        start_date=row.get("startDate"),
        end_date=row.get("endDate"),
        share=Decimal(row["share"]) if "share" in row else None,
        role=row.get("role"),
        reason=row.get("reason"),
        metric=row.get("metric"),
        phase=row.get("phase"),
        quote=row["evidence"],
        subject_iri=row["subject"],
        object_iri=row.get("object"),
        item_iri=row.get("item"),
        claimant_iri=row.get("claimant"),
        document_iri=row["document"],
        target_iri=row.get("target"),
    )


CLAIMS: Batch[Claim | None] = Batch("claims", build_claim)
CLAIM_RESPONSES: Batch[tuple[tuple[str, str], ...]] = Batch(
    "claim-responses", lambda _, rows: tuple((r["response"], r["predicate"]) for r in rows)
)
CLAIM_CONTRADICTIONS: Batch[tuple[str, ...]] = Batch(
    "claim-contradictions", lambda _, rows: tuple(r["contradiction"] for r in rows)
)


@strawberry.type(
    description="One fact as one document states it (sg:Claim): subject, relation, object or "
    "value, qualifiers, and provenance (document, verbatim quote, claimant)."
)
class Claim:
    id: strawberry.ID = strawberry.field(
        description="<document id>/<claim id>, e.g. 004_5cf1b9cad3f7a47d/softbank-funds-stargate."
    )
    iri: str
    relation: Relation
    relation_label: str = strawberry.field(description="The relation's English label.")
    value_kind: str | None = strawberry.field(description="money, quantity, date or text; null: no value.")
    amount: Decimal | None = strawberry.field(description="Money or quantity in full units (not billions).")
    currency: str | None = strawberry.field(description="ISO 4217 code of a money amount.")
    unit: str | None = strawberry.field(description="Unit of a quantity: count, percent, MW, GW, acre...")
    bound: Bound | None
    date_value: str | None = strawberry.field(description="The value of a date claim: YYYY, YYYY-MM or YYYY-MM-DD.")
    date_precision: str | None = strawberry.field(description="year, month or day.")
    text: str | None = strawberry.field(description="The value of a text claim.")
    status: Status | None
    as_of: str | None = strawberry.field(description="When the fact holds, as the document gives it.")
    start_date: str | None
    end_date: str | None
    share: Decimal | None = strawberry.field(description="Equity or cost share in percent.")
    role: str | None = strawberry.field(description="The role or title, e.g. chairman, CFO.")
    reason: str | None = strawberry.field(description="The stated reason (disputes, rebuttals, comparisons).")
    metric: str | None
    phase: str | None = strawberry.field(description="initial, first phase, total, expansion.")
    quote: str = strawberry.field(description="The verbatim evidence quote from the document.")
    subject_iri: strawberry.Private[str]
    object_iri: strawberry.Private[str | None]
    item_iri: strawberry.Private[str | None]
    claimant_iri: strawberry.Private[str | None]
    document_iri: strawberry.Private[str]
    target_iri: strawberry.Private[str | None]

    @strawberry.field(description="When the claimed fact holds: its date value, else its as-of date, else its start.")
    def date(self) -> str | None:
        return self.date_value or self.as_of or self.start_date

    subject = reference(ENTITIES, "subject_iri", Entity | None)
    object = reference(
        ENTITIES,
        "object_iri",
        Entity | None,
        "The entity object; null for claims whose value is a figure, date or text.",
    )
    item = reference(ENTITIES, "item_iri", Entity | None, "What is supplied, used or concerned (the item qualifier).")
    claimant = reference(
        ENTITIES, "claimant_iri", Entity | None, "Who asserts the claim, when the document attributes it."
    )
    document = reference(
        DOCUMENTS, "document_iri", Document | None, "The source document; its IRI names the graph holding the claim."
    )
    target = reference(CLAIMS, "target_iri", Optional["Claim"], "The claim this one disputes, rebuts or supports.")

    @strawberry.field(
        graphql_type=list["Claim"], description="Claims that dispute, rebut or support this one (sg:disputedBy)."
    )
    def responses(self, info: Info[Context, None]) -> Maybe[list[Claim]]:
        return then(
            info.context.fetch(CLAIM_RESPONSES, self.iri), lambda found: claims_of(info, [key for key, _ in found])
        )

    @strawberry.field(graphql_type=list[ContradictionRef], description="Contradictions this claim takes part in.")
    def contradictions(self, info: Info[Context, None]) -> Maybe[list[Contradiction]]:
        from graph.api.contradictions import CONTRADICTIONS

        return then(
            info.context.fetch(CLAIM_CONTRADICTIONS, self.iri),
            lambda keys: then(info.context.fetch_many(CONTRADICTIONS, keys), present),
        )


def claims_of(info: Info[Context, None], keys: Sequence[str]) -> Maybe[list[Claim]]:
    """The claims named by `keys` (those the graph has), without a coroutine when all are cached."""
    return then(info.context.fetch_many(CLAIMS, keys), present)


@strawberry.type
class ClaimQuery:
    @strawberry.field(description="A claim by its id, <document id>/<claim id>, or its IRI.")
    async def claim(self, info: Info[Context, None], id: strawberry.ID) -> Claim | None:
        iri = iri_under(ns.CLAIM, id)
        return await info.context.load(CLAIMS, iri) if iri else None

    @strawberry.field(description="Claims, filtered by relation and source document, in id order.")
    async def claims(
        self,
        info: Info[Context, None],
        relation: list[Relation] | None = None,
        document: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Claim]:
        wanted = relation_iris(relation)
        source = document_iri(document) if document is not None else None
        keys = [
            row["key"]
            for row in await info.context.reader.rows("claim-list")
            if (wanted is None or row["predicate"] in wanted) and (document is None or row["document"] == source)
        ]
        return await connect(keys, first, after, info.context.settings, partial(info.context.load_many, CLAIMS))
