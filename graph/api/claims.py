"""Claims: one fact as one document states it, with its value, qualifiers and provenance
(document, verbatim quote and its place in the text, claimant, date, status), the parties acting
together in it, the claims that answer it and the contradictions it takes part in.

The qualifier fields of the `Claim` type are generated from the qualifiers the ontology declares
(graph/vocab/ontology.ttl, read by graph/vocab/vocabulary.py), and `claims.rq` reads every
statement of a claim, from which `build_claim` takes each declared qualifier by its IRI, so a new
qualifier reaches the API with no edit here. A qualifier with
a declared default (polarity, modality) is non-null: the build states the default explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import strawberry
from strawberry.types import Info

from graph.api.context import Context, Maybe, present, then
from graph.api.documents import DOCUMENTS, Document
from graph.api.entities import ENTITIES, Entity
from graph.api.known import DOCUMENT, known
from graph.api.lists import IndexSpec, connect_indexed, only
from graph.api.named_queries import iri_under
from graph.api.ontology import (
    ATTRIBUTION_BY_IRI,
    RELATION_BY_IRI,
    SCHEME_ENUMS,
    UNIT_BY_IRI,
    VOCABULARY,
    Attribution,
    Relation,
    relation_iris,
)
from graph.api.pagination import Connection
from graph.api.reader import Batch, Row
from graph.api.references import reference, references
from graph.http.links import claim_url
from graph.vocab import namespaces as ns
from graph.vocab.vocabulary import Qualifier

if TYPE_CHECKING:
    from graph.api.contradictions import Contradiction
    from graph.api.facts import Fact

ContradictionRef = Annotated["Contradiction", strawberry.lazy("graph.api.contradictions")]
FactRef = Annotated["Fact", strawberry.lazy("graph.api.facts")]
T = TypeVar("T")


@dataclass(frozen=True)
class QualifierField:
    """How one declared qualifier appears on the Claim type: the attribute that holds it (the IRI,
    for an entity or a claim, which a reference field resolves) and how a row's text becomes it."""

    qualifier: Qualifier
    attribute: str
    read: Callable[[str], Any]


def _term_reader(qualifier: Qualifier) -> Callable[[str], Any]:
    """A concept IRI -> its enum member, or its notation when the scheme has no enum."""
    notations = {iri: notation for notation, iri in qualifier.terms.items()}
    enum = SCHEME_ENUMS.get(qualifier.scheme or "")
    if enum is None:
        return notations.get
    return lambda iri: enum[notations[iri]] if iri in notations else None


def qualifier_field(qualifier: Qualifier) -> QualifierField:
    """A qualifier's field: its attribute is the snake_case of its GraphQL name (`asOf`: `as_of`),
    with `_iri` for the IRI behind a reference (`item_iri`)."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", qualifier.graphql_name).lower()
    if qualifier.kind in ("entity", "claim"):
        return QualifierField(qualifier, f"{name}_iri", str)
    if qualifier.kind == "term":
        return QualifierField(qualifier, name, _term_reader(qualifier))
    return QualifierField(qualifier, name, Decimal if qualifier.kind == "percent" else str)


def _given(qualifier: Qualifier, found: dict[str, str]) -> str | None:
    """The qualifier's value in a claim's rows, else its declared default's concept."""
    default = qualifier.terms[qualifier.default] if qualifier.default is not None else None
    return found.get(qualifier.iri, default)


def qualifier_values(values: dict[str, list[str]], fields: Sequence[QualifierField]) -> dict[str, Any]:
    """The attributes of the qualifier fields from a claim's values by property."""
    found = {field.qualifier.iri: values[field.qualifier.iri][0] for field in fields if field.qualifier.iri in values}
    return {
        field.attribute: None if (given := _given(field.qualifier, found)) is None else field.read(given)
        for field in fields
    }


