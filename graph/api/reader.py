"""The only way the API reads the graph: named SPARQL queries through the snapshot's Store.

Results are cached per snapshot: the graph is read-only between reloads, and a reload brings a new
snapshot with an empty cache, so a cached answer is never stale. The cache is a bounded LRU, so a
client cannot grow it without limit by asking for many different things.
"""

from __future__ import annotations

import logging
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool

from graph.api.errors import PublicError
from graph.api.named_queries import iris, render
from graph.store.backends import Store, StoreError
from graph.store.snapshot import Snapshot

Row = dict[str, str]
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
log = logging.getLogger("stargate_kg.api")


MISSING = object()


class ResultCache:
    """A least-recently-used map bounded by a budget: entries by default, or whatever `weigh`
    measures (bytes, for whole responses). A budget of 0 keeps nothing. `get` answers MISSING for
    an absent key, since None (nothing found) is a valid cached answer."""

    def __init__(self, budget: int, weigh: Callable[[Hashable, Any], int] = lambda key, value: 1) -> None:
        self.budget, self.weigh, self.used = budget, weigh, 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        item = self._items.get(key)
        if item is None:
            return MISSING
        self._items.move_to_end(key)
        return item[0]

    def put(self, key: Hashable, value: Any) -> None:
        weight = self.weigh(key, value)
        if weight > self.budget:
            return
        if key in self._items:
            self.used -= self._items.pop(key)[1]
        self._items[key] = (value, weight)
        self.used += weight
        while self.used > self.budget:
            self.used -= self._items.popitem(last=False)[1][1]


@dataclass(frozen=True)
class Batch(Generic[T_co]):
    """A named query that binds ?key with VALUES, and how one key's rows become one value.

    Each batch query is used with one `build`, so cached values are keyed by query name and key.
    """

    query: str
    build: Callable[[str, list[Row]], T_co]


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return str(term.value)


def select_text(store: Store, query: str) -> list[Row]:
    """Rows with every term as text. A store failure is logged and answered with a PublicError
    that hides its details (a remote store's address, its error text)."""
    try:
        rows = store.select(query)
    except StoreError as error:
        log.error("store query failed: %s", error)
        raise PublicError("the graph store could not answer; try again later") from None
    return [{name: _text(term) for name, term in row.items()} for row in rows]


@dataclass
class Reader:
    snapshot: Snapshot
    cache_size: int
    cache: ResultCache = field(init=False)

    def __post_init__(self) -> None:
        self.cache = self.snapshot.memo("graph.api.results", lambda: ResultCache(self.cache_size))

    async def _select(self, query: str) -> list[Row]:
        """Run off the event loop: a remote store blocks on the network, Oxigraph on the CPU."""
        return await run_in_threadpool(select_text, self.snapshot.store, query)

    async def rows(self, name: str, **slots: str) -> list[Row]:
        """All rows of a named query (slots already rendered as SPARQL terms)."""
        key = (name, tuple(sorted(slots.items())))
        cached = self.cache.get(key)
        if cached is MISSING:
            cached = await self._select(render(name, **slots))
            self.cache.put(key, cached)
        return cached  # type: ignore[no-any-return]

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value computed from query results (a ranking, a grouping), kept like them."""
        cached = self.cache.get(("derived", key))
        if cached is MISSING:
            cached = compute()
            self.cache.put(("derived", key), cached)
        return cached  # type: ignore[no-any-return]

    async def computed(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value computed in a worker thread (CPU-bound analytics), kept like `derived`, so the
        event loop answers other requests meanwhile. A ValueError is a bad argument (the contract
        of graph/analytics/service.py): its message is meant for the client."""
        cached = self.cache.get(("computed", key))
        if cached is MISSING:
            try:
                cached = await run_in_threadpool(compute)
            except ValueError as error:
                raise PublicError(str(error)) from None
            self.cache.put(("computed", key), cached)
        return cached  # type: ignore[no-any-return]

    async def batch(self, batch: Batch[T], keys: Sequence[str]) -> list[T]:
        """One value per key; the keys not cached yet cost one query together."""
        values: dict[str, T] = {}
        missing: list[str] = []
        for key in dict.fromkeys(keys):
            cached = self.cache.get((batch.query, key))
            if cached is MISSING:
                missing.append(key)
            else:
                values[key] = cached
        if missing:
            grouped: defaultdict[str, list[Row]] = defaultdict(list)
            for row in await self._select(render(batch.query, keys=iris(missing))):
                grouped[row["key"]].append(row)
            for key in missing:
                values[key] = batch.build(key, grouped.get(key, []))
                self.cache.put((batch.query, key), values[key])
        return [values[key] for key in keys]
