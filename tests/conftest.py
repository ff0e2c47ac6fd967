"""Shared fixtures: the seed graph is compiled once per test session."""

from __future__ import annotations

import pytest

from graph.pipeline import Compiled, compile_seeds
from graph.store import EmbeddedStore


@pytest.fixture(scope="session")
def compiled() -> Compiled:
    return compile_seeds()


@pytest.fixture(scope="session")
def store(compiled: Compiled) -> EmbeddedStore:
    return EmbeddedStore(compiled.quads)
