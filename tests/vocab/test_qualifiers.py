"""A claim qualifier is declared once, in the ontology, and every part that handles claims follows
the declaration: the seed parser, the reference checks, the build, the SHACL shapes, the API's
claims query and the GraphQL Claim type. Checked for every qualifier the ontology declares, and
for a temporary ontology that declares two more (a term of a new scheme and an entity)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import strawberry
import yaml

from graph.api.claims import (
    Claim,
    ClaimStatement,
    build_claim,
    by_property,
    qualifier_field,
    qualifier_fields,
    qualifier_values,
)
from graph.api.entities import complete_entity_types
from graph.api.named_queries import iris, render
from graph.api.reader import select_text
from graph.api.schema import sdl
from graph.ingest.build import build_quads
from graph.ingest.facts import find_facts
from graph.ingest.seeds import Corpus, load_corpus
from graph.ingest.validate import check_corpus, check_shapes
from graph.store.backends import EmbeddedStore
from graph.vocab.namespaces import SG, claim_iri, entity_iri
from graph.vocab.vocabulary import ONTOLOGY_PATH, Qualifier, Vocabulary, load_vocabulary
from tests.seed_dirs import DOCUMENT, write_seed_dir

EXTRA = """
sg:StanceScheme a skos:ConceptScheme ; rdfs:label "stances"@en .
sg:stance-favours a skos:Concept ; skos:inScheme sg:StanceScheme ; skos:notation "favours" .
sg:stance-opposes a skos:Concept ; skos:inScheme sg:StanceScheme ; skos:notation "opposes" .
sg:stance a owl:ObjectProperty , sg:Qualifier ; rdfs:domain sg:Claim ; rdfs:label "stance"@en ;
    sg:seedKey "stance" ; sg:qualifierKind sg:TermQualifier ; sg:termScheme sg:StanceScheme ;
    sg:graphqlName "stance" ; sg:graphqlDescription "Whether the claimant favours or opposes it." ; sg:order 20 .
sg:witness a owl:ObjectProperty , sg:Qualifier ; rdfs:domain sg:Claim ; rdfs:label "witness"@en ;
    sg:seedKey "witness" ; sg:qualifierKind sg:EntityQualifier ; sg:graphqlName "witness" ; sg:order 21 .
"""
SAMPLES = {
    "date": "2025-01",
    "percent": 40,
    "string": "first phase",
    "text": "资金不足",
    "entity": "softbank",
    "claim": "other",
}
CLAIM = claim_iri(DOCUMENT, "qualified")


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    path = tmp_path_factory.mktemp("ontology") / "ontology.ttl"
    path.write_text(ONTOLOGY_PATH.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    return load_vocabulary(path)


def _sample(qualifier: Qualifier) -> Any:
    return sorted(qualifier.terms)[0] if qualifier.kind == "term" else SAMPLES[qualifier.kind]


def _corpus(root: Path, vocabulary: Vocabulary, given: dict[str, Any] | None = None) -> Corpus:
    """A seed corpus whose claim 'qualified' gives every qualifier of the vocabulary (or `given`)."""
    qualifiers = given if given is not None else {q.key: _sample(q) for q in vocabulary.qualifiers.values()}
    claims = [
        {"id": "qualified", "subject": "softbank", "relation": "funds", "object": "stargate", "quote": "软银出资"},
        {"id": "other", "subject": "softbank", "relation": "funds", "object": "stargate", "quote": "190亿美元"},
    ]
    for claim in claims:
        claim["quote_en"] = "the project's translation"
    claims[0]["qualifiers"] = qualifiers
    if "reason" in qualifiers:
        claims[0]["reason_en"] = "the reason, translated"
    text = yaml.safe_dump({"document": DOCUMENT, "claims": claims}, allow_unicode=True)
    root.mkdir(exist_ok=True)
    return load_corpus(write_seed_dir(root, text), vocabulary.qualifiers)


def _claim_rows(quads: list[ox.Quad]) -> list[dict[str, str]]:
    """The API's claims query for the claim, as the API reads it."""
    return select_text(EmbeddedStore(quads), render("claims", keys=iris([CLAIM])))


def _built(quads: list[ox.Quad]) -> dict[str, str]:
    return {q.predicate.value: q.object.value for q in quads if q.subject.value == CLAIM}


def test_every_declared_qualifier_is_parsed_checked_built_shaped_selected_and_exposed(tmp_path: Path) -> None:
    vocabulary = load_vocabulary()
    declared = list(vocabulary.qualifiers.values())
    assert {q.kind for q in declared} == {"term", *SAMPLES}  # the samples cover every kind in use
    corpus = _corpus(tmp_path, vocabulary)
    assert corpus.problems == [] and check_corpus(corpus, vocabulary) == []
    [claim] = [c for c in corpus.claims if c.id == "qualified"]
    assert [key for key, value in vars(claim.qualifiers).items() if value is not None] == list(vocabulary.qualifiers)
    quads = build_quads(corpus, vocabulary, [], find_facts(corpus, vocabulary, []))
    assert {q.iri for q in declared} <= set(_built(quads))
    assert check_shapes(quads, corpus, engine="sparql") == []
    assert check_shapes(quads, corpus, engine="pyshacl") == []
    rows = _claim_rows(quads)
    assert {q.iri for q in declared} <= {row["property"] for row in rows}  # the API reads each
    api_claim = build_claim(CLAIM, rows)
    assert api_claim is not None
    text = sdl()
    fields = text[text.index("type Claim {") :].split("\n}\n")[0]
    for qualifier in declared:
        field = qualifier_field(qualifier)
        assert getattr(api_claim, field.attribute) is not None, qualifier.key
        assert f"\n  {qualifier.graphql_name}: " in fields, qualifier.graphql_name


