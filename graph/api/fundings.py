"""Fundings: who funds whom, how much, with what share and status, and totals per funder and per
source document.

A total is a reading of the figures, and the rules it follows are stated in the field
descriptions, since a reader of the number needs them:

- per document, never across documents: five articles restating one commitment are one
  commitment, not five;
- a joint funding (甲骨文和MGX共出资70亿美元) is one amount its parties give together: it counts once
  in the document's total and, in each party's total, apart from what the party gives alone, whole
  (never split evenly: the text does not say who gives what);
- claims of one document restating the very same fact (same parties, recipient and value) count
  once;
- a negative claim (the text says the funding is not so) never counts, nor does a figure whose
  modality the ontology says can never be a commitment (sg:neverWithStatus: alleged, rumour, joke,
  denial); both are listed as left out. Other modalities count and are listed with the total;
- a figure that is not an exact number (about, up to, at least..., or a range) counts into the
  total's low and high ends and marks it bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import Any

import strawberry
from strawberry.types import Info

from graph.api.claims import CLAIMS, Claim
from graph.api.context import Context
from graph.api.documents import DOCUMENTS, Document
from graph.api.entities import ENTITIES, Entity, is_wanted
from graph.api.known import DOCUMENT, ENTITY, known
from graph.api.lists import IndexSpec, admitted, connect_indexed, only
from graph.api.ontology import VOCABULARY, Bound, Modality, Polarity, Status
from graph.api.pagination import Connection
from graph.api.references import reference, references


def _of_claim(attribute: str, graphql_type: Any, description: str | None = None) -> Any:
    """A field that is the funding claim's own field of that name."""
    read = attrgetter(f"claim.{attribute}")

    def resolve(root: Any) -> Any:
        return read(root)

    return strawberry.field(resolver=resolve, graphql_type=graphql_type, description=description)


@strawberry.type(description="One funding claim: a funder commits, pledges or invests money in a recipient.")
class Funding:
    claim: Claim = strawberry.field(description="The claim, with its quote, anchor and claimant.")

    amount = _of_claim("amount", Decimal | None, "The figure; null for a range (amountMin, amountMax).")
    amount_min = _of_claim("amount_min", Decimal | None, "The low end of a figure the text gives as a range.")
    amount_max = _of_claim("amount_max", Decimal | None, "The high end of a figure the text gives as a range.")
    currency = _of_claim("currency", str | None)
    bound = _of_claim("bound", Bound | None)
    share = _of_claim("share", Decimal | None, "Equity or cost share in percent.")
    phase = _of_claim("phase", str | None)
    status = _of_claim("status", Status | None)
    polarity = _of_claim("polarity", Polarity, "negative: the text says this funding is not so; never counted.")
    modality = _of_claim("modality", Modality, "How sure the text is of it (alleged, rumour, joke: never counted).")
    funder = reference(ENTITIES, "claim.subject_iri", Entity | None, "The claim's subject; see parties.")
    joint_with = references(
        ENTITIES, "claim.joint_iris", list[Entity], "The parties funding together with the funder, in this one amount."
    )
    parties = references(ENTITIES, "claim.party_iris", list[Entity], "The funder, then the parties funding with it.")
    recipient = reference(ENTITIES, "claim.object_iri", Entity | None)
    document = reference(DOCUMENTS, "claim.document_iri", Document | None)

    @property
    def fact(self) -> tuple[object, ...]:
        """What it says, for telling restatements apart: parties, recipient and value."""
        c = self.claim
        return (frozenset(c.party_iris), c.object_iri, c.currency, c.amount, c.amount_min, c.amount_max, c.bound)


@dataclass(frozen=True)
class Figure:
    """The values a figure admits: its number if it gives one (exactly or about), and its ends."""

    point: Decimal | None
    low: Decimal
    high: Decimal | None  # None: no upper end (at least, more than)


