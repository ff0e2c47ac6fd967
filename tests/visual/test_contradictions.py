"""Contradictions in the pictures (graph/visual/contradictions.py): the view carries every one the
build found, with its kind, explanation, verdict and sides; each dump format, read back by its own
reader, marks the edges (and, for claims about a value, the entities) whose claims take part in
one; `contradiction=<id>` shows one alone; the page lists them and shows one side by side.

Expectations come from the build (`Compiled.contradictions`), never from pinned seed content.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import httpx
import networkx as nx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from graph.ingest.contradictions import Contradiction
from graph.ingest.pipeline import Compiled
from graph.ingest.seeds import ClaimRecord
from graph.store.snapshot import Snapshot
from graph.visual.contradictions import MARK
from graph.visual.dot import CONTRADICTED, LEGEND
from graph.visual.formats import DUMPS
from graph.visual.scope import Scope
from graph.visual.view import LIST_SEPARATOR, View, build_view, edge_id
from graph.vocab import namespaces as ns
from tests.chromium import console_errors
from tests.live import LiveServer
from tests.visual.test_dumps import graphviz_layout, node_reader
from tests.visual.test_page import details_text, open_page, screenshot, viz


def id_of(found: Contradiction) -> str:
    return found.iri.removeprefix(ns.CONTRADICTION)


def standing(found: Contradiction) -> bool:
    return found.judgement is None or found.judgement.verdict != "dismissed"


def claim_iris(found: Contradiction) -> set[str]:
    return {ns.claim_iri(c.document, c.id) for c in found.claims}


def edges_and_subjects(found: Contradiction) -> tuple[set[str], set[str]]:
    """The edges its claims make (a positive claim with an entity object: one per acting party) and
    the entities whose claims make none (about a value, or negative): those carry the mark."""
    edges: set[str] = set()
    subjects: set[str] = set()
    for claim in found.claims:
        if claim.object and claim.qualifiers.polarity != "negative":
            edges |= {edge_id(party, claim.relation, claim.object) for party in claim.parties}
        else:
            subjects.add(claim.subject)
    return edges, subjects


def entities_of(found: Contradiction) -> set[str]:
    """The entities a contradiction shows besides its edges' ends: its edgeless claims' subjects,
    and what a negative claim denies a relation to."""
    _, subjects = edges_and_subjects(found)
    denied = {c.object for c in found.claims if c.object and c.qualifiers.polarity == "negative"}
    return subjects | denied


def expected_marks(compiled: Compiled) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Contradiction ids per edge id and per entity id."""
    edges: dict[str, set[str]] = defaultdict(set)
    nodes: dict[str, set[str]] = defaultdict(set)
    for found in compiled.contradictions:
        made, subjects = edges_and_subjects(found)
        for edge in made:
            edges[edge].add(id_of(found))
        for subject in subjects:
            nodes[subject].add(id_of(found))
    return edges, nodes


def modality(claim: ClaimRecord) -> str:
    return str(claim.qualifiers.modality or "asserted")


def split(value: object) -> set[str]:
    """A list attribute as formats without lists write it (view.LIST_SEPARATOR); absent: empty."""
    return set(str(value or "").split(LIST_SEPARATOR)) - {""}


def kinds(compiled: Compiled, ids: set[str]) -> set[str]:
    return {c.kind for c in compiled.contradictions if id_of(c) in ids}


@pytest.fixture(scope="module")
def marks(compiled: Compiled) -> Marks:
    edges, nodes = expected_marks(compiled)
    assert edges and nodes, "the seeds have contradictions about edges and about values"
    return edges, nodes


# --- the view ------------------------------------------------------------------------------------


def test_the_whole_view_carries_every_contradiction_with_its_sides(compiled: Compiled, whole: View) -> None:
    listed = {c.id: c.record() for c in whole.contradictions}
    assert set(listed) == {id_of(c) for c in compiled.contradictions}
    for found in compiled.contradictions:
        record = listed[id_of(found)]
        assert (record["kind"], record["explanation"], record["rule"]) == (found.kind, found.explanation, found.rule)
        judged = found.judgement
        assert record["verdict"] == (judged.verdict if judged else None)
        assert record["reason"] == (judged.reason if judged else None)
        assert [s["position"] for s in record["sides"]] == [s.position for s in found.sides]
        for side, built in zip(record["sides"], found.sides, strict=True):
            assert [c["claim"] for c in side["claims"]] == [ns.claim_iri(c.document, c.id) for c in built.claims]
            for claim, seed in zip(side["claims"], built.claims, strict=True):
                assert (claim["document"], claim["quote"]) == (seed.document, seed.quote)
                assert claim.get("claimant", None) == seed.claimant
                assert claim["modality"] == modality(seed)
        assert set(record["claims"]) == claim_iris(found)
        made, _ = edges_and_subjects(found)
        assert set(record["edges"]) == made
        ends = {n for e in made for n in (e.split("/")[0], e.split("/")[2])}
        assert entities_of(found) | ends == set(record["nodes"])
        assert {c["document"] for s in record["sides"] for c in s["claims"]} <= set(whole.documents)


