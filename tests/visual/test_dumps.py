"""graph/visual: every dump format, read back by an independent reader, for every kind of scope.

GraphML and GEXF by networkx's readers; Cytoscape.js, D3 node-link and graphology JSON by those
libraries in Node (tests/viz-check.cjs, bundled from web/viz/src/check.js); DOT, SVG and PNG by
Graphviz itself. The CLI and the HTTP routes are run for real.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import httpx
import networkx as nx
import pytest
from PIL import Image

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import finding_id
from graph.ingest.pipeline import Compiled
from graph.store.snapshot import Snapshot
from graph.visual.contradictions import MARK
from graph.visual.formats import DUMPS
from graph.visual.scope import MAX_DEPTH, Scope
from graph.visual.view import View, build_view, edge_id
from tests.live import ROOT, LiveServer

CHECKER = ROOT / "tests" / "viz-check.cjs"


def edges_of(view: View) -> Counter[tuple[str, str, str]]:
    return Counter((e.source, e.relation, e.target) for e in view.edges)


def node_reader(format_name: str, body: bytes, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    """What the format's own JavaScript library reads from the dump."""
    path = tmp_path / f"dump.{format_name}.json"
    path.write_bytes(body)
    node = shutil.which("node")
    assert node, "Node.js is needed to read the JSON dumps back (tests/run.sh installs Debian nodejs)"
    done = subprocess.run([node, str(CHECKER), format_name, str(path)], capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)  # type: ignore[no-any-return]


