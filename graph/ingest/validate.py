"""Checks that turn seed mistakes into file:line problems.

Two layers: `check_corpus` resolves the records against the vocabulary and the documents
(unknown entity or relation, a value of the wrong kind, a quote not verbatim in its document), and
`check_shapes` runs the SHACL shapes (`graph/ingest/shapes.ttl` and those derived from the qualifier
declarations) over the built dataset. Both report
every problem, never only the first.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from graph.files.problems import Location, Problem
from graph.files.resources import package_file
from graph.ingest.anchors import AnchorError, QuoteMissing, anchor
from graph.ingest.qualifier_shapes import add_qualifier_shapes
from graph.ingest.seeds import ENGLISH, ClaimRecord, Corpus, NoFactRecord, Quantity, Range, value_kind
from graph.ingest.shapes import Violation, compile_shapes, find_violations, shown_iri
from graph.vocab.namespaces import CLAIM, ENTITY, SG
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

SHAPES_PATH = package_file("graph.ingest", "shapes.ttl")


def _loose(text: str) -> str:
    """Text with width, whitespace and quote-style differences removed, to explain near misses."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch)[0] != "P")


def _texts_by_entity(corpus: Corpus) -> dict[str, list[str]]:
    """Each entity's documents' texts, those whose claims name it first: where its aliases are written."""
    named: dict[str, dict[str, None]] = {}
    for claim in corpus.claims:
        for ref in (*claim.parties, claim.object, claim.claimant, claim.qualifiers.item):
            if ref is not None:
                named.setdefault(ref, {})[claim.document] = None
    return {entity: [corpus.documents[d].text for d in documents] for entity, documents in named.items()}


def _alias_written(alias: str, first: list[str], corpus: Corpus) -> bool:
    return any(alias in text for text in first) or any(alias in d.text for d in corpus.documents.values())


def _check_entities(corpus: Corpus, vocab: Vocabulary) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    texts = _texts_by_entity(corpus)
    for entity in corpus.entities.values():
        if entity.type not in vocab.classes:
            problems.append(
                Problem(
                    entity.where,
                    f"entity {entity.id}: unknown type {entity.type!r} (known: {', '.join(vocab.classes)})",
                )
            )
        for alias in entity.aliases:
            if not _alias_written(alias, texts.get(entity.id, []), corpus):
                message = f"entity {entity.id}: alias {alias!r} occurs in no document (aliases are verbatim)"
                problems.append(Problem(entity.where, message))
        names = {name for name in (entity.label, entity.zh_hans, entity.zh_hant, *entity.aliases) if name is not None}
        for name in sorted(names):
            key = name.casefold()
            other = owners.setdefault(key, entity.id)
            if other != entity.id:
                problems.append(Problem(entity.where, f"entity {entity.id}: name {name!r} is also a name of {other!r}"))
    return problems


Findings = list[tuple[str, str]]  # (the claim's field a problem is about, the message)


def _check_value(claim: ClaimRecord, vocab: Vocabulary) -> Findings:
    relation = vocab.relations[claim.relation]
    found: Findings = []
    if claim.value is None:
        if relation.value_required:
            found.append(("relation", f"relation {claim.relation} needs a {relation.value_kind} value"))
        return found
    kind = value_kind(claim.value)
    if relation.value_kind is None:
        found.append(("value", f"relation {claim.relation} takes no value, got a {kind}"))
    elif kind != relation.value_kind:
        found.append(("value", f"relation {claim.relation} takes a {relation.value_kind} value, got a {kind}"))
    unit = claim.value.unit if isinstance(claim.value, (Quantity, Range)) else None
    if unit is not None and unit not in vocab.units:
        found.append(("value", f"unknown unit {unit!r} (known: {', '.join(vocab.units)})"))
    return found


def entity_references(claim: ClaimRecord, vocab: Vocabulary) -> list[tuple[str, str]]:
    """Every entity a claim names, with its role: subject, object, claimant, with, qualifiers.<key>."""
    qualifiers = vars(claim.qualifiers)
    named = (
        ("subject", claim.subject),
        ("object", claim.object),
        ("claimant", claim.claimant),
        *(("with", party) for party in claim.joint),
        *((f"qualifiers.{q.key}", qualifiers.get(q.key)) for q in vocab.qualifiers.values() if q.kind == "entity"),
    )
    return [(role, ref) for role, ref in named if ref is not None]


def _check_references(claim: ClaimRecord, corpus: Corpus, vocab: Vocabulary) -> Findings:
    found: Findings = []
    entities = corpus.entities
    for role, ref in entity_references(claim, vocab):
        if ref not in entities:
            found.append((role, f"unknown entity {ref!r} as {role.removeprefix('qualifiers.')}"))
    if claim.subject in claim.joint:
        found.append(("with", f"the subject {claim.subject!r} cannot also act jointly with itself"))
    relation = vocab.relations.get(claim.relation)
    if relation is None:
        found.append(("relation", f"unknown relation {claim.relation!r} (see graph/vocab/ontology.ttl)"))
        return found
    if claim.object is None and relation.object_required:
        found.append(("relation", f"relation {claim.relation} needs an object ({relation.object_class})"))
    if claim.object is not None and relation.object_class is None:
        found.append(("object", f"relation {claim.relation} takes no object, got {claim.object!r}"))
    if claim.object in entities and relation.object_class is not None:
        obj_type = entities[claim.object].type
        if obj_type in vocab.classes and not vocab.is_a(obj_type, relation.object_class):
            message = f"object {claim.object!r} is a {obj_type}, but {claim.relation} needs a {relation.object_class}"
            found.append(("object", message))
    return found + _check_value(claim, vocab)


