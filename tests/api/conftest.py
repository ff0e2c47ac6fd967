"""Fixtures the API tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.http.settings import Settings
from graph.ingest.pipeline import Compiled
from graph.server.app import create_app
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import GraphHolder, Snapshot
from tests.graphql_http import serve_in_thread


@pytest.fixture(scope="module")
def uncached(compiled: Compiled) -> Iterator[tuple[str, EmbeddedStore]]:
    """A server with no per-version caches, whose store's calls can be counted."""
    store = EmbeddedStore(compiled.quads)
    settings = Settings(graphql_cache_bytes=0, graphql_response_cache_bytes=0)
    with serve_in_thread(create_app(GraphHolder(Snapshot(store, store.version, "test")), settings)) as url:
        yield url, store
