"""Sentences: the coverage command's, each also cut after an English full stop."""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

from graph.draft.sentences import sentences


def test_chinese_and_english_sentences_with_their_offsets() -> None:
    text = "软银出资。马斯克质疑？\nOracle said it. SoftBank agreed. Version 2.5 ships."
    found = [(text[s.start : s.end], s.line) for s in sentences(text)]
    assert found == [
        ("软银出资。", 1),
        ("马斯克质疑？", 1),
        ("Oracle said it.", 2),
        ("SoftBank agreed.", 2),
        ("Version 2.5 ships.", 2),
    ]
