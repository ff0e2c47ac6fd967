"""Entities: the `Entity` interface, one GraphQL type per top-level ontology class, lookups by
id and by class, and an entity's claims and links in either direction.

Types with fields of their own are written as classes (`Organization` and `Person` here, `Site` and
`ChipModel` in sites.py) and listed, by ontology class, in one table: `entity_types`, which adds a
plain generated type for every other top-level class of the ontology. An entity of a subclass (a
Company, a Fund) takes the type of its nearest listed ancestor (Organization); its `type` field
keeps the exact class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING, Annotated, Any, Optional

import strawberry
from strawberry.types import Info

from graph.api.context import Context, Maybe
from graph.api.figures import (
    PAGERANK,
    UNWEIGHTED,
    CentralityMeasure,
    CentralityWeight,
    entity_community,
    entity_score,
)
from graph.api.lists import IndexSpec, connect_indexed
from graph.api.named_queries import iri_under, iris
from graph.api.ontology import (
    CLASS_BY_IRI,
    RELATION_BY_IRI,
    VOCABULARY,
    Direction,
    EntityClass,
    Relation,
    class_iris,
    relation_iris,
)
from graph.api.pagination import Connection, connect
from graph.api.reader import Batch, Row
from graph.api.references import reference
from graph.vocab import namespaces as ns

if TYPE_CHECKING:
    from graph.api.claims import Claim

ClaimRef = Annotated["Claim", strawberry.lazy("graph.api.claims")]
LANGUAGE_ORDER = {"en": 0, "zh-hans": 1, "zh-hant": 2}


@strawberry.type(description="A name in one language (BCP 47 tag: en, zh-Hans, zh-Hant).")
class Label:
    value: str
    language: str


@strawberry.interface(
    description="Anything a claim can be about (sg:Entity). Each concrete type is a "
    "top-level class of the ontology; `type` gives the exact class."
)
class Entity:
    id: strawberry.ID = strawberry.field(description="The stable seed id, e.g. softbank.")
    iri: str
    type: EntityClass = strawberry.field(description="The entity's exact ontology class.")
    labels: list[Label] = strawberry.field(description="Preferred names, English first.")
    aliases: list[str] = strawberry.field(description="Every other spelling the documents use, verbatim.")
    description: str | None
    same_as: list[str] = strawberry.field(
        description="IRIs of the same entity elsewhere (owl:sameAs), such as its Wikidata item; `iri` stays the "
        "graph's own."
    )

    @strawberry.field(description="The entity's Wikidata item id (Q95), when the curators linked one.")
    def wikidata(self) -> str | None:
        return next(
            (iri.removeprefix(ns.WIKIDATA_ENTITY) for iri in self.same_as if iri.startswith(ns.WIKIDATA_ENTITY)), None
        )

    @strawberry.field(
        description="The preferred name in a language (en, zh-Hans, zh-Hant); English when the "
        "entity has none in that language."
    )
    def label(self, language: str = "en") -> str:
        wanted = language.lower()
        for label in self.labels:
            if label.language.lower() == wanted:
                return label.value
        return self.labels[0].value if self.labels else str(self.id)

    @strawberry.field(
        description="Claims this is a party to (the subject or a joint party) or the entity object of, negative "
        "ones included (see their polarity), each with its provenance."
    )
    async def claims(
        self,
        info: Info[Context, None],
        relation: list[Relation] | None = None,
        direction: Direction = Direction.BOTH,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ClaimRef]:
        from graph.api.claims import CLAIMS

        refs = _matching(await info.context.load(ENTITY_CLAIMS, self.iri), relation, direction)
        keys = list(dict.fromkeys(ref.claim for ref in refs))
        return await connect(keys, first, after, info.context.settings, partial(info.context.load_many, CLAIMS))

    @strawberry.field(
        description="Links to other entities in either direction, one per (relation, direction, "
        "entity), each with the claims that state it: every party of a joint claim is linked, and a negative "
        "claim (the text says it is not so) links no one."
    )
    async def relations(
        self,
        info: Info[Context, None],
        relation: list[Relation] | None = None,
        direction: Direction = Direction.BOTH,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Link]:
        groups: dict[tuple[str, str, str], list[str]] = {}
        for ref in _matching(await info.context.load(ENTITY_CLAIMS, self.iri), relation, direction):
            if ref.other is not None and not ref.negative:
                groups.setdefault((ref.predicate, ref.direction, ref.other), []).append(ref.claim)
        links = [
            Link(relation=Relation[RELATION_BY_IRI[p]], direction=Direction(d), entity_iri=o, claim_iris=tuple(claims))
            for (p, d, o), claims in groups.items()
            if p in RELATION_BY_IRI
        ]
        return await connect(links, first, after, info.context.settings)

    @strawberry.field(description="The entity's centrality score (rank entities with the root field `centrality`).")
    async def centrality(
        self, info: Info[Context, None], measure: CentralityMeasure = PAGERANK, weight: CentralityWeight = UNWEIGHTED
    ) -> float | None:
        return await entity_score(info, self.id, measure, weight)

    @strawberry.field(description="The entity's Louvain community (0 is the largest), as in the graph dumps.")
    async def community(self, info: Info[Context, None]) -> int | None:
        return await entity_community(info, self.id)


@strawberry.type(
    description="An organization: company, joint venture, fund, government body or other (sg:Organization)."
)
class Organization(Entity):
    pass


@strawberry.type(description="A natural person (sg:Person).")
class Person(Entity):
    pass


def _top_level_classes() -> list[str]:
    return [c.name for c in VOCABULARY.classes.values() if c.name != "Entity" and c.ancestors == {c.name, "Entity"}]


def _plain_type(class_name: str) -> type[Entity]:
    comment = VOCABULARY.classes[class_name].comment
    return strawberry.type(type(class_name, (Entity,), {"__doc__": comment}), description=comment)


@cache
def entity_types() -> dict[str, type[Entity]]:
    """The one registry of entity GraphQL types, by the ontology class whose entities (subclasses
    included) take the type: the written ones, then a plain type for each other top-level class."""
    from graph.api.sites import ChipModel, Site  # sites.py builds on this module, so it is read late

    written: dict[str, type[Entity]] = {
        "Organization": Organization,
        "Person": Person,
        "Site": Site,
        "ChipModel": ChipModel,
    }
    return written | {name: _plain_type(name) for name in _top_level_classes() if name not in written}


def complete_entity_types() -> list[type[Entity]]:
    """Every entity type, for the schema (which finds the written ones through its fields anyway)."""
    return list(entity_types().values())


def type_for(class_name: str) -> type[Entity]:
    """The type of the class's nearest ancestor in the registry (itself included)."""
    types = entity_types()
    ancestors = [a for a in VOCABULARY.classes[class_name].ancestors if a in types]
    return types[max(ancestors, key=lambda a: len(VOCABULARY.classes[a].ancestors))]


