"""The `stargate-kg` command line: one parser assembled from the command-group modules.

Each group (dataset, analysis, dump, serving, bench) declares its commands with their own
arguments and output; this module only adds the global options and reports seed problems. A
command marked arguments_when_chosen gets its arguments only when it runs or shows its help.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

from graph.cli import analysis, bench, contradictions, dataset, draft, dump, serving, spreadsheet
from graph.cli.command import Command
from graph.files.atomic import OutputError
from graph.files.problems import SeedErrors

COMMANDS: dict[str, Command] = {
    command.name: command
    for group in (dataset, draft, serving, bench, analysis, contradictions, dump, spreadsheet)
    for command in group.COMMANDS
}


class _CommandParser(argparse.ArgumentParser):
    """A command's parser, which adds arguments left `pending` when it first parses or shows help."""

    pending: Callable[[argparse.ArgumentParser], None] | None = None

    def _add_pending(self) -> None:
        if self.pending is not None:
            add, self.pending = self.pending, None
            add(self)

    def parse_known_args(self, args: Iterable[str] | None = None, namespace: Any = None) -> tuple[Any, list[str]]:
        self._add_pending()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self._add_pending()
        return super().format_help()


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
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_CommandParser)
    for command in COMMANDS.values():
        options: dict[str, object] = {"help": command.help, "description": command.help, **command.parser_options}
        child = sub.add_parser(command.name, **options)  # type: ignore[arg-type]
        if command.arguments_when_chosen:
            child.pending = command.add_arguments
        else:
            command.add_arguments(child)
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
