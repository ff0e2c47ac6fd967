"""graph/sparql/page.py: the YASGUI query page works in a real Chromium with no network but localhost."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from graph.sparql.page import QUERY_DIR, examples
from tests.chromium import network, requested_urls
from tests.live import LiveServer


def test_every_named_query_is_an_example_with_its_prefixes() -> None:
    found = examples()
    assert [e["file"] for e in found] == sorted(p.name for p in QUERY_DIR.glob("*.rq"))
    for example in found:
        assert not example["name"].startswith("#")
        for prefix in ("sg", "rdf"):
            if f"{prefix}:" in example["query"].split("\n\n", 1)[-1]:
                assert f"PREFIX {prefix}: <" in example["query"]


def test_every_example_parses_as_shown_with_no_predeclared_prefix() -> None:
    """What the editor shows must be a whole query: YASGUI's parser knows none of the endpoint's
    predeclared prefixes (abilene-gpus.rq used skos: after a property path's '/', undeclared)."""
    store = ox.Store()
    for example in examples():
        store.query(example["query"])  # raises SyntaxError on an undeclared prefix


def test_a_browser_gets_the_page_and_others_do_not(live_server: LiveServer) -> None:
    page = httpx.get(live_server.url + "/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "static/yasgui/yasgui.js" in page.text
    assert httpx.get(live_server.url + "/static/yasgui/yasgui.js").status_code == 200


def test_the_page_runs_an_example_offline(live_server: LiveServer, browser: webdriver.Chrome) -> None:
    requested_urls(browser)  # drain what the browser did before (its own chrome:// pages)
    browser.get(live_server.url + "/sparql")
    wait = WebDriverWait(browser, 60)
    wait.until(lambda d: d.execute_script("return window.yasgui !== undefined"))
    names = browser.execute_script("return Object.values(window.yasgui._tabs).map(t => t.getName())")
    assert names == [e["name"] for e in examples()]
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe_queryButton").click()
    rows = wait.until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".tabPanel.active .yasr table tbody tr")))
    assert len(rows) > 0
    assert "gb200" in browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr").text.lower()
    urls = requested_urls(browser)
    assert any(url.startswith(live_server.url + "/sparql") for url in urls)
    assert [u for u in network(urls) if not u.startswith(live_server.url + "/")] == []
