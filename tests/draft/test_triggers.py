"""English triggers match as words and in their regular inflections, never as the start of another word."""

from __future__ import annotations

import pytest

from graph.draft.fold import fold
from graph.draft.triggers import trigger_index
from graph.vocab.vocabulary import Vocabulary


def _found(text: str, vocabulary: Vocabulary) -> dict[str, set[str]]:
    folded = fold(text)
    return {hit.phrase: {r.name for r in hit.payload} for hit in trigger_index(vocabulary).find(folded)}


@pytest.mark.parametrize(
    ("word", "relation"),
    [
        ("invested", "funds"),
        ("investment", "funds"),
        ("committed", "funds"),
        ("raising", "raisesFunds"),
        ("supplies", "suppliesTo"),
        ("partners", "partnersWith"),
        ("laying off", "laysOff"),
        ("data centers", "hasDataCenterCount"),
        ("built", "builds"),
    ],
)
def test_an_inflected_trigger_is_found(word: str, relation: str, vocabulary: Vocabulary) -> None:
    assert relation in _found(f"they said it {word} again", vocabulary).get(word, set())


@pytest.mark.parametrize("word", ["fundamental", "joint", "committee", "significant", "background", "useful"])
def test_a_word_a_trigger_merely_starts_is_no_trigger(word: str, vocabulary: Vocabulary) -> None:
    assert _found(f"a {word} point", vocabulary) == {}
