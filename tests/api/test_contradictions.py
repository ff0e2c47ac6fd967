"""Contradictions over GraphQL, on the real session server: each one the build finds or a curator
asserts, with its kind, explanation, rule, sides in order and judgement; the list's filters (kind,
entity, document, judgement, subject, relation) and pages; a claim's own contradictions; a page's
cost in store calls; and the SPARQL page's named query, which gives the same. The seeds are curated
and change, so every expected answer is derived from `compile_seeds().contradictions`, never
written down here."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from graph.ingest.contradictions import Contradiction
from graph.ingest.pipeline import Compiled
from graph.ingest.seeds import ClaimRecord, Money, Quantity
from graph.sparql.page import examples
from graph.store.backends import EmbeddedStore
from graph.vocab import namespaces as ns
from tests.graphql_http import ask, errors_of
from tests.live import LiveServer

CLAIM_FIELDS = "id amount bound currency quote modality claimant { id } document { id published }"
CONTRADICTION_FIELDS = f"""id iri kind explanation label rule relation subject {{ id }} object {{ id }}
    claims {{ {CLAIM_FIELDS} }} sides {{ position claims {{ {CLAIM_FIELDS} }} }}
    judgement {{ verdict reason curator date }}"""
LIST = f"""query ($kind: [ContradictionKind!], $entity: ID, $document: ID, $judgement: [JudgementFilter!],
    $subject: ID, $relation: [Relation!], $first: Int, $after: String) {{
  contradictions(kind: $kind, entity: $entity, document: $document, judgement: $judgement, subject: $subject,
                 relation: $relation, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {CONTRADICTION_FIELDS} }} }} }}"""
ONE = f"query ($id: ID!) {{ contradiction(id: $id) {{ {CONTRADICTION_FIELDS} }} }}"


def contradiction_id(found: Contradiction) -> str:
    return found.iri.removeprefix(ns.CONTRADICTION)


def listed(server: LiveServer, **arguments: Any) -> list[dict[str, Any]]:
    """Every contradiction the list gives for the filters, page by page."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = ask(server.url, LIST, {**arguments, "first": 5, "after": after})["contradictions"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            assert len(nodes) == page["totalCount"]
            return nodes
        after = page["pageInfo"]["endCursor"]


def ids(nodes: list[dict[str, Any]]) -> set[str]:
    return {node["id"] for node in nodes}


def expected_ids(compiled: Compiled, wanted: Callable[[Contradiction], bool]) -> set[str]:
    return {contradiction_id(found) for found in compiled.contradictions if wanted(found)}


@pytest.fixture(scope="module")
def everything(live_server: LiveServer) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in listed(live_server)}


def entities_of(found: Contradiction) -> set[str]:
    """What the entity filter matches: its subject and object, each claim's parties and object."""
    named = {found.subject, found.object} | {e for c in found.claims for e in (*c.parties, c.object)}
    return {entity for entity in named if entity}


def assert_claim(answer: dict[str, Any], claim: ClaimRecord, compiled: Compiled) -> None:
    """A claim as a side shows it: its source, who says it, how sure, and its value with its bound."""
    published = compiled.corpus.documents[claim.document].published
    assert answer["id"] == claim.key and answer["quote"] == claim.quote
    assert answer["document"] == {"id": claim.document, "published": published.iso if published else None}
    assert (answer["claimant"] or {}).get("id") == claim.claimant
    assert (answer["modality"], answer["bound"]) == (claim.qualifiers.modality, claim.qualifiers.bound)
    if isinstance(claim.value, (Money, Quantity)):
        assert Decimal(answer["amount"]) == claim.value.amount
    if isinstance(claim.value, Money):
        assert answer["currency"] == claim.value.currency


def assert_contradiction(answer: dict[str, Any], found: Contradiction, compiled: Compiled) -> None:
    assert (answer["id"], answer["iri"]) == (contradiction_id(found), found.iri)
    assert (answer["kind"], answer["explanation"], answer["label"]) == (
        found.kind,
        found.explanation,
        found.explanation,
    )
    assert (answer["rule"], answer["relation"]) == (found.rule, found.relation)
    assert (answer["subject"] or {}).get("id") == found.subject and (answer["object"] or {}).get("id") == found.object
    assert [side["position"] for side in answer["sides"]] == [side.position for side in found.sides]
    for side, seed_side in zip(answer["sides"], found.sides, strict=True):
        assert [c["id"] for c in side["claims"]] == sorted(c.key for c in seed_side.claims)
        for claim, seed in zip(side["claims"], sorted(seed_side.claims, key=lambda c: c.key), strict=True):
            assert_claim(claim, seed, compiled)
    assert [c["id"] for c in answer["claims"]] == [c.key for c in found.claims]
    judgement = found.judgement
    expected = judgement and {
        "verdict": judgement.verdict,
        "reason": judgement.reason,
        "curator": judgement.curator,
        "date": judgement.date,
    }
    assert answer["judgement"] == expected


