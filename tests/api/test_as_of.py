"""`asOf` over GraphQL, on the real session server: on every publication date, each root field and
each entity field answers as a server of the graph built from only the documents published by
then answers without it (analytics included); two dates in one request; errors that say why.
Expectations come from graph/ingest/as_of.py's build of that graph, never written down here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from graph.http.settings import Settings
from graph.ingest.as_of import compile_view, known_on
from graph.ingest.pipeline import Compiled
from graph.server.app import create_app
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import GraphHolder, Snapshot
from tests.graphql_http import ask, errors_of, serve_in_thread
from tests.ingest.test_as_of import publication_days
from tests.live import LiveServer

# One request over the root fields (the `asOf` marker is replaced by the argument, or by nothing).
FIELDS = """
  documents(first: 100 @) { totalCount nodes { id published } }
  claims(first: 100 @) { totalCount nodes { id subject { id } relation object { id } } }
  entities(first: 100 @) { totalCount nodes { id aliases } }
  organizations(first: 100 @) { totalCount }
  people(first: 100 @) { totalCount }
  search(text: "soft" @) { totalCount nodes { entity { id } } }
  sites(first: 100 @) { totalCount nodes { id } }
  chipModels(first: 100 @) { totalCount }
  fundings(first: 100 @) { totalCount nodes { claim { id } amount } }
  fundingTotals(@) { currency amount low high }
  fundingTotalsByDocument(@) { document { id } }
  responsibilities(first: 100 @) { totalCount }
  disputes(first: 100 @) { totalCount nodes { claim { id } } }
  contradictions(first: 100 @) { totalCount nodes { id kind explanation judgement { verdict } } }
  facts(first: 100 @) { totalCount nodes { id firstSeen lastSeen documentCount } }
  documentChanges(first: 100 @) { nodes { document { id } added { id } changed { fact { id } } } }
  timeline(first: 100 @) { totalCount nodes { date claim { id } } }
  centrality(first: 10 @) { nodes { rank score entity { id } } }
  conflicts(first: 100 @) { totalCount nodes { id title } }
  paths(source: "softbank", target: "openai" @) { shortest { entities { id } } }
  entity(id: "softbank" @) { id ... on Organization { centrality community } claims(first: 100) { totalCount } }
"""


def with_date(day: dt.date | None) -> str:
    argument = f'asOf: "{day.isoformat()}"' if day else ""
    text = FIELDS.replace("(@)", f"({argument})" if argument else "")
    return "{" + text.replace(" @)", f", {argument})" if argument else ")") + "}"


@pytest.fixture(scope="module")
def views(compiled: Compiled) -> Iterator[dict[dt.date, str]]:
    """For each publication date, a server of the graph built from the documents published by then."""
    with ExitStack() as servers:
        urls = {}
        for day in publication_days(compiled):
            store = EmbeddedStore(compile_view(compiled.sources, known_on(compiled.corpus, day)).quads)
            app = create_app(GraphHolder(Snapshot(store, store.version, str(day))), Settings())
            urls[day] = servers.enter_context(serve_in_thread(app))
        yield urls


def test_every_root_field_as_of_a_publication_date_answers_as_the_graph_of_that_date(
    live_server: LiveServer, views: dict[dt.date, str]
) -> None:
    for day, url in views.items():
        assert ask(live_server.url, with_date(day)) == ask(url, with_date(None)), day


def test_entity_fields_take_their_own_date(live_server: LiveServer, views: dict[dt.date, str]) -> None:
    query = """query ($day: Date) { entity(id: "softbank") { claims(first: 100, asOf: $day) { totalCount
        nodes { id } } relations(first: 100, asOf: $day) { totalCount } centrality(asOf: $day) } }"""
    expected = """{ entity(id: "softbank") { claims(first: 100) { totalCount nodes { id } }
        relations(first: 100) { totalCount } centrality } }"""
    for day, url in views.items():
        assert ask(live_server.url, query, {"day": day.isoformat()}) == ask(url, expected)


def test_two_dates_in_one_request_answer_each_from_its_own_graph(
    live_server: LiveServer, views: dict[dt.date, str]
) -> None:
    first, last = min(views), max(views)
    query = f"""{{ before: claims(first: 100, asOf: "{first}") {{ totalCount nodes {{ id }} }}
        after: claims(first: 100, asOf: "{last}") {{ totalCount nodes {{ id }} }}
        now: claims(first: 100) {{ totalCount }} }}"""
    answer = ask(live_server.url, query)
    claims = "{ claims(first: 100) { totalCount nodes { id } } }"
    assert answer["before"] == ask(views[first], claims)["claims"]
    assert answer["after"] == ask(views[last], claims)["claims"]
    assert answer["before"]["totalCount"] < answer["after"]["totalCount"] <= answer["now"]["totalCount"]


def test_before_the_first_document_nothing_is_known(live_server: LiveServer, compiled: Compiled) -> None:
    day = publication_days(compiled)[0] - dt.timedelta(days=1)
    query = f"""{{ documents(asOf: "{day}") {{ totalCount }} claims(asOf: "{day}") {{ totalCount }}
        entities(asOf: "{day}") {{ totalCount }} entity(id: "softbank", asOf: "{day}") {{ id }} }}"""
    answer = ask(live_server.url, query)
    assert answer["documents"]["totalCount"] == answer["claims"]["totalCount"] == 0
    assert answer["entities"]["totalCount"] == 0 and answer["entity"] is None
    errors = errors_of(
        live_server.url, f'{{ paths(source: "softbank", target: "openai", asOf: "{day}") {{ truncated }} }}'
    )
    assert "unknown entity 'softbank'" in errors[0]["message"]


def test_a_date_after_every_dated_document_leaves_the_undated_ones_out(
    live_server: LiveServer, compiled: Compiled
) -> None:
    query = """{ later: documents(first: 100, asOf: "2100-01-01") { nodes { id published } }
        all: documents(first: 100) { nodes { id } } }"""
    answer = ask(live_server.url, query)
    dated = {id_ for id_, d in compiled.corpus.documents.items() if d.published}
    assert {n["id"] for n in answer["later"]["nodes"]} == dated
    assert {n["id"] for n in answer["all"]["nodes"]} == set(compiled.corpus.documents) > dated


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "2025-01-23T10:00:00"])
def test_a_date_that_is_not_one_is_refused_with_the_reason(live_server: LiveServer, bad: str) -> None:
    errors = errors_of(live_server.url, "query ($d: Date) { claims(asOf: $d) { totalCount } }", {"d": bad})
    assert errors and "Date" in errors[0]["message"]


def test_a_graph_not_built_here_says_it_cannot_answer_as_of_a_date(uncached: tuple[str, EmbeddedStore]) -> None:
    url, _ = uncached
    errors = errors_of(url, '{ claims(asOf: "2025-01-25") { totalCount } }')
    assert errors and "remote store" in errors[0]["message"] and "embedded" in errors[0]["message"]
