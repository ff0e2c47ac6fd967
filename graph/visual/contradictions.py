"""Contradictions in the pictures: where the sources disagree, read from the store with one query
(graph/analytics/queries/view-contradictions.rq), and the edges and entities their claims make.

The build finds and judges contradictions; this reads them back, so an embedded or a remote store
gives the same pictures. A claim linking two entities is an edge of the projection (one per acting
party), which carries the mark; a claim about a value ("Stargate announced on 2025-01-21") or a
negative claim is no edge, so its subject entity carries it instead. A contradiction the curators
dismissed stays listed, as dismissed, but draws no mark: they judged that the sources agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from graph.analytics import service as analytics
from graph.analytics.projection import QUERIES, Edge, Projection
from graph.store.backends import Row, Store
from graph.store.snapshot import Snapshot
from graph.visual.scope import Part
from graph.vocab import namespaces as ns

DISMISSED = "dismissed"  # the verdict that leaves a contradiction listed but unmarked
MARK = "\N{NOT EQUAL TO}"  # what a drawn label ends with when its claims take part in a contradiction


@dataclass(frozen=True)
class SideClaim:
    """A claim on one side of a contradiction, with what the page shows of it."""

    claim: str  # claim IRI
    local_id: str
    document: str  # document id
    quote: str
    quote_en: str
    claimant: str  # entity id; '' when the document speaks in its own voice
    modality: str
    polarity: str
    subject: str  # entity id
    object: str  # entity id; '' for a claim about a value

    def record(self) -> dict[str, Any]:
        """The claim as JSON, with the keys an edge's claims use (graph/visual/view.py claim_record)."""
        values: dict[str, Any] = {
            "claim": self.claim,
            "id": self.local_id,
            "document": self.document,
            "quote": self.quote,
            "modality": self.modality,
            "polarity": self.polarity,
            "subject": self.subject,
        }
        values.update({name: getattr(self, name) for name in ("quote_en", "claimant", "object") if getattr(self, name)})
        return values


@dataclass(frozen=True)
class Side:
    position: str  # what this side says: "US$100 bn", "to come", "said by Sam Altman"
    claims: tuple[SideClaim, ...]

    def record(self) -> dict[str, Any]:
        return {"position": self.position, "claims": [c.record() for c in self.claims]}


@dataclass(frozen=True)
class Judgement:
    """A curator's word as the store holds it (the page reads the store, not the seeds)."""

    verdict: str  # confirmed | dismissed | asserted
    reason: str
    curator: str
    date: str  # ISO date


@dataclass(frozen=True)
class Contradiction:
    id: str  # the last segment of its IRI, as GraphQL names it
    kind: str
    explanation: str
    rule: str  # '' when only a curator asserts it
    judgement: Judgement | None
    sides: tuple[Side, ...]

    @property
    def claims(self) -> tuple[SideClaim, ...]:
        """Every claim involved, once, in side order."""
        return tuple({c.claim: c for side in self.sides for c in side.claims}.values())

    @property
    def verdict(self) -> str | None:
        return self.judgement.verdict if self.judgement else None

    @property
    def standing(self) -> bool:
        """Not dismissed: the sources disagree as far as anyone has judged."""
        return self.verdict != DISMISSED

    def record(self) -> dict[str, Any]:
        judged = self.judgement
        return {
            "id": self.id,
            "kind": self.kind,
            "explanation": self.explanation,
            "rule": self.rule or None,
            "verdict": self.verdict,
            "reason": judged.reason if judged else None,
            "curator": judged.curator if judged else None,
            "date": judged.date if judged else None,
            "sides": [s.record() for s in self.sides],
            "claims": [c.claim for c in self.claims],
        }


@dataclass(frozen=True)
class Mark:
    """What an edge or an entity says of the contradictions its claims take part in."""

    ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    standing: bool = False  # one of them is not dismissed: drawn marked

    def scalars(self) -> dict[str, str | bool]:
        return {"contradictions": "; ".join(self.ids), "contradiction_kinds": "; ".join(self.kinds), **self._flag()}

    def record(self) -> dict[str, Any]:
        return {"contradictions": list(self.ids), "contradiction_kinds": list(self.kinds), **self._flag()}

    def _flag(self) -> dict[str, bool]:
        return {"contradicted": self.standing}


@dataclass(frozen=True)
class Contradictions:
    """A snapshot's contradictions in a stable order (kind, explanation), what each shows on its own
    (the projection's edges of its claims, the entities of its other claims) and the index from a
    claim, or an entity its edgeless claims are about, to the contradictions."""

    by_id: dict[str, Contradiction]
    parts: dict[str, Part]
    by_claim: dict[str, tuple[str, ...]]
    by_subject: dict[str, tuple[str, ...]]

    @cached_property
    def _order(self) -> dict[str, int]:
        return {id_: i for i, id_ in enumerate(self.by_id)}

    def mark(self, ids: Iterable[str]) -> Mark:
        found = [self.by_id[id_] for id_ in sorted(set(ids), key=self._order.__getitem__)]
        return Mark(tuple(c.id for c in found), tuple(sorted({c.kind for c in found})), any(c.standing for c in found))

    def of_claims(self, claims: Iterable[str]) -> Mark:
        """The mark of an edge: the contradictions of any of its claims (IRIs)."""
        return self.mark(id_ for claim in claims for id_ in self.by_claim.get(claim, ()))

    def of_entity(self, entity: str) -> Mark:
        """The mark of an entity: the contradictions of the claims about its values (no edge)."""
        return self.mark(self.by_subject.get(entity, ()))


