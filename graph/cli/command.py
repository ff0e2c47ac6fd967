"""What every subcommand is: a name, a help line, its own arguments and its run function.

Each command-group module (dataset, analysis, serving, dump, bench) declares a COMMANDS list of
these; graph/cli/main.py only assembles them into one parser, so a command's flags and its output
live in one module. Building the parser needs only light modules (the choices come from plain
tables such as graph/analytics/centrality_choices.py); commands import their libraries when run,
so that a command pays only for what it uses.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.runtime.progress import Progress

if TYPE_CHECKING:
    from graph.ingest.pipeline import Compiled


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    # parser options besides help and description (bench passes every '-' option through)
    parser_options: dict[str, object] = field(default_factory=dict)
    # add the arguments only once the command is chosen: its choices are tables of a module as
    # heavy to import as running the command, which other commands should not pay for
    arguments_when_chosen: bool = False


def seed_dir(args: argparse.Namespace) -> Path:
    """The seed directory: the global --seeds, or the packaged corpus."""
    from graph.ingest.seeds import DEFAULT_SEED_DIR

    return Path(args.seed_dir) if args.seed_dir else DEFAULT_SEED_DIR


def progress_of(args: argparse.Namespace) -> Progress:
    """Progress on stderr when it is a terminal, or whatever it is under -v."""
    return Progress(force=args.verbose)


def compile_from(args: argparse.Namespace, *, shacl: bool = True) -> Compiled:
    """The dataset of the seeds the command line names, telling its steps (see progress_of)."""
    from graph.ingest.pipeline import compile_seeds

    return compile_seeds(seed_dir(args), shacl=shacl, progress=progress_of(args))
