"""The per-request context: the snapshot read once, the reader over it, and DataLoaders.

`request.app.state.graph.current` is read once per request, so every resolver of one request
sees the same graph even if a reload swaps it mid-request. DataLoaders are created per request
(on first use): loads issued in one tick of the event loop become one SPARQL query, which is what
keeps a nested query at a constant number of store calls whatever the number of items.

A field asked `asOf` a date answers from that date's graph through a context of its own
(graph/api/as_of.py); the request's context keeps them, by date and by the response path they
answer under.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar, Union

import anyio.to_thread
from graphql.pyutils import Path
from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from graph.api.budget import Budget
from graph.api.errors import PublicError
from graph.api.reader import MISSING, Batch, Reader
from graph.http.settings import Settings
from graph.store.snapshot import GraphHolder, NoSources, Snapshot

T = TypeVar("T")
U = TypeVar("U")
Maybe = Union[T, Awaitable[T]]  # noqa: UP007 (a generic alias needs Union)


@dataclass
class Context:
    request: Request | None
    response: Response | None
    snapshot: Snapshot
    settings: Settings
    reader: Reader
    budget: Budget
    parent: Context | None = None  # for the context of a date's graph, the request's own
    views: dict[int, tuple[Path, Context]] = field(default_factory=dict, repr=False)  # id(path) -> (path, view)
    _days: dict[dt.date, Context] = field(default_factory=dict, repr=False)
    _loaders: dict[str, DataLoader[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def request_context(self) -> Context:
        return self.parent or self

    async def as_of(self, day: dt.date) -> Context:
        """The context answering from the graph as known on `day`, one per date and request; the
        graph is built in a worker thread the first time any request asks for its documents."""
        own = self.request_context
        if day not in own._days:
            try:
                async with own.budget.paused():  # the graph's work, done once for every request
                    snapshot = await anyio.to_thread.run_sync(own.snapshot.as_of, day)
            except NoSources as error:
                raise PublicError(str(error)) from None
            view = context_for(snapshot, own.settings, own.request, own.response, own.budget)
            view.parent = own
            own._days[day] = view
        return own._days[day]

    def enter(self, path: Path, view: Context) -> None:
        """Answer everything under this response path from `view`."""
        self.views[id(path)] = (path, view)

    def at(self, path: Path | None) -> Context:
        """The context of the nearest path above (or at) `path` that asked for a date, else this one."""
        while path is not None:
            entry = self.views.get(id(path))
            if entry is not None and entry[0] is path:
                return entry[1]
            path = path.prev
        return self

    def loader(self, batch: Batch[T]) -> DataLoader[str, T]:
        if batch.query not in self._loaders:
            self._loaders[batch.query] = DataLoader(load_fn=partial(self.reader.batch, batch))
        return self._loaders[batch.query]

    async def load(self, batch: Batch[T], key: str) -> T:
        return await self.loader(batch).load(key)

    async def load_many(self, batch: Batch[T], keys: Sequence[str]) -> list[T]:
        return list(await self.loader(batch).load_many(keys))

    def fetch(self, batch: Batch[T], key: str) -> Maybe[T]:
        """The value if this graph version's cache has it, else an awaitable from the DataLoader.

        Resolvers return this as is (graphql-core awaits what needs awaiting): a warm cache then
        costs no coroutine, future or task per field, which is most of the cost of a nested query.
        """
        cached = self.reader.cache.get((batch.query, key))
        return self.loader(batch).load(key) if cached is MISSING else cached

    def fetch_many(self, batch: Batch[T], keys: Sequence[str]) -> Maybe[list[T]]:
        cache = self.reader.cache
        values = [cache.get((batch.query, key)) for key in keys]
        if any(value is MISSING for value in values):
            return self.load_many(batch, keys)
        return values


def then(value: Maybe[T], step: Callable[[T], Maybe[U]]) -> Maybe[U]:
    """Apply `step` to a value that may still have to be awaited, staying synchronous if it need not."""
    if not inspect.isawaitable(value):
        return step(value)
    pending: Awaitable[T] = value

    async def chained() -> U:
        result = step(await pending)
        return await result if inspect.isawaitable(result) else result

    return chained()


def present(values: list[T | None]) -> list[T]:
    """The values found (a key that names nothing gives None)."""
    return [value for value in values if value is not None]


def budget_for(settings: Settings) -> Budget:
    return Budget(settings.graphql_timeout, settings.max_selected_fields)


def context_for(
    snapshot: Snapshot,
    settings: Settings,
    request: Request | None = None,
    response: Response | None = None,
    budget: Budget | None = None,
) -> Context:
    reader = Reader(snapshot, settings.graphql_cache_bytes)
    return Context(request, response, snapshot, settings, reader, budget or budget_for(settings))


def current_snapshot(request: Request) -> Snapshot:
    """The graph this request answers from, read from the holder once and kept on the request."""
    if not hasattr(request.state, "snapshot"):
        holder: GraphHolder = request.app.state.graph
        request.state.snapshot = holder.current
    snapshot: Snapshot = request.state.snapshot
    return snapshot


def request_context(request: Request, response: Response) -> Context:
    """The context of an HTTP request, under the budget its route runs it with."""
    budget: Budget = request.state.budget
    return context_for(current_snapshot(request), request.app.state.settings, request, response, budget)
