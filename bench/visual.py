"""Time the pictures: a view and every dump format, on the seed graph and larger generated worlds,
and (with --page) how long the self-contained page takes to lay out and draw in headless Chromium.

    uv run --frozen --group test python -m bench.visual [--factors 1 5 20] [--page]

Prints one table row per world and format; nothing is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.generate import ensure_world
from graph.cli.table import format_table
from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.store.snapshot import open_snapshot
from graph.visual.dot import MAX_DRAWN_NODES
from graph.visual.formats import DUMPS
from graph.visual.scope import Scope
from graph.visual.view import build_view

PAGE_TIMEOUT = 300.0  # seconds


def _seconds(start: float) -> str:
    return f"{time.perf_counter() - start:.3f}"


def page_ready(html: Path) -> float:
    """Seconds from navigation to the page's read-only hook: layout done, first frame drawn."""
    from tests.chromium import chromium  # the tests' Chromium set-up: headless, no network

    with chromium() as driver:
        start = time.perf_counter()
        driver.get(html.as_uri())
        while not driver.execute_script("return window.__viz !== undefined"):
            if time.perf_counter() - start > PAGE_TIMEOUT:
                raise TimeoutError(f"the page was not ready within {PAGE_TIMEOUT:g} s")
            time.sleep(0.05)
        return time.perf_counter() - start


def measure(factor: int, work: Path, page: bool) -> list[tuple[object, ...]]:
    seeds = DEFAULT_SEED_DIR if factor == 1 else ensure_world(work / f"world-{factor}", factor)
    snapshot = open_snapshot("embedded", seeds)
    start = time.perf_counter()
    view = build_view(snapshot, Scope())
    rows: list[tuple[object, ...]] = [
        (factor, len(view.nodes), len(view.edges), "view (first: analytics)", _seconds(start), "")
    ]
    for name, dump in DUMPS.items():
        if name in {"svg", "png"} and len(view.nodes) > MAX_DRAWN_NODES:
            rows.append((factor, len(view.nodes), len(view.edges), name, "refused", f"> {MAX_DRAWN_NODES} entities"))
            continue
        start = time.perf_counter()
        body = dump.write(view)
        rows.append((factor, len(view.nodes), len(view.edges), name, _seconds(start), f"{len(body) / 1024:.0f}"))
        if name == "html" and page:
            path = work / f"page-{factor}.html"
            path.write_bytes(body)
            rows.append(
                (factor, len(view.nodes), len(view.edges), "page ready in Chromium", f"{page_ready(path):.3f}", "")
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.visual", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--factors",
        type=int,
        nargs="+",
        default=[1, 5, 20],
        help="world sizes, as multiples of the seed corpus (1 is the seed graph)",
    )
    parser.add_argument("--page", action="store_true", help="also time the page in headless Chromium")
    args = parser.parse_args(argv)
    rows: list[tuple[object, ...]] = []
    with tempfile.TemporaryDirectory() as work:
        for factor in args.factors:
            rows.extend(measure(factor, Path(work), args.page))
    print(format_table(["factor", "entities", "edges", "step", "seconds", "KiB"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
