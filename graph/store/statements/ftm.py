"""FollowTheMoney statements (CSV in the followthemoney package's statement format): the format of
OpenSanctions and yente, one row per (entity, property, value) with its dataset, its origin and the
first and last time it was seen.

- Entities become FtM entities of the nearest schema (`SCHEMATA`, walked up the ontology's classes):
  name, aliases in every script, description, Wikidata id; seen from the first to the last
  publication date of the documents that make a claim naming them; origin: the entities graph.
- Documents become Articles (title, publisher, date, language); seen on their publication date.
- Each claim becomes an interstitial entity: an UnknownLink from its parties to its entity object
  (role: the relation, and the value when there is one), or a Note on its parties when it has no
  entity object; description: the verbatim quote; summary: its English translation; proof: the
  document's Article. Its statements' origin is the document's IRI and first_seen/last_seen its
  publication date: a claim is seen in one document, on the day it was published.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pyoxigraph as ox
from followthemoney.dataset import Dataset
from followthemoney.statement import Statement, StatementEntity
from followthemoney.statement.serialize import CSVStatementWriter

from graph.store.statements.claims import Claim, ClaimSet, Node, read_claims
from graph.vocab import namespaces as ns

DATASET = Dataset.make({"name": "stargate_kg", "title": "stargate-kg: a provenance-first knowledge graph of Stargate"})
# FtM schema by ontology class; a class not listed takes its nearest listed ancestor's, else Note.
SCHEMATA = {
    ns.SG + "Person": "Person",
    ns.SG + "Company": "Company",
    ns.SG + "GovernmentBody": "PublicBody",
    ns.SG + "Organization": "Organization",
    ns.SG + "Project": "Project",
    ns.SG + "Event": "Event",
    ns.SG + "Site": "RealEstate",
    ns.SG + "Place": "Address",
    ns.SG + "Statement": "Article",
    ns.SG + "Policy": "Note",
    ns.SG + "Product": "Asset",
    ns.SG + "ChipModel": "Asset",
}
LANGUAGES = {"en": "eng", "zh-hans": "zho", "zh-hant": "zho", "zh": "zho"}


def entity_id(iri: str) -> str:
    """FtM ids of the graph's entities, documents and claims: their local names, prefixed by kind,
    with '_' and '/' written '.' (FtM ids are letters, digits, '-' and '.'; seed ids have no '.')."""
    for base, kind in ((ns.ENTITY, "sg-id"), (ns.DOCUMENT, "sg-doc"), (ns.CLAIM, "sg-claim")):
        if iri.startswith(base):
            return f"{kind}-{iri[len(base) :].replace('_', '.').replace('/', '.')}"
    raise ValueError(f"{iri} is not an entity, document or claim of the graph")


def _language(term: ox.Literal) -> str | None:
    return LANGUAGES.get((term.language or "").lower())


class _Entity:
    """An FtM entity being filled, every statement with one origin and one pair of seen dates."""

    def __init__(self, iri: str, schema: str, origin: str, seen: tuple[str | None, str | None]) -> None:
        self.proxy = StatementEntity(DATASET, {"id": entity_id(iri), "schema": schema})
        self.origin, (self.first, self.last) = origin, seen

    def add(self, prop: str, value: str | ox.Literal | None) -> None:
        if value is None:
            return
        text, lang = (value.value, _language(value)) if isinstance(value, ox.Literal) else (value, None)
        self.proxy.unsafe_add(self.proxy.schema.properties[prop], text, origin=self.origin, seen=self.first, lang=lang)

    def statements(self) -> Iterator[Statement]:
        for statement in sorted(self.proxy.statements):  # a set inside: sorted, so equal graphs give equal bytes
            statement.last_seen = self.last
            yield statement


def _seen_ranges(found: ClaimSet) -> dict[str, tuple[str | None, str | None]]:
    """Per entity IRI, the first and last publication date of the documents whose claims name it."""
    dates: dict[str, list[str]] = defaultdict(list)
    for claim in found.claims:
        published = found.published(claim)
        named = [*claim.parties, claim.object, claim.claimant]
        for term in named:
            if isinstance(term, ox.NamedNode) and published:
                dates[term.value].append(published)
    return {iri: (min(ds), max(ds)) for iri, ds in dates.items()}


def _schema(node: Node, found: ClaimSet) -> str:
    for type_ in node.iris(ns.RDF + "type"):
        for ancestor in found.ancestors(type_):
            if ancestor in SCHEMATA:
                return SCHEMATA[ancestor]
    return "Note"


def _entity(node: Node, found: ClaimSet, seen: tuple[str | None, str | None]) -> _Entity:
    out = _Entity(node.iri.value, _schema(node, found), ns.ENTITIES_GRAPH, seen)
    for label in node.values(ns.SKOS + "prefLabel"):
        assert isinstance(label, ox.Literal)
        out.add("name" if label.language == "en" else "alias", label)
    for alias in node.values(ns.SKOS + "altLabel"):
        assert isinstance(alias, ox.Literal)
        out.add("alias", alias)
    description = node.first(ns.SCHEMA + "description")
    out.add("description", description if isinstance(description, ox.Literal) else None)
    for same in node.iris(ns.OWL + "sameAs"):
        if same.startswith(ns.WIKIDATA_ENTITY):
            out.add("wikidataId", same.removeprefix(ns.WIKIDATA_ENTITY))
    if out.proxy.schema.name == "Address":
        out.add("full", node.text(ns.RDFS + "label", "en"))
    out.add("sourceUrl", node.iri.value)
    return out


def _article(node: Node) -> _Entity:
    issued = node.text(ns.DCTERMS + "issued")
    out = _Entity(node.iri.value, "Article", ns.CATALOGUE_GRAPH, (issued, issued))
    title = node.first(ns.DCTERMS + "title")
    out.add("title", title if isinstance(title, ox.Literal) else None)
    out.add("publisher", node.text(ns.SG + "outlet"))
    out.add("publishedAt", issued)
    out.add("language", node.text(ns.DCTERMS + "language"))
    out.add("sourceUrl", node.iri.value)
    return out


def value_text(claim: Claim, found: ClaimSet) -> str | None:
    """The claim's value in words ('19000000000 USD', '100000-900000 count'), if it has one."""
    node = claim.node
    units = node.iris(ns.SG + "unit")
    measure = node.text(ns.SG + "currency") or (found.label(units[0]) if units else None)
    low, high = node.text(ns.SG + "amountMin"), node.text(ns.SG + "amountMax")
    amount = f"{low}-{high}" if low and high else node.text(ns.SG + "amount")
    if amount:
        return f"{amount} {measure}" if measure else amount
    return node.text(ns.SG + "dateValue") or node.text(ns.SG + "textValue")


