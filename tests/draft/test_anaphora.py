"""Words that refer back: 该项目, 他 and the like stand for the entity of their class named most so far;
这些公司, 双方, the three companies for the group listed together last."""

from __future__ import annotations

from opencc import OpenCC

from graph.draft.article import Draft
from graph.ingest.seeds import Corpus, EntityRecord
from tests.draft.conftest import DraftText, first_of


def test_a_referring_word_stands_for_the_most_mentioned_entity_of_its_class(
    corpus: Corpus, draft_text: DraftText
) -> None:
    venture, person = first_of(corpus, "JointVenture"), first_of(corpus, "Person")
    text = f"{venture.zh_hans}宣布成立。{person.zh_hans}表示看好。该项目预计将创造10万个就业岗位。"
    draft = draft_text(text)
    jobs = next(s for s in draft.suggestions if s.relation == "createsJobs")
    assert jobs.subject == venture.id
    assert jobs.quote.startswith("该项目") and text[jobs.start : jobs.end] == jobs.quote


def test_a_pronoun_is_a_person_and_other_is_no_pronoun(corpus: Corpus, draft_text: DraftText) -> None:
    person, venture = first_of(corpus, "Person"), first_of(corpus, "JointVenture")
    draft = draft_text(f"{person.zh_hans}出席了会议。他质疑{venture.zh_hans}。其他人质疑{venture.zh_hans}的资金。")
    disputes = [(s.subject, s.quote) for s in draft.suggestions if s.relation == "disputes"]
    assert (person.id, f"他质疑{venture.zh_hans}") in disputes
    assert not any(quote.startswith(("其他", "他人")) for _, quote in disputes)


def _companies(corpus: Corpus) -> list[EntityRecord]:
    return [e for e in corpus.entities.values() if e.type == "Company" and e.zh_hans and len(e.zh_hans) > 1]


def _funders(draft: Draft) -> set[tuple[tuple[str, ...], str | None]]:
    return {(s.parties, s.object) for s in draft.suggestions if s.relation == "funds"}


def test_a_group_word_stands_for_the_latest_group_listed_together(corpus: Corpus, draft_text: DraftText) -> None:
    first, second, third = _companies(corpus)[:3]
    venture = first_of(corpus, "JointVenture")
    draft = draft_text(
        f"{first.zh_hans}、{second.zh_hans}和{third.zh_hans}周二在东京会面。"
        f"这三家科技公司将共同向{venture.zh_hans}注资。"
    )
    assert ((first.id, second.id, third.id), venture.id) in _funders(draft)


def test_a_group_word_in_traditional_script_and_one_standing_alone(corpus: Corpus, draft_text: DraftText) -> None:
    first, second = _companies(corpus)[:2]
    venture = first_of(corpus, "JointVenture")
    text = str(OpenCC("s2t").convert(f"{first.zh_hans}与{second.zh_hans}昨日签约。双方将向{venture.zh_hans}注资。"))
    assert ((first.id, second.id), venture.id) in _funders(draft_text(text))


def test_an_english_group_word_and_one_of_a_size_no_group_has(corpus: Corpus, draft_text: DraftText) -> None:
    first, second, third = _companies(corpus)[:3]
    venture = first_of(corpus, "JointVenture")
    draft = draft_text(
        f"{first.label}, {second.label} and {third.label} met in Tokyo on Monday. "
        f"The three companies will fund {venture.label}. The two companies will also fund {venture.label}."
    )
    funders = _funders(draft)
    assert ((first.id, second.id, third.id), venture.id) in funders
    assert all(len(parties) in (1, 3) for parties, _ in funders)  # no group of two was listed
