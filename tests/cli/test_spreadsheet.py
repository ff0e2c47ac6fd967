"""`stargate-kg csv` run for real: every table written to a file and read back by pandas, the
same table from a remote SPARQL store, and mistakes refused without writing anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas
import pytest

from graph.analytics.tables import TABLES
from graph.ingest.pipeline import Compiled
from tests.live import ROOT
from tests.stores import RemoteServer

pytest_plugins = ["tests.stores"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph.cli.main", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", list(TABLES))
def test_each_table_is_a_file_pandas_reads(tmp_path: Path, compiled: Compiled, name: str) -> None:
    out = tmp_path / f"{name}.csv"
    done = cli("csv", name, "-o", str(out))
    assert done.returncode == 0, done.stderr
    frame = pandas.read_csv(out, dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == TABLES[name].columns
    assert f"wrote {out} ({len(frame)} rows of {name})" in done.stderr
    expected = {"claims": len(compiled.corpus.claims), "entities": len(compiled.corpus.entities)}
    assert len(frame) == expected.get(name, len(frame)) and len(frame) > 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # written atomically: no temporary left


def test_claims_carry_what_the_issue_asks_for(tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    assert cli("csv", "claims", "-o", str(out)).returncode == 0
    frame = pandas.read_csv(out, dtype=str, keep_default_na=False)
    wanted = ["document", "date", "quote", "subject", "relation", "object", "amount", "currency", "bound", "status"]
    claim_model = ["quote_en", "anchor_start", "anchor_end", "joint", "polarity", "modality", "attribution"]
    assert set(wanted) | set(claim_model) | {"claimant", "amount_min", "amount_max"} <= set(frame.columns)
    assert set(frame["polarity"]) == {"positive", "negative"} and set(frame["attribution"]) == {"document", "claimant"}
    assert "asserted" in set(frame["modality"]) and (frame["quote_en"] != "").all()
    funds = frame[(frame["relation"] == "funds") & (frame["amount"] != "")]
    assert len(funds) > 5 and set(funds["currency"]) == {"USD"}
    assert {"committed", "announced"} <= set(frame["status"])
    assert {"up_to", "less_than"} <= set(frame["bound"])


def test_without_output_the_csv_goes_to_stdout() -> None:
    done = cli("csv", "findings")
    assert done.returncode == 0, done.stderr
    assert done.stdout.lstrip("\ufeff").startswith("finding,rule,title,explanation,")


def test_a_remote_store_gives_the_same_file(tmp_path: Path, remote_store: RemoteServer) -> None:
    local, remote = tmp_path / "local.csv", tmp_path / "remote.csv"
    assert cli("csv", "contradictions", "-o", str(local)).returncode == 0
    done = cli("csv", "contradictions", "--store", remote_store.query_url, "-o", str(remote))
    assert done.returncode == 0, done.stderr
    assert remote.read_bytes() == local.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["csv", "claim"], "invalid choice: 'claim'"),
        (["--seeds", "graph/seeds", "csv", "claims", "--store", "http://127.0.0.1:9/sparql"], "no seeds to read"),
        (["csv", "claims", "--store", "ftp://x"], "--store must be 'embedded' or an http(s) SPARQL endpoint URL"),
        (["csv", "claims", "--store", "http://127.0.0.1:9/sparql"], "csv: "),
    ],
)
def test_mistakes_exit_2_and_write_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "x.csv"
    done = cli(*args, "-o", str(out))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
