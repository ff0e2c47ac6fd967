"""The benchmark: build, serving, query, export and analytics figures and their targets, at each size asked.

    uv run python -m bench                           # 1x, 10x, 100x the seed graph
    uv run python -m bench --sizes 1,10,100,200,1000 --readme
    uv run stargate-kg bench --sizes 1               # the same command through the CLI
    uv run python -m bench soak [--duration 300]     # the load soak instead (bench/soak.py)
    uv run python -m bench ingest                    # drafting from articles, leave one out (bench/ingest.py)

For each size it generates the world once (bench/generate.py, kept under --worlds), then runs
each measurement in its own process: build + validate with peak memory (bench/probe.py), the
fixed SPARQL set on the store and every export format (bench/probe.py), the served graph under
GraphQL and SPARQL load (bench/serving.py), and the analytics (bench/analytics.py). It prints a
table, writes JSON with the machine's description, fits each figure's growth exponent, and with
--readme rewrites the results section of README.md and the plot, which nobody edits by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import ingest, soak
from bench.generate import ensure_world, read_manifest
from bench.machine import load_average, machine_info
from bench.report import (
    failures,
    fits,
    plot,
    readme_section,
    results_table,
    target_rows,
    update_readme,
)
from graph.cli.table import format_table
from graph.files.atomic import write_atomically
from graph.runtime.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("queries", "serving", "analytics")  # build always runs: the others need its figures
PLOT_PATH = ROOT / "docs" / "bench.png"


def _child(module: str, *args: str, timeout: float) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and read the JSON it prints."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{module} {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measure_size(
    world: Path, factor: int, steps: tuple[str, ...], budget: float, timeout: float, progress: Progress
) -> dict[str, Any]:
    started = time.perf_counter()
    size: dict[str, Any] = {"factor": factor, "world": str(world), "generated": read_manifest(world)}
    progress(f"[bench] {factor}x: build and validate")
    size["build"] = _child("bench.probe", "build", str(world), timeout=timeout)
    size["quads"] = size["build"]["quads"]
    if size["build"]["claims"] != size["generated"]["claims"]:
        raise SystemExit(f"{world}: built {size['build']['claims']} claims, generated {size['generated']['claims']}")
    if "queries" in steps:
        progress(f"[bench] {factor}x: queries and exports")
        size["queries"] = _child("bench.probe", "queries", str(world), str(budget), timeout=timeout)
    if "serving" in steps:
        progress(f"[bench] {factor}x: GraphQL and SPARQL under load")
        size["serving"] = _child("bench.serving", str(world), str(budget), timeout=timeout)
    if "analytics" in steps:
        progress(f"[bench] {factor}x: analytics")
        size["analytics"] = _child("bench.analytics_probe", str(world), timeout=timeout)
    size["seconds"] = time.perf_counter() - started
    return size


def run(args: argparse.Namespace, steps: tuple[str, ...]) -> dict[str, Any]:
    """Every size in turn; a size whose measurement overruns --timeout is reported as skipped."""
    results: dict[str, Any] = {
        "machine": machine_info(),
        "load_average_start": load_average(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sizes": [],
        "skipped": [],
    }
    progress = Progress()  # on a terminal only
    for factor in args.sizes:
        world = args.worlds / f"x{factor}"
        progress(f"[bench] {factor}x: generating {world} (if needed)")
        ensure_world(world, factor, progress)
        try:
            results["sizes"].append(measure_size(world, factor, steps, args.budget, args.timeout, progress))
        except subprocess.TimeoutExpired as error:
            results["skipped"].append(f"{factor}x ({error.cmd[2]} over {args.timeout:.0f} s)")
    results["load_average_end"] = load_average()
    results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["exponents"] = fits(results["sizes"])
    return results


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"sizes are positive multiples of the seed graph, got {text!r}")
    return sizes


def build_parser(prog: str = "python -m bench") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=__doc__.splitlines()[0],
        epilog="Sizes are multiples of the seed graph (about 24,000 quads each: 48 is about a million).",
    )
    parser.add_argument("--sizes", type=_sizes, default=[1, 10, 100], help="comma-separated (default: 1,10,100)")
    parser.add_argument(
        "--steps", default=",".join(STEPS), help=f"which measurements besides build (default: {','.join(STEPS)})"
    )
    parser.add_argument(
        "--worlds",
        type=Path,
        default=ROOT / "bench-results" / "worlds",
        help="where generated worlds are kept between runs (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench-results" / "bench.json",
        help="the JSON results file (default: %(default)s)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=2.0,
        help="seconds spent repeating each timed query or load (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=3600.0,
        help="seconds one measurement of one size may take (default: %(default)s)",
    )
    parser.add_argument(
        "--readme", action="store_true", help="rewrite the results section of README.md and docs/bench.png"
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="FILE",
        help="measure nothing: report (and with --readme, publish) the results of an earlier run",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    prog = "python -m bench"
    if argv[:1] == ["--prog"]:  # run as `stargate-kg bench`
        prog, argv = argv[1], argv[2:]
    if argv[:1] == ["soak"]:  # the load soak: a command of its own (bench/soak.py)
        return soak.main(argv[1:], prog=f"{prog} soak")
    if argv[:1] == ["ingest"]:  # drafting, leave one document out: a command of its own (bench/ingest.py)
        return ingest.main(argv[1:], prog=f"{prog} ingest")
    args = build_parser(prog).parse_args(argv)
    steps = tuple(s.strip() for s in args.steps.split(",") if s.strip())
    unknown = set(steps) - set(STEPS)
    if unknown:
        raise SystemExit(f"unknown steps {sorted(unknown)}; known: {', '.join(STEPS)}")
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        results["exponents"] = fits(results["sizes"])
    else:
        results = run(args, steps)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=1) + "\n"
    write_atomically(args.out, lambda output: output.write(text.encode("utf-8")))
    print(results_table(results["sizes"], results["exponents"]))
    print()
    print(format_table(["target", "measured", "met"], target_rows(results["sizes"], results["exponents"])))
    for failure in (f for size in results["sizes"] for f in failures(size)):
        print(f"not measurable: {failure}")
    print(f"\nresults: {args.out}", file=sys.stderr)
    if args.readme:
        plot(results["sizes"], PLOT_PATH)
        update_readme(ROOT / "README.md", readme_section(results, os.path.relpath(PLOT_PATH, ROOT)))
        print(f"README.md and {os.path.relpath(PLOT_PATH, ROOT)} updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
