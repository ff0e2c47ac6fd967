"""seeds.py: seed files parse into typed records, and shape errors point at file:line."""

from __future__ import annotations

import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.ingest.seeds import DEFAULT_SEED_DIR, Money, Quantity, load_corpus
from tests.seed_dirs import write_seed_dir


def test_the_real_seeds_parse_without_shape_problems() -> None:
    corpus = load_corpus(DEFAULT_SEED_DIR)
    assert corpus.problems == []
    assert len(corpus.documents) == 5
    assert len(corpus.claims) > 150


def test_a_claim_becomes_a_typed_record_that_remembers_its_line(tmp_path: Path) -> None:
    corpus = load_corpus(
        write_seed_dir(
            tmp_path,
            """\
        document: 000_00000000000000aa
        claims:
          - id: a
            subject: softbank
            relation: funds
            object: stargate
            value: {amount: 19000000000, currency: USD}
            qualifiers: {share: 40, status: committed, as_of: "2025-01-21"}
            quote: 软银出资190亿美元
        """,
        )
    )
    assert corpus.problems == []
    [claim] = corpus.claims
    assert claim.value == Money(Decimal("19000000000"), "USD")
    assert claim.qualifiers.share == Decimal(40)
    assert claim.qualifiers.as_of is not None and claim.qualifiers.as_of.precision == "day"
    assert claim.where.line == 3 and claim.where.path.endswith("000_00000000000000aa.yaml")
    assert claim.key == "000_00000000000000aa/a"
    assert corpus.documents["000_00000000000000aa"].published.precision == "month"  # type: ignore[union-attr]


def test_quantities_take_a_unit(tmp_path: Path) -> None:
    corpus = load_corpus(
        write_seed_dir(
            tmp_path,
            """\
        document: 000_00000000000000aa
        claims:
          - {id: a, subject: softbank, relation: hasArea, value: {amount: 875, unit: acre}, quote: 软银}
        """,
        )
    )
    assert corpus.claims[0].value == Quantity(Decimal(875), "acre")


def test_shape_errors_are_all_reported_at_the_line_of_their_field(tmp_path: Path) -> None:
    corpus = load_corpus(
        write_seed_dir(
            tmp_path,
            """\
        document: 000_00000000000000aa
        claims:
          - id: a
            subject: softbank
            relation: funds
            colour: blue
            quote: 软银
          - id: B_bad
            subject: softbank
            relation: funds
            value: {amount: lots, currency: dollars}
            quote: 软银
          - id: c
            subject: softbank
            relation: funds
            qualifiers: {as_of: "2025-13-01", mood: happy}
            quote: 软银
        """,
        )
    )
    messages = [str(p) for p in corpus.problems]
    assert any(":6: claim a: unknown field 'colour'" in m for m in messages)
    assert any(":8: claim B_bad: 'id' 'B_bad' is not a valid id" in m for m in messages)
    assert any(":11: claim B_bad: 'value.amount' must be a number" in m for m in messages)
    assert any(":16: claim c: 'qualifiers.as_of' is not a calendar date" in m for m in messages)
    assert any(":16: claim c: unknown qualifier 'mood'" in m for m in messages)
    [claim_c] = [c for c in load_corpus(tmp_path).claims if c.id == "c"]
    assert claim_c.where.line == 13  # a record is located at its first line


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    corpus = load_corpus(
        write_seed_dir(
            tmp_path,
            """\
        document: 000_00000000000000aa
        claims:
          - id: a
            subject: [softbank
        """,
        )
    )
    [problem] = corpus.problems
    assert "bad YAML" in problem.message
    assert problem.location.line >= 4


def test_an_entity_defined_twice_is_reported(tmp_path: Path) -> None:
    corpus = load_corpus(
        write_seed_dir(
            tmp_path,
            "document: 000_00000000000000aa\nclaims: []\n",
            entities="""\
- id: softbank
  type: Company
  label: SoftBank
- id: softbank
  type: Company
  label: SoftBank Group
""",
        )
    )
    assert [p.message for p in corpus.problems] == [
        f"entity 'softbank' already defined at {corpus.entities['softbank'].where}"
    ]


# --- property tests: whatever a seed file holds, parsing reports problems and never crashes ----


_yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30), st.dates().map(str)
)
_yaml_values = st.recursive(
    _yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
_claim_like = st.fixed_dictionaries(
    {},
    optional=dict.fromkeys(
        ("id", "subject", "relation", "object", "value", "qualifiers", "quote", "claimant", "extra"), _yaml_values
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=st.lists(_claim_like, max_size=5))
def test_any_structured_claim_file_parses_to_records_or_problems(tmp_path: Path, claims: list[object]) -> None:
    root = tmp_path / "fuzz"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir()
    seed_dir = write_seed_dir(root, "document: 000_00000000000000aa\nclaims: []\n")
    text = yaml.safe_dump({"document": "000_00000000000000aa", "claims": claims}, allow_unicode=True)
    (seed_dir / "claims" / "000_00000000000000aa.yaml").write_text(text, encoding="utf-8")
    corpus = load_corpus(seed_dir)
    for problem in corpus.problems:
        assert problem.location.line >= 1 and problem.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_in_a_seed_file_are_reported_not_raised(tmp_path: Path, raw: bytes) -> None:
    root = tmp_path / "bytes"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir()
    seed_dir = write_seed_dir(root, "document: 000_00000000000000aa\nclaims: []\n")
    (seed_dir / "claims" / "000_00000000000000aa.yaml").write_bytes(raw)
    corpus = load_corpus(seed_dir)
    assert all(p.message for p in corpus.problems)


# --- hostile seed files: every one is a file:line problem, quickly, never an exception ----------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1e1000000", "'value.amount' is out of range"),  # a 10 s build, once
        ('"1e999999999"', "'value.amount' is out of range"),  # 4 GB, once
        ("1e-1000000", "'value.amount' is out of range"),
        ('"1E+25"', "'value.amount' is out of range"),
        ("1234567890123456789012345678901", "'value.amount' has more than 30 digits"),
        ("9" * 5000, "a number of 5000 characters (at most 64)"),  # Python's int() refuses it with ValueError
        ('"' + "9" * 100_000 + '"', "'value.amount' must be a number"),
        ("1.0e+400", "'value.amount' must be finite"),
    ],
)
def test_a_seed_number_is_bounded_before_it_is_converted(tmp_path: Path, amount: str, message: str) -> None:
    started = time.perf_counter()
    corpus = load_corpus(
        write_seed_dir(
            tmp_path,
            f"""\
        document: 000_00000000000000aa
        claims:
          - id: a
            subject: softbank
            relation: funds
            object: stargate
            value:
              amount: {amount}
              currency: USD
            quote: 软银出资190亿美元
        """,
        )
    )
    [problem] = corpus.problems
    assert problem.location.line == 8 and message in problem.message, problem
    assert len(problem.message) < 300  # a huge value is quoted cut short
    assert time.perf_counter() - started < 5


def test_numbers_within_the_bounds_are_kept_exactly(tmp_path: Path) -> None:
    corpus = load_corpus(
        write_seed_dir(
            tmp_path,
            """\
        document: 000_00000000000000aa
        claims:
          - {id: a, subject: softbank, relation: funds, object: stargate, value: {amount: 9.99e24, currency: USD},
             qualifiers: {share: 0.000001}, quote: 软银出资190亿美元}
          - {id: b, subject: softbank, relation: funds, object: stargate, value: {amount: "123456789012345678901234.5",
             currency: USD}, quote: 软银出资190亿美元}
        """,
        )
    )
    assert corpus.problems == []
    assert [c.value.amount for c in corpus.claims] == [  # type: ignore[union-attr]
        Decimal("9.99e24"),
        Decimal("123456789012345678901234.5"),
    ]
    assert corpus.claims[0].qualifiers.share == Decimal("0.000001")


def test_a_claim_file_nested_thousands_deep_is_a_problem_at_its_line(tmp_path: Path) -> None:
    deep = "[" * 3000 + "]" * 3000
    seed_dir = write_seed_dir(tmp_path, f"document: 000_00000000000000aa\nclaims:\n  - id: a\n    quote: {deep}\n")
    [problem] = load_corpus(seed_dir).problems
    assert problem.location.line == 4 and "nested more than" in problem.message
    assert problem.location.path.endswith("000_00000000000000aa.yaml")


def test_a_directory_named_like_a_seed_file_is_a_problem_of_that_name(tmp_path: Path) -> None:
    seed_dir = write_seed_dir(tmp_path, "document: 000_00000000000000aa\nclaims: []\n")
    (seed_dir / "entities" / "x.yaml").mkdir()
    (seed_dir / "claims" / "y.yaml").mkdir()
    problems = load_corpus(seed_dir).problems
    assert sorted((Path(p.location.path).name, p.location.line) for p in problems) == [("x.yaml", 1), ("y.yaml", 1)]
    assert all(p.message.startswith("cannot read the file:") for p in problems)


def test_a_value_language_must_be_a_language_tag(tmp_path: Path) -> None:
    corpus = load_corpus(
        write_seed_dir(
            tmp_path,
            """\
        document: 000_00000000000000aa
        claims:
          - id: a
            subject: softbank
            relation: hasGoal
            value: {text: 目标, lang: [zh]}
            quote: 软银
        """,
        )
    )
    [problem] = corpus.problems
    assert problem.location.line == 6 and "'value.lang' must be a language tag" in problem.message
