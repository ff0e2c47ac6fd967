"""reader.py and the caches of the GraphQL API: every one is bounded in bytes."""

from __future__ import annotations

import itertools
import tracemalloc
from collections.abc import Iterator

import httpx
import psutil
import pytest

from graph.analytics import service as analytics
from graph.api.parsing import DOCUMENT_CACHE_BYTES
from graph.api.reader import ResultCache, rows_size, size_of
from graph.store.snapshot import Snapshot
from tests.live import LiveServer, assert_still_serving, run_server

CACHE_BYTES = 4_000_000
RESPONSE_BYTES = 2_000_000
PATHS = (
    "maxLength truncated paths(first: 100) { totalCount nodes { length text steps { source { id label } "
    "target { id label } relationships { relation claims { id } } } entities { id label } } } shortest { length }"
)


def test_the_cache_keeps_its_weight_within_its_budget_dropping_the_least_recently_used() -> None:
    cache = ResultCache(1000, weigh=lambda key, value: len(value))
    for key in range(10):
        cache.put(key, "x" * 300)
        cache.get(0)  # kept in use
    assert cache.used <= 1000
    assert cache.get(0) == "x" * 300 and cache.get(9) == "x" * 300 and cache.get(1) is not None
    cache.put("huge", "x" * 1001)  # more than the whole budget: not kept, nothing dropped for it
    assert cache.used <= 1000 and cache.get(9) == "x" * 300


def test_size_of_is_what_the_value_holds_in_memory(snapshot: Snapshot) -> None:
    """Within a factor of two of what tracemalloc sees the value allocate (the deep walk counts
    shared strings once per value, so it may overestimate, never by much less)."""
    ids = sorted(analytics.projection(snapshot).graph.nodes)[:12]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    found = [analytics.paths(snapshot, a, b, max_length=4) for a, b in itertools.combinations(ids, 2)]
    allocated = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert allocated / 2 <= size_of(found) <= allocated * 2
    rows = [{"s": "x" * 40, "o": "y" * 80} for _ in range(1000)]
    assert rows_size(rows) >= 1000 * (40 + 80)


@pytest.fixture(scope="module")
def small_caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    flags = ["--graphql-cache-bytes", str(CACHE_BYTES), "--graphql-response-cache-bytes", str(RESPONSE_BYTES)]
    with run_server(*flags, log_dir=tmp_path_factory.mktemp("caches")) as server:
        yield server


def rss_mib(server: LiveServer) -> float:
    return psutil.Process(server.process.pid).memory_info().rss / 2**20


def test_distinct_queries_grow_memory_no_more_than_the_caches_allow(small_caches: LiveServer) -> None:
    """Finding 5 (issue 15): 2,000 distinct `paths` queries raised a server's memory from 144 MB
    to 1.57 GB in a straight line; its result cache was bounded in entries, not bytes. Two rounds
    here, each of 300 distinct `paths` queries (each keeping up to 100 paths with their steps and
    claims) and 300 distinct documents of a 30 kB string (which strawberry's document caches,
    bounded in entries, kept): the first fills the caches, the second must find them full."""

    def ask(client: httpx.Client, query: str) -> httpx.Response:
        return client.post(small_caches.url + "/graphql", json={"query": query})

    with httpx.Client(timeout=60) as client:
        page = ask(client, "{ entities(first: 40) { nodes { id } } }").json()["data"]["entities"]["nodes"]
        pairs = list(itertools.permutations([e["id"] for e in page], 2))
        ask(client, f'{{ paths(source: "{pairs[0][0]}", target: "{pairs[0][1]}") {{ {PATHS} }} }}')  # the projection
        rss = [rss_mib(small_caches)]
        for round_ in range(2):
            for number, (a, b) in enumerate(pairs[1 + 300 * round_ : 301 + 300 * round_]):
                query = f'{{ paths(source: "{a}", target: "{b}", maxLength: {1 + number % 6}) {{ {PATHS} }} }}'
                assert ask(client, query).status_code == 200
            for number in range(300 * round_, 300 * round_ + 300):
                answer = ask(client, f'{{ search(text: "{f"{number:03d}" * 10_000}") {{ totalCount }} }}')
                assert answer.json()["errors"][0]["message"] == "text: give 1 to 200 characters"
            rss.append(rss_mib(small_caches))
    caches = (CACHE_BYTES + RESPONSE_BYTES + DOCUMENT_CACHE_BYTES) / 2**20
    # full caches: the second round keeps no more (20 MiB of allocator slack; the unbounded cache
    # this guards against grew 0.7 MB a query, over 200 MiB a round)
    assert rss[2] - rss[1] < 20, rss
    assert rss[2] - rss[0] < caches + 20, rss
    assert_still_serving(small_caches)
