"""Commands about what the server serves: `serve` itself, and `graphql-schema` (its SDL).

Both import the server or the schema when run, so that other commands need not.
"""

from __future__ import annotations

import argparse
import sys

from graph.cli.command import Command
from graph.files.atomic import write_output
from graph.http.settings import add_setting_flags


def serve(args: argparse.Namespace) -> int:
    """Serve with the settings of the flags; the global --seeds counts as `serve --seeds`."""
    from graph.server.serve import run_from_args

    if args.seed_dir:
        if args.seeds and args.seeds != args.seed_dir:
            print(f"serve: two seed directories given ({args.seed_dir} and {args.seeds}); give one", file=sys.stderr)
            return 2
        args.seeds = args.seed_dir
    return run_from_args(args)


def graphql_schema(args: argparse.Namespace) -> int:
    from graph.api.schema import sdl

    text = sdl().encode()
    if write_output(args.output, lambda output: output.write(text)):
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", help="write the SDL to this file, atomically (default: stdout)")


COMMANDS = [
    Command("serve", "serve GraphQL, SPARQL and exports over HTTP (same flags as server.py)", serve, add_setting_flags),
    Command(
        "graphql-schema",
        "print the GraphQL schema as SDL (-o graph/api/schema.graphql updates it)",
        graphql_schema,
        _schema_arguments,
    ),
]
