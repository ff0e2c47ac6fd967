"""`stargate-kg draft` end to end, in a child process: a draft written, and every bad input refused
with one line naming the file, exit status 1 and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.ingest.seeds import Corpus
from tests.cli.test_main import run
from tests.draft.conftest import first_of


def test_an_article_becomes_a_draft_file(tmp_path: Path, corpus: Corpus) -> None:
    company, venture = first_of(corpus, "Company"), first_of(corpus, "JointVenture")
    article = tmp_path / "article.txt"
    article.write_text(f"{company.zh_hans}宣布向{venture.zh_hans}注资190亿美元。\n", encoding="utf-8")
    output = tmp_path / "draft.yaml"
    result = run("draft", str(article), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {output}: document ")
    data = yaml.safe_load(output.read_text(encoding="utf-8"))
    funds = next(claim for claim in data["claims"] if claim["relation"] == "funds")
    assert (funds["subject"], funds["object"]) == (company.id, venture.id)
    assert article.read_text(encoding="utf-8")[funds["start"] : funds["end"]] == funds["quote"]


def _bad_inputs(corpus: Corpus) -> dict[str, bytes]:
    seed = next(iter(corpus.documents.values()))
    return {
        "empty": b"",
        "binary": bytes(range(256)) * 8,
        "html": b"<!doctype html><html><head><meta charset=utf-8></head><body><div><p>hi</p></div></body></html>",
        "in-the-graph": seed.path.read_bytes(),
        "ten-megabytes": "星际之门。".encode() * (10 * 1024 * 1024 // 15),
        "unknown-language": "Die Gesellschaft kündigte große Investitionen in Rechenzentren an.".encode(),
    }


@pytest.mark.parametrize("name", ["empty", "binary", "html", "in-the-graph", "ten-megabytes", "unknown-language"])
def test_bad_input_is_refused_and_nothing_is_written(tmp_path: Path, corpus: Corpus, name: str) -> None:
    article = tmp_path / f"{name}.txt"
    article.write_bytes(_bad_inputs(corpus)[name])
    output = tmp_path / "draft.yaml"
    result = run("draft", str(article), "-o", str(output))
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"draft: {article}: ")
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir()] == [article.name]


def test_help_says_what_a_draft_holds() -> None:
    result = run("draft", "--help")
    assert result.returncode == 0
    assert "usage: stargate-kg draft" in result.stdout and "confidence" in result.stdout
