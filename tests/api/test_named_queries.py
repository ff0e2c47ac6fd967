"""Named queries: client text reaches a query only as an escaped term or a checked IRI."""

from __future__ import annotations

import pytest

from graph.api.named_queries import iri_under, iris, render, strings
from graph.vocab.namespaces import ENTITY


@pytest.mark.parametrize(
    ("value", "iri"),
    [
        ("softbank", ENTITY + "softbank"),
        (ENTITY + "softbank", ENTITY + "softbank"),  # an IRI under the prefix is taken as is
        ("a b", None),
        ("<x>", None),
        ('so"ft', None),
        ("x{y}", None),
        ("back\\slash", None),
    ],
)
def test_a_client_id_becomes_an_iri_under_the_prefix_or_nothing(value: str, iri: str | None) -> None:
    assert iri_under(ENTITY, value) == iri


def test_iris_refuses_what_cannot_be_written_between_angle_brackets() -> None:
    assert iris([ENTITY + "a", ENTITY + "b"]) == f"<{ENTITY}a> <{ENTITY}b>"
    with pytest.raises(ValueError, match="not an IRI"):
        iris(["http://x/a> } ; DROP ALL ; { <y"])


def test_strings_escape_quotes_backslashes_and_line_breaks() -> None:
    assert strings(['say "hi"\\\n']) == '"say \\"hi\\"\\\\\\n"'


def test_render_fills_every_slot_and_refuses_a_missing_one() -> None:
    assert "<urn:x:1>" in render("search-types", classes="<urn:x:1>")
    with pytest.raises(KeyError, match="slots"):
        render("search-types")
