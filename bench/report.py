"""Benchmark results -> figures per size, growth exponents, targets, the README table and plot.

A figure's growth exponent is the slope of log(figure) against log(quads), fitted by least
squares over the sizes of 10x and up (at 1x fixed costs dominate and a different SHACL engine
runs); an exponent of 1 is linear growth, 2 quadratic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.graphql import PAGES
from graph.analytics.centrality_choices import SAMPLES
from graph.cli.table import format_table
from graph.files.atomic import write_atomically

README_START = "<!-- bench:results:start (written by `python -m bench --readme`; do not edit by hand) -->"
README_END = "<!-- bench:results:end -->"
ONE_MILLION = 1_000_000
FIT_FROM_FACTOR = 10


def figures(size: dict[str, Any]) -> dict[str, float]:
    """The scalar figures of one size's results, by display name."""
    out: dict[str, float] = {}
    build = size.get("build", {})
    for key, name in (
        ("build_validate_s", "build+validate s"),
        ("build_validate_cpu_s", "build+validate CPU s"),
        ("read_s", "  read seeds s"),
        ("check_build_s", "  check+build s"),
        ("shacl_s", "  SHACL s"),
        ("read_cpu_s", "  read seeds CPU s"),
        ("check_build_cpu_s", "  check+build CPU s"),
        ("shacl_cpu_s", "  SHACL CPU s"),
        ("store_load_s", "store load s"),
        ("peak_rss_mib", "build peak RSS MiB"),
        ("bulk_load_s", "bulk load of the same N-Quads s"),
        ("bulk_load_cpu_s", "bulk load of the same N-Quads CPU s"),
    ):
        if key in build:
            out[name] = build[key]
    for kind, shown in (("", ""), ("_cpu", ", CPU")):  # issue 19's yardstick: Oxigraph's own bulk loader
        if build.get(f"bulk_load{kind}_s"):
            ratio = build[f"build_validate{kind}_s"] / build[f"bulk_load{kind}_s"]
            out[f"build+validate / bulk load{shown} (ratio)"] = ratio
    for name, row in size.get("queries", {}).get("queries", {}).items():
        if "p50_ms" in row:
            out[f"SPARQL {name}: store p50 ms"] = row["p50_ms"]
    endpoint = size.get("queries", {}).get("endpoint", {})
    for name, row in endpoint.items():
        out[f"SPARQL endpoint set, {name}: direct ms"] = row["direct_ms"]
        out[f"SPARQL endpoint set, {name}: /sparql ms"] = row["http_ms"]
        if "oxigraph_server_ms" in row:
            out[f"SPARQL endpoint set, {name}: Oxigraph server ms"] = row["oxigraph_server_ms"]
    beside = {name: row for name, row in endpoint.items() if "oxigraph_server_ms" in row}
    if beside:
        out["SPARQL /sparql / Oxigraph server, worst query (ratio)"] = max(
            row["http_ms"] / row["oxigraph_server_ms"] for row in beside.values()
        )
    if beside:  # on the query the Oxigraph server answers fastest, the difference is mostly per request
        row = min(beside.values(), key=lambda row: row["oxigraph_server_ms"])
        out["SPARQL /sparql fixed overhead over the Oxigraph server ms"] = row["http_ms"] - row["oxigraph_server_ms"]
    if "first_request_ms" in size.get("queries", {}).get("endpoint_memory", {}):
        out["SPARQL /sparql first request after ready ms"] = size["queries"]["endpoint_memory"]["first_request_ms"]
    memory = size.get("queries", {}).get("endpoint_memory")
    if memory:
        out["serving RSS, server + SPARQL workers MiB"] = memory["server_mib"]
        out["Oxigraph server RSS, same quads MiB"] = memory["oxigraph_server_mib"]
        out["serving RSS / Oxigraph server (ratio)"] = memory["server_mib"] / memory["oxigraph_server_mib"]
    for name, seconds in size.get("queries", {}).get("guard", {}).items():
        out[f"SPARQL guard, an unseen {name} query ms"] = 1000 * seconds
    cap = size.get("queries", {}).get("row_cap")
    if cap:
        out["SPARQL row cap, claims' quotes as JSON: capped ms"] = 1000 * cap["capped_s"]
        out["SPARQL row cap, claims' quotes as JSON: Oxigraph alone ms"] = 1000 * cap["oxigraph_s"]
        out["SPARQL row cap / Oxigraph alone (ratio)"] = cap["capped_s"] / cap["oxigraph_s"]
    serving = size.get("serving", {})
    for name, row in serving.get("graphql", {}).items():
        out[f"GraphQL {name}: p50 ms"] = row["graphql"]["p50_ms"]
        out[f"GraphQL {name}: p99 ms"] = row["graphql"]["p99_ms"]
        out[f"GraphQL {name}: req/s"] = row["graphql"]["req_s"]
        out[f"GraphQL {name}: unloaded p50 ms"] = row["graphql"]["sequential_p50_ms"]
        out[f"plain route {name}: req/s"] = row["plain"]["req_s"]
        out[f"plain/GraphQL req/s, {name} (ratio)"] = row["plain"]["req_s"] / row["graphql"]["req_s"]
    graphql = serving.get("graphql", {})
    if "entity-by-id" in graphql:
        lookup = graphql["entity-by-id"]["graphql"]["sequential_p50_ms"]
        for name in PAGES:
            if name in graphql:
                out[f"GraphQL {name} / entity lookup, unloaded p50 (ratio)"] = (
                    graphql[name]["graphql"]["sequential_p50_ms"] / lookup
                )
    if "as_of" in serving:
        out["GraphQL as-of: first request s"] = serving["as_of"]["first_s"]
        out["GraphQL as-of: p50 ms"] = serving["as_of"]["p50_ms"]
        out["GraphQL same query, no asOf: p50 ms"] = serving["as_of"]["without_p50_ms"]
    if serving.get("api_queries"):
        out["API store queries: worst p95 ms"] = max(r["p95_ms"] for r in serving["api_queries"].values())
    for key, name in (("ready_s", "server ready s"), ("rss_after_mib", "server RSS MiB")):
        if key in serving:
            out[name] = serving[key]
    analytics = size.get("analytics", {}).get("seconds", {})
    for name, seconds in analytics.items():
        out[f"analytics {name} s"] = seconds
    if all(step in analytics for step in CENTRALITY_STEPS + NETWORKX_STEPS):
        ours, alone = (sum(analytics[step] for step in steps) for steps in (CENTRALITY_STEPS, NETWORKX_STEPS))
        out["analytics projection + PageRank + betweenness / networkx alone (ratio)"] = ours / alone
    for name, row in size.get("queries", {}).get("exports", {}).items():
        out[f"export {name} s"] = row["seconds"]
    return out


