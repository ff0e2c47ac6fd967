"""What every subcommand is: a name, a help line, its own arguments and its run function.

Each command-group module (dataset, analysis, serving, dump, bench) declares a COMMANDS list of
these; graph/cli/main.py only assembles them into one parser, so a command's flags and its output
live in one module.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.ingest.pipeline import Compiled, compile_seeds
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.runtime.progress import Progress


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    # parser options besides help and description (bench passes every '-' option through)
    parser_options: dict[str, object] = field(default_factory=dict)


def seed_dir(args: argparse.Namespace) -> Path:
    """The seed directory: the global --seeds, or the packaged corpus."""
    return Path(args.seed_dir) if args.seed_dir else DEFAULT_SEED_DIR


def progress_of(args: argparse.Namespace) -> Progress:
    """Progress on stderr when it is a terminal, or whatever it is under -v."""
    return Progress(force=args.verbose)


def compile_from(args: argparse.Namespace, *, shacl: bool = True) -> Compiled:
    """The dataset of the seeds the command line names, telling its steps (see progress_of)."""
    return compile_seeds(seed_dir(args), shacl=shacl, progress=progress_of(args))
