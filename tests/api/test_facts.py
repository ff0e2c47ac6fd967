"""Facts over GraphQL, on the real session server: each fact once with its value, parties, first and
last seen dates, documents (in publication order) and claims; the list's filters and pages; a
claim's fact; what each document added, restated, changed and contradicted, document by document;
and a page's cost in store calls. The seeds are curated and change, so every expected answer is
derived from `compile_seeds().facts` (graph/ingest/facts.py), never written down here."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from graph.api.budget import PACED_ITEMS
from graph.ingest.facts import Fact
from graph.ingest.pipeline import Compiled
from graph.ingest.seeds import DateValue, Money, Quantity, Range, Text
from graph.store.backends import EmbeddedStore
from graph.vocab import namespaces as ns
from tests.graphql_http import ask, errors_of
from tests.live import LiveServer

FACT_FIELDS = """id iri label relation parties { id } subject { id } object { id }
    amount amountMin amountMax currency unit bound dateValue text polarity
    firstSeen lastSeen documentCount firstStatedIn { id } documents { id published } claims { id }
    changedFrom { id }"""
LIST = f"""query ($entity: ID, $relation: [Relation!], $minDocuments: Int, $first: Int, $after: String) {{
  facts(entity: $entity, relation: $relation, minDocuments: $minDocuments, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {FACT_FIELDS} }} }} }}"""
CHANGES = """added { id } restated { id } changed { fact { id } earlier { id } } contradictions { id }"""


def listed(server: LiveServer, **arguments: Any) -> list[dict[str, Any]]:
    """Every fact the list gives for the filters, page by page."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = ask(server.url, LIST, {**arguments, "first": 100, "after": after})["facts"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            assert len(nodes) == page["totalCount"]
            return nodes
        after = page["pageInfo"]["endCursor"]


@pytest.fixture(scope="module")
def everything(live_server: LiveServer) -> list[dict[str, Any]]:
    return listed(live_server)


def expected_ids(compiled: Compiled, wanted: Callable[[Fact], bool]) -> list[str]:
    return [fact.id for fact in compiled.facts.all if wanted(fact)]


def value_of(fact: Fact) -> dict[str, Any]:
    """The value fields as GraphQL gives them (numbers as Decimals)."""
    value = fact.value
    return {
        "amount": value.amount if isinstance(value, (Money, Quantity)) else None,
        "amountMin": value.low if isinstance(value, Range) else None,
        "amountMax": value.high if isinstance(value, Range) else None,
        "currency": value.currency if isinstance(value, (Money, Range)) else None,
        "unit": value.unit if isinstance(value, (Quantity, Range)) else None,
        "dateValue": value.date.iso if isinstance(value, DateValue) else None,
        "text": value.text if isinstance(value, Text) else None,
        "bound": fact.bound,
    }


def assert_fact(answer: dict[str, Any], fact: Fact, compiled: Compiled) -> None:
    documents = compiled.corpus.documents
    assert (answer["id"], answer["iri"], answer["label"]) == (fact.id, fact.iri, fact.label)
    assert (answer["relation"], answer["polarity"]) == (fact.key.relation, fact.key.polarity)
    assert [p["id"] for p in answer["parties"]] == list(fact.parties)
    assert (answer["subject"] or {}).get("id") == fact.subject
    assert (answer["object"] or {}).get("id") == fact.key.object
    numbers = ("amount", "amountMin", "amountMax")
    got = {k: Decimal(v) if k in numbers and v is not None else v for k, v in answer.items() if k in value_of(fact)}
    assert got == value_of(fact), fact.label
    assert answer["firstSeen"] == (fact.first_seen.iso if fact.first_seen else None)
    assert answer["lastSeen"] == (fact.last_seen.iso if fact.last_seen else None)
    assert answer["documentCount"] == len(fact.documents)
    assert answer["firstStatedIn"] == {"id": fact.documents[0]}
    published = [documents[d].published for d in fact.documents]
    assert answer["documents"] == [
        {"id": d, "published": p.iso if p else None} for d, p in zip(fact.documents, published, strict=True)
    ]
    assert [c["id"] for c in answer["claims"]] == [c.key for c in fact.claims]
    assert [e["id"] for e in answer["changedFrom"]] == [e.id for e in compiled.facts.changed_from.get(fact.iri, ())]


def test_every_fact_once_with_its_value_dates_documents_and_claims_in_order(
    everything: list[dict[str, Any]], compiled: Compiled
) -> None:
    assert [node["id"] for node in everything] == expected_ids(compiled, lambda _: True)
    for answer, fact in zip(everything, compiled.facts.all, strict=True):
        assert_fact(answer, fact, compiled)


