"""The JSON formats: Cytoscape .cyjs, D3 node-link, and graphology (what the page reads).

Each is the shape its library loads as it is: `cytoscape({elements})`, a d3-force simulation
over `nodes` and `links`, graphology's `Graph.from(data)`. The .cyjs is also what Cytoscape
desktop imports and networkx's `cytoscape_graph` reads. Lists stay lists and every edge keeps
its claims with their quotes and documents, polarity, modality, bound, range and joint parties,
and every edge and entity the contradictions its claims take part in (`contradictions`,
`contradiction_kinds`, `contradicted`). What negative claims deny is no edge: it comes in the
context, as `negated`; so do the contradictions lying inside the view, side by side.
"""

from __future__ import annotations

import json
from typing import Any

from graph.visual.view import View


def _bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def context(view: View) -> dict[str, Any]:
    """What a reader needs beside nodes and edges: title, scope, legend, documents, findings,
    contradictions, what negative claims deny between the view's entities, and the names of
    claimants and joint parties the view does not draw."""
    return {
        "title": view.title,
        "scope": {
            "entity": view.scope.entity,
            "depth": view.scope.depth,
            "finding": view.scope.finding,
            "contradiction": view.scope.contradiction,
            "relations": list(view.scope.relations),
            "measure": view.scope.measure,
            "lang": view.scope.lang,
        },
        "legend": [{"type": e.type, "label": e.label, "colour": e.colour, "count": e.count} for e in view.legend],
        "documents": {
            d.id: {"title": d.title, "outlet": d.outlet, "published": d.published} for d in view.documents.values()
        },
        "findings": [f.record() for f in view.findings],
        "contradictions": [c.record() for c in view.contradictions],
        "negated": [e.record() for e in view.negated],
        "mentioned": {id_: {"label": en, "label_zh": zh} for id_, (en, zh) in view.mentioned.items()},
    }


def cytoscape_data(view: View) -> dict[str, Any]:
    """Cytoscape's JSON: nodes carry `name` (the label Cytoscape desktop shows) and `value` (the
    node networkx makes: the id); edges carry `key`, their id, so that the directed multigraph
    networkx builds keeps two relations between the same entities apart."""
    return {
        "format_version": "1.0",
        "generated_by": "stargate-kg",
        "target_cytoscapejs_version": "~2.1",
        "data": context(view),
        "directed": True,
        "multigraph": True,
        "elements": {
            "nodes": [{"data": {**n.record(), "name": n.label, "value": n.id}} for n in view.nodes],
            "edges": [{"data": {**e.record(), "key": e.id}} for e in view.edges],
        },
    }


def node_link_data(view: View) -> dict[str, Any]:
    """networkx's node-link shape, which D3 uses: links name their ends by node id."""
    return {
        "directed": True,
        "multigraph": True,
        "graph": context(view),
        "nodes": [n.record() for n in view.nodes],
        "links": [{**e.record(), "key": e.relation} for e in view.edges],
    }


def graphology_data(view: View) -> dict[str, Any]:
    """graphology's serialization format, the context as graph attributes."""

    def without(record: dict[str, Any], *names: str) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k not in names}

    return {
        "options": {"type": "directed", "multi": True, "allowSelfLoops": True},
        "attributes": context(view),
        "nodes": [{"key": n.id, "attributes": without(n.record(), "id")} for n in view.nodes],
        "edges": [
            {
                "key": e.id,
                "source": e.source,
                "target": e.target,
                "attributes": without(e.record(), "id", "source", "target"),
            }
            for e in view.edges
        ],
    }


def cytoscape(view: View) -> bytes:
    return _bytes(cytoscape_data(view))


def node_link(view: View) -> bytes:
    return _bytes(node_link_data(view))


def graphology(view: View) -> bytes:
    return _bytes(graphology_data(view))
