"""The analytics API: what GraphQL, the CLI and the visualisation call.

Each function takes a Snapshot and answers from its projection, which is built once per
snapshot (on first use, then shared by every request until a reload swaps the snapshot).
Centralities, communities, findings and indexes are memoised on the projection, so a repeated
question costs a dictionary lookup.

Bad arguments (unknown measure, entity, relation, type or rule) raise ValueError with a message
meant for the client.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.analytics.centrality import Ranked, ranking, scores
from graph.analytics.centrality_choices import MEASURES, SAMPLES
from graph.analytics.communities import annotate, communities
from graph.analytics.conflict_findings import Finding, scan
from graph.analytics.conflict_rules import RULES_PATH, Rule, load_rules
from graph.analytics.paths import LIMIT, PathResult, find_paths
from graph.analytics.projection import Projection, build_projection
from graph.store.snapshot import Snapshot
from graph.vocab.actors import ACTORS


def projection(snapshot: Snapshot) -> Projection:
    """The snapshot's projection, built once."""
    return snapshot.memo("analytics.projection", lambda: build_projection(snapshot.store))


def with_communities(snapshot: Snapshot) -> Projection:
    """The same projection with each entity's Louvain community stored as the node attribute
    `community`, for the visualisation dumps. Separate because only they need it and Louvain
    takes about 20 s on 100k entities (bench/analytics.py)."""
    graph = projection(snapshot)
    return snapshot.memo("analytics.communities", lambda: annotate(graph))


def centrality(
    snapshot: Snapshot,
    measure: str = "pagerank",
    *,
    types: Sequence[str] = ACTORS,
    limit: int = 20,
    weight: str = "none",
    samples: int = SAMPLES,
    backend: str = "",
    modalities: Sequence[str] = (),
) -> list[Ranked]:
    """Entities ranked by a measure of MEASURES, of some classes: organisations and people unless
    asked otherwise (Entity: every class). Every claim counts unless `modalities` names those
    that do: ("asserted",) leaves out allegations, hedged claims, opinions, rumours and jokes."""
    return ranking(
        projection(snapshot),
        measure,
        types=types,
        limit=limit,
        weight=weight,
        samples=samples,
        backend=backend,
        modalities=modalities,
    )


def rules(graph: Projection) -> list[Rule]:
    return graph.memo("conflicts.rules", lambda: load_rules(RULES_PATH, graph.vocabulary))


def conflicts(snapshot: Snapshot, rule: str = "") -> list[Finding]:
    """The conflict-of-interest findings of graph/analytics/conflict_rules.yaml (or of one rule)."""
    graph = projection(snapshot)
    known = rules(graph)
    if rule and rule not in {r.name for r in known}:
        raise ValueError(f"unknown conflict rule {rule!r}; rules: {', '.join(r.name for r in known)}")
    found = graph.memo("conflicts.findings", lambda: scan(graph, known))
    return [f for f in found if not rule or f.rule == rule]


def paths(
    snapshot: Snapshot,
    source: str,
    target: str,
    *,
    max_length: int = 4,
    relations: Sequence[str] | None = None,
    directed: bool = False,
    limit: int = LIMIT,
) -> PathResult:
    """Simple paths between two entities up to `max_length` hops, shortest first, and the
    shortest path; every step with its edges, claims and documents."""
    return find_paths(
        projection(snapshot), source, target, max_length=max_length, relations=relations, directed=directed, limit=limit
    )


def node_attributes(
    graph: Projection, *, measures: Sequence[str] = tuple(MEASURES), backend: str = ""
) -> dict[str, dict[str, Any]]:
    """Per-entity attributes for visualisation dumps: type, label, community and each centrality."""
    values = {measure: scores(graph, measure, backend=backend) for measure in measures}
    numbers = communities(graph, backend=backend)
    return {
        node: {
            "type": data.get("type", "Entity"),
            "label": data.get("label", node),
            "community": numbers[node],
            **{m: values[m][node] for m in measures},
        }
        for node, data in graph.graph.nodes(data=True)
    }