# --- scopes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"entitty": "openai"}, "unknown parameter(s) entitty"),
        ({"depth": "2"}, "depth needs an entity"),
        ({"entity": "openai", "depth": "0"}, f"depth must be a whole number from 1 to {MAX_DEPTH}"),
        ({"entity": "openai", "depth": "two"}, "depth must be a whole number"),
        ({"entity": "openai", "finding": "x"}, "give one of entity, finding or contradiction, not entity and finding"),
        ({"measure": "fame"}, "unknown measure 'fame'; choose one of: pagerank"),
        ({"lang": "fr"}, "lang must be one of en, zh"),
    ],
)
def test_a_bad_parameter_is_named(params: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Scope.parse(params)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"entity": "nobody"}, "unknown entity 'nobody'"),
        ({"relations": "funds,likes"}, "unknown relation(s) likes; relations between entities:"),
        ({"finding": "several-roles:nobody,stargate"}, "unknown finding 'several-roles:nobody,stargate'; findings:"),
    ],
)
def test_a_scope_naming_what_the_graph_lacks_is_refused(
    snapshot: Snapshot, params: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        build_view(snapshot, Scope.parse(params))


def test_the_whole_graph_has_every_entity_and_relation_with_centrality_and_community(
    snapshot: Snapshot, whole: View
) -> None:
    graph = analytics.projection(snapshot).graph
    assert {n.id for n in whole.nodes} == set(graph)
    assert edges_of(whole) == Counter((u, k, v) for u, v, k in graph.edges(keys=True))
    pagerank = nx.pagerank(nx.DiGraph(graph))  # an independent run on the collapsed graph
    for node in whole.nodes:
        assert node.centrality == pytest.approx(pagerank[node.id], rel=1e-3)
        assert node.community == graph.nodes[node.id]["community"]
    assert sum(e.count for e in whole.legend) == len(whole.nodes)


@pytest.mark.parametrize("depth", [1, 2])
def test_a_neighbourhood_is_every_entity_within_k_hops_either_way(snapshot: Snapshot, depth: int) -> None:
    graph = analytics.projection(snapshot).graph
    expected = set(nx.ego_graph(graph.to_undirected(as_view=True), "oracle", radius=depth))
    view = build_view(snapshot, Scope.parse({"entity": "oracle", "depth": str(depth)}))
    assert {n.id for n in view.nodes} == expected
    assert edges_of(view) == Counter((u, k, v) for u, v, k in graph.subgraph(expected).edges(keys=True))
    assert "Oracle" in view.title


def test_a_relation_filter_keeps_those_edges_and_the_entities_they_link(snapshot: Snapshot) -> None:
    graph = analytics.projection(snapshot).graph
    view = build_view(snapshot, Scope.parse({"relations": "funds, holdsStake"}))
    wanted = [(u, k, v) for u, v, k in graph.edges(keys=True) if k in {"funds", "holdsStake"}]
    assert edges_of(view) == Counter(wanted)
    assert {n.id for n in view.nodes} == {x for u, _, v in wanted for x in (u, v)}
    funds = next(e for e in view.edges if e.relation == "funds" and e.source == "softbank" and e.target == "stargate")
    assert funds.amount and funds.amount >= 1e10  # US dollars as stated (full units), never "billions"
    assert funds.documents and all(c.quote for c in funds.claims)


def test_a_finding_scope_is_the_finding_paths_and_the_page_data_lists_it(snapshot: Snapshot) -> None:
    found = next(f for f in analytics.conflicts(snapshot) if f.rule == "stake-in-partner")
    view = build_view(snapshot, Scope.parse({"finding": finding_id(found)}))
    assert edges_of(view) == Counter((e.subject, e.relation, e.object) for e in found.edges())
    assert {"softbank", "arm", "stargate"} <= {n.id for n in view.nodes}
    [listed] = view.findings
    assert listed.id == finding_id(found) and listed.explanation == found.explanation
    assert set(listed.edges) == {e.id for e in view.edges}


# --- the formats, read back --------------------------------------------------------------------


def test_graphml_edge_ids_are_unique(whole: View) -> None:
    root = ET.fromstring(DUMPS["graphml"].write(whole))
    ids = [edge.get("id") for edge in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(whole.edges) == len(set(ids))
    assert set(ids) == {e.id for e in whole.edges}


def test_graphml_reads_back_with_networkx(whole: View) -> None:
    graph = nx.read_graphml(io.BytesIO(DUMPS["graphml"].write(whole)), force_multigraph=True)
    assert graph.is_directed() and graph.is_multigraph()
    assert set(graph) == {n.id for n in whole.nodes}
    assert Counter((u, d["relation"], v) for u, v, d in graph.edges(data=True)) == edges_of(whole)
    oracle = graph.nodes["oracle"]
    expected = next(n for n in whole.nodes if n.id == "oracle")
    assert (oracle["type"], oracle["label"], oracle["label_zh"]) == ("Company", "Oracle", expected.label_zh)
    assert oracle["centrality"] == pytest.approx(expected.centrality) and oracle["community"] == expected.community
    edge = next(d for u, v, d in graph.edges(data=True) if (u, d["relation"], v) == ("softbank", "funds", "stargate"))
    view_edge = next(e for e in whole.edges if e.id == edge_id("softbank", "funds", "stargate"))
    assert edge["documents"].split("; ") == list(view_edge.documents)
    assert edge["amount"] == pytest.approx(view_edge.amount)
    assert edge["status"] == "; ".join(view_edge.statuses)


def test_gexf_reads_back_with_networkx_and_carries_colour_and_size(whole: View) -> None:
    graph = nx.read_gexf(io.BytesIO(DUMPS["gexf"].write(whole)))
    assert set(graph) == {n.id for n in whole.nodes}
    assert Counter((u, d["relation"], v) for u, v, d in graph.edges(data=True)) == edges_of(whole)
    for node in whole.nodes:
        data = graph.nodes[node.id]
        assert data["label"] == node.label and data["type"] == node.type
        colour = data["viz"]["color"]
        assert f"#{colour['r']:02x}{colour['g']:02x}{colour['b']:02x}" == node.colour
    sizes = {n: graph.nodes[n]["viz"]["size"] for n in graph}
    assert max(sizes, key=sizes.__getitem__) == max(whole.nodes, key=lambda n: n.centrality).id


def test_cytoscape_json_reads_back_with_networkx_as_a_directed_multigraph(whole: View) -> None:
    data = json.loads(DUMPS["cytoscape"].write(whole))
    graph = nx.cytoscape_graph(data)
    assert graph.is_directed() and graph.is_multigraph()
    assert set(graph) == {n.id for n in whole.nodes}
    assert set(graph.edges(keys=True)) == {(e.source, e.target, e.id) for e in whole.edges}
    assert Counter((u, d["relation"], v) for u, v, d in graph.edges(data=True)) == edges_of(whole)
    pairs = Counter((e.source, e.target) for e in whole.edges)
    assert max(pairs.values()) > 1  # entities linked by several relations: parallel edges, all kept
    assert graph.nodes["oracle"]["name"] == "Oracle"  # the name Cytoscape desktop shows
    assert graph.graph["title"] == whole.title
    funds = graph.edges["softbank", "stargate", edge_id("softbank", "funds", "stargate")]
    assert funds["claims"] and all(c["quote"] for c in funds["claims"])


@pytest.mark.parametrize("format_name", ["graphology", "cytoscape", "d3"])
def test_json_dumps_read_back_with_their_javascript_library(
    whole: View, compiled: Compiled, tmp_path: Path, format_name: str
) -> None:
    seen = node_reader(format_name, DUMPS[format_name].write(whole), tmp_path)
    assert sorted(seen["nodes"]) == sorted(n.id for n in whole.nodes)
    assert Counter(tuple(e) for e in seen["edges"]) == edges_of(whole)
    musk = seen["nodeAttributes"]["elon-musk"]
    seed = compiled.corpus.entities["elon-musk"]
    assert (musk["type"], musk["label"], musk["label_zh"]) == (seed.type, seed.label, seed.zh_hans)
    assert isinstance(musk["centrality"], float) and isinstance(musk["community"], int)
    edge = seen["edgeAttributes"][edge_id("elon-musk", "disputes", "stargate")]
    assert edge["relation"] == "disputes" and edge["documents"]
    for claim in edge["claims"]:  # every claim with its document and verbatim quote
        assert claim["document"] in edge["documents"] and claim["quote"]
        text = (ROOT / "graph" / "seeds" / "documents" / f"{claim['document']}.txt").read_text(encoding="utf-8")
        assert claim["quote"] in text
    context = seen["context"]
    assert {f["id"] for f in context["findings"]} == {f.id for f in whole.findings}
    assert set(context["documents"]) == set(whole.documents)


def test_a_json_reader_rejects_an_edge_to_a_missing_node(whole: View, tmp_path: Path) -> None:
    """The Node checker is a real reader: a dump with a dangling edge fails in each library."""
    for format_name, where in (("graphology", ("nodes",)), ("cytoscape", ("elements", "nodes")), ("d3", ("nodes",))):
        data = json.loads(DUMPS[format_name].write(whole))
        nodes = data
        for key in where:
            nodes = nodes[key]
        nodes.pop(0)
        path = tmp_path / f"broken.{format_name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        done = subprocess.run(
            ["node", str(CHECKER), format_name, str(path)], capture_output=True, timeout=60, check=False
        )
        assert done.returncode != 0, format_name


def graphviz_layout(dot_text: bytes) -> dict:  # type: ignore[type-arg]
    done = subprocess.run(["dot", "-Tjson"], input=dot_text, capture_output=True, timeout=120, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("params", [{}, {"entity": "oracle"}, {"finding": "several-roles:oracle,stargate"}])
def test_graphviz_lays_out_the_dot_with_every_node_and_edge(snapshot: Snapshot, params: dict[str, str]) -> None:
    view = build_view(snapshot, Scope.parse(params))
    laid = graphviz_layout(DUMPS["dot"].write(view))
    nodes = {o["name"]: o for o in laid["objects"]}
    assert set(nodes) == {n.id for n in view.nodes}
    assert all("pos" in o for o in nodes.values())
    names = {o["_gvid"]: o["name"] for o in laid["objects"]}
    assert Counter((names[e["tail"]], e["relation"], names[e["head"]]) for e in laid.get("edges", [])) == edges_of(view)
    for node in view.nodes:
        drawn = nodes[node.id]
        assert (drawn["type"], drawn["label"], drawn.get("label_zh", "")) == (node.type, node.label, node.label_zh)


def test_labels_in_chinese_where_the_entity_has_them(snapshot: Snapshot, compiled: Compiled) -> None:
    view = build_view(snapshot, Scope.parse({"entity": "oracle", "lang": "zh"}))
    laid = graphviz_layout(DUMPS["dot"].write(view))
    labels = {o["name"]: o["label"] for o in laid["objects"]}
    for node in view.nodes:
        seed = compiled.corpus.entities[node.id]
        assert labels[node.id] == (seed.zh_hans or seed.zh_hant or seed.label)
    builds = [e for e in laid["edges"] if e["relation"] == "builds"]
    assert {e["label"].removesuffix(f" {MARK}").split(" (")[0] for e in builds} == {"建设"}
    assert all(e.get("style") == "dashed" for e in builds if e["label"] != "建设")  # "(reported)": not asserted


@pytest.mark.parametrize(
    ("params", "title"),
    [
        ({"entity": "oracle"}, "Oracle and all within 1 hop"),
        ({"entity": "oracle", "lang": "zh"}, "甲骨文及其1跳以内的实体"),
        (
            {"relations": "funds,holdsStake", "lang": "zh"},
            "整个实体图\N{FULLWIDTH COMMA}关系\N{FULLWIDTH COLON}出资、持股",
        ),
        ({"finding": "several-roles:oracle,stargate", "lang": "zh"}, "several-roles"),
    ],
)
def test_the_drawn_title_is_in_the_language_asked(snapshot: Snapshot, params: dict[str, str], title: str) -> None:
    """SVG and PNG are drawn from the same DOT, whose graph label is the title."""
    view = build_view(snapshot, Scope.parse(params))
    assert title in view.title
    assert graphviz_layout(DUMPS["dot"].write(view))["label"].split("\\n")[0] == view.title  # then any legend
    drawn = ET.fromstring(DUMPS["svg"].write(view))
    assert view.title in {text.text for text in drawn.iter("{http://www.w3.org/2000/svg}text")}
    if params.get("finding"):
        assert "甲骨文、星际之门" in view.title


def test_svg_and_png_are_drawn_by_graphviz(snapshot: Snapshot) -> None:
    view = build_view(snapshot, Scope.parse({"entity": "oracle"}))
    svg = ET.fromstring(DUMPS["svg"].write(view))
    groups = svg.findall(".//{http://www.w3.org/2000/svg}g")
    assert sum(g.get("class") == "node" for g in groups) == len(view.nodes)
    assert sum(g.get("class") == "edge" for g in groups) == len(view.edges)
    image = Image.open(io.BytesIO(DUMPS["png"].write(view)))
    assert image.format == "PNG" and image.width > 400 and image.height > 200
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20  # a drawing, not a blank page


def test_the_standalone_page_holds_its_script_style_and_data(whole: View) -> None:
    page = DUMPS["html"].write(whole).decode()
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) is None
    assert "<script src" not in page and '<link rel="stylesheet"' not in page
    data = re.search(r'<script type="application/json" id="viz-data">(.*?)</script>', page, re.DOTALL)
    assert data is not None
    assert len(json.loads(data.group(1))["nodes"]) == len(whole.nodes)
    assert page.count("</script>") == 2  # the data and the inlined bundle: nothing ends them early


# --- the command line and the server -------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "graph.cli.main", "dump", *args], capture_output=True, cwd=ROOT, timeout=300, check=False
    )


