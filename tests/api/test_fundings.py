"""Fundings and their totals per funder and per source document, against SPARQL on the store."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from graph.store.backends import EmbeddedStore
from tests.graphql_http import ask, sparql_rows
from tests.live import LiveServer

DOC = "https://w3id.org/stargate-kg/doc/"
ENTITY = "https://w3id.org/stargate-kg/id/"
TOTALS = """{ fundingTotals(recipient: "stargate") { funder { id } document { id } currency amount
    fundings { amount bound claim { quote } } bounded { amount bound } } }"""


def test_each_funding_has_funder_recipient_amount_share_status_and_source(live_server: LiveServer) -> None:
    data = ask(
        live_server.url,
        """{ fundings(funder: "softbank", document: "004_5cf1b9cad3f7a47d") {
        nodes { funder { id } recipient { id } amount currency share status document { id }
                claim { quote relation } } } }""",
    )
    [funding] = data["fundings"]["nodes"]
    assert funding["funder"]["id"] == "softbank" and funding["recipient"]["id"] == "stargate"
    assert (funding["amount"], funding["currency"], funding["share"], funding["status"]) == (
        "19000000000",
        "USD",
        "40",
        "committed",
    )
    assert funding["claim"]["relation"] == "funds" and "190亿美元" in funding["claim"]["quote"]


def test_totals_per_funder_and_document_add_exact_figures_and_list_bounded_ones(
    live_server: LiveServer, store: EmbeddedStore
) -> None:
    totals = ask(live_server.url, TOTALS)["fundingTotals"]
    expected: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in sparql_rows(
        store,
        """SELECT ?who ?doc ?amount WHERE { ?c rdf:predicate sg:funds ; rdf:subject ?who ;
            rdf:object sgid:stargate ; prov:wasDerivedFrom ?doc ; sg:amount ?amount ; sg:currency "USD" .
            FILTER NOT EXISTS { ?c sg:bound ?b FILTER(?b NOT IN (sg:bound-exactly, sg:bound-about)) } }""",
    ):
        expected[(row["who"].removeprefix(ENTITY), row["doc"].removeprefix(DOC))] += Decimal(row["amount"])
    added = {(t["funder"]["id"], t["document"]["id"]): Decimal(t["amount"]) for t in totals if t["amount"]}
    assert added == dict(expected)
    assert added[("softbank", "004_5cf1b9cad3f7a47d")] == Decimal(19000000000)
    bounded_only = [t for t in totals if t["amount"] is None]
    assert bounded_only and all(
        t["bounded"] and all(b["bound"] == "less_than" for b in t["bounded"]) for t in bounded_only
    )


def test_totals_per_document_sum_the_funders(live_server: LiveServer) -> None:
    data = ask(
        live_server.url,
        """{ fundingTotalsByDocument(recipient: "stargate") {
        document { id } currency amount funders { funder { id } amount } } }""",
    )
    by_document = {t["document"]["id"]: t for t in data["fundingTotalsByDocument"]}
    latest = by_document["004_5cf1b9cad3f7a47d"]
    assert Decimal(latest["amount"]) == sum(Decimal(f["amount"]) for f in latest["funders"])
    assert {f["funder"]["id"] for f in latest["funders"]} == {"softbank", "openai", "oracle", "mgx"}
