"""EmbeddedStore: the built dataset in Oxigraph, with a version that identifies its content."""

from __future__ import annotations

import random

import pyoxigraph as ox

from graph.ingest.pipeline import Compiled
from graph.store.backends import EmbeddedStore


def test_equal_datasets_have_equal_versions_whatever_the_order_of_their_quads(compiled: Compiled) -> None:
    shuffled = list(compiled.quads)
    random.Random(8).shuffle(shuffled)
    assert EmbeddedStore(shuffled).version == EmbeddedStore(compiled.quads).version


def test_one_changed_quad_changes_the_version(compiled: Compiled) -> None:
    first, *rest = compiled.quads
    edited = ox.Quad(first.subject, first.predicate, ox.Literal("edited"), first.graph_name)
    assert EmbeddedStore([edited, *rest]).version != EmbeddedStore(compiled.quads).version
