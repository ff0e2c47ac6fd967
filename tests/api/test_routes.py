"""GraphQL over HTTP on a real uvicorn: methods, media types, status codes, and the offline IDE
page with its bundled assets (https://graphql.github.io/graphql-over-http/draft/)."""

from __future__ import annotations

import re

import httpx

from tests.graphql_http import GRAPHQL_RESPONSE, JSON, post
from tests.live import LiveServer

QUERY = '{ entity(id: "softbank") { id label } }'
INVALID = '{ entity(id: "softbank") { id nosuchfield } }'


def test_post_json_answers_on_the_route_itself_not_a_redirect(live_server: LiveServer) -> None:
    response = httpx.post(f"{live_server.url}/graphql", json={"query": QUERY}, follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(JSON)
    assert response.json() == {"data": {"entity": {"id": "softbank", "label": "SoftBank Group"}}}


def test_get_runs_queries_with_variables(live_server: LiveServer) -> None:
    response = httpx.get(
        f"{live_server.url}/graphql",
        headers={"Accept": JSON},
        params={"query": "query One($id: ID!) { entity(id: $id) { id } }", "variables": '{"id": "oracle"}'},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"entity": {"id": "oracle"}}}


def test_get_never_runs_a_mutation(live_server: LiveServer) -> None:
    response = httpx.get(
        f"{live_server.url}/graphql", params={"query": "mutation { anything }"}, headers={"Accept": JSON}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "POST" in response.json()["errors"][0]["message"]


def test_graphql_response_media_type_when_accepted(live_server: LiveServer) -> None:
    response = post(live_server.url, QUERY, accept=f"{GRAPHQL_RESPONSE}, {JSON};q=0.9")
    assert response.status_code == 200
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert response.json()["data"]["entity"]["id"] == "softbank"


def test_a_request_error_is_400_with_graphql_response_json(live_server: LiveServer) -> None:
    response = post(live_server.url, INVALID, accept=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    payload = response.json()
    assert "data" not in payload  # execution never started
    [error] = payload["errors"]
    assert "nosuchfield" in error["message"]
    assert error["locations"] == [{"line": 1, "column": 31}]


def test_a_request_error_is_200_with_legacy_json(live_server: LiveServer) -> None:
    response = post(live_server.url, INVALID, accept=JSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(JSON)
    assert "data" not in response.json() and response.json()["errors"][0]["locations"]


def test_syntax_errors_have_locations(live_server: LiveServer) -> None:
    response = post(live_server.url, "{ entity(id: ", accept=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["message"].startswith("Syntax Error") and error["locations"][0]["line"] == 1


def test_field_errors_keep_status_200_and_partial_data(live_server: LiveServer) -> None:
    response = post(
        live_server.url,
        '{ entity(id: "softbank") { id ok: claims(first: 1) { totalCount } bad: claims(first: -1) { totalCount } } }',
        accept=GRAPHQL_RESPONSE,
    )
    assert response.status_code == 200  # execution started: a GraphQL response with data, not a request error
    payload = response.json()
    assert payload["data"] == {"entity": None}  # the error nulls the nearest nullable field
    assert payload["errors"][0]["path"] == ["entity", "bad"]
    assert "between 0 and 100" in payload["errors"][0]["message"]


def test_unacceptable_media_type_is_406(live_server: LiveServer) -> None:
    response = post(live_server.url, QUERY, accept="text/csv")
    assert response.status_code == 406


def test_non_json_post_is_415_and_bad_json_is_400(live_server: LiveServer) -> None:
    response = httpx.post(f"{live_server.url}/graphql", content=QUERY, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    response = httpx.post(f"{live_server.url}/graphql", content=b"{not json", headers={"Content-Type": JSON})
    assert response.status_code == 400
    assert "JSON" in response.json()["errors"][0]["message"]


def test_other_methods_are_405(live_server: LiveServer) -> None:
    response = httpx.put(f"{live_server.url}/graphql", json={"query": QUERY})
    assert response.status_code == 405
    assert "POST" in response.headers["allow"]


def test_browser_gets_graphiql_served_from_the_package(live_server: LiveServer) -> None:
    for path in ("/graphql", "/graphiql"):
        page = httpx.get(live_server.url + path, headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources and not [s for s in sources if "//" in s]  # only paths on this server
        for source in sources:
            asset = httpx.get(httpx.URL(live_server.url + path).join(source))
            assert asset.status_code == 200 and len(asset.content) > 10_000
    assert httpx.get(f"{live_server.url}/graphiql/assets/../../settings.py").status_code == 404


def test_client_mistakes_are_logged_as_one_line_not_as_server_errors(live_server: LiveServer) -> None:
    """A page too large, an unknown field, a syntax error: one INFO line each, no ERROR, no traceback."""
    mistakes = {
        "{ claims(first: 100000) { totalCount } }": "first",
        '{ entityy(id: "x") { id } }': "entityy",
        "{ entity(id: ": "Syntax Error",
    }
    before = len(live_server.log())
    for query in mistakes:
        post(live_server.url, query)
    logged = live_server.log()[before:]
    client_lines = [line for line in logged.splitlines() if "client error:" in line]
    for word in mistakes.values():
        assert any(word in line for line in client_lines), (word, logged)
    assert " ERROR " not in logged and "Traceback" not in logged
