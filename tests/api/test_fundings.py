"""Fundings and their totals over the seed graph, checked by their rules rather than by figures
(the seeds are curated and change): every funding claim of the store is listed as it is, and every
total counts each fact once, leaves out negative and never-committed figures, keeps joint amounts
whole and apart, and says when it is bounded. tests/api/test_claim_model.py pins the figures on a
corpus of its own."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pytest

from graph.api.claims import UNCOUNTED_MODALITIES
from graph.store.backends import EmbeddedStore
from tests.graphql_http import ask, sparql_rows
from tests.live import LiveServer

ENTITY = "https://w3id.org/stargate-kg/id/"
FUNDING = """claim { id } funder { id } parties { id } jointWith { id } recipient { id } document { id }
    amount amountMin amountMax currency bound polarity modality"""
SUM = f"currency amount low high bounded bounds modalities fundings {{ {FUNDING} }}"
TOTALS = f"""{{ fundingTotalsByDocument {{ recipient {{ id }} document {{ id }} {SUM}
    excluded {{ {FUNDING} }} restatements {{ {FUNDING} }}
    funders {{ funder {{ id }} {SUM} joint {{ {SUM} }} excluded {{ claim {{ id }} }} restatements {{ claim {{ id }} }}
    }} }} }}"""
PAGE = """query ($after: String, $funder: ID) { fundings(first: 100, after: $after, funder: $funder) {
    pageInfo { hasNextPage endCursor } nodes { %s } } }"""


def fundings(server: LiveServer, funder: str | None = None) -> list[dict[str, Any]]:
    """Every funding (of `funder`), page by page."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = ask(server.url, PAGE % FUNDING, {"after": after, "funder": funder})["fundings"]
        found += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


@pytest.fixture(scope="module")
def by_document(live_server: LiveServer) -> list[dict[str, Any]]:
    totals: list[dict[str, Any]] = ask(live_server.url, TOTALS)["fundingTotalsByDocument"]
    return totals


def ids(entities: Iterable[dict[str, Any]]) -> list[str]:
    return [entity["id"] for entity in entities]


def claim_ids(fundings: Iterable[dict[str, Any]]) -> list[str]:
    return [funding["claim"]["id"] for funding in fundings]


def decimal(value: str | None) -> Decimal:
    return Decimal(value) if value is not None else Decimal(0)


def fact(funding: dict[str, Any]) -> tuple[object, ...]:
    parties = frozenset(ids(funding["parties"])) if "parties" in funding else None
    return (
        parties,
        funding["currency"],
        funding["amount"],
        funding["amountMin"],
        funding["amountMax"],
        funding["bound"],
    )


def test_each_funding_claim_is_listed_with_its_parties_figures_and_qualifiers(
    live_server: LiveServer, store: EmbeddedStore
) -> None:
    listed = fundings(live_server)
    rows = sparql_rows(
        store,
        """SELECT ?c ?who ?to ?amount ?negative (GROUP_CONCAT(STR(?with)) AS ?joint) WHERE {
            ?c a sg:Claim ; rdf:predicate sg:funds ; rdf:subject ?who ; rdf:object ?to .
            OPTIONAL { ?c sg:amount ?amount } OPTIONAL { ?c sg:jointWith ?with }
            BIND(EXISTS { ?c a sg:NegativeClaim } AS ?negative) } GROUP BY ?c ?who ?to ?amount ?negative""",
    )
    expected = {
        r["c"].removeprefix("https://w3id.org/stargate-kg/claim/"): (
            r["who"].removeprefix(ENTITY),
            sorted(j.removeprefix(ENTITY) for j in r.get("joint", "").split()),
            r["to"].removeprefix(ENTITY),
            r.get("amount"),
            "negative" if r["negative"] == "true" else "positive",
        )
        for r in rows
    }
    answer = {
        n["claim"]["id"]: (
            n["funder"]["id"],
            ids(n["jointWith"]),
            n["recipient"]["id"],
            n["amount"],
            n["polarity"],
        )
        for n in listed
    }
    assert answer == expected and len(listed) == len(expected)
    assert all(ids(n["parties"]) == [n["funder"]["id"], *ids(n["jointWith"])] for n in listed)


