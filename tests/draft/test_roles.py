"""Claims read from where names stand: a president presides over the government the article names
(not over a country), whoever is at an event (在…发布会上, at the forum) takes part in it, and a claim
of a relation with an inverse (uses, suppliesTo) is the other read the other way round."""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

from opencc import OpenCC

from graph.draft.article import Draft
from graph.ingest.seeds import Corpus
from tests.draft.conftest import DraftText

TO_TRADITIONAL = OpenCC("s2t")


def _triples(draft: Draft, relation: str) -> set[tuple[str, str | None]]:
    return {(p, s.object) for s in draft.suggestions if s.relation == relation for p in s.parties}


def test_a_president_with_no_government_named_presides_over_the_one_the_article_names(
    corpus: Corpus, draft_text: DraftText
) -> None:
    government, person = corpus.entities["us-government"], corpus.entities["joe-biden"]
    text = f"{government.zh_hans}周一公布了新的芯片出口规则。美国总统{person.zh_hans}表示规则将于下月生效。"
    assert _triples(draft_text(text), "presidentOf") == {(person.id, government.id)}
    traditional = str(TO_TRADITIONAL.convert(f"{government.zh_hans}周一回应。{person.zh_hans}总统称此事已解决。"))
    assert _triples(draft_text(traditional), "presidentOf") == {(person.id, government.id)}


def test_an_english_president_and_one_where_the_article_names_no_government(
    corpus: Corpus, draft_text: DraftText
) -> None:
    government, person = corpus.entities["us-government"], corpus.entities["joe-biden"]
    english = (
        f"The {government.label} said on Monday that it would set new rules for the export of chips. "
        f"President {person.label} said that the rules will take effect in May and that they are only a first step."
    )
    assert _triples(draft_text(english), "presidentOf") == {(person.id, government.id)}
    praised = draft_text(
        f"President {person.label} praised the plan on Monday and said that it was good for the people who work there."
    )
    assert _triples(praised, "presidentOf") == set()  # no holder: no guess from other names
    country = corpus.entities["united-states"]  # with no government named, the country written with it
    nobody = draft_text(f"{country.zh_hans}总统{person.zh_hans}周一表示芯片规则将于下月生效。")
    assert _triples(nobody, "presidentOf") == {(person.id, country.id)}


def test_whoever_is_at_an_event_takes_part_in_it(corpus: Corpus, draft_text: DraftText) -> None:
    event, person, company = (corpus.entities[i] for i in ("davos-2025", "joe-rogan", "broadcom"))
    before = draft_text(f"{person.zh_hans}和{company.zh_hans}上周在今年的{event.zh_hans}上讨论了芯片供应。")
    assert {(person.id, event.id), (company.id, event.id)} <= _triples(before, "participatesIn")
    after = draft_text(str(TO_TRADITIONAL.convert(f"在今年的{event.zh_hans}上，{person.zh_hans}谈到了芯片供应。")))
    assert _triples(after, "participatesIn") == {(person.id, event.id)}
    english = draft_text(
        f"{person.label}, the adviser of {company.label}, spoke about the supply of chips at the {event.label} on "
        "Tuesday, and said that it was not going to be easy for the companies that are in the market."
    )
    assert _triples(english, "participatesIn") == {(person.id, event.id)}  # not the company in the insertion


def test_leaving_supporting_and_running_say_so_in_each_language(corpus: Corpus, draft_text: DraftText) -> None:
    person, other, company, site = (
        corpus.entities[i] for i in ("joe-rogan", "terry-gou", "broadcom", "abilene-campus")
    )
    left = draft_text(f"{person.zh_hans}去年离开了{company.zh_hans}，此后一直在做播客节目。")
    assert (person.id, company.id) in _triples(left, "memberOf")
    run = draft_text(str(TO_TRADITIONAL.convert(f"{site.zh_hans}明年将交由{company.zh_hans}负责运营。")))
    assert (company.id, site.id) in _triples(run, "operates")
    supporter = draft_text(
        f"{person.label} has been a supporter of {other.label} for years, and he said that he was not going to "
        "change his mind about it."
    )
    assert (person.id, other.id) in _triples(supporter, "supports")


def test_using_a_supplier_s_chips_is_being_supplied_by_it(corpus: Corpus, draft_text: DraftText) -> None:
    user, supplier = corpus.entities["openai"], corpus.entities["broadcom"]
    chinese = draft_text(f"{user.zh_hans or user.label}一直使用{supplier.zh_hans}的芯片训练模型。")
    assert (user.id, supplier.id) in _triples(chinese, "uses")
    assert (supplier.id, user.id) in _triples(chinese, "suppliesTo")
    english = draft_text(
        f"{supplier.label} will supply {user.label} with the chips that it needs for the training of its new models."
    )
    assert (user.id, supplier.id) in _triples(english, "uses")
    read_back = next(s for s in english.suggestions if s.relation == "uses")
    supplied = next(s for s in english.suggestions if s.relation == "suppliesTo")
    assert read_back.confidence < supplied.confidence and read_back.rule.endswith("read as uses")


def test_an_english_passive_names_its_agents_after_by(corpus: Corpus, draft_text: DraftText) -> None:
    first, second, venture = (corpus.entities[i] for i in ("broadcom", "morgan-stanley", "stargate"))
    draft = draft_text(
        f"{venture.label} was founded by {first.label} and {second.label} in 2025, and the venture will be funded "
        f"in part by {second.label}, which is one of the largest banks in the world."
    )
    assert ((first.id, second.id), venture.id) in {
        (s.parties, s.object) for s in draft.suggestions if s.relation == "founderOf"
    }
    assert (second.id, venture.id) in _triples(draft, "funds")
    assert all(s.subject != venture.id for s in draft.suggestions if s.relation in ("founderOf", "funds"))


def test_a_name_in_an_english_insertion_is_no_subject_of_what_follows(corpus: Corpus, draft_text: DraftText) -> None:
    person, company, venture = (corpus.entities[i] for i in ("joe-rogan", "broadcom", "stargate"))
    draft = draft_text(
        f"{person.label}, who left {company.label} in 2018, questioned the plans of {venture.label} on Monday. "
        f"{person.label}, the adviser of {company.label}, will invest in {venture.label}, he said in an interview."
    )
    assert _triples(draft, "disputes") == {(person.id, venture.id)}
    assert (person.id, venture.id) in _triples(draft, "funds")
    assert (person.id, company.id) in _triples(draft, "memberOf")


def test_a_professor_and_a_director_hold_their_titles(corpus: Corpus, draft_text: DraftText) -> None:
    draft = draft_text(
        "Harvard University professor Jane Smith said on Monday that the Stanford director Tom Lee agreed with "
        "her, and that they will work on it with the other people who are in the group."
    )
    assert {(s.subject, s.object) for s in draft.suggestions if s.relation == "holdsPosition"} == {
        ("jane-smith", "harvard-university")
    }
    assert {(s.subject, s.object) for s in draft.suggestions if s.relation == "leads"} == {("tom-lee", "stanford")}
