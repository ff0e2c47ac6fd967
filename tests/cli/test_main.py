"""graph/cli: every command works on the seeds, has --help, and a broken seed copy fails cleanly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.cli.main import COMMANDS
from graph.ingest.seeds import DEFAULT_SEED_DIR

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert "usage: stargate-kg " + command in result.stdout


def test_validate_passes_on_the_seeds() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 5 documents")


def test_stats_lists_claims_for_every_document() -> None:
    result = run("stats")
    assert result.returncode == 0, result.stderr
    for path in (DEFAULT_SEED_DIR / "documents").glob("*.txt"):
        assert path.stem in result.stdout
    assert "contradictions" in result.stdout


def test_query_prints_a_table() -> None:
    result = run("query", "SELECT ?label WHERE { sgid:softbank rdfs:label ?label }")
    assert result.returncode == 0, result.stderr
    assert "SoftBank" in result.stdout


def test_query_reports_a_syntax_error_without_a_traceback() -> None:
    result = run("query", "SELECT WHERE {")
    assert result.returncode == 2
    assert "bad SPARQL" in result.stderr and "Traceback" not in result.stderr


BROKEN_DOC = "999_ffffffffffffffff"
BROKEN_CLAIMS = f"""\
document: {BROKEN_DOC}
claims:
  - id: quote-not-in-document
    subject: softbank
    relation: funds
    object: stargate
    quote: 这句话不在文档里
  - id: unknown-entity
    subject: nobody-at-all
    relation: funds
    object: stargate
    quote: 软银出资
  - id: wrong-value-kind
    subject: abilene-campus
    relation: hasArea
    value: {{amount: 5, currency: USD}}
    quote: 软银出资
  - id: unknown-relation
    subject: softbank
    relation: lovesDearly
    object: stargate
    quote: 软银出资
"""


def line(fragment: str) -> int:
    """The line of BROKEN_CLAIMS where `fragment` is written."""
    return next(n for n, text in enumerate(BROKEN_CLAIMS.splitlines(), 1) if fragment in text)


@pytest.fixture()
def broken_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEED_DIR, seeds)
    (seeds / "documents" / f"{BROKEN_DOC}.txt").write_text("软银出资一百亿美元。", encoding="utf-8")
    with (seeds / "documents.yaml").open("a", encoding="utf-8") as catalogue:
        catalogue.write(
            textwrap.dedent(f"""
            - id: {BROKEN_DOC}
              title: broken
              title_en: broken
              outlet: test
              published: "2025-02-30"
              language: zh
              script: Hans
            """)
        )
    (seeds / "claims" / f"{BROKEN_DOC}.yaml").write_text(BROKEN_CLAIMS, encoding="utf-8")
    (seeds / "entities" / "zz-broken.yaml").write_text(
        "- id: dangling\n  type: Company\n  label: [oops\n", encoding="utf-8"
    )
    return seeds


def test_a_broken_seed_copy_reports_every_error_as_file_line_and_writes_nothing(
    broken_seeds: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out.trig"
    result = run("--seeds", str(broken_seeds), "export", "--format", "trig", "--output", str(output), cwd=tmp_path)
    assert result.returncode == 1
    assert not output.exists()
    assert not list(tmp_path.glob(".out.trig.*"))
    err = result.stderr
    claims = f"seeds/claims/{BROKEN_DOC}.yaml"
    # each problem at the line of the field at fault
    assert (
        f"{claims}:{line('quote: 这句话')}: claim quote-not-in-document: quote is not verbatim in {BROKEN_DOC}.txt"
        in err
    )
    assert f"{claims}:{line('nobody-at-all')}: claim unknown-entity: unknown entity 'nobody-at-all' as subject" in err
    assert f"{claims}:{line('currency: USD')}: claim wrong-value-kind: relation hasArea takes a quantity value" in err
    assert f"{claims}:{line('lovesDearly')}: claim unknown-relation: unknown relation 'lovesDearly'" in err
    assert "seeds/entities/zz-broken.yaml:3: bad YAML" in err and "started at line 3" in err
    assert "seeds/documents.yaml" in err and "'published' is not a calendar date" in err
    assert "Traceback" not in err
    assert "nothing was written" in err


def test_export_writes_a_file_atomically(tmp_path: Path) -> None:
    output = tmp_path / "graph.nq"
    result = run("export", "-f", "nquads", "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8").count("\n") > 1000
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]


def test_the_global_seeds_option_reaches_serve(broken_seeds: Path) -> None:
    """`stargate-kg --seeds DIR serve` serves DIR (here: refuses its broken seeds), never the packaged ones."""
    result = run("--seeds", str(broken_seeds), "serve", "--port", "0")
    assert result.returncode == 1
    assert "quote is not verbatim" in result.stderr and "not serving" in result.stderr


def test_two_different_seed_directories_are_refused(tmp_path: Path) -> None:
    result = run("--seeds", str(tmp_path / "a"), "serve", "--seeds", str(tmp_path / "b"))
    assert result.returncode == 2
    assert "two seed directories" in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`stargate-kg analyze | head -1`: the pipe closes under a long answer; the command stops quietly."""
    process = subprocess.Popen(
        [sys.executable, "-m", "graph.cli.main", "analyze", "--limit", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=300) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
