"""The graph a server answers from, swapped atomically on reload.

A `Snapshot` is immutable: a store plus what is derived from it (analytics projection, caches),
computed at most once per snapshot. `GraphHolder.current` is replaced in a single assignment,
so each request, which reads it once, sees the old graph or the new one, never a mix.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from graph.ingest.pipeline import Progress, compile_seeds, quiet
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.runtime.memo import Memo
from graph.store.backends import EmbeddedStore, RemoteStore, Store

T = TypeVar("T")


@dataclass
class Snapshot:
    store: Store
    version: str
    source: str
    loaded_at: float = field(default_factory=time.time)
    _memo: Memo = field(default_factory=Memo, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Compute a derived artefact once per snapshot (the graph is read-only between reloads)."""
        return self._memo.get(key, compute)


def open_snapshot(store_spec: str = "embedded", seeds: str | Path = "", *, progress: Progress = quiet) -> Snapshot:
    """Build the embedded store from the seeds, or connect to a remote SPARQL endpoint, telling
    `progress` each step (the server logs them; the CLI shows them on a terminal)."""
    if store_spec == "embedded":
        seed_dir = Path(seeds) if seeds else DEFAULT_SEED_DIR
        quads = compile_seeds(seed_dir, progress=progress).quads
        progress(f"loading {len(quads)} quads into the embedded store")
        store: Store = EmbeddedStore(quads)
        progress(f"store ready: graph {store.version}")
        return Snapshot(store, store.version, f"embedded:{seed_dir}")
    if store_spec.startswith(("http://", "https://")):
        progress(f"connecting to the SPARQL endpoint {store_spec}")
        remote = RemoteStore(store_spec)
        version = remote.version
        progress(f"store ready: graph {version} at {store_spec}")
        return Snapshot(remote, version, store_spec)
    raise ValueError(f"--store must be 'embedded' or an http(s) SPARQL endpoint URL, got {store_spec!r}")


def _nothing_to_prepare(snapshot: Snapshot) -> None:
    return None


@dataclass
class GraphHolder:
    current: Snapshot
    errors: list[str] = field(default_factory=list)  # problems of the last failed reload
    reloads: int = 0
    # what every graph needs before it serves (indexes); create_app sets it
    prepare: Callable[[Snapshot], None] = _nothing_to_prepare

    def swap(self, snapshot: Snapshot) -> None:
        """Prepare the new graph (in the caller's thread, a reload's worker), then serve it."""
        self.prepare(snapshot)
        self.current = snapshot
        self.errors = []
        self.reloads += 1
