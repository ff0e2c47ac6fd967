"""The schema: its exported SDL, its type names, and its hardening. Each limit rejects an abusive
query with a clear error, after which the same real server answers a normal query."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graph.api.schema import sdl
from graph.http.settings import Settings
from graph.ingest.pipeline import Compiled
from graph.server.app import create_app
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import GraphHolder, Snapshot
from graph.vocab.namespaces import SG, claim_iri
from graph.vocab.vocabulary import load_vocabulary
from tests.graphql_http import errors_of, post, serve_in_thread
from tests.live import LiveServer, run_server

SDL_PATH = Path(__file__).resolve().parents[2] / "graph" / "api" / "schema.graphql"
NORMAL = '{ entity(id: "openai") { id label } }'
LIMITS = Settings()


def assert_still_serving(url: str) -> None:
    response = post(url, NORMAL)
    assert response.status_code == 200
    assert response.json() == {"data": {"entity": {"id": "openai", "label": "OpenAI"}}}


def test_exported_sdl_matches_the_code() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), (
        "graph/api/schema.graphql is out of date: run "
        "`uv run --frozen stargate-kg graphql-schema -o graph/api/schema.graphql`"
    )


def test_type_names_mirror_the_ontology() -> None:
    text = sdl()
    vocabulary = load_vocabulary()
    top_level = [
        c.name for c in vocabulary.classes.values() if c.ancestors == {c.name, "Entity"} and c.name != "Entity"
    ]
    for name in top_level:
        assert f"type {name} implements Entity" in text
    for name in ("interface Entity", "type Claim", "type Document", "type Contradiction"):
        assert name in text
    for relation in vocabulary.relations:
        assert f"  {relation}\n" in text.split("enum Relation {")[1].split("}")[0]


def test_depth_limit(live_server: LiveServer) -> None:
    nested = "relations { nodes { entity { " * 5
    query = '{ entity(id: "openai") { ' + nested + "id" + " } } }" * 5 + " } }"
    [error] = errors_of(live_server.url, query)
    assert f"exceeds maximum operation depth of {LIMITS.max_query_depth}" in error["message"]
    assert error["locations"]
    assert_still_serving(live_server.url)


def test_alias_limit(live_server: LiveServer) -> None:
    aliases = " ".join(f'a{i}: entity(id: "openai") {{ id }}' for i in range(LIMITS.max_aliases + 1))
    [error] = errors_of(live_server.url, "{ " + aliases + " }")
    assert error["message"] == f"{LIMITS.max_aliases + 1} aliases found. Allowed: {LIMITS.max_aliases}"
    assert_still_serving(live_server.url)


def test_alias_limit_counts_aliases_behind_fragment_spreads(live_server: LiveServer) -> None:
    """Before strawberry 0.315.7 aliases inside fragments were not counted: each spread must count."""
    half = LIMITS.max_aliases // 2 + 1
    fragment = " ".join(f'a{i}: entity(id: "openai") {{ id }}' for i in range(half))
    query = f"query {{ ...Many ...Many }} fragment Many on Query {{ {fragment} }}"
    [error] = errors_of(live_server.url, query)
    assert error["message"] == f"{2 * half} aliases found. Allowed: {LIMITS.max_aliases}"
    assert_still_serving(live_server.url)


def test_token_limit(live_server: LiveServer) -> None:
    query = "{ " + " ".join("vocabulary { bounds }" for _ in range(LIMITS.max_tokens // 4 + 1)) + " }"
    [error] = errors_of(live_server.url, query)
    assert f"more than {LIMITS.max_tokens} tokens" in error["message"]
    assert_still_serving(live_server.url)


def test_page_size_limit(live_server: LiveServer) -> None:
    [error] = errors_of(live_server.url, f"{{ entities(first: {LIMITS.max_page_size + 1}) {{ totalCount }} }}")
    assert error["message"] == f"first: must be between 0 and {LIMITS.max_page_size}, got {LIMITS.max_page_size + 1}"
    assert_still_serving(live_server.url)


def test_body_size_limit(live_server: LiveServer) -> None:
    padding = " " * (LIMITS.max_body_bytes + 1)
    response = httpx.post(
        f"{live_server.url}/graphql",
        content=f'{{"query": "{padding}{{ __typename }}"}}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert_still_serving(live_server.url)


def test_introspection_is_on_by_default(live_server: LiveServer) -> None:
    response = post(live_server.url, "{ __schema { queryType { name } } }")
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


@pytest.fixture(scope="module")
def locked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with introspection off and CORS open to one origin."""
    with run_server(
        "--no-introspection", "--cors-origins", "http://client.test", log_dir=tmp_path_factory.mktemp("locked")
    ) as server:
        yield server


