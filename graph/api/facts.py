"""Facts: what the documents state, each once, with when it was first and last seen, how many
documents state it and their claims; and, document by document in publication order, what each
added, restated, changed or contradicted.

The build derives them (graph/ingest/facts.py, sg:Fact in the derived graph); this module only
reads them. Every list of facts follows graph/ingest/facts.py's order: by the publication date of
the document that first stated the fact (undated documents last), then that document's id, the
fact's label and its id; the list query sorts so, and a fact carries its place for the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from graph.api.claims import CLAIMS, Claim, ClaimStatement
from graph.api.context import Context, Maybe, present, then
from graph.api.documents import DOCUMENTS, Document
from graph.api.entities import ENTITIES, Entity
from graph.api.errors import PublicError
from graph.api.known import ENTITY, known
from graph.api.lists import IndexSpec, connect_indexed, only
from graph.api.named_queries import iri_under
from graph.api.ontology import (
    RELATION_BY_IRI,
    UNIT_BY_IRI,
    VOCABULARY,
    Bound,
    Polarity,
    Relation,
    relation_iris,
)
from graph.api.pagination import Connection, connect
from graph.api.reader import Batch, Row
from graph.api.references import reference, references
from graph.vocab import namespaces as ns

if TYPE_CHECKING:
    from graph.api.contradictions import Contradiction

ContradictionRef = Annotated["Contradiction", strawberry.lazy("graph.api.contradictions")]
POLARITY_BY_IRI = {iri: notation for notation, iri in VOCABULARY.qualifiers["polarity"].terms.items()}
BOUND_BY_IRI = {iri: notation for notation, iri in VOCABULARY.bounds.items()}


def publication_key(published: str | None, iri: str) -> tuple[bool, str, str]:
    """The order documents are read in: by date (a coarser date first on ties), then id; undated last."""
    return (published is None, published or "", iri)


@strawberry.type(
    description="What the claims of one or more documents state alike (sg:Fact), once: the same parties, "
    "relation, object, value (with its currency or unit and its bound) and polarity. Claims of every modality "
    "count; how sure each source is stays on its claim. firstSeen and lastSeen are the earliest and latest "
    "publication dates of the documents stating it; a document whose date is unknown counts in documentCount "
    "but gives no date."
)
class Fact(ClaimStatement):
    id: strawberry.ID = strawberry.field(
        description="A hash of what it states: the same fact keeps its id whichever documents state it."
    )
    label: str = strawberry.field(
        description="In words: parties, relation, object and value, e.g. 'SoftBank Group funds Stargate US$19 bn'."
    )
    bound: Bound | None = strawberry.field(description="How its number is bounded (about, up to...); null: exact.")
    polarity: Polarity = strawberry.field(description="positive, or negative: the documents say it is not so.")
    first_seen: str | None = strawberry.field(
        description="The earliest publication date of the documents stating it (YYYY, YYYY-MM or YYYY-MM-DD); "
        "null when none of them has a known date."
    )
    last_seen: str | None = strawberry.field(description="The latest publication date of the documents stating it.")
    document_count: int = strawberry.field(description="How many documents state it, undated ones included.")
    subject_iri: strawberry.Private[str | None]
    party_iris: strawberry.Private[tuple[str, ...]]
    object_iri: strawberry.Private[str | None]
    first_iri: strawberry.Private[str]
    document_iris: strawberry.Private[tuple[str, ...]]
    claim_iris: strawberry.Private[tuple[str, ...]]
    earlier_iris: strawberry.Private[tuple[str, ...]]
    order: strawberry.Private[tuple[tuple[bool, str, str], str, str]]  # where it comes in every list of facts

    subject = reference(
        ENTITIES,
        "subject_iri",
        Entity | None,
        "The subject, when every claim names the same one (parties acting jointly may be named in any order).",
    )
    parties = references(
        ENTITIES, "party_iris", list[Entity], "The subject (when there is one), then the other parties in id order."
    )
    object = reference(ENTITIES, "object_iri", Entity | None, "The entity object; null for a figure, date or text.")
    first_stated_in = reference(
        DOCUMENTS, "first_iri", Document, "The document that added it: the first to state it in publication order."
    )
    documents = references(
        DOCUMENTS,
        "document_iris",
        list[Document],
        "The documents stating it, in publication order (by date, then id; undated documents last).",
    )
    claims = references(
        CLAIMS,
        "claim_iris",
        list[Claim],
        "Its claims, in their documents' publication order, each with its quote, claimant, modality and qualifiers.",
    )

    @strawberry.field(
        graphql_type=list["Fact"],
        description="The earlier documents' facts this one, first stated later, gives another figure or date for: "
        "the same parties, relation, object and polarity, in the same scope (phase, metric, item, period).",
    )
    def changed_from(self, info: Info[Context, None]) -> Maybe[list[Fact]]:
        return facts_in_order(info, self.earlier_iris)


def _decimal(row: Row, name: str) -> Decimal | None:
    return Decimal(row[name]) if name in row else None


def build_fact(iri: str, rows: list[Row]) -> Fact | None:
    """One fact from its rows (one per party, document, earlier fact and claim)."""
    if not rows or rows[0]["relation"] not in RELATION_BY_IRI:
        return None
    row = rows[0]
    relation = VOCABULARY.relations[RELATION_BY_IRI[row["relation"]]]
    published = {r["document"]: r.get("issued") for r in rows if "document" in r}
    documents = sorted(published, key=lambda doc: publication_key(published[doc], doc))
    position = {doc: i for i, doc in enumerate(documents)}
    claims = {r["claim"]: r for r in rows if "claim" in r}
    value = next(iter(claims.values()), {})
    subject = row.get("subject")
    bound, unit = value.get("bound"), value.get("unit")
    return Fact(
        id=strawberry.ID(iri.removeprefix(ns.FACT)),
        iri=iri,
        label=row["label"],
        relation=Relation[relation.name],
        relation_label=relation.label,
        value_kind=relation.value_kind,
        amount=_decimal(value, "amount"),
        amount_min=_decimal(value, "amountMin"),
        amount_max=_decimal(value, "amountMax"),
        currency=value.get("currency"),
        unit=UNIT_BY_IRI.get(unit) if unit else None,
        date_value=value.get("dateValue"),
        date_precision=value.get("datePrecision"),
        text=value.get("textValue"),
        bound=Bound[BOUND_BY_IRI[bound]] if bound in BOUND_BY_IRI else None,
        polarity=Polarity[POLARITY_BY_IRI[row["polarity"]]],
        first_seen=row.get("firstSeen"),
        last_seen=row.get("lastSeen"),
        document_count=int(row["documentCount"]),
        subject_iri=subject,
        party_iris=tuple(sorted({r["party"] for r in rows if "party" in r}, key=lambda p: (p != subject, p))),
        object_iri=row.get("object"),
        first_iri=row["first"],
        document_iris=tuple(documents),
        claim_iris=tuple(sorted(claims, key=lambda c: (position[claims[c]["claimDocument"]], c))),
        earlier_iris=tuple(sorted({r["earlier"] for r in rows if "earlier" in r})),
        order=(publication_key(row.get("firstIssued"), row["first"]), row["label"], iri),
    )


FACTS: Batch[Fact | None] = Batch("facts", build_fact)
CLAIM_FACT: Batch[str | None] = Batch("fact-of-claim", lambda _, rows: rows[0]["fact"] if rows else None)


# Every fact in the one order of lists of facts with what its filters read (graph/api/lists.py).
FACT_INDEX = IndexSpec("fact-list", ("relation", "documentCount", "entity"))


async def _in_order(info: Info[Context, None], iris: Sequence[str]) -> list[Fact]:
    return sorted(present(await info.context.load_many(FACTS, iris)), key=lambda fact: fact.order)


def facts_in_order(info: Info[Context, None], iris: Sequence[str]) -> Maybe[list[Fact]]:
    """The facts named, in the one order of lists of facts (none: no query)."""
    return _in_order(info, iris) if iris else []


@strawberry.type(description="A fact a document added with another figure or date than earlier documents gave.")
class FactChange:
    fact_iri: strawberry.Private[str]
    earlier_iris: strawberry.Private[tuple[str, ...]]

    fact = reference(FACTS, "fact_iri", Fact, "The fact the document added.")

    @strawberry.field(graphql_type=list[Fact], description="The earlier documents' facts it gives another value for.")
    def earlier(self, info: Info[Context, None]) -> Maybe[list[Fact]]:
        return facts_in_order(info, self.earlier_iris)


@strawberry.type(
    description="What one document brought, against the documents published before it (publication order: by "
    "date, then id; undated documents last): the facts it added, those it restated, those of its additions that "
    "changed an earlier figure or date, and the contradictions its claims take part in."
)
class DocumentChanges:
    document_iri: strawberry.Private[str]
    added_iris: strawberry.Private[tuple[str, ...]]
    restated_iris: strawberry.Private[tuple[str, ...]]
    contradiction_iris: strawberry.Private[tuple[str, ...]]

    document = reference(DOCUMENTS, "document_iri", Document, "The document.")

    @strawberry.field(graphql_type=list[Fact], description="The facts it states first, in the facts' order.")
    def added(self, info: Info[Context, None]) -> Maybe[list[Fact]]:
        return facts_in_order(info, self.added_iris)

    @strawberry.field(graphql_type=list[Fact], description="The facts it states that an earlier document stated.")
    def restated(self, info: Info[Context, None]) -> Maybe[list[Fact]]:
        return facts_in_order(info, self.restated_iris)

    @strawberry.field(
        description="Those of the facts it added that give another figure or date than an earlier document's fact "
        "on the same parties, relation, object and polarity, in the same scope, each with the facts it changed."
    )
    async def changed(self, info: Info[Context, None]) -> list[FactChange]:
        added = await _in_order(info, self.added_iris)
        return [FactChange(fact_iri=fact.iri, earlier_iris=fact.earlier_iris) for fact in added if fact.earlier_iris]

    @strawberry.field(
        graphql_type=list[ContradictionRef],
        description="The contradictions any of its claims take part in, by kind, then id.",
    )
    async def contradictions(self, info: Info[Context, None]) -> list[Contradiction]:
        from graph.api.contradictions import CONTRADICTIONS

        found = present(await info.context.load_many(CONTRADICTIONS, self.contradiction_iris))
        return sorted(found, key=lambda c: (c.kind.value, c.iri))


def build_changes(document: str, rows: list[Row]) -> DocumentChanges:
    """A document's changes from its rows: one per fact it states, one per contradiction claim."""
    stated = {r["fact"]: r["added"] == "true" for r in rows if "fact" in r}
    return DocumentChanges(
        document_iri=document,
        added_iris=tuple(fact for fact, added in stated.items() if added),
        restated_iris=tuple(fact for fact, added in stated.items() if not added),
        contradiction_iris=tuple(dict.fromkeys(r["contradiction"] for r in rows if "contradiction" in r)),
    )