def build_entity(iri: str, rows: list[Row]) -> Entity | None:
    classes = {CLASS_BY_IRI[row["type"]] for row in rows if row["type"] in CLASS_BY_IRI}
    if not classes:
        return None
    class_name = max(classes, key=lambda c: len(VOCABULARY.classes[c].ancestors))
    found = dict.fromkeys((row["label"], row.get("lang", ""), row["kind"]) for row in rows if "label" in row)
    preferred = sorted(
        (Label(value=v, language=lang) for v, lang, kind in found if kind == "pref"),
        key=lambda label: (LANGUAGE_ORDER.get(label.language.lower(), 9), label.language, label.value),
    )
    aliases = sorted({v for v, _, kind in found if kind == "alt"} - {label.value for label in preferred})
    return type_for(class_name)(
        id=strawberry.ID(rows[0]["id"]),
        iri=iri,
        type=EntityClass[class_name],
        labels=preferred,
        aliases=aliases,
        description=rows[0].get("description"),
        same_as=sorted({row["same"] for row in rows if "same" in row}),
    )


ENTITIES: Batch[Entity | None] = Batch("entities", build_entity)


@strawberry.type(description="A relation between the entity asked about and another, with the claims behind it.")
class Link:
    relation: Relation
    direction: Direction = strawberry.field(
        description="OUT: the entity asked about is the claims' subject; IN: it is their object."
    )
    entity_iri: strawberry.Private[str]
    claim_iris: strawberry.Private[tuple[str, ...]]

    entity = reference(ENTITIES, "entity_iri", Optional["Entity"], "The entity at the other end.")

    @strawberry.field(
        graphql_type=list[ClaimRef], description="The claims stating this link, one per document that states it."
    )
    def claims(self, info: Info[Context, None]) -> Maybe[list[Claim]]:
        from graph.api.claims import claims_of

        return claims_of(info, self.claim_iris)


