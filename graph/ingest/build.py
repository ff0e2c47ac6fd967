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
    SCRIPT_LANGUAGES,
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


def date_literal(date: Date) -> ox.Literal:
    return ox.Literal(date.iso, datatype=DATE_TYPES[date.precision])


def decimal_literal(number: object) -> ox.Literal:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return ox.Literal(text, datatype=XSD_DECIMAL)


class _Nodes(dict[str, ox.NamedNode]):
    """Each IRI's node, made on first use: most IRIs of a build (predicates, classes, graphs,
    entities, claims) recur thousands of times, and a lookup costs a tenth of a new NamedNode."""

    def __missing__(self, iri: str) -> ox.NamedNode:
        node = self[iri] = N(iri)
        return node


class _Emitter:
    """Collects the quads of a build."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self.node = _Nodes()

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal, g: ox.NamedNode) -> None:
        self.quads.append(ox.Quad(s, p, o, g))

    def sg(self, name: str) -> ox.NamedNode:
        """A term of the project's ontology."""
        return self.node[ns.SG + name]


def _entity_quads(corpus: Corpus, vocab: Vocabulary, out: _Emitter) -> None:
    n = out.node
    g = n[ns.ENTITIES_GRAPH]
    label, pref, alt = n[ns.RDFS + "label"], n[ns.SKOS + "prefLabel"], n[ns.SKOS + "altLabel"]
    for entity in corpus.entities.values():
        s = n[ns.entity_iri(entity.id)]
        out.add(s, RDF_TYPE, n[vocab.classes[entity.type].iri], g)
        out.add(s, n[ns.DCTERMS + "identifier"], ox.Literal(entity.id), g)
        out.add(s, label, ox.Literal(entity.label, language="en"), g)
        out.add(s, pref, ox.Literal(entity.label, language="en"), g)
        if entity.zh_hans:
            out.add(s, pref, ox.Literal(entity.zh_hans, language="zh-Hans"), g)
        if entity.zh_hant:
            out.add(s, pref, ox.Literal(entity.zh_hant, language="zh-Hant"), g)
        for alias in entity.aliases:
            out.add(s, alt, ox.Literal(alias), g)
        if entity.description:
            out.add(s, n[ns.SCHEMA + "description"], ox.Literal(entity.description, language="en"), g)
        if entity.wikidata:
            item = n[ns.wikidata_iri(entity.wikidata)]
            out.add(s, n[ns.OWL + "sameAs"], item, g)
            out.add(s, n[ns.SCHEMA + "sameAs"], item, g)


def _document_quads(corpus: Corpus, out: _Emitter) -> None:
    n = out.node
    g = n[ns.CATALOGUE_GRAPH]
    for doc in corpus.documents.values():
        s = n[ns.document_iri(doc.id)]
        out.add(s, RDF_TYPE, out.sg("Document"), g)
        out.add(s, RDF_TYPE, n[ns.SCHEMA + "NewsArticle"], g)
        out.add(s, n[ns.DCTERMS + "identifier"], ox.Literal(doc.id), g)
        out.add(s, n[ns.DCTERMS + "title"], ox.Literal(doc.title, language=SCRIPT_LANGUAGES[doc.script]), g)
        out.add(s, out.sg("outlet"), ox.Literal(doc.outlet), g)
        if doc.published is not None:
            out.add(s, n[ns.DCTERMS + "issued"], date_literal(doc.published), g)
            out.add(s, out.sg("datePrecision"), ox.Literal(doc.published.precision), g)
        out.add(s, n[ns.DCTERMS + "language"], ox.Literal(SCRIPT_LANGUAGES[doc.script]), g)
        out.add(s, out.sg("script"), ox.Literal(doc.script), g)
        out.add(s, n[ns.SCHEMA + "text"], ox.Literal(doc.text, language=SCRIPT_LANGUAGES[doc.script]), g)
        if doc.title_en:
            out.add(s, out.sg("titleTranslation"), ox.Literal(doc.title_en, language="en"), g)
        if doc.published_note:
            out.add(s, n[ns.SKOS + "note"], ox.Literal(doc.published_note, language="en"), g)