def test_every_edge_and_entity_says_which_contradictions_its_claims_take_part_in(
    compiled: Compiled, whole: View, marks: Marks
) -> None:
    edges, nodes = marks
    for edge in whole.edges:
        assert set(edge.contradictions.ids) == edges.get(edge.id, set()), edge.id
        assert set(edge.contradictions.kinds) == kinds(compiled, set(edge.contradictions.ids))
    for node in whole.nodes:
        assert set(node.contradictions.ids) == nodes.get(node.id, set()), node.id
    standing_ids = {id_of(c) for c in compiled.contradictions if standing(c)}
    for item in (*whole.edges, *whole.nodes):
        assert item.contradictions.standing == bool(set(item.contradictions.ids) & standing_ids)


# --- the formats, read back --------------------------------------------------------------------


Marks = tuple[dict[str, set[str]], dict[str, set[str]]]


def check_marks(
    compiled: Compiled,
    marks: Marks,
    edge_attributes: dict[str, dict],  # type: ignore[type-arg]
    node_attributes: dict[str, dict],  # type: ignore[type-arg]
    *,
    joined: bool = False,
) -> None:
    """What a reader saw, per edge id and node id: the contradictions and their kinds, as lists or
    (`joined`) as the text formats without lists write them."""
    edges, nodes = marks

    def read(data: dict, name: str) -> set[str]:  # type: ignore[type-arg]
        return split(data.get(name)) if joined else set(data[name])

    for id_, data in edge_attributes.items():
        assert read(data, "contradictions") == edges.get(id_, set()), id_
        assert read(data, "contradiction_kinds") == kinds(compiled, edges.get(id_, set())), id_
    assert {e for e, data in edge_attributes.items() if read(data, "contradictions")} == set(edges)
    for id_, data in node_attributes.items():
        assert read(data, "contradictions") == nodes.get(id_, set()), id_


def edges_by_key(graph: nx.MultiDiGraph) -> dict[str, dict]:  # type: ignore[type-arg]
    """A multigraph's edges by key: the view's edge id, which every writer keeps as the key."""
    return {key: data for _, _, key, data in graph.edges(keys=True, data=True)}


def test_graphml_reads_back_the_contradiction_attributes(whole: View, compiled: Compiled, marks: Marks) -> None:
    graph = nx.read_graphml(io.BytesIO(DUMPS["graphml"].write(whole)), force_multigraph=True)
    check_marks(compiled, marks, edges_by_key(graph), dict(graph.nodes(data=True)), joined=True)
    assert all(isinstance(d["contradicted"], bool) for _, _, d in graph.edges(data=True))


def test_gexf_reads_back_the_contradiction_attributes(whole: View, compiled: Compiled, marks: Marks) -> None:
    graph = nx.read_gexf(io.BytesIO(DUMPS["gexf"].write(whole)))
    check_marks(compiled, marks, edges_by_key(graph), dict(graph.nodes(data=True)), joined=True)


def test_cytoscape_json_reads_back_the_contradiction_attributes_with_networkx(
    whole: View, compiled: Compiled, marks: Marks
) -> None:
    graph = nx.cytoscape_graph(json.loads(DUMPS["cytoscape"].write(whole)))
    check_marks(compiled, marks, edges_by_key(graph), dict(graph.nodes(data=True)))
    assert {c["id"] for c in graph.graph["contradictions"]} == {id_of(c) for c in compiled.contradictions}


@pytest.mark.parametrize("format_name", ["graphology", "cytoscape", "d3"])
def test_json_dumps_read_back_the_contradictions_with_their_javascript_library(
    whole: View,
    compiled: Compiled,
    marks: Marks,
    tmp_path: Path,
    format_name: str,
) -> None:
    seen = node_reader(format_name, DUMPS[format_name].write(whole), tmp_path)
    check_marks(compiled, marks, seen["edgeAttributes"], seen["nodeAttributes"])
    listed = {c["id"]: c for c in seen["context"]["contradictions"]}
    for found in compiled.contradictions:
        assert [s["position"] for s in listed[id_of(found)]["sides"]] == [s.position for s in found.sides]


