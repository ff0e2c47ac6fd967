"""How `analyze` and `paths` print their results, as text or JSON (graph/cli/analysis.py).

Every edge printed is followed by the claims behind it: document, claim id, the verbatim quote
and the qualifiers that matter for reading it (status, role, reason, the figure with its bound or
range, who acts jointly, how sure the source is and who says so, the claim it targets). An edge
no claim asserts says what it rests on, and so does a path or finding with such a hop. A limit
bounds every listing, and a line says how many more each has.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from graph.analytics.centrality import Ranked
from graph.analytics.conflict_findings import Finding
from graph.analytics.paths import PathResult, caveat, path_line
from graph.analytics.projection import ClaimRef, Edge, Path, Projection
from graph.analytics.qualified import basis, figure, how_sure
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
    if figure(claim):
        notes.append(f"amount: {figure(claim)}")
    if claim.parties:
        notes.append(f"jointly: {', '.join(graph.label(p) for p in claim.parties)}")
    if how_sure(claim, graph.label):
        notes.append(how_sure(claim, graph.label))
    elif claim.claimant:
        notes.append(f"claimant: {graph.label(claim.claimant)}")
    if claim.target:
        notes.append(
            f"on claim {claim.target.document}/{claim.target.local_id} "
            f"({claim.target.relation}): 「{claim.target.quote}」"
        )
    return f"{claim.document} {claim.local_id}: 「{claim.quote}」" + (f" [{'; '.join(notes)}]" if notes else "")


def left_out(total: int, shown: int, what: str, indent: str = "") -> list[str]:
    """The line saying what a limit left out, if it left anything out."""
    count = total - shown
    return [f"{indent}... {count} more {what}{'' if count == 1 else 's'} (--limit 0 lists all)"] if count > 0 else []


def edge_lines(graph: Projection, edges: Sequence[Edge], indent: str, claims: int = 0) -> list[str]:
    """Each edge and the claims behind it (the first `claims` of them; 0: all)."""
    lines = []
    for edge in edges:
        weak = basis(edge, graph.label)
        lines.append(
            f"{indent}{graph.label(edge.subject)} {edge.relation} {graph.label(edge.object)}"
            + (f" (not asserted: {weak})" if weak else "")
        )
        quoted = edge.claims[:claims] if claims else edge.claims
        lines.extend(f"{indent}  - {_claim_line(graph, claim)}" for claim in quoted)
        lines.extend(left_out(len(edge.claims), len(quoted), "claim", f"{indent}  "))
    return lines


def findings_text(graph: Projection, findings: Sequence[Finding], limit: int = 0) -> str:
    """The findings (the first `limit`; 0: all), each with its paths and evidence (the first
    `limit` claims of each edge)."""
    shown = findings[:limit] if limit else findings
    lines: list[str] = []
    for number, finding in enumerate(shown, start=1):
        lines += ["", f"{number}. [{finding.rule}] {finding.title}", f"   {finding.explanation}"]
        for facet in finding.facets:
            more = f" (first {len(facet.paths)})" if facet.truncated else ""
            lines.append(f"   {facet.name}{more}:")
            lines.extend(f"     {path_line(graph, path)}" for path in facet.paths)
        edges = finding.edges()
        lines.append("   evidence:")
        lines.extend(edge_lines(graph, edges[:limit] if limit else edges, "     ", limit))
        lines.extend(left_out(len(edges), limit or len(edges), "edge", "     "))
        lines.append(f"   documents: {', '.join(finding.documents)}")
    if len(findings) > len(shown):
        lines += ["", *left_out(len(findings), len(shown), "finding")]
    return "\n".join(lines[1:]) if lines else "no findings"


def paths_text(graph: Projection, result: PathResult) -> str:
    shortest = path_line(graph, result.shortest) if result.shortest else "none"
    lines = [f"shortest: {shortest}", ""]
    for number, path in enumerate(result.paths, start=1):
        lines.append(f"{number}. ({path.length} hops) {path_line(graph, path)}")
        if caveat(graph, path):
            lines.append(f"     {caveat(graph, path)}")
        lines.extend(edge_lines(graph, list(path.edges()), "     "))
    if not result.paths:
        lines.append("no path within the length asked")
    if result.truncated:
        lines.append(f"(more paths exist: showing the first {len(result.paths)}, shortest first)")
    return "\n".join(lines)


def as_json(value: Any, graph: Projection) -> str:
    """Dataclasses (findings, paths, rankings) as JSON, keeping the quotes readable; each claim
    with its figure in words, each edge and path with what it rests on ('' or [] when asserted)."""

    def derived(item: Any) -> dict[str, Any]:
        if isinstance(item, Finding):
            return {"documents": item.documents}
        if isinstance(item, Path):
            return {"rests_on": caveat(graph, item)}
        if isinstance(item, Edge):  # its claims are read on first use, not a field
            return {"claims": plain(item.claims), "rests_on": list(item.rests_on), "joint": list(item.joint)}
        if isinstance(item, ClaimRef):
            return {"figure": figure(item)}
        return {}

    def plain(item: Any) -> Any:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):  # its shown fields (repr)
            shown = (f for f in dataclasses.fields(item) if f.repr)
            return {f.name: plain(getattr(item, f.name)) for f in shown} | derived(item)
        if isinstance(item, (list, tuple)):
            return [plain(i) for i in item]
        if isinstance(item, dict):
            return {k: plain(v) for k, v in item.items()}
        return item

    return json.dumps(plain(value), ensure_ascii=False, indent=2)
