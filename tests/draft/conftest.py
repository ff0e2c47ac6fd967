"""The seed corpus and vocabulary the drafting tests read, and a helper that drafts a text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.draft.article import Draft, draft_article
from graph.draft.document import read_article
from graph.ingest.seeds import Corpus, EntityRecord, load_corpus
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

DraftText = Callable[[str], Draft]


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


def first_of(corpus: Corpus, type_: str, chinese: bool = True) -> EntityRecord:
    """The first entity of a class (with a Simplified label, if asked) in the seeds."""
    return next(e for e in corpus.entities.values() if e.type == type_ and (e.zh_hans or not chinese))


@pytest.fixture
def draft_text(tmp_path: Path, corpus: Corpus, vocabulary: Vocabulary) -> DraftText:
    """Draft a text as a new article of the seed corpus."""

    def draft(text: str) -> Draft:
        path = tmp_path / f"article-{abs(hash(text))}.txt"
        path.write_text(text, encoding="utf-8")
        return draft_article(read_article(path, corpus.documents), corpus.entities.values(), vocabulary)

    return draft
