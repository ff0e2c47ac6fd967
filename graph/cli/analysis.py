"""Analytics from the command line: `analyze` (centrality ranking and conflict-of-interest
findings) and `paths` (how two entities connect), as text or JSON.

Every edge printed is followed by the claims behind it: document, claim id, the verbatim quote
and the qualifiers that matter for reading it (status, role, reason, the figure with its bound or
range, who acts jointly, how sure the source is and who says so, the claim it targets). An edge
no claim asserts says what it rests on, and so does a path or finding with such a hop.
`analyze --limit N` bounds every listing it prints (ranking rows, findings, the claims quoted per
edge), and says how many more each has, so a small limit fits a screen.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from typing import Any

from graph.analytics import service as analytics
from graph.analytics.centrality import MEASURES, SAMPLES, WEIGHTS, Ranked
from graph.analytics.conflict_findings import Finding
from graph.analytics.paths import PathResult, caveat, path_line
from graph.analytics.projection import ClaimRef, Edge, Path, Projection
from graph.analytics.qualified import basis, figure, how_sure
from graph.cli.command import Command, compile_from, seed_dir
from graph.cli.table import format_table
from graph.http.settings import Settings
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import Snapshot
from graph.vocab.actors import ACTORS


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
        if isinstance(item, Edge):
            return {"rests_on": list(item.rests_on), "joint": list(item.joint)}
        if isinstance(item, ClaimRef):
            return {"figure": figure(item)}
        return {}

    def plain(item: Any) -> Any:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return {f.name: plain(getattr(item, f.name)) for f in dataclasses.fields(item)} | derived(item)
        if isinstance(item, (list, tuple)):
            return [plain(i) for i in item]
        if isinstance(item, dict):
            return {k: plain(v) for k, v in item.items()}
        return item

    return json.dumps(plain(value), ensure_ascii=False, indent=2)


def _snapshot(args: argparse.Namespace) -> Snapshot:
    store = EmbeddedStore(compile_from(args).quads)
    return Snapshot(store, store.version, f"embedded:{seed_dir(args)}")


def analyze(args: argparse.Namespace) -> int:
    snapshot = _snapshot(args)
    backend = args.backend if args.backend is not None else Settings.from_env().analytics_backend
    try:
        ranked = analytics.centrality(
            snapshot,
            args.measure,
            types=args.type,
            limit=args.limit,
            weight=args.weight,
            samples=args.samples,
            backend=backend,
            modalities=args.modality,
        )
        found = [] if args.no_findings else analytics.conflicts(snapshot, args.rule)
    except ValueError as error:  # includes RuleErrors from a broken graph/analytics/conflict_rules.yaml
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        shown = found[: args.limit] if args.limit else found
        print(
            as_json(
                {"ranking": ranked, "findings": shown, "findings_total": len(found)}, analytics.projection(snapshot)
            )
        )
        return 0
    print(ranking_table(ranked, args.measure))
    if not args.no_findings:
        print("\nconflict-of-interest findings\n")
        print(findings_text(analytics.projection(snapshot), found, args.limit))
    return 0


def _analyze_arguments(parser: argparse.ArgumentParser) -> None:
    measures = "; ".join(f"{m.name}: {m.help}" for m in MEASURES.values())
    parser.add_argument(
        "--measure", choices=list(MEASURES), default="pagerank", help=f"{measures} (default: %(default)s)"
    )
    parser.add_argument(
        "--type",
        action="append",
        default=[],
        metavar="CLASS",
        help=f"rank entities of this ontology class or a subclass (repeatable; default: {' and '.join(ACTORS)}, "
        "who acts; Entity for every class, places and events included)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=20,
        help="entities, findings and claims per evidence edge to list, 0 for all (default: %(default)s)",
    )
    weights = "; ".join(f"{w.name}: {w.help}" for w in WEIGHTS.values())
    parser.add_argument("--weight", choices=list(WEIGHTS), default="none", help=f"{weights} (default: %(default)s)")
    parser.add_argument(
        "--samples",
        type=int,
        default=SAMPLES,
        help="betweenness pivots on graphs larger than this (default: %(default)s)",
    )
    parser.add_argument(
        "--modality",
        action="append",
        default=[],
        metavar="MODALITY",
        help="count only claims of this modality in the ranking (repeatable; default: every claim, whatever its "
        "modality; '--modality asserted' leaves out allegations, hedged claims, opinions, rumours, reports and jokes)",
    )
    parser.add_argument("--backend", help="networkx backend (default: the analytics_backend setting)")
    parser.add_argument(
        "--rule", default="", help="only the findings of this rule of graph/analytics/conflict_rules.yaml"
    )
    parser.add_argument("--no-findings", action="store_true", help="the ranking only")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def paths(args: argparse.Namespace) -> int:
    snapshot = _snapshot(args)
    relations = [r for part in args.relations or [] for r in part.split(",") if r]
    try:
        result = analytics.paths(
            snapshot,
            args.source,
            args.target,
            max_length=args.max_length,
            relations=relations,
            directed=args.directed,
            limit=args.limit,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    graph = analytics.projection(snapshot)
    print(as_json(result, graph) if args.json else paths_text(graph, result))
    return 0


def _paths_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="FROM", help="entity id where paths start (e.g. elon-musk)")
    parser.add_argument("target", metavar="TO", help="entity id where paths end (e.g. softbank)")
    parser.add_argument("--max-length", "-k", type=int, default=4, help="most hops per path (default: %(default)s)")
    parser.add_argument(
        "--relations", nargs="*", metavar="RELATION", help="follow only these relations (space- or comma-separated)"
    )
    parser.add_argument("--directed", action="store_true", help="follow edges from subject to object only")
    parser.add_argument("--limit", type=int, default=20, help="most paths to list (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


COMMANDS = [
    Command(
        "analyze",
        "rank entities by centrality; list conflict-of-interest findings with evidence",
        analyze,
        _analyze_arguments,
    ),
    Command(
        "paths", "simple paths between two entities, shortest first, each edge with its claims", paths, _paths_arguments
    ),
]
