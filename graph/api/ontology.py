"""GraphQL enums and vocabulary types generated from `graph/vocab/ontology.ttl`.

Relations, entity classes and the controlled lists (statuses, bounds, polarities, modalities,
attributions, contradiction kinds, verdicts) are data in the ontology; their GraphQL enums are built from it (each value
documented with the ontology's comment or definition), so adding a relation to the Turtle file
adds it to the API and to the exported SDL, with no edit here.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import pyoxigraph as ox
import strawberry

from graph.vocab import namespaces as ns
from graph.vocab.vocabulary import Vocabulary as VocabularyData
from graph.vocab.vocabulary import load_vocabulary

VOCABULARY = load_vocabulary()


def _enum(name: str, description: str, values: dict[str, str]) -> Any:
    members = {key: strawberry.enum_value(key, description=text or None) for key, text in sorted(values.items())}
    return strawberry.enum(Enum(name, members), description=description)  # type: ignore[call-overload]


Relation = _enum(
    "Relation",
    "A relation of the ontology (sg:Relation): the predicate of a claim.",
    {r.name: r.comment for r in VOCABULARY.relations.values()},
)
EntityClass = _enum(
    "EntityClass",
    "A class of entity in the ontology (subclasses of sg:Entity).",
    {c.name: c.comment for c in VOCABULARY.classes.values()},
)
Status = _enum(
    "Status",
    "Lifecycle status of a claimed fact (sg:StatusScheme).",
    dict.fromkeys(VOCABULARY.statuses, ""),
)
Bound = _enum(
    "Bound",
    "How a number is bounded in its source (sg:BoundScheme): 高达 is up_to, 约 about.",
    dict.fromkeys(VOCABULARY.bounds, ""),
)


def _concepts() -> list[dict[str, str]]:
    """The ontology's SKOS concepts, each as its scheme, notation and English definition (else its
    English label), read from the file (the vocabulary keeps notations only, and no definitions)."""
    fields = {
        ns.SKOS + "inScheme": "scheme",
        ns.SKOS + "notation": "notation",
        ns.SKOS + "definition": "text",
        ns.SKOS + "prefLabel": "label",
    }
    by_concept: dict[str, dict[str, str]] = {}
    for triple in ox.parse(path=VOCABULARY.source, format=ox.RdfFormat.TURTLE):
        field = fields.get(triple.predicate.value)
        language = getattr(triple.object, "language", None)
        if field is not None and language in (None, "en"):
            by_concept.setdefault(triple.subject.value, {"iri": triple.subject.value})[field] = triple.object.value
    for concept in by_concept.values():
        concept.setdefault("text", concept.get("label", ""))
    return list(by_concept.values())


_CONCEPTS = _concepts()


def _in_scheme(scheme: str, field: str) -> dict[str, str]:
    """A scheme's notations, each with its concept's `field` (iri, text: its definition)."""
    return {c["notation"]: c.get(field, "") for c in _CONCEPTS if c.get("scheme") == scheme}


Polarity = _enum(
    "Polarity",
    "Whether the source says the claimed fact is so (sg:PolarityScheme).",
    _in_scheme(ns.SG + "PolarityScheme", "text"),
)
Modality = _enum(
    "Modality",
    "How sure the text is of a claim (sg:ModalityScheme), apart from the fact's lifecycle status.",
    _in_scheme(ns.SG + "ModalityScheme", "text"),
)
Attribution = _enum(
    "Attribution",
    "Whose voice a claim is in (sg:AttributionScheme): the document's own, or a claimant's it reports.",
    _in_scheme(ns.SG + "AttributionScheme", "text"),
)
ContradictionKind = _enum(
    "ContradictionKind",
    "What kind of disagreement a contradiction is (sg:ContradictionKindScheme).",
    _in_scheme(ns.SG + "ContradictionKindScheme", "text"),
)
Verdict = _enum(
    "Verdict",
    "A curator's word on a contradiction (sg:VerdictScheme): confirmed, dismissed (kept, and queryable as "
    "dismissed) or asserted where no rule finds it.",
    _in_scheme(ns.SG + "VerdictScheme", "text"),
)
UNJUDGED = "unjudged"  # the judgement filter's value for a contradiction no curator has judged
JudgementFilter = _enum(
    "JudgementFilter",
    "Contradictions by their judgement: a verdict (sg:VerdictScheme), or unjudged.",
    _in_scheme(ns.SG + "VerdictScheme", "text") | {UNJUDGED: "No curator has judged it: found by a rule only."},
)
# The enum of each controlled list a term qualifier may take; a scheme without one gives notations.
SCHEME_ENUMS: dict[str, Any] = {
    ns.SG + "StatusScheme": Status,
    ns.SG + "BoundScheme": Bound,
    ns.SG + "PolarityScheme": Polarity,
    ns.SG + "ModalityScheme": Modality,
}


def _by_iri(scheme: dict[str, str]) -> dict[str, str]:
    return {iri: notation for notation, iri in scheme.items()}


ATTRIBUTION_BY_IRI = _by_iri(_in_scheme(ns.SG + "AttributionScheme", "iri"))
CONTRADICTION_KIND_BY_IRI = _by_iri(VOCABULARY.contradiction_kinds)
VERDICT_BY_IRI = _by_iri(VOCABULARY.verdicts)
UNIT_BY_IRI = _by_iri(VOCABULARY.units)
RELATION_BY_IRI = {r.iri: r.name for r in VOCABULARY.relations.values()}
CLASS_BY_IRI = {c.iri: c.name for c in VOCABULARY.classes.values()}


# Bounds whose figure is an amount that sums; "up to" or "less than" 10 is no amount at all.
ADDITIVE_BOUNDS = frozenset({None, "exactly", "about"})


def is_additive(amount: object, bound: Any) -> bool:
    """True when a figure can be added into a total: it exists and is not a one-sided bound."""
    return amount is not None and (bound.value if bound is not None else None) in ADDITIVE_BOUNDS


def relation_iris(relations: list[Any] | None) -> set[str] | None:
    """The IRIs of a relation filter argument (None: no filter)."""
    if relations is None:
        return None
    return {VOCABULARY.relations[r.value].iri for r in relations}


def class_iris(classes: list[str]) -> list[str]:
    """The IRIs of the classes and of all their subclasses."""
    return [c.iri for c in VOCABULARY.classes.values() if c.ancestors & set(classes)]


@strawberry.enum(description="Which way a link points from the entity asked about.")
class Direction(Enum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


@strawberry.type(description="A relation of the ontology, with its labels and what it links.")
class RelationDefinition:
    name: Relation  # type: ignore[valid-type]
    iri: str
    label: str
    label_zh: str
    comment: str
    object_class: EntityClass | None  # type: ignore[valid-type]
    value_kind: str | None = strawberry.field(description="money, quantity, date or text; null: no value.")


@strawberry.type(description="An entity class of the ontology.")
class EntityClassDefinition:
    name: EntityClass  # type: ignore[valid-type]
    iri: str
    label: str
    comment: str
    superclasses: list[EntityClass]  # type: ignore[valid-type]


@strawberry.type(description="The ontology's relations, entity classes and controlled lists.")
class Vocabulary:
    relations: list[RelationDefinition]
    classes: list[EntityClassDefinition]
    statuses: list[Status]  # type: ignore[valid-type]
    bounds: list[Bound]  # type: ignore[valid-type]
    polarities: list[Polarity]  # type: ignore[valid-type]
    modalities: list[Modality]  # type: ignore[valid-type]
    contradiction_kinds: list[ContradictionKind]  # type: ignore[valid-type]
    verdicts: list[Verdict]  # type: ignore[valid-type]


def _vocabulary(data: VocabularyData) -> Vocabulary:
    return Vocabulary(
        relations=[
            RelationDefinition(
                name=Relation[r.name],
                iri=r.iri,
                label=r.label,
                label_zh=r.label_zh,
                comment=r.comment,
                object_class=EntityClass[r.object_class] if r.object_class in data.classes else None,
                value_kind=r.value_kind,
            )
            for r in data.relations.values()
        ],
        classes=[
            EntityClassDefinition(
                name=EntityClass[c.name],
                iri=c.iri,
                label=c.label,
                comment=c.comment,
                superclasses=[EntityClass[a] for a in sorted(c.ancestors - {c.name})],
            )
            for c in data.classes.values()
        ],
        statuses=[Status[s] for s in data.statuses],
        bounds=[Bound[b] for b in data.bounds],
        polarities=[Polarity[p] for p in data.qualifiers["polarity"].terms],
        modalities=[Modality[m] for m in data.qualifiers["modality"].terms],
        contradiction_kinds=[ContradictionKind[k] for k in data.contradiction_kinds],
        verdicts=[Verdict[v] for v in data.verdicts],
    )


@strawberry.type
class VocabularyQuery:
    @strawberry.field(description="The ontology's relations, classes and controlled lists (names for filters).")
    def vocabulary(self) -> Vocabulary:
        return _vocabulary(VOCABULARY)
