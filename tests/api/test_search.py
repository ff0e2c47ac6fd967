"""Entity search: English and Chinese, Simplified input finds Traditional names and the reverse,
case, width, spaces and punctuation are ignored, results are ranked by match quality; checked on a
real server over the seed graph and on the ranking itself."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.api.ontology import VOCABULARY
from graph.api.search import (
    EXACT,
    PREFIX,
    SUBSTRING,
    WORDS,
    Name,
    SearchIndex,
    bounds,
    folded,
    index_of,
    pattern,
    quality,
    rank,
    search_index,
)
from graph.http.settings import Settings
from graph.ingest.pipeline import Compiled
from graph.server.app import LIST_INDEXES, create_app
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import GraphHolder, Snapshot
from tests.graphql_http import ask, errors_of, serve_in_thread
from tests.live import LiveServer

SEARCH = """query Search($text: String!, $type: [EntityClass!]) { search(text: $text, type: $type, first: 10) {
    totalCount nodes { score matched matchedLanguage entity { id type } } } }"""


def full_width(text: str) -> str:
    """The text in full-width forms, as a Chinese input method types Latin letters."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def hits(server: LiveServer, text: str, classes: list[str] | None = None) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = ask(server.url, SEARCH, {"text": text, "type": classes})["search"]["nodes"]
    return nodes


@pytest.mark.parametrize(
    "text",
    ["软银", "軟銀", "SoftBank", "SOFTBANK", "softbank", "Soft Bank", "soft-bank", full_width("SoftBank"), "软 银"],
)
def test_every_script_case_width_and_spacing_finds_the_entity_first(live_server: LiveServer, text: str) -> None:
    found = hits(live_server, text)
    assert found[0]["entity"]["id"] == "softbank"
    assert int(found[0]["score"]) == EXACT  # a name of SoftBank, whole


def test_a_person_named_by_a_word_comes_before_an_event_named_after_him(live_server: LiveServer) -> None:
    found = [h["entity"]["id"] for h in hits(live_server, "Son")]
    assert found[:2] == ["masayoshi-son", "son-mar-a-lago-announcement"]  # whole word, person first
    assert found.index("larry-ellison") > 1  # "son" inside "Ellison" is no word of the name


def test_an_id_with_spaces_for_hyphens_finds_its_entity(live_server: LiveServer) -> None:
    [first, *_] = hits(live_server, "masayoshi son", ["Person"])
    assert first["entity"]["id"] == "masayoshi-son"


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
    [error] = errors_of(live_server.url, SEARCH, {"text": " - / ! "})
    assert error["message"] == "text: give a letter, digit or character to find (spaces and punctuation are ignored)"


def test_pattern_matches_every_script_and_mixed_spellings() -> None:
    simplified_text = pattern("宣布该消息")
    for spelling in ("宣布该消息", "宣布該消息", "宣佈該消息"):
        assert re.fullmatch(simplified_text, spelling)
    assert re.fullmatch(pattern("軟銀"), "软银") and re.fullmatch(pattern("软银"), "軟銀")
    assert pattern("a.b(c)") == r"a\.b\(c\)"  # regular expression characters are literal text


def test_folding_drops_case_width_spaces_and_punctuation_and_keeps_word_bounds() -> None:
    assert folded("Oracle / Crusoe阿比林园区") == "oraclecrusoe阿比林园区"
    assert bounds("Oracle / Crusoe阿比林园区") == {0, 6, 12, 17}  # " / ", the turn to Chinese, the end
    assert folded(full_width("SoftBank,Inc.")) == "softbankinc"


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        ("Soft-Bank", "softbank", EXACT),
        ("Masayoshi Son", "son", WORDS),
        ("Oracle statement on Stargate", "statement on", WORDS),
        ("Stargate", "star", PREFIX),
        ("Larry Ellison", "son", SUBSTRING),
        ("son-of-a-gun", "son", WORDS),  # a prefix that is also a whole word counts as words
    ],
)
def test_match_quality(label: str, text: str, expected: int) -> None:
    wanted = folded(text)
    assert quality(label, [m.start() for m in re.finditer(f"(?={wanted})", folded(label))], len(wanted)) == expected


