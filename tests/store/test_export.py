"""export.py: every format parses back, with an independent parser, to the dataset's quads."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph.ingest.pipeline import Compiled
from graph.store.export import EXPORTS, serialize_to, write_atomically


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


def test_a_killed_writer_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old complete content")
    script = (
        "import sys, time; from pathlib import Path; from graph.store.export import write_atomically\n"
        "def slow(out):\n"
        "    for _ in range(1000):\n"
        "        out.write(b'x' * 1000); out.flush(); time.sleep(0.01)\n"
        f"write_atomically(Path({str(target)!r}), slow)\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob(".out.txt.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert target.read_text() == "old complete content"


def test_write_atomically_replaces_the_file_when_done(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, lambda out: out.write(b"new"))
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
