"""Contradictions: what each declared rule finds between sources, what it leaves alone (pledge
and outcome, one source revising itself, another phase or project, a unit conversion, progress),
and what curators' judgements do to them. Each test builds a small corpus of a few documents."""

from __future__ import annotations

import itertools
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.files.problems import RuleErrors, SeedErrors
from graph.ingest.contradiction_rules import RULES_PATH, read_rules
from graph.ingest.contradictions import Contradiction
from graph.ingest.pipeline import Compiled, compile_seeds
from graph.store.backends import EmbeddedStore
from graph.vocab.vocabulary import load_vocabulary

ENTITIES = [
    {"id": "openai", "type": "Company", "label": "OpenAI"},
    {"id": "softbank", "type": "Company", "label": "SoftBank"},
    {"id": "oracle", "type": "Company", "label": "Oracle"},
    {"id": "mgx", "type": "Fund", "label": "MGX"},
    {"id": "stargate", "type": "JointVenture", "label": "Stargate"},
    {"id": "other-project", "type": "Project", "label": "Other project"},
    {"id": "elon-musk", "type": "Person", "label": "Elon Musk"},
    {"id": "sam-altman", "type": "Person", "label": "Sam Altman"},
    {"id": "larry-ellison", "type": "Person", "label": "Larry Ellison"},
    {"id": "joint-statement", "type": "Statement", "label": "Joint statement"},
]
_serial = itertools.count()


def claim(relation: str, subject: str = "openai", **fields: Any) -> dict[str, Any]:
    """A claim with a unique quote of its own (the document's text is made of its quotes)."""
    number = next(_serial)
    return {
        "id": f"c{number}",
        "subject": subject,
        "relation": relation,
        **fields,
        "quote": f"断言{number}",
        "quote_en": f"claim {number}",
    }


def money(amount: float, **qualifiers: Any) -> dict[str, Any]:
    return {"value": {"amount": amount, "currency": "USD"}, **({"qualifiers": qualifiers} if qualifiers else {})}


