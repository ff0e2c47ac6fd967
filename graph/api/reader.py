"""The only way the API reads the graph: named SPARQL queries through the snapshot's Store.

Results are cached per snapshot: the graph is read-only between reloads, and a reload brings a new
snapshot with an empty cache, so a cached answer is never stale. The cache is an LRU bounded in
bytes (`graphql_cache_bytes`), so a client cannot grow it without limit by asking for many
different things: it was bounded in entries, and 2,000 distinct `paths` queries (each keeping up
to 100 paths with their steps and claims) raised a server's memory by hundreds of megabytes.
"""

from __future__ import annotations

import logging
import sys
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from types import FunctionType, MethodType, ModuleType
from typing import Any, Generic, TypeVar

import anyio.to_thread
import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool

from graph.api.budget import pause
from graph.api.errors import PublicError
from graph.api.named_queries import iris, render
from graph.store.backends import Store, StoreError
from graph.store.snapshot import Snapshot

Row = dict[str, str]
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
log = logging.getLogger("stargate_kg.api")


MISSING = object()
_LEAVES = (str, bytes, int, float, type, Enum, FunctionType, MethodType, ModuleType)  # nothing to walk into


_SLOTS: dict[type, tuple[str, ...]] = {}


def _slots(cls: type) -> tuple[str, ...]:
    """The attributes a class keeps in slots, its bases' included."""
    if cls not in _SLOTS:
        declared = [getattr(k, "__slots__", ()) for k in cls.__mro__]
        names = [name for d in declared for name in ((d,) if isinstance(d, str) else d)]
        _SLOTS[cls] = tuple(name for name in names if name not in ("__dict__", "__weakref__"))
    return _SLOTS[cls]


def size_of(value: object) -> int:
    """The bytes `value` holds, by sys.getsizeof of everything it reaches through containers and
    attributes, each object once. An object shared by several cached values counts in each, so
    a cache's total is an overestimate, never an underestimate."""
    total, seen, stack = 0, set(), [value]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, _LEAVES):
            continue
        if isinstance(item, dict):
            stack += item.keys()
            stack += item.values()
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack += item
        else:
            if (attributes := getattr(item, "__dict__", None)) is not None:
                stack.append(attributes)
            stack += (getattr(item, name, None) for name in _slots(type(item)))
    return total


def _weigh(key: Hashable, value: Any) -> int:
    return size_of(key) + size_of(value)


class ResultCache:
    """A least-recently-used map bounded in bytes: each entry weighs what `weigh` says (by default
    size_of its key and value), or the weight given to `put` (measured where the value was made,
    off the event loop). A budget of 0 keeps nothing. `get` answers MISSING for an absent key,
    since None (nothing found) is a valid cached answer."""

    def __init__(self, budget: int, weigh: Callable[[Hashable, Any], int] = _weigh) -> None:
        self.budget, self.weigh, self.used = budget, weigh, 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        item = self._items.get(key)
        if item is None:
            return MISSING
        self._items.move_to_end(key)
        return item[0]

    def put(self, key: Hashable, value: Any, weight: int | None = None) -> None:
        if self.budget <= 0:
            return
        weight = self.weigh(key, value) if weight is None else weight
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


def _weighed(compute: Callable[[], T]) -> tuple[T, int]:
    value = compute()
    return value, size_of(value)


def rows_size(rows: list[Row]) -> int:
    """What rows of text weigh: the list, each row and each value (the variable names, shared by
    every row, not counted). Values built from rows are weighed by their rows: a deep walk of
    each built value had cost as much as building it."""
    return sys.getsizeof(rows) + sum(sys.getsizeof(row) + sum(map(sys.getsizeof, row.values())) for row in rows)


def _selected(store: Store, query: str) -> tuple[list[Row], int]:
    rows = select_text(store, query)
    return rows, rows_size(rows)


@dataclass
class Reader:
    snapshot: Snapshot
    cache_bytes: int
    cache: ResultCache = field(init=False)

    def __post_init__(self) -> None:
        self.cache = self.snapshot.memo(f"graph.api.results {self.cache_bytes}", lambda: ResultCache(self.cache_bytes))

    async def rows(self, name: str, **slots: str) -> list[Row]:
        """All rows of a named query (slots already rendered as SPARQL terms)."""
        key = (name, tuple(sorted(slots.items())))
        cached = self.cache.get(key)
        if cached is MISSING:
            query = render(name, **slots)  # run off the event loop (a remote store blocks on the network,
            # Oxigraph on the CPU), and weighed there too
            cached, weight = await run_in_threadpool(_selected, self.snapshot.store, query)
            self.cache.put(key, cached, weight)
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
            try:  # abandoned (left to finish alone) if its request is stopped meanwhile (budget.py)
                cached, weight = await anyio.to_thread.run_sync(_weighed, compute, abandon_on_cancel=True)
            except ValueError as error:
                raise PublicError(str(error)) from None
            self.cache.put(("computed", key), cached, weight)
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
            query = render(batch.query, keys=iris(missing))
            grouped: defaultdict[str, list[Row]] = defaultdict(list)
            for row in await run_in_threadpool(select_text, self.snapshot.store, query):
                grouped[row["key"]].append(row)
            for key in missing:
                await pause()  # a batch of thousands of keys had held the event loop for most of a second
                rows = grouped.get(key, [])
                values[key] = batch.build(key, rows)
                self.cache.put((batch.query, key), values[key], rows_size(rows))
        return [values[key] for key in keys]
