"""The GraphQL API under fuzzing, on the session's real server.

- schemathesis reads the schema by introspection and generates queries for every root field, with
  valid arguments (positive) and invalid ones (negative); each answer must be data or GraphQL
  errors meant for the client, never a 5xx, a masked internal error or a schema violation.
- hypothesis sends whatever else a client might: any method, content type, Accept header, JSON
  value or raw bytes as the body, any GET parameters; each gets a clear 4xx or GraphQL errors.

After each run the same server answers a normal query.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.schemas import APIOperation
from schemathesis.specs.graphql.schemas import GraphQLSchema

from tests.graphql_http import GRAPHQL_RESPONSE, JSON
from tests.live import LiveServer, assert_still_serving
from tests.raw_http import exchange, request_bytes

EXAMPLES_PER_FIELD = 50
MASKED = "Unexpected error."  # what a client sees of an exception the API did not mean for it
inputs: Counter[str] = Counter()
statuses: Counter[int | None] = Counter()


@pytest.fixture(scope="module")
def api(live_server: LiveServer) -> Iterator[GraphQLSchema]:
    yield schemathesis.graphql.from_url(live_server.url + "/graphql")
    print(f"\nGraphQL inputs fuzzed: {dict(inputs)} (total {inputs.total()}); statuses {dict(statuses)}")


def assert_clear(status: int | None, body: bytes, media_type: str) -> None:
    """Data, GraphQL errors with client-facing messages, or a 4xx that says what is wrong."""
    statuses[status] += 1
    assert status is not None and status < 500, body[:300]
    if media_type not in (JSON, GRAPHQL_RESPONSE):
        assert 400 <= status < 500 and body, body[:300]  # starlette's plain 404/405
        return
    payload = json.loads(body)
    assert isinstance(payload, dict) and ("data" in payload or payload.get("errors")), body[:300]
    for error in payload.get("errors", []):
        assert error["message"] and error["message"] != MASKED, body[:500]
        assert "Traceback" not in error["message"]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_schemathesis_queries_on_every_root_field_get_data_or_client_errors(
    live_server: LiveServer, api: GraphQLSchema, mode: GenerationMode
) -> None:
    operations = [result.ok() for result in api.get_all_operations() if isinstance(result, Ok)]
    assert len(operations) >= 20, [o.label for o in operations]
    with requests.Session() as session:
        for operation in operations:

            @settings(
                max_examples=EXAMPLES_PER_FIELD, deadline=None, database=None, suppress_health_check=list(HealthCheck)
            )
            @given(case=operation.as_strategy(generation_mode=mode), accept=st.sampled_from([JSON, GRAPHQL_RESPONSE]))
            def run(case: Case[APIOperation[Any, Any, Any, Any]], accept: str) -> None:
                inputs[f"schemathesis {mode.value}"] += 1
                response = case.call(session=session, headers={"Accept": accept}, timeout=30)
                assert_clear(
                    response.status_code, response.content, response.headers.get("content-type", [""])[0].split(";")[0]
                )
                api.validate_response(case.operation, response, case=case)  # JSON; no null for a non-null field

            run()
    assert_still_serving(live_server)


# --- the HTTP layer ------------------------------------------------------------------------------

QUERIES = [
    '{ entity(id: "openai") { id label } }',
    "{ __typename }",
    "query Q($id: ID!) { entity(id: $id) { id } }",
    "mutation { x }",
    "subscription { x }",
    "{ ...F }",
    "{",
    "",
    "query A { __typename } query B { __typename }",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=15,
)
requests_json = st.fixed_dictionaries(
    {},
    optional={
        "query": st.sampled_from(QUERIES) | st.text(max_size=60) | json_values,
        "variables": st.none() | st.fixed_dictionaries({"id": st.text(max_size=20) | json_values}) | json_values,
        "operationName": st.none() | st.sampled_from(["Q", "A", "B", ""]) | json_values,
        "extensions": json_values,
    },
)
bodies = st.one_of(
    requests_json.map(lambda value: json.dumps(value).encode()),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=200),
    st.integers(1, 20_000).map(
        lambda depth: b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * depth + b"]" * depth + b"}}"
    ),  # nested past Python's recursion limit
    requests_json.map(lambda value: json.dumps(value).encode("utf-16")),
)
METHODS = [b"GET", b"POST", b"HEAD", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"BREW"]
CONTENT_TYPES = [
    JSON,
    f"{JSON}; charset=utf-8",
    "application/graphql",
    "text/plain",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "",
    f"{JSON}; charset=latin-1",
]
ACCEPTS = [JSON, GRAPHQL_RESPONSE, "*/*", "text/html", "image/png", f"{GRAPHQL_RESPONSE};q=0, */*", ";;,"]
parameter_values = st.one_of(
    st.sampled_from(QUERIES).map(str.encode),
    st.binary(max_size=40),
    json_values.map(lambda value: json.dumps(value).encode()),
)


@st.composite
def query_strings(draw: st.DrawFn) -> bytes:
    names = draw(st.lists(st.sampled_from([b"query", b"variables", b"operationName", b"extensions", b"x"]), max_size=4))
    return b"&".join(name + b"=" + quote_from_bytes(draw(parameter_values)).encode() for name in names)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    method=st.sampled_from(METHODS),
    query_string=query_strings(),
    body=bodies,
    content_type=st.sampled_from(CONTENT_TYPES),
    accept=st.none() | st.sampled_from(ACCEPTS),
)
def _any_request(
    server: LiveServer, method: bytes, query_string: bytes, body: bytes, content_type: str, accept: str | None
) -> None:
    inputs["HTTP requests"] += 1
    headers = [(b"Content-Type", content_type.encode())] if content_type else []
    headers += [(b"Accept", accept.encode())] if accept is not None else []
    target = b"/graphql?" + query_string if query_string else b"/graphql"
    answer = exchange(server.url, request_bytes(method, target, headers, body if method != b"GET" else b""))
    if method == b"HEAD":
        statuses[answer.status] += 1
        assert answer.status is not None and answer.status < 500
        return
    media_type = next(
        (
            line.partition(b":")[2].strip().split(b";")[0].decode()
            for line in answer.head.split(b"\r\n")
            if line.lower().startswith(b"content-type:")
        ),
        "",
    )
    if media_type == "text/html":  # the IDE page, for a GET without a query
        assert method == b"GET" and answer.status == 200
        return
    assert_clear(answer.status, answer.body, media_type)


def test_any_method_body_content_type_and_parameters_get_a_clear_answer(live_server: LiveServer) -> None:
    _any_request(live_server)
    assert_still_serving(live_server)