def failures(size: dict[str, Any]) -> list[str]:
    """What could not be measured at this size (a query past its time limit), said plainly."""
    rows = size.get("queries", {}).get("queries", {})
    return [
        f"{size['factor']}x SPARQL {name} on the store: {row['error']}" for name, row in rows.items() if "error" in row
    ]


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(y) on log(x); None with fewer than two usable points."""
    usable = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(usable) < 2:
        return None
    mx = sum(x for x, _ in usable) / len(usable)
    my = sum(y for _, y in usable) / len(usable)
    var = sum((x - mx) ** 2 for x, _ in usable)
    return sum((x - mx) * (y - my) for x, y in usable) / var if var else None


def fits(sizes: list[dict[str, Any]]) -> dict[str, float]:
    fitted = [s for s in sizes if s["factor"] >= FIT_FROM_FACTOR] or sizes
    table: dict[str, list[tuple[float, float]]] = {}
    for size in fitted:
        for name, value in figures(size).items():
            table.setdefault(name, []).append((size["quads"], value))
    return {name: e for name, points in table.items() if (e := exponent(points)) is not None}


# what serving PageRank and degree costs from a fresh graph: read the projection, collapse it
PROJECTION_STEPS = ("projection from the store", "collapse to digraph", "degree in/out", "pagerank")
# PageRank and betweenness from the store, against networkx alone reading the same edges from a
# list (bench/analytics.py's `networkx_alone`)
CENTRALITY_STEPS = ("projection from the store", "collapse to digraph", "pagerank", f"betweenness (k={SAMPLES})")
NETWORKX_STEPS = ("networkx: digraph from an edge list", "networkx: pagerank", f"networkx: betweenness (k={SAMPLES})")


@dataclass(frozen=True)
class Target:
    """A target of issues 7 and 19, checked against the measured size nearest one million quads."""

    label: str
    check: Callable[[dict[str, float], dict[str, float], dict[str, float]], tuple[str, bool | None]]


def _limit(
    pattern: str, limit: float, unit: str, digits: int = 1, *, at_most: bool = False
) -> Callable[..., tuple[str, bool | None]]:
    """The largest figure whose name matches `pattern` (a regular expression) under `limit`
    (or at most `limit`)."""

    def check(at_1m: dict[str, float], seed: dict[str, float], exps: dict[str, float]) -> tuple[str, bool | None]:
        value = max((v for n, v in at_1m.items() if re.fullmatch(pattern, n)), default=None)
        if value is None:
            return ("not measured", None)
        return (f"{value:,.{digits}f} {unit}", value <= limit if at_most else value < limit)

    return check


def _ratio(pattern: str, limit: float) -> Callable[..., tuple[str, bool | None]]:
    """The largest ratio whose name matches `pattern`, at most `limit`."""
    return _limit(pattern, limit, "x", 2, at_most=True)


def _sum_limit(names: list[str], limit: float) -> Callable[..., tuple[str, bool | None]]:
    def check(at_1m: dict[str, float], seed: dict[str, float], exps: dict[str, float]) -> tuple[str, bool | None]:
        values = [at_1m.get(n) for n in names]
        if any(v is None for v in values):
            return ("not measured", None)
        total = sum(v for v in values if v is not None)
        return (f"{total:,.2f} s", total < limit)

    return check


def _ratio_to_seed(name: str, limit: float) -> Callable[..., tuple[str, bool | None]]:
    def check(at_1m: dict[str, float], seed: dict[str, float], exps: dict[str, float]) -> tuple[str, bool | None]:
        value, base = at_1m.get(name), seed.get(name)
        if value is None or not base:
            return ("not measured", None)
        return (f"{value:.2f} ms vs {base:.2f} ms at 1x ({value / base:.2f}x)", value / base <= limit)

    return check


def _exponents(pattern: str, limit: float) -> Callable[..., tuple[str, bool | None]]:
    def check(at_1m: dict[str, float], seed: dict[str, float], exps: dict[str, float]) -> tuple[str, bool | None]:
        found = {n: e for n, e in exps.items() if re.fullmatch(pattern, n)}
        if not found:
            return ("not measured", None)
        worst = max(found, key=lambda n: found[n])
        return (f"worst {found[worst]:.2f} ({worst.strip()})", found[worst] <= limit)

    return check


TARGETS = [
    Target("build + validate, 1M quads: under 60 s", _limit(r"build\+validate s", 60, "s")),
    Target("serve, 1M quads: under 1.5 GiB RSS (server process)", _limit("server RSS MiB", 1536, "MiB")),
    Target(
        "GraphQL entity-by-id p50, 1M: within 1.5x of the seed graph's",
        _ratio_to_seed("GraphQL entity-by-id: p50 ms", 1.5),
    ),
    Target(
        "every SPARQL query the API issues, 1M: p95 under 100 ms", _limit("API store queries: worst p95 ms", 100, "ms")
    ),
    Target(
        "projection + PageRank + degree, 1M: under 1.5 s",
        _sum_limit([f"analytics {step} s" for step in PROJECTION_STEPS], 1.5),
    ),
    Target(
        "betweenness (approximate, off the request path): under 30 s",
        _limit(r"analytics betweenness \(k=\d+\) s", 30, "s", 2),
    ),
    Target(
        "analytics projection from the store, 1M: under 0.5 s",
        _limit("analytics projection from the store s", 0.5, "s", 2),
    ),
    Target(
        "projection + PageRank + betweenness, 1M: at most 1.5x networkx alone (from an edge list)",
        _limit(r"analytics projection \+ PageRank \+ betweenness / networkx alone \(ratio\)", 1.5, "x", 2),
    ),
    Target(
        "SPARQL guard, a query never seen before: under 1 ms", _limit(r"SPARQL guard, an unseen .* ms", 1.0, "ms", 2)
    ),
    Target(
        "build + validate, 1M quads: at most 3x a bulk load of the same quads",
        _ratio(r"build\+validate / bulk load \(ratio\)", 3.0),
    ),
    Target(
        "growth exponent of the build and of each of its steps: 1.05 or less",
        _exponents(r"build\+validate s|  (read seeds|check\+build|SHACL) s|store load s", 1.05),
    ),
    Target("export growth exponents: 1.2 or less", _exponents(r"export .* s", 1.2)),
    Target(
        "GraphQL, caches off, 1M: a page of up to 50 items at most 3x an entity lookup (worst list)",
        _ratio(r"GraphQL .* / entity lookup, unloaded p50 \(ratio\)", 3.0),
    ),
    Target(
        "GraphQL lists with provenance, 16 connections, 1M: plain/GraphQL req/s at most 3 (worst list)",
        _ratio(rf"plain/GraphQL req/s, ({'|'.join(PAGES)}) \(ratio\)", 3.0),
    ),
    Target(
        "GraphQL lists with provenance, 16 connections, 1M: p99 under 50 ms (worst list)",
        _limit(rf"GraphQL ({'|'.join(PAGES)}): p99 ms", 50, "ms"),
    ),
    Target(
        "SPARQL endpoint, 1M: within 1.2x the Oxigraph server (worst query)",
        _ratio(r"SPARQL /sparql / Oxigraph server, worst query \(ratio\)", 1.2),
    ),
    Target(
        "SPARQL endpoint: fixed overhead over the Oxigraph server under 0.5 ms",
        _limit(r"SPARQL /sparql fixed overhead over the Oxigraph server ms", 0.5, "ms", 2),
    ),
    Target(
        "SPARQL endpoint: the first query after the server reports ready under 100 ms (workers ready)",
        _limit(r"SPARQL /sparql first request after ready ms", 100, "ms"),
    ),
    Target(
        "serving memory (server and workers), 1M: at most 2x the Oxigraph server's",
        _ratio(r"serving RSS / Oxigraph server \(ratio\)", 2.0),
    ),
]


def nearest_million(sizes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The measured size closest to 1M quads, if one is within a factor of 1.5 of it."""
    near = [s for s in sizes if ONE_MILLION / 1.5 <= s["quads"] <= ONE_MILLION * 1.5]
    return min(near, key=lambda s: abs(math.log(s["quads"] / ONE_MILLION)), default=None)