def test_every_contradiction_has_its_kind_explanation_rule_sides_and_judgement(
    everything: dict[str, dict[str, Any]], compiled: Compiled
) -> None:
    assert set(everything) == expected_ids(compiled, lambda _: True) and everything
    for found in compiled.contradictions:
        assert_contradiction(everything[contradiction_id(found)], found, compiled)


@pytest.mark.parametrize("verdict", ["dismissed", "asserted"])
def test_a_judged_contradiction_by_its_id_carries_the_curators_verdict(
    live_server: LiveServer, compiled: Compiled, verdict: str
) -> None:
    """A dismissed one stays in the graph, queryable as dismissed; an asserted one has no rule."""
    judged = [c for c in compiled.contradictions if c.judgement and c.judgement.verdict == verdict]
    assert judged, f"the seeds judge no contradiction {verdict}: this test needs one"
    for found in judged:
        answer = ask(live_server.url, ONE, {"id": found.iri})["contradiction"]
        assert_contradiction(answer, found, compiled)
        assert answer["judgement"]["verdict"] == verdict
        assert (answer["rule"] is None) == (verdict == "asserted")


def test_an_unknown_contradiction_is_null(live_server: LiveServer) -> None:
    assert ask(live_server.url, ONE, {"id": "0000000000000000"}) == {"contradiction": None}


def test_filter_by_kind(live_server: LiveServer, compiled: Compiled) -> None:
    kinds = ask(live_server.url, "{ vocabulary { contradictionKinds } }")["vocabulary"]["contradictionKinds"]
    assert set(kinds) == set(compiled.vocabulary.contradiction_kinds)
    for kind in kinds:
        assert ids(listed(live_server, kind=[kind])) == expected_ids(compiled, lambda c, k=kind: c.kind == k), kind
    two = kinds[:2]
    assert ids(listed(live_server, kind=two)) == expected_ids(compiled, lambda c: c.kind in two)


def judgement_of(found: Contradiction) -> str:
    return found.judgement.verdict if found.judgement else "unjudged"


def test_filter_by_judgement(live_server: LiveServer, compiled: Compiled) -> None:
    for value in ("confirmed", "dismissed", "asserted", "unjudged"):
        got = ids(listed(live_server, judgement=[value]))
        assert got == expected_ids(compiled, lambda c, v=value: judgement_of(c) == v), value
    judged = ["confirmed", "dismissed", "asserted"]
    assert ids(listed(live_server, judgement=judged)) == expected_ids(compiled, lambda c: c.judgement is not None)


def test_filter_by_entity_matches_any_claims_party_or_object(live_server: LiveServer, compiled: Compiled) -> None:
    named = sorted(set().union(*(entities_of(c) for c in compiled.contradictions)))
    assert named
    for entity in named:
        got = ids(listed(live_server, entity=entity))
        assert got == expected_ids(compiled, lambda c, e=entity: e in entities_of(c)), entity
    assert ids(listed(live_server, entity=ns.entity_iri(named[0]))) == ids(listed(live_server, entity=named[0]))


def test_filter_by_document_matches_any_claims_source(live_server: LiveServer, compiled: Compiled) -> None:
    for document in sorted(compiled.corpus.documents):
        got = ids(listed(live_server, document=document))
        assert got == expected_ids(compiled, lambda c, d=document: d in {x.document for x in c.claims}), document


def test_filter_by_subject_and_relation(live_server: LiveServer, compiled: Compiled) -> None:
    pairs = sorted({(c.subject, c.relation) for c in compiled.contradictions if c.subject})
    assert pairs
    for subject, relation in pairs:
        got = ids(listed(live_server, subject=subject, relation=[relation]))
        assert got == expected_ids(compiled, lambda c, s=subject, r=relation: (c.subject, c.relation) == (s, r))
    relation = pairs[0][1]
    assert ids(listed(live_server, relation=[relation])) == expected_ids(compiled, lambda c: c.relation == relation)


