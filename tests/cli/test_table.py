"""graph/cli/table.py: tables line up in a terminal whatever the script of their text, measured by
Unicode's East Asian Width, on hand-made cells and on the real `stargate-kg stats`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graph.cli.table import display_width, format_table
from tests.live import ROOT


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("SoftBank", 8),
        ("软银集团", 8),
        ("熱門新聞", 8),
        ("\N{FULLWIDTH LEFT PARENTHESIS}来源\N{FULLWIDTH COLON}", 8),  # full-width punctuation
        ("\N{CJK UNIFIED IDEOGRAPH-20BB7}", 2),  # beyond the BMP, still wide
        ("\N{HALFWIDTH KATAKANA LETTER A}", 1),  # half-width forms are narrow
        ("e\N{COMBINING ACUTE ACCENT}", 1),  # a combining mark takes no column
        ("\N{ROCKET}", 2),
        ("\N{EM DASH}\N{LEFT DOUBLE QUOTATION MARK}", 2),  # ambiguous width: one column, as most terminals
    ],
)
def test_display_width(text: str, columns: int) -> None:
    assert display_width(text) == columns


def cell_columns(line: str, cells: list[str]) -> list[int]:
    """The display column where each cell starts in a printed line."""
    starts, offset = [], 0
    for cell in cells:
        index = line.index(cell, offset)
        starts.append(display_width(line[:index]))
        offset = index + len(cell)
    return starts


def test_columns_line_up_around_wide_and_narrow_text() -> None:
    rows = [
        ["000_c91c", "53AI知识库 (来源:上堵吟)", "100"],
        ["002_3a72", "Suntek (熱門新聞)", "67"],
        ["x", "\N{CJK UNIFIED IDEOGRAPH-20BB7}\N{HALFWIDTH KATAKANA LETTER A}e\N{COMBINING ACUTE ACCENT}", "5"],
    ]
    lines = format_table(["document", "outlet", "claims"], rows).splitlines()
    header = cell_columns(lines[0], ["document", "outlet", "claims"])
    assert [cell_columns(line, row) for line, row in zip(lines[2:], rows, strict=True)] == [header] * len(rows)
    rule = lines[1].split("  ")
    assert [len(dashes) for dashes in rule] == [
        max(display_width(r[i]) for r in [["document", "outlet", "claims"], *rows]) for i in range(3)
    ]


def test_the_stats_tables_line_up() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graph.cli.main", "stats"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    tables = [block.splitlines() for block in done.stdout.strip().split("\n\n")]
    documents = next(t for t in tables if t[0].startswith("document"))
    claims_column = display_width(documents[0][: documents[0].index("claims")])
    for line in documents[2:]:
        count = line.rsplit(" ", 1)[1]
        assert display_width(line[: line.rindex(count)]) == claims_column, line
    assert any(display_width(line) != len(line) for line in documents)  # Chinese outlets are in it