def target_rows(sizes: list[dict[str, Any]], exps: dict[str, float]) -> list[list[str]]:
    million = nearest_million(sizes)
    seed = next((s for s in sizes if s["factor"] == 1), None)
    at_1m = figures(million) if million else {}
    base = figures(seed) if seed else {}
    rows = []
    for target in TARGETS:
        shown, met = target.check(at_1m, base, exps)
        rows.append([target.label, shown, "yes" if met else "-" if met is None else "NO"])
    return rows


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}" if value >= 1 else f"{value:.3f}"


def _figure_rows(sizes: list[dict[str, Any]], exps: dict[str, float]) -> tuple[list[str], list[list[str]]]:
    """One row per figure, one column per size, then the fitted exponent."""
    per_size = [figures(s) for s in sizes]
    names: list[str] = []
    for fig in per_size:
        names += [n for n in fig if n not in names]
    header = ["figure"] + [f"{s['factor']}x" for s in sizes] + ["exponent"]
    rows = [["quads"] + [f"{s['quads']:,}" for s in sizes] + [""]]
    rows += [
        [name]
        + [_number(fig[name]) if name in fig else "" for fig in per_size]
        + [f"{exps[name]:.2f}" if name in exps else ""]
        for name in names
    ]
    return header, rows


def results_table(sizes: list[dict[str, Any]], exps: dict[str, float]) -> str:
    return format_table(*_figure_rows(sizes, exps))


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def readme_section(results: dict[str, Any], plot_name: str) -> str:
    sizes, exps = results["sizes"], results["exponents"]
    machine = results["machine"]
    header, rows = _figure_rows(sizes, exps)
    rows = [[row[0].strip(), *row[1:]] for row in rows]
    libraries = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items() if v)
    unmeasurable = "; ".join(f for s in sizes for f in failures(s)) or "none"
    estimated = [f"{s['factor']}x" for s in sizes if s.get("analytics", {}).get("closeness estimated")]
    context = (
        f"Measured {results['finished']} on {machine['cpu']}, {machine['cores_logical']} cores, "
        f"{machine['ram_gib']} GiB RAM, Python {machine['python']} ({libraries}); load average "
        f"{results['load_average_start']} at the start and {results['load_average_end']} at the end "
        f"(other work on the machine inflates the figures). Skipped: {', '.join(results['skipped']) or 'nothing'}. "
        f"Not measurable: {unmeasurable}."
        + (
            f" Closeness at {', '.join(estimated)} is extrapolated from a sample of nodes (bench/analytics.py)."
            if estimated
            else ""
        )
    )
    return "\n".join(
        [
            README_START,
            context,
            "",
            markdown_table(["target", "measured", "met"], target_rows(sizes, exps)),
            "",
            f"![time against size]({plot_name})",
            "",
            markdown_table(header, rows),
            README_END,
        ]
    )