def test_filters_combine_with_and(live_server: LiveServer, compiled: Compiled) -> None:
    found = compiled.contradictions[0]
    document = found.claims[0].document
    got = ids(listed(live_server, kind=[found.kind], document=document, judgement=[judgement_of(found)]))
    assert contradiction_id(found) in got
    assert got == expected_ids(
        compiled,
        lambda c: (
            c.kind == found.kind
            and judgement_of(c) == judgement_of(found)
            and document in {x.document for x in c.claims}
        ),
    )


@pytest.mark.parametrize(("argument", "kind"), [("entity", "entity"), ("subject", "entity"), ("document", "document")])
def test_an_unknown_entity_or_document_is_a_clear_error(live_server: LiveServer, argument: str, kind: str) -> None:
    [error] = errors_of(live_server.url, LIST, {argument: "stargatee"})
    assert error["message"] == f"{argument}: unknown {kind} 'stargatee'"


def test_pages_follow_one_order(live_server: LiveServer, everything: dict[str, dict[str, Any]]) -> None:
    whole = ask(live_server.url, LIST, {"first": 100})["contradictions"]["nodes"]
    assert [n["id"] for n in whole] == list(everything)  # listed() paged by 5


def test_a_claim_lists_the_contradictions_it_takes_part_in(live_server: LiveServer, compiled: Compiled) -> None:
    expected: dict[str, set[str]] = {}
    for found in compiled.contradictions:
        for claim in found.claims:
            expected.setdefault(claim.key, set()).add(contradiction_id(found))
    query = """query ($after: String) { claims(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { id contradictions { id kind claims { id } } } } }"""
    answered: dict[str, set[str]] = {}
    after = None
    while True:
        page = ask(live_server.url, query, {"after": after})["claims"]
        for claim in page["nodes"]:
            answered[claim["id"]] = {x["id"] for x in claim["contradictions"]}
            assert all(claim["id"] in {c["id"] for c in x["claims"]} for x in claim["contradictions"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert set(answered) == {c.key for c in compiled.corpus.claims}
    assert {key: found for key, found in answered.items() if found} == expected


def test_a_page_with_sides_claims_and_sources_costs_a_bounded_number_of_store_calls(
    uncached: tuple[str, EmbeddedStore],
) -> None:
    url, store = uncached
    counts = []
    for n in (1, 3, 100):
        before = store.calls.count
        ask(url, LIST, {"first": n, "entity": "stargate", "judgement": ["unjudged", "dismissed"]})
        counts.append(store.calls.count - before)
    assert counts[1] == counts[2]  # 3 contradictions or all of them: the same calls
    assert max(counts) <= 8  # known ids, the list, contradictions, claims, entities, documents


def test_the_sparql_pages_named_query_gives_kind_explanation_sides_and_judgement(
    live_server: LiveServer, compiled: Compiled
) -> None:
    """What a SPARQL user finds among the query page's examples, run on /sparql as it stands there."""
    [example] = [e for e in examples() if e["file"] == "contradictions.rq"]
    assert all(word in example["name"] for word in ("kind", "explanation", "sides", "judgement"))
    response = httpx.post(
        live_server.url + "/sparql",
        data={"query": example["query"]},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    rows = [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]
    answered = {
        (r["contradiction"], r["kind"], r["explanation"], r.get("rule"), int(r["side"]), r["position"], r["claim"])
        for r in rows
    }
    judged = {(r["contradiction"], r.get("verdict"), r.get("reason")) for r in rows}
    assert answered == {
        (c.iri, c.kind, c.explanation, c.rule, order, side.position, ns.claim_iri(claim.document, claim.id))
        for c in compiled.contradictions
        for order, side in enumerate(c.sides, start=1)
        for claim in side.claims
    }
    assert judged == {
        (c.iri, c.judgement.verdict, c.judgement.reason) if c.judgement else (c.iri, None, None)
        for c in compiled.contradictions
    }
    claims = {c.key: c for c in compiled.corpus.claims}
    for row in rows:
        claim = claims[row["claim"].removeprefix(ns.CLAIM)]
        assert (row["document"], row["quote"], row["modality"]) == (
            ns.document_iri(claim.document),
            claim.quote,
            claim.qualifiers.modality,
        )
        assert row.get("claimant") == (ns.entity_iri(claim.claimant) if claim.claimant else None)
