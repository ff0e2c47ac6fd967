"""List indexes: a list's keys in order with what its filters read, built once per graph, so that a
page costs what it returns.

The claims and entities lists read every row of their list query per request and filtered and
paged them in Python: at a million quads, 89,600 rows and 1.7 s whenever the result cache missed
(and always with it off). Sorting in SPARQL does not help: Oxigraph sorts every match before a
LIMIT (0.6 s for one page of claims at two million quads). An index is read once per graph
version with one query, kept on the snapshot whatever the cache settings (like the search index),
and built at start-up for the lists every client uses. A page then walks the positions of the
most selective filter from the cursor, checks the other filters at each position, and stops after
`first` + 1 items; the total is counted only when a client selects it.

Cursors name a position in the index, so they stay valid for the graph version that issued them,
as Relay asks, whatever the filters: the next page starts after the last item seen.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

from graph.api.errors import PublicError
from graph.api.named_queries import render
from graph.api.pagination import Connection, Edge, PageInfo, cursor, offset_after, page_size
from graph.api.reader import select_text
from graph.http.settings import Settings
from graph.store.snapshot import Snapshot

_PREFIX = "at:"  # a position in the index, unlike pagination.py's offsets
Filters = Mapping[str, Collection[str] | None]  # column -> the values wanted (any of them); None: no filter


@dataclass(frozen=True)
class ListIndex:
    keys: tuple[str, ...]  # in the list's order
    positions: dict[str, dict[str, list[int]]]  # column -> value -> the positions holding it, ascending
    values: dict[str, list[frozenset[str]]]  # column -> each position's values

    def candidates(self, filters: Filters) -> list[Sequence[int]]:
        """Ascending positions to walk: those of the values wanted in the most selective filtered
        column (one list per value), or every position when nothing is filtered."""
        sizes: list[tuple[int, str]] = []
        for column, wanted in filters.items():
            if wanted is not None:
                by_value = self.positions[column]
                sizes.append((sum(len(by_value.get(v, ())) for v in wanted), column))
        if not sizes:
            return [range(len(self.keys))]
        column = min(sizes)[1]
        return [self.positions[column].get(value, []) for value in filters[column] or ()]

    def matches(self, position: int, filters: Filters) -> bool:
        return all(wanted is None or not self.values[c][position].isdisjoint(wanted) for c, wanted in filters.items())


def only(value: str | None) -> set[str] | None:
    """A filter admitting one value (None: no filter)."""
    return None if value is None else {value}


def build_index(rows: Sequence[Mapping[str, str]], columns: Sequence[str]) -> ListIndex:
    """The index of a list query's rows: keys in first-appearance order (the query's ORDER BY),
    each column's values per key (a key may have several rows)."""
    order: dict[str, int] = {}
    gathered: dict[str, list[set[str]]] = {column: [] for column in columns}
    for row in rows:
        key = row["key"]
        position = order.get(key)
        if position is None:
            position = order[key] = len(order)
            for column in columns:
                gathered[column].append(set())
        for column in columns:
            if (value := row.get(column)) is not None:
                gathered[column][position].add(value)
    positions: dict[str, dict[str, list[int]]] = {column: {} for column in columns}
    for column in columns:
        for position, found in enumerate(gathered[column]):
            for value in found:
                positions[column].setdefault(value, []).append(position)
    values = {column: [frozenset(found) for found in gathered[column]] for column in columns}
    return ListIndex(tuple(order), positions, values)


@dataclass(frozen=True)
class IndexSpec:
    """A list index: its named query (slots filled by the code, never by a client, so there are as
    many indexes as lists) and the columns its filters read."""

    query: str
    columns: tuple[str, ...]
    slots: tuple[tuple[str, str], ...] = ()
    pivot: tuple[str, str] | None = None  # (name, value) variables whose pairs are columns: a claim's qualifiers

    def build(self, snapshot: Snapshot) -> ListIndex:
        """The graph's index, read once (blocking: start-up and reloads call it before serving)."""

        def read() -> ListIndex:
            rows = select_text(snapshot.store, render(self.query, **dict(self.slots)))
            if self.pivot is not None:
                name, value = self.pivot
                rows = [{**row, row[name]: row[value]} if name in row and value in row else row for row in rows]
            return build_index(rows, self.columns)

        return snapshot.memo(f"graph.api.lists {self}", read)

    async def of(self, snapshot: Snapshot) -> ListIndex:
        """The graph's index, read in a worker thread if it is not yet (a view of a date, a store
        whose start-up did not prepare it)."""
        return await run_in_threadpool(self.build, snapshot)


def _from(positions: Sequence[int], start: int) -> Iterator[int]:
    """The positions from `start` on, found by bisection and never copied."""
    return (positions[i] for i in range(bisect.bisect_left(positions, start), len(positions)))


def admitted(index: ListIndex, filters: Filters, start: int = 0) -> Iterator[int]:
    """Every position from `start` that the filters admit, ascending, each once."""
    tails = [_from(positions, start) for positions in index.candidates(filters)]
    last = -1
    for position in heapq.merge(*tails):
        if position != last and index.matches(position, filters):
            yield position
        last = position


def count(index: ListIndex, filters: Filters) -> int:
    """How many positions the filters admit: each filtered column's positions as one set, and their
    intersection, in set operations rather than a walk of every position."""
    columns = [column for column, wanted in filters.items() if wanted is not None]
    if not columns:
        return len(index.keys)
    admitting = sorted(
        (
            set().union(*(index.positions[column].get(value, ()) for value in filters[column] or ()))
            for column in columns
        ),
        key=len,
    )
    return len(admitting[0].intersection(*admitting[1:]))


async def connect_indexed(
    index: ListIndex,
    filters: Filters,
    first: int | None,
    after: str | None,
    settings: Settings,
    load: Callable[[Sequence[str]], Awaitable[Sequence[Any]]],
) -> Connection[Any]:
    """The page the filters, `first` and `after` select, its nodes loaded in one call of `load`."""
    size = page_size(first, settings)
    start = offset_after(after, _PREFIX)
    if start > len(index.keys):
        raise PublicError("after: not a cursor issued by this API")
    walk = admitted(index, filters, start)
    found = [position for _, position in zip(range(size + 1), walk, strict=False)]
    window = found[:size]
    nodes = await load([index.keys[p] for p in window]) if window else []
    edges = [Edge(cursor=cursor(p, _PREFIX), node=node) for p, node in zip(window, nodes, strict=True)]
    return Connection(
        count=lambda: count(index, filters),
        page_info=PageInfo(
            has_next_page=len(found) > size,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
