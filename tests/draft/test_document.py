"""An article as a new document: its id, its catalogue record, and every input refused."""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from graph.draft.document import ArticleError, next_serial, read_article
from graph.draft.rules import load_rules
from graph.ingest.seeds import Corpus

ARTICLE = """星际之门再获注资
发布日期:2025-01-23 08:34:32 来源:某某科技报
软银集团周二宣布，将向星际之门注资190亿美元。
"""


def test_the_id_is_the_next_serial_and_the_hash_of_the_bytes(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "new.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = read_article(path, corpus.documents)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert article.id == f"{next_serial(corpus.documents):03d}_{digest[:16]}"
    assert int(article.id[:3]) == max(int(d[:3]) for d in corpus.documents) + 1


def test_title_outlet_and_date_are_read_from_the_first_lines(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "new.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = read_article(path, corpus.documents)
    assert (article.title, article.outlet) == ("星际之门再获注资", "某某科技报")
    assert article.published is not None and article.published.iso == "2025-01-23"
    assert "line 2" in article.published_note
    assert (article.language, article.script) == ("zh", "Hans")


def test_front_matter_and_copyright_lines(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "new.txt"
    path.write_text(
        '---\ntitle: "甲骨文如何參與競爭"\ndate: "2025-02-08 14:31"\n---\n'
        "甲骨文與軟銀合作。\n(C) 2025 Example News Ltd.\n",
        encoding="utf-8",
    )
    article = read_article(path, corpus.documents)
    assert (article.title, article.outlet, article.script) == ("甲骨文如何參與競爭", "Example News Ltd", "Hant")
    assert article.published is not None and article.published.iso == "2025-02-08"


def test_an_english_article_and_an_undated_one(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "new.txt"
    path.write_text("Stargate raises more money\nThe venture said it will invest in Texas.\n", encoding="utf-8")
    article = read_article(path, corpus.documents)
    assert (article.language, article.script, article.published) == ("en", "Latn", None)
    assert article.title == "Stargate raises more money"
    assert article.published_note.startswith("Unknown")


BAD = {
    "empty": (b"", "empty"),
    "blank": (b"  \n\n", "empty"),
    "binary": (bytes(range(256)) * 4, "binary"),
    "latin-1": ("Société Générale a investi".encode("latin-1"), "not UTF-8"),
    "html": (
        b"<!DOCTYPE html><html><head><title>t</title></head>"
        b"<body><div><p>\xe8\xbd\xaf\xe9\x93\xb6</p></div></body></html>",
        "HTML page",
    ),
    "french": ("La société a annoncé un investissement important dans les centres de données.".encode(), "language"),
    "russian": ("Компания объявила о крупных инвестициях в центры обработки данных.".encode(), "language"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_with_one_line_naming_the_file(tmp_path: Path, corpus: Corpus, name: str) -> None:
    data, reason = BAD[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError) as error:
        read_article(path, corpus.documents)
    message = str(error.value)
    assert message.startswith(f"{path}: ") and reason in message and "\n" not in message


def test_an_article_already_in_the_graph_is_refused(tmp_path: Path, corpus: Corpus) -> None:
    document = next(iter(corpus.documents.values()))
    path = tmp_path / "again.txt"
    path.write_bytes(document.path.read_bytes())
    with pytest.raises(ArticleError, match=f"already in the graph as document {document.id}"):
        read_article(path, corpus.documents)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes("星际之门。".encode() * (10 * 1024 * 1024 // 15))
    assert path.stat().st_size > load_rules().max_bytes
    with pytest.raises(ArticleError, match="over the limit of 1,000,000"):
        read_article(path, corpus.documents)


def test_a_missing_file_and_a_directory(tmp_path: Path, corpus: Corpus) -> None:
    with pytest.raises(ArticleError, match="cannot read it"):
        read_article(tmp_path / "missing.txt", corpus.documents)
    with pytest.raises(ArticleError, match="a directory"):
        read_article(tmp_path, corpus.documents)
