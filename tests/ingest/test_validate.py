"""validate.py: the SHACL shapes reject a tampered graph, and record checks explain near misses."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox

from graph.ingest.pipeline import Compiled
from graph.ingest.validate import check_corpus, check_shapes
from graph.vocab.namespaces import CLAIM, SG

FULLWIDTH_COMMA = "\N{FULLWIDTH COMMA}"  # as Chinese text writes it; the seed quotes use it


def _claim_node(compiled: Compiled, index: int = 0) -> ox.NamedNode:
    claim = compiled.corpus.claims[index]
    return ox.NamedNode(f"{CLAIM}{claim.key}")


def test_the_seed_graph_conforms(compiled: Compiled) -> None:
    assert check_shapes(compiled.quads, compiled.corpus) == []


def test_a_claim_without_evidence_violates_the_shapes_and_points_at_its_seed_line(compiled: Compiled) -> None:
    node = _claim_node(compiled)
    tampered = [q for q in compiled.quads if not (q.subject == node and q.predicate.value == SG + "evidence")]
    problems = check_shapes(tampered, compiled.corpus)
    assert any("exactly one evidence quote" in p.message for p in problems)
    assert any(p.location == compiled.corpus.claims[0].where for p in problems)


def test_a_quote_edited_in_the_graph_is_caught_by_the_shapes_too(compiled: Compiled) -> None:
    node = _claim_node(compiled)
    tampered = [
        ox.Quad(q.subject, q.predicate, ox.Literal("不在文中的句子", language="zh-Hans"), q.graph_name)
        if q.subject == node and q.predicate.value == SG + "evidence"
        else q
        for q in compiled.quads
    ]
    messages = [p.message for p in check_shapes(tampered, compiled.corpus)]
    assert any("is not the text its offsets" in m for m in messages)


def test_an_amount_without_currency_or_unit_is_a_violation(compiled: Compiled) -> None:
    money_claim = next(q.subject for q in compiled.quads if q.predicate.value == SG + "currency")
    tampered = [q for q in compiled.quads if not (q.subject == money_claim and q.predicate.value == SG + "currency")]
    messages = [p.message for p in check_shapes(tampered, compiled.corpus)]
    assert any("needs a currency" in m for m in messages)


def test_a_near_miss_quote_gets_a_hint(compiled: Compiled) -> None:
    corpus = dataclasses.replace(compiled.corpus)
    doc_claims = [c for c in compiled.corpus.claims if FULLWIDTH_COMMA in c.quote]
    assert doc_claims, "some quotes use full-width commas"
    original = doc_claims[0]
    retyped = dataclasses.replace(original, quote=original.quote.replace(FULLWIDTH_COMMA, ","))
    corpus.claims = [retyped if c is original else c for c in compiled.corpus.claims]
    [problem] = check_corpus(corpus, compiled.vocabulary)
    assert "quote is not verbatim" in problem.message and "copy it exactly" in problem.message
    assert problem.location == original.at("quote")  # the line of the quote, not of the claim's start


def test_two_entities_sharing_a_name_are_reported(compiled: Compiled) -> None:
    corpus = dataclasses.replace(compiled.corpus)
    softbank = compiled.corpus.entities["softbank"]
    corpus.entities = {**compiled.corpus.entities, "softbank-copy": dataclasses.replace(softbank, id="softbank-copy")}
    messages = [p.message for p in check_corpus(corpus, compiled.vocabulary)]
    assert any("is also a name of 'softbank'" in m for m in messages)
