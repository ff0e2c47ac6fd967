"""graph/cli: building the parser imports no heavy library, so a command pays only for what it runs.

Some seventy tests start `stargate-kg` in a child interpreter; each paid seconds of imports when
the parser needed networkx, strawberry and the server. This guards the behaviour, not a timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graph.analytics.table_help import TABLE_HELP
from graph.analytics.tables import TABLES
from graph.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("networkx", "strawberry", "starlette", "uvicorn", "pyshacl")
PROBE = f"""
import sys
import graph.cli.main
graph.cli.main.build_parser()
print(sorted(m for m in {HEAVY!r} if m in sys.modules))
"""


def test_building_the_parser_imports_no_heavy_library() -> None:
    """In a fresh interpreter: this process has long imported them all."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_commands_whose_arguments_wait_until_chosen_parse_them() -> None:
    args = build_parser().parse_args(["dump", "-f", "svg", "--entity", "oracle"])
    assert (args.format, args.entity) == ("svg", "oracle")
    args = build_parser().parse_args(["push", "--endpoint", "http://127.0.0.1:7878/update", "--protocol", "update"])
    assert args.protocol == "update"


def test_csv_offers_exactly_the_tables_there_are() -> None:
    assert list(TABLE_HELP) == list(TABLES)
