"""Fixtures of the SPARQL tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sparql.listener import Listener


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()