def build(
    tmp_path: Path, *documents: list[dict[str, Any]], published: tuple[str | None, ...] = (), judgements: str = ""
) -> Compiled:
    """One document per list of claims (000, 001, ...), published on the given dates (default
    unknown), and the judgements file if any."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    for sub in ("documents", "entities", "claims"):
        (root / sub).mkdir()
    catalogue = []
    for number, claims in enumerate(documents):
        doc_id = f"{number:03d}_{number:016x}"
        (root / "documents" / f"{doc_id}.txt").write_text(
            "。".join(c["quote"] for c in claims) + "。\n", encoding="utf-8"
        )
        date = published[number] if number < len(published) else None
        record: dict[str, Any] = {
            "id": doc_id,
            "title": "t",
            "title_en": "t",
            "outlet": "o",
            "language": "zh",
            "script": "Hans",
        }
        record.update({"published": date} if date else {"published_note": "no date in the text"})
        catalogue.append(record)
        (root / "claims" / f"{doc_id}.yaml").write_text(
            yaml.safe_dump({"document": doc_id, "claims": claims}, allow_unicode=True), encoding="utf-8"
        )
    (root / "documents.yaml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    (root / "entities" / "e.yaml").write_text(yaml.safe_dump(ENTITIES), encoding="utf-8")
    if judgements:
        (root / "judgements.yaml").write_text(textwrap.dedent(judgements), encoding="utf-8")
    return compile_seeds(root, shacl=False)


def found(compiled: Compiled) -> list[tuple[str, frozenset[str]]]:
    """(kind, claim ids) of each contradiction, ids without their document."""
    return sorted((c.kind, frozenset(k.id for k in c.claims)) for c in compiled.contradictions)


def ids(*claims: dict[str, Any]) -> frozenset[str]:
    return frozenset(c["id"] for c in claims)


# value


def test_two_documents_giving_figures_that_cannot_both_hold_are_a_value_contradiction(tmp_path: Path) -> None:
    a = claim("funds", object="stargate", **money(100e9, phase="initial"))
    b = claim("funds", object="stargate", **money(19e9, phase="initial"))
    compiled = build(tmp_path, [a], [b])
    assert found(compiled) == [("value", ids(a, b))]
    (contradiction,) = compiled.contradictions
    assert [side.position for side in contradiction.sides] == ["US$100 bn", "US$19 bn"]
    assert "US$100 bn (000)" in contradiction.explanation and "US$19 bn (001)" in contradiction.explanation


def test_dates_disagree_only_where_both_are_precise(tmp_path: Path) -> None:
    a = claim("announcedOn", subject="stargate", value={"date": "2024-01-21"})
    b = claim("announcedOn", subject="stargate", value={"date": "2025-01-21"})
    c = claim("announcedOn", subject="stargate", value={"date": "2025"})
    assert found(build(tmp_path, [a], [b])) == [("value", ids(a, b))]
    assert found(build(tmp_path, [b], [c])) == []  # '2025' agrees with '2025-01-21', less precisely


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        (money(10e9, status="committed"), money(1e9, status="completed"), "a pledge and its outcome"),
        (money(100e9, phase="initial"), money(500e9, phase="total"), "another phase"),
        (money(500e9, bound="up_to"), money(200e9), "'up to' admits the lower figure"),
        (money(10e9, bound="about"), money(10.5e9), "'about' admits ten per cent"),
    ],
)
def test_figures_that_can_both_hold_are_no_contradiction(
    tmp_path: Path, first: dict[str, Any], second: dict[str, Any], why: str
) -> None:
    a, b = claim("funds", object="stargate", **first), claim("funds", object="stargate", **second)
    assert found(build(tmp_path, [a], [b])) == [], why


def test_a_unit_conversion_another_project_and_one_source_restating_itself_are_no_contradiction(tmp_path: Path) -> None:
    power_mw = claim("hasPowerCapacity", subject="stargate", value={"amount": 5000, "unit": "MW"})
    power_gw = claim("hasPowerCapacity", subject="stargate", value={"amount": 5, "unit": "GW"})
    here = claim("funds", object="stargate", **money(100e9))
    elsewhere = claim("funds", object="other-project", **money(19e9))
    first, revised = claim("funds", object="stargate", **money(50e9)), claim("funds", object="stargate", **money(60e9))
    assert found(build(tmp_path, [power_mw, here, first, revised], [power_gw, elsewhere])) == []


def test_one_document_quoting_two_speakers_who_disagree_is_a_contradiction(tmp_path: Path) -> None:
    musk = claim("createsJobs", subject="stargate", value={"amount": 100000, "unit": "count"}, claimant="elon-musk")
    statement = claim(
        "createsJobs", subject="stargate", value={"amount": 5000, "unit": "count"}, claimant="joint-statement"
    )
    assert found(build(tmp_path, [musk, statement])) == [("value", ids(musk, statement))]


def test_an_allegation_against_a_figure_is_a_dispute_not_a_contradiction(tmp_path: Path) -> None:
    reported = claim("funds", subject="softbank", object="stargate", **money(19e9))
    alleged = claim(
        "funds",
        subject="softbank",
        object="stargate",
        claimant="elon-musk",
        **money(10e9, bound="less_than", modality="alleged"),
    )
    assert found(build(tmp_path, [reported], [alleged])) == []


# granularity


def test_a_count_against_a_range_that_excludes_it_is_a_granularity_contradiction(tmp_path: Path) -> None:
    count = claim("createsJobs", subject="stargate", value={"amount": 100000, "unit": "count"})
    several = claim("createsJobs", subject="stargate", value={"min": 200000, "max": 900000, "unit": "count"})
    more_than = claim(
        "createsJobs", subject="stargate", value={"amount": 100000, "unit": "count"}, qualifiers={"bound": "more_than"}
    )
    assert found(build(tmp_path, [count], [several], [more_than])) == [("granularity", ids(count, several))]


# status


def test_done_in_one_source_and_still_to_come_in_another_is_a_status_contradiction(tmp_path: Path) -> None:
    done = claim("plansInvestment", subject="stargate", **money(100e9, status="completed"))
    to_come = claim("plansInvestment", subject="stargate", **money(100e9, status="planned"))
    compiled = build(tmp_path, [done], [to_come])
    assert found(compiled) == [("status", ids(done, to_come))]
    assert sorted(side.position for side in compiled.contradictions[0].sides) == ["done", "to come"]


def test_a_later_document_reporting_a_later_stage_tells_of_progress(tmp_path: Path) -> None:
    planned = claim("plansInvestment", subject="stargate", **money(100e9, status="planned"))
    completed = claim("plansInvestment", subject="stargate", **money(100e9, status="completed"))
    assert found(build(tmp_path, [planned], [completed], published=("2025-01-20", "2025-06-01"))) == []
    back = claim("plansInvestment", subject="stargate", **money(100e9, status="planned"))
    ahead = claim("plansInvestment", subject="stargate", **money(100e9, status="completed"))
    assert found(build(tmp_path, [ahead], [back], published=("2025-01-20", "2025-06-01"))) == [
        ("status", ids(ahead, back))
    ]


# polarity


def test_one_source_saying_so_and_another_saying_it_is_not_so_is_a_polarity_contradiction(tmp_path: Path) -> None:
    funds = claim("funds", subject="mgx", object="stargate")
    not_funds = claim("funds", subject="mgx", object="stargate", qualifiers={"polarity": "negative"})
    assert found(build(tmp_path, [funds], [not_funds])) == [("polarity", ids(funds, not_funds))]


def test_a_pledge_and_it_was_not_delivered_are_no_polarity_contradiction(tmp_path: Path) -> None:
    pledge = claim("funds", object="other-project", **money(10e9, status="committed"))
    not_delivered = claim("funds", object="other-project", **money(10e9, polarity="negative"))
    assert found(build(tmp_path, [pledge], [not_delivered])) == []


# membership


def test_different_sets_of_founders_are_a_membership_contradiction(tmp_path: Path) -> None:
    three = claim("founderOf", object="stargate", **{"with": ["softbank", "oracle"]})
    four = claim("founderOf", object="stargate", **{"with": ["softbank", "oracle", "mgx"]})
    compiled = build(tmp_path, [three], [four])
    assert found(compiled) == [("membership", ids(three, four))]
    assert sorted(s.position for s in compiled.contradictions[0].sides) == [
        "MGX, OpenAI, Oracle and SoftBank",
        "OpenAI, Oracle and SoftBank",
    ]


def test_one_party_alone_leaves_room_for_others_but_not_with_the_whole_sum(tmp_path: Path) -> None:
    jointly = claim("funds", object="stargate", **{"with": ["softbank", "oracle"]}, **money(100e9))
    alone_no_sum = claim("funds", subject="mgx", object="stargate")
    each_a, each_b = (
        claim("funds", object="other-project", **money(5e9)),
        claim("funds", subject="softbank", object="other-project", **money(5e9)),
    )
    alone_whole_sum = claim("funds", object="stargate", **money(100e9))
    compiled = build(tmp_path, [jointly, each_a], [alone_no_sum, each_b], [alone_whole_sum])
    assert found(compiled) == [("membership", ids(jointly, alone_whole_sum))]


# attribution


def test_the_same_figure_from_two_different_persons_is_an_attribution_contradiction(tmp_path: Path) -> None:
    altman = claim(
        "hasDataCenterCount", subject="stargate", value={"amount": 10, "unit": "count"}, claimant="sam-altman"
    )
    ellison = claim(
        "hasDataCenterCount", subject="stargate", value={"amount": 10, "unit": "count"}, claimant="larry-ellison"
    )
    statement = claim(
        "hasDataCenterCount", subject="stargate", value={"amount": 10, "unit": "count"}, claimant="joint-statement"
    )
    assert found(build(tmp_path, [altman], [ellison], [statement])) == [("attribution", ids(altman, ellison))]


def test_one_speaker_reported_firmly_and_hedged_is_an_attribution_contradiction(tmp_path: Path) -> None:
    firm = claim(
        "funds",
        subject="softbank",
        object="stargate",
        claimant="elon-musk",
        **money(10e9, bound="less_than", modality="alleged"),
    )
    hedged = claim(
        "funds",
        subject="softbank",
        object="stargate",
        claimant="elon-musk",
        **money(10e9, bound="less_than", modality="hedged"),
    )
    no_figure_firm = claim("disputes", subject="elon-musk", object="stargate", claimant="elon-musk")
    no_figure_hedged = claim(
        "disputes", subject="elon-musk", object="stargate", claimant="elon-musk", qualifiers={"modality": "hedged"}
    )
    compiled = build(tmp_path, [firm, no_figure_firm], [hedged, no_figure_hedged])
    assert found(compiled) == [("attribution", ids(firm, hedged))]


# judgements

RULE_FOUND = """\
- claims: [000/{a}, 001/{b}]
  kind: value
  verdict: {verdict}
  reason: checked against the quotes
  curator: a curator
  date: 2026-11-30