PERSON, EVENT = VOCABULARY.classes["Person"].iri, VOCABULARY.classes["Event"].iri


def index(*names: Name, people: tuple[str, ...] = ()) -> SearchIndex:
    return index_of(names, {n.key: frozenset({PERSON if n.key in people else EVENT}) for n in names})


def test_score_ranks_match_quality_then_kind_then_actors_then_length() -> None:
    def of(label: str, kind: str = "pref", *, actor: bool = False, text: str = "oracle") -> float:
        found = rank(index(Name.of("k", label, kind), people=("k",) if actor else ()), text)
        return found[0].score if found else 0.0

    assert of("Oracle") > of("Oracle statement") > of("Oracles") > of("The Oracles") > 0
    assert of("Oracle", "alt") > of("Oracle statement")  # an exact alias beats a word of a name
    assert of("Oracle") > of("Oracle", "alt") > of("oracle", "id")
    assert of("Oracle statement", actor=True) > of("Oracle statement") > of("Oracle statement of a long title")
    assert of("Larry Ellison") == 0
    assert of("軟銀", text="軟銀") > of("软银", text="軟銀")  # the script typed wins a tie


def test_rank_keeps_the_best_label_of_each_entity() -> None:
    found = index(
        Name.of("a", "软银集团", "alt"),
        Name.of("a", "软银", "pref"),
        Name.of("b", "OpenAI 与软银联合发布的声明", "pref"),
        Name.of("c", "Oracle", "pref"),
    )
    ranked = rank(found, "軟銀")
    assert [(r.key, r.label) for r in ranked] == [("a", "软银"), ("b", "OpenAI 与软银联合发布的声明")]


def test_rank_prefers_organisations_and_people_among_equal_matches() -> None:
    names = Name.of("event", "Son's pledge", "pref"), Name.of("person", "Masayoshi Son", "pref")
    assert [r.key for r in rank(index(*names), "son")] == ["event", "person"]  # closer length, all else equal
    assert [r.key for r in rank(index(*names, people=("person",)), "son")] == ["person", "event"]
    assert [r.key for r in rank(index(*names, people=("person",)), "son", [EVENT])] == ["event"]


def _fresh_snapshot(compiled: Compiled) -> tuple[Snapshot, EmbeddedStore]:
    store = EmbeddedStore(compiled.quads)
    return Snapshot(store, store.version, "test"), store


def test_the_index_is_read_before_the_graph_serves_so_no_search_queries_the_store(compiled: Compiled) -> None:
    snapshot, store = _fresh_snapshot(compiled)
    caches_off = Settings(graphql_cache_bytes=0, graphql_response_cache_bytes=0)
    with serve_in_thread(create_app(GraphHolder(snapshot), caches_off)) as url:
        read_at_start = store.calls.count
        for text in ("软银", "軟銀", "oracle"):
            found = ask(url, "query($t: String!) { search(text: $t) { totalCount nodes { matched } } }", {"t": text})
            assert found["search"]["totalCount"] > 0
        # the names and the classes once, and each list's index (graph/api/lists.py)
        assert (read_at_start, store.calls.count) == (2 + len(LIST_INDEXES),) * 2


def test_a_reloaded_graph_is_prepared_before_it_is_swapped_in(compiled: Compiled) -> None:
    first, _ = _fresh_snapshot(compiled)
    holder = GraphHolder(first)
    create_app(holder)
    second, store = _fresh_snapshot(compiled)
    holder.swap(second)
    prepared = store.calls.count
    assert search_index(second).names and store.calls.count == prepared == 2 + len(LIST_INDEXES)
