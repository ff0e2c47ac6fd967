"""bench/probe.py: the bulk-load baseline the build is measured against (issue 19)."""

from __future__ import annotations

import pyoxigraph as ox

from bench.probe import bulk_load_apart

N = ox.NamedNode


def test_the_baseline_bulk_loads_every_quad_in_a_fresh_interpreter() -> None:
    graph = N("https://example.org/graph")
    quads = [
        ox.Quad(N("https://example.org/a"), N("https://example.org/p"), ox.Literal("x", language="en"), graph),
        ox.Quad(N("https://example.org/a"), N("https://example.org/p"), N("https://example.org/b"), graph),
    ]
    loaded = bulk_load_apart(quads)
    assert loaded["quads"] == 2
    assert loaded["seconds"] > 0 and loaded["cpu_s"] >= 0
