"""Relay-style cursor connections over lists whose keys come from one query.

The keys of a list (IRIs, in a stable order) are read once per graph version; a page is a slice
of them, and only the page's nodes are loaded. Cursors are opaque offsets into that order, valid
for the graph version that issued them (the graph is read-only between reloads). Page sizes are
capped by the `max_page_size` setting.
See https://relay.dev/graphql/connections.htm.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from graph.api.errors import PublicError
from graph.http.settings import Settings

T = TypeVar("T")
K = TypeVar("K")
_PREFIX = "offset:"


@strawberry.type(description="Where a page sits in its list (Relay PageInfo).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list: edges (items with cursors), the page's position and the list's size.")
class Connection(Generic[T]):
    count: strawberry.Private[Callable[[], int]]  # the list's size, counted only when asked (graph/api/lists.py)
    page_info: PageInfo
    edges: list[Edge[T]]

    @strawberry.field(description="Items in the whole list, across all pages.")
    def total_count(self) -> int:
        return self.count()

    @strawberry.field(description="The page's items without their cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def cursor(offset: int, prefix: str = _PREFIX) -> str:
    """An opaque cursor: the item's place, an offset or (graph/api/lists.py) an index position."""
    return base64.urlsafe_b64encode(f"{prefix}{offset}".encode()).decode()


def offset_after(after: str | None, prefix: str = _PREFIX) -> int:
    """The place of the first item after the cursor (0 without one)."""
    if after is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(after.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    if not text.startswith(prefix) or not text[len(prefix) :].isdigit():
        raise PublicError("after: not a cursor issued by this API")
    return int(text[len(prefix) :]) + 1


def page_size(first: int | None, settings: Settings) -> int:
    if first is None:
        return min(settings.default_page_size, settings.max_page_size)
    if first < 0 or first > settings.max_page_size:
        raise PublicError(f"first: must be between 0 and {settings.max_page_size}, got {first}")
    return first


async def connect(
    keys: Sequence[K],
    first: int | None,
    after: str | None,
    settings: Settings,
    load: Callable[[Sequence[K]], Awaitable[Sequence[Any]]] | None = None,
) -> Connection[T]:
    """The page of `keys` that `first`/`after` select, its nodes loaded in one call of `load`
    (without `load`, the keys are the nodes themselves)."""
    size = page_size(first, settings)
    start = offset_after(after)
    window = keys[start : start + size]
    nodes: Sequence[Any] = window if load is None else (await load(window) if window else [])
    edges = [Edge(cursor=cursor(start + i), node=node) for i, node in enumerate(nodes)]
    return Connection(
        count=lambda: len(keys),
        page_info=PageInfo(
            has_next_page=start + size < len(keys),
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
