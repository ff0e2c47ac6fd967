"""The projection read as graph/analytics/projection.py read it before issue 19: every claim with
all its fields in one query (oracle-claims.rq), every entity with its names in another
(oracle-entities.rq). An independent reading that the projection's own, a SELECT per field joined
in Python with the claims' details read on first use, must equal edge by edge and claim by claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.analytics.projection import (
    ASSERTED,
    ClaimRef,
    DocumentRef,
    Projection,
    Statement,
    TargetRef,
    assemble,
)
from graph.store.backends import Row, Store
from graph.vocab.namespaces import DOCUMENT, ENTITY, SG, WIKIDATA_ENTITY
from graph.vocab.vocabulary import Vocabulary

HERE = Path(__file__).parent
TARGETS = HERE.parents[1] / "graph" / "analytics" / "queries" / "projection-targets.rq"
DOCUMENTS = HERE.parents[1] / "graph" / "analytics" / "queries" / "projection-documents.rq"


def _select(store: Store, path: Path) -> list[Row]:
    return store.select(path.read_text(encoding="utf-8"))


def _text(row: Row, name: str) -> str:
    term = row.get(name)
    return "" if term is None else str(term.value)


def _number(row: Row, name: str, kind: type[float] | type[int] = float) -> Any:
    term = row.get(name)
    return None if term is None else kind(term.value)


def _local(term: ox.NamedNode | ox.BlankNode | ox.Literal | None, base: str) -> str:
    if term is None:
        return ""
    value = str(term.value)
    return value[len(base) :] if isinstance(term, ox.NamedNode) and value.startswith(base) else value


def _targets(store: Store) -> dict[str, TargetRef]:
    return {
        str(row["target"].value): TargetRef(
            claim=str(row["target"].value),
            local_id=_text(row, "localId"),
            subject=_local(row["subject"], ENTITY),
            relation=_local(row["predicate"], SG),
            object=_local(row.get("object"), ENTITY),
            document=_local(row["document"], DOCUMENT),
            quote=_text(row, "quote"),
        )
        for row in _select(store, TARGETS)
    }


def _claims(store: Store, vocabulary: Vocabulary) -> list[Statement]:
    notation = {iri: name for q in vocabulary.qualifiers.values() for name, iri in q.terms.items()}
    targets = _targets(store)
    statements: list[Statement] = []
    for row in _select(store, HERE / "oracle-claims.rq"):
        subject = _local(row["subject"], ENTITY)
        joint = tuple(sorted(_local(ox.NamedNode(iri), ENTITY) for iri in _text(row, "joint").split()))
        parties = (subject, *joint)
        claim = ClaimRef(
            claim=str(row["claim"].value),
            local_id=_text(row, "localId"),
            document=_local(row["document"], DOCUMENT),
            quote=_text(row, "quote"),
            status=notation.get(_text(row, "status"), ""),
            role=_text(row, "role"),
            reason=_text(row, "reason"),
            amount=_number(row, "amount"),
            currency=_text(row, "currency"),
            share=_number(row, "share"),
            claimant=_local(row.get("claimant"), ENTITY),
            target=targets.get(_text(row, "target")),
            quote_en=_text(row, "quoteEn"),
            start=_number(row, "start", int),
            end=_number(row, "end", int),
            polarity=notation.get(_text(row, "polarity"), "positive"),
            modality=notation.get(_text(row, "modality"), ASSERTED),
            attribution=_text(row, "attribution").removeprefix(SG + "attribution-") or "document",
            bound=notation.get(_text(row, "bound"), ""),
            amount_min=_number(row, "amountMin"),
            amount_max=_number(row, "amountMax"),
            parties=parties if joint else (),
        )
        statements.extend(
            (party, _local(row["predicate"], SG), _local(row["object"], ENTITY), claim) for party in parties
        )
    return statements


def _entities(store: Store) -> list[tuple[str, dict[str, Any]]]:
    return [
        (
            _text(row, "id"),
            {
                "type": _local(row["class"], SG),
                "label": _text(row, "label"),
                "iri": _text(row, "entity"),
                "wikidata": _local(row.get("same"), WIKIDATA_ENTITY),
                "labels": {
                    lang: _text(row, name)
                    for lang, name in (("en", "label"), ("zh-Hans", "zhHans"), ("zh-Hant", "zhHant"))
                    if _text(row, name)
                },
            },
        )
        for row in _select(store, HERE / "oracle-entities.rq")
    ]


def read(store: Store, vocabulary: Vocabulary) -> Projection:
    documents = {
        _text(row, "id"): DocumentRef(_text(row, "id"), _text(row, "title"), _text(row, "outlet"), _text(row, "issued"))
        for row in _select(store, DOCUMENTS)
    }
    return assemble(_entities(store), _claims(store, vocabulary), documents, vocabulary)
