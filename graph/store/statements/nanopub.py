"""Nanopublications in TriG: per claim a head graph and three named graphs, as the nanopub
conventions have them (np:Nanopublication, np:hasAssertion, np:hasProvenance, np:hasPublicationInfo).

- assertion: what the claim states: the claim node with its value and qualifiers, and for a positive
  claim with an entity or simple value, the plain triple of each party;
- provenance: where the assertion comes from: prov:wasDerivedFrom the document (with its title,
  outlet and date), the verbatim quote and its translation, the quote's anchor, the claimant;
- publication info: who publishes the nanopublication and under which licence.

A nanopublication's IRI is its claim's IRI plus `/np`; its graphs are fragments of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pyoxigraph as ox

from graph.store.statements.claims import Claim, ClaimSet, read_claims
from graph.vocab import namespaces as ns

NP = "http://www.nanopub.org/nschema#"
PREFIXES = {**ns.PREFIXES, "np": NP}
LICENCE = ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")
PUBLISHER = ox.NamedNode(ns.BASE)
# Claim properties that say where the claim comes from, not what it states.
PROVENANCE = frozenset(
    ns.SG + name for name in ("evidence", "evidenceTranslation", "anchor", "claimant", "attribution")
) | {ns.PROV + "wasDerivedFrom"}
DOCUMENT_FIELDS = (ns.DCTERMS + "title", ns.DCTERMS + "issued", ns.SG + "outlet")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def nanopublication(claim: Claim, found: ClaimSet) -> Iterator[ox.Quad]:
    base = claim.iri.value + "/np"
    head, assertion, provenance, pubinfo = (
        _n(f"{base}#{part}") for part in ("Head", "assertion", "provenance", "pubinfo")
    )
    publication = _n(base)
    yield ox.Quad(publication, _n(ns.RDF + "type"), _n(NP + "Nanopublication"), head)
    yield ox.Quad(publication, _n(NP + "hasAssertion"), assertion, head)
    yield ox.Quad(publication, _n(NP + "hasProvenance"), provenance, head)
    yield ox.Quad(publication, _n(NP + "hasPublicationInfo"), pubinfo, head)

    negative = ns.SG + "NegativeClaim" in claim.node.iris(ns.RDF + "type")
    for predicate, obj in claim.node.properties:
        if predicate.value not in PROVENANCE:
            yield ox.Quad(claim.iri, predicate, obj, assertion)
    if claim.object is not None and not negative:
        for party in claim.parties:
            yield ox.Quad(party, claim.predicate, claim.object, assertion)

    yield ox.Quad(assertion, _n(ns.PROV + "wasDerivedFrom"), claim.document, provenance)
    yield ox.Quad(assertion, _n(ns.SG + "evidence"), claim.quote, provenance)
    if claim.quote_en:
        yield ox.Quad(
            assertion, _n(ns.SG + "evidenceTranslation"), ox.Literal(claim.quote_en, language="en"), provenance
        )
    if claim.claimant is not None:
        yield ox.Quad(assertion, _n(ns.PROV + "wasAttributedTo"), claim.claimant, provenance)
    for predicate, obj in claim.node.properties:
        if predicate.value in PROVENANCE:
            yield ox.Quad(claim.iri, predicate, obj, provenance)
    for triple in claim.anchor:
        yield ox.Quad(triple.subject, triple.predicate, triple.object, provenance)
    document = found.documents.get(claim.document.value)
    if document is not None:
        for predicate, obj in document.node.properties:
            if predicate.value in DOCUMENT_FIELDS:
                yield ox.Quad(document.iri, predicate, obj, provenance)

    yield ox.Quad(publication, _n(ns.DCTERMS + "license"), LICENCE, pubinfo)
    yield ox.Quad(publication, _n(ns.PROV + "wasAttributedTo"), PUBLISHER, pubinfo)
    yield ox.Quad(publication, _n(ns.DCTERMS + "isPartOf"), PUBLISHER, pubinfo)


def nanopub_quads(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    found = read_claims(quads)
    for claim in found.claims:
        yield from nanopublication(claim, found)


def write_trig(quads: Iterable[ox.Quad], output: BinaryIO) -> None:
    ox.serialize(nanopub_quads(quads), output, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
