"""yaml_lines.py: YAML files become plain values that know their lines, and whatever a file holds
ends as a `file:line` problem, never an exception or a crash."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.files.problems import Problem
from graph.files.yaml_lines import MAX_DEPTH, LineList, LineMap, YamlFile, parse_yaml


def _problems(path: Path) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    return YamlFile(path, problems).load(), problems


def test_mappings_and_lists_know_their_lines_and_those_of_their_keys_and_items() -> None:
    data = parse_yaml(
        textwrap.dedent("""\
        document: d
        claims:
          - id: a
            value: {amount: 1,
                    currency: USD}
          - id: b
            aliases: [x,
                      y]
        """)
    )
    assert isinstance(data, LineMap) and data.line == 1
    assert (data.line_of("document"), data.line_of("claims"), data.line_of("absent")) == (1, 2, 1)
    claims = data["claims"]
    assert isinstance(claims, LineList) and claims.item_lines == [3, 6]
    first, second = claims
    assert first.line == 3 and first.line_of("value") == 4
    assert first["value"].line_of("amount") == 4 and first["value"].line_of("currency") == 5
    assert second["aliases"].item_lines == [7, 8]
    assert [(key, found.line) for key, found in first.located_items()] == [("id", 3), ("value", 4)]


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.dates()
)
_values = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(value=_values, flow=st.booleans())
def test_plain_yaml_reads_as_pyyaml_reads_it(value: object, flow: bool) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    assert parse_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {k: 1}\nuse: *b\nmore: [*b, *b]\n",
        "base: &b {k: 1, z: 3}\nmerged: {<<: *b, j: 2, k: 5}\n",
        "one: &a {x: 1}\ntwo: &b {x: 2, y: 2}\nboth: {<<: [*a, *b], z: 3}\n",
        "when: 2025-01-21\nflags: [yes, no, ~, 0x1F, 1_000, 1.5e+3, .inf]\n",
        "!!str 12\n",
        "",
    ],
)
def test_aliases_merge_keys_and_scalar_types_read_as_pyyaml_reads_them(text: str) -> None:
    assert parse_yaml(text) == yaml.safe_load(text)


def test_an_alias_shares_the_anchored_value() -> None:
    data = parse_yaml("base: &b {k: 1}\nuse: *b\n")
    assert data["use"] is data["base"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("tagged: !!set {a, b}\n", "the tag 'tag:yaml.org,2002:set' is not supported", 1),
        ("x:\n  y: !custom 1\n", "could not determine a constructor for the tag '!custom'", 2),
        ("? [a, b]\n: unhashable key\n", "found unhashable key", 1),
        ("&r [*r]\n", "found recursive alias 'r'", 1),
        ("a: &x 1\nb: &x 2\n", "found duplicate anchor 'x'", 2),
        ("a: *nowhere\n", "found undefined alias 'nowhere'", 1),
        ("a: 1\n---\nb: 2\n", "but found another document", 2),
        ("a:\n  - 2025-13-45\n", "cannot read '2025-13-45': month must be in 1..12", 2),
        ("a: " + "9" * 5000 + "\n", "a number of 5000 characters", 1),
        ("a: 1." + "5" * 100 + "e+3\n", "a number of 105 characters", 1),
        ("a: {<<: [1, 2]}\n", "expected a mapping or list of mappings for merging", 1),
    ],
)
def test_what_the_reader_refuses_is_a_yaml_error_at_its_line(text: str, message: str, line: int) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        parse_yaml(text)
    error = caught.value
    assert message in str(error)
    assert (error.problem_mark or error.context_mark).line + 1 == line  # type: ignore[union-attr]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 3_000, 200_000])
def test_deep_nesting_is_refused_without_recursing(depth: int) -> None:
    """PyYAML's composer recurses once per level: 3,000 levels raised RecursionError and libyaml's
    composer overflowed the C stack (the process died) somewhere below 30,000."""
    for text in ("a: " + "[" * depth + "]" * depth + "\n", "- " * depth + "x\n"):
        started = time.perf_counter()
        with pytest.raises(yaml.MarkedYAMLError, match=f"nested more than {MAX_DEPTH} levels deep"):
            parse_yaml(text)
        assert time.perf_counter() - started < 10


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    value = parse_yaml(text)
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == []


def test_a_file_that_cannot_be_read_is_a_problem_of_that_file(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "latin1.yaml").write_bytes("name: caf\xe9\n".encode("latin-1"))
    (tmp_path / "broken.yaml").write_text("- id: a\n  label: [oops\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    data, [problem] = _problems(tmp_path / "dir.yaml")
    assert data is None and problem.location.line == 1 and problem.message.startswith("cannot read the file:")
    assert problem.location.path.endswith("dir.yaml")
    data, [problem] = _problems(tmp_path / "latin1.yaml")
    assert data is None and problem.message.startswith("not UTF-8")
    data, [problem] = _problems(tmp_path / "broken.yaml")
    assert data is None and problem.location.line == 2
    assert problem.message.startswith("bad YAML") and "started at line 2" in problem.message
    assert _problems(tmp_path / "empty.yaml") == (None, [])
    assert _problems(tmp_path / "missing.yaml")[1][0].message.startswith("cannot read the file:")


def test_problems_are_reported_as_file_line_message(tmp_path: Path) -> None:
    problems: list[Problem] = []
    source = YamlFile(tmp_path / "rules.yaml", problems)
    source.fail(7, "rule 'x': something is wrong")
    [problem] = problems
    assert str(problem) == f"{tmp_path / 'rules.yaml'}:7: rule 'x': something is wrong"
