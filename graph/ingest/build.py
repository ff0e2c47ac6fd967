"""Records -> RDF quads, one named graph per source document.

Each claim becomes an IRI-identified `sg:Claim` node (Wikidata-style statement) carrying its value,
qualifiers (as the ontology declares them: graph/vocab/vocabulary.py), provenance and the quote's
place in its document (W3C Web Annotation selectors), and the direct "truthy" triple is emitted
beside it, once per acting party, for positive claims only: a negative claim (`sg:NegativeClaim`)
states the negated proposition on its node and nothing a naive query could read as the fact.
Entity descriptions and the document catalogue have graphs of their own; what the build derives
(contradictions, the inverse `sg:disputedBy` links) goes to the derived graph. All IRIs come
from seed ids, so a rebuild gives the same dataset.

Terms are pyoxigraph's: the quads bulk-load into the Oxigraph store without a detour through
per-triple Python objects of another library.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.ingest.anchors import anchor
from graph.ingest.contradictions import Contradiction
from graph.ingest.facts import Facts
from graph.ingest.seeds import (
    ClaimRecord,
    Corpus,
    Date,
    DateValue,
    Money,
    QualifierValue,
    Quantity,
    Range,
    Text,
    Value,
)
from graph.ingest.validate import resolve_target
from graph.vocab import namespaces as ns
from graph.vocab.vocabulary import Qualifier, Vocabulary

N = ox.NamedNode
RDF_TYPE = N(ns.RDF + "type")
XSD_DECIMAL = N(ns.XSD + "decimal")
DATE_TYPES = {"year": N(ns.XSD + "gYear"), "month": N(ns.XSD + "gYearMonth"), "day": N(ns.XSD + "date")}
LANG_OF_SCRIPT = {"Hans": "zh-Hans", "Hant": "zh-Hant"}


def _sg(name: str) -> ox.NamedNode:
    return N(ns.SG + name)


def date_literal(date: Date) -> ox.Literal:
    return ox.Literal(date.iso, datatype=DATE_TYPES[date.precision])


def decimal_literal(number: object) -> ox.Literal:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return ox.Literal(text, datatype=XSD_DECIMAL)


class _Emitter:
    """Collects quads for one graph at a time."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal, g: ox.NamedNode) -> None:
        self.quads.append(ox.Quad(s, p, o, g))


def _entity_quads(corpus: Corpus, vocab: Vocabulary, out: _Emitter) -> None:
    g = N(ns.ENTITIES_GRAPH)
    label, pref, alt = N(ns.RDFS + "label"), N(ns.SKOS + "prefLabel"), N(ns.SKOS + "altLabel")
    for entity in corpus.entities.values():
        s = N(ns.entity_iri(entity.id))
        out.add(s, RDF_TYPE, N(vocab.classes[entity.type].iri), g)
        out.add(s, N(ns.DCTERMS + "identifier"), ox.Literal(entity.id), g)
        out.add(s, label, ox.Literal(entity.label, language="en"), g)
        out.add(s, pref, ox.Literal(entity.label, language="en"), g)
        if entity.zh_hans:
            out.add(s, pref, ox.Literal(entity.zh_hans, language="zh-Hans"), g)
        if entity.zh_hant:
            out.add(s, pref, ox.Literal(entity.zh_hant, language="zh-Hant"), g)
        for alias in entity.aliases:
            out.add(s, alt, ox.Literal(alias), g)
        if entity.description:
            out.add(s, N(ns.SCHEMA + "description"), ox.Literal(entity.description, language="en"), g)
        if entity.wikidata:
            item = N(ns.wikidata_iri(entity.wikidata))
            out.add(s, N(ns.OWL + "sameAs"), item, g)
            out.add(s, N(ns.SCHEMA + "sameAs"), item, g)


def _document_quads(corpus: Corpus, out: _Emitter) -> None:
    g = N(ns.CATALOGUE_GRAPH)
    for doc in corpus.documents.values():
        s = N(ns.document_iri(doc.id))
        out.add(s, RDF_TYPE, _sg("Document"), g)
        out.add(s, RDF_TYPE, N(ns.SCHEMA + "NewsArticle"), g)
        out.add(s, N(ns.DCTERMS + "identifier"), ox.Literal(doc.id), g)
        out.add(s, N(ns.DCTERMS + "title"), ox.Literal(doc.title, language=LANG_OF_SCRIPT[doc.script]), g)
        out.add(s, _sg("outlet"), ox.Literal(doc.outlet), g)
        if doc.published is not None:
            out.add(s, N(ns.DCTERMS + "issued"), date_literal(doc.published), g)
            out.add(s, _sg("datePrecision"), ox.Literal(doc.published.precision), g)
        out.add(s, N(ns.DCTERMS + "language"), ox.Literal(LANG_OF_SCRIPT[doc.script]), g)
        out.add(s, _sg("script"), ox.Literal(doc.script), g)
        out.add(s, N(ns.SCHEMA + "text"), ox.Literal(doc.text, language=LANG_OF_SCRIPT[doc.script]), g)
        if doc.title_en:
            out.add(s, _sg("titleTranslation"), ox.Literal(doc.title_en, language="en"), g)
        if doc.published_note:
            out.add(s, N(ns.SKOS + "note"), ox.Literal(doc.published_note, language="en"), g)


