"""Every id argument that filters (an entity, a document) must name something the graph holds:
an unknown id is a clear error naming the argument, on the real session server. The arguments
are read from the schema itself, so a new one that skips graph/api/known.py fails here."""

from __future__ import annotations

import graphql
import pytest

from graph.api.schema import sdl
from graph.vocab import namespaces as ns
from tests.graphql_http import ask, errors_of
from tests.live import LiveServer

LOOKUPS = {"id"}  # entity(id:), document(id:)...: a lookup answers null for an unknown id
TYPO = "stargatee"


def _defaulted(argument: graphql.GraphQLArgument) -> bool:
    """Whether the SDL gives the argument a default (build_schema keeps it on the AST node)."""
    return argument.ast_node is not None and argument.ast_node.default_value is not None


def id_arguments() -> list[tuple[str, str, list[str]]]:
    """(field, argument, the field's other required arguments) for every ID argument of Query."""
    query = graphql.build_schema(sdl()).query_type
    assert query is not None
    found = []
    for name, field in query.fields.items():
        for argument, spec in field.args.items():
            if graphql.get_named_type(spec.type).name == "ID" and argument not in LOOKUPS:
                required = [
                    other
                    for other, given in field.args.items()
                    if other != argument and graphql.is_non_null_type(given.type) and not _defaulted(given)
                ]
                found.append((name, argument, required))
    return found


@pytest.mark.parametrize(
    ("field", "argument", "required"),
    [pytest.param(*case) for case in id_arguments()],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_an_unknown_id_is_a_clear_error_in_every_field(
    live_server: LiveServer, field: str, argument: str, required: list[str]
) -> None:
    others = "".join(f', {name}: "openai"' for name in required)
    [error] = errors_of(live_server.url, f'{{ {field}({argument}: "{TYPO}"{others}) {{ __typename }} }}')
    kind = "document" if argument == "document" else "entity"
    assert error["message"] == f"{argument}: unknown {kind} '{TYPO}'"
    assert error["path"] == [field]


def test_the_schema_has_the_filters_the_issue_names() -> None:
    assert {(f, a) for f, a, _ in id_arguments()} >= {("fundingTotals", "recipient"), ("paths", "source")}


def test_a_known_id_filters_given_as_an_id_or_as_an_iri(live_server: LiveServer) -> None:
    query = "query ($r: ID) { fundingTotals(recipient: $r) { amount funder { id } recipient { id } } }"
    by_id = ask(live_server.url, query, {"r": "stargate"})["fundingTotals"]
    assert by_id and {t["recipient"]["id"] for t in by_id} == {"stargate"}
    assert ask(live_server.url, query, {"r": ns.ENTITY + "stargate"})["fundingTotals"] == by_id
    document = "query ($d: ID) { fundings(document: $d) { totalCount } }"
    assert ask(live_server.url, document, {"d": "004_5cf1b9cad3f7a47d"})["fundings"]["totalCount"] > 0


def test_an_id_that_is_no_iri_at_all_is_the_same_clear_error(live_server: LiveServer) -> None:
    [error] = errors_of(live_server.url, '{ timeline(entity: "a b>") { totalCount } }')
    assert error["message"] == "entity: unknown entity 'a b>'"


def test_a_lookup_of_an_unknown_id_still_answers_null(live_server: LiveServer) -> None:
    data = ask(live_server.url, f'{{ entity(id: "{TYPO}") {{ id }} document(id: "{TYPO}") {{ id }} }}')
    assert data == {"entity": None, "document": None}