def test_totals_count_each_fact_once_and_never_a_negative_or_never_committed_figure(
    by_document: list[dict[str, Any]], live_server: LiveServer
) -> None:
    with_currency = sorted(n["claim"]["id"] for n in fundings(live_server) if n["currency"])
    sorted_out = sorted(
        claim for t in by_document for part in ("fundings", "excluded", "restatements") for claim in claim_ids(t[part])
    )
    assert sorted_out == with_currency  # every funding with a figure is in exactly one list of one total
    for total in by_document:
        counted = total["fundings"]
        assert all(f["polarity"] == "positive" and f["modality"] not in UNCOUNTED_MODALITIES for f in counted)
        assert all(f["polarity"] == "negative" or f["modality"] in UNCOUNTED_MODALITIES for f in total["excluded"])
        assert len({fact(f) for f in counted}) == len(counted)
        assert {fact(f) for f in total["restatements"]} <= {fact(f) for f in counted}


def point(funding: dict[str, Any]) -> Decimal | None:
    """The single number a figure gives, or None (a range, up to, at least...)."""
    if funding["amount"] is None or funding["bound"] not in (None, "exactly", "about"):
        return None
    return Decimal(funding["amount"])


def check_sum(total: dict[str, Any]) -> None:
    """amount adds the single numbers; low and high bracket it; bounded says whether they may differ."""
    counted = total["fundings"]
    points = [p for p in map(point, counted) if p is not None]
    assert decimal(total["amount"]) == sum(points, Decimal(0)) and (total["amount"] is None) == (not points)
    not_exact = [f for f in counted if f["amount"] is None or f["bound"] not in (None, "exactly")]
    assert total["bounded"] == bool(not_exact)
    assert total["bounds"] == sorted({f["bound"] for f in not_exact if f["bound"]})
    assert total["modalities"] == sorted({f["modality"] for f in counted})
    lows, highs = zip(*map(ends, counted), strict=True) if counted else ((), ())
    assert (total["low"] is None, total["high"] is None) == (not counted, not counted or None in highs)
    assert decimal(total["low"]) == sum(lows, Decimal(0))
    assert total["high"] is None or decimal(total["high"]) == sum(highs, Decimal(0))
    assert total["bounded"] or total["low"] == total["high"] == total["amount"]


def ends(funding: dict[str, Any]) -> tuple[Decimal, Decimal | None]:
    """The least and the most a figure admits (None: no most); money is never below 0."""
    if funding["amount"] is None:
        return Decimal(funding["amountMin"]), Decimal(funding["amountMax"])
    amount = Decimal(funding["amount"])
    if funding["bound"] in ("up_to", "less_than"):
        return Decimal(0), amount
    return amount, None if funding["bound"] in ("at_least", "more_than") else amount


def test_every_sum_follows_the_rule_for_bounds_and_ranges(by_document: list[dict[str, Any]]) -> None:
    sums = [s for t in by_document for s in (t, *t["funders"], *(f["joint"] for f in t["funders"]))]
    assert any(s["fundings"] for s in sums)
    for total in sums:
        check_sum(total)


def test_joint_fundings_count_once_whole_and_apart_in_each_partys_total(by_document: list[dict[str, Any]]) -> None:
    for total in by_document:
        funders = {f["funder"]["id"]: f for f in total["funders"]}
        joint = [f for f in total["fundings"] if f["jointWith"]]
        for funding in total["fundings"]:
            for party in ids(funding["parties"]):
                own, shared = claim_ids(funders[party]["fundings"]), claim_ids(funders[party]["joint"]["fundings"])
                assert (funding["claim"]["id"] in shared, funding["claim"]["id"] in own) == (
                    bool(funding["jointWith"]),
                    not funding["jointWith"],
                )
        own_amounts = sum((decimal(f["amount"]) for f in funders.values()), Decimal(0))
        joint_amounts = sum((p for p in map(point, joint) if p is not None), Decimal(0))
        assert decimal(total["amount"]) == own_amounts + joint_amounts


def test_a_funder_filter_finds_the_fundings_it_takes_part_in(live_server: LiveServer) -> None:
    listed = fundings(live_server)
    for funder in {party for n in listed for party in ids(n["parties"])}:
        expected = {n["claim"]["id"] for n in listed if funder in ids(n["parties"])}
        assert set(claim_ids(fundings(live_server, funder))) == expected
