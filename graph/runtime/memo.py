"""Values computed at most once per key, safe to share between threads.

A snapshot (graph/store/snapshot.py) and an analytics projection (graph/analytics/projection.py) are read-only,
so what is derived from them is computed once and kept. The lock is per key: a long computation
(a betweenness run, the projection of a large graph) holds up only the callers waiting for that
same value, never a lookup of another one, such as the result cache every GraphQL request opens
on the event loop. With a `limit`, the least recently used values beyond it are let go (the
graphs as known on past dates, each a store of its own).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self, limit: int | None = None) -> None:
        self._limit = limit
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()  # guards the two dicts, held only for a lookup

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for the key, computed by `compute` on first use; concurrent callers of the
        same key wait for that one computation. An exception is raised to the caller and
        nothing is kept, so the next call tries again."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[no-any-return]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self._values[key] = value
                while self._limit is not None and len(self._values) > self._limit:
                    forgotten, _ = self._values.popitem(last=False)
                    self._locks.pop(forgotten, None)
            return value

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values