def _value_quads(
    s: ox.NamedNode, value: Value, lang: str, vocab: Vocabulary, out: _Emitter, g: ox.NamedNode
) -> ox.Literal | None:
    """Emit the value's properties on the claim node; return the simple value for the truthy triple
    (none for a range: no single number is the fact)."""
    n = out.node
    if isinstance(value, Money):
        literal = decimal_literal(value.amount)
        out.add(s, out.sg("amount"), literal, g)
        out.add(s, out.sg("currency"), ox.Literal(value.currency), g)
        return literal
    if isinstance(value, Quantity):
        literal = decimal_literal(value.amount)
        out.add(s, out.sg("amount"), literal, g)
        out.add(s, out.sg("unit"), n[vocab.units[value.unit]], g)
        return literal
    if isinstance(value, Range):
        out.add(s, out.sg("amountMin"), decimal_literal(value.low), g)
        out.add(s, out.sg("amountMax"), decimal_literal(value.high), g)
        if value.currency:
            out.add(s, out.sg("currency"), ox.Literal(value.currency), g)
        if value.unit:
            out.add(s, out.sg("unit"), n[vocab.units[value.unit]], g)
        return None
    if isinstance(value, DateValue):
        literal = date_literal(value.date)
        out.add(s, out.sg("dateValue"), literal, g)
        out.add(s, out.sg("datePrecision"), ox.Literal(value.date.precision), g)
        return literal
    assert isinstance(value, Text)
    literal = ox.Literal(value.text, language=value.lang or lang)
    out.add(s, out.sg("textValue"), literal, g)
    return literal


def _claim_quads(claim: ClaimRecord, corpus: Corpus, vocab: Vocabulary, out: _Emitter) -> None:
    n = out.node
    doc = corpus.documents[claim.document]
    lang = SCRIPT_LANGUAGES[doc.script]
    g = n[ns.document_iri(doc.id)]
    s = n[ns.claim_iri(claim.document, claim.id)]
    subject = n[ns.entity_iri(claim.subject)]
    predicate = n[vocab.relations[claim.relation].iri]
    out.add(s, RDF_TYPE, out.sg("Claim"), g)
    out.add(s, n[ns.RDF + "subject"], subject, g)
    out.add(s, n[ns.RDF + "predicate"], predicate, g)
    out.add(s, out.sg("localId"), ox.Literal(claim.id), g)
    out.add(s, n[ns.PROV + "wasDerivedFrom"], g, g)
    out.add(s, out.sg("evidence"), ox.Literal(claim.quote, language=lang), g)
    if claim.quote_en:
        out.add(s, out.sg("evidenceTranslation"), ox.Literal(claim.quote_en, language="en"), g)
    if claim.reason_en:
        out.add(s, out.sg("reasonTranslation"), ox.Literal(claim.reason_en, language="en"), g)
    _anchor_quads(s, claim, doc.text, g, out)
    if claim.claimant:
        out.add(s, out.sg("claimant"), n[ns.entity_iri(claim.claimant)], g)
    out.add(s, out.sg("attribution"), out.sg("attribution-claimant" if claim.claimant else "attribution-document"), g)
    for party in claim.joint:
        out.add(s, out.sg("jointWith"), n[ns.entity_iri(party)], g)
    negative = claim.qualifiers.polarity == "negative"
    if negative:
        out.add(s, RDF_TYPE, out.sg("NegativeClaim"), g)
    simple: ox.NamedNode | ox.Literal | None = None
    if claim.value is not None:
        simple = _value_quads(s, claim.value, lang, vocab, out, g)
    if claim.object is not None:
        simple = n[ns.entity_iri(claim.object)]
    if simple is not None:
        out.add(s, n[ns.RDF + "object"], simple, g)
        if not negative:
            for party in claim.parties:
                out.add(n[ns.entity_iri(party)], predicate, simple, g)  # the truthy triples
    for qualifier in vocab.qualifiers.values():
        given = vars(claim.qualifiers).get(qualifier.key)
        if given is None:
            continue
        term = _qualifier_term(qualifier, given, claim, lang, n)
        out.add(s, n[qualifier.iri], term, g)
        if qualifier.inverse is not None:
            assert isinstance(term, ox.NamedNode)  # the vocabulary allows an inverse on IRI kinds only
            out.add(term, n[qualifier.inverse], s, n[ns.DERIVED_GRAPH])


