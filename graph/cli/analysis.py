"""Analytics from the command line: `analyze` (centrality ranking and conflict-of-interest
findings) and `paths` (how two entities connect), printed as text or JSON, every edge with the
claims behind it (graph/cli/analysis_output.py). `analyze --limit N` bounds every listing it prints
(ranking rows, findings, the claims quoted per edge), and says how many more each has, so a small
limit fits a screen.

The commands import the analytics when run; their choices come from the plain tables of
graph/analytics/centrality_choices.py.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from graph.analytics.centrality_choices import MEASURES, SAMPLES, WEIGHTS
from graph.cli.command import Command, compile_from, seed_dir
from graph.http.settings import Settings
from graph.vocab.actors import ACTORS

if TYPE_CHECKING:
    from graph.store.snapshot import Snapshot


def _snapshot(args: argparse.Namespace) -> Snapshot:
    from graph.store.backends import EmbeddedStore
    from graph.store.snapshot import Snapshot

    store = EmbeddedStore.of(compile_from(args))
    return Snapshot(store, store.version, f"embedded:{seed_dir(args)}")


def analyze(args: argparse.Namespace) -> int:
    from graph.analytics import service as analytics
    from graph.cli.analysis_output import as_json, findings_text, ranking_table

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
    from graph.analytics import service as analytics
    from graph.cli.analysis_output import as_json, paths_text

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
