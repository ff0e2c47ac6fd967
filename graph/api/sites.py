"""Sites and chip models: which GPUs each site hosts (model, count, status, dates, source) and
the totals per source document; which sites host each chip model. Both types are listed in the
entity-type registry (graph/api/entities.py: entity_types).
"""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.types import Info

from graph.api.claims import Claim, claims_of
from graph.api.context import Context, Maybe, then
from graph.api.documents import DOCUMENTS, Document
from graph.api.entities import ENTITIES, Entity, entity_by_id, entity_list
from graph.api.ontology import VOCABULARY, Bound, Status, is_additive
from graph.api.pagination import Connection
from graph.api.reader import Batch
from graph.api.references import reference

HOSTS = VOCABULARY.relations["hosts"].iri


def _count(amount: Decimal | None) -> int | None:
    return int(amount) if amount is not None and amount == amount.to_integral_value() else None


def _date(qualifier: object) -> str | None:
    """A date qualifier of a claim (its qualifier attributes are generated, so typed at run time)."""
    return qualifier if isinstance(qualifier, str) else None


@strawberry.type(description="Chips of one model at one site, as one document states it (an sg:hosts claim).")
class GpuDeployment:
    claim: Claim = strawberry.field(description="The claim, with its document and quote.")

    @strawberry.field(description="How many chips; null when the document gives no count.")
    def count(self) -> int | None:
        return _count(self.claim.amount)

    @strawberry.field(description="How the count is bounded in the source (up to, more than...).")
    def bound(self) -> Bound | None:
        return self.claim.bound

    @strawberry.field(description="planned, deployed, ongoing...")
    def status(self) -> Status | None:
        return self.claim.status

    @strawberry.field(description="When the deployment is stated to hold, start or end.")
    def as_of(self) -> str | None:
        return _date(self.claim.as_of)

    @strawberry.field
    def start_date(self) -> str | None:
        return _date(self.claim.start_date)

    @strawberry.field
    def end_date(self) -> str | None:
        return _date(self.claim.end_date)

    chip = reference(ENTITIES, "claim.object_iri", Entity | None, "The chip model.")
    site = reference(ENTITIES, "claim.subject_iri", Entity | None, "The site.")


@strawberry.type(
    description="GPUs at a site according to one document: the sum of its per-model counts and the "
    "totals it states outright."
)
class GpuTotal:
    count: int = strawberry.field(
        description="The sum of the document's exact or approximate per-model counts; a negative claim (the text "
        "says they are not there) and an alleged, rumoured, joking or denied count are never added."
    )
    deployments: list[GpuDeployment] = strawberry.field(description="The per-model deployments added up.")
    stated: list[Claim] = strawberry.field(description="Totals the document states without a model (hasGpuCount).")
    document_iri: strawberry.Private[str]

    document = reference(DOCUMENTS, "document_iri", Document | None)


SITE_GPU_CLAIMS: Batch[tuple[str, ...]] = Batch("site-deployments", lambda _, rows: tuple(r["claim"] for r in rows))
CHIP_DEPLOYMENTS: Batch[tuple[str, ...]] = Batch("chip-deployments", lambda _, rows: tuple(r["claim"] for r in rows))


def _claims(info: Info[Context, None], batch: Batch[tuple[str, ...]], key: str) -> Maybe[list[Claim]]:
    return then(info.context.fetch(batch, key), lambda keys: claims_of(info, keys))


def gpu_totals(claims: list[Claim]) -> list[GpuTotal]:
    """One total per document, in document order."""
    documents = sorted({c.document_iri for c in claims})
    totals = []
    for document in documents:
        mine = [c for c in claims if c.document_iri == document]
        added = [
            GpuDeployment(claim=c)
            for c in mine
            if c.relation.value == "hosts" and c.countable and is_additive(c.amount, c.bound)
        ]
        totals.append(
            GpuTotal(
                count=sum(d.count() or 0 for d in added),
                deployments=added,
                stated=[c for c in mine if c.relation.value == "hasGpuCount"],
                document_iri=document,
            )
        )
    return totals


@strawberry.type(description="A data-center campus or a single data center (sg:Site).")
class Site(Entity):
    @strawberry.field(
        graphql_type=list[GpuDeployment],
        description="GPUs hosted, per model and per document: count, status, dates, source.",
    )
    def deployments(self, info: Info[Context, None]) -> Maybe[list[GpuDeployment]]:
        return then(
            _claims(info, SITE_GPU_CLAIMS, self.iri),
            lambda claims: [GpuDeployment(claim=c) for c in claims if c.relation.value == "hosts"],
        )

    @strawberry.field(graphql_type=list[GpuTotal], description="GPU totals per source document.")
    def gpu_totals(self, info: Info[Context, None]) -> Maybe[list[GpuTotal]]:
        return then(_claims(info, SITE_GPU_CLAIMS, self.iri), gpu_totals)


@strawberry.type(description="A model or family of GPU, accelerator or processor (sg:ChipModel).")
class ChipModel(Entity):
    @strawberry.field(
        graphql_type=list[GpuDeployment], description="Where this model is hosted, per site and per document."
    )
    def deployments(self, info: Info[Context, None]) -> Maybe[list[GpuDeployment]]:
        return then(_claims(info, CHIP_DEPLOYMENTS, self.iri), lambda claims: [GpuDeployment(claim=c) for c in claims])


@strawberry.type
class SiteQuery:
    @strawberry.field(
        graphql_type=Site | None, description="A site by its entity id (e.g. abilene-campus); null if it is not a site."
    )
    def site(self, info: Info[Context, None], id: strawberry.ID) -> Maybe[Site | None]:
        return then(entity_by_id(info, id), lambda found: found if isinstance(found, Site) else None)

    @strawberry.field(description="Sites, in id order.")
    async def sites(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[Site]:
        return await entity_list(info, ["Site"], first, after)

    @strawberry.field(description="Chip models, in id order.")
    async def chip_models(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[ChipModel]:
        return await entity_list(info, ["ChipModel"], first, after)
