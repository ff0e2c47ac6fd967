"""seeds.py: seed files parse into typed records, and shape errors point at file:line."""

from __future__ import annotations

import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.ingest.seeds import DEFAULT_SEED_DIR, Money, Quantity, load_corpus


def _write_seed_dir(root: Path, claims: str, entities: str = "") -> Path:
    (root / "documents").mkdir()
    (root / "entities").mkdir()
    (root / "claims").mkdir()
    (root / "documents" / "000_00000000000000aa.txt").write_text("软银出资190亿美元。", encoding="utf-8")
    (root / "documents.yaml").write_text(
        textwrap.dedent("""\
        - id: 000_00000000000000aa
          title: t
          outlet: o
          published: "2025-01"
          language: zh
          script: Hans
        """),
        encoding="utf-8",
    )
    (root / "entities" / "e.yaml").write_text(
        entities
        or textwrap.dedent("""\
        - id: softbank
          type: Company
          label: SoftBank
        - id: stargate
          type: JointVenture
          label: Stargate
        """),
        encoding="utf-8",
    )
    (root / "claims" / "000_00000000000000aa.yaml").write_text(textwrap.dedent(claims), encoding="utf-8")
    return root


def test_the_real_seeds_parse_without_shape_problems() -> None:
    corpus = load_corpus(DEFAULT_SEED_DIR)
    assert corpus.problems == []
    assert len(corpus.documents) == 5
    assert len(corpus.claims) > 150


def test_a_claim_becomes_a_typed_record_that_remembers_its_line(tmp_path: Path) -> None:
    corpus = load_corpus(
        _write_seed_dir(
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
        _write_seed_dir(
            tmp_path,
            """\
        document: 000_00000000000000aa
        claims:
          - {id: a, subject: softbank, relation: hasArea, value: {amount: 875, unit: acre}, quote: 软银}
        """,
        )
    )
    assert corpus.claims[0].value == Quantity(Decimal(875), "acre")


def test_shape_errors_are_all_reported_with_their_lines(tmp_path: Path) -> None:
    corpus = load_corpus(
        _write_seed_dir(
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
    assert any(":3: claim a: unknown field 'colour'" in m for m in messages)
    assert any(":8: claim B_bad: 'id' 'B_bad' is not a valid id" in m for m in messages)
    assert any(":8: claim B_bad: 'value.amount' must be a number" in m for m in messages)
    assert any(":13: claim c: 'qualifiers.as_of' is not a calendar date" in m for m in messages)
    assert any(":13: claim c: unknown qualifier 'mood'" in m for m in messages)


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    corpus = load_corpus(
        _write_seed_dir(
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
        _write_seed_dir(
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
    seed_dir = _write_seed_dir(root, "document: 000_00000000000000aa\nclaims: []\n")
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
    seed_dir = _write_seed_dir(root, "document: 000_00000000000000aa\nclaims: []\n")
    (seed_dir / "claims" / "000_00000000000000aa.yaml").write_bytes(raw)
    corpus = load_corpus(seed_dir)
    assert all(p.message for p in corpus.problems)


_YAML_FEATURES = [
    "a: 1\nb: [x, {c: 2025-01-21, d: 1.5, e: null, f: true}]\n",  # plain: the direct walk
    "base: &b {k: 1}\nuse: *b\nmore: [*b, *b]\n",  # aliases share one object
    "base: &b {k: 1}\nmerged: {<<: *b, j: 2}\n",  # merge key: the generic constructor
    "tagged: !!set {a, b}\n",
    "? [a, b]\n: unhashable key\n",
    "&r [*r]\n",  # recursive
    "x: !custom 1\n",
]


@pytest.mark.parametrize("text", _YAML_FEATURES)
def test_the_fast_yaml_walk_builds_what_the_generic_constructor_builds(text: str) -> None:
    """seeds.py walks plain YAML directly for speed; anything else must come out (or fail) exactly
    as PyYAML's own constructor makes it, line numbers included."""
    from graph.ingest.seeds import _LineLoader

    class Generic(_LineLoader):  # type: ignore[misc]
        construct_document = yaml.constructor.SafeConstructor.construct_document

    def load(loader: type) -> object:
        try:
            return yaml.load(text, Loader=loader)
        except yaml.YAMLError as error:
            return type(error)

    fast, generic = load(_LineLoader), load(Generic)
    assert repr(fast) == repr(generic)
    if isinstance(fast, dict):
        assert fast.line == generic.line  # type: ignore[attr-defined]
