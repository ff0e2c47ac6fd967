"""Fundings: who funds whom, how much, with what share and status, and totals per funder and
per source document.

Totals are per document, never across documents: five articles restating one commitment are one
commitment, not five. A bounded figure (up to, less than, at least, more than) is not an amount,
so totals list it beside the sum without adding it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import strawberry
from strawberry.types import Info

from graph.api.claims import CLAIMS, Claim
from graph.api.context import Context
from graph.api.documents import DOCUMENTS, Document
from graph.api.entities import ENTITIES, Entity, is_wanted
from graph.api.known import DOCUMENT, ENTITY, known
from graph.api.ontology import BOUND_BY_IRI, STATUS_BY_IRI, Bound, Status, is_additive
from graph.api.pagination import Connection, connect
from graph.api.reader import Row
from graph.api.references import reference


@strawberry.type(description="One funding claim: a funder commits, pledges or invests money in a recipient.")
class Funding:
    amount: Decimal | None
    currency: str | None
    bound: Bound | None
    share: Decimal | None = strawberry.field(description="Equity or cost share in percent.")
    phase: str | None
    status: Status | None
    claim_iri: strawberry.Private[str]
    funder_iri: strawberry.Private[str]
    recipient_iri: strawberry.Private[str]
    document_iri: strawberry.Private[str]

    funder = reference(ENTITIES, "funder_iri", Entity | None)
    recipient = reference(ENTITIES, "recipient_iri", Entity | None)
    document = reference(DOCUMENTS, "document_iri", Document | None)
    claim = reference(CLAIMS, "claim_iri", Claim | None, "The claim, with its quote and claimant.")

    @property
    def additive(self) -> bool:
        return is_additive(self.amount, self.bound)


def _funding(row: Row) -> Funding:
    status, bound = STATUS_BY_IRI.get(row.get("status", "")), BOUND_BY_IRI.get(row.get("bound", ""))
    return Funding(
        amount=Decimal(row["amount"]) if "amount" in row else None,
        currency=row.get("currency"),
        bound=Bound[bound] if bound else None,
        share=Decimal(row["share"]) if "share" in row else None,
        phase=row.get("phase"),
        status=Status[status] if status else None,
        claim_iri=row["claim"],
        funder_iri=row["funder"],
        recipient_iri=row["recipient"],
        document_iri=row["document"],
    )


@strawberry.type(description="What one document says a funder puts into a recipient, in one currency.")
class FundingTotal:
    currency: str
    amount: Decimal | None = strawberry.field(
        description="The sum of the exact and approximate amounts; null when the document gives only bounded figures."
    )
    fundings: list[Funding] = strawberry.field(description="The fundings added up.")
    bounded: list[Funding] = strawberry.field(description="Bounded figures (up to, less than...): listed, not added.")
    funder_iri: strawberry.Private[str]
    recipient_iri: strawberry.Private[str]
    document_iri: strawberry.Private[str]

    funder = reference(ENTITIES, "funder_iri", Entity | None)
    recipient = reference(ENTITIES, "recipient_iri", Entity | None)
    document = reference(DOCUMENTS, "document_iri", Document | None)


@strawberry.type(description="What one document says a recipient receives from all funders, in one currency.")
class DocumentFundingTotal:
    currency: str
    amount: Decimal | None = strawberry.field(description="The sum of the funders' totals; null when none has one.")
    funders: list[FundingTotal] = strawberry.field(description="The document's total for each funder.")
    recipient_iri: strawberry.Private[str]
    document_iri: strawberry.Private[str]

    recipient = reference(ENTITIES, "recipient_iri", Entity | None)
    document = reference(DOCUMENTS, "document_iri", Document | None)


@dataclass(frozen=True)
class FundingFilter:
    """The IRIs the fundings must have (None: any)."""

    funder: str | None = None
    recipient: str | None = None
    document: str | None = None

    def admits(self, funding: Funding) -> bool:
        return (
            is_wanted(funding.funder_iri, self.funder)
            and is_wanted(funding.recipient_iri, self.recipient)
            and (self.document is None or funding.document_iri == self.document)
        )


async def _fundings(info: Info[Context, None], where: FundingFilter) -> list[Funding]:
    return [f for f in map(_funding, await info.context.reader.rows("fundings")) if where.admits(f)]


def _sum(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the amounts given; None when there are none (no figure is not a zero figure)."""
    present = [a for a in amounts if a is not None]
    return sum(present, Decimal(0)) if present else None


def funder_totals(fundings: list[Funding]) -> list[FundingTotal]:
    """One total per (recipient, funder, document, currency), in the order the fundings come."""
    groups: dict[tuple[str, str, str, str], list[Funding]] = {}
    for funding in fundings:
        if funding.currency is not None:
            key = (funding.recipient_iri, funding.funder_iri, funding.document_iri, funding.currency)
            groups.setdefault(key, []).append(funding)
    totals = []
    for (recipient, funder, document, currency), members in groups.items():
        added = [f for f in members if f.additive]
        totals.append(
            FundingTotal(
                currency=currency,
                amount=_sum(f.amount for f in added),
                fundings=added,
                bounded=[f for f in members if not f.additive],
                funder_iri=funder,
                recipient_iri=recipient,
                document_iri=document,
            )
        )
    return totals


def document_totals(totals: list[FundingTotal]) -> list[DocumentFundingTotal]:
    groups: dict[tuple[str, str, str], list[FundingTotal]] = {}
    for total in totals:
        groups.setdefault((total.recipient_iri, total.document_iri, total.currency), []).append(total)
    return [
        DocumentFundingTotal(
            currency=currency,
            amount=_sum(t.amount for t in members),
            funders=members,
            recipient_iri=recipient,
            document_iri=document,
        )
        for (recipient, document, currency), members in sorted(groups.items())
    ]


@strawberry.type
class FundingQuery:
    @strawberry.field(
        description="Funding claims, filtered by funder, recipient (entity ids), source document, phase and status."
    )
    async def fundings(
        self,
        info: Info[Context, None],
        funder: strawberry.ID | None = None,
        recipient: strawberry.ID | None = None,
        document: strawberry.ID | None = None,
        phase: str | None = None,
        status: list[Status] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Funding]:
        where = FundingFilter(
            await known(info, ENTITY, "funder", funder),
            await known(info, ENTITY, "recipient", recipient),
            await known(info, DOCUMENT, "document", document),
        )
        found = [
            f
            for f in await _fundings(info, where)
            if (phase is None or f.phase == phase) and (status is None or f.status in status)
        ]
        return await connect(found, first, after, info.context.settings)

    @strawberry.field(
        description="Totals per funder and per source document: what each document says each funder puts in."
    )
    async def funding_totals(
        self, info: Info[Context, None], recipient: strawberry.ID | None = None, funder: strawberry.ID | None = None
    ) -> list[FundingTotal]:
        where = FundingFilter(
            await known(info, ENTITY, "funder", funder), await known(info, ENTITY, "recipient", recipient)
        )
        return funder_totals(await _fundings(info, where))

    @strawberry.field(
        description="Totals per source document: what each document says a recipient receives "
        "in all, with each funder's part."
    )
    async def funding_totals_by_document(
        self, info: Info[Context, None], recipient: strawberry.ID | None = None
    ) -> list[DocumentFundingTotal]:
        where = FundingFilter(recipient=await known(info, ENTITY, "recipient", recipient))
        return document_totals(funder_totals(await _fundings(info, where)))