def test_facts_stated_in_several_documents_are_first_and_last_seen_on_their_earliest_and_latest_dates(
    live_server: LiveServer, compiled: Compiled
) -> None:
    """The done-when of issue 17's item 2, against the catalogue's dates directly."""
    several = listed(live_server, minDocuments=2)
    assert [n["id"] for n in several] == expected_ids(compiled, lambda f: len(f.documents) >= 2) and several
    for answer in several:
        dates = sorted(d["published"] for d in answer["documents"] if d["published"])
        assert answer["documentCount"] == len(answer["documents"]) >= 2
        assert (answer["firstSeen"], answer["lastSeen"]) == ((dates[0], dates[-1]) if dates else (None, None))
    undated = {d for d, record in compiled.corpus.documents.items() if record.published is None}
    assert undated, "the seeds have documents of unknown date: this test checks they count without a date"
    assert any({d["id"] for d in n["documents"]} & undated for n in several)


def test_filter_by_entity_relation_and_number_of_documents(live_server: LiveServer, compiled: Compiled) -> None:
    def about(fact: Fact) -> set[str | None]:
        return {*fact.parties, fact.key.object}

    named = sorted({e for f in compiled.facts.all for e in about(f) if e})
    for entity in named[:: max(1, len(named) // 12)]:
        got = [n["id"] for n in listed(live_server, entity=entity)]
        assert got == [f.id for f in compiled.facts.all if entity in about(f)], entity
    relation = compiled.facts.all[0].key.relation
    assert [
        n["id"] for n in listed(live_server, relation=[relation], minDocuments=3, entity=ns.entity_iri("stargate"))
    ] == expected_ids(
        compiled,
        lambda f: f.key.relation == relation and len(f.documents) >= 3 and "stargate" in about(f),
    )


def test_an_unknown_entity_and_a_negative_number_of_documents_are_clear_errors(live_server: LiveServer) -> None:
    [error] = errors_of(live_server.url, LIST, {"entity": "stargatee"})
    assert error["message"] == "entity: unknown entity 'stargatee'"
    [error] = errors_of(live_server.url, LIST, {"minDocuments": -1})
    assert error["message"] == "minDocuments: must be 0 or more, got -1"


def test_a_fact_by_its_id_or_iri_and_an_unknown_one_is_null(live_server: LiveServer, compiled: Compiled) -> None:
    fact = max(compiled.facts.all, key=lambda f: len(f.documents))
    query = f"query ($id: ID!) {{ fact(id: $id) {{ {FACT_FIELDS} }} }}"
    for given in (fact.id, fact.iri):
        assert_fact(ask(live_server.url, query, {"id": given})["fact"], fact, compiled)
    assert ask(live_server.url, query, {"id": "0000000000000000"}) == {"fact": None}


def test_each_claim_knows_the_fact_it_states(live_server: LiveServer, compiled: Compiled) -> None:
    query = """query ($after: String) { claims(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { id fact { id claims { id } } } } }"""
    answered: dict[str, str] = {}
    after = None
    while True:
        page = ask(live_server.url, query, {"after": after})["claims"]
        for claim in page["nodes"]:
            answered[claim["id"]] = claim["fact"]["id"]
            assert claim["id"] in {c["id"] for c in claim["fact"]["claims"]}
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert answered == {c.key: compiled.facts.of(c).id for c in compiled.corpus.claims}


def expected_changes(compiled: Compiled) -> list[dict[str, Any]]:
    return [
        {
            "document": {"id": changes.document},
            "added": [{"id": f.id} for f in changes.added],
            "restated": [{"id": f.id} for f in changes.restated],
            "changed": [
                {"fact": {"id": x.fact.id}, "earlier": [{"id": e.id} for e in x.earlier]} for x in changes.changed
            ],
            "contradictions": [{"id": c.iri.removeprefix(ns.CONTRADICTION)} for c in changes.contradictions],
        }
        for changes in compiled.facts.documents
    ]


def test_document_by_document_in_publication_order_what_each_added_restated_changed_and_contradicted(
    live_server: LiveServer, compiled: Compiled
) -> None:
    query = f"{{ documentChanges(first: 100) {{ totalCount nodes {{ document {{ id }} {CHANGES} }} }} }}"
    answer = ask(live_server.url, query)["documentChanges"]
    expected = expected_changes(compiled)
    assert answer["totalCount"] == len(compiled.corpus.documents) and answer["nodes"] == expected
    assert any(d["changed"] for d in expected), "the seeds revise figures: this test needs a change"
    by_document = ask(live_server.url, f"{{ documents(first: 100) {{ nodes {{ id changes {{ {CHANGES} }} }} }} }}")
    for node in by_document["documents"]["nodes"]:
        [wanted] = [e for e in expected if e["document"]["id"] == node["id"]]
        assert {"document": {"id": node["id"]}, **node["changes"]} == wanted


def test_a_page_of_facts_with_documents_claims_and_changes_costs_a_bounded_number_of_store_calls(
    uncached: tuple[str, EmbeddedStore],
) -> None:
    url, store = uncached
    counts = []
    for n in (1, 3, PACED_ITEMS - 1):  # a longer page is completed item by item as the loop turns (budget.py)
        before = store.calls.count
        ask(url, LIST, {"first": n, "entity": "stargate"})
        counts.append(store.calls.count - before)
    assert counts[1] == counts[2]  # 3 facts or more: the same calls
    assert max(counts) <= 7  # the known id, the list, facts, entities (twice: known, parties), documents, claims
