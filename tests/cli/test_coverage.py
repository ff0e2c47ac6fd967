"""`stargate-kg coverage` through a real process: its three formats, --uncovered, --fail-under, and
the errors (an unknown document, seeds that do not validate), over the self-made corpus of
tests/ingest/test_coverage.py."""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph.cli.main import build_parser
from tests.cli.test_main import run
from tests.ingest.test_coverage import CLAIMS, EXPECTED, write_coverage_corpus
from tests.seed_dirs import DOCUMENT


@pytest.fixture
def seeds(tmp_path: Path) -> str:
    return str(write_coverage_corpus(tmp_path))


def test_a_document_lists_each_sentence_with_its_line_and_what_covers_it(seeds: str) -> None:
    result = run("--seeds", seeds, "coverage", DOCUMENT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{DOCUMENT}  软银出资",
        "    1  标题：软银出资                            no fact: front matter",
        "    2  作者：某人                                no fact: front matter",
        "    4  软银出资190亿美元。                       first",
        "    4  软银出资190亿美元！                       second",
        "    4  他说：“好。”                              no fact: a remark",
        "    6  马斯克质疑资金?                           doubted",
        "    6  网址 https://x.com/a?b=1 不分句;          doubted",
        "    7  最后一句没有标点                          UNCOVERED",
        f"{DOCUMENT}: 8 sentences, 4 anchored, 3 marked, 1 uncovered: 87.5% covered",
        "",
    ]


def test_without_a_document_one_line_per_document_and_the_total(seeds: str) -> None:
    result = run("--seeds", seeds, "coverage")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "document               sentences  anchored  marked  uncovered  covered",
        f"{DOCUMENT}           8         4       3          1    87.5%",
        "total                          8         4       3          1    87.5%",
    ]


def test_uncovered_lists_the_work_left_long_sentences_cut_with_an_ellipsis(tmp_path: Path) -> None:
    seeds = write_coverage_corpus(tmp_path)
    text = seeds / "documents" / f"{DOCUMENT}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "很长" * 30 + "。\n", encoding="utf-8")
    result = run("--seeds", str(seeds), "coverage", "--uncovered")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{DOCUMENT}  软银出资",
        "    7  最后一句没有标点                          UNCOVERED",
        "    8  很长很长很长很长很长很长很长很长很长很…   UNCOVERED",  # 38 columns, the ellipsis, padding
        "",
    ]


def test_json_gives_every_sentence_and_the_figures(seeds: str) -> None:
    result = run("--seeds", seeds, "coverage", DOCUMENT, "--format", "json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    figures = {"sentences": 8, "anchored": 4, "marked": 3, "uncovered": 1, "percent": 87.5}
    assert answer["total"] == figures
    [document] = answer["documents"]
    assert document["figures"] == figures
    assert [(s["line"], s["text"], tuple(s["claims"]), tuple(s["no_facts"])) for s in document["sentences"]] == [
        *EXPECTED
    ]
    assert document["sentences"][2] == {
        "line": 4,
        "start": 15,
        "end": 26,
        "status": "anchored",
        "claims": ["first"],
        "no_facts": [],
        "text": "软银出资190亿美元。",
    }


def test_csv_rows_per_sentence_or_per_document(seeds: str) -> None:
    result = run("--seeds", seeds, "coverage", "--uncovered", "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["document", "line", "start", "end", "status", "claims", "no_facts", "sentence"],
        [DOCUMENT, "7", "88", "96", "uncovered", "", "", "最后一句没有标点"],
    ]
    result = run("--seeds", seeds, "coverage", "-f", "csv", "--fail-under", "87.5")
    assert result.returncode == 0, result.stderr  # 87.5% is not under 87.5%
    assert list(csv.reader(io.StringIO(result.stdout)))[1:] == [
        [DOCUMENT, "8", "4", "3", "1", "87.5"],
        ["total", "8", "4", "3", "1", "87.5"],
    ]


def test_fail_under_exits_1_naming_the_documents_below(seeds: str) -> None:
    result = run("--seeds", seeds, "coverage", "--fail-under", "90")
    assert result.returncode == 1
    assert result.stdout.startswith("document ")  # the report is still printed
    assert f"under 90%: {DOCUMENT} (87.5%)" in result.stderr


def test_fail_under_takes_a_percentage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        build_parser().parse_args(["coverage", "--fail-under", "101"])
    assert refused.value.code == 2
    assert "101 is not a percentage from 0 to 100" in capsys.readouterr().err


def test_an_unknown_document_is_refused_naming_the_known_ones(seeds: str) -> None:
    result = run("--seeds", seeds, "coverage", "999_ffffffffffffffff")
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"unknown document '999_ffffffffffffffff'; the documents are: {DOCUMENT}" in result.stderr


def test_seeds_that_do_not_validate_are_reported_at_their_line(tmp_path: Path) -> None:
    seeds = write_coverage_corpus(tmp_path, CLAIMS.replace("    occurrence: 2\n", ""))
    result = run("--seeds", str(seeds), "coverage")
    assert result.returncode == 1
    assert result.stdout == ""
    claims_file = seeds / "claims" / f"{DOCUMENT}.yaml"
    assert f"{claims_file}:16: claim second: quote '软银出资190亿美元' occurs 2 times (lines 4, 4)" in result.stderr
    assert "problem(s) found" in result.stderr
