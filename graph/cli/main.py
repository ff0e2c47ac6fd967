"""The `stargate-kg` command line: one parser assembled from the command-group modules.

Each group (dataset, analysis, dump, serving, bench) declares its commands with their own
arguments and output; this module only adds the global options and reports seed problems.
"""

from __future__ import annotations

import argparse
import os
import sys

from graph.cli import analysis, bench, dataset, dump, serving, spreadsheet
from graph.cli.command import Command
from graph.files.atomic import OutputError
from graph.files.problems import SeedErrors

COMMANDS: dict[str, Command] = {
    command.name: command
    for group in (dataset, serving, bench, analysis, dump, spreadsheet)
    for command in group.COMMANDS
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stargate-kg",
        description="A provenance-first knowledge graph of the Stargate AI-infrastructure venture.",
    )
    parser.add_argument(
        "--seeds",
        dest="seed_dir",
        metavar="DIR",
        help="seed directory, for every command (default: the corpus packaged in graph/seeds/)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print progress to stderr even when it is not a terminal"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS.values():
        options: dict[str, object] = {"help": command.help, "description": command.help, **command.parser_options}
        command.add_arguments(sub.add_parser(command.name, **options))  # type: ignore[arg-type]
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except SeedErrors as errors:
        for problem in errors.problems:
            print(problem, file=sys.stderr)
        print(f"{len(errors.problems)} problem(s) found; nothing was written.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (`| head`, a pager) stopped reading: not our error, and no traceback. Point
        # stdout at /dev/null so the interpreter's final flush cannot fail again
        # (https://docs.python.org/3/library/signal.html#note-on-sigpipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
