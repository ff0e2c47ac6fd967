"""What one GraphQL request may spend while its answer is built: time, fields, the event loop.

graph/api/query_size.py refuses, before anything runs, a document whose answer could be too large
under its assumptions (a plain list holds about `graphql_list_size` items). What a request really
spends is bounded here, field by field as its resolvers are called:

- time: a request still running after `graphql_timeout` seconds is stopped;
- fields: an answer that really grows past `max_selected_fields` fields (lists longer than
  assumed) is stopped there;
- the event loop: resolvers run on it, and with a warm cache a whole answer is built without
  awaiting anything, so one large answer held every other request (/health included) for its
  whole duration: 22 s for 48 MB. Once resolvers have held the loop for SLICE seconds without it
  turning, every further list or connection field is deferred to a later turn, so timers, I/O
  and other requests run in between. Lists are the unit, and a list of PACED_ITEMS items or more
  is handed to graphql-core as an async iterable, so that it too lets the loop turn between two
  items (completed at once, a page of 100 held a busy machine's loop 50 to 90 ms); each
  deferral costs graphql-core a task, which deferring every field (tried first) made the main
  cost of a large answer.

Threads were tried too (each request's answer built on an event loop of its own): a thread
computing in Python delays the server's loop by the operating system's scheduling of the two
threads, over 100 ms at the 99th percentile on a busy 2-core machine, and json.dumps holds the
interpreter for the whole of a large answer; a loop that turns on its own measured 20 ms.

A request is stopped by cancelling its task (the deadline of `asyncio.timeout`, brought forward),
which takes effect at its next await; until then every further field raises at once, so an
answer being built unwinds in microseconds per remaining sibling. `Budget.why()` says why.
"""

from __future__ import annotations

import asyncio
import inspect
import time
import weakref
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLList, GraphQLOutputType, GraphQLResolveInfo, get_named_type, get_nullable_type
from strawberry.extensions import SchemaExtension

from graph.api.errors import PublicError

CLOCK_EVERY = 64  # fields between two looks at the clock
SLICE = 0.01  # seconds resolvers may hold the event loop before it must turn
WAKE = 64  # most deferred list fields resumed in one turn of the loop
PACED_ITEMS = 8  # lists of this many items or more are completed item by item, the loop turning between


class _Turns:
    """One event loop's turns, as resolvers see them.

    A marker callback is scheduled with call_soon: it runs on the loop's next turn (callbacks
    scheduled while the loop runs its ready queue wait for the turn after), so "the marker has
    not run" means "still the turn in which it was scheduled". The marker also resumes deferred
    fields, first come first served: one more per turn while turns stay within a slice, one
    after a longer turn (a resumed list completes all its items at once, a page of 100 in tens
    of milliseconds); resuming every deferred field at once had made single turns of seconds. A
    list whose resolver awaits (a DataLoader batch, which wakes all its waiters at once) is handed
    over the same way when its value is there.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.deferred: deque[tuple[asyncio.Future[Any], Callable[[], Any]]] = deque()
        self.wake = 1
        self._restart()

    def _restart(self) -> None:
        self.since, self.turned = time.perf_counter(), False
        self.loop.call_soon(self._turn)

    def _turn(self) -> None:
        self.turned = True
        if self.deferred:
            took = time.perf_counter() - self.since  # the last turn, since the marker was scheduled
            self.wake = 1 if took > SLICE else min(WAKE, self.wake + 1)
            self._restart()
            for _ in range(min(self.wake, len(self.deferred))):
                future, resolve = self.deferred.popleft()
                if not future.done():  # else cancelled with its request
                    self._settle(future, resolve)

    def due(self) -> bool:
        """Whether the loop must turn before more lists are resolved."""
        if time.perf_counter() - self.since <= SLICE:
            return False
        if self.turned:  # the loop has turned since: a new slice starts now
            self._restart()
            return False
        return True

    def _enqueue(self, future: asyncio.Future[Any], resolve: Callable[[], Any]) -> None:
        self.deferred.append((future, resolve))
        if self.turned:  # no marker pending: schedule one
            self._restart()

    def defer(self, resolve: Callable[[], Any]) -> asyncio.Future[Any]:
        """A field resolved by `resolve` on a later turn."""
        future = self.loop.create_future()
        self._enqueue(future, resolve)
        return future

    def deliver(self, awaitable: Awaitable[Any]) -> asyncio.Future[Any]:
        """The awaitable's value, handed over on a turn after it is there."""
        future = self.loop.create_future()
        self._chain(future, awaitable)
        return future

    def _chain(self, future: asyncio.Future[Any], awaitable: Awaitable[Any]) -> None:
        inner = asyncio.ensure_future(awaitable)  # a task of its own, cancelled with the future
        inner.add_done_callback(lambda done: self._enqueue(future, done.result))
        future.add_done_callback(lambda _: inner.cancel())

    def _settle(self, future: asyncio.Future[Any], resolve: Callable[[], Any]) -> None:
        try:
            result = resolve()
        except asyncio.CancelledError:
            future.cancel()
        except Exception as error:  # the field's error, reported as any resolver's is
            future.set_exception(error)
        else:
            if inspect.isawaitable(result):
                self._chain(future, result)
            else:
                future.set_result(self.pace(result))

    def pace(self, value: Any) -> Any:
        """A list of PACED_ITEMS items or more as an async iterable that lets the loop turn between
        two items when resolvers have held it for a slice; any other value as it is."""
        if not isinstance(value, (list, tuple)) or len(value) < PACED_ITEMS:
            return value

        async def paced() -> AsyncIterator[Any]:
            for item in value:
                if self.due():
                    await self.defer(lambda: None)
                yield item

        return paced()