def _value_quads(
    s: ox.NamedNode, value: Value, lang: str, vocab: Vocabulary, out: _Emitter, g: ox.NamedNode
) -> ox.Literal | None:
    """Emit the value's properties on the claim node; return the simple value for the truthy triple
    (none for a range: no single number is the fact)."""
    if isinstance(value, Money):
        literal = decimal_literal(value.amount)
        out.add(s, _sg("amount"), literal, g)
        out.add(s, _sg("currency"), ox.Literal(value.currency), g)
        return literal
    if isinstance(value, Quantity):
        literal = decimal_literal(value.amount)
        out.add(s, _sg("amount"), literal, g)
        out.add(s, _sg("unit"), N(vocab.units[value.unit]), g)
        return literal
    if isinstance(value, Range):
        out.add(s, _sg("amountMin"), decimal_literal(value.low), g)
        out.add(s, _sg("amountMax"), decimal_literal(value.high), g)
        if value.currency:
            out.add(s, _sg("currency"), ox.Literal(value.currency), g)
        if value.unit:
            out.add(s, _sg("unit"), N(vocab.units[value.unit]), g)
        return None
    if isinstance(value, DateValue):
        literal = date_literal(value.date)
        out.add(s, _sg("dateValue"), literal, g)
        out.add(s, _sg("datePrecision"), ox.Literal(value.date.precision), g)
        return literal
    assert isinstance(value, Text)
    literal = ox.Literal(value.text, language=value.lang or lang)
    out.add(s, _sg("textValue"), literal, g)
    return literal


def _claim_quads(claim: ClaimRecord, corpus: Corpus, vocab: Vocabulary, out: _Emitter) -> None:
    doc = corpus.documents[claim.document]
    lang = LANG_OF_SCRIPT[doc.script]
    g = N(ns.document_iri(doc.id))
    s = N(ns.claim_iri(claim.document, claim.id))
    subject = N(ns.entity_iri(claim.subject))
    predicate = N(vocab.relations[claim.relation].iri)
    out.add(s, RDF_TYPE, _sg("Claim"), g)
    out.add(s, N(ns.RDF + "subject"), subject, g)
    out.add(s, N(ns.RDF + "predicate"), predicate, g)
    out.add(s, _sg("localId"), ox.Literal(claim.id), g)
    out.add(s, N(ns.PROV + "wasDerivedFrom"), g, g)
    out.add(s, _sg("evidence"), ox.Literal(claim.quote, language=lang), g)
    if claim.quote_en:
        out.add(s, _sg("evidenceTranslation"), ox.Literal(claim.quote_en, language="en"), g)
    if claim.reason_en:
        out.add(s, _sg("reasonTranslation"), ox.Literal(claim.reason_en, language="en"), g)
    _anchor_quads(s, claim, doc.text, g, out)
    if claim.claimant:
        out.add(s, _sg("claimant"), N(ns.entity_iri(claim.claimant)), g)
    out.add(s, _sg("attribution"), _sg("attribution-claimant" if claim.claimant else "attribution-document"), g)
    for party in claim.joint:
        out.add(s, _sg("jointWith"), N(ns.entity_iri(party)), g)
    negative = claim.qualifiers.polarity == "negative"
    if negative:
        out.add(s, RDF_TYPE, _sg("NegativeClaim"), g)
    simple: ox.NamedNode | ox.Literal | None = None
    if claim.value is not None:
        simple = _value_quads(s, claim.value, lang, vocab, out, g)
    if claim.object is not None:
        simple = N(ns.entity_iri(claim.object))
    if simple is not None:
        out.add(s, N(ns.RDF + "object"), simple, g)
        if not negative:
            for party in claim.parties:
                out.add(N(ns.entity_iri(party)), predicate, simple, g)  # the truthy triples
    for qualifier in vocab.qualifiers.values():
        given = vars(claim.qualifiers).get(qualifier.key)
        if given is None:
            continue
        term = _qualifier_term(qualifier, given, claim, lang)
        out.add(s, N(qualifier.iri), term, g)
        if qualifier.inverse is not None:
            assert isinstance(term, ox.NamedNode)  # the vocabulary allows an inverse on IRI kinds only
            out.add(term, N(qualifier.inverse), s, N(ns.DERIVED_GRAPH))


