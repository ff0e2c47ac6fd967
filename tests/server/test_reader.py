"""The document reader (graph/server/reader.py, graph/static/curate/reader.js) in headless Chromium
on the shared server: every document listed, a click on a highlighted quote lists exactly the claims
anchored there, and /read/{doc}#claim-{id} scrolls to that claim's quote and marks it. Expectations
come from compile_seeds(), with the anchors the build computes (graph/ingest/anchors.py)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from graph.ingest.anchors import anchor
from graph.ingest.pipeline import Compiled
from graph.ingest.seeds import ClaimRecord
from tests.chromium import console_errors, network, requested_urls
from tests.live import LiveServer, run_server


def open_reader(browser: webdriver.Chrome, url: str) -> None:
    requested_urls(browser)  # drain what came before
    console_errors(browser)
    browser.get(url)
    WebDriverWait(browser, 60).until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))


def span(compiled: Compiled, claim: ClaimRecord) -> tuple[int, int]:
    found = anchor(compiled.corpus.documents[claim.document].text, claim.quote, claim.occurrence)
    return found.start, found.end


def offsets(mark: WebElement) -> tuple[int, int]:
    """The code-point offsets of the text a highlight holds."""
    return int(mark.get_attribute("data-start") or 0), int(mark.get_attribute("data-end") or 0)


def listed_claims(browser: webdriver.Chrome) -> list[str]:
    WebDriverWait(browser, 20).until(lambda d: d.find_element(By.ID, "claims").is_displayed())
    return [li.get_attribute("data-claim") or "" for li in browser.find_elements(By.CSS_SELECTOR, "#claims li.claim")]


def test_the_list_links_every_document_with_no_network(
    live_server: LiveServer, browser: webdriver.Chrome, compiled: Compiled
) -> None:
    open_reader(browser, live_server.url + "/read")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#documents a")]
    assert links == [f"{live_server.url}/read/{doc}" for doc in sorted(compiled.corpus.documents)]
    assert not [u for u in network(requested_urls(browser)) if not u.startswith(live_server.url)]
    assert console_errors(browser) == []


def test_a_click_on_a_highlight_lists_the_claims_anchored_there(
    live_server: LiveServer, browser: webdriver.Chrome, compiled: Compiled
) -> None:
    claim = max(compiled.corpus.claims, key=lambda c: span(compiled, c)[0])  # the deepest quote: needs scrolling
    start, end = span(compiled, claim)
    open_reader(browser, f"{live_server.url}/read/{claim.document}")
    marks = browser.find_elements(By.CSS_SELECTOR, "#text mark")
    mark = next(m for m in marks if offsets(m)[0] <= start < offsets(m)[1])
    piece = offsets(mark)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    covering = [c for c in compiled.corpus.claims if c.document == claim.document]
    expected = {c.key for c in covering if span(compiled, c)[0] <= piece[0] and piece[1] <= span(compiled, c)[1]}
    assert claim.key in expected and set(listed_claims(browser)) == expected and start < end
    panel = browser.find_element(By.ID, "claims").text
    assert claim.quote in panel and (claim.quote_en or "") in panel
    assert compiled.corpus.entities[claim.subject].label in panel
    assert console_errors(browser) == []


def test_a_claim_link_scrolls_to_its_quote_and_marks_it(
    live_server: LiveServer, browser: webdriver.Chrome, compiled: Compiled
) -> None:
    claim = max(compiled.corpus.claims, key=lambda c: span(compiled, c)[0])
    open_reader(browser, f"{live_server.url}/read/{claim.document}#claim-{claim.id}")
    marked = browser.find_elements(By.CSS_SELECTOR, "#text mark.target")
    assert "".join(m.text for m in marked) == claim.quote
    assert listed_claims(browser) == [claim.key]
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", marked[0])
    assert 0 <= top < browser.execute_script("return window.innerHeight")  # scrolled into view


@pytest.mark.parametrize("document", ["999_0000000000000000", "not-a-document", "..%2Fetc"])
def test_an_unknown_document_is_404(live_server: LiveServer, document: str) -> None:
    assert httpx.get(f"{live_server.url}/read/{document}", timeout=10).status_code == 404


def test_the_pages_load_only_this_servers_files(live_server: LiveServer) -> None:
    response = httpx.get(live_server.url + "/read", timeout=10)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "script-src 'self'" in policy


def test_the_reader_pages_through_the_largest_page_the_server_allows(
    browser: webdriver.Chrome, compiled: Compiled, tmp_path: Path
) -> None:
    """On a server whose GraphQL pages hold 10 items, every claim of the longest document is read."""
    document = max(compiled.corpus.documents, key=lambda d: sum(c.document == d for c in compiled.corpus.claims))
    claims = [c for c in compiled.corpus.claims if c.document == document]
    with run_server("--max-page-size", "10", log_dir=tmp_path) as small:
        open_reader(browser, f"{small.url}/read/{document}")
        assert f"{len(claims)} claims" in browser.find_element(By.CSS_SELECTOR, "main > p.note").text
        pieces = [offsets(m) for m in browser.find_elements(By.CSS_SELECTOR, "#text mark")]
        for start, end in (span(compiled, c) for c in claims):  # every quote highlighted whole
            assert sum(b - a for a, b in pieces if start <= a and b <= end) == end - start
