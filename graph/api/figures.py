"""An entity's analytics figures (centrality, Louvain community) and the enums that name the
measures and weights.

The enums are generated from graph/analytics/centrality.py's MEASURES and WEIGHTS tables, so a measure
added there is an enum value here with no edit. Scores and communities are computed once per
graph snapshot (memoised on the analytics projection), in a worker thread (Reader.computed):
they are CPU-bound, and the event loop keeps answering meanwhile. This module imports nothing
of entities.py, which gives every entity these fields.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from graph.analytics import service as analytics
from graph.analytics.centrality import MEASURES, WEIGHTS, scores
from graph.analytics.communities import communities
from graph.api.context import Context


def _enum(name: str, description: str, values: dict[str, str]) -> Any:
    members = {key: strawberry.enum_value(key, description=text) for key, text in values.items()}
    return strawberry.enum(Enum(name, members), description=description)  # type: ignore[call-overload]


CentralityMeasure = _enum(
    "CentralityMeasure",
    "A centrality measure (graph/analytics/centrality.py); edges point from a claim's subject to its object.",
    {name: measure.help for name, measure in MEASURES.items()},
)
CentralityWeight = _enum(
    "CentralityWeight",
    "How an edge counts in a centrality: a strength, turned into a distance 1/strength for the path-based measures.",
    {name: weight.help for name, weight in WEIGHTS.items()},
)
PAGERANK = CentralityMeasure["pagerank"]
UNWEIGHTED = CentralityWeight["none"]


async def entity_score(info: Info[Context, None], entity_id: str, measure: Any, weight: Any) -> float | None:
    """The entity's score; None for an entity the analytics graph lacks (one without a label)."""
    snapshot, backend = info.context.snapshot, info.context.settings.analytics_backend
    values = await info.context.reader.computed(
        ("scores", measure.value, weight.value, backend),
        lambda: scores(analytics.projection(snapshot), measure.value, weight=weight.value, backend=backend),
    )
    return values.get(entity_id)


async def entity_community(info: Info[Context, None], entity_id: str) -> int | None:
    """The entity's Louvain community number, as the dumps store it (0 is the largest)."""
    snapshot = info.context.snapshot
    numbers = await info.context.reader.computed(
        ("communities",), lambda: communities(analytics.with_communities(snapshot))
    )
    return numbers.get(entity_id)
