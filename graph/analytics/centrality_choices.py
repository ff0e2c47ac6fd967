"""What a centrality request chooses: the measure, the weight and the betweenness pivots.

Plain data, with no networkx, so the command line can offer these choices without importing the
algorithms; graph/analytics/centrality.py computes each measure. Each measure's help says how to
read it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SAMPLES = 256  # betweenness pivots: exact below this many nodes, sampled (k) above


@dataclass(frozen=True)
class Weight:
    name: str
    help: str
    strength: Callable[[dict[str, Any]], float]  # edge data -> tie strength


WEIGHTS: dict[str, Weight] = {
    w.name: w
    for w in (
        Weight("none", "unweighted: every relation counts once", lambda d: 1.0),
        Weight(
            "claims", "claims stating the relation: how many times the sources state it", lambda d: float(d["claims"])
        ),
        Weight(
            "amount",
            "1 + log10(1 + US$ millions) on money relations, 1 on others",
            lambda d: 1.0 + math.log10(1.0 + d["amount"] / 1e6),
        ),
    )
}


@dataclass(frozen=True)
class Measure:
    name: str
    help: str


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "pagerank",
            "PageRank along subject -> object edges (damping 0.85). Reads as where the claims lead: "
            "high for an entity that many others, themselves pointed at, fund, own, supply, lead or "
            "dispute (ventures and recipients rise, funders and speakers, who point away, do not)",
        ),
        Measure(
            "betweenness",
            f"share of shortest directed paths through the entity (sampled with {SAMPLES} pivots "
            "on larger graphs, fixed seed). Reads as brokerage: high for an entity between others, "
            "such as a company that investors fund and that builds the sites (0 for one that only "
            "points out or is only pointed at)",
        ),
        Measure(
            "closeness",
            "closeness by incoming shortest-path distance (Wasserman-Faust for disconnected graphs). "
            "Reads as reachability: high for an entity that many others reach in few hops along "
            "subject -> object edges, a common destination of money and control",
        ),
        Measure(
            "eigenvector",
            "eigenvector centrality of the undirected graph's largest component. Reads as standing: "
            "high for an entity tied, in either direction, to other well-tied entities (0 outside "
            "that component)",
        ),
        Measure(
            "degree",
            "relations in and out (weighted: summed strength). Reads as how much the sources say "
            "about the entity, in any role",
        ),
        Measure(
            "in_degree",
            "relations pointing at the entity. Reads as how often it is acted on: funded, owned, "
            "led, supplied, disputed",
        ),
        Measure(
            "out_degree",
            "relations the entity is the subject of. Reads as how much it does: funds, owns, leads, supplies, disputes",
        ),
    )
}