def test_dot_draws_what_a_standing_contradiction_makes_in_red_with_a_legend(
    whole: View, compiled: Compiled, marks: Marks
) -> None:
    laid = graphviz_layout(DUMPS["dot"].write(whole))
    assert laid["label"] == f"{whole.title}\\n{LEGEND}"  # the legend on a line of its own
    names = {o["_gvid"]: o["name"] for o in laid["objects"]}
    drawn_edges = {edge_id(names[e["tail"]], e["relation"], names[e["head"]]): e for e in laid["edges"]}
    drawn_nodes = {o["name"]: o for o in laid["objects"] if "type" in o}
    check_marks(compiled, marks, drawn_edges, drawn_nodes, joined=True)
    standing_ids = {id_of(c) for c in compiled.contradictions if standing(c)}
    edges, nodes = marks
    for id_, drawn in drawn_edges.items():
        red = bool(edges.get(id_, set()) & standing_ids)
        assert (drawn.get("color") == CONTRADICTED) == red, id_
        assert drawn["label"].endswith(f" {MARK}") == red, id_
    for id_, drawn in drawn_nodes.items():
        assert (drawn.get("color") == CONTRADICTED) == bool(nodes.get(id_, set()) & standing_ids), id_


def test_svg_shows_the_legend_only_where_something_is_marked(snapshot: Snapshot, whole: View) -> None:
    texts = {t.text for t in ET.fromstring(DUMPS["svg"].write(whole)).iter("{http://www.w3.org/2000/svg}text")}
    assert {whole.title, LEGEND} <= texts
    marked = {n.id for n in whole.nodes if n.contradictions.standing}
    relation = next(
        r
        for r in sorted({e.relation for e in whole.edges})
        if not any(e.contradictions.standing or {e.source, e.target} & marked for e in whole.edges if e.relation == r)
    )
    view = build_view(snapshot, Scope.parse({"relations": relation}))
    assert graphviz_layout(DUMPS["dot"].write(view))["label"] == view.title


# --- scope ----------------------------------------------------------------------------------------


def test_a_contradiction_scope_shows_the_entities_and_edges_of_its_claims(
    snapshot: Snapshot, compiled: Compiled
) -> None:
    for found in compiled.contradictions:
        view = build_view(snapshot, Scope.parse({"contradiction": id_of(found)}))
        made, _ = edges_and_subjects(found)
        assert {e.id for e in view.edges} == made
        assert {n.id for n in view.nodes} == entities_of(found) | {n for e in view.edges for n in (e.source, e.target)}
        assert id_of(found) in {c.id for c in view.contradictions}
        assert view.title == found.explanation
        assert json.loads(DUMPS["d3"].write(view))["graph"]["scope"]["contradiction"] == id_of(found)