def _anchor_quads(s: ox.NamedNode, claim: ClaimRecord, text: str, g: ox.NamedNode, out: _Emitter) -> None:
    """The quote as a W3C Web Annotation target: its document, offsets, and text with context."""
    placed = anchor(text, claim.quote, claim.occurrence)
    target, position, quote = N(s.value + "#anchor"), N(s.value + "#position"), N(s.value + "#quote")
    integer = N(ns.XSD + "integer")
    out.add(s, _sg("anchor"), target, g)
    out.add(target, RDF_TYPE, N(ns.OA + "SpecificResource"), g)
    out.add(target, N(ns.OA + "hasSource"), g, g)
    out.add(target, N(ns.OA + "hasSelector"), position, g)
    out.add(target, N(ns.OA + "hasSelector"), quote, g)
    out.add(target, _sg("occurrence"), ox.Literal(str(placed.occurrence), datatype=integer), g)
    out.add(target, _sg("occurrences"), ox.Literal(str(placed.occurrences), datatype=integer), g)
    out.add(position, RDF_TYPE, N(ns.OA + "TextPositionSelector"), g)
    # xsd:integer, not the oa: model's xsd:nonNegativeInteger: Oxigraph stores the latter as the
    # former, so the dataset would differ from the store it is loaded into
    out.add(position, N(ns.OA + "start"), ox.Literal(str(placed.start), datatype=integer), g)
    out.add(position, N(ns.OA + "end"), ox.Literal(str(placed.end), datatype=integer), g)
    out.add(quote, RDF_TYPE, N(ns.OA + "TextQuoteSelector"), g)
    out.add(quote, N(ns.OA + "exact"), ox.Literal(claim.quote), g)
    out.add(quote, N(ns.OA + "prefix"), ox.Literal(placed.prefix), g)
    out.add(quote, N(ns.OA + "suffix"), ox.Literal(placed.suffix), g)


def _qualifier_term(
    qualifier: Qualifier, given: QualifierValue, claim: ClaimRecord, lang: str
) -> ox.NamedNode | ox.Literal:
    """A qualifier's value in the graph, as its kind says (vocabulary.QUALIFIER_KINDS)."""
    kind = qualifier.kind
    if kind == "date":
        assert isinstance(given, Date)
        return date_literal(given)
    if kind == "percent":
        return decimal_literal(given)
    assert isinstance(given, str)
    if kind == "term":
        return N(qualifier.terms[given])
    if kind == "entity":
        return N(ns.entity_iri(given))
    if kind == "claim":
        return N(ns.CLAIM + resolve_target(claim, given))
    if kind == "text":
        return ox.Literal(given, language=lang)
    return ox.Literal(given)


def _contradiction_quads(contradictions: list[Contradiction], vocab: Vocabulary, out: _Emitter) -> None:
    """Each contradiction with its kind, explanation, sides and judgement (sg:Contradiction)."""
    g = N(ns.DERIVED_GRAPH)
    for found in contradictions:
        s = N(found.iri)
        out.add(s, RDF_TYPE, _sg("Contradiction"), g)
        out.add(s, _sg("contradictionKind"), N(vocab.contradiction_kinds[found.kind]), g)
        out.add(s, _sg("explanation"), ox.Literal(found.explanation, language="en"), g)
        out.add(s, N(ns.RDFS + "label"), ox.Literal(found.explanation, language="en"), g)
        if found.rule:
            out.add(s, _sg("foundByRule"), ox.Literal(found.rule), g)
        if found.subject:
            out.add(s, _sg("aboutSubject"), N(ns.entity_iri(found.subject)), g)
        out.add(s, _sg("aboutRelation"), N(vocab.relations[found.relation].iri), g)
        if found.object:
            out.add(s, _sg("aboutObject"), N(ns.entity_iri(found.object)), g)
        for order, side in enumerate(found.sides, start=1):
            node = N(f"{found.iri}/side/{order}")
            out.add(s, _sg("side"), node, g)
            out.add(node, RDF_TYPE, _sg("ContradictionSide"), g)
            out.add(node, _sg("sideOrder"), ox.Literal(str(order), datatype=N(ns.XSD + "integer")), g)
            out.add(node, N(ns.RDFS + "label"), ox.Literal(side.position), g)
            for claim in side.claims:
                iri = N(ns.claim_iri(claim.document, claim.id))
                out.add(node, _sg("sideClaim"), iri, g)
                out.add(s, _sg("involvesClaim"), iri, g)
        if found.judgement:
            _judgement_quads(found, vocab, out)