"""


def _pair() -> tuple[dict[str, Any], dict[str, Any]]:
    return claim("funds", object="stargate", **money(100e9)), claim("funds", object="stargate", **money(19e9))


@pytest.mark.parametrize("verdict", ["confirmed", "dismissed"])
def test_a_curator_confirms_or_dismisses_what_a_rule_finds_and_it_stays_in_the_graph(
    tmp_path: Path, verdict: str
) -> None:
    a, b = _pair()
    compiled = build(tmp_path, [a], [b], judgements=RULE_FOUND.format(a=a["id"], b=b["id"], verdict=verdict))
    (contradiction,) = compiled.contradictions
    assert contradiction.judgement is not None and contradiction.judgement.verdict == verdict
    store = EmbeddedStore(compiled.quads)
    rows = store.select("""
        SELECT ?verdict ?reason WHERE { ?c a sg:Contradiction ; sg:judgement ?j .
                                        ?j sg:verdict/skos:notation ?verdict ; sg:judgementReason ?reason }""")
    assert [(r["verdict"].value, r["reason"].value) for r in rows] == [(verdict, "checked against the quotes")]


def test_a_curator_asserts_a_contradiction_no_rule_finds(tmp_path: Path) -> None:
    each = claim("funds", object="stargate", **money(100e9, phase="initial"))
    total = claim("plansInvestment", subject="stargate", **money(100e9, phase="initial"))
    judgements = f"""\
    - claims: [000/{each["id"]}, 000/{total["id"]}]
      kind: value
      verdict: asserted
      explanation: the same document gives each partner the whole initial sum
      reason: one voice, two incompatible figures
      curator: a curator
      date: 2026-11-30
    """
    compiled = build(tmp_path, [each, total], judgements=judgements)
    (contradiction,) = compiled.contradictions
    assert contradiction.rule is None and contradiction.explanation.startswith("the same document")
    assert contradiction.judgement is not None and contradiction.judgement.verdict == "asserted"
    assert {c.id for c in contradiction.claims} == ids(each, total)


def problems_of(tmp_path: Path, *documents: list[dict[str, Any]], judgements: str) -> list[str]:
    with pytest.raises(SeedErrors) as raised:
        build(tmp_path, *documents, judgements=judgements)
    return [str(p) for p in raised.value.problems]


def test_a_judgement_of_a_claim_that_is_gone_is_a_validation_error_naming_it(tmp_path: Path) -> None:
    a, b = _pair()
    stale = RULE_FOUND.format(a=a["id"], b="no-such-claim", verdict="confirmed")
    (problem,) = problems_of(tmp_path, [a], [b], judgements=stale)
    assert "judgements.yaml:1:" in problem and "'001/no-such-claim' does not exist" in problem


def test_a_judgement_of_a_contradiction_no_rule_finds_any_more_is_a_validation_error(tmp_path: Path) -> None:
    a = claim("funds", object="stargate", **money(100e9))
    b = claim("funds", object="stargate", **money(100e9))  # now agrees: the contradiction is gone
    (problem,) = problems_of(
        tmp_path, [a], [b], judgements=RULE_FOUND.format(a=a["id"], b=b["id"], verdict="dismissed")
    )
    assert "judgements.yaml:1:" in problem and "no rule finds a value contradiction" in problem


def test_asserting_what_a_rule_already_finds_is_refused(tmp_path: Path) -> None:
    a, b = _pair()
    judgement = RULE_FOUND.format(a=a["id"], b=b["id"], verdict="asserted") + "  explanation: x\n"
    (problem,) = problems_of(tmp_path, [a], [b], judgements=judgement)
    assert "a rule already finds this value contradiction" in problem


def test_a_malformed_judgement_is_reported_at_its_lines(tmp_path: Path) -> None:
    a, b = _pair()
    judgements = f"""\
    - claims: [000/{a["id"]}, 001/{b["id"]}]
      kind: disagreement
      verdict: maybe
      reason: r
      curator: c
      date: someday
    """
    found_problems = problems_of(tmp_path, [a], [b], judgements=judgements)
    assert any(":2: judgement 1: unknown kind 'disagreement'" in p for p in found_problems)
    assert any(":3: judgement 1: unknown verdict 'maybe'" in p for p in found_problems)
    assert any(":6: judgement 1: expected a date" in p for p in found_problems)


# the rule file


def test_the_packaged_rules_cover_every_kind_the_ontology_declares() -> None:
    book = read_rules(RULES_PATH, load_vocabulary())
    assert {rule.kind for rule in book.rules} == set(load_vocabulary().contradiction_kinds)


def test_a_mistake_in_the_rule_file_is_reported_at_its_line_with_the_rule(tmp_path: Path) -> None:
    text = RULES_PATH.read_text(encoding="utf-8").replace("compare: value\n", "compare: guess\n", 1)
    text = text.replace("same: [subject, parties, relation,", "same: [subjekt, parties, relation,", 1)
    broken = tmp_path / "rules.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(RuleErrors) as raised:
        read_rules(broken, load_vocabulary())
    messages = [str(p) for p in raised.value.problems]
    assert any("rule 'different-values': unknown test 'guess'" in m for m in messages)
    assert any("rule 'different-values': unknown field 'subjekt'" in m for m in messages)
    lines = text.splitlines()
    for problem in raised.value.problems:
        assert "guess" in lines[problem.location.line - 1] or "subjekt" in lines[problem.location.line - 1]


def test_contradictions_carry_their_kind_explanation_sides_and_claims(tmp_path: Path) -> None:
    a, b = _pair()
    compiled = build(tmp_path, [a], [b])
    contradiction: Contradiction = compiled.contradictions[0]
    assert contradiction.rule == "different-values"
    assert {c.key for side in contradiction.sides for c in side.claims} == contradiction.keys