def test_a_contradiction_scope_in_chinese_names_its_kind_and_subjects(snapshot: Snapshot, compiled: Compiled) -> None:
    found = next(c for c in compiled.contradictions if c.subject)
    view = build_view(snapshot, Scope.parse({"contradiction": id_of(found), "lang": "zh"}))
    seed = compiled.corpus.entities[found.subject or ""]
    assert view.title.startswith("矛盾") and found.kind in view.title
    assert (seed.zh_hans or seed.zh_hant or seed.label) in view.title


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"contradiction": "0000"}, "unknown contradiction '0000'; contradictions: "),
        ({"contradiction": "x", "finding": "y"}, "give one of entity, finding or contradiction, not finding and"),
        ({"contradiction": "x", "depth": "2"}, "depth needs an entity"),
    ],
)
def test_a_bad_contradiction_scope_is_named(snapshot: Snapshot, params: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        build_view(snapshot, Scope.parse(params))


def test_http_lists_the_contradictions_one_can_pick(live_server: LiveServer, compiled: Compiled) -> None:
    listing = httpx.get(live_server.url + "/dump", timeout=60).json()
    assert "contradiction" in listing["parameters"]
    listed = {c["id"]: c for c in listing["contradictions"]}
    assert set(listed) == {id_of(c) for c in compiled.contradictions}
    for found in compiled.contradictions:
        entry = listed[id_of(found)]
        assert (entry["kind"], entry["explanation"]) == (found.kind, found.explanation)
        assert entry["verdict"] == (found.judgement.verdict if found.judgement else None)
    chosen = next(iter(listed))
    response = httpx.get(f"{live_server.url}/dump/graphml", params={"contradiction": chosen}, timeout=60)
    assert (
        response.status_code == 200
        and f'filename="stargate-kg-{chosen}.graphml"' in response.headers["content-disposition"]
    )


# --- the page ------------------------------------------------------------------------------------


def test_the_page_lists_every_contradiction_with_its_kind_and_verdict(
    live_server: LiveServer, browser: webdriver.Chrome, compiled: Compiled
) -> None:
    open_page(browser, live_server.url + "/viz")
    buttons = {
        b.get_attribute("data-contradiction"): b
        for b in browser.find_elements(By.CSS_SELECTOR, "#contradictions button[data-contradiction]")
    }
    assert set(buttons) == {id_of(c) for c in compiled.contradictions}
    for found in compiled.contradictions:
        text = buttons[id_of(found)].text
        assert found.kind in text and found.explanation in text
        if found.judgement:
            assert found.judgement.verdict in text  # dismissed ones are listed, as dismissed
        else:
            assert "not judged" in text
    assert browser.find_element(By.ID, "contradiction-legend").is_displayed()


@pytest.mark.parametrize("with_edges", [True, False])
def test_clicking_a_contradiction_highlights_its_claims_and_shows_its_sides(
    live_server: LiveServer, browser: webdriver.Chrome, compiled: Compiled, whole: View, with_edges: bool
) -> None:
    """One whose claims make edges, and one about a value, whose subject is highlighted instead."""
    found = max(
        (c for c in compiled.contradictions if bool(edges_and_subjects(c)[0]) == with_edges),
        key=lambda c: (len(c.sides), len(c.claims)),
    )
    shown = next(c for c in whole.contradictions if c.id == id_of(found))
    open_page(browser, live_server.url + "/viz")
    browser.find_element(By.CSS_SELECTOR, f"#contradictions button[data-contradiction='{shown.id}']").click()
    text = details_text(browser)
    assert found.explanation in text
    focused = viz(browser, "focused()")
    assert isinstance(focused, dict)
    made, subjects = edges_and_subjects(found)
    assert set(focused["edges"]) == made == set(shown.edges)
    assert set(focused["nodes"]) == set(shown.nodes) and subjects <= set(focused["nodes"])
    assert viz(browser, "contradiction()") == shown.id
    sides = browser.find_elements(By.CSS_SELECTOR, "#details .sides > section.side")
    assert [s.find_element(By.TAG_NAME, "h3").text for s in sides] == [s.position for s in found.sides]
    if len(sides) > 1:  # side by side: the first two share a row
        assert sides[0].rect["y"] == sides[1].rect["y"] and sides[0].rect["x"] < sides[1].rect["x"]
    for section, side in zip(sides, found.sides, strict=True):
        items = section.find_elements(By.CSS_SELECTOR, "li.claim")
        assert [i.get_attribute("data-claim") for i in items] == [ns.claim_iri(c.document, c.id) for c in side.claims]
        for item, claim in zip(items, side.claims, strict=True):
            said = item.text
            assert claim.quote in said and claim.document in said and modality(claim) in said
            document = compiled.corpus.documents[claim.document]
            if document.published:
                assert document.published.iso in said
            if claim.claimant:
                assert compiled.corpus.entities[claim.claimant].label in said
    screenshot(browser, f"viz-contradiction-{'edges' if with_edges else 'value'}.png")
    assert console_errors(browser) == []


@pytest.mark.parametrize("where", ["edge", "entity"])
def test_the_claims_panel_opens_the_contradictions_of_an_edge_or_an_entity(
    live_server: LiveServer, browser: webdriver.Chrome, whole: View, where: str
) -> None:
    """An edge's claims link their contradictions; an entity links those of its claims about a
    value, which have no edge to show them on."""
    if where == "edge":
        edge = next(e for e in whole.edges if e.contradictions.ids)
        entity, ids = edge.source, edge.contradictions.ids
        links = f"#details section.edge[data-edge='{edge.id}'] button[data-open-contradiction]"
    else:
        node = next(n for n in whole.nodes if n.contradictions.ids)
        entity, ids = node.id, node.contradictions.ids
        links = "#details-body > p.marks button[data-open-contradiction]"
    open_page(browser, f"{live_server.url}/viz")
    browser.find_element(By.ID, "search").send_keys(entity, Keys.ENTER)
    details_text(browser)
    buttons = browser.find_elements(By.CSS_SELECTOR, links)
    assert {b.get_attribute("data-open-contradiction") for b in buttons} == set(ids)
    wanted = buttons[-1].get_attribute("data-open-contradiction")
    buttons[-1].click()
    WebDriverWait(browser, 20).until(lambda _: viz(browser, "contradiction()") == wanted)
    assert browser.find_element(By.CSS_SELECTOR, "#details h2").text.startswith("Contradiction")
    shown = next(c for c in whole.contradictions if c.id == wanted)
    assert set(viz(browser, "focused()")["edges"]) == set(shown.edges)  # type: ignore[index]