def test_introspection_can_be_turned_off(locked_server: LiveServer) -> None:
    errors = errors_of(locked_server.url, "{ __schema { queryType { name } } }")
    assert errors[0]["message"].startswith("GraphQL introspection has been disabled")
    assert errors[0]["locations"] == [{"line": 1, "column": 3}]
    assert_still_serving(locked_server.url)


MISSPELLED = [
    ('{ entiti(id: "openai") { id } }', None),  # a field
    ("{ entities(frist: 1) { totalCount } }", None),  # an argument
    ("query Q($t: EntityClas) { entities(type: [$t]) { totalCount } }", None),  # a type
    ("query Q($m: CentralityMeasure) { centrality(measure: $m) { totalCount } }", {"m": "PAGERENK"}),  # a value
]


@pytest.mark.parametrize(("query", "variables"), MISSPELLED)
def test_without_introspection_errors_suggest_no_names(
    live_server: LiveServer, locked_server: LiveServer, query: str, variables: dict[str, str] | None
) -> None:
    """A suggestion ("Did you mean 'entity'?") would spell out the schema piece by piece."""
    [suggesting] = errors_of(live_server.url, query, variables)
    [plain] = errors_of(locked_server.url, query, variables)
    cut = suggesting["message"].index(" Did you mean ")
    assert plain == {**suggesting, "message": suggesting["message"][:cut]}


def test_cors_allows_the_configured_origin_only(locked_server: LiveServer) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = httpx.options(f"{locked_server.url}/graphql", headers={"Origin": "http://client.test", **preflight})
    assert allowed.headers["access-control-allow-origin"] == "http://client.test"
    refused = httpx.options(f"{locked_server.url}/graphql", headers={"Origin": "http://other.test", **preflight})
    assert "access-control-allow-origin" not in refused.headers


@pytest.fixture(scope="module")
def damaged_url(compiled: Compiled) -> Iterator[str]:
    """A real server over a store where one claim's amount is not a number: reading it fails."""
    claim = ox.NamedNode(claim_iri("004_5cf1b9cad3f7a47d", "softbank-funds-stargate"))
    amount = ox.NamedNode(SG + "amount")
    quads = [q for q in compiled.quads if not (q.subject == claim and q.predicate == amount)]
    quads.append(
        ox.Quad(
            claim, amount, ox.Literal("lots"), ox.NamedNode("https://w3id.org/stargate-kg/doc/004_5cf1b9cad3f7a47d")
        )
    )
    store = EmbeddedStore(quads)
    with serve_in_thread(create_app(GraphHolder(Snapshot(store, store.version, "damaged")))) as url:
        yield url


def test_unexpected_errors_are_masked(damaged_url: str) -> None:
    [error] = errors_of(damaged_url, '{ claim(id: "004_5cf1b9cad3f7a47d/softbank-funds-stargate") { amount } }')
    assert error["message"] == "Unexpected error."
    assert error["path"] == ["claim"]
    assert_still_serving(damaged_url)


def test_errors_meant_for_clients_are_not_masked(damaged_url: str) -> None:
    [error] = errors_of(damaged_url, '{ entities(after: "not-a-cursor") { totalCount } }')
    assert error["message"] == "after: not a cursor issued by this API"
