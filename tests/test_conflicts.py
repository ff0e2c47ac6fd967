"""graph/conflicts.py + schema/conflicts.yaml: the findings the seed documents support, the
matching semantics on hand-made graphs, and clear errors for broken rule files."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.conflicts import RULES_PATH, Finding, RuleErrors, load_rules, scan
from graph.projection import Projection, build_projection
from graph.seeds import DEFAULT_SEED_DIR
from graph.store import EmbeddedStore
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


def test_the_shipped_rules_load() -> None:
    assert [r.name for r in load_rules()] == ["disputes-while-rival", "several-roles", "stake-in-partner",
                                               "official-disputes-backed-venture", "interlock"]


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
    dispute = next(e for e in found.edges() if (e.subject, e.relation, e.object) == ("elon-musk", "disputes", "stargate"))
    contested = {c.target.relation for c in dispute.claims if c.target}
    assert contested & {"funds", "plansInvestment"}, "the dispute is about the money"
    assert {"musk-sues-openai", "xai-competes-openai", "musk-builds-colossus"} <= {
        c.local_id for e in found.edges() for c in e.claims}
    assert found.explanation.startswith("Elon Musk disputes Stargate")
    assert "Colossus" in found.explanation and "sues OpenAI" in found.explanation


def test_oracle_funds_partners_builds_and_lets_the_abilene_campus(findings: list[Finding]) -> None:
    found = finding(findings, "several-roles", party="oracle", venture="stargate")
    assert {f.name for f in found.facets} == {"funder", "technology", "builder", "operator"}
    assert ["oracle", "abilene-campus", "stargate"] in facet_paths(found, "builder")
    assert {("oracle", "funds", "stargate"), ("oracle", "technologyPartnerOf", "stargate"),
            ("oracle", "builds", "abilene-campus"), ("oracle", "landlordOf", "abilene-campus")} <= relations(found)


def test_softbank_holds_a_stake_in_arm_a_technology_partner(findings: list[Finding]) -> None:
    found = finding(findings, "stake-in-partner", funder="softbank", partner="arm", venture="stargate")
    assert facet_paths(found, "stake") == [["softbank", "arm", "stargate"]]
    stake = next(e for e in found.edges() if e.relation == "holdsStake" and e.object == "arm")
    assert stake.documents == ["004_5cf1b9cad3f7a47d"]
    assert found.explanation == "SoftBank Group funds Stargate and holds a stake in Arm, a supplier or partner of Stargate"


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

def write_rules(tmp_path: Path, rules: str, sets: str = "") -> Path:
    path = tmp_path / "conflicts.yaml"
    path.write_text((f"relation_sets:\n{sets}\n" if sets else "") + "rules:\n" + rules, encoding="utf-8")
    return path


RIVAL = """
  - name: rival
    title: t
    description: d
    variables: {critic: [Person], venture: [Project], party: [Organization], site: [Site]}
    key: [critic, venture]
    facets:
      - name: disputes
        paths: [critic -disputes-> venture]
      - name: competes
        says: competes with {party}
        paths: [critic -competesWith-> party -@party-> venture]
      - name: own-site
        says: runs {site}
        paths: [critic -operates-> site]
        unless: [venture -operates-> site]
    require: {all: [disputes], at_least: 2}
    explanation: "{critic} disputes {venture}; {facets}"
"""
TYPES = {"critic": "Person", "venture": "Project", "rival": "Company", "site": "Site", "shared": "Site"}


def test_a_rule_needs_its_required_facets_and_enough_of_the_rest(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, RIVAL, "  party: [funds, founderOf]"))
    graph = handmade([("critic", "disputes", "venture"), ("critic", "competesWith", "rival"),
                      ("rival", "funds", "venture")], TYPES)
    [found] = scan(graph, rules)
    assert found.explanation == "CRITIC disputes VENTURE; competes with RIVAL"
    alone = handmade([("critic", "disputes", "venture"), ("critic", "competesWith", "rival")], TYPES)
    assert scan(alone, rules) == []  # the rival is no party of the venture: one facet only


def test_unless_discards_a_path_and_types_must_fit(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, RIVAL, "  party: [funds]"))
    shared = handmade([("critic", "disputes", "venture"), ("critic", "operates", "shared"),
                       ("venture", "operates", "shared")], TYPES)
    assert scan(shared, rules) == []
    own = handmade([("critic", "disputes", "venture"), ("critic", "operates", "site")], TYPES)
    assert [f.explanation for f in scan(own, rules)] == ["CRITIC disputes VENTURE; runs SITE"]
    company_critic = handmade([("critic", "disputes", "venture"), ("critic", "operates", "site")],
                              {**TYPES, "critic": "Company"})
    assert scan(company_critic, rules) == []


INTERLOCK = """
  - name: interlock
    title: t
    description: d
    variables: {person: [Person], a: [Organization], b: [Organization]}
    key: [person, a, b]
    unordered: [a, b]
    ignore_status: [former]
    facets:
      - name: roles
        paths: [a <-leads|advises- person -leads|advises-> b]
      - name: linked
        paths: [a -*- b]
    require: {all: [roles, linked]}
    explanation: "{person}: {a} and {b}"