def _check_qualifiers(claim: ClaimRecord, vocab: Vocabulary, keys: set[str]) -> Findings:
    found: Findings = []
    qualifiers = vars(claim.qualifiers)
    concepts: dict[str, str] = {}  # the claim's controlled terms: concept IRI -> qualifier key
    for qualifier in vocab.qualifiers.values():
        given = qualifiers.get(qualifier.key)
        if given is None:
            continue
        field = f"qualifiers.{qualifier.key}"
        if qualifier.kind == "term":
            if given in qualifier.terms:
                concepts[qualifier.terms[given]] = qualifier.key
            else:
                elsewhere = [q.key for q in vocab.qualifiers.values() if q.kind == "term" and given in q.terms]
                hint = f"; {given!r} is a {elsewhere[0]}: write '{elsewhere[0]}: {given}'" if elsewhere else ""
                message = f"unknown {qualifier.key} {given!r} (known: {', '.join(qualifier.terms)}){hint}"
                found.append((field, message))
        if qualifier.kind == "claim" and resolve_target(claim, given) not in keys:
            found.append((field, f"{qualifier.key} {given!r} names no claim"))
    for concept, key in concepts.items():
        for excluded in vocab.never_with.get(concept, frozenset()) & concepts.keys():
            other = concepts[excluded]
            message = (
                f"{key} {qualifiers[key]!r} never goes with {other} {qualifiers[other]!r} "
                f"(an allegation, a joke or a rumour is not a fact in that state)"
            )
            found.append((f"qualifiers.{other}", message))
    if claim.reason_en is not None and claim.qualifiers.reason is None:
        found.append(("reason_en", "'reason_en' translates a reason: give the 'reason' qualifier"))
    if claim.qualifiers.reason is not None and claim.reason_en is None:
        found.append(("qualifiers.reason", "a reason needs its English translation, 'reason_en'"))
    return found


def _check_quote(text: str, name: str, quote: str, occurrence: int | None) -> tuple[str, str] | None:
    """The quote's anchoring problem, if any: (the field it is about, the message)."""
    try:
        anchor(text, quote, occurrence)
    except AnchorError as error:
        field = "quote" if occurrence is None else "occurrence"
        if not isinstance(error, QuoteMissing):
            return field, f"quote {quote!r} {error}"
        hint = ""
        if _loose(quote) and _loose(quote) in _loose(text):
            hint = " (it differs only in spacing, punctuation or character width: copy it exactly)"
        return "quote", f"quote is not verbatim in {name}: {quote!r}{hint}"
    return None


def _check_claim(claim: ClaimRecord, corpus: Corpus, vocab: Vocabulary, keys: set[str]) -> Findings:
    found = _check_references(claim, corpus, vocab) + _check_qualifiers(claim, vocab, keys)
    document = corpus.documents[claim.document]
    misplaced = _check_quote(document.text, document.path.name, claim.quote, claim.occurrence)
    if misplaced:
        found.append(misplaced)
    if claim.quote_en is None and document.script != ENGLISH:
        found.append(("quote", "a claim on a Chinese document needs 'quote_en', the English translation of its quote"))
    return found


def _check_no_fact(marked: NoFactRecord, corpus: Corpus) -> list[Problem]:
    document = corpus.documents[marked.document]
    if marked.quote is not None:
        misplaced = _check_quote(document.text, document.path.name, marked.quote, marked.occurrence)
        return [Problem(marked.where, f"no_facts: {misplaced[1]}")] if misplaced else []
    assert marked.lines is not None
    total = document.text.count("\n") + (not document.text.endswith("\n"))
    if marked.lines[1] > total:
        return [Problem(marked.where, f"no_facts: lines {marked.lines[0]}-{marked.lines[1]}: the document has {total}")]
    return []


def resolve_target(claim: ClaimRecord, target: str) -> str:
    """A target's corpus-wide key: 'local-id' is looked up in the claim's own document."""
    return target if "/" in target else f"{claim.document}/{target}"


