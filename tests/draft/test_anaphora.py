"""Words that refer back: 该项目, 他 and the like stand for the entity of their class named most so far."""

from __future__ import annotations

from graph.ingest.seeds import Corpus
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
