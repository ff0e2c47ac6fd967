"""The foundation's competency questions, answered through GraphQL by a real GraphQL client (gql
over httpx) talking to a real uvicorn, each answer with its sources. Every answer is compared with
the same question asked in SPARQL straight on the store, and every quote is checked against the
text of the document the answer cites."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from gql import Client, gql
from gql.transport.httpx import HTTPXTransport

from graph.store.backends import EmbeddedStore
from tests.graphql_http import sparql_rows
from tests.live import LiveServer

DOC = "https://w3id.org/stargate-kg/doc/"
ENTITY = "https://w3id.org/stargate-kg/id/"


@pytest.fixture(scope="module")
def session(live_server: LiveServer) -> Iterator[Any]:
    transport = HTTPXTransport(url=f"{live_server.url}/graphql", timeout=30)
    with Client(transport=transport, fetch_schema_from_transport=False) as session:
        yield session


@pytest.fixture(scope="module")
def texts(session: Any) -> dict[str, str]:
    """Every document's full text, by id, as the API serves it."""
    data = session.execute(gql("{ documents(first: 100) { nodes { id text } } }"))
    return {d["id"]: d["text"] for d in data["documents"]["nodes"]}


def assert_quotes_in_sources(claims: list[dict[str, Any]], texts: dict[str, str]) -> None:
    assert claims
    for claim in claims:
        assert claim["quote"] in texts[claim["document"]["id"]], claim


def test_who_chairs_the_venture(session: Any, store: EmbeddedStore, texts: dict[str, str]) -> None:
    data = session.execute(
        gql("""
        { responsibilities(target: "stargate", relation: [chairs]) {
            nodes { party { id label } roles claims { quote document { id } claimant { id } } } } }""")
    )
    answer = {n["party"]["id"]: {c["document"]["id"] for c in n["claims"]} for n in data["responsibilities"]["nodes"]}
    expected: dict[str, set[str]] = {}
    for row in sparql_rows(
        store,
        "SELECT ?who ?doc WHERE { ?c rdf:predicate sg:chairs ; rdf:subject ?who ; "
        "rdf:object sgid:stargate ; prov:wasDerivedFrom ?doc }",
    ):
        expected.setdefault(row["who"].removeprefix(ENTITY), set()).add(row["doc"].removeprefix(DOC))
    assert answer == expected
    assert {"001_3ec12039e4d722a3", "004_5cf1b9cad3f7a47d"} <= answer["masayoshi-son"]
    son = next(n for n in data["responsibilities"]["nodes"] if n["party"]["id"] == "masayoshi-son")
    assert son["party"]["label"] == "Masayoshi Son" and "chairman" in son["roles"]
    assert_quotes_in_sources(son["claims"], texts)


def test_initial_equity_funders(session: Any, store: EmbeddedStore, texts: dict[str, str]) -> None:
    data = session.execute(
        gql("""
        { fundings(recipient: "stargate", phase: "initial", first: 100) {
            nodes { funder { id } status document { id } claim { quote claimant { id } } } } }""")
    )
    nodes = data["fundings"]["nodes"]
    funders = {n["funder"]["id"] for n in nodes}
    expected = {
        r["who"].removeprefix(ENTITY)
        for r in sparql_rows(
            store,
            "SELECT ?who WHERE { ?c rdf:predicate sg:funds ; rdf:subject ?who ; rdf:object sgid:stargate ; "
            'sg:phase "initial" }',
        )
    }
    assert funders == expected
    assert {"softbank", "openai", "oracle", "mgx"} <= funders
    statement = [n for n in nodes if n["document"]["id"] == "001_3ec12039e4d722a3"]
    assert {n["funder"]["id"] for n in statement} == {"softbank", "openai", "oracle", "mgx"}
    assert_quotes_in_sources([{"quote": n["claim"]["quote"], "document": n["document"]} for n in nodes], texts)


