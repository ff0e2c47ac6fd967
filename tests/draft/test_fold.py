"""Folding: one script, one width, one case, and every folded character mapped back."""

from __future__ import annotations

from graph.draft.fold import Folded, fold


def test_traditional_full_width_and_capitals_fold_alike() -> None:
    assert fold("軟銀") == fold("软银") == "软银"
    assert fold("ＳｏｆｔＢａｎｋ") == fold("SOFTBANK") == "softbank"  # noqa: RUF001


def test_a_folded_stretch_maps_back_to_the_original_characters() -> None:
    original = "甲骨文和ＭＧＸ共出資"
    folded = Folded.of(original)
    start = folded.text.index("mgx")
    assert folded.span(start, start + 3) == (4, 7)
    assert original[slice(*folded.span(start, start + 3))] == "ＭＧＸ"  # noqa: RUF001
    assert folded.at(4) == start


def test_a_character_folding_to_several_keeps_its_place() -> None:
    original = "3㎡大"  # NFKC: ㎡ is "m2"
    folded = Folded.of(original)
    assert folded.text == "3m2大"
    assert folded.span(1, 3) == (1, 2)
    assert folded.span(3, 4) == (2, 3)
