"""The graph page (graph/visual/page.py, web/viz) in a real headless Chromium: served at /viz and
as a self-contained file opened from disk, with no network but 127.0.0.1.

Screenshots are saved under artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import networkx as nx
from PIL import Image
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from graph.analytics import service as analytics
from graph.store.snapshot import Snapshot
from graph.visual.formats import DUMPS
from graph.visual.scope import Scope
from graph.visual.view import View, build_view
from tests.chromium import console_errors, network, requested_urls
from tests.live import ROOT, LiveServer

ARTIFACTS = ROOT / "artifacts"


def open_page(browser: webdriver.Chrome, url: str) -> None:
    requested_urls(browser)  # drain what came before
    console_errors(browser)
    browser.get(url)
    WebDriverWait(browser, 60).until(lambda d: d.execute_script("return window.__viz !== undefined"))


def screenshot(browser: webdriver.Chrome, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    browser.save_screenshot(str(path))
    return path


def viz(browser: webdriver.Chrome, call: str) -> object:
    return browser.execute_script(f"return window.__viz.{call}")


def click_node(browser: webdriver.Chrome, node: str) -> None:
    """A real mouse click where the page drew the node."""
    point = viz(browser, f"viewportPosition({node!r})")
    assert isinstance(point, dict)
    area = browser.find_element(By.ID, "graph")
    ActionChains(browser).move_to_element_with_offset(
        area, point["x"] - area.rect["width"] / 2, point["y"] - area.rect["height"] / 2
    ).click().perform()


def details_text(browser: webdriver.Chrome) -> str:
    WebDriverWait(browser, 20).until(lambda d: d.find_element(By.ID, "details").is_displayed())
    return browser.find_element(By.ID, "details-body").text


def test_the_served_page_draws_every_entity_with_no_network(
    live_server: LiveServer, browser: webdriver.Chrome, whole: View
) -> None:
    open_page(browser, live_server.url + "/viz")
    assert viz(browser, "nodeCount()") == len(whole.nodes)
    assert viz(browser, "edgeCount()") == len(whole.edges)
    legend = browser.find_elements(By.CSS_SELECTOR, "#legend li")
    assert [li.text for li in legend] == [f"{e.label} ({e.count})" for e in whole.legend]
    path = screenshot(browser, "viz-page.png")
    graph_area = browser.find_element(By.ID, "graph").rect
    drawn = (
        Image.open(path)
        .convert("RGB")
        .crop((int(graph_area["x"]), 0, int(graph_area["x"] + graph_area["width"]), int(graph_area["height"])))
    )
    colours = {c for _, c in drawn.getcolors(maxcolors=1 << 20) or []}
    assert {tuple(int(e.colour[i : i + 2], 16) for i in (1, 3, 5)) for e in whole.legend} <= colours  # WebGL drew
    assert console_errors(browser) == []
    urls = network(requested_urls(browser))
    assert any(u.endswith("/static/viz/viz.js") for u in urls)
    assert [u for u in urls if not u.startswith(live_server.url + "/")] == []


def test_clicking_a_node_shows_its_claims_with_their_sources(
    live_server: LiveServer, browser: webdriver.Chrome, whole: View
) -> None:
    open_page(browser, live_server.url + "/viz")
    click_node(browser, "oracle")
    text = details_text(browser)
    edges = [e for e in whole.edges if "oracle" in (e.source, e.target)]
    assert text.startswith("Oracle")
    claims = browser.find_elements(By.CSS_SELECTOR, "#details li.claim")
    assert sorted(str(c.get_attribute("data-claim")) for c in claims) == sorted(
        c.claim for e in edges for c in e.claims
    )
    for edge in edges:
        for claim in edge.claims:
            assert claim.quote in text
            assert claim.document in text and whole.documents[claim.document].outlet in text
    assert set(viz(browser, "focused()")["edges"]) == {e.id for e in edges}  # type: ignore[index]
    screenshot(browser, "viz-node-claims.png")
    assert console_errors(browser) == []


def test_clicking_an_edge_shows_the_claims_behind_it(
    live_server: LiveServer, browser: webdriver.Chrome, snapshot: Snapshot
) -> None:
    graph = analytics.projection(snapshot).graph
    entity = next(
        n for n in sorted(graph) if graph.degree(n) == 1 and graph.degree(next(iter(nx.all_neighbors(graph, n)))) == 1
    )  # two entities linked by one edge and nothing else: no other edge to hit
    view = build_view(snapshot, Scope.parse({"entity": entity}))
    [edge] = view.edges
    open_page(browser, f"{live_server.url}/viz?entity={entity}")
    (x0, y0), (x1, y1) = [
        (p["x"], p["y"])
        for p in (
            viz(browser, f"viewportPosition({n!r})")  # type: ignore[index]
            for n in (edge.source, edge.target)
        )
    ]
    length = math.hypot(x1 - x0, y1 - y0)
    area = browser.find_element(By.ID, "graph")
    for offset in (0, 1, -1, 2, -2, 3, -3):  # aim at the middle of the line, as a hand does, a pixel or two off
        x = (x0 + x1) / 2 - offset * (y1 - y0) / length
        y = (y0 + y1) / 2 + offset * (x1 - x0) / length
        ActionChains(browser).move_to_element_with_offset(
            area, round(x - area.rect["width"] / 2), round(y - area.rect["height"] / 2)
        ).click().pause(0.5).perform()  # longer than sigma's double-click interval: two misses are not a zoom
        if browser.find_element(By.ID, "details").is_displayed():
            break
    text = details_text(browser)
    assert edge.label in text.splitlines()[0]
    for claim in edge.claims:
        assert claim.quote in text and view.documents[claim.document].title in text
    assert viz(browser, "focused()") == {"nodes": [edge.source, edge.target], "edges": [edge.id]}


def test_a_conflict_finding_is_highlighted_with_its_evidence(
    live_server: LiveServer, browser: webdriver.Chrome, whole: View
) -> None:
    open_page(browser, live_server.url + "/viz")
    index, finding = next((i, f) for i, f in enumerate(whole.findings) if f.rule == "disputes-while-rival")
    Select(browser.find_element(By.ID, "finding")).select_by_value(str(index))
    text = details_text(browser)
    assert finding.explanation in text
    focused = viz(browser, "focused()")
    assert isinstance(focused, dict)
    assert set(focused["edges"]) == set(finding.edges) and set(focused["nodes"]) == set(finding.nodes)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#details section.edge")) == len(finding.edges)
    screenshot(browser, "viz-finding.png")


def test_the_path_between_two_entities_is_a_shortest_one(
    live_server: LiveServer, browser: webdriver.Chrome, snapshot: Snapshot
) -> None:
    open_page(browser, live_server.url + "/viz")
    browser.find_element(By.ID, "path-from").send_keys("Elon Musk")
    browser.find_element(By.ID, "path-to").send_keys("arm")  # names, Chinese names and ids all work
    browser.find_element(By.ID, "path-show").click()
    focused = viz(browser, "focused()")
    assert isinstance(focused, dict)
    graph = analytics.projection(snapshot).graph
    hops = nx.shortest_path_length(graph.to_undirected(as_view=True), "elon-musk", "arm")
    assert len(focused["nodes"]) == hops + 1 and {"elon-musk", "arm"} <= set(focused["nodes"])
    path = focused["nodes"]
    assert all(graph.has_edge(u, v) or graph.has_edge(v, u) for u, v in itertools.pairwise(path))
    assert f"({hops} hops)" in browser.find_element(By.ID, "path-result").text
    screenshot(browser, "viz-path.png")


def test_labels_switch_to_chinese_and_search_finds_a_chinese_name(
    live_server: LiveServer, browser: webdriver.Chrome, whole: View
) -> None:
    open_page(browser, live_server.url + "/viz")
    oracle = next(n for n in whole.nodes if n.id == "oracle")
    assert viz(browser, "label('oracle')") == oracle.label
    browser.find_element(By.ID, "lang-zh").click()
    assert viz(browser, "lang()") == "zh" and viz(browser, "label('oracle')") == oracle.label_zh
    options = {o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#entity-names option")}
    assert oracle.label_zh in options
    search = browser.find_element(By.ID, "search")
    search.send_keys(oracle.label_zh, Keys.ENTER)
    assert details_text(browser).startswith(oracle.label)
    screenshot(browser, "viz-chinese.png")


def test_the_relation_filter_leaves_only_those_edges_and_their_entities(
    live_server: LiveServer, browser: webdriver.Chrome, whole: View
) -> None:
    open_page(browser, live_server.url + "/viz")
    browser.find_element(By.CSS_SELECTOR, "#relation-box summary").click()
    browser.find_element(By.ID, "relations-none").click()
    assert viz(browser, "edgeCount()") == 0
    browser.find_element(By.CSS_SELECTOR, "#relations input[value='funds']").click()
    funds = [e for e in whole.edges if e.relation == "funds"]
    assert viz(browser, "edgeCount()") == len(funds)
    assert viz(browser, "nodeCount()") == len({n for e in funds for n in (e.source, e.target)})


def test_a_scoped_page_draws_the_neighbourhood(
    live_server: LiveServer, browser: webdriver.Chrome, snapshot: Snapshot
) -> None:
    open_page(browser, live_server.url + "/viz?entity=softbank&depth=1&lang=zh")
    view = build_view(snapshot, Scope.parse({"entity": "softbank", "depth": "1"}))
    assert viz(browser, "nodeCount()") == len(view.nodes)
    assert viz(browser, "lang()") == "zh"


def test_the_self_contained_file_opens_from_disk_with_no_network(
    browser: webdriver.Chrome, snapshot: Snapshot, tmp_path: Path
) -> None:
    view = build_view(snapshot, Scope.parse({"entity": "elon-musk", "depth": "2"}))
    page = tmp_path / "musk.html"
    page.write_bytes(DUMPS["html"].write(view))
    open_page(browser, page.as_uri())
    assert viz(browser, "nodeCount()") == len(view.nodes)
    click_node(browser, "elon-musk")
    assert details_text(browser).startswith("Elon Musk")
    screenshot(browser, "viz-standalone.png")
    assert console_errors(browser) == []
    urls = requested_urls(browser)
    assert page.as_uri() in urls
    assert network(urls) == []
