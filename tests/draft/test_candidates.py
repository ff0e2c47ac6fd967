"""Names the graph does not know become candidate entities with a guessed class."""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

from graph.draft.candidates import find_candidates
from graph.draft.fold import Folded, fold
from graph.draft.linking import Registry, entity_names
from graph.draft.rules import load_rules
from graph.ingest.seeds import Corpus
from tests.draft.conftest import DraftText, first_of


def candidates(text: str, corpus: Corpus) -> dict[str, str]:
    folded = Folded.of(text)
    taken = [(m.start, m.end) for m in Registry(corpus.entities.values()).link(folded)]
    return {c.label: c.type for c in find_candidates(folded, taken, load_rules())}


def known_names(corpus: Corpus) -> set[str]:
    return {fold(name) for entity in corpus.entities.values() for name, _ in entity_names(entity)}


def test_unknown_names_are_proposed_with_a_class_from_their_ending_or_their_tag(corpus: Corpus) -> None:
    names = ["克鲁索能源公司", "Blue Owl Capital", "杰森·布朗", "格雷戈里·阿博特", "明尼苏达州"]
    assert not {fold(name) for name in names} & known_names(corpus)
    found = candidates("克鲁索能源公司与Blue Owl Capital合作，杰森·布朗和格雷戈里·阿博特在明尼苏达州见面。", corpus)
    assert found["克鲁索能源公司"] == "Company"
    assert found["Blue Owl Capital"] == "Fund"
    assert found["杰森·布朗"] == "Person"
    assert found["格雷戈里·阿博特"] == "Person"
    assert found["明尼苏达州"] == "Place"


def test_known_names_and_generic_words_are_not_candidates(corpus: Corpus) -> None:
    company = first_of(corpus, "Company")
    found = candidates(f"{company.zh_hans}的CEO说，AI需要更多GPU，这一点明白无误。", corpus)
    assert found == {}


def test_months_weekdays_and_on_are_no_names(corpus: Corpus) -> None:
    found = candidates("On Monday, Zorvex Energy said that in January it would hire. May Kelvar Capital agree?", corpus)
    assert set(found) == {"Zorvex Energy", "Kelvar Capital"}


def test_a_candidate_gathers_its_mentions_and_gets_a_proposed_id(draft_text: DraftText) -> None:
    text = "Zorvex Energy负责建设。据悉，Zorvex Energy已开工。"
    draft = draft_text(text)
    (candidate,) = [c for c in draft.candidates if c.label == "Zorvex Energy"]
    assert candidate.id == "zorvex-energy"
    assert candidate.type == "Company"
    assert [text[s:e] for s, e in candidate.mentions] == ["Zorvex Energy", "Zorvex Energy"]
    assert 0 < candidate.confidence < 1


def test_a_latin_name_may_hold_a_trigger_word_and_a_repeated_new_word_is_a_name(
    corpus: Corpus, draft_text: DraftText
) -> None:
    assert not {fold("Quillon Partners"), "澜舟"} & known_names(corpus)
    draft = draft_text("Quillon Partners宣布。据悉，Quillon Partners将与澜舟合作，澜舟表示欢迎。")
    found = {c.label: c.type for c in draft.candidates}
    assert found["Quillon Partners"] == "Fund"  # "partner" triggers partnersWith
    assert "澜舟" in found  # not in jieba's dictionary, written twice


def test_a_name_that_begins_a_known_name_is_proposed_as_its_alias(corpus: Corpus, draft_text: DraftText) -> None:
    registry = Registry(corpus.entities.values())
    entity, first_word = next(
        (e, e.label.split()[0])
        for e in corpus.entities.values()
        if e.label.isascii()
        and " " in e.label
        and len(e.label.split()[0]) > 3
        and fold(e.label.split()[0]) not in known_names(corpus)
        and registry.begun_by(e.label.split()[0]) == e
    )
    draft = draft_text(f"{first_word} said it will invest more.")
    (candidate,) = [c for c in draft.candidates if c.label == first_word]
    assert candidate.alias_of == entity.id
    assert candidate.id not in corpus.entities
