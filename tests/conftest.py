"""Shared fixtures: the seed graph is compiled once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.pipeline import Compiled, compile_seeds
from graph.store import EmbeddedStore
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