def _claim(claim: Claim, found: ClaimSet) -> _Entity:
    published = found.published(claim)
    relation = found.label(claim.predicate.value)
    said = value_text(claim, found)
    linked = isinstance(claim.object, ox.NamedNode) and claim.object.value in found.entities
    out = _Entity(claim.iri.value, "UnknownLink" if linked else "Note", claim.document.value, (published, published))
    parties = [entity_id(party.value) for party in claim.parties]
    if linked:
        assert isinstance(claim.object, ox.NamedNode)
        for party in parties:
            out.add("subject", party)
        out.add("object", entity_id(claim.object.value))
        out.add("role", f"{relation} ({said})" if said else relation)
    else:
        for party in parties:
            out.add("entity", party)
        out.add("name", f"{relation}: {said}" if said else relation)
    out.add("description", claim.quote)
    out.add("summary", ox.Literal(claim.quote_en, language="en") if claim.quote_en else None)
    out.add("proof", entity_id(claim.document.value))
    out.add("sourceUrl", claim.iri.value)
    document = found.documents.get(claim.document.value)
    out.add("publisher", document.node.text(ns.SG + "outlet") if document else None)
    return out


def ftm_statements(quads: Iterable[ox.Quad]) -> Iterator[Statement]:
    found = read_claims(quads)
    seen = _seen_ranges(found)
    for node in found.entities.values():
        yield from _entity(node, found, seen.get(node.iri.value, (None, None))).statements()
    for document in found.documents.values():
        yield from _article(document.node).statements()
    for claim in found.claims:
        yield from _claim(claim, found).statements()


def write_csv(quads: Iterable[ox.Quad], output: BinaryIO) -> None:
    """The statements as followthemoney's CSV statement writer writes them (UTF-8)."""
    text = io.StringIO()
    writer = CSVStatementWriter(text)
    for statement in ftm_statements(quads):
        writer.write(statement)
    writer.close()
    output.write(text.getvalue().encode("utf-8"))
