"""The graph page replays the story document by document, in headless Chromium: its date control
steps through the documents in publication order (undated ones last), and at each step the page
draws the relations, entities and contradictions those documents alone give; Play runs the story
from its start to the whole graph. Expectations come from the page's own view of the seed graph."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from graph.visual.view import View
from tests.chromium import console_errors
from tests.live import LiveServer
from tests.visual.test_page import click_node, details_text, open_page, screenshot, viz


def story(whole: View) -> list[str]:
    """The documents in the order the page tells them."""
    documents = whole.documents.values()
    return [d.id for d in sorted(documents, key=lambda d: (not d.published, d.published, d.id))]


def expected_at(whole: View, told: set[str]) -> tuple[int, int, set[str]]:
    """Relations, entities and contradictions drawn once these documents are told."""
    edges = [e for e in whole.edges if told & set(e.documents)]
    nodes = {end for e in edges for end in (e.source, e.target)}
    contradictions = {
        c.contradiction.id
        for c in whole.contradictions
        if all(any(claim.document in told for claim in side.claims) for side in c.contradiction.sides)
    }
    return len(edges), len(nodes), contradictions


@pytest.fixture
def page(live_server: LiveServer, browser: webdriver.Chrome) -> webdriver.Chrome:
    open_page(browser, live_server.url + "/viz")
    return browser


def test_the_control_steps_back_through_the_documents_and_the_page_draws_what_each_step_told(
    page: webdriver.Chrome, whole: View
) -> None:
    order = story(whole)
    control = page.find_element(By.ID, "replay")
    assert int(control.get_attribute("max") or 0) == len(order) == int(control.get_attribute("value") or 0)
    assert viz(page, "told()") is None and viz(page, "edgeCount()") == len(whole.edges)
    control.click()  # focus it (a click may also move it): then walk down from the end with the keyboard
    control.send_keys(Keys.END)
    for step in range(len(order) - 1, -1, -1):
        control.send_keys(Keys.ARROW_LEFT)
        told = set(order[:step])
        assert set(viz(page, "told()") or []) == told  # type: ignore[arg-type]
        edges, nodes, contradictions = expected_at(whole, told)
        assert viz(page, "edgeCount()") == edges, step
        assert viz(page, "nodeCount()") == nodes, step
        assert set(viz(page, "contradictionsShown()")) == contradictions, step  # type: ignore[arg-type]
        label = page.find_element(By.ID, "replay-label").text
        assert (f"{step} of {len(order)} documents" in label) if step else ("nothing told yet" in label)
    assert viz(page, "edgeCount()") == 0
    assert console_errors(page) == []


def test_a_claim_of_a_later_document_stays_out_of_the_panel_until_it_is_told(
    page: webdriver.Chrome, whole: View
) -> None:
    first = set(story(whole)[:1])
    edge = next(e for e in whole.edges if first & set(e.documents) and set(e.documents) - first)
    told = {c.quote for c in edge.claims if c.document in first}
    untold = {c.quote for c in edge.claims if c.document not in first} - told
    control = page.find_element(By.ID, "replay")
    control.click()
    control.send_keys(Keys.HOME, Keys.ARROW_RIGHT)
    assert viz(page, "told()") == sorted(first)
    click_node(page, edge.source)
    text = details_text(page)
    assert all(quote in text for quote in told)
    assert not any(quote in text for quote in untold)


def test_play_tells_the_story_from_the_start_to_the_whole_graph(page: webdriver.Chrome, whole: View) -> None:
    page.find_element(By.ID, "replay-play").click()
    assert viz(page, "told()") == [] and viz(page, "edgeCount()") == 0
    screenshot(page, "viz-replay-start.png")
    WebDriverWait(page, 30).until(lambda d: d.execute_script("return window.__viz.told() === null"))
    assert viz(page, "edgeCount()") == len(whole.edges)
    assert page.find_element(By.ID, "replay-play").text == "Play"
    assert "the whole graph" in page.find_element(By.ID, "replay-label").text