def test_gpus_the_abilene_campus_hosts(session: Any, store: EmbeddedStore, texts: dict[str, str]) -> None:
    data = session.execute(
        gql("""
        { site(id: "abilene-campus") { label
            deployments { chip { id label } count status claim { quote document { id } } }
            gpuTotals { count document { id } stated { amount } } } }""")
    )
    site = data["site"]
    answer = {(d["chip"]["id"], d["count"], d["status"]) for d in site["deployments"]}
    expected = {
        (r["chip"].removeprefix(ENTITY), int(r["n"]), r["status"].rsplit("status-", 1)[1])
        for r in sparql_rows(
            store,
            "SELECT ?chip ?n ?status WHERE { ?c rdf:predicate sg:hosts ; "
            "rdf:subject sgid:abilene-campus ; rdf:object ?chip ; sg:amount ?n ; "
            "sg:status ?status }",
        )
    }
    assert answer == expected
    assert ("gb200", 100000, "ongoing") in answer and ("vr200", 400000, "planned") in answer
    assert_quotes_in_sources([d["claim"] for d in site["deployments"]], texts)
    total = site["gpuTotals"][0]
    assert total["count"] == sum(count for _, count, _ in answer)
    assert [int(s["amount"]) for s in total["stated"]] == [total["count"]]


def test_who_disputes_the_funding_and_which_claim(session: Any, store: EmbeddedStore, texts: dict[str, str]) -> None:
    data = session.execute(
        gql("""
        { disputes(disputedRelation: [funds, plansInvestment], first: 100) {
            nodes { disputer { id } reason claim { quote document { id } }
                    disputedClaim { id relation amount quote document { id } }
                    rebuttals { subject { id } quote document { id } } } } }""")
    )
    nodes = data["disputes"]["nodes"]
    answer = {(n["disputer"]["id"], n["disputedClaim"]["id"]) for n in nodes}
    expected = {
        (r["who"].removeprefix(ENTITY), r["target"].removeprefix("https://w3id.org/stargate-kg/claim/"))
        for r in sparql_rows(
            store,
            "SELECT ?who ?target WHERE { ?c rdf:predicate sg:disputes ; "
            "rdf:subject ?who ; sg:targetClaim ?target . ?target rdf:predicate ?p "
            "FILTER(?p IN (sg:funds, sg:plansInvestment)) }",
        )
    }
    assert answer == expected
    musk = [n for n in nodes if n["disputer"]["id"] == "elon-musk"]
    assert musk and all(n["reason"] and n["disputedClaim"]["relation"] in ("funds", "plansInvestment") for n in musk)
    assert_quotes_in_sources([n["claim"] for n in nodes] + [n["disputedClaim"] for n in nodes], texts)
    rebuttals = [r for n in nodes for r in n["rebuttals"]]
    assert {"openai", "softbank"} <= {r["subject"]["id"] for r in rebuttals}
    assert_quotes_in_sources(rebuttals, texts)


def test_contradicting_commitment_claims_each_with_its_source(
    session: Any, store: EmbeddedStore, texts: dict[str, str]
) -> None:
    data = session.execute(
        gql("""
        { contradictions(subject: "softbank", relation: [funds], kind: [value]) {
            nodes { label subject { id } object { id }
                    claims { id amount currency bound share quote document { id outlet } } } } }""")
    )
    [found] = data["contradictions"]["nodes"]
    assert (found["subject"]["id"], found["object"]["id"]) == ("softbank", "stargate")
    claims = found["claims"]
    expected = {
        r["claim"].removeprefix("https://w3id.org/stargate-kg/claim/")
        for r in sparql_rows(
            store,
            "SELECT ?claim WHERE { ?x a sg:Contradiction ; sg:aboutSubject sgid:softbank ; "
            "sg:aboutRelation sg:funds ; sg:contradictionKind sg:contradiction-value ; sg:involvesClaim ?claim }",
        )
    }
    assert {c["id"] for c in claims} == expected
    assert len({c["document"]["id"] for c in claims}) >= 2
    assert len({c["amount"] for c in claims}) >= 2  # the documents disagree on the figure
    assert_quotes_in_sources(claims, texts)
