"""Phrases found longest first, without overlap, and Latin ones only as whole words."""

from __future__ import annotations

from graph.draft.matching import PhraseIndex


def test_the_longest_phrase_wins_and_latin_ones_keep_to_words() -> None:
    index = PhraseIndex([("投资", 1), ("计划投资", 2), ("arm", 3)])
    text = "他计划投资,arm和army"
    assert [(text[h.start : h.end], h.payload) for h in index.find(text)] == [("计划投资", 2), ("arm", 3)]
