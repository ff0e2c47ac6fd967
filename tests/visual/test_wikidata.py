"""Entities' Wikidata ids in the pictures: every dump carries each entity's item id (read back by
networkx), and the graph page's detail panel shows it as a plain link to the item (headless
Chromium, no network). The expected ids come from the seeds, never from the code under test."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import networkx as nx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from graph.ingest.pipeline import Compiled
from graph.visual.formats import DUMPS
from graph.visual.view import View
from tests.chromium import console_errors, network, requested_urls
from tests.live import LiveServer
from tests.visual.test_page import details_text, open_page

READERS: dict[str, Callable[[bytes], nx.Graph]] = {
    "graphml": lambda body: nx.read_graphml(io.BytesIO(body), force_multigraph=True),
    "gexf": lambda body: nx.read_gexf(io.BytesIO(body)),
    "cytoscape": lambda body: nx.cytoscape_graph(json.loads(body)),
}


def seeded(compiled: Compiled, view: View) -> dict[str, str]:
    """The Wikidata id the seeds give each entity of the view ("" for none)."""
    entities = compiled.corpus.entities
    return {n.id: (entities[n.id].wikidata or "") if n.id in entities else "" for n in view.nodes}


@pytest.mark.parametrize("format_name", sorted(READERS))
def test_every_dumped_entity_carries_its_wikidata_id(whole: View, compiled: Compiled, format_name: str) -> None:
    graph = READERS[format_name](DUMPS[format_name].write(whole))
    expected = seeded(compiled, whole)
    assert {n: graph.nodes[n]["wikidata"] for n in graph} == expected
    assert sum(map(bool, expected.values())) >= 35  # the linked entities are there, not just the empty ones


def test_the_detail_panel_links_an_entity_to_its_wikidata_item(
    live_server: LiveServer, browser: webdriver.Chrome, whole: View, compiled: Compiled
) -> None:
    ids = seeded(compiled, whole)
    linked = next(n for n in sorted(ids) if ids[n])
    unlinked = next(n for n in sorted(ids) if not ids[n])
    open_page(browser, live_server.url + "/viz")
    search = browser.find_element(By.ID, "search")
    search.send_keys(linked, Keys.ENTER)  # the search finds an entity by its id too
    assert f"Wikidata: {ids[linked]}" in details_text(browser).splitlines()
    [link] = browser.find_elements(By.CSS_SELECTOR, "#details-body .wikidata a")
    assert link.get_attribute("href") == f"https://www.wikidata.org/wiki/{ids[linked]}"
    assert link.text == ids[linked]
    search.clear()
    search.send_keys(unlinked, Keys.ENTER)
    assert browser.find_elements(By.CSS_SELECTOR, "#details-body .wikidata") == []
    assert "Wikidata" not in details_text(browser)
    assert network([u for u in requested_urls(browser) if not u.startswith(live_server.url + "/")]) == []
    assert console_errors(browser) == []