def _anchor_quads(s: ox.NamedNode, claim: ClaimRecord, text: str, g: ox.NamedNode, out: _Emitter) -> None:
    """The quote as a W3C Web Annotation target: its document, offsets, and text with context."""
    n = out.node
    placed = anchor(text, claim.quote, claim.occurrence)
    target, position, quote = N(s.value + "#anchor"), N(s.value + "#position"), N(s.value + "#quote")
    integer = n[ns.XSD + "integer"]
    out.add(s, out.sg("anchor"), target, g)
    out.add(target, RDF_TYPE, n[ns.OA + "SpecificResource"], g)
    out.add(target, n[ns.OA + "hasSource"], g, g)
    out.add(target, n[ns.OA + "hasSelector"], position, g)
    out.add(target, n[ns.OA + "hasSelector"], quote, g)
    out.add(target, out.sg("occurrence"), ox.Literal(str(placed.occurrence), datatype=integer), g)
    out.add(target, out.sg("occurrences"), ox.Literal(str(placed.occurrences), datatype=integer), g)
    out.add(position, RDF_TYPE, n[ns.OA + "TextPositionSelector"], g)
    # xsd:integer, not the oa: model's xsd:nonNegativeInteger: Oxigraph stores the latter as the
    # former, so the dataset would differ from the store it is loaded into
    out.add(position, n[ns.OA + "start"], ox.Literal(str(placed.start), datatype=integer), g)
    out.add(position, n[ns.OA + "end"], ox.Literal(str(placed.end), datatype=integer), g)
    out.add(quote, RDF_TYPE, n[ns.OA + "TextQuoteSelector"], g)
    out.add(quote, n[ns.OA + "exact"], ox.Literal(claim.quote), g)
    out.add(quote, n[ns.OA + "prefix"], ox.Literal(placed.prefix), g)
    out.add(quote, n[ns.OA + "suffix"], ox.Literal(placed.suffix), g)


