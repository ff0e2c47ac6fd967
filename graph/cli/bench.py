"""`stargate-kg bench`: the benchmark (bench/ beside the package), run in a child interpreter.

The benchmark uses all of the package, so the package never imports it (the data flows one way);
every option, --help included, passes through to `python -m bench`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from graph.cli.command import Command

CHECKOUT = Path(__file__).resolve().parents[2]


def bench(args: argparse.Namespace) -> int:
    if not (CHECKOUT / "bench" / "__main__.py").is_file():
        print("bench: the benchmark runs from a source checkout (bench/ beside graph/)", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "bench", "--prog", "stargate-kg bench", *args.bench_args]
    return subprocess.run(command, cwd=CHECKOUT, check=False).returncode


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bench_args", nargs=argparse.REMAINDER, help="the options of python -m bench")


COMMANDS = [
    Command(
        "bench",
        "run the benchmark on generated worlds (--help lists its options; needs bench/)",
        bench,
        _arguments,
        # no '-' options of its own, so that every option reaches python -m bench
        {"prefix_chars": "+", "add_help": False},
    )
]
