"""graph/cli/analysis.py through the real `stargate-kg analyze` and `paths` commands."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graph.cli.main import main
from tests.analytics.claim_corpus import write_corpus

ARM_STAKE_QUOTE = "除非软银选择抛售手上所有阿里巴巴和Arm的股票"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph.cli.main", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_analyze_prints_the_ranking_and_each_finding_with_its_quotes() -> None:
    done = cli("analyze", "--measure", "degree", "--type", "Person", "--limit", "3", "--rule", "stake-in-partner")
    assert done.returncode == 0, done.stderr
    table, findings = done.stdout.split("conflict-of-interest findings")
    assert table.splitlines()[0].split() == ["rank", "entity", "label", "type", "degree"]
    assert len(table.strip().splitlines()) == 2 + 3
    assert "SoftBank Group funds Stargate and holds a stake in Arm" in findings
    assert "SoftBank Group -[funds, holdsStake]-> Stargate" in findings
    assert f"004_5cf1b9cad3f7a47d softbank-stake-arm: 「{ARM_STAKE_QUOTE}」" in findings


def test_analyze_limit_bounds_every_listing_and_says_what_it_left_out() -> None:
    done = cli("analyze", "--limit", "2")
    assert done.returncode == 0, done.stderr
    table, findings = done.stdout.split("conflict-of-interest findings")
    assert [line.split()[1] for line in table.strip().splitlines()[2:]] == ["stargate", "openai"]
    assert [line.split()[1] for line in findings.splitlines() if line[:3] in ("1. ", "2. ", "3. ")] == [
        "[disputes-while-rival]",
        "[several-roles]",
    ]
    total = len(json.loads(cli("analyze", "--json", "--limit", "0").stdout)["findings"])
    assert findings.rstrip().endswith(f"... {total - 2} more findings (--limit 0 lists all)")
    assert "more claims (--limit 0 lists all)" in findings and "more edges (--limit 0 lists all)" in findings
    assert len(done.stdout.splitlines()) < 100
    assert len(cli("analyze", "--limit", "0").stdout.splitlines()) > 300


def test_analyze_ranks_who_acts_unless_asked_for_every_class() -> None:
    def types(*args: str) -> list[str]:
        table = cli("analyze", "--no-findings", "--limit", "8", *args).stdout
        return [line.split()[-2] for line in table.strip().splitlines()[2:]]

    assert "Place" not in types()
    assert "Place" in types("--type", "Entity")  # places collect locatedIn edges


def test_analyze_json_carries_findings_with_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--json", "--limit", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["rank"] for r in data["ranking"]] == [1, 2]
    assert len(data["findings"]) == 2 < data["findings_total"]
    assert main(["analyze", "--json", "--limit", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in data["findings"]} >= {"disputes-while-rival", "several-roles", "interlock"}
    assert all(f["documents"] and f["explanation"] for f in data["findings"])
    assert len(data["findings"]) == data["findings_total"]


def test_paths_prints_each_path_with_its_claims() -> None:
    done = cli("paths", "elon-musk", "arm", "--max-length", "2", "--relations", "disputes,holdsStake")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("shortest: Elon Musk -[disputes]-> SoftBank Group -[holdsStake]-> Arm")
    assert ARM_STAKE_QUOTE in done.stdout
    assert "rebuts" not in done.stdout


@pytest.fixture(scope="module")
def claim_seeds(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The claim-model corpus (tests/analytics/claim_corpus.py): joint, negative, alleged, ranged."""
    return str(write_corpus(tmp_path_factory.mktemp("claim-seeds") / "seeds"))


def test_paths_say_what_a_path_rests_on_and_keep_bounds_with_figures(claim_seeds: str) -> None:
    done = cli("--seeds", claim_seeds, "paths", "elon-musk", "softbank")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    first = lines.index("1. (2 hops) Elon Musk -[disputes]-> Stargate <-[funds]- SoftBank")
    assert lines[first + 1].strip().startswith("rests on an opinion, an allegation and a report:")
    assert "     SoftBank funds Stargate (not asserted: reported; alleged by Elon Musk)" in lines
    assert any("[amount: under US$10 bn; alleged by Elon Musk]" in line for line in lines)
    assert any("[amount: US$20-90 bn; reported]" in line for line in lines)
    assert "Microsoft" not in done.stdout  # what a source denies is no edge of any path
    data = json.loads(cli("--seeds", claim_seeds, "paths", "elon-musk", "softbank", "--json").stdout)
    first_path = data["paths"][0]
    assert first_path["rests_on"].startswith("rests on an opinion")
    funds = next(e for step in first_path["steps"] for e in step["edges"] if e["relation"] == "funds")
    assert funds["rests_on"] == ["alleged", "reported"]
    assert {c["figure"] for c in funds["claims"]} == {"under US$10 bn", "US$20-90 bn"}
    assert {(c["modality"], c["bound"], c["amount_min"]) for c in funds["claims"]} == {
        ("alleged", "less_than", None),
        ("reported", "", 20_000_000_000.0),
    }


def test_joint_parties_are_printed_with_each_claim(claim_seeds: str) -> None:
    done = cli("--seeds", claim_seeds, "paths", "oracle", "mgx")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("shortest: Oracle -[funds]-> Stargate <-[funds]- MGX")
    assert "[amount: US$7 bn; jointly: Oracle, MGX]" in done.stdout


def test_analyze_findings_say_what_they_rest_on_and_the_ranking_can_count_asserted_claims(claim_seeds: str) -> None:
    done = cli("--seeds", claim_seeds, "analyze", "--measure", "out_degree", "--type", "Entity", "--limit", "0")
    assert done.returncode == 0, done.stderr
    assert "(rests on an opinion: Elon Musk disputes Stargate (opinion by Elon Musk))" in done.stdout
    every = json.loads(
        cli("--seeds", claim_seeds, "analyze", "--json", "--measure", "out_degree", "--type", "Entity").stdout
    )
    asserted = json.loads(
        cli(
            "--seeds",
            claim_seeds,
            "analyze",
            "--json",
            "--measure",
            "out_degree",
            "--type",
            "Entity",
            "--modality",
            "asserted",
        ).stdout
    )
    score = {r["entity"]: r["score"] for r in every["ranking"]}
    counted = {r["entity"]: r["score"] for r in asserted["ranking"]}
    assert (score["softbank"], counted["softbank"]) == (1.0, 0.0)
    assert [f["rests_on"] for f in asserted["findings"]] == [f["rests_on"] for f in every["findings"]]  # ranking only


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["paths", "elon-musk", "nobody"], "unknown entity 'nobody'"),
        (["analyze", "--rule", "nope"], "unknown conflict rule 'nope'"),
        (["analyze", "--type", "Alien"], "unknown entity type(s) Alien"),
        (["analyze", "--modality", "sure"], "unknown modality(ies) sure; modalities: asserted"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err