def _text(row: Row, name: str, base: str = "") -> str:
    """A term's text; an IRI minted under `base` as its id."""
    term = row.get(name)
    value = "" if term is None else str(term.value)
    return value[len(base) :] if base and isinstance(term, ox.NamedNode) and value.startswith(base) else value


def _contradictions(store: Store, projection: Projection) -> list[Contradiction]:
    vocabulary = projection.vocabulary
    notation = {
        iri: name
        for scheme in (
            vocabulary.contradiction_kinds,
            vocabulary.verdicts,
            vocabulary.qualifiers["modality"].terms,
            vocabulary.qualifiers["polarity"].terms,
        )
        for name, iri in scheme.items()
    }
    rows: dict[str, list[Row]] = defaultdict(list)
    for row in store.select((QUERIES / "view-contradictions.rq").read_text(encoding="utf-8")):
        rows[_text(row, "contradiction", ns.CONTRADICTION)].append(row)
    found = []
    for id_, group in rows.items():
        first = group[0]
        sides: dict[int, tuple[str, list[SideClaim]]] = {}
        for row in group:
            _, claims = sides.setdefault(int(_text(row, "order")), (_text(row, "position"), []))
            claims.append(
                SideClaim(
                    claim=_text(row, "claim"),
                    local_id=_text(row, "localId"),
                    document=_text(row, "document", ns.DOCUMENT),
                    quote=_text(row, "quote"),
                    quote_en=_text(row, "quoteEn"),
                    claimant=_text(row, "claimant", ns.ENTITY),
                    modality=notation.get(_text(row, "modality"), "asserted"),
                    polarity=notation.get(_text(row, "polarity"), "positive"),
                    subject=_text(row, "subject", ns.ENTITY),
                    object=_text(row, "object", ns.ENTITY),
                )
            )
        judgement = (
            Judgement(
                notation.get(_text(first, "verdict"), _text(first, "verdict")),
                _text(first, "reason"),
                _text(first, "curator"),
                _text(first, "date"),
            )
            if first.get("verdict") is not None
            else None
        )
        found.append(
            Contradiction(
                id_,
                notation.get(_text(first, "kind"), _text(first, "kind")),
                _text(first, "explanation"),
                _text(first, "rule"),
                judgement,
                tuple(Side(position, tuple(claims)) for _, (position, claims) in sorted(sides.items())),
            )
        )
    return sorted(found, key=lambda c: (c.kind, c.explanation, c.id))


def _index(found: list[Contradiction], projection: Projection) -> Contradictions:
    wanted = {c.claim for contradiction in found for c in contradiction.claims}
    carried: dict[str, list[Edge]] = defaultdict(list)  # claim IRI -> the edges stating it
    for _, _, edge in projection.graph.edges(data="edge"):
        for claim in edge.claims:
            if claim.claim in wanted:
                carried[claim.claim].append(edge)
    parts: dict[str, Part] = {}
    by_claim: dict[str, list[str]] = defaultdict(list)
    by_subject: dict[str, list[str]] = defaultdict(list)
    for contradiction in found:
        edges: dict[tuple[str, str, str], Edge] = {}
        entities: dict[str, None] = {}
        for claim in contradiction.claims:
            by_claim[claim.claim].append(contradiction.id)
            for edge in carried.get(claim.claim, ()):
                edges.setdefault((edge.subject, edge.relation, edge.object), edge)
            if claim.claim not in carried:  # a value, or what a negative claim denies: no edge
                by_subject[claim.subject].append(contradiction.id)
                entities.update(dict.fromkeys(e for e in (claim.subject, claim.object) if e in projection.graph))
        about = tuple(dict.fromkeys(c.subject for c in contradiction.claims))
        parts[contradiction.id] = Part(
            tuple(edges.values()), tuple(entities), about, contradiction.kind, contradiction.explanation
        )
    return Contradictions(
        {c.id: c for c in found},
        parts,
        {claim: tuple(dict.fromkeys(ids)) for claim, ids in by_claim.items()},
        {entity: tuple(dict.fromkeys(ids)) for entity, ids in by_subject.items()},
    )


def contradictions(snapshot: Snapshot) -> Contradictions:
    """The snapshot's contradictions, read and indexed once per snapshot."""

    def read() -> Contradictions:
        projection = analytics.projection(snapshot)
        return _index(_contradictions(snapshot.store, projection), projection)

    return snapshot.memo("visual.contradictions", read)
