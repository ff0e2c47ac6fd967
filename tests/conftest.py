"""Shared fixtures: the seed graph is compiled once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium import webdriver

from graph.ingest.pipeline import Compiled, compile_seeds
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import Snapshot
from graph.visual.scope import Scope
from graph.visual.view import View, build_view
from tests.chromium import chromium
from tests.live import LiveServer, run_server


@pytest.fixture(scope="session")
def compiled() -> Compiled:
    return compile_seeds()


@pytest.fixture(scope="session")
def store(compiled: Compiled) -> EmbeddedStore:
    return EmbeddedStore(compiled.quads)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real uvicorn serving the seed graph from the embedded store, shared by the session."""
    with run_server(log_dir=tmp_path_factory.mktemp("live")) as server:
        yield server


@pytest.fixture(scope="module")
def snapshot(store: EmbeddedStore) -> Snapshot:
    return Snapshot(store, store.version, "test")


@pytest.fixture(scope="module")
def whole(snapshot: Snapshot) -> View:
    """The graph page's default view: every entity and relation of the seed graph."""
    return build_view(snapshot, Scope())


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """A headless Chromium with no network but 127.0.0.1 (tests/chromium.py), one per module."""
    with chromium() as driver:
        yield driver
