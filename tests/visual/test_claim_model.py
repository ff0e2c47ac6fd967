"""Every dump format carries the claim model, read back by the format's own reader, over the
self-made corpus of tests/analytics/claim_corpus.py: per edge its polarity, modality, what it rests
on when no claim asserts it, bound, range and joint parties; no edge for a negative claim (the
JSON context and the page list it as NOT so); and the page's claims panel shows the quote, then
its translation, with marks for the modality, the figure with its bound and negative claims."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from graph.ingest.pipeline import Compiled
from graph.visual.formats import DUMPS
from graph.visual.scope import Scope
from graph.visual.view import View, build_view, edge_id
from tests.analytics.claim_corpus import compile_corpus, snapshot_of
from tests.chromium import console_errors, network, requested_urls
from tests.visual.test_dumps import graphviz_layout, node_reader
from tests.visual.test_page import details_text, open_page, screenshot

SOFTBANK = edge_id("softbank", "funds", "stargate")  # an allegation (under US$10 bn) and a report (US$20-90 bn)
ORACLE = edge_id("oracle", "funds", "stargate")  # joint with MGX, asserted
EXPECTED = {
    SOFTBANK: {
        "polarity": "positive",
        "modality": "alleged; reported",
        "bound": "less_than",
        "rests_on": "reported; alleged by Elon Musk",
        "figures": "US$20-90 bn; under US$10 bn",
        "joint": "",
    },
    ORACLE: {"polarity": "positive", "modality": "asserted", "rests_on": "", "figures": "US$7 bn", "joint": "mgx"},
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return compile_corpus(tmp_path_factory.mktemp("claim-model-dumps") / "seeds")


@pytest.fixture(scope="module")
def view(corpus: Compiled) -> View:
    return build_view(snapshot_of(corpus), Scope())


def show(browser: webdriver.Chrome, name: str) -> None:
    """The entity's claims panel, as a reader opens it by name."""
    search = browser.find_element(By.ID, "search")
    search.clear()
    search.send_keys(name, Keys.ENTER)


def scalars_hold(data: dict[str, object], expected: dict[str, str]) -> None:
    for name, value in expected.items():
        assert (data.get(name) or "") == value, name


def test_the_view_has_no_edge_for_a_negative_claim_and_lists_it_apart(view: View) -> None:
    assert not [e for e in view.edges if e.source == "microsoft"]
    [denied] = view.negated
    assert (denied.source, denied.relation, denied.target) == ("microsoft", "funds", "stargate")
    assert [c.polarity for c in denied.claims] == ["negative"]


@pytest.mark.parametrize("format_name", ["graphml", "gexf"])
def test_xml_formats_carry_the_qualifiers_per_edge(view: View, format_name: str) -> None:
    body = io.BytesIO(DUMPS[format_name].write(view))
    graph = nx.read_graphml(body, force_multigraph=True) if format_name == "graphml" else nx.read_gexf(body)
    edges = {edge_id(u, d["relation"], v): d for u, v, d in graph.edges(data=True)}
    for id_, expected in EXPECTED.items():
        scalars_hold(edges[id_], expected)
    softbank = edges[SOFTBANK]
    assert (softbank["amount_min"], softbank["amount_max"], softbank["amount"]) == (20e9, 90e9, 10e9)
    assert not graph.has_edge("microsoft", "stargate")


