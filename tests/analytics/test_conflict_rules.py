"""graph/analytics/conflict_rules.py: the shipped rule file loads; a broken one gets every mistake as
file:line with its rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analytics.conflict_rules import RULES_PATH, load_rules
from graph.files.problems import RuleErrors
from tests.handmade import RIVAL, write_rules


def test_the_shipped_rules_load() -> None:
    assert RULES_PATH.name == "conflict_rules.yaml" and RULES_PATH.parent.name == "analytics"
    assert [r.name for r in load_rules()] == [
        "disputes-while-rival",
        "several-roles",
        "stake-in-partner",
        "official-disputes-backed-venture",
        "interlock",
    ]


def line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("broken", "fragment", "message"),
    [
        ("critic -competesWith-> party", "critic -befriends-> party", "unknown relation 'befriends'"),
        (
            "critic -competesWith-> party",
            "critic -hasRevenue-> party",
            "relation 'hasRevenue' does not link two entities",
        ),
        ("critic -competesWith-> party", "critic -competesWith party", "bad path 'critic -competesWith party"),
        ("critic -competesWith-> party", "critic <-competesWith-> party", "points one way"),
        ("critic -competesWith-> party", "critic -competesWith-> rival", "undeclared variable 'rival'"),
        ("-@party-> venture", "-@stake-> venture", "unknown relation set '@stake'"),
        ("party: [Organization]", "party: [Organisation]", "unknown entity type 'Organisation'"),
        ("require: {all: [disputes]", "require: {all: [dispute]", "require names unknown facet 'dispute'"),
        ("says: runs {site}", "says: runs {place}", "{place} is not available here"),
        ("at_least: 2}", "at_least: 9}", "at_least must be a number from 1 to 3"),
    ],
)
def test_a_broken_rule_is_reported_with_file_line_and_rule(
    tmp_path: Path, broken: str, fragment: str, message: str
) -> None:
    path = write_rules(tmp_path, RIVAL.replace(broken, fragment), "  party: [funds]")
    with pytest.raises(RuleErrors) as caught:
        load_rules(path)
    text = str(caught.value)
    assert (
        f"{path}:{line_of(path, fragment)}: rule 'rival': " in text
        or f"conflicts.yaml:{line_of(path, fragment)}: rule 'rival': " in text
    ), text
    assert message in text


def test_a_rule_without_a_facet_that_binds_the_key_is_refused(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path, RIVAL.replace("require: {all: [disputes], at_least: 2}", "require: {at_least: 2}"), "  party: [funds]"
    )
    with pytest.raises(RuleErrors, match="no required facet binds every key variable"):
        load_rules(path)


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path, RIVAL.replace("-disputes->", "-doubts->").replace("[Site]", "[Spot]"), "  party: [funds]"
    )
    with pytest.raises(RuleErrors) as caught:
        load_rules(path)
    assert len(caught.value.problems) == 2


def test_a_file_that_is_not_yaml_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "conflicts.yaml"
    path.write_text("rules:\n  - name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleErrors, match=r"conflicts.yaml:\d+: bad YAML"):
        load_rules(path)
