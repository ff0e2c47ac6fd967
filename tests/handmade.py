"""Small hand-made projections and rule files with known answers, for the analytics tests.

A graph is written as (subject, relation, object) triples, optionally with claim fields
(amount, status...); every entity gets a type (default Company) and one claim per triple from
a single test document, whose quote is the triple itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.analytics.projection import ClaimRef, DocumentRef, Projection, assemble
from graph.vocab.vocabulary import load_vocabulary

Triple = tuple[str, str, str] | tuple[str, str, str, dict[str, Any]]


def projection(triples: list[Triple], types: dict[str, str] | None = None) -> Projection:
    types = types or {}
    names = sorted({t[0] for t in triples} | {t[2] for t in triples} | set(types))
    nodes = [(n, {"type": types.get(n, "Company"), "label": n.upper(), "labels": {"en": n.upper()}}) for n in names]
    claims = []
    for number, triple in enumerate(triples):
        subject, relation, object_ = triple[:3]
        fields: dict[str, Any] = triple[3] if len(triple) == 4 else {}
        claims.append(
            (
                subject,
                relation,
                object_,
                ClaimRef(
                    claim=f"urn:test:claim:{number}",
                    local_id=f"c{number}",
                    document="test-doc",
                    quote=f"{subject} {relation} {object_}",
                    **fields,
                ),
            )
        )
    return assemble(nodes, claims, {"test-doc": DocumentRef("test-doc", "Test", "tests", "2025")}, load_vocabulary())


def write_rules(tmp_path: Path, rules: str, sets: str = "") -> Path:
    path = tmp_path / "conflicts.yaml"
    path.write_text((f"relation_sets:\n{sets}\n" if sets else "") + "rules:\n" + rules, encoding="utf-8")
    return path


RIVAL = """
  - name: rival
    title: t
    description: d
    variables: {critic: [Person], venture: [Project], party: [Organization], site: [Site]}
    key: [critic, venture]
    facets:
      - name: disputes
        paths: [critic -disputes-> venture]
      - name: competes
        says: competes with {party}
        paths: [critic -competesWith-> party -@party-> venture]
      - name: own-site
        says: runs {site}
        paths: [critic -operates-> site]
        unless: [venture -operates-> site]
    require: {all: [disputes], at_least: 2}
    explanation: "{critic} disputes {venture}; {facets}"
"""


INTERLOCK = """
  - name: interlock
    title: t
    description: d
    variables: {person: [Person], a: [Organization], b: [Organization]}
    key: [person, a, b]
    unordered: [a, b]
    ignore_status: [former]
    facets:
      - name: roles
        paths: [a <-leads|advises- person -leads|advises-> b]
      - name: linked
        paths: [a -*- b]
    require: {all: [roles, linked]}
    explanation: "{person}: {a} and {b}"
"""
