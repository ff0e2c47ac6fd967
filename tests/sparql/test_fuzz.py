"""graph/sparql/endpoint.py under fuzzing: whatever a client sends to /sparql (query texts, parameters, encodings,
content types, methods, headers), the answer is a result or a clear 4xx, never a 5xx or a hang;
afterwards the same real server still answers.

The one 5xx allowed is the documented 503 of a query that ran past --sparql-timeout (a random
query may happen to be a cross product); it must say so.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from urllib.parse import quote_from_bytes, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS
from graph.sparql.page import QUERY_DIR
from tests.live import LiveServer, assert_still_serving, run_server
from tests.raw_http import exchange, request_bytes

TIMEOUT_S = 3  # the server's --sparql-timeout: a runaway random query costs at most this
FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
inputs: Counter[str] = Counter()  # inputs sent per test, printed at the end (pytest -s)
statuses: Counter[int | None] = Counter()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_server("--sparql-timeout", str(TIMEOUT_S), log_dir=tmp_path_factory.mktemp("fuzz-sparql")) as live:
        yield live
    print(f"\nSPARQL inputs fuzzed: {dict(inputs)} (total {inputs.total()}); statuses {dict(statuses)}")


def assert_clear(status: int | None, body: bytes, content_type: str = "") -> None:
    """A result, or a 4xx that says what is wrong; a 503 only for the timeout, saying so."""
    statuses[status] += 1
    assert status is not None, "the server closed the connection without an answer"
    if status == 503:
        assert "longer than" in json.loads(body)["error"], body[:300]
        return
    assert status < 500, body[:300]
    if status >= 400 and content_type.startswith("application/json"):
        assert json.loads(body)["error"], body[:300]


# --- query texts ------------------------------------------------------------------------------

NAMED_QUERIES = [path.read_text(encoding="utf-8") for path in sorted(QUERY_DIR.glob("*.rq"))]
TOKENS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ".",
    ";",
    ",",
    "*",
    "?s",
    "?p",
    "?o",
    "$x",
    "_:b",
    "a",
    "sg:funds",
    "sgid:stargate",
    "rdfs:label",
    "undeclared:x",
    "<https://w3id.org/stargate-kg/id/openai>",
    "<http://127.0.0.1:1/g>",
    "<file:///etc/passwd>",
    '"软银"@zh-Hans',
    '"x"^^xsd:integer',
    "42",
    "-1.5e9",
    "true",
    "FILTER",
    "REGEX",
    "STR",
    "LANG",
    "CONCAT",
    "STRLEN",
    "COUNT",
    "GROUP BY",
    "ORDER BY",
    "LIMIT",
    "OFFSET",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "VALUES",
    "BIND",
    "AS",
    "GRAPH",
    "FROM",
    "FROM NAMED",
    "SERVICE",
    "SILENT",
    "LOAD",
    "INSERT DATA",
    "DELETE WHERE",
    "CLEAR ALL",
    "DROP",
    "WITH",
    "\\u0053ERVICE",
    "PREFIX p: <urn:p#>",
    "BASE <http://127.0.0.1:1/>",
    "#",
    "\n",
    "+",
    "/",
    "|",
    "^",
    "!",
    "&&",
    "||",
    "=",
    "!=",
    "<",
    ">",
]
token_soup = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=40).map(" ".join)


@st.composite
def mutated_named_query(draw: st.DrawFn) -> str:
    """A real query of graph/sparql/queries with a slice cut out or a token put in."""
    text = draw(st.sampled_from(NAMED_QUERIES))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    return text[:start] + draw(st.sampled_from(["", *TOKENS]) | st.text(max_size=6)) + text[end:]


query_texts = st.one_of(st.text(max_size=200), token_soup, mutated_named_query())
ACCEPTS = [
    *(f.media_type for f in RESULT_FORMATS.values()),
    *(f.media_type for f in GRAPH_FORMATS.values()),
    "*/*",
    "text/html",
    "image/png",
    "application/json;q=0",
    "*/*;q=abc",
    "text/*;q=nan, */*;q=inf",
]
accepts = (
    st.none()
    | st.sampled_from(ACCEPTS)
    | st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60).map(str.strip)
)  # as httpx sends it


@FUZZ
@given(
    query=query_texts,
    how=st.sampled_from(["get", "form", "direct"]),
    accept=accepts,
    graphs=st.lists(st.sampled_from(["default-graph-uri", "named-graph-uri"]), max_size=2),
)
def _query_text(server: LiveServer, query: str, how: str, accept: str | None, graphs: list[str]) -> None:
    inputs["query texts"] += 1
    headers = [(b"Accept", accept.encode())] if accept is not None else []
    pairs = [("query", query), *((name, "https://w3id.org/stargate-kg/graph/entities") for name in graphs)]
    encoded = urlencode(pairs, encoding="utf-8", errors="surrogatepass").encode()
    if how == "get":  # raw: httpx refuses URLs past 64 kB, servers need not
        request = request_bytes(b"GET", b"/sparql?" + encoded, headers)
    elif how == "form":
        request = request_bytes(
            b"POST", b"/sparql", [*headers, (b"Content-Type", b"application/x-www-form-urlencoded")], encoded
        )
    else:
        request = request_bytes(
            b"POST",
            b"/sparql?" + urlencode(pairs[1:]).encode(),
            [*headers, (b"Content-Type", b"application/sparql-query")],
            query.encode("utf-8", "surrogatepass"),
        )
    answer = exchange(server.url, request)
    assert_clear(answer.status, answer.body, _content_type(answer.head))


def test_any_query_text_by_any_of_the_three_forms_gets_an_answer_or_a_4xx(server: LiveServer) -> None:
    _query_text(server)
    assert_still_serving(server)


# Nesting and operator chains: Oxigraph's parser recurses once per level or link, and overflowed
# its worker's stack a few thousand deep (group: 3,000; CONCAT: 1,000; UNION, &&: 10,000).
DEEP = [
    ("ASK { ", "{ ", "", " }", " }"),
    ("ASK { FILTER(", "(", "1", ")", ") }"),
    ("SELECT (", "CONCAT(", '"a"', ")", " AS ?x) {}"),
    ("ASK { ", "OPTIONAL { ", "", "}", " }"),
    ("ASK { ", "{} UNION ", "{}", "", " }"),
    ("ASK { FILTER(", "true && ", "true", "", ") }"),
    ("ASK { FILTER(", "!", "true", "", ") }"),
    ("ASK { ?s ", "(", "sg:funds", ")", " ?o }"),
]


@pytest.mark.parametrize("depth", [100, 1000, 3000, 12_000])
def test_queries_nested_or_chained_thousands_deep_get_an_answer_or_a_4xx(server: LiveServer, depth: int) -> None:
    for head, step, middle, closing, tail in DEEP:
        inputs["deep queries"] += 1
        query = head + step * depth + middle + closing * depth + tail
        answer = exchange(
            server.url,
            request_bytes(b"POST", b"/sparql", [(b"Content-Type", b"application/sparql-query")], query.encode()),
        )
        assert_clear(answer.status, answer.body, _content_type(answer.head))
    assert_still_serving(server)


# --- bodies, encodings and content types ---------------------------------------------------------

CONTENT_TYPES = [
    "application/sparql-query",
    "application/sparql-query; charset=utf-8",
    "application/sparql-query; charset=latin-1",
    "application/x-www-form-urlencoded",
    "application/sparql-update",
    "application/json",
    "text/plain",
    "multipart/form-data; boundary=x",
    "",
    ";;;",
    "application/sparql-query; charset",
]
utf8_queries = query_texts.map(lambda text: text.encode("utf-8", "surrogatepass"))
bodies = st.one_of(
    st.binary(max_size=300),
    utf8_queries,
    utf8_queries.map(lambda raw: b"query=" + quote_from_bytes(raw).encode()),
    st.binary(max_size=60).map(lambda raw: b"query=" + raw),
)  # raw bytes, broken escapes


@FUZZ
@given(
    body=bodies,
    content_type=st.sampled_from(CONTENT_TYPES)
    | st.text(max_size=40).filter(lambda text: "\r" not in text and "\n" not in text),
)  # a line break would start another header
def _body(server: LiveServer, body: bytes, content_type: str) -> None:
    inputs["POST bodies"] += 1
    headers = [(b"Content-Type", content_type.encode("utf-8", "surrogatepass"))]
    answer = exchange(server.url, request_bytes(b"POST", b"/sparql", headers, body))
    assert_clear(answer.status, answer.body, _content_type(answer.head))


def test_any_post_body_in_any_content_type_gets_an_answer_or_a_4xx(server: LiveServer) -> None:
    _body(server)
    assert_still_serving(server)


def _content_type(head: bytes) -> str:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-type":
            return value.strip().decode("latin-1")
    return ""


# --- query strings: parameters and percent-encoding -----------------------------------------------

PARAMETERS = [b"query", b"update", b"default-graph-uri", b"named-graph-uri", b"", b"q", b"query[]", b"%71uery"]
escaped_bytes = st.binary(max_size=80).map(lambda raw: quote_from_bytes(raw).encode())
raw_values = st.one_of(
    escaped_bytes,
    utf8_queries.map(lambda raw: quote_from_bytes(raw).encode()),
    st.sampled_from(
        [b"%", b"%F", b"%GG", b"%FF%FE", b"%C0%AF", b"%ED%A0%80", b"%00", b"+", b"%25%", b"ASK%20%7B%7D", b"ASK+{}"]
    ),
)
query_strings = st.lists(st.tuples(st.sampled_from(PARAMETERS), raw_values), max_size=4).map(
    lambda pairs: b"&".join(name + b"=" + value for name, value in pairs)
)


@FUZZ
@given(query_string=query_strings, separator=st.sampled_from([b"?", b"?&", b"?;", b"??"]))
def _query_string(server: LiveServer, query_string: bytes, separator: bytes) -> None:
    inputs["query strings"] += 1
    answer = exchange(
        server.url,
        request_bytes(b"GET", b"/sparql" + separator + query_string, [(b"Accept", b"application/sparql-results+json")]),
    )
    assert_clear(answer.status, answer.body, _content_type(answer.head))


def test_any_query_string_and_percent_encoding_gets_an_answer_or_a_4xx(server: LiveServer) -> None:
    _query_string(server)
    assert_still_serving(server)


# --- methods and headers ---------------------------------------------------------------------------

METHODS = [
    b"GET",
    b"POST",
    b"HEAD",
    b"PUT",
    b"DELETE",
    b"PATCH",
    b"OPTIONS",
    b"TRACE",
    b"CONNECT",
    b"BREW",
    b"get",
    b"G\xc3\x89T",
    b"POST POST",
]
header_names = st.text(
    st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":"), min_size=1, max_size=20
).map(str.encode)
header_values = st.one_of(
    st.binary(max_size=80).filter(lambda v: b"\r" not in v and b"\n" not in v),
    st.integers(1, 20_000).map(lambda n: b"x" * n),  # huge, up to 20 kB
    st.sampled_from(
        [
            b"application/sparql-results+json;q=0.5, */*;q=0.1",
            b"\x00",
            b" ",
            b"\xff\xfe",
            "软银".encode(),
            b"chunked",
            b"-1",
            b"99999999999999999999",
        ]
    ),
)


@FUZZ
@given(
    method=st.sampled_from(METHODS),
    headers=st.lists(st.tuples(header_names, header_values), max_size=12),
    query=st.sampled_from([b"", b"?query=ASK%20%7B%7D", b"?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D"]),
)
def _method_and_headers(server: LiveServer, method: bytes, headers: list[tuple[bytes, bytes]], query: bytes) -> None:
    inputs["methods and headers"] += 1
    answer = exchange(server.url, request_bytes(method, b"/sparql" + query, headers))
    if method == b"HEAD":
        statuses[answer.status] += 1
        assert answer.status is not None and answer.status < 500
        return
    assert_clear(answer.status, answer.body, _content_type(answer.head))
    if method in (b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"BREW") and answer.status not in (400, 413):
        assert answer.status == 405, answer.head  # 400/413: the headers themselves were refused first


def test_any_method_and_any_headers_get_an_answer_or_a_4xx(server: LiveServer) -> None:
    _method_and_headers(server)
    assert_still_serving(server)