_TURNS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Turns] = weakref.WeakKeyDictionary()


def _turns() -> _Turns:
    loop = asyncio.get_running_loop()
    turns = _TURNS.get(loop)
    if turns is None:
        turns = _TURNS[loop] = _Turns(loop)
    return turns


@dataclass
class Budget:
    seconds: float
    max_fields: int
    fields: int = 0
    exceeded: str = ""  # why the request was stopped; '' while it may run
    deadline: float = float("inf")  # time.monotonic() when it must stop
    _timeout: asyncio.Timeout | None = field(default=None, repr=False)
    _paused: int = field(default=0, repr=False)  # how many `paused` blocks are running
    _paused_at: float = field(default=0.0, repr=False)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the request's work under this budget: on exit, TimeoutError if it was stopped."""
        self.deadline = time.monotonic() + self.seconds
        async with asyncio.timeout(self.seconds) as timeout:
            self._timeout = timeout
            yield
        self._timeout = None

    @asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Work done for the graph rather than for this request (building the graph as known on a
        date, kept for the requests after): its time is not the request's. Built from a million
        quads, such a graph took longer than the whole default budget, so the first request asking
        for it could never be answered. The deadline moves on by the time spent in the block."""
        if self._paused == 0:
            self._paused_at = time.monotonic()
            if self._timeout is not None and not self.exceeded:
                self._timeout.reschedule(None)
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1
            if self._paused == 0:
                self.deadline += time.monotonic() - self._paused_at
                if self._timeout is not None and not self.exceeded:
                    remaining = self.deadline - time.monotonic()
                    self._timeout.reschedule(asyncio.get_running_loop().time() + remaining)

    def stop(self, reason: str) -> None:
        if not self.exceeded:
            self.exceeded = reason
            if self._timeout is not None:
                self._timeout.reschedule(asyncio.get_running_loop().time())

    def why(self) -> str:
        """The client's message for a stopped request."""
        return self.exceeded or self._late()

    def _late(self) -> str:
        return (
            f"the query ran longer than {self.seconds:g} s and was stopped: ask for less "
            "(smaller pages, fewer nested lists)"
        )

    def spend(self) -> None:
        """One more field: stop the request if it is over its budget, and then refuse the field."""
        self.fields += 1
        if self.fields > self.max_fields:
            self.stop(
                f"the answer grew past {self.max_fields} fields (a list longer than the query's size "
                "estimate assumed) and was stopped: ask for smaller pages or fewer nested lists"
            )
        elif self.fields % CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
            self.stop(self._late())
        if self.exceeded:
            raise PublicError(self.exceeded)


# (type, field) -> whether it is deferrable: asked of every field of every answer (2,500 fields of
# a page of contradictions), so the type walk is done once per field of the schema
_DEFERRABLE: dict[tuple[str, str], bool] = {}


def _deferrable(field_type: GraphQLOutputType) -> bool:
    """Lists, and connections (whose resolvers page through a whole list)."""
    nullable = get_nullable_type(field_type)
    return isinstance(nullable, GraphQLList) or get_named_type(nullable).name.endswith("Connection")


async def pause() -> None:
    """Let the event loop turn first if resolvers have held it for a slice (for work between
    fields: building the values of a large batch)."""
    turns = _turns()
    if turns.due():
        await turns.defer(lambda: None)


class Budgeted(SchemaExtension):
    """Counts every field against the request's Budget, and lets the event loop turn."""

    def resolve(
        self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], *args: Any, **kwargs: Any
    ) -> Any:
        info.context.budget.spend()
        key = (info.parent_type.name, info.field_name)
        deferrable = _DEFERRABLE.get(key)
        if deferrable is None:
            deferrable = _DEFERRABLE[key] = _deferrable(info.return_type)
        if not deferrable:
            return _next(root, info, *args, **kwargs)
        turns = _turns()
        if turns.due():
            return turns.defer(lambda: _next(root, info, *args, **kwargs))
        result = _next(root, info, *args, **kwargs)
        return turns.deliver(result) if inspect.isawaitable(result) else turns.pace(result)