def test_the_cli_writes_a_scoped_dump_atomically(tmp_path: Path, snapshot: Snapshot) -> None:
    out = tmp_path / "musk.gexf"
    done = run_cli(
        "--format", "gexf", "--entity", "elon-musk", "--depth", "1", "--relations", "disputes,sues", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr.decode()
    graph = nx.read_gexf(out)
    expected = build_view(snapshot, Scope.parse({"entity": "elon-musk", "relations": "disputes,sues"}))
    assert set(graph) == {n.id for n in expected.nodes}
    assert {d["relation"] for _, _, d in graph.edges(data=True)} == {"disputes", "sues"}
    assert [p.name for p in tmp_path.iterdir()] == ["musk.gexf"]  # no temporary file left behind


def test_the_cli_refuses_a_bad_scope_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.graphml"
    done = run_cli("--format", "graphml", "--entity", "nobody", "-o", str(out))
    assert done.returncode == 2
    assert "unknown entity 'nobody'" in done.stderr.decode()
    assert not out.exists()


def test_http_lists_the_formats_and_findings(live_server: LiveServer, snapshot: Snapshot) -> None:
    listing = httpx.get(live_server.url + "/dump", timeout=60).json()
    assert [f["format"] for f in listing["formats"]] == list(DUMPS)
    assert {f["id"] for f in listing["findings"]} == {finding_id(f) for f in analytics.conflicts(snapshot)}


@pytest.mark.parametrize("format_name", list(DUMPS))
def test_http_serves_every_format_for_a_scope(live_server: LiveServer, snapshot: Snapshot, format_name: str) -> None:
    params = {"entity": "oracle", "depth": "1"}
    response = httpx.get(f"{live_server.url}/dump/{format_name}", params=params, timeout=120)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(DUMPS[format_name].media_type)
    assert 'filename="stargate-kg-oracle.' in response.headers["content-disposition"]
    view = build_view(snapshot, Scope.parse(params))
    assert response.content == DUMPS[format_name].write(view) or format_name in {"svg", "png"}
    again = httpx.get(
        f"{live_server.url}/dump/{format_name}",
        params=params,
        headers={"If-None-Match": response.headers["etag"]},
        timeout=60,
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/dump/xyz", 404, "unknown format 'xyz'; formats: graphml"),
        ("/dump/graphml?entity=nobody", 400, "unknown entity 'nobody'"),
        ("/dump/png?depth=9&entity=openai", 400, "depth must be a whole number from 1 to"),
        ("/dump/svg?relations=likes", 400, "unknown relation(s) likes"),
        ("/viz?finding=nope", 400, "unknown finding 'nope'"),
        ("/viz?colour=red", 400, "unknown parameter(s) colour"),
    ],
)
def test_http_answers_a_bad_request_with_a_clear_error(
    live_server: LiveServer, path: str, status: int, message: str
) -> None:
    response = httpx.get(live_server.url + path, timeout=60)
    assert response.status_code == status
    assert message in response.text


@pytest.mark.parametrize("name", ["svg", "png"])
def test_one_view_draws_the_same_bytes_every_time(whole: View, name: str) -> None:
    """A resumed download fetches the rest of the same file, so a drawing must not vary."""
    assert DUMPS[name].write(whole) == DUMPS[name].write(whole)
