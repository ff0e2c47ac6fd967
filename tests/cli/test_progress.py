"""Long commands tell a terminal what they are doing and stay quiet when piped (-v: the steps anyway).

Each command runs as a person runs it, in its own interpreter, its stderr on a pseudo-terminal
(tests/terminal.py) or on a pipe.
"""

from __future__ import annotations

from pathlib import Path

from graph.ingest.pipeline import Compiled
from graph.runtime.progress import CLEAR_LINE
from tests.terminal import run_python

CLI = ("-m", "graph.cli.main")


def build_steps(compiled: Compiled) -> tuple[str, ...]:
    """The steps a build reports, with the seed graph's size."""
    return (
        "reading the seeds in",
        f"built {len(compiled.quads)} quads",
        "checking the SHACL shapes",
        "SHACL shapes conform",
    )


def test_validate_shows_its_steps_on_a_terminal(compiled: Compiled) -> None:
    run = run_python([*CLI, "validate"], terminal=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("OK: 5 documents")
    for step in build_steps(compiled):
        assert step in run.stderr


def test_validate_piped_says_nothing_and_with_v_its_steps_alone(compiled: Compiled) -> None:
    quiet = run_python([*CLI, "validate"], terminal=False)
    assert quiet.returncode == 0 and quiet.stderr == ""
    verbose = run_python([*CLI, "-v", "validate"], terminal=False)
    assert verbose.returncode == 0
    for step in build_steps(compiled):
        assert step in verbose.stderr
    assert "\r" not in verbose.stderr and "\x1b" not in verbose.stderr  # no counts in a log


def test_export_counts_the_quads_it_writes_on_a_terminal(tmp_path: Path, compiled: Compiled) -> None:
    output = tmp_path / "graph.nq"
    total = len(compiled.quads)
    run = run_python([*CLI, "export", "-f", "nquads", "-o", str(output)], terminal=True)
    assert run.returncode == 0, run.stderr
    assert "writing N-Quads" in run.stderr
    assert f"{CLEAR_LINE}quads: 1,024 of {total:,}" in run.stderr
    assert f"wrote {output}" in run.stderr
    assert output.read_text(encoding="utf-8").count("\n") == total
    piped = run_python([*CLI, "export", "-f", "nquads", "-o", str(output)], terminal=False)
    assert piped.returncode == 0 and piped.stderr == f"wrote {output} (N-Quads (one named graph per document))\n"


def test_dump_shows_its_steps_on_a_terminal(tmp_path: Path) -> None:
    output = tmp_path / "graph.dot"
    run = run_python([*CLI, "dump", "-f", "dot", "-o", str(output)], terminal=True)
    assert run.returncode == 0, run.stderr
    for step in ("SHACL shapes conform", "store ready: graph", "projecting the entity graph", "as Graphviz DOT"):
        assert step in run.stderr
    assert output.read_text(encoding="utf-8").startswith(("digraph", "strict digraph"))


def test_generate_counts_replicas_on_a_terminal_and_is_quiet_piped(tmp_path: Path) -> None:
    run = run_python(["-m", "bench.generate", "3", str(tmp_path / "x3")], terminal=True)
    assert run.returncode == 0, run.stderr
    assert "writing 3 replicas" in run.stderr
    assert f"{CLEAR_LINE}replicas: 3 of 3 (100%){CLEAR_LINE}" in run.stderr
    piped = run_python(["-m", "bench.generate", "3", str(tmp_path / "x3")], terminal=False)
    assert piped.returncode == 0
    assert piped.stderr.startswith('{"factor": 3') and piped.stderr.count("\n") == 1  # the summary alone