def update_readme(readme: Path, section: str) -> None:
    """Replace what lies between the markers (inclusive), or append the section with its heading."""
    text = readme.read_text(encoding="utf-8")
    if README_START in text and README_END in text:
        before, rest = text.split(README_START, 1)
        after = rest.split(README_END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n## Benchmark results\n\n" + section + "\n"
    write_atomically(readme, lambda output: output.write(text.encode("utf-8")))


PLOTTED = (
    r"build\+validate s",
    "store load s",
    "export nquads s",
    "export turtle s",
    "analytics projection from the store s",
    "analytics pagerank s",
    r"analytics betweenness \(k=\d+\) s",
    "analytics conflict scan .* s",
    "GraphQL entity-by-id: unloaded p50 ms",
    "API store queries: worst p95 ms",
)


def plot(sizes: list[dict[str, Any]], path: Path) -> None:
    """Time against size, log-log, one line per headline figure (milliseconds shown as seconds)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 5.5), dpi=110)
    per_size = [(s["quads"], figures(s)) for s in sizes]
    names = list(dict.fromkeys(n for _, f in per_size for n in f))
    for name in (n for pattern in PLOTTED for n in names if re.fullmatch(pattern, n)):
        points = [(q, f[name] / (1000 if name.endswith("ms") else 1)) for q, f in per_size if name in f]
        if len(points) >= 2:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, marker="o", label=name.replace(" ms", " (s)").strip())
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("quads in the dataset")
    axes.set_ylabel("seconds")
    axes.set_title("stargate-kg: time against size (generated worlds)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=7, loc="upper left")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda output: figure.savefig(output, format="png"))
    plt.close(figure)
