"""networkx dispatch backends for the analytics algorithms, through networkx's own mechanism.

An algorithm runs on the configured backend (setting `analytics_backend`) when that backend
implements it, and on plain networkx otherwise; nothing else changes, so nx-cugraph on a GPU
machine or nx-parallel on a many-core one take over the same calls. Off by default: on the
two-core machines this project is measured on, nx-parallel's betweenness is slower than
networkx's (process start-up and graph pickling outweigh two workers; see the README).

Without a backend, an algorithm with a fast path (graph/analytics/fast_paths.py: igraph where it
gives networkx's answer) runs there, else on networkx.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import networkx as nx

from graph.analytics.fast_paths import FAST_PATHS
from graph.runtime.gc_pause import paused_gc

# Per-backend configuration applied around a call: nx-parallel only spreads work over the cores
# when its networkx config is active; -1 jobs means one per core.
BACKEND_CONFIG: dict[str, dict[str, Any]] = {"parallel": {"active": True, "n_jobs": -1}}


def installed() -> list[str]:
    """Backends registered with networkx through its entry points."""
    return sorted(nx.utils.backends.backends)


def check(backend: str) -> str:
    """The backend name if it can be used ('' for plain networkx); a clear error otherwise."""
    if backend and backend not in installed():
        raise ValueError(
            f"analytics backend {backend!r} is not installed; installed backends: "
            f"{', '.join(installed()) or 'none'} ('' runs plain networkx)"
        )
    return backend


def implements(algorithm: Callable[..., Any], backend: str) -> bool:
    return bool(backend) and backend in getattr(algorithm, "backends", ())


def _configured(backend: str) -> AbstractContextManager[Any]:
    config = BACKEND_CONFIG.get(backend)
    return getattr(nx.config.backends, backend)(**config) if config else nullcontext()


def run(algorithm: Callable[..., Any], *args: Any, backend: str = "", **kwargs: Any) -> Any:
    """Call a networkx algorithm on `backend` when it implements it, else on its fast path or networkx."""
    if not implements(algorithm, check(backend)):
        with paused_gc():
            return FAST_PATHS.get(algorithm, algorithm)(*args, **kwargs)
    # Projections are never mutated once built, so networkx's cache of converted graphs stays
    # valid and its reminder about manual mutation does not apply.
    nx.config.warnings_to_ignore.add("cache")
    with _configured(backend), paused_gc():
        return algorithm(*args, backend=backend, **kwargs)
