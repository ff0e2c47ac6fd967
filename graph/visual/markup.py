"""GraphML and GEXF, the XML graph formats Gephi, yEd and Cytoscape desktop open, written by networkx.

Both hold only scalar attributes, so lists (statuses, documents, claim IRIs) are joined with
view.LIST_SEPARATOR. GEXF also gets its `viz` colour and size, so Gephi shows the classes and the
centrality before any styling; GraphML leaves presentation to the reader.
"""

from __future__ import annotations

import io

import networkx as nx

from graph.visual.view import View


def as_networkx(view: View, *, gexf: bool = False) -> nx.MultiDiGraph:
    """The view as a networkx multigraph with scalar attributes; edges keyed by their view id
    (subject/relation/object), which GraphML writes as the edge's id, so each is unique."""
    graph = nx.MultiDiGraph(name=view.title)
    top = max((n.centrality for n in view.nodes), default=0.0) or 1.0
    for node in view.nodes:
        attributes: dict[str, object] = dict(node.scalars())
        if gexf:
            red, green, blue = (int(node.colour[i : i + 2], 16) for i in (1, 3, 5))
            attributes["viz"] = {
                "color": {"r": red, "g": green, "b": blue, "a": 1.0},
                "size": 5.0 + 25.0 * node.centrality / top,
            }
        graph.add_node(node.id, **attributes)
    for edge in view.edges:
        graph.add_edge(edge.source, edge.target, key=edge.id, id=edge.id, **edge.scalars())
    return graph


def graphml(view: View) -> bytes:
    output = io.BytesIO()
    nx.write_graphml(as_networkx(view), output, encoding="utf-8", named_key_ids=True)
    return output.getvalue()


def gexf(view: View) -> bytes:
    output = io.BytesIO()
    nx.write_gexf(as_networkx(view, gexf=True), output, encoding="utf-8", version="1.2draft")
    return output.getvalue()
