"""Abusive requests get a clear 4xx or GraphQL error, and the server keeps serving.

Cases the limit tests of earlier modules already cover are not repeated here: GraphQL depth,
aliases (fragments included) and tokens are in test_api_routes.py; the SPARQL timeout on a cross
product, the row cap and update/SERVICE refusals are in test_sparql.py; slow headers and bodies
are in test_limits.py.
"""

from __future__ import annotations

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.live import LiveServer

NORMAL_GRAPHQL = '{ entity(id: "softbank") { label } }'
NORMAL_SPARQL = "SELECT ?label WHERE { sgid:softbank rdfs:label ?label }"


def still_serving(server: LiveServer) -> None:
    graphql = httpx.post(server.url + "/graphql", json={"query": NORMAL_GRAPHQL}, timeout=30)
    assert graphql.status_code == 200 and graphql.json()["data"]["entity"]["label"] == "SoftBank Group"
    sparql = httpx.get(server.url + "/sparql", params={"query": NORMAL_SPARQL},
                       headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert sparql.status_code == 200 and sparql.json()["results"]["bindings"]


def test_a_huge_variable_payload_is_refused_before_it_is_read(live_server: LiveServer) -> None:
    body = {"query": "query Q($t: String!) { search(text: $t) { totalCount } }", "variables": {"t": "x" * 2_000_000}}
    response = httpx.post(live_server.url + "/graphql", json=body, timeout=30)
    assert response.status_code == 413
    still_serving(live_server)


def test_a_long_variable_under_the_body_limit_gets_a_graphql_error(live_server: LiveServer) -> None:
    body = {"query": "query Q($t: String!) { search(text: $t) { totalCount } }", "variables": {"t": "软" * 100_000}}
    response = httpx.post(live_server.url + "/graphql", json=body, timeout=30)
    assert response.status_code == 200
    assert response.json()["errors"][0]["message"] == "text: give 1 to 200 characters"
    still_serving(live_server)


def test_a_very_wide_query_is_refused(live_server: LiveServer) -> None:
    fields = " ".join(f"f{i}: __typename" for i in range(5000))
    response = httpx.post(live_server.url + "/graphql", json={"query": "{ " + fields + " }"}, timeout=30)
    assert response.status_code in (200, 400)
    assert response.json()["errors"]
    still_serving(live_server)


def test_a_catastrophic_regex_does_not_hang_the_endpoint(live_server: LiveServer) -> None:
    query = ('SELECT ?s WHERE { ?s rdfs:label ?l . BIND(CONCAT(STR(?l), "' + "a" * 5000 + '!") AS ?x) '
             'FILTER(REGEX(?x, "^(a+)+$")) }')
    response = httpx.post(live_server.url + "/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code in (200, 400, 503)
    still_serving(live_server)


def test_a_huge_regex_pattern_gets_an_answer_or_a_clear_error(live_server: LiveServer) -> None:
    pattern = "(" + "|".join(f"name{i}" for i in range(20_000)) + ")"
    query = f'SELECT ?s WHERE {{ ?s rdfs:label ?l FILTER(REGEX(?l, "{pattern}")) }}'
    response = httpx.post(live_server.url + "/sparql", content=query.encode(),
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code in (200, 400, 413, 503)
    if response.status_code != 200:
        assert response.text
    still_serving(live_server)


def test_invalid_utf8_in_a_sparql_query_is_a_400(live_server: LiveServer) -> None:
    response = httpx.post(live_server.url + "/sparql", content=b"SELECT * WHERE { ?s ?p \xff\xfe }",
                          headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 400
    still_serving(live_server)


def test_an_oversized_sparql_body_is_a_413(live_server: LiveServer) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2_000_000
    response = httpx.post(live_server.url + "/sparql", content=query.encode(),
                          headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 413
    still_serving(live_server)


_methods = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"])
_types = st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded",
                          "application/sparql-update", "text/plain", "application/json", "",
                          "application/sparql-query; charset=latin-1", "multipart/form-data"])
_accepts = st.sampled_from(["*/*", "application/sparql-results+json", "text/csv", "text/turtle",
                            "application/xml", "image/png", "", "text/html"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=_methods, content_type=_types, accept=_accepts,
       body=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
       params=st.dictionaries(st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri", "x"]),
                              st.text(max_size=60), max_size=3))
def test_any_sparql_request_gets_an_answer_below_500(live_server: LiveServer, method: str, content_type: str,
                                                     accept: str, body: bytes, params: dict[str, str]) -> None:
    headers = {"Accept": accept} if accept else {}
    if content_type:
        headers["Content-Type"] = content_type
    response = httpx.request(method, live_server.url + "/sparql", params=params, content=body,
                             headers=headers, timeout=60)
    assert response.status_code < 500 or response.status_code == 503, response.text[:300]
