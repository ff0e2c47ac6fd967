"""budget.py: what a GraphQL request really spends is bounded while its answer is built (fields,
time), and no request holds the event loop: real servers whose size estimate counts each plain
list as one item (`--graphql-list-size 1`), so answers that really grow get past it."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from graphql import build_schema, parse

from bench.soak import fan_out_query
from graph.api.budget import Budget
from graph.api.query_size import Pages, size_errors
from graph.api.schema import sdl
from tests.live import LiveServer, assert_still_serving, run_server

# Estimated at 6,903 fields with lists of 1 item; 20,946 really with the seeds of the extended claim
# model (one alias: 6,982; it was 20,751 before the curators' rewrite): past the cap of 10,000 with margin.
GROWING = fan_out_query(3, 5)


def post(server: LiveServer, query: str) -> httpx.Response:
    return httpx.post(server.url + "/graphql", json={"query": query}, timeout=60)


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_server(
        "--graphql-list-size", "1", "--max-selected-fields", "10000", log_dir=tmp_path_factory.mktemp("capped")
    ) as server:
        yield server


@pytest.fixture(scope="module")
def hasty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_server(
        "--graphql-list-size", "1", "--graphql-timeout", "0.1", log_dir=tmp_path_factory.mktemp("hasty")
    ) as server:
        yield server


def test_an_answer_growing_past_the_field_cap_is_stopped_there(capped: LiveServer) -> None:
    response = post(capped, GROWING)
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert response.json()["data"] is None
    assert error["message"].startswith("the answer grew past 10000 fields")
    assert "GraphQL request stopped after 100" in capped.log()  # 10,001 and the few already under way
    assert_still_serving(capped)


def test_a_request_over_its_time_budget_is_stopped(hasty: LiveServer) -> None:
    started = time.monotonic()
    response = post(hasty, GROWING)  # seconds of work on an idle machine
    assert time.monotonic() - started < 30  # stopped, not finished: bounded loosely, machines are shared
    message = "the query ran longer than 0.1 s and was stopped: ask for less (smaller pages, fewer nested lists)"
    answer = response.json()
    # stopped wherever the deadline fell: at the start (no location) or in a field (its path)
    assert answer["data"] is None and [e["message"] for e in answer["errors"]] == [message]
    assert_still_serving(hasty)


def test_no_request_holds_the_event_loop(capped: LiveServer) -> None:
    """Four answers that grow to the field cap at once, and other answers of thousands of fields:
    /health keeps being answered, and the server's probe (a task waking every 10 ms) wakes far
    sooner than any of those answers takes. One answer of 20,751 fields had held the loop for its
    whole second. The 100 ms target is measured, not asserted here (a shared 2-core machine under
    load delays any process by more): /health reports it, and the README gives the figures."""
    heavy = [GROWING] * 4 + [fan_out_query(3, 3), fan_out_query(2, 4)]
    latencies: list[float] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            started = time.monotonic()
            httpx.get(capped.url + "/health", timeout=30)
            latencies.append(time.monotonic() - started)
            time.sleep(0.01)

    poller = threading.Thread(target=poll)
    poller.start()
    workers = [threading.Thread(target=post, args=(capped, query)) for query in heavy]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
    finally:
        done.set()
        poller.join(timeout=60)
    lateness = httpx.get(capped.url + "/health", timeout=30).json()["event_loop_lateness"]
    assert lateness["max_ms"] < 1000, (lateness, max(latencies))
    assert len(latencies) > 10
    assert_still_serving(capped)


def test_a_document_longer_than_the_limit_is_refused_before_it_is_parsed(capped: LiveServer) -> None:
    """graphql-core reads a string literal character by character: 0.4 s for one of 900 kB, which
    is one token (max_tokens let it through)."""
    started = time.monotonic()
    response = httpx.post(
        capped.url + "/graphql",
        json={"query": '{ search(text: "' + "x" * 900_000 + '") { totalCount } }'},
        headers={"Accept": "application/graphql-response+json"},
        timeout=60,
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "the document is longer than 32000 characters: pass long values as variables"}]
    }
    assert time.monotonic() - started < 2
    assert_still_serving(capped)


def estimate(query: str, list_size: int) -> int:
    """The size graph/api/query_size.py estimates for `query`: the least max_fields it passes."""
    schema, document = build_schema(sdl()), parse(query)
    pages = Pages(default=20, largest=100, cap=10**9, list_size=list_size)
    low, high = 0, 10**6
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if not size_errors(schema, document, middle, pages) else (middle + 1, high)
    return low


@pytest.mark.parametrize(
    ("query", "lists"),
    [
        ("{ claims(first: 10) { nodes { id parties { id } jointWith { id } } } }", 10 * 2),
        ("{ fundings(first: 10) { nodes { parties { id } jointWith { id } } } }", 10 * 2),
        ("{ claims(first: 10) { nodes { anchor { start end } } } }", 0),
    ],
)
def test_the_claim_models_lists_count_in_the_size_estimate(query: str, lists: int) -> None:
    """Each list (the parties of each of 10 claims...) counts as list_size items; an object (the
    anchor) as one."""
    assert estimate(query, 3) - estimate(query, 1) == lists * (3 - 1)


async def _within(budget: Budget, pause: bool) -> None:
    async with budget.running():
        if pause:
            async with budget.paused():
                await asyncio.sleep(0.5)
        else:
            await asyncio.sleep(0.5)
        budget.spend()


def test_building_a_graph_for_the_request_is_not_the_requests_time() -> None:
    """The graph as known on a date is built once, for every request after: the first request
    asking for it is not stopped for the time it took (at a million quads, longer than the budget)."""
    asyncio.run(_within(Budget(0.2, 100), pause=True))
    with pytest.raises(TimeoutError):
        asyncio.run(_within(Budget(0.2, 100), pause=False))