"""


def test_unordered_keys_give_one_finding_and_ignored_statuses_do_not_count(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, INTERLOCK))
    types = {"p": "Person", "x": "Company", "y": "Fund", "z": "Company"}
    graph = handmade([("p", "leads", "x"), ("p", "advises", "y"), ("y", "funds", "x"),
                      ("p", "leads", "z", {"status": "former"}), ("z", "suppliesTo", "x")], types)
    assert [(f.entities, f.explanation) for f in scan(graph, rules)] == [
        ({"person": "p", "a": "x", "b": "y"}, "P: X and Y")]


def test_distinct_variables_are_distinct_entities(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, INTERLOCK))
    # p leads x twice over; a-b would have to be x-x
    graph = handmade([("p", "leads", "x"), ("p", "advises", "x"), ("x", "owns", "x")], {"p": "Person"})
    assert scan(graph, rules) == []


# --- broken rule files -----------------------------------------------------------------------

def line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(("broken", "fragment", "message"), [
    ("critic -competesWith-> party", "critic -befriends-> party", "unknown relation 'befriends'"),
    ("critic -competesWith-> party", "critic -hasRevenue-> party", "relation 'hasRevenue' does not link two entities"),
    ("critic -competesWith-> party", "critic -competesWith party", "bad path 'critic -competesWith party"),
    ("critic -competesWith-> party", "critic <-competesWith-> party", "points one way"),
    ("critic -competesWith-> party", "critic -competesWith-> rival", "undeclared variable 'rival'"),
    ("-@party-> venture", "-@stake-> venture", "unknown relation set '@stake'"),
    ("party: [Organization]", "party: [Organisation]", "unknown entity type 'Organisation'"),
    ("require: {all: [disputes]", "require: {all: [dispute]", "require names unknown facet 'dispute'"),
    ("says: runs {site}", "says: runs {place}", "{place} is not available here"),
    ("at_least: 2}", "at_least: 9}", "at_least must be a number from 1 to 3"),
])
def test_a_broken_rule_is_reported_with_file_line_and_rule(tmp_path: Path, broken: str, fragment: str,
                                                           message: str) -> None:
    path = write_rules(tmp_path, RIVAL.replace(broken, fragment), "  party: [funds]")
    with pytest.raises(RuleErrors) as caught:
        load_rules(path)
    text = str(caught.value)
    assert f"{path}:{line_of(path, fragment)}: rule 'rival': " in text or \
        f"conflicts.yaml:{line_of(path, fragment)}: rule 'rival': " in text, text
    assert message in text


def test_a_rule_without_a_facet_that_binds_the_key_is_refused(tmp_path: Path) -> None:
    path = write_rules(tmp_path, RIVAL.replace("require: {all: [disputes], at_least: 2}", "require: {at_least: 2}"),
                       "  party: [funds]")
    with pytest.raises(RuleErrors, match="no required facet binds every key variable"):
        load_rules(path)


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    path = write_rules(tmp_path, RIVAL.replace("-disputes->", "-doubts->").replace("[Site]", "[Spot]"),
                       "  party: [funds]")
    with pytest.raises(RuleErrors) as caught:
        load_rules(path)
    assert len(caught.value.problems) == 2


def test_a_file_that_is_not_yaml_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "conflicts.yaml"
    path.write_text("rules:\n  - name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleErrors, match=r"conflicts.yaml:\d+: not valid YAML"):
        load_rules(path)


def test_the_shipped_file_is_the_default() -> None:
    assert RULES_PATH.name == "conflicts.yaml" and RULES_PATH.parent.name == "schema"