DOCUMENT_CHANGES: Batch[DocumentChanges] = Batch("fact-changes", build_changes)


def changes_of(info: Info[Context, None], document_iri: str) -> Maybe[DocumentChanges]:
    """What the document at `document_iri` brought (Document.changes)."""
    return info.context.fetch(DOCUMENT_CHANGES, document_iri)


def fact_of(info: Info[Context, None], claim_iri: str) -> Maybe[Fact | None]:
    """The fact a claim states (Claim.fact)."""
    return then(info.context.fetch(CLAIM_FACT, claim_iri), lambda iri: info.context.fetch(FACTS, iri) if iri else None)


@strawberry.type
class FactQuery:
    @strawberry.field(description="A fact by its id or IRI.")
    async def fact(self, info: Info[Context, None], id: strawberry.ID) -> Fact | None:
        iri = iri_under(ns.FACT, id)
        return await info.context.load(FACTS, iri) if iri else None

    @strawberry.field(
        description="Facts, each once with the documents stating it and when it was first and last seen, filtered "
        "by an entity (a party or the object), by relation and by how many documents state it at least. Ordered "
        "by the publication date of the document that first stated it (undated last), then that document's id, "
        "the fact's label and id. Filters combine with AND, the values of one list with OR."
    )
    async def facts(
        self,
        info: Info[Context, None],
        entity: strawberry.ID | None = None,
        relation: list[Relation] | None = None,
        min_documents: int | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Fact]:
        relations = relation_iris(relation)
        entity_iri = await known(info, ENTITY, "entity", entity)
        if min_documents is not None and min_documents < 0:
            raise PublicError(f"minDocuments: must be 0 or more, got {min_documents}")
        index = await FACT_INDEX.of(info.context.snapshot)
        counts = index.positions["documentCount"]
        enough = None if min_documents is None else {n for n in counts if int(n) >= min_documents}
        filters = {
            "relation": relations,
            "entity": only(entity_iri),
            "documentCount": enough,
        }
        load = partial(info.context.load_many, FACTS)
        return await connect_indexed(index, filters, first, after, info.context.settings, load)

    @strawberry.field(
        description="Document by document, in publication order (by date, then id; undated documents last), what "
        "each added, restated, changed and contradicted: the story as the documents told it."
    )
    async def document_changes(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[DocumentChanges]:
        published = {row["key"]: row.get("published") for row in await info.context.reader.rows("fact-documents")}
        keys = sorted(published, key=lambda iri: publication_key(published[iri], iri))
        return await connect(
            keys, first, after, info.context.settings, partial(info.context.load_many, DOCUMENT_CHANGES)
        )
