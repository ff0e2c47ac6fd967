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
from graph.ingest.qualifier_shapes import add_qualifier_shapes
from graph.ingest.seeds import VALUE_KIND, ClaimRecord, Corpus, Quantity
from graph.ingest.shapes import Violation, compile_shapes, find_violations, shown_iri
from graph.vocab.namespaces import CLAIM, ENTITY, SG
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

SHAPES_PATH = package_file("graph.ingest", "shapes.ttl")


def _loose(text: str) -> str:
    """Text with width, whitespace and quote-style differences removed, to explain near misses."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch)[0] != "P")


def _check_entities(corpus: Corpus, vocab: Vocabulary) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for entity in corpus.entities.values():
        if entity.type not in vocab.classes:
            problems.append(
                Problem(
                    entity.where,
                    f"entity {entity.id}: unknown type {entity.type!r} (known: {', '.join(vocab.classes)})",
                )
            )
        names = {name for name in (entity.label, entity.zh_hans, entity.zh_hant, *entity.aliases) if name is not None}
        for name in sorted(names):
            key = name.casefold()
            other = owners.setdefault(key, entity.id)
            if other != entity.id:
                problems.append(Problem(entity.where, f"entity {entity.id}: name {name!r} is also a name of {other!r}"))
    return problems


def _check_value(claim: ClaimRecord, vocab: Vocabulary) -> list[str]:
    relation = vocab.relations[claim.relation]
    messages: list[str] = []
    if claim.value is None:
        if relation.value_required:
            messages.append(f"relation {claim.relation} needs a {relation.value_kind} value")
        return messages
    kind = VALUE_KIND[type(claim.value)]
    if relation.value_kind is None:
        messages.append(f"relation {claim.relation} takes no value, got a {kind}")
    elif kind != relation.value_kind:
        messages.append(f"relation {claim.relation} takes a {relation.value_kind} value, got a {kind}")
    if isinstance(claim.value, Quantity) and claim.value.unit not in vocab.units:
        messages.append(f"unknown unit {claim.value.unit!r} (known: {', '.join(vocab.units)})")
    return messages


def _check_claim(claim: ClaimRecord, corpus: Corpus, vocab: Vocabulary, keys: set[str]) -> list[str]:
    messages: list[str] = []
    entities = corpus.entities
    qualifiers = vars(claim.qualifiers)
    for role, ref in (
        ("subject", claim.subject),
        ("object", claim.object),
        ("claimant", claim.claimant),
        *((q.key, qualifiers.get(q.key)) for q in vocab.qualifiers.values() if q.kind == "entity"),
    ):
        if ref is not None and ref not in entities:
            messages.append(f"unknown entity {ref!r} as {role}")
    relation = vocab.relations.get(claim.relation)
    if relation is None:
        messages.append(f"unknown relation {claim.relation!r} (see graph/vocab/ontology.ttl)")
    else:
        if claim.object is None and relation.object_required:
            messages.append(f"relation {claim.relation} needs an object ({relation.object_class})")
        if claim.object is not None and relation.object_class is None:
            messages.append(f"relation {claim.relation} takes no object, got {claim.object!r}")
        if claim.object in entities and relation.object_class is not None:
            obj_type = entities[claim.object].type
            if obj_type in vocab.classes and not vocab.is_a(obj_type, relation.object_class):
                messages.append(
                    f"object {claim.object!r} is a {obj_type}, but {claim.relation} needs a {relation.object_class}"
                )
        messages += _check_value(claim, vocab)
    for qualifier in vocab.qualifiers.values():
        given = qualifiers.get(qualifier.key)
        if given is None:
            continue
        if qualifier.kind == "term" and given not in qualifier.terms:
            messages.append(f"unknown {qualifier.key} {given!r} (known: {', '.join(qualifier.terms)})")
        if qualifier.kind == "claim" and resolve_target(claim, given) not in keys:
            messages.append(f"{qualifier.key} {given!r} names no claim")
    document = corpus.documents[claim.document]
    if claim.quote not in document.text:
        hint = ""
        if _loose(claim.quote) and _loose(claim.quote) in _loose(document.text):
            hint = " (it differs only in spacing, punctuation or character width: copy it exactly)"
        messages.append(f"quote is not verbatim in {document.path.name}: {claim.quote!r}{hint}")
    return messages


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
        problems += [Problem(claim.where, f"claim {claim.id}: {m}") for m in _check_claim(claim, corpus, vocab, keys)]
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


def sparql_violations(quads: list[ox.Quad], shapes: rdflib.Graph) -> list[Violation]:
    """The same shapes compiled to SPARQL and run by Oxigraph (graph/ingest/shapes.py)."""
    store = ox.Store()
    store.bulk_extend(quads)
    return find_violations(store, compile_shapes(shapes))


ENGINES = {"pyshacl": pyshacl_violations, "sparql": sparql_violations}
PYSHACL_MAX_QUADS = 20_000  # pyshacl takes about 1 s per 5k quads; past this the SPARQL engine runs


def check_shapes(
    quads: list[ox.Quad],
    corpus: Corpus,
    shapes: Path = SHAPES_PATH,
    engine: str = "auto",
    vocabulary: Vocabulary | None = None,
) -> list[Problem]:
    """Run the SHACL shapes over the union of all graphs, each problem located in the seeds.

    `engine` is 'pyshacl', 'sparql' or 'auto': pyshacl for graphs the size of the seed graph,
    the SPARQL compilation beyond, where pyshacl would be the bottleneck of the build. The
    qualifier shapes come from `vocabulary` (the ontology's by default).
    """
    if engine == "auto":
        engine = "pyshacl" if len(quads) <= PYSHACL_MAX_QUADS else "sparql"
    violations = ENGINES[engine](quads, load_shapes(shapes, vocabulary))
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
