"""The timeline: dated claims in date order, filtered by entity and by period."""

from __future__ import annotations

import pytest

from graph.api.timeline import span
from tests.graphql_http import ask, errors_of
from tests.live import LiveServer

TIMELINE = """query Timeline($entity: ID, $from: String, $to: String) {
    timeline(entity: $entity, from: $from, to: $to, first: 100) { totalCount
        nodes { date precision property claim { relation subject { id } object { id } document { id } } } } }"""


def test_events_come_in_date_order_with_their_claims(live_server: LiveServer) -> None:
    events = ask(live_server.url, TIMELINE, {})["timeline"]["nodes"]
    assert len(events) > 20
    starts = [span(e["date"])[0] for e in events]
    assert starts == sorted(starts)
    assert all(e["claim"]["document"]["id"] for e in events)


def test_filter_by_entity_and_period(live_server: LiveServer) -> None:
    events = ask(live_server.url, TIMELINE, {"entity": "stargate", "from": "2025-01", "to": "2025-01-31"})
    nodes = events["timeline"]["nodes"]
    assert nodes
    for event in nodes:
        first, last = span(event["date"])
        assert last >= "2025-01-01" and first <= "2025-01-31"
        assert "stargate" in (event["claim"]["subject"]["id"], (event["claim"]["object"] or {}).get("id"))
    announced = [e for e in nodes if e["claim"]["relation"] == "announcedOn"]
    assert {e["date"] for e in announced} == {"2025-01-21"}


@pytest.mark.parametrize("entity", ["no-such-entity", "a b", "<x>", ""])
def test_an_entity_that_names_nothing_is_a_clear_error(live_server: LiveServer, entity: str) -> None:
    [error] = errors_of(live_server.url, TIMELINE, {"entity": entity})
    assert error["message"] == f"entity: unknown entity {entity!r}"


def test_a_malformed_period_is_a_clear_error(live_server: LiveServer) -> None:
    [error] = errors_of(live_server.url, TIMELINE, {"from": "January"})
    assert error["message"] == "from: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'January'"


@pytest.mark.parametrize(
    ("date", "first", "last"),
    [
        ("2025", "2025-01-01", "2025-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025-01-21", "2025-01-21", "2025-01-21"),
    ],
)
def test_a_coarse_date_spans_its_whole_period(date: str, first: str, last: str) -> None:
    assert span(date) == (first, last)