QUALIFIER_FIELDS = [qualifier_field(q) for q in VOCABULARY.qualifiers.values()]
# Modalities whose figures no total counts: those the ontology says can never be committed
# (sg:neverWithStatus): alleged, rumour, joke, denial.
UNCOUNTED_MODALITIES = frozenset(
    notation
    for notation, iri in VOCABULARY.qualifiers["modality"].terms.items()
    if VOCABULARY.statuses["committed"] in VOCABULARY.never_with.get(iri, ())
)


def by_property(rows: list[Row]) -> dict[str, list[str]]:
    """A resource's values per property IRI, from claims.rq's rows (?property ?value)."""
    values: dict[str, list[str]] = {}
    for row in rows:
        values.setdefault(row["property"], []).append(row["value"])
    return values


# The batches come before the Claim type: its `target` field is a reference through CLAIMS.
def build_claim(iri: str, rows: list[Row]) -> Claim | None:
    values = by_property(rows)

    def one(name: str, namespace: str = ns.SG) -> str | None:
        found = values.get(namespace + name)
        return found[0] if found else None

    predicate, subject, document, quote = (
        one("predicate", ns.RDF),
        one("subject", ns.RDF),
        one("wasDerivedFrom", ns.PROV),
        one("evidence"),
    )
    if (
        ns.SG + "Claim" not in values.get(ns.RDF + "type", ())
        or predicate not in RELATION_BY_IRI
        or subject is None
        or document is None
        or quote is None
    ):
        return None
    relation = VOCABULARY.relations[RELATION_BY_IRI[predicate]]
    unit, attribution = one("unit"), ATTRIBUTION_BY_IRI.get(one("attribution") or "")
    return Claim(
        id=strawberry.ID(iri.removeprefix(ns.CLAIM)),
        iri=iri,
        relation=Relation[relation.name],
        relation_label=relation.label,
        value_kind=relation.value_kind,
        amount=_decimal(one("amount")),
        amount_min=_decimal(one("amountMin")) if one("amountMax") is not None else None,
        amount_max=_decimal(one("amountMax")) if one("amountMin") is not None else None,
        currency=one("currency"),
        unit=UNIT_BY_IRI.get(unit) if unit else None,
        date_value=one("dateValue"),
        date_precision=one("datePrecision"),
        text=one("textValue"),
        quote=quote,
        quote_en=one("evidenceTranslation"),
        reason_en=one("reasonTranslation"),
        attribution=Attribution[attribution] if attribution else None,
        subject_iri=subject,
        joint_iris=tuple(sorted(set(values.get(ns.SG + "jointWith", ())))),
        object_iri=one("object", ns.RDF),
        claimant_iri=one("claimant"),
        document_iri=document,
        **qualifier_values(values, QUALIFIER_FIELDS),
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@strawberry.type(
    description="Where a claim's quote sits in its document's text (sg:anchor, W3C Web Annotation "
    "selectors): `document.text` from `start` to `end` is the quote."
)
class Anchor:
    start: int = strawberry.field(
        description="oa:TextPositionSelector start: the quote's first character, counted in Unicode code points "
        "from 0 (not UTF-16 units: a JavaScript string index differs after a character outside the BMP)."
    )
    end: int = strawberry.field(description="oa:TextPositionSelector end: the character after the quote (exclusive).")
    exact: str = strawberry.field(description="oa:TextQuoteSelector exact: the quote.")
    prefix: str = strawberry.field(description="oa:TextQuoteSelector prefix: the text just before the quote.")
    suffix: str = strawberry.field(description="oa:TextQuoteSelector suffix: the text just after the quote.")
    occurrence: int = strawberry.field(description="Which occurrence of the quote in the text this is (1 = the first).")
    occurrences: int = strawberry.field(description="How many times the quote occurs in the text.")


def _anchor(_: str, rows: list[Row]) -> Anchor | None:
    if not rows:
        return None
    row = rows[0]
    return Anchor(
        start=int(row["start"]),
        end=int(row["end"]),
        exact=row["exact"],
        prefix=row["prefix"],
        suffix=row["suffix"],
        occurrence=int(row["occurrence"]),
        occurrences=int(row["occurrences"]),
    )


CLAIMS: Batch[Claim | None] = Batch("claims", build_claim)
CLAIM_ANCHORS: Batch[Anchor | None] = Batch("claim-anchors", _anchor)
CLAIM_RESPONSES: Batch[tuple[tuple[str, str], ...]] = Batch(
    "claim-responses", lambda _, rows: tuple((r["response"], r["predicate"]) for r in rows)
)
CLAIM_CONTRADICTIONS: Batch[tuple[str, ...]] = Batch(
    "claim-contradictions", lambda _, rows: tuple(r["contradiction"] for r in rows)
)


@strawberry.type
class ClaimStatement:
    """A claim's identity and value: the fields the Claim type lists before its qualifiers."""

    id: strawberry.ID = strawberry.field(
        description="<document id>/<claim id>, e.g. 004_5cf1b9cad3f7a47d/softbank-funds-stargate."
    )
    iri: str
    relation: Relation
    relation_label: str = strawberry.field(description="The relation's English label.")
    value_kind: str | None = strawberry.field(description="money, quantity, date or text; null: no value.")
    amount: Decimal | None = strawberry.field(
        description="Money or quantity in full units (not billions); null for a range (see amountMin, amountMax)."
    )
    amount_min: Decimal | None = strawberry.field(
        description="The low end of a value the text gives as a range (数十万: several hundred thousand)."
    )
    amount_max: Decimal | None = strawberry.field(description="The high end of a value the text gives as a range.")
    currency: str | None = strawberry.field(description="ISO 4217 code of a money amount.")
    unit: str | None = strawberry.field(description="Unit of a quantity: count, percent, MW, GW, acre...")
    date_value: str | None = strawberry.field(description="The value of a date claim: YYYY, YYYY-MM or YYYY-MM-DD.")
    date_precision: str | None = strawberry.field(description="year, month or day.")
    text: str | None = strawberry.field(description="The value of a text claim.")

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            """The qualifier attributes (`as_of`, `role`...), which `qualifier_fields` adds."""


def _qualifier_graphql_type(field: QualifierField) -> Any:
    """A value field's type: the scheme's enum for a term (a String where it has none; non-null
    when it has a default), Decimal for a percentage, String for the others (dates as the seeds
    give them)."""
    kind = field.qualifier.kind
    if kind == "term":
        term = SCHEME_ENUMS.get(field.qualifier.scheme or "", str)
        return term if field.qualifier.default is not None else term | None
    return Decimal | None if kind == "percent" else str | None


def qualifier_fields(fields: Sequence[QualifierField]) -> Callable[[type[T]], type[T]]:
    """A class decorator: the class made a strawberry type with one field per qualifier, in the
    declared order: a value field, or for an entity or a claim, a private IRI and a reference
    field resolving it."""
    return partial(_with_qualifier_fields, fields=fields)


def _with_qualifier_fields(cls: type[T], fields: Sequence[QualifierField]) -> type[T]:
    annotations: dict[str, Any] = {}
    for field in fields:
        qualifier = field.qualifier
        if qualifier.kind in ("entity", "claim"):
            annotations[field.attribute] = "strawberry.Private[str | None]"
            batch, graphql_type = (
                (ENTITIES, Entity | None) if qualifier.kind == "entity" else (CLAIMS, Optional["Claim"])
            )
            resolver = reference(batch, field.attribute, graphql_type, qualifier.description)
            resolver.graphql_name = qualifier.graphql_name
            setattr(cls, field.attribute.removesuffix("_iri"), resolver)
        else:
            annotations[field.attribute] = _qualifier_graphql_type(field)
            setattr(
                cls, field.attribute, strawberry.field(name=qualifier.graphql_name, description=qualifier.description)
            )
    cls.__annotations__ = annotations
    return strawberry.type(cls)


@qualifier_fields(QUALIFIER_FIELDS)
class ClaimQualifiers(ClaimStatement):
    """The qualifier fields of the Claim type, generated from the ontology's declarations."""


@strawberry.type(
    description="One fact as one document states it (sg:Claim): subject, relation, object or "
    "value, qualifiers, and provenance (document, verbatim quote, claimant)."
)
class Claim(ClaimQualifiers):
    quote: str = strawberry.field(description="The verbatim evidence quote from the document.")
    quote_en: str | None = strawberry.field(
        description="The project's English translation of the quote: a reading aid, never evidence (the evidence "
        "is `quote`, in the document's language)."
    )
    reason_en: str | None = strawberry.field(
        description="The project's English translation of `reason`: a reading aid, never evidence."
    )
    attribution: Attribution | None = strawberry.field(
        description="Whose voice the claim is in: the document's own, or the claimant's it reports."
    )
    subject_iri: strawberry.Private[str]
    joint_iris: strawberry.Private[tuple[str, ...]]
    object_iri: strawberry.Private[str | None]
    claimant_iri: strawberry.Private[str | None]
    document_iri: strawberry.Private[str]

    @strawberry.field(graphql_type=Anchor | None, description="Where the quote sits in the document's text.")
    def anchor(self, info: Info[Context, None]) -> Maybe[Anchor | None]:
        return info.context.fetch(CLAIM_ANCHORS, self.iri)

    @strawberry.field(description="When the claimed fact holds: its date value, else its as-of date, else its start.")
    def date(self) -> str | None:
        return self.date_value or self.as_of or self.start_date

    @strawberry.field(
        description="Where to read the claim in context: the document reader's path on this server, "
        "/read/<document id>#claim-<claim id>, which shows the document with this claim's quote marked."
    )
    def reader_path(self) -> str:
        return "/" + claim_url(str(self.id))

    @property
    def party_iris(self) -> tuple[str, ...]:
        return (self.subject_iri, *self.joint_iris)

    @property
    def countable(self) -> bool:
        """Whether totals may add its figure: the text says it is so, and not in a modality that
        can never be a commitment."""
        return self.polarity.value == "positive" and self.modality.value not in UNCOUNTED_MODALITIES

    subject = reference(ENTITIES, "subject_iri", Entity | None)
    joint_with = references(
        ENTITIES,
        "joint_iris",
        list[Entity],
        "The parties acting together with the subject in this one claim (甲骨文和MGX共出资70亿美元: one amount, "
        "two parties; sg:jointWith), in id order. A joint amount belongs to them together: it is never split.",
    )
    parties = references(ENTITIES, "party_iris", list[Entity], "The subject, then the parties acting with it.")
    object = reference(
        ENTITIES,
        "object_iri",
        Entity | None,
        "The entity object; null for claims whose value is a figure, date or text.",
    )
    claimant = reference(
        ENTITIES, "claimant_iri", Entity | None, "Who asserts the claim, when the document attributes it."
    )
    document = reference(
        DOCUMENTS, "document_iri", Document | None, "The source document; its IRI names the graph holding the claim."
    )

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

    @strawberry.field(
        graphql_type=FactRef | None,
        description="The fact this claim states, with every document that states it and when it was first and "
        "last seen.",
    )
    def fact(self, info: Info[Context, None]) -> Maybe[Fact | None]:
        from graph.api.facts import fact_of

        return fact_of(info, self.iri)


# Every claim in id order with its relation and document (graph/api/lists.py).
CLAIM_INDEX = IndexSpec("claim-list", ("predicate", "document"))


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
        source = await known(info, DOCUMENT, "document", document)
        filters = {"predicate": relation_iris(relation), "document": only(source)}
        index = await CLAIM_INDEX.of(info.context.snapshot)
        load = partial(info.context.load_many, CLAIMS)
        return await connect_indexed(index, filters, first, after, info.context.settings, load)
