"""Small hand-made projections with known answers, for the analytics tests.

A graph is written as (subject, relation, object) triples, optionally with claim fields
(amount, status...); every entity gets a type (default Company) and one claim per triple from
a single test document, whose quote is the triple itself.
"""

from __future__ import annotations

from typing import Any

from graph.projection import ClaimRef, DocumentRef, Projection, assemble
from graph.vocabulary import load_vocabulary

Triple = tuple[str, str, str] | tuple[str, str, str, dict[str, Any]]


def projection(triples: list[Triple], types: dict[str, str] | None = None) -> Projection:
    types = types or {}
    names = sorted({t[0] for t in triples} | {t[2] for t in triples} | set(types))
    nodes = [(n, {"type": types.get(n, "Company"), "label": n.upper(), "labels": {"en": n.upper()}}) for n in names]
    claims = []
    for number, triple in enumerate(triples):
        subject, relation, object_ = triple[:3]
        fields: dict[str, Any] = triple[3] if len(triple) == 4 else {}  # type: ignore[misc]
        claims.append((subject, relation, object_, ClaimRef(
            claim=f"urn:test:claim:{number}", local_id=f"c{number}", document="test-doc",
            quote=f"{subject} {relation} {object_}", **fields)))
    return assemble(nodes, claims, {"test-doc": DocumentRef("test-doc", "Test", "tests", "2025")},
                    load_vocabulary())
