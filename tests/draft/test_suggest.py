"""Claims suggested from the ontology's trigger words, each quoting the article verbatim."""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

from decimal import Decimal

import pytest
from opencc import OpenCC

from graph.draft.suggest import Suggestion
from graph.ingest.seeds import Corpus, Date, DateValue, EntityRecord, Money, Quantity
from graph.vocab.vocabulary import Vocabulary
from tests.draft.conftest import DraftText, first_of

DATED = "星际之门新闻\n发布日期:2025-01-23 08:00\n\n"  # a Thursday


def companies(corpus: Corpus) -> list[EntityRecord]:
    return [e for e in corpus.entities.values() if e.type == "Company" and e.zh_hans and len(e.zh_hans) > 1]


def only(draft_suggestions: tuple[Suggestion, ...], relation: str) -> Suggestion:
    (found,) = [s for s in draft_suggestions if s.relation == relation]
    return found


def test_the_issue_s_triggers_are_declared_on_their_relations(vocabulary: Vocabulary) -> None:
    assert {"注资", "注資", "出资", "投资", "invest"} <= set(vocabulary.relations["funds"].triggers)
    assert {"质疑", "怀疑"} <= set(vocabulary.relations["disputes"].triggers)
    assert {"部署", "交付"} <= set(vocabulary.relations["hosts"].triggers)
    assert all(relation.triggers for relation in vocabulary.relations.values())


def test_joint_funders_an_object_after_a_marker_and_the_amount(corpus: Corpus, draft_text: DraftText) -> None:
    first, second = companies(corpus)[:2]
    venture = first_of(corpus, "JointVenture")
    text = f"据悉，{first.zh_hans}和{second.zh_hans}将向“{venture.zh_hans}”注资190亿美元。"
    draft = draft_text(text)
    funds = only(draft.suggestions, "funds")
    assert (funds.subject, funds.joint, funds.object) == (first.id, (second.id,), venture.id)
    assert (funds.value, funds.bound, funds.modality) == (Money(Decimal("19e9"), "USD"), None, "reported")
    assert funds.quote == f"{first.zh_hans}和{second.zh_hans}将向“{venture.zh_hans}”注资190亿美元"
    assert draft.article.text[funds.start : funds.end] == funds.quote
    assert funds.rule == "trigger funds '注资' (nearest)"
    assert 0 < funds.confidence <= 0.95


def test_traditional_script_gives_the_same_claim_quoting_its_own_text(corpus: Corpus, draft_text: DraftText) -> None:
    first = companies(corpus)[0]
    venture = first_of(corpus, "JointVenture")
    text = str(OpenCC("s2t").convert(f"{first.zh_hans}向{venture.zh_hans}注资最高190亿美元。"))
    funds = only(draft_text(text).suggestions, "funds")
    assert (funds.subject, funds.object, funds.bound) == (first.id, venture.id, "up_to")
    assert text[funds.start : funds.end] == funds.quote and "注資" in funds.quote


def test_a_dispute_and_a_negated_funding(corpus: Corpus, draft_text: DraftText) -> None:
    person = first_of(corpus, "Person")
    company = companies(corpus)[0]
    venture = first_of(corpus, "JointVenture")
    draft = draft_text(f"{person.zh_hans}质疑{venture.zh_hans}。{company.zh_hans}并未投资{venture.zh_hans}。")
    disputes = only(draft.suggestions, "disputes")
    assert (disputes.subject, disputes.object, disputes.polarity) == (person.id, venture.id, None)
    assert disputes.quote == f"{person.zh_hans}质疑{venture.zh_hans}"
    funds = only(draft.suggestions, "funds")
    assert (funds.subject, funds.object, funds.polarity) == (company.id, venture.id, "negative")


def test_a_site_hosting_chips_with_their_count(corpus: Corpus, draft_text: DraftText) -> None:
    site, chip = first_of(corpus, "Site"), first_of(corpus, "ChipModel", chinese=False)
    chip_name = chip.zh_hans or chip.label
    draft = draft_text(f"{site.zh_hans}计划部署20万个{chip_name}芯片。")
    hosts = only(draft.suggestions, "hosts")
    assert (hosts.subject, hosts.object, hosts.value) == (site.id, chip.id, Quantity(Decimal(200000), "count"))
    assert draft.article.text[hosts.start : hosts.end] == hosts.quote == f"{site.zh_hans}计划部署20万个{chip_name}"


def test_a_relative_date_is_resolved_and_marked_inferred(corpus: Corpus, draft_text: DraftText) -> None:
    venture = first_of(corpus, "JointVenture")
    draft = draft_text(DATED + f"{venture.zh_hans}周二正式宣布成立。")
    announced = only(draft.suggestions, "announcedOn")
    assert (announced.subject, announced.value, announced.inferred) == (
        venture.id,
        DateValue(Date("2025-01-21")),
        True,
    )
    assert announced.quote == f"{venture.zh_hans}周二正式宣布"


def test_an_english_sentence(corpus: Corpus, draft_text: DraftText) -> None:
    company = next(e for e in companies(corpus) if e.label.isascii() and " " not in e.label)
    venture = first_of(corpus, "JointVenture")
    text = f"{company.label} will invest more than $19 billion in {venture.label}."
    funds = only(draft_text(text).suggestions, "funds")
    assert (funds.subject, funds.object, funds.value, funds.bound) == (
        company.id,
        venture.id,
        Money(Decimal("19e9"), "USD"),
        "more_than",
    )
    assert funds.quote == f"{company.label} will invest more than $19 billion in {venture.label}"


@pytest.mark.parametrize("sentence", ["", "。", "注资190亿美元。"])
def test_no_subject_no_claim(sentence: str, draft_text: DraftText) -> None:
    assert draft_text("今天天气很好，大家都很高兴。" + sentence).suggestions == ()


def test_a_copula_names_the_parties_and_the_object(corpus: Corpus, draft_text: DraftText) -> None:
    first, second = companies(corpus)[:2]
    venture = first_of(corpus, "JointVenture")
    draft = draft_text(f"{first.zh_hans}和{second.zh_hans}是{venture.zh_hans}的主要合作伙伴。")
    member = only(draft.suggestions, "memberOf")
    assert (member.subject, member.joint, member.object) == (first.id, (second.id,), venture.id)
    assert member.rule == "trigger memberOf '合作伙伴' (copula)"


def test_a_place_after_a_location_marker_is_no_party(corpus: Corpus, draft_text: DraftText) -> None:
    venture, place = first_of(corpus, "JointVenture"), first_of(corpus, "Place")
    draft = draft_text(f"{venture.zh_hans}将在{place.zh_hans}建设10座数据中心，另有20个仓库。")
    count = only(draft.suggestions, "hasDataCenterCount")
    assert (count.subject, count.value) == (venture.id, Quantity(Decimal(10), "count"))
    located = only(draft.suggestions, "locatedIn")
    assert (located.subject, located.object) == (venture.id, place.id)


def test_listed_objects_give_a_claim_each(corpus: Corpus, draft_text: DraftText) -> None:
    government = first_of(corpus, "GovernmentBody")
    first, second = companies(corpus)[:2]
    draft = draft_text(f"{government.zh_hans}通过与{first.zh_hans}、{second.zh_hans}的合作推动了投资。")
    partners = [(s.subject, s.object) for s in draft.suggestions if s.relation == "partnersWith"]
    assert partners == [(government.id, first.id), (government.id, second.id)]
