"""Entity search: English and Chinese, Simplified input finds Traditional names and the reverse,
case is ignored, results are ranked; checked on a real server and on the ranking itself."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.api.search import Name, pattern, rank, score, search_index
from graph.http.settings import Settings
from graph.ingest.pipeline import Compiled
from graph.server.app import create_app
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import GraphHolder, Snapshot
from tests.graphql_http import ask, errors_of, serve_in_thread
from tests.live import LiveServer

SEARCH = """query Search($text: String!, $type: [EntityClass!]) { search(text: $text, type: $type, first: 10) {
    totalCount nodes { score matched matchedLanguage entity { id type } } } }"""


def hits(server: LiveServer, text: str, classes: list[str] | None = None) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = ask(server.url, SEARCH, {"text": text, "type": classes})["search"]["nodes"]
    return nodes


@pytest.mark.parametrize("text", ["软银", "軟銀", "SoftBank", "SOFTBANK", "softbank"])
def test_every_script_and_case_finds_the_entity_first(live_server: LiveServer, text: str) -> None:
    assert hits(live_server, text)[0]["entity"]["id"] == "softbank"


def test_simplified_input_finds_a_name_written_only_in_traditional(live_server: LiveServer) -> None:
    [hit] = [h for h in hits(live_server, "宣布该消息的推文") if h["entity"]["id"] == "openai-stargate-announcement"]
    assert "宣布該消息的推文" in hit["matched"]  # the label as the document wrote it, in Traditional


def test_traditional_input_finds_a_name_written_only_in_simplified(live_server: LiveServer) -> None:
    [hit] = [h for h in hits(live_server, "阿比林園區") if h["entity"]["id"] == "abilene-campus"]
    assert hit["matched"] == "阿比林园区"


def test_results_are_ranked_exact_before_prefix_before_substring(live_server: LiveServer) -> None:
    found = hits(live_server, "oracle")
    assert found[0]["entity"]["id"] == "oracle"
    assert [h["score"] for h in found] == sorted((h["score"] for h in found), reverse=True)
    assert len({h["entity"]["id"] for h in found}) == len(found)


def test_search_filters_by_class(live_server: LiveServer) -> None:
    found = hits(live_server, "stargate", ["Site"])
    assert found and {h["entity"]["type"] for h in found} == {"Site"}
    people = hits(live_server, "马斯克", ["Person"])
    assert [h["entity"]["id"] for h in people] == ["elon-musk"]


def test_unusable_text_is_a_clear_error(live_server: LiveServer) -> None:
    for text in ("", "   ", "x" * 201):
        [error] = errors_of(live_server.url, SEARCH, {"text": text})
        assert error["message"] == "text: give 1 to 200 characters"


def test_pattern_matches_every_script_and_mixed_spellings() -> None:
    simplified_text = pattern("宣布该消息")
    for spelling in ("宣布该消息", "宣布該消息", "宣佈該消息"):
        assert re.fullmatch(simplified_text, spelling)
    assert re.fullmatch(pattern("軟銀"), "软银") and re.fullmatch(pattern("软银"), "軟銀")
    assert pattern("a.b(c)") == r"a\.b\(c\)"  # regular expression characters are literal text


def test_score_prefers_exact_then_prefix_then_substring_and_names_over_aliases() -> None:
    exact, prefix, inner = (
        score("Oracle", "pref", "oracle"),
        score("Oracle statement", "pref", "oracle"),
        score("The Oracle statement", "pref", "oracle"),
    )
    assert exact > prefix > inner > 0
    assert score("Oracle", "pref", "oracle") > score("Oracle", "alt", "oracle")
    assert score("軟銀", "pref", "軟銀") > score("软银", "pref", "軟銀")  # the script typed wins a tie


def test_rank_keeps_the_best_label_of_each_entity() -> None:
    names = [Name("a", "软银集团", "alt"), Name("a", "软银", "pref"), Name("b", "OpenAI 与软银联合发布的声明", "pref")]
    ranked = rank(names, "軟銀")
    assert [(r.key, r.label) for r in ranked] == [("a", "软银"), ("b", "OpenAI 与软银联合发布的声明")]


def _fresh_snapshot(compiled: Compiled) -> tuple[Snapshot, EmbeddedStore]:
    store = EmbeddedStore(compiled.quads)
    return Snapshot(store, store.version, "test"), store


def test_the_index_is_read_before_the_graph_serves_so_no_search_queries_the_store(compiled: Compiled) -> None:
    snapshot, store = _fresh_snapshot(compiled)
    caches_off = Settings(graphql_cache_size=0, graphql_response_cache_bytes=0)
    with serve_in_thread(create_app(GraphHolder(snapshot), caches_off)) as url:
        read_at_start = store.calls.count
        for text in ("软银", "軟銀", "oracle"):
            found = ask(url, "query($t: String!) { search(text: $t) { totalCount nodes { matched } } }", {"t": text})
            assert found["search"]["totalCount"] > 0
        assert (read_at_start, store.calls.count) == (2, 2)  # the names and the classes, once


def test_a_reloaded_graph_is_prepared_before_it_is_swapped_in(compiled: Compiled) -> None:
    first, _ = _fresh_snapshot(compiled)
    holder = GraphHolder(first)
    create_app(holder)
    second, store = _fresh_snapshot(compiled)
    holder.swap(second)
    prepared = store.calls.count
    assert search_index(second).names and store.calls.count == prepared == 2
