"""The graph a server answers from, swapped atomically on reload.

A `Snapshot` is immutable: a store plus what is derived from it (analytics projection, caches),
computed at most once per snapshot. `GraphHolder.current` is replaced in a single assignment,
so each request, which reads it once, sees the old graph or the new one, never a mix.

An embedded graph keeps the sources it was built from, so that it can answer as known on a date
(graph/ingest/as_of.py): `as_of` builds that graph once and keeps the few last asked for.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from graph.ingest.as_of import compile_view, known_on, last_day
from graph.ingest.pipeline import Progress, Sources, compile_seeds, quiet
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.runtime.memo import Memo
from graph.store.backends import EmbeddedStore, RemoteStore, Store

T = TypeVar("T")
AS_OF_VIEWS = 4  # graphs as known on past dates kept per snapshot (there are as many as publication dates)


class NoSources(Exception):
    """The graph was not built here (a remote store), so it cannot be built again as of a date."""


@dataclass
class Snapshot:
    store: Store
    version: str
    source: str
    loaded_at: float = field(default_factory=time.time)
    sources: Sources | None = field(default=None, repr=False)  # what an embedded graph was built from
    view_of: str | None = None  # the version of the graph this one is an as-of view of
    _memo: Memo = field(default_factory=Memo, repr=False)
    _views: Memo = field(default_factory=lambda: Memo(AS_OF_VIEWS), repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Compute a derived artefact once per snapshot (the graph is read-only between reloads)."""
        return self._memo.get(key, compute)

    def as_of(self, day: dt.date) -> Snapshot:
        """The graph as known on `day`: built from the documents published by then (blocking:
        the first call for a set of documents builds it)."""
        if self.sources is None:
            raise NoSources(
                "the graph as of a date is built again from the seeds, and this server did not build the graph it "
                f"serves ({self.source}: a remote store, or a store loaded as it is): serve the embedded store "
                "built from the seeds to ask for it"
            )
        documents = known_on(self.sources.corpus, day)
        return self._views.get(documents, lambda: self._view(documents))

    def _view(self, documents: frozenset[str]) -> Snapshot:
        assert self.sources is not None
        compiled = compile_view(self.sources, documents)
        dates = [last_day(record.published) for record in compiled.corpus.documents.values() if record.published]
        label = max(dates).isoformat() if dates else "none"
        store = EmbeddedStore(compiled.quads)
        return Snapshot(store, f"{self.version}@{label}", f"{self.source} as of {label}", view_of=self.version)


def open_snapshot(
    store_spec: str = "embedded", seeds: str | Path = "", *, progress: Progress = quiet, timeout: float = 30.0
) -> Snapshot:
    """Build the embedded store from the seeds, or connect to a remote SPARQL endpoint (waiting at
    most `timeout` seconds for each of its answers), telling `progress` each step (the server logs
    them; the CLI shows them on a terminal)."""
    if store_spec == "embedded":
        seed_dir = Path(seeds) if seeds else DEFAULT_SEED_DIR
        compiled = compile_seeds(seed_dir, progress=progress)
        progress(f"serving the {len(compiled.quads)} quads the build loaded as the embedded store")
        store: Store = EmbeddedStore.of(compiled)
        progress(f"store ready: graph {store.version}")
        return Snapshot(store, store.version, f"embedded:{seed_dir}", sources=compiled.sources)
    if store_spec.startswith(("http://", "https://")):
        progress(f"connecting to the SPARQL endpoint {store_spec}")
        remote = RemoteStore(store_spec, timeout=timeout)
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
