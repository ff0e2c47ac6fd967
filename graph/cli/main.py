"""The `stargate-kg` command line. Each subcommand is one small function in COMMANDS."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from graph.analytics import service as analytics
from graph.analytics.centrality import MEASURES, SAMPLES, WEIGHTS
from graph.api.schema import sdl
from graph.cli import dump as dump_command
from graph.cli import readout
from graph.cli.table import format_table, term_text
from graph.files.problems import SeedErrors
from graph.http.settings import Settings
from graph.ingest.pipeline import Compiled, compile_seeds, stderr_progress
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.server.serve import add_setting_flags, run_from_args
from graph.store.backends import EmbeddedStore, StoreError
from graph.store.export import EXPORTS, export_file, serialize_to, write_atomically
from graph.store.push import PROTOCOLS, PushError, push
from graph.store.snapshot import Snapshot


def _compile(args: argparse.Namespace) -> Compiled:
    progress = stderr_progress if args.verbose else (lambda message: None)
    return compile_seeds(Path(args.seeds), shacl=not getattr(args, "no_shacl", False), progress=progress)


def cmd_validate(args: argparse.Namespace) -> int:
    compiled = _compile(args)
    corpus = compiled.corpus
    print(
        f"OK: {len(corpus.documents)} documents, {len(corpus.entities)} entities, "
        f"{len(corpus.claims)} claims, {len(compiled.quads)} quads, "
        f"{len(compiled.contradictions)} contradictions; SHACL conforms"
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    compiled = _compile(args)
    corpus = compiled.corpus
    store = EmbeddedStore(compiled.quads)
    by_type = Counter(e.type for e in corpus.entities.values())
    by_doc = Counter(c.document for c in corpus.claims)
    by_relation = Counter(c.relation for c in corpus.claims)
    triples = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    print(format_table(["entity type", "entities"], sorted(by_type.items())))
    print()
    print(
        format_table(
            ["document", "outlet", "claims"], [(d.id, d.outlet, by_doc[d.id]) for d in corpus.documents.values()]
        )
    )
    print()
    print(format_table(["relation", "claims"], by_relation.most_common()))
    print()
    print(
        format_table(
            ["total", "count"],
            [
                ("entities", len(corpus.entities)),
                ("claims", len(corpus.claims)),
                ("quads", len(compiled.quads)),
                ("distinct triples", int(triples[0]["n"].value)),
                ("contradictions", len(compiled.contradictions)),
            ],
        )
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    compiled = _compile(args)
    export = EXPORTS[args.format]
    if args.output in (None, "-"):
        serialize_to(compiled.quads, export, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        export_file(compiled.quads, export, Path(args.output))
        print(f"wrote {args.output} ({export.label})", file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.sparql
    if not text:
        raise SystemExit("query: give a SPARQL query as an argument or with --file")
    store = EmbeddedStore(_compile(args).quads)
    try:
        result = store.raw_query(text)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        print("true" if result else "false")
    elif isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [[term_text(s[n]) for n in names] for s in result]
        print(format_table(names, rows))
        print(f"({len(rows)} rows)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(ox.serialize(result, format=ox.RdfFormat.TURTLE) or b"")
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    compiled = _compile(args)
    try:
        report = push(compiled.quads, args.endpoint, protocol=args.protocol, timeout=args.timeout)
    except PushError as error:
        print(f"push failed: {error}", file=sys.stderr)
        return 1
    print(
        f"pushed {report.quads} quads in {report.graphs} graphs to {args.endpoint} "
        f"({args.protocol}, {report.requests} requests)"
    )
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run bench/ in a child interpreter: the benchmark sits beside the package and uses all of
    it, so the package never imports it (the data flows one way)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "bench" / "__main__.py").is_file():
        print("bench: the benchmark runs from a source checkout (bench/ beside graph/)", file=sys.stderr)
        return 2
    return subprocess.run(
        [sys.executable, "-m", "bench", "--prog", "stargate-kg bench", *args.bench_args], cwd=root, check=False
    ).returncode


def cmd_graphql_schema(args: argparse.Namespace) -> int:
    text = sdl().encode()
    if args.output in (None, "-"):
        sys.stdout.buffer.write(text)
    else:
        write_atomically(Path(args.output), lambda output: output.write(text))
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _analytics_snapshot(args: argparse.Namespace) -> Snapshot:
    store = EmbeddedStore(_compile(args).quads)
    return Snapshot(store, store.version, f"embedded:{args.seeds}")


def cmd_analyze(args: argparse.Namespace) -> int:
    snapshot = _analytics_snapshot(args)
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
        )
        found = [] if args.no_findings else analytics.conflicts(snapshot, args.rule)
    except ValueError as error:  # includes RuleErrors from a broken graph/analytics/conflict_rules.yaml
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(readout.as_json({"ranking": ranked, "findings": found}))
        return 0
    print(readout.ranking_table(ranked, args.measure))
    if not args.no_findings:
        print("\nconflict-of-interest findings\n")
        print(readout.findings_text(analytics.projection(snapshot), found))
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    snapshot = _analytics_snapshot(args)
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
    print(readout.as_json(result) if args.json else readout.paths_text(analytics.projection(snapshot), result))
    return 0


Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, str]] = {
    "validate": (cmd_validate, "check the seeds: parse, references, quotes, SHACL; print a summary"),
    "stats": (cmd_stats, "entities by type, claims per document and per relation"),
    "export": (cmd_export, "write the dataset as Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML"),
    "query": (cmd_query, "run a SPARQL query over the dataset and print a table"),
    "graphql-schema": (cmd_graphql_schema, "print the GraphQL schema as SDL (-o graph/api/schema.graphql updates it)"),
    "push": (cmd_push, "load the dataset into a SPARQL server (Graph Store Protocol or SPARQL Update)"),
    "serve": (run_from_args, "serve GraphQL, SPARQL and exports over HTTP (same flags as server.py)"),
    "bench": (cmd_bench, "run the benchmark on generated worlds (--help lists its options; needs bench/)"),
    "analyze": (cmd_analyze, "rank entities by centrality; list conflict-of-interest findings with evidence"),
    "paths": (cmd_paths, "simple paths between two entities, shortest first, each edge with its claims"),
    "dump": (dump_command.run, dump_command.HELP),
}
# bench passes every option through to python -m bench, --help included: no '-' options of its own
PARSER_OPTIONS: dict[str, dict[str, object]] = {"bench": {"prefix_chars": "+", "add_help": False}}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stargate-kg",
        description="A provenance-first knowledge graph of the Stargate AI-infrastructure venture.",
    )
    parser.add_argument("--seeds", default=str(DEFAULT_SEED_DIR), help="seed directory (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parsers = {
        name: sub.add_parser(name, help=help_, description=help_, **PARSER_OPTIONS.get(name, {}))
        for name, (_, help_) in COMMANDS.items()
    }
    parsers["bench"].add_argument("bench_args", nargs=argparse.REMAINDER, help="the options of python -m bench")
    parsers["validate"].add_argument("--no-shacl", action="store_true", help="skip the SHACL shapes")
    p = parsers["export"]
    p.add_argument(
        "--format",
        "-f",
        choices=list(EXPORTS),
        default="trig",
        help="output format (default: %(default)s); " + "; ".join(f"{e.name}: {e.label}" for e in EXPORTS.values()),
    )
    p.add_argument("--output", "-o", help="output file, written atomically (default: stdout)")
    p = parsers["query"]
    p.add_argument("sparql", nargs="?", help="the SPARQL query text")
    p.add_argument("--file", help="read the query from this file")
    parsers["graphql-schema"].add_argument(
        "--output", "-o", help="write the SDL to this file, atomically (default: stdout)"
    )
    p = parsers["push"]
    p.add_argument("--endpoint", required=True, help="the server's Graph Store URL (gsp) or update URL (update)")
    p.add_argument(
        "--protocol",
        choices=list(PROTOCOLS),
        default="gsp",
        help="; ".join(f"{name}: {help_}" for name, (help_, _) in PROTOCOLS.items()) + " (default: gsp)",
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per HTTP request (default: %(default)s)")
    add_setting_flags(parsers["serve"])  # serve --seeds DIR, not stargate-kg --seeds DIR serve
    dump_command.add_arguments(parsers["dump"])
    p = parsers["analyze"]
    p.add_argument(
        "--measure",
        choices=list(MEASURES),
        default="pagerank",
        help="; ".join(f"{m.name}: {m.help}" for m in MEASURES.values()) + " (default: %(default)s)",
    )
    p.add_argument(
        "--type",
        action="append",
        default=[],
        metavar="CLASS",
        help="only entities of this ontology class or a subclass (repeatable)",
    )
    p.add_argument("--limit", type=int, default=20, help="entities to list, 0 for all (default: %(default)s)")
    p.add_argument(
        "--weight",
        choices=list(WEIGHTS),
        default="none",
        help="; ".join(f"{w.name}: {w.help}" for w in WEIGHTS.values()) + " (default: %(default)s)",
    )
    p.add_argument(
        "--samples",
        type=int,
        default=SAMPLES,
        help="betweenness pivots on graphs larger than this (default: %(default)s)",
    )
    p.add_argument("--backend", help="networkx backend (default: the analytics_backend setting)")
    p.add_argument("--rule", default="", help="only the findings of this rule of graph/analytics/conflict_rules.yaml")
    p.add_argument("--no-findings", action="store_true", help="the ranking only")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p = parsers["paths"]
    p.add_argument("source", metavar="FROM", help="entity id where paths start (e.g. elon-musk)")
    p.add_argument("target", metavar="TO", help="entity id where paths end (e.g. softbank)")
    p.add_argument("--max-length", "-k", type=int, default=4, help="most hops per path (default: %(default)s)")
    p.add_argument(
        "--relations", nargs="*", metavar="RELATION", help="follow only these relations (space- or comma-separated)"
    )
    p.add_argument("--directed", action="store_true", help="follow edges from subject to object only")
    p.add_argument("--limit", type=int, default=20, help="most paths to list (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command][0](args)
    except SeedErrors as errors:
        for problem in errors.problems:
            print(problem, file=sys.stderr)
        print(f"{len(errors.problems)} problem(s) found; nothing was written.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
