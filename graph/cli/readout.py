"""Analytics results as plain text for the command line, or as JSON for scripts.

Every edge printed is followed by the claims behind it: document, claim id, the verbatim quote
and the qualifiers that matter for reading it (status, role, reason, the claim it targets).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from graph.analytics.centrality import Ranked
from graph.analytics.conflict_findings import Finding
from graph.analytics.paths import PathResult, path_line
from graph.analytics.projection import ClaimRef, Edge, Projection
from graph.cli.table import format_table


def ranking_table(rows: Sequence[Ranked], measure: str) -> str:
    return format_table(
        ["rank", "entity", "label", "type", measure],
        [(r.rank, r.entity, r.label, r.type, f"{r.score:.6g}") for r in rows],
    )


def _claim_line(graph: Projection, claim: ClaimRef) -> str:
    notes = [
        f"{name}: {value}"
        for name, value in (("status", claim.status), ("role", claim.role), ("reason", claim.reason))
        if value
    ]
    if claim.amount is not None and claim.currency:
        notes.append(f"amount: {claim.amount:,.0f} {claim.currency}")
    if claim.claimant:
        notes.append(f"claimant: {graph.label(claim.claimant)}")
    if claim.target:
        notes.append(
            f"on claim {claim.target.document}/{claim.target.local_id} "
            f"({claim.target.relation}): 「{claim.target.quote}」"
        )
    return f"{claim.document} {claim.local_id}: 「{claim.quote}」" + (f" [{'; '.join(notes)}]" if notes else "")


def edge_lines(graph: Projection, edges: Sequence[Edge], indent: str) -> list[str]:
    lines = []
    for edge in edges:
        lines.append(f"{indent}{graph.label(edge.subject)} {edge.relation} {graph.label(edge.object)}")
        lines.extend(f"{indent}  - {_claim_line(graph, claim)}" for claim in edge.claims)
    return lines


def findings_text(graph: Projection, findings: Sequence[Finding]) -> str:
    lines: list[str] = []
    for number, finding in enumerate(findings, start=1):
        lines += ["", f"{number}. [{finding.rule}] {finding.title}", f"   {finding.explanation}"]
        for facet in finding.facets:
            more = f" (first {len(facet.paths)})" if facet.truncated else ""
            lines.append(f"   {facet.name}{more}:")
            lines.extend(f"     {path_line(graph, path)}" for path in facet.paths)
        lines.append("   evidence:")
        lines.extend(edge_lines(graph, finding.edges(), "     "))
        lines.append(f"   documents: {', '.join(finding.documents)}")
    return "\n".join(lines[1:]) if lines else "no findings"


def paths_text(graph: Projection, result: PathResult) -> str:
    shortest = path_line(graph, result.shortest) if result.shortest else "none"
    lines = [f"shortest: {shortest}", ""]
    for number, path in enumerate(result.paths, start=1):
        lines.append(f"{number}. ({path.length} hops) {path_line(graph, path)}")
        lines.extend(edge_lines(graph, list(path.edges()), "     "))
    if not result.paths:
        lines.append("no path within the length asked")
    if result.truncated:
        lines.append(f"(more paths exist: showing the first {len(result.paths)}, shortest first)")
    return "\n".join(lines)


def as_json(value: Any) -> str:
    """Dataclasses (findings, paths, rankings) as JSON, keeping the quotes readable."""

    def plain(item: Any) -> Any:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            data = {f.name: plain(getattr(item, f.name)) for f in dataclasses.fields(item)}
            if isinstance(item, Finding):
                data["documents"] = item.documents
            return data
        if isinstance(item, (list, tuple)):
            return [plain(i) for i in item]
        if isinstance(item, dict):
            return {k: plain(v) for k, v in item.items()}
        return item

    return json.dumps(plain(value), ensure_ascii=False, indent=2)