def check_corpus(corpus: Corpus, vocab: Vocabulary) -> list[Problem]:
    """Every reference, value and quote problem in the corpus, plus the parse problems."""
    problems = list(corpus.problems) + _check_entities(corpus, vocab)
    counts = Counter(c.key for c in corpus.claims)
    keys = set(counts)
    reported: set[str] = set()
    for claim in corpus.claims:
        if counts[claim.key] > 1 and claim.key not in reported:
            reported.add(claim.key)
            problems.append(
                Problem(claim.where, f"claim id {claim.id!r} is used {counts[claim.key]} times in this file")
            )
        problems += [
            Problem(claim.at(field), f"claim {claim.id}: {message}")
            for field, message in _check_claim(claim, corpus, vocab, keys)
        ]
    for marked in corpus.no_facts:
        problems += _check_no_fact(marked, corpus)
    documents_with_claims = {c.document for c in corpus.claims}
    for document in corpus.documents.values():
        if document.id not in documents_with_claims:
            problems.append(Problem(document.where, f"document {document.id} contributes no claims"))
    return sorted(set(problems))


def _claims_by_key(corpus: Corpus) -> dict[str, ClaimRecord]:
    return {claim.key: claim for claim in corpus.claims}


def _shacl_location(focus: str, corpus: Corpus, claims: dict[str, ClaimRecord]) -> Location:
    """Map a SHACL focus node back to the seed record it was built from."""
    if focus.startswith(CLAIM) and focus[len(CLAIM) :] in claims:
        return claims[focus[len(CLAIM) :]].where
    if focus.startswith(ENTITY) and focus[len(ENTITY) :] in corpus.entities:
        return corpus.entities[focus[len(ENTITY) :]].where
    for document in corpus.documents.values():
        if focus.endswith("/" + document.id):
            return document.where
    return Location("<graph>", 0)


def to_rdflib_graph(quads: list[ox.Quad]) -> rdflib.Graph:
    """All quads merged into one rdflib graph (the union default graph), via N-Quads."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="nquads")
    merged = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


def load_shapes(path: Path = SHAPES_PATH, vocabulary: Vocabulary | None = None) -> rdflib.Graph:
    """The shapes of `path` plus a property shape per qualifier the vocabulary declares."""
    shapes = rdflib.Graph().parse(path, format="turtle")
    add_qualifier_shapes(shapes, (vocabulary or load_vocabulary()).qualifiers.values())
    return shapes


def pyshacl_violations(quads: list[ox.Quad], shapes: rdflib.Graph) -> list[Violation]:
    """The shapes run by pyshacl, the reference engine.

    The ontology is part of the data graph rather than inferred over: SHACL's own notion of
    class membership follows rdfs:subClassOf in the data graph, which is all the shapes need,
    and RDFS inference would multiply the graph for nothing.
    """
    data = to_rdflib_graph(quads)  # the ontology graph is part of the dataset
    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = set()
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        if (None, sh.detail, result) in report:
            continue  # why a value failed a nested sh:node shape: its parent result says where
        path = report.value(result, sh.resultPath)
        value = report.value(result, sh.value)
        message = report.value(result, sh.resultMessage) or "violates a shape"
        found.add(
            Violation(
                str(report.value(result, sh.focusNode)),
                shown_iri(path) if path is not None else None,
                str(message),
                str(value) if value is not None else None,
            )
        )
    return sorted(found, key=Violation.sort_key)


def sparql_violations(store: ox.Store, shapes: rdflib.Graph) -> list[Violation]:
    """The same shapes compiled to SPARQL and run by Oxigraph (graph/ingest/shapes.py)."""
    return find_violations(store, compile_shapes(shapes))


PYSHACL_MAX_QUADS = 10_000  # pyshacl takes about 1 s per 2k quads (11 s on the seed graph); past this SPARQL runs


def check_shapes(
    quads: list[ox.Quad],
    corpus: Corpus,
    shapes: Path = SHAPES_PATH,
    engine: str = "auto",
    vocabulary: Vocabulary | None = None,
    store: ox.Store | None = None,
) -> list[Problem]:
    """Run the SHACL shapes over the union of all graphs, each problem located in the seeds.

    `engine` is 'pyshacl', 'sparql' or 'auto': pyshacl for graphs the size of the seed graph,
    the SPARQL compilation beyond, where pyshacl would be the bottleneck of the build. The
    qualifier shapes come from `vocabulary` (the ontology's by default). `store`, the quads already
    loaded in Oxigraph, spares the SPARQL engine loading its own.
    """
    if engine == "auto":
        engine = "pyshacl" if len(quads) <= PYSHACL_MAX_QUADS else "sparql"
    shape_graph = load_shapes(shapes, vocabulary)
    if engine == "pyshacl":
        violations = pyshacl_violations(quads, shape_graph)
    elif engine == "sparql":
        if store is None:
            store = ox.Store()
            store.bulk_extend(quads)
        violations = sparql_violations(store, shape_graph)
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}: pyshacl, sparql or auto")
    claims = _claims_by_key(corpus) if violations else {}
    problems = set()
    for violation in violations:
        focus = violation.focus
        if focus == SG + "Claim" and violation.value:  # a whole-graph check: the offending claim is the value
            focus = violation.value
        where = f" ({violation.path})" if violation.path else ""
        problems.add(
            Problem(
                _shacl_location(focus, claims=claims, corpus=corpus), f"SHACL: <{focus}>{where}: {violation.message}"
            )
        )
    return sorted(problems)
