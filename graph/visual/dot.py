"""Graphviz: the view as DOT text, and SVG or PNG drawn from it by the `dot` program (Debian graphviz).

Nodes are filled boxes in their class colour, the text larger the more central the entity; edges
are labelled with their relation, dashed and marked with how the claims put it when no claim
asserts them ("disputes (alleged)"). Where sources disagree, an edge whose claims take part in a
contradiction no curator dismissed is red and its label ends in ≠, and an entity whose claims
about a value (no edge) do is outlined in red; the title says so, as a legend. Every view
attribute is also written as a DOT attribute (`type`, `label_zh`, `centrality`, `community`,
`relation`, `amount`, `modality`, `bound`, `figures`, `joint`, `documents`, `contradictions`,
`contradiction_kinds`...), which Graphviz keeps and ignores, so the DOT file is data as well as a
drawing.

Small views use the layered `dot` layout, which reads best; larger ones `sfdp` with overlap
removal, since a layered drawing of a hundred entities is a wide smear, and past a few hundred
entities edges are straight lines, as routing them around nodes takes minutes. Drawing runs in a
subprocess with a time limit; a view too big to draw legibly is refused with a clear error.
"""

from __future__ import annotations

import shutil
import subprocess

from graph.visual.contradictions import MARK
from graph.visual.view import NodeView, View

LAYERED_MAX_NODES = 30  # up to this many entities, a layered drawing; above, force-directed
ROUTED_MAX_NODES = 150  # edges routed around nodes up to here; above, straight (routing grows fast:
# 455 entities took 49 s routed, 0.6 s straight)
MAX_DRAWN_NODES = 2000  # beyond this an SVG or PNG is unreadable and slow: ask for a scope
RENDER_TIMEOUT = 120.0  # seconds Graphviz may take to draw
FONT = "DejaVu Sans"  # in Debian's fonts-dejavu-core, which graphviz depends on
CONTRADICTED = "#d62728"  # the colour of what a contradiction's claims make
LEGEND = f"red, {MARK}: claims in a contradiction (the sources disagree)"


class RenderError(RuntimeError):
    """Graphviz is missing, failed or took too long."""


def quote(text: object) -> str:
    """A DOT double-quoted string (DOT escapes only the quote; a backslash starts an escString)."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _attributes(values: dict[str, object]) -> str:
    return ", ".join(f"{name}={quote(value)}" for name, value in values.items())


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on the fill (relative luminance)."""
    red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5 else "#ffffff"


def _label(node: NodeView, lang: str) -> str:
    return node.label_zh if lang == "zh" and node.label_zh else node.label


def dot(view: View) -> bytes:
    lang = view.scope.lang
    top = max((n.centrality for n in view.nodes), default=0.0) or 1.0
    layered = len(view.nodes) <= LAYERED_MAX_NODES
    marked = any(n.contradictions.standing for n in view.nodes) or any(e.contradictions.standing for e in view.edges)
    graph = {
        "label": f"{view.title}\n{LEGEND}" if marked else view.title,
        "labelloc": "t",
        "fontname": FONT,
        "fontsize": 16,
        "layout": "dot" if layered else "sfdp",
        "overlap": "prism",
        "overlap_scaling": 2,
        "splines": "true" if len(view.nodes) <= ROUTED_MAX_NODES else "line",
        "outputorder": "edgesfirst",
        "bgcolor": "white",
        "pad": 0.3,
    }
    if layered:
        graph.update(rankdir="LR", nodesep=0.3, ranksep=0.8)
    else:
        # A fixed seed: sfdp otherwise places some labels differently from run to run, and one
        # view must draw the same bytes (a resumed download fetches the rest of the same file).
        graph.update(K=1.2, repulsiveforce=2.0, start=1)
    defaults: dict[str, dict[str, object]] = {
        "node": {"shape": "box", "style": "rounded,filled", "fontname": FONT},
        "edge": {"fontname": FONT, "fontsize": 9, "color": "#8c8c8c", "fontcolor": "#555555", "arrowsize": 0.6},
    }
    lines = [
        f"digraph {quote('stargate-kg')} {{",
        f"  graph [{_attributes(graph)}];",
        *(f"  {kind} [{_attributes(values)}];" for kind, values in defaults.items()),
    ]
    for node in view.nodes:
        drawn = {
            "label": _label(node, lang),
            "label_en": node.label,
            "fillcolor": node.colour,
            "fontcolor": _text_colour(node.colour),
            "fontsize": round(10 + 14 * node.centrality / top, 1),
            "tooltip": f"{node.label} ({node.type_label})",
        }
        if node.contradictions.standing:
            drawn.update(color=CONTRADICTED, penwidth=3)
        lines.append(f"  {quote(node.id)} [{_attributes({**node.scalars(), **drawn})}];")
    for edge in view.edges:
        label = edge.label_zh if lang == "zh" and edge.label_zh else edge.label
        if edge.rests_on:
            label = f"{label} ({', '.join(edge.qualifiers()['modality'])})"
        line: dict[str, object] = {"label": label, "id": edge.id, "penwidth": min(1 + 0.5 * (len(edge.claims) - 1), 4)}
        if edge.rests_on:
            line["style"] = "dashed"
        if edge.contradictions.standing:
            line.update(label=f"{label} {MARK}", color=CONTRADICTED, fontcolor=CONTRADICTED)
        lines.append(f"  {quote(edge.source)} -> {quote(edge.target)} [{_attributes({**edge.scalars(), **line})}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode()


def render(view: View, output_format: str) -> bytes:
    """The view drawn by Graphviz as `svg` or `png`."""
    if len(view.nodes) > MAX_DRAWN_NODES:
        raise ValueError(
            f"{len(view.nodes)} entities are too many to draw legibly (at most {MAX_DRAWN_NODES}); "
            "choose an entity's neighbourhood, a finding or some relations"
        )
    program = shutil.which("dot")
    if program is None:
        raise RenderError("Graphviz's dot program is not installed (Debian package graphviz)")
    try:
        done = subprocess.run(
            [program, f"-T{output_format}"], input=dot(view), capture_output=True, timeout=RENDER_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz took longer than {RENDER_TIMEOUT:g} s to draw the graph") from None
    if done.returncode != 0:
        raise RenderError(f"Graphviz failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def svg(view: View) -> bytes:
    return render(view, "svg")


def png(view: View) -> bytes:
    return render(view, "png")