def _qualifier_term(
    qualifier: Qualifier, given: QualifierValue, claim: ClaimRecord, lang: str, n: _Nodes
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
        return n[qualifier.terms[given]]
    if kind == "entity":
        return n[ns.entity_iri(given)]
    if kind == "claim":
        return n[ns.CLAIM + resolve_target(claim, given)]
    if kind == "text":
        return ox.Literal(given, language=lang)
    return ox.Literal(given)


def _contradiction_quads(contradictions: list[Contradiction], vocab: Vocabulary, out: _Emitter) -> None:
    """Each contradiction with its kind, explanation, sides and judgement (sg:Contradiction)."""
    n = out.node
    g = n[ns.DERIVED_GRAPH]
    for found in contradictions:
        s = n[found.iri]
        out.add(s, RDF_TYPE, out.sg("Contradiction"), g)
        out.add(s, out.sg("contradictionKind"), n[vocab.contradiction_kinds[found.kind]], g)
        out.add(s, out.sg("explanation"), ox.Literal(found.explanation, language="en"), g)
        out.add(s, n[ns.RDFS + "label"], ox.Literal(found.explanation, language="en"), g)
        if found.rule:
            out.add(s, out.sg("foundByRule"), ox.Literal(found.rule), g)
        if found.subject:
            out.add(s, out.sg("aboutSubject"), n[ns.entity_iri(found.subject)], g)
        out.add(s, out.sg("aboutRelation"), n[vocab.relations[found.relation].iri], g)
        if found.object:
            out.add(s, out.sg("aboutObject"), n[ns.entity_iri(found.object)], g)
        for order, side in enumerate(found.sides, start=1):
            node = n[f"{found.iri}/side/{order}"]
            out.add(s, out.sg("side"), node, g)
            out.add(node, RDF_TYPE, out.sg("ContradictionSide"), g)
            out.add(node, out.sg("sideOrder"), ox.Literal(str(order), datatype=n[ns.XSD + "integer"]), g)
            out.add(node, n[ns.RDFS + "label"], ox.Literal(side.position), g)
            for claim in side.claims:
                iri = n[ns.claim_iri(claim.document, claim.id)]
                out.add(node, out.sg("sideClaim"), iri, g)
                out.add(s, out.sg("involvesClaim"), iri, g)
        if found.judgement:
            _judgement_quads(found, vocab, out)


def _judgement_quads(found: Contradiction, vocab: Vocabulary, out: _Emitter) -> None:
    n = out.node
    g = n[ns.DERIVED_GRAPH]
    judgement = found.judgement
    assert judgement is not None
    node = n[f"{found.iri}/judgement"]
    out.add(n[found.iri], out.sg("judgement"), node, g)
    out.add(node, RDF_TYPE, out.sg("Judgement"), g)
    out.add(node, out.sg("verdict"), n[vocab.verdicts[judgement.verdict]], g)
    out.add(node, out.sg("judgementReason"), ox.Literal(judgement.reason, language="en"), g)
    out.add(node, out.sg("curator"), ox.Literal(judgement.curator), g)
    out.add(node, n[ns.DCTERMS + "date"], ox.Literal(judgement.date, datatype=n[ns.XSD + "date"]), g)


def _ontology_quads(vocab: Vocabulary, out: _Emitter) -> None:
    """The ontology the vocabulary was read from, as the dataset's ontology graph."""
    n = out.node
    g = n[ns.ONTOLOGY_GRAPH]
    for triple in ox.parse(path=vocab.source, format=ox.RdfFormat.TURTLE):
        out.quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, g))


def _fact_quads(facts: Facts, vocab: Vocabulary, out: _Emitter) -> None:
    """Each fact once (sg:Fact), with the claims and documents that state it, when it was first and
    last seen, where it was first stated and the earlier facts it changed (graph/ingest/facts.py).
    Its own terms, never rdf:subject and the like: a fact is no claim, and a naive query over
    statements must not count it as one more source."""
    n = out.node
    g = n[ns.DERIVED_GRAPH]
    integer = n[ns.XSD + "integer"]
    polarities = vocab.qualifiers["polarity"].terms
    for fact in facts.all:
        s = n[fact.iri]
        out.add(s, RDF_TYPE, out.sg("Fact"), g)
        out.add(s, n[ns.RDFS + "label"], ox.Literal(fact.label, language="en"), g)
        for party in fact.parties:
            out.add(s, out.sg("factParty"), n[ns.entity_iri(party)], g)
        if fact.subject is not None:
            out.add(s, out.sg("factSubject"), n[ns.entity_iri(fact.subject)], g)
        out.add(s, out.sg("factRelation"), n[vocab.relations[fact.key.relation].iri], g)
        if fact.key.object is not None:
            out.add(s, out.sg("factObject"), n[ns.entity_iri(fact.key.object)], g)
        out.add(s, out.sg("factPolarity"), n[polarities[fact.key.polarity]], g)
        for claim in fact.claims:
            out.add(s, out.sg("factClaim"), n[ns.claim_iri(claim.document, claim.id)], g)
        for document in fact.documents:
            out.add(s, out.sg("seenIn"), n[ns.document_iri(document)], g)
        out.add(s, out.sg("firstStatedIn"), n[ns.document_iri(fact.documents[0])], g)
        out.add(s, out.sg("documentCount"), ox.Literal(str(len(fact.documents)), datatype=integer), g)
        if fact.first_seen is not None and fact.last_seen is not None:
            out.add(s, out.sg("firstSeen"), date_literal(fact.first_seen), g)
            out.add(s, out.sg("lastSeen"), date_literal(fact.last_seen), g)
        for earlier in facts.changed_from.get(fact.iri, ()):
            out.add(s, out.sg("changedFrom"), n[earlier.iri], g)


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
