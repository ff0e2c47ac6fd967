"""`stargate-kg csv TABLE`: claims, entities, contradictions or conflict-of-interest findings as a
CSV file for spreadsheets (graph/analytics/tables.py), from the seeds or from a SPARQL store.

The command imports the analytics and the store when run; its choices are the plain TABLE_HELP."""

from __future__ import annotations

import argparse
import sys

from graph.analytics.table_help import TABLE_HELP
from graph.cli.command import Command, progress_of, seed_dir
from graph.files.atomic import write_output


def run(args: argparse.Namespace) -> int:
    from graph.analytics.tables import TABLES, to_csv
    from graph.store.backends import StoreError
    from graph.store.snapshot import open_snapshot

    if args.seed_dir and args.store != "embedded":
        print("csv: --seeds builds the embedded store; with --store URL there are no seeds to read", file=sys.stderr)
        return 2
    chosen = TABLES[args.table]
    progress = progress_of(args)
    try:
        snapshot = open_snapshot(args.store, seed_dir(args), progress=progress)
        progress(f"reading the {chosen.name} table")
        rows = chosen.rows(snapshot)
    except (ValueError, StoreError) as error:
        print(f"csv: {error}", file=sys.stderr)
        return 2
    body = to_csv(chosen.columns, rows)
    if write_output(args.output, lambda output: output.write(body)):
        print(f"wrote {args.output} ({len(rows)} rows of {chosen.name})", file=sys.stderr)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    tables = "; ".join(f"{name}: {help_}" for name, help_ in TABLE_HELP.items())
    parser.add_argument("table", choices=list(TABLE_HELP), metavar="TABLE", help=tables)
    parser.add_argument("--output", "-o", help="output file, written atomically (default: stdout)")
    parser.add_argument(
        "--store",
        default="embedded",
        help="'embedded' (built from the seeds) or a SPARQL endpoint URL to read instead (default: %(default)s)",
    )


COMMANDS = [
    Command("csv", "write claims, entities, contradictions or findings as CSV for spreadsheets", run, add_arguments)
]
