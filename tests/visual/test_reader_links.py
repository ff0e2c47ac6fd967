"""A claim shown elsewhere links to its quote in the document reader: GraphQL's `readerPath` and the
graph page's "read in context" open /read/<document>#claim-<id>, where the reader marks exactly
that claim's quote (headless Chromium on the session server)."""

from __future__ import annotations

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from graph.ingest.pipeline import Compiled
from graph.visual.view import View
from tests.graphql_http import ask
from tests.live import LiveServer
from tests.visual.test_page import click_node, open_page


def marked_text(browser: webdriver.Chrome) -> str:
    """The reader's text marked as the claim followed, once the reader has loaded."""
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#text mark.target"))
    return "".join(m.text for m in browser.find_elements(By.CSS_SELECTOR, "#text mark.target"))


def test_graphql_gives_each_claim_its_place_in_the_reader(live_server: LiveServer, compiled: Compiled) -> None:
    claim = compiled.corpus.claims[0]
    answer = ask(live_server.url, f'{{ claim(id: "{claim.key}") {{ readerPath }} }}')
    assert answer["claim"]["readerPath"] == f"/read/{claim.document}#claim-{claim.id}"


def test_read_in_context_opens_the_reader_on_the_claims_quote(
    live_server: LiveServer, browser: webdriver.Chrome, whole: View, compiled: Compiled
) -> None:
    edge = max(whole.edges, key=lambda e: len(e.claims))
    open_page(browser, live_server.url + "/viz")
    click_node(browser, edge.source)
    link = browser.find_element(By.CSS_SELECTOR, f"#details li.claim[data-claim='{edge.claims[0].claim}'] a.read")
    link.click()
    shown = edge.claims[0]
    assert browser.current_url == f"{live_server.url}/read/{shown.document}#claim-{shown.local_id}"
    quote = next(c.quote for c in compiled.corpus.claims if c.key == f"{shown.document}/{shown.local_id}")
    assert marked_text(browser) == quote