def test_a_qualifier_declared_in_the_ontology_reaches_every_part(tmp_path: Path, extended: Vocabulary) -> None:
    assert list(extended.qualifiers)[-2:] == ["stance", "witness"]
    given = {"stance": "opposes", "witness": "stargate", "status": "committed"}
    unknown = _corpus(tmp_path / "default", load_vocabulary(), given)
    allowed = ", ".join(sorted(load_vocabulary().qualifiers))
    assert [p.message for p in unknown.problems] == [
        f"claim qualified: unknown qualifier '{key}' (allowed: {allowed})" for key in ("stance", "witness")
    ]

    corpus = _corpus(tmp_path / "extended", extended, given)
    assert corpus.problems == [] and check_corpus(corpus, extended) == []
    [claim] = [c for c in corpus.claims if c.id == "qualified"]
    assert (claim.qualifiers.stance, claim.qualifiers.witness) == ("opposes", "stargate")

    quads = build_quads(corpus, extended, [], find_facts(corpus, extended, []))
    built = _built(quads)
    assert (built[SG + "stance"], built[SG + "witness"]) == (SG + "stance-opposes", entity_iri("stargate"))
    for engine in ("sparql", "pyshacl"):
        assert check_shapes(quads, corpus, engine=engine, vocabulary=extended) == []
        twice = [
            *quads,
            ox.Quad(ox.NamedNode(CLAIM), ox.NamedNode(SG + "stance"), ox.NamedNode(SG + "stance-favours")),
        ]
        [problem] = check_shapes(twice, corpus, engine=engine, vocabulary=extended)
        assert "(sg:stance): stance must come from sg:StanceScheme" in problem.message

    rows = _claim_rows(quads)
    fields = [qualifier_field(q) for q in extended.qualifiers.values()]
    values = qualifier_values(by_property(rows), fields)
    assert (values["stance"], values["witness_iri"], values["status"].value) == (
        "opposes",  # a scheme without a GraphQL enum gives its notation
        entity_iri("stargate"),
        "committed",
    )

    @qualifier_fields(fields)
    class ExtendedClaim(ClaimStatement):
        pass

    @strawberry.type
    class Query:
        claim: Any = strawberry.field(graphql_type=ExtendedClaim | None, default=None)

    schema = strawberry.Schema(query=Query, types=[Claim, *complete_entity_types()])
    text = str(schema)
    extended_fields = text[text.index("type ExtendedClaim {") :].split("\n}\n")[0] + "\n"
    assert '  """Whether the claimant favours or opposes it."""\n  stance: String\n' in extended_fields
    assert "\n  witness: Entity\n" in extended_fields


def test_checks_follow_the_kind_of_a_new_qualifier(tmp_path: Path, extended: Vocabulary) -> None:
    corpus = _corpus(tmp_path, extended, {"stance": "maybe", "witness": "nobody"})
    assert sorted(m.message for m in check_corpus(corpus, extended)) == [
        "claim qualified: unknown entity 'nobody' as witness",
        "claim qualified: unknown stance 'maybe' (known: favours, opposes)",
    ]


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ('sg:seedKey "x" ; sg:qualifierKind sg:TermQualifier ; sg:graphqlName "x" ; sg:order 20', "sg:termScheme"),
        ('sg:seedKey "x" ; sg:qualifierKind sg:NumberQualifier ; sg:graphqlName "x" ; sg:order 20', "qualifierKind"),
        ('sg:seedKey "x" ; sg:qualifierKind sg:StringQualifier ; sg:order 20', "sg:graphqlName"),
        ('sg:seedKey "role" ; sg:qualifierKind sg:StringQualifier ; sg:graphqlName "x" ; sg:order 20', "seed key"),
        (
            'sg:seedKey "x" ; sg:qualifierKind sg:StringQualifier ; sg:graphqlName "x" ; owl:inverseOf sg:y ; '
            "sg:order 20",
            "inverseOf",
        ),
    ],
)
def test_an_incomplete_declaration_is_refused_naming_the_property(
    tmp_path: Path, declaration: str, message: str
) -> None:
    path = tmp_path / "ontology.ttl"
    path.write_text(
        ONTOLOGY_PATH.read_text(encoding="utf-8")
        + f"\nsg:broken a owl:DatatypeProperty , sg:Qualifier ; {declaration} .\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=message):
        load_vocabulary(path)
