"""EmbeddedStore: the built dataset in Oxigraph, with a version that identifies its content."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from graph.ingest.pipeline import Compiled
from graph.store.backends import EmbeddedStore, StoreError
from graph.vocab import namespaces as ns


def test_equal_datasets_have_equal_versions_whatever_the_order_of_their_quads(compiled: Compiled) -> None:
    shuffled = list(compiled.quads)
    random.Random(8).shuffle(shuffled)
    assert EmbeddedStore(shuffled).version == EmbeddedStore(compiled.quads).version


def test_one_changed_quad_changes_the_version(compiled: Compiled) -> None:
    first, *rest = compiled.quads
    edited = ox.Quad(first.subject, first.predicate, ox.Literal("edited"), first.graph_name)
    assert EmbeddedStore([edited, *rest]).version != EmbeddedStore(compiled.quads).version


def test_errors_point_into_the_query_as_written(compiled: Compiled) -> None:
    """The project's prefixes are predeclared without being pasted before the text, so a
    one-line query's error is on line 1 (it was line 14, shifted by the prefix lines)."""
    store = EmbeddedStore(compiled.quads)
    with pytest.raises(StoreError, match=r"error at 1:23"):
        store.raw_query("SELECT ?x WHERE { ?x }")


def test_relative_iris_resolve_against_the_dataset_base(compiled: Compiled) -> None:
    store = EmbeddedStore(compiled.quads)
    [row] = store.select("SELECT ?label WHERE { <id/softbank> rdfs:label ?label FILTER(lang(?label) = 'en') }")
    assert row["label"].value == "SoftBank Group"
    assert store.ask(f"ASK {{ FILTER(<id/softbank> = <{ns.ENTITY}softbank>) }}")
