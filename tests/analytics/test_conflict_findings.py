"""graph/analytics/conflict_findings.py + graph/analytics/conflict_rules.yaml: the findings the seed
documents support, and the matching semantics on hand-made graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analytics.conflict_findings import Finding, scan
from graph.analytics.conflict_rules import load_rules
from graph.analytics.projection import Projection, build_projection
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.store.backends import EmbeddedStore
from tests.handmade import INTERLOCK, RIVAL, write_rules
from tests.handmade import projection as handmade


@pytest.fixture(scope="module")
def seed(store: EmbeddedStore) -> Projection:
    return build_projection(store)


@pytest.fixture(scope="module")
def findings(seed: Projection) -> list[Finding]:
    return scan(seed)


def finding(findings: list[Finding], rule: str, **entities: str) -> Finding:
    matches = [f for f in findings if f.rule == rule and f.entities == entities]
    assert len(matches) == 1, f"no {rule} finding for {entities}: {[(f.rule, f.entities) for f in findings]}"
    return matches[0]


def facet_paths(found: Finding, facet: str) -> list[list[str]]:
    return [list(p.nodes) for f in found.facets if f.name == facet for p in f.paths]


def relations(found: Finding) -> set[tuple[str, str, str]]:
    return {(e.subject, e.relation, e.object) for e in found.edges()}


def test_every_finding_cites_documents_that_contain_its_quotes(findings: list[Finding]) -> None:
    assert findings
    for found in findings:
        assert found.explanation and "{" not in found.explanation
        assert found.documents
        for edge in found.edges():
            assert edge.claims
            for claim in edge.claims:
                text = (DEFAULT_SEED_DIR / "documents" / f"{claim.document}.txt").read_text(encoding="utf-8")
                assert claim.quote in text, (found.rule, edge, claim.local_id)


def test_musk_disputes_the_funding_while_competing_suing_and_building_colossus(findings: list[Finding]) -> None:
    found = finding(findings, "disputes-while-rival", critic="elon-musk", venture="stargate")
    assert {f.name for f in found.facets} == {"disputes", "competes", "litigates", "feuds", "rival-infrastructure"}
    assert ["elon-musk", "xai", "openai", "stargate"] in facet_paths(found, "competes")
    assert ["elon-musk", "openai", "stargate"] in facet_paths(found, "litigates")
    assert facet_paths(found, "rival-infrastructure") == [["elon-musk", "colossus"]]
    dispute = next(
        e for e in found.edges() if (e.subject, e.relation, e.object) == ("elon-musk", "disputes", "stargate")
    )
    contested = {c.target.relation for c in dispute.claims if c.target}
    assert contested & {"funds", "plansInvestment"}, "the dispute is about the money"
    assert {"musk-sues-openai", "xai-competes-openai", "musk-builds-colossus"} <= {
        c.local_id for e in found.edges() for c in e.claims
    }
    assert found.explanation.startswith("Elon Musk disputes Stargate")
    assert "Colossus" in found.explanation and "sues OpenAI" in found.explanation


def test_oracle_funds_partners_builds_and_lets_the_abilene_campus(findings: list[Finding]) -> None:
    found = finding(findings, "several-roles", party="oracle", venture="stargate")
    assert {f.name for f in found.facets} == {"funder", "technology", "builder", "operator"}
    assert ["oracle", "abilene-campus", "stargate"] in facet_paths(found, "builder")
    assert {
        ("oracle", "funds", "stargate"),
        ("oracle", "technologyPartnerOf", "stargate"),
        ("oracle", "builds", "abilene-campus"),
        ("oracle", "landlordOf", "abilene-campus"),
    } <= relations(found)


def test_softbank_holds_a_stake_in_arm_a_technology_partner(findings: list[Finding]) -> None:
    found = finding(findings, "stake-in-partner", funder="softbank", partner="arm", venture="stargate")
    assert facet_paths(found, "stake") == [["softbank", "arm", "stargate"]]
    stake = next(e for e in found.edges() if e.relation == "holdsStake" and e.object == "arm")
    assert stake.documents == ["004_5cf1b9cad3f7a47d"]
    assert (
        found.explanation == "SoftBank Group funds Stargate and holds a stake in Arm, a supplier or partner of Stargate"
    )


def test_musk_advises_the_administration_that_backs_the_venture_he_disputes(findings: list[Finding]) -> None:
    found = finding(findings, "official-disputes-backed-venture", critic="elon-musk", venture="stargate")
    paths = facet_paths(found, "serves-government")
    assert ["elon-musk", "us-government", "stargate"] in paths
    assert ["elon-musk", "donald-trump", "us-government", "stargate"] in paths
    assert ("elon-musk", "advises", "us-government") in relations(found)


def test_interlocks_are_current_roles_only(findings: list[Finding]) -> None:
    finding(findings, "interlock", person="sam-altman", org_a="openai", org_b="stargate")
    finding(findings, "interlock", person="masayoshi-son", org_a="softbank", org_b="stargate")
    # Musk co-chaired OpenAI in 2015 (status: former), so OpenAI and his xAI are no interlock
    assert not [f for f in findings if f.rule == "interlock" and set(f.entities.values()) >= {"openai", "xai"}]


# --- semantics on hand-made graphs ---------------------------------------------------------

TYPES = {"critic": "Person", "venture": "Project", "rival": "Company", "site": "Site", "shared": "Site"}


def test_a_rule_needs_its_required_facets_and_enough_of_the_rest(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, RIVAL, "  party: [funds, founderOf]"))
    graph = handmade(
        [("critic", "disputes", "venture"), ("critic", "competesWith", "rival"), ("rival", "funds", "venture")], TYPES
    )
    [found] = scan(graph, rules)
    assert found.explanation == "CRITIC disputes VENTURE; competes with RIVAL"
    alone = handmade([("critic", "disputes", "venture"), ("critic", "competesWith", "rival")], TYPES)
    assert scan(alone, rules) == []  # the rival is no party of the venture: one facet only


def test_unless_discards_a_path_and_types_must_fit(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, RIVAL, "  party: [funds]"))
    shared = handmade(
        [("critic", "disputes", "venture"), ("critic", "operates", "shared"), ("venture", "operates", "shared")], TYPES
    )
    assert scan(shared, rules) == []
    own = handmade([("critic", "disputes", "venture"), ("critic", "operates", "site")], TYPES)
    assert [f.explanation for f in scan(own, rules)] == ["CRITIC disputes VENTURE; runs SITE"]
    company_critic = handmade(
        [("critic", "disputes", "venture"), ("critic", "operates", "site")], {**TYPES, "critic": "Company"}
    )
    assert scan(company_critic, rules) == []


def test_unordered_keys_give_one_finding_and_ignored_statuses_do_not_count(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, INTERLOCK))
    types = {"p": "Person", "x": "Company", "y": "Fund", "z": "Company"}
    graph = handmade(
        [
            ("p", "leads", "x"),
            ("p", "advises", "y"),
            ("y", "funds", "x"),
            ("p", "leads", "z", {"status": "former"}),
            ("z", "suppliesTo", "x"),
        ],
        types,
    )
    assert [(f.entities, f.explanation) for f in scan(graph, rules)] == [
        ({"person": "p", "a": "x", "b": "y"}, "P: X and Y")
    ]


def test_distinct_variables_are_distinct_entities(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, INTERLOCK))
    # p leads x twice over; a-b would have to be x-x
    graph = handmade([("p", "leads", "x"), ("p", "advises", "x"), ("x", "owns", "x")], {"p": "Person"})
    assert scan(graph, rules) == []