def _judgement_quads(found: Contradiction, vocab: Vocabulary, out: _Emitter) -> None:
    g = N(ns.DERIVED_GRAPH)
    judgement = found.judgement
    assert judgement is not None
    node = N(f"{found.iri}/judgement")
    out.add(N(found.iri), _sg("judgement"), node, g)
    out.add(node, RDF_TYPE, _sg("Judgement"), g)
    out.add(node, _sg("verdict"), N(vocab.verdicts[judgement.verdict]), g)
    out.add(node, _sg("judgementReason"), ox.Literal(judgement.reason, language="en"), g)
    out.add(node, _sg("curator"), ox.Literal(judgement.curator), g)
    out.add(node, N(ns.DCTERMS + "date"), ox.Literal(judgement.date, datatype=N(ns.XSD + "date")), g)


def _ontology_quads(vocab: Vocabulary, out: _Emitter) -> None:
    """The ontology the vocabulary was read from, as the dataset's ontology graph."""
    g = N(ns.ONTOLOGY_GRAPH)
    for triple in ox.parse(path=vocab.source, format=ox.RdfFormat.TURTLE):
        out.quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, g))


def _fact_quads(facts: Facts, vocab: Vocabulary, out: _Emitter) -> None:
    """Each fact once (sg:Fact), with the claims and documents that state it, when it was first and
    last seen, where it was first stated and the earlier facts it changed (graph/ingest/facts.py).
    Its own terms, never rdf:subject and the like: a fact is no claim, and a naive query over
    statements must not count it as one more source."""
    g = N(ns.DERIVED_GRAPH)
    integer = N(ns.XSD + "integer")
    polarities = vocab.qualifiers["polarity"].terms
    for fact in facts.all:
        s = N(fact.iri)
        out.add(s, RDF_TYPE, _sg("Fact"), g)
        out.add(s, N(ns.RDFS + "label"), ox.Literal(fact.label, language="en"), g)
        for party in fact.parties:
            out.add(s, _sg("factParty"), N(ns.entity_iri(party)), g)
        if fact.subject is not None:
            out.add(s, _sg("factSubject"), N(ns.entity_iri(fact.subject)), g)
        out.add(s, _sg("factRelation"), N(vocab.relations[fact.key.relation].iri), g)
        if fact.key.object is not None:
            out.add(s, _sg("factObject"), N(ns.entity_iri(fact.key.object)), g)
        out.add(s, _sg("factPolarity"), N(polarities[fact.key.polarity]), g)
        for claim in fact.claims:
            out.add(s, _sg("factClaim"), N(ns.claim_iri(claim.document, claim.id)), g)
        for document in fact.documents:
            out.add(s, _sg("seenIn"), N(ns.document_iri(document)), g)
        out.add(s, _sg("firstStatedIn"), N(ns.document_iri(fact.documents[0])), g)
        out.add(s, _sg("documentCount"), ox.Literal(str(len(fact.documents)), datatype=integer), g)
        if fact.first_seen is not None and fact.last_seen is not None:
            out.add(s, _sg("firstSeen"), date_literal(fact.first_seen), g)
            out.add(s, _sg("lastSeen"), date_literal(fact.last_seen), g)
        for earlier in facts.changed_from.get(fact.iri, ()):
            out.add(s, _sg("changedFrom"), N(earlier.iri), g)


def build_quads(corpus: Corpus, vocab: Vocabulary, contradictions: list[Contradiction], facts: Facts) -> list[ox.Quad]:
    """The whole dataset for a corpus that passed `validate.check_corpus`, with the contradictions
    found in it and judged (graph/ingest/contradictions.py, graph/ingest/judgements.py) and its
    facts (graph/ingest/facts.py)."""
    out = _Emitter()
    _ontology_quads(vocab, out)
    _entity_quads(corpus, vocab, out)
    _document_quads(corpus, out)
    for claim in corpus.claims:
        _claim_quads(claim, corpus, vocab, out)
    _contradiction_quads(contradictions, vocab, out)
    _fact_quads(facts, vocab, out)
    # Two claims of one document stating the same fact emit the same truthy quad: keep one, so
    # exports and counts match the store, which holds a set.
    return list(dict.fromkeys(out.quads))
