"""The same API over both stores: resolvers read only through the Store protocol, so a server over
a remote SPARQL endpoint (a real Oxigraph server) answers exactly as one over the embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.graphql_http import ask
from tests.live import LiveServer, run_server

if TYPE_CHECKING:
    from tests.stores import RemoteServer

pytest_plugins = ["tests.stores"]

QUERIES = {
    "entity": '{ entity(id: "softbank") { __typename id type label labels { value language } aliases '
    "relations(first: 100) { totalCount nodes { relation direction entity { id } claims { id } } } } }",
    "search": '{ search(text: "軟銀", first: 10) { totalCount nodes { score matched entity { id } } } }',
    "sites": "{ sites(first: 100) { nodes { id deployments { count status chip { id } claim { quote document "
    "{ id title published } } } gpuTotals { count stated { amount } } } } }",
    "fundings": '{ fundingTotals(recipient: "stargate") { funder { id } document { id } amount low high bounded '
    "bounds modalities joint { amount } excluded { claim { id } } restatements { claim { id } } } }",
    "claims": "{ claims(relation: [funds], first: 100) { nodes { id polarity modality attribution amountMin amountMax "
    "quoteEn reasonEn jointWith { id } parties { id } anchor { start end exact prefix suffix occurrence occurrences } "
    "document { titleEn } } } }",
    "disputes": "{ disputes(first: 100) { nodes { disputer { id } reason disputedClaim { id amount date } "
    "rebuttals { id quote } } } }",
    "contradictions": "{ contradictions { nodes { id label claims { id amount bound dateValue share document { id } "
    "claimant { id } } } } }",
    "timeline": "{ timeline(first: 100) { totalCount nodes { date precision property claim { id } } } }",
    "responsibilities": "{ responsibilities(first: 100) { nodes { relation party { id } target { id } roles } } }",
}


@pytest.fixture(scope="module")
def remote_server(remote_store: RemoteServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_server("--store", remote_store.query_url, log_dir=tmp_path_factory.mktemp("remote-graphql")) as server:
        yield server


@pytest.mark.parametrize("name", list(QUERIES))
def test_remote_store_answers_like_the_embedded_store(
    name: str, live_server: LiveServer, remote_server: LiveServer
) -> None:
    embedded = ask(live_server.url, QUERIES[name])
    assert embedded and all(value for value in embedded.values())
    assert ask(remote_server.url, QUERIES[name]) == embedded
