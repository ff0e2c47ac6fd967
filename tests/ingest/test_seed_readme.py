"""graph/seeds/README.md on a new document's id: the pattern it states is the one the parser
enforces, and its worked example, run as written, gives an id the corpus accepts."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from graph.ingest.seeds import DEFAULT_SEED_DIR, DOCUMENT_ID_PATTERN, load_corpus
from graph.ingest.validate import check_corpus
from graph.vocab.vocabulary import load_vocabulary

SECTION = (DEFAULT_SEED_DIR / "README.md").read_text(encoding="utf-8").split("## A new document's id\n", 1)[1]
SECTION = SECTION.split("\n## ", 1)[0]


def example() -> tuple[list[str], str]:
    """The example's commands (without their '$ ' and comments) and the id it prints."""
    block = re.search(r"^```sh\n(.*?)^```$", SECTION, flags=re.S | re.M)
    assert block is not None
    lines = block.group(1).splitlines()
    commands = [line[2:].split("   # ")[0] for line in lines if line.startswith("$ ")]
    printed = [line for line in lines if not line.startswith("$ ")]
    assert len(printed) == 1
    return commands, printed[0]


def test_the_section_states_the_pattern_the_parser_enforces() -> None:
    assert f"`{DOCUMENT_ID_PATTERN.pattern}`" in SECTION
    assert f"pattern {DOCUMENT_ID_PATTERN.pattern})" in SECTION


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils' sha256sum")
def test_the_worked_example_prints_its_id(tmp_path: Path) -> None:
    commands, printed = example()
    done = subprocess.run(["bash", "-c", "\n".join(commands)], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == printed
    assert DOCUMENT_ID_PATTERN.match(printed)


def test_a_document_with_the_example_id_joins_the_corpus(tmp_path: Path) -> None:
    commands, doc_id = example()
    text = re.search(r"printf '(.*?)\\n'", commands[0])
    assert text is not None
    seeds = shutil.copytree(DEFAULT_SEED_DIR, tmp_path / "seeds")
    (seeds / "documents" / f"{doc_id}.txt").write_text(text.group(1) + "\n", encoding="utf-8")
    record = f"""\
        - id: {doc_id}
          title: 星际之门阿比林动工
          title_en: Example
          outlet: 示例
          published: "2025-06"
          language: zh
          script: Hans
        """
    with (seeds / "documents.yaml").open("a", encoding="utf-8") as catalogue:
        catalogue.write(textwrap.dedent(record))
    claim = f"""\
        document: {doc_id}
        claims:
          - id: abilene-campus-in-abilene
            subject: abilene-campus
            relation: locatedIn
            object: abilene
            quote: 得州阿比林
            quote_en: Abilene, Texas
        """
    (seeds / "claims" / f"{doc_id}.yaml").write_text(textwrap.dedent(claim), encoding="utf-8")
    corpus = load_corpus(seeds)
    assert corpus.problems == [] and check_corpus(corpus, load_vocabulary()) == []
    assert doc_id in corpus.documents


def test_an_id_off_the_pattern_is_reported_as_the_section_says(tmp_path: Path) -> None:
    seeds = shutil.copytree(DEFAULT_SEED_DIR, tmp_path / "seeds")
    catalogue = seeds / "documents.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("004_5cf1b9cad3f7a47d", "4_5CF1"), "utf-8")
    (seeds / "documents" / "004_5cf1b9cad3f7a47d.txt").rename(seeds / "documents" / "4_5CF1.txt")
    problems = [str(p) for p in load_corpus(seeds).problems]
    assert any(f"'id' '4_5CF1' is not a valid id (pattern {DOCUMENT_ID_PATTERN.pattern})" in p for p in problems)