@dataclass(frozen=True)
class Participation:
    """One claim an entity takes part in, as a party ("out") or the entity object ("in")."""

    claim: str
    predicate: str
    direction: str
    other: str | None
    negative: bool


def _build_refs(_: str, rows: list[Row]) -> tuple[Participation, ...]:
    return tuple(
        Participation(r["claim"], r["predicate"], r["direction"], r.get("other"), r["negative"] == "true") for r in rows
    )


ENTITY_CLAIMS: Batch[tuple[Participation, ...]] = Batch("entity-claims", _build_refs)


def _matching(refs: Sequence[Participation], relation: list[Any] | None, direction: Direction) -> list[Participation]:
    wanted = relation_iris(relation)
    return [
        ref
        for ref in refs
        if (wanted is None or ref.predicate in wanted)
        and (direction is Direction.BOTH or ref.direction == direction.value)
    ]


def entity_iri(entity_id: str) -> str | None:
    """The IRI for a seed id (or an entity IRI given as is); None when it cannot name an entity."""
    return iri_under(ns.ENTITY, entity_id)


def is_wanted(iri: str, wanted_id: str | None) -> bool:
    """True when no entity is wanted (a filter left out), or when `iri` is the wanted one's."""
    return wanted_id is None or iri == entity_iri(wanted_id)


def entity_by_id(info: Info[Context, None], entity_id: str | None) -> Maybe[Entity | None]:
    iri = entity_iri(entity_id) if entity_id else None
    return info.context.fetch(ENTITIES, iri) if iri else None


# Every entity in identifier order with its classes (graph/api/lists.py).
ENTITY_INDEX = IndexSpec("entity-list", ("type",), (("types", iris(class_iris(["Entity"]))),))


async def entity_list(
    info: Info[Context, None], classes: list[str], first: int | None, after: str | None
) -> Connection[Any]:
    index = await ENTITY_INDEX.of(info.context.snapshot)
    load = partial(info.context.load_many, ENTITIES)
    return await connect_indexed(index, {"type": set(class_iris(classes))}, first, after, info.context.settings, load)


@strawberry.type
class EntityQuery:
    @strawberry.field(graphql_type=Entity | None, description="An entity by its seed id (e.g. softbank) or its IRI.")
    def entity(self, info: Info[Context, None], id: strawberry.ID) -> Maybe[Entity | None]:
        return entity_by_id(info, id)

    @strawberry.field(description="Entities of some classes (subclasses included), in id order; all without `type`.")
    async def entities(
        self,
        info: Info[Context, None],
        type: list[EntityClass] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Entity]:
        classes = [c.value for c in type] if type else ["Entity"]
        return await entity_list(info, classes, first, after)

    @strawberry.field(description="Organizations: companies, joint ventures, funds, government bodies and others.")
    async def organizations(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[Organization]:
        return await entity_list(info, ["Organization"], first, after)

    @strawberry.field(description="People.")
    async def people(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[Person]:
        return await entity_list(info, ["Person"], first, after)
