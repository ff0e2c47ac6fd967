"""The dump formats, registered in one table (DUMPS), as graph/store/export.py registers RDF formats.

Each format is a function from a view to bytes; the CLI (`stargate-kg dump`) and the server
(/dump/{format}) both look formats up here, so they always offer the same ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.visual import dot, json_formats, markup, page
from graph.visual.view import View


@dataclass(frozen=True)
class Dump:
    name: str
    label: str
    media_type: str
    extension: str
    write: Callable[[View], bytes]


DUMPS: dict[str, Dump] = {
    d.name: d
    for d in (
        Dump(
            "graphml", "GraphML (Gephi, yEd, Cytoscape desktop)", "application/graphml+xml", "graphml", markup.graphml
        ),
        Dump("gexf", "GEXF 1.2 with colours and sizes (Gephi)", "application/gexf+xml", "gexf", markup.gexf),
        Dump(
            "cytoscape",
            "Cytoscape JSON (Cytoscape desktop, Cytoscape.js, networkx.cytoscape_graph)",
            "application/json",
            "cyjs",
            json_formats.cytoscape,
        ),
        Dump("d3", "D3 node-link JSON (nodes and links)", "application/json", "json", json_formats.node_link),
        Dump(
            "graphology",
            "graphology serialized graph JSON (what the page reads)",
            "application/json",
            "graphology.json",
            json_formats.graphology,
        ),
        Dump("dot", "Graphviz DOT", "text/vnd.graphviz", "dot", dot.dot),
        Dump("svg", "SVG drawn by Graphviz", "image/svg+xml", "svg", dot.svg),
        Dump("png", "PNG drawn by Graphviz", "image/png", "png", dot.png),
        Dump(
            "html",
            "the interactive page as one self-contained HTML file (opens from disk, no network)",
            "text/html",
            "html",
            page.standalone,
        ),
    )
}
