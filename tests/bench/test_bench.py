"""bench/__main__.py: the smoke run of the one benchmark command at the smallest size (1x), as CI
runs it. Real processes throughout: the world is generated, built, queried, served over loopback
and analysed; nothing here asserts a time, only that every figure was measured and checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.report import figures
from graph.ingest.pipeline import Compiled

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("bench")
    readme_before = (ROOT / "README.md").read_bytes()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph.cli.main",
            "bench",
            "--sizes",
            "1",
            "--budget",
            "0.05",
            "--worlds",
            str(out / "worlds"),
            "--out",
            str(out / "bench.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (ROOT / "README.md").read_bytes() == readme_before, "only --readme may touch README.md"
    return json.loads((out / "bench.json").read_text(encoding="utf-8")), result.stdout


def test_the_json_describes_the_machine(smoke: tuple[dict[str, Any], str]) -> None:
    machine = smoke[0]["machine"]
    assert machine["cores_logical"] >= 1 and machine["ram_gib"] > 0 and machine["cpu"]
    assert machine["python"].startswith("3.")
    assert machine["libraries"]["pyoxigraph"] and machine["libraries"]["networkx"]
    assert len(smoke[0]["load_average_start"]) == 3


def test_the_smallest_world_is_the_seed_graph_and_builds(smoke: tuple[dict[str, Any], str], compiled: Compiled) -> None:
    [size] = smoke[0]["sizes"]
    assert size["factor"] == 1
    assert size["quads"] == len(compiled.quads)
    assert size["build"]["claims"] == len(compiled.corpus.claims)
    assert size["build"]["peak_rss_mib"] > 0


def test_every_measurement_ran_and_checked_its_answers(smoke: tuple[dict[str, Any], str]) -> None:
    [size] = smoke[0]["sizes"]
    for name, row in size["queries"]["queries"].items():
        assert row["rows"] > 0, name
    endpoint = size["queries"]["endpoint"]
    assert endpoint and all(
        row["direct_ms"] > 0 and row["http_ms"] > 0 and row["oxigraph_server_ms"] > 0 for row in endpoint.values()
    )
    memory = size["queries"]["endpoint_memory"]
    assert memory["server_mib"] > 0 and memory["oxigraph_server_mib"] > 0 and memory["first_request_ms"] > 0
    assert set(size["queries"]["exports"]) == {"turtle", "trig", "ntriples", "nquads", "jsonld", "rdfxml"}
    graphql = size["serving"]["graphql"]
    assert "entity-by-id" in graphql
    for row in graphql.values():
        assert row["graphql"]["requests"] > 0 and row["plain"]["requests"] > 0
    assert size["serving"]["api_queries"], "the GraphQL queries sent SPARQL to the store"
    assert size["serving"]["rss_after_mib"] > 0
    analytics = size["analytics"]
    assert {"projection from the store", "pagerank", "degree in/out", "conflict scan (all rules)"} <= set(
        analytics["seconds"]
    )
    assert any(name.startswith("betweenness") for name in analytics["seconds"])
    assert analytics["findings"] > 0 and analytics["path queries"] > 0


def test_the_table_is_printed(smoke: tuple[dict[str, Any], str]) -> None:
    results, stdout = smoke
    assert "build+validate s" in stdout and "1x" in stdout
    assert "build + validate, 1M quads: under 60 s" in stdout
    assert set(figures(results["sizes"][0])) >= {"build+validate s", "server RSS MiB", "export nquads s"}


def test_help_says_what_is_measured_in_words() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graph.cli.main", "bench", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())  # argparse wraps lines
    assert "build, serving, query, export and analytics figures and their targets" in text
    assert "issue" not in text.lower()  # the tracker's numbering means nothing to a user
