"""`stargate-kg dump`: a picture of the graph in any format of DUMPS, written atomically.

The flags are the scope parameters of scope.PARAMETERS, so the command and the HTTP routes take
the same options and reject the same mistakes. Those tables live with the drawing code, which
imports networkx, so the command imports them, and its arguments are added, only when it is chosen.
"""

from __future__ import annotations

import argparse
import sys

from graph.cli.command import Command, progress_of, seed_dir
from graph.files.atomic import write_output
from graph.http.settings import Settings

HELP = "write the entity graph as GraphML, GEXF, Cytoscape.js/D3/graphology JSON, DOT, SVG, PNG or one HTML page"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from graph.visual.formats import DUMPS
    from graph.visual.scope import PARAMETERS

    parser.add_argument(
        "--format",
        "-f",
        choices=list(DUMPS),
        default="graphml",
        help="output format (default: %(default)s); " + "; ".join(f"{d.name}: {d.label}" for d in DUMPS.values()),
    )
    parser.add_argument("--output", "-o", help="output file, written atomically (default: stdout)")
    for name, help_ in PARAMETERS.items():
        parser.add_argument(f"--{name}", help=help_)


def run(args: argparse.Namespace) -> int:
    from graph.store.snapshot import open_snapshot
    from graph.visual.dot import RenderError
    from graph.visual.formats import DUMPS
    from graph.visual.scope import PARAMETERS, Scope
    from graph.visual.view import build_view

    try:
        scope = Scope.parse({name: getattr(args, name) for name in PARAMETERS if getattr(args, name) is not None})
    except ValueError as error:
        print(f"dump: {error}", file=sys.stderr)
        return 2
    progress = progress_of(args)
    snapshot = open_snapshot("embedded", seed_dir(args), progress=progress)
    chosen = DUMPS[args.format]
    try:
        progress("projecting the entity graph and ranking its nodes")
        view = build_view(snapshot, scope, backend=Settings.from_env().analytics_backend)
        progress(f"writing {len(view.nodes)} entities and {len(view.edges)} edges as {chosen.label}")
        body = chosen.write(view)
    except (ValueError, RenderError) as error:
        print(f"dump: {error}", file=sys.stderr)
        return 2
    if write_output(args.output, lambda output: output.write(body)):
        print(f"wrote {args.output} ({chosen.label})", file=sys.stderr)
    return 0


COMMANDS = [Command("dump", HELP, run, add_arguments, arguments_when_chosen=True)]
