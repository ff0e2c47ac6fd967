"""JSON-LD framed by claim: one top-level object per claim, with the relation, its entity object or
value, the verbatim quote and its translation, the document it comes from (title, outlet, date)
and the claimant embedded, every other property of the claim under its full IRI.

The document is what `FRAME` (published with the export's context) gives when a JSON-LD processor
frames the claims: tests/store/test_statements.py frames it again with pyld to check so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

import pyoxigraph as ox

from graph.store.statements.claims import Claim, ClaimSet, Term, read_claims
from graph.vocab import namespaces as ns

XSD_STRING = ns.XSD + "string"
CONTEXT: dict[str, Any] = {
    "@vocab": ns.SG,
    **ns.PREFIXES,
    "id": "@id",
    "type": "@type",
    "subject": {"@id": "rdf:subject", "@type": "@id"},
    "relation": {"@id": "rdf:predicate", "@type": "@id"},
    "object": {"@id": "rdf:object", "@type": "@id"},
    "value": {"@id": "rdf:object"},
    "jointWith": {"@id": "sg:jointWith", "@type": "@id"},
    "quote": {"@id": "sg:evidence"},
    "quoteEn": {"@id": "sg:evidenceTranslation", "@language": "en"},
    "document": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "claimant": {"@id": "sg:claimant", "@type": "@id"},
    "label": {"@id": "rdfs:label", "@language": "en"},
    "title": {"@id": "dcterms:title"},
    "published": {"@id": "dcterms:issued"},
    "outlet": {"@id": "sg:outlet"},
}
# Each claim a top-level object, whatever it refers to embedded wherever it is referred to.
FRAME: dict[str, Any] = {"@context": CONTEXT, "@type": "Claim", "@embed": "@always"}
NAMED = {
    ns.RDF + "subject",
    ns.RDF + "predicate",
    ns.RDF + "object",
    ns.RDF + "type",
    ns.SG + "jointWith",
    ns.SG + "evidence",
    ns.SG + "evidenceTranslation",
    ns.PROV + "wasDerivedFrom",
    ns.SG + "claimant",
}


def literal(term: ox.Literal) -> dict[str, str]:
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": term.datatype.value}


def value(term: Term) -> dict[str, str]:
    """A term as an expanded-form JSON-LD value: a node reference or a value object."""
    if isinstance(term, ox.Literal):
        return literal(term)
    if isinstance(term, ox.NamedNode):
        return {"@id": term.value}
    raise ValueError(f"no JSON-LD value for {term}")


def entity(iri: ox.NamedNode, found: ClaimSet) -> dict[str, Any]:
    node = found.entities.get(iri.value)
    label = node.text(ns.RDFS + "label", "en") if node else None
    return {"id": iri.value, "label": label} if label else {"id": iri.value}


def claim_object(claim: Claim, found: ClaimSet) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": claim.iri.value,
        "type": claim.node.iris(ns.RDF + "type"),
        "subject": entity(claim.subject, found),
        "relation": claim.predicate.value,
    }
    joint = claim.parties[1:]
    if joint:
        out["jointWith"] = [entity(party, found) for party in joint]
    obj = claim.object
    if isinstance(obj, ox.NamedNode):
        out["object"] = entity(obj, found)
    elif isinstance(obj, ox.Literal):
        out["value"] = literal(obj)
    out["quote"] = literal(claim.quote)
    if claim.quote_en:
        out["quoteEn"] = claim.quote_en
    out["document"] = document(claim, found)
    if claim.claimant is not None:
        out["claimant"] = entity(claim.claimant, found)
    for predicate, term in claim.node.properties:
        if predicate.value not in NAMED:
            out.setdefault(predicate.value, []).append(value(term))
    return out


def document(claim: Claim, found: ClaimSet) -> dict[str, Any]:
    out: dict[str, Any] = {"id": claim.document.value}
    record = found.documents.get(claim.document.value)
    if record is not None:
        for key, predicate in (
            ("title", ns.DCTERMS + "title"),
            ("outlet", ns.SG + "outlet"),
            ("published", ns.DCTERMS + "issued"),
        ):
            term = record.node.first(predicate)
            if isinstance(term, ox.Literal):
                out[key] = literal(term)
    return out


def framed(quads: Iterable[ox.Quad]) -> dict[str, Any]:
    found = read_claims(quads)
    return {"@context": CONTEXT, "@graph": [claim_object(claim, found) for claim in found.claims]}


def write_framed(quads: Iterable[ox.Quad], output: BinaryIO) -> None:
    output.write(json.dumps(framed(quads), ensure_ascii=False, indent=1).encode("utf-8"))