def figure(claim: Claim) -> Figure:
    """A funding's figure. Money is never negative, so 'up to' and 'less than' admit 0 at least."""
    if claim.amount is None:
        return Figure(None, claim.amount_min or Decimal(0), claim.amount_max)
    bound = claim.bound.value if claim.bound is not None else None
    if bound in ("up_to", "less_than"):
        return Figure(None, Decimal(0), claim.amount)
    if bound in ("at_least", "more_than"):
        return Figure(None, claim.amount, None)
    return Figure(claim.amount, claim.amount, claim.amount)


def _sum(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the amounts given; None when there are none (no figure is not a zero figure)."""
    present = [a for a in amounts if a is not None]
    return sum(present, Decimal(0)) if present else None


@strawberry.type(description="Funding figures of one currency added up, each fact once.")
class FundingSum:
    currency: str
    amount: Decimal | None = strawberry.field(
        description="The sum of the figures given as one number (exactly, about, or without a bound); null when "
        "there is none. Figures given as up to, less than, at least, more than or as a range are not in it: "
        "they are in low and high, and make the total `bounded`."
    )
    low: Decimal | None = strawberry.field(
        description="The least the counted figures admit together: a range at its low end, at least and more "
        "than at their figure, up to and less than at 0; null when nothing is counted."
    )
    high: Decimal | None = strawberry.field(
        description="The most the counted figures admit together: a range at its high end, up to and less than "
        "at their figure; null when an at-least or more-than figure leaves it open, or nothing is counted."
    )
    bounded: bool = strawberry.field(
        description="True when a counted figure is not an exact number (about, up to, less than, at least, more "
        "than, or a range): the total is then approximate or an interval (low to high), never an exact sum."
    )
    bounds: list[Bound] = strawberry.field(
        description="The bounds of the counted figures, exactly left out (a range has none: see low and high)."
    )
    modalities: list[Modality] = strawberry.field(
        description="The modalities of the counted figures. asserted alone: every figure is stated as fact; "
        "reported, hedged or opinion: the total rests on a figure the text only passes on, qualifies or gives as "
        "someone's view. Alleged, rumoured, joking and denied figures are never counted (see `excluded`)."
    )
    fundings: list[Funding] = strawberry.field(description="The fundings counted, one per fact.")


def funding_sum(currency: str, counted: Sequence[Funding]) -> FundingSum:
    figures = [figure(f.claim) for f in counted]
    bounds = {f.claim.bound for f in counted if f.claim.bound is not None and f.claim.bound.value != "exactly"}
    return FundingSum(
        currency=currency,
        amount=_sum(f.point for f in figures),
        low=_sum(f.low for f in figures),
        high=None if any(f.high is None for f in figures) else _sum(f.high for f in figures),
        bounded=bool(bounds) or any(f.claim.amount is None for f in counted),
        bounds=sorted(bounds, key=lambda b: b.value),
        modalities=sorted({f.claim.modality for f in counted}, key=lambda m: m.value),
        fundings=list(counted),
    )


@dataclass(frozen=True)
class Sorted:
    """A group's fundings sorted out: counted (one per fact), restating a counted one, left out."""

    counted: list[Funding]
    restatements: list[Funding]
    excluded: list[Funding]


def sort_out(fundings: Iterable[Funding]) -> Sorted:
    """The first claim (in id order) stating a fact counts; the others restate it."""
    counted: dict[tuple[object, ...], Funding] = {}
    restatements, excluded = [], []
    for funding in sorted(fundings, key=lambda f: f.claim.iri):
        if not funding.claim.countable:
            excluded.append(funding)
        elif funding.fact in counted:
            restatements.append(funding)
        else:
            counted[funding.fact] = funding
    return Sorted(list(counted.values()), restatements, excluded)


EXCLUDED = (
    "Fundings not counted: negative claims (the text says the funding is not so) and figures that are "
    "alleged, rumoured, joked about or denied (modalities that can never be a commitment)."
)
PHASE = (
    "The phase its figures are given for (initial, total, expansion...; null: the text gives none). An initial "
    "tranche and the whole plan are different facts, so each phase has a total of its own and none adds them up."
)
RESTATEMENTS = (
    "Claims restating a counted fact: the same parties (subject and jointWith), recipient and value "
    "(amount or range, currency and bound) in the same document count once, as the first claim in id order."
)


@strawberry.type(
    description="What one document says one funder puts into a recipient, in one currency. The sum fields "
    "count the fundings the funder makes alone; those it makes with others are in `joint`."
)
class FundingTotal(FundingSum):
    phase: str | None = strawberry.field(description=PHASE)
    joint: FundingSum = strawberry.field(
        description="Fundings the funder makes together with other parties (their jointWith), each counted once "
        "at its whole amount: the text does not say each party's part, so a joint amount is never split between "
        "its parties, nor added to what the funder gives alone."
    )
    excluded: list[Funding] = strawberry.field(description=EXCLUDED)
    restatements: list[Funding] = strawberry.field(description=RESTATEMENTS)
    funder_iri: strawberry.Private[str]
    recipient_iri: strawberry.Private[str]
    document_iri: strawberry.Private[str]

    funder = reference(ENTITIES, "funder_iri", Entity | None)
    recipient = reference(ENTITIES, "recipient_iri", Entity | None)
    document = reference(DOCUMENTS, "document_iri", Document | None)


@strawberry.type(
    description="What one document says a recipient receives from all funders, in one currency: every "
    "counted fact once, a joint funding once at its whole amount (so `amount` is the sum of the funders' "
    "own amounts and of each distinct joint amount)."
)
class DocumentFundingTotal(FundingSum):
    phase: str | None = strawberry.field(description=PHASE)
    funders: list[FundingTotal] = strawberry.field(description="The document's total for each funder.")
    excluded: list[Funding] = strawberry.field(description=EXCLUDED)
    restatements: list[Funding] = strawberry.field(description=RESTATEMENTS)
    recipient_iri: strawberry.Private[str]
    document_iri: strawberry.Private[str]

    recipient = reference(ENTITIES, "recipient_iri", Entity | None)
    document = reference(DOCUMENTS, "document_iri", Document | None)


Key = tuple[str, ...]


def _groups(fundings: Iterable[Funding], keys: Callable[[Funding], Iterable[Key]]) -> list[tuple[Key, list[Funding]]]:
    """The fundings grouped under each of their keys, in key order; those without a currency (no
    figure) are in no group."""
    groups: dict[Key, list[Funding]] = {}
    for funding in fundings:
        if funding.claim.currency is not None:
            for key in keys(funding):
                groups.setdefault(key, []).append(funding)
    return sorted(groups.items(), key=lambda item: item[0])


def funder_totals(fundings: Iterable[Funding], funder: str | None = None) -> list[FundingTotal]:
    """One total per (recipient, party, document, currency, phase), for every party of each funding
    (or `funder` alone)."""
    totals = []
    for (recipient, party, document, currency, phase), members in _groups(
        fundings,
        lambda f: [
            (str(f.claim.object_iri), p, f.claim.document_iri, str(f.claim.currency), f.claim.phase or "")
            for p in f.claim.party_iris
            if funder is None or is_wanted(p, funder)
        ],
    ):
        found = sort_out(members)
        alone = funding_sum(currency, [f for f in found.counted if not f.claim.joint_iris])
        totals.append(
            FundingTotal(
                **vars(alone),
                phase=phase or None,
                joint=funding_sum(currency, [f for f in found.counted if f.claim.joint_iris]),
                excluded=found.excluded,
                restatements=found.restatements,
                funder_iri=party,
                recipient_iri=recipient,
                document_iri=document,
            )
        )
    return totals


def document_totals(fundings: Iterable[Funding]) -> list[DocumentFundingTotal]:
    """One total per (recipient, document, currency, phase), with its funders' totals."""
    totals = []
    for (recipient, document, currency, phase), members in _groups(
        fundings,
        lambda f: [(str(f.claim.object_iri), f.claim.document_iri, str(f.claim.currency), f.claim.phase or "")],
    ):
        found = sort_out(members)
        totals.append(
            DocumentFundingTotal(
                **vars(funding_sum(currency, found.counted)),
                phase=phase or None,
                funders=funder_totals(members),
                excluded=found.excluded,
                restatements=found.restatements,
                recipient_iri=recipient,
                document_iri=document,
            )
        )
    return totals


QUALIFIERS = {name: VOCABULARY.qualifiers[name].iri for name in ("phase", "status", "polarity", "modality")}
# Every funding claim in id order with its parties, object, document and qualifiers (graph/api/lists.py).
FUNDING_INDEX = IndexSpec(
    "funding-list", ("party", "object", "document", *QUALIFIERS.values()), pivot=("qualifier", "value")
)


@dataclass(frozen=True)
class FundingFilter:
    """The IRIs the fundings must have (None: any); a funder is any of a funding's parties."""

    funder: str | None = None
    recipient: str | None = None
    document: str | None = None

    def filters(self) -> dict[str, set[str] | None]:
        """The index's filters (graph/api/lists.py)."""
        given = {"party": self.funder, "object": self.recipient, "document": self.document}
        return {column: only(iri) for column, iri in given.items()}


def _terms(name: str, chosen: Sequence[Any] | None) -> set[str] | None:
    """A qualifier filter's values as the graph states them: concepts, by their notation."""
    return None if chosen is None else {VOCABULARY.qualifiers[name].terms[c.value] for c in chosen}


async def _fundings(info: Info[Context, None], where: FundingFilter) -> list[Funding]:
    """The funding claims the filter admits, in claim id order: only those are loaded."""
    index = await FUNDING_INDEX.of(info.context.snapshot)
    return await _load_fundings(info, [index.keys[p] for p in admitted(index, where.filters())])


async def _load_fundings(info: Info[Context, None], keys: Sequence[str]) -> list[Funding]:
    return [Funding(claim=c) for c in await info.context.load_many(CLAIMS, keys) if c is not None]


@strawberry.type
class FundingQuery:
    @strawberry.field(
        description="Funding claims, filtered by funder (any of a funding's parties), recipient (entity ids), "
        "source document, phase, status, polarity and modality. Negative and alleged ones are listed too, with "
        "their polarity and modality: only the totals leave them out."
    )
    async def fundings(
        self,
        info: Info[Context, None],
        funder: strawberry.ID | None = None,
        recipient: strawberry.ID | None = None,
        document: strawberry.ID | None = None,
        phase: str | None = None,
        status: list[Status] | None = None,
        polarity: list[Polarity] | None = None,
        modality: list[Modality] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Funding]:
        where = FundingFilter(
            await known(info, ENTITY, "funder", funder),
            await known(info, ENTITY, "recipient", recipient),
            await known(info, DOCUMENT, "document", document),
        )
        filters = {
            **where.filters(),
            QUALIFIERS["phase"]: only(phase),
            QUALIFIERS["status"]: _terms("status", status),
            QUALIFIERS["polarity"]: _terms("polarity", polarity),
            QUALIFIERS["modality"]: _terms("modality", modality),
        }
        index = await FUNDING_INDEX.of(info.context.snapshot)
        return await connect_indexed(index, filters, first, after, info.context.settings, partial(_load_fundings, info))

    @strawberry.field(
        description="Totals per funder and per source document: what each document says each funder puts in, "
        "alone and jointly with others (see FundingTotal and FundingSum for what is counted)."
    )
    async def funding_totals(
        self, info: Info[Context, None], recipient: strawberry.ID | None = None, funder: strawberry.ID | None = None
    ) -> list[FundingTotal]:
        where = FundingFilter(
            await known(info, ENTITY, "funder", funder), await known(info, ENTITY, "recipient", recipient)
        )
        return funder_totals(await _fundings(info, where), where.funder)

    @strawberry.field(
        description="Totals per source document: what each document says a recipient receives in all, each "
        "fact once, with each funder's part (see DocumentFundingTotal and FundingSum for what is counted)."
    )
    async def funding_totals_by_document(
        self, info: Info[Context, None], recipient: strawberry.ID | None = None
    ) -> list[DocumentFundingTotal]:
        where = FundingFilter(recipient=await known(info, ENTITY, "recipient", recipient))
        return document_totals(await _fundings(info, where))