@pytest.mark.parametrize("format_name", ["graphology", "cytoscape", "d3"])
def test_json_formats_carry_the_qualifiers_per_edge_and_claim(view: View, tmp_path: Path, format_name: str) -> None:
    seen = node_reader(format_name, DUMPS[format_name].write(view), tmp_path)
    softbank = seen["edgeAttributes"][SOFTBANK]
    assert (softbank["modality"], softbank["bound"], softbank["polarity"]) == (
        ["alleged", "reported"],
        ["less_than"],
        ["positive"],
    )
    assert (softbank["amount_min"], softbank["amount_max"]) == (20e9, 90e9)
    claims = {c["id"]: c for c in softbank["claims"]}
    alleged, ranged = claims["softbank-under-10b"], claims["softbank-tens-of-billions"]
    assert (alleged["modality"], alleged["claimant"], alleged["bound"], alleged["figure"]) == (
        "alleged",
        "elon-musk",
        "less_than",
        "under US$10 bn",
    )
    assert alleged["quote_en"] == "the money SoftBank has secured is under US$10 billion"
    assert (ranged["amount_min"], ranged["amount_max"], ranged["figure"]) == (20e9, 90e9, "US$20-90 bn")
    assert "amount" not in ranged
    oracle = seen["edgeAttributes"][ORACLE]
    assert oracle["joint"] == ["mgx"] and oracle["claims"][0]["parties"] == ["oracle", "mgx"]
    assert ["microsoft", "funds", "stargate"] not in seen["edges"]
    [denied] = seen["context"]["negated"]
    assert (denied["source"], denied["claims"][0]["polarity"]) == ("microsoft", "negative")


def test_dot_and_svg_draw_an_unasserted_edge_dashed_and_say_how_it_is_put(view: View) -> None:
    laid = graphviz_layout(DUMPS["dot"].write(view))
    edges = {e["id"]: e for e in laid["edges"]}
    scalars_hold(edges[SOFTBANK], EXPECTED[SOFTBANK])
    assert (edges[SOFTBANK]["style"], edges[SOFTBANK]["label"]) == ("dashed", "funds (alleged, reported)")
    scalars_hold(edges[ORACLE], EXPECTED[ORACLE])
    assert "style" not in edges[ORACLE]
    svg = ET.fromstring(DUMPS["svg"].write(view))
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert "funds (alleged, reported)" in texts
    dashed = [p for p in svg.iter("{http://www.w3.org/2000/svg}path") if p.get("stroke-dasharray")]
    assert dashed, "the unasserted edges are drawn dashed"


def test_the_offline_page_marks_modality_bounds_and_negative_claims(
    view: View, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    page = tmp_path / "claims.html"
    body = DUMPS["html"].write(view)
    assert re.search(rb"""(src|href)\s*=\s*["']?(https?:)?//""", body) is None
    page.write_bytes(body)
    open_page(browser, page.as_uri())
    show(browser, "SoftBank")
    text = details_text(browser)
    assert "Not asserted: 1 of 1 relation rests only on claims no one asserts: SoftBank → funds → Stargate" in text
    assert "amounts stated: US$20-90 bn; under US$10 bn" in text
    items = browser.find_elements(By.CSS_SELECTOR, "#details li.claim")
    alleged = next(i for i in items if str(i.get_attribute("data-claim")).endswith("softbank-under-10b"))
    lines = alleged.text.splitlines()
    quote, translation = (
        lines.index("软银锁定的资金不到100亿美元"),
        lines.index("the money SoftBank has secured is under US$10 billion"),
    )
    assert quote < translation  # the original first, the translation under it
    marks = [m.text for m in alleged.find_elements(By.CSS_SELECTOR, ".mark")]
    assert marks == ["alleged by Elon Musk", "under US$10 bn"]
    ranged = next(i for i in items if str(i.get_attribute("data-claim")).endswith("softbank-tens-of-billions"))
    assert [m.text for m in ranged.find_elements(By.CSS_SELECTOR, ".mark")] == ["reported", "US$20-90 bn"]
    screenshot(browser, "viz-claim-model.png")
    show(browser, "Microsoft")
    denied = browser.find_element(By.CSS_SELECTOR, "#details section.negated")
    assert "The sources say this is NOT so" in denied.text and "微软没有任何出资意向" in denied.text
    assert "negative: the source says this is NOT so" in denied.text
    assert console_errors(browser) == []
    assert network(requested_urls(browser)) == []
    data = json.loads(
        re.search(rb'<script type="application/json" id="viz-data">(.*?)</script>', body, re.DOTALL).group(1)  # type: ignore[union-attr]
    )
    assert data["attributes"]["negated"][0]["source"] == "microsoft"
