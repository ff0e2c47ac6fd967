"""bench/report.py: growth exponents, targets, and the README section between its markers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.report import README_END, README_START, exponent, figures, fits, target_rows, update_readme


def _size(factor: int, quads: int, build_s: float) -> dict[str, Any]:
    return {
        "factor": factor,
        "quads": quads,
        "build": {"build_validate_s": build_s},
        "queries": {"exports": {"nquads": {"seconds": build_s / 10, "mib": 1.0}}},
    }


@pytest.mark.parametrize("power", [0.5, 1.0, 2.0])
def test_the_exponent_of_a_power_law_is_its_power(power: float) -> None:
    points = [(x, 3.0 * x**power) for x in (1e4, 1e5, 1e6, 1e7)]
    assert exponent(points) == pytest.approx(power)


def test_an_exponent_needs_two_sizes() -> None:
    assert exponent([(1e5, 2.0)]) is None


def test_fits_leave_out_the_seed_size_where_fixed_costs_dominate() -> None:
    sizes = [_size(1, 6_000, 5.0), _size(10, 60_000, 1.0), _size(100, 600_000, 10.0)]
    assert fits(sizes)["build+validate s"] == pytest.approx(1.0)


def test_targets_are_read_at_the_size_nearest_one_million_quads() -> None:
    sizes = [_size(10, 60_000, 1.0), _size(200, 1_030_000, 70.0)]
    rows = {label: (shown, met) for label, shown, met in target_rows(sizes, fits(sizes))}
    assert rows["build + validate, 1M quads: under 60 s"] == ("70.0 s", "NO")
    assert rows["growth exponent of the build and of each of its steps: 1.05 or less"][1] == "NO"  # 70x for 17x
    assert rows["betweenness (approximate, off the request path): under 30 s"] == ("not measured", "-")


def test_the_build_is_compared_with_a_bulk_load_of_the_same_quads() -> None:
    size = _size(48, 1_027_515, 30.0)
    size["build"] |= {"build_validate_cpu_s": 20.0, "bulk_load_s": 10.0, "bulk_load_cpu_s": 8.0}
    shown = figures(size)
    assert shown["build+validate / bulk load (ratio)"] == pytest.approx(3.0)
    assert shown["build+validate / bulk load, CPU (ratio)"] == pytest.approx(2.5)
    target = "build + validate, 1M quads: at most 3x a bulk load of the same quads"
    assert {label: (value, met) for label, value, met in target_rows([size], {})}[target] == ("3.00 x", "yes")
    size["build"]["bulk_load_s"] = 9.0
    assert {label: (value, met) for label, value, met in target_rows([size], {})}[target] == ("3.33 x", "NO")


def test_every_build_step_has_its_growth_exponent_checked() -> None:
    steps = {"read_s": 1.0, "check_build_s": 2.0, "shacl_s": 3.0, "store_load_s": 1.0}
    sizes = [_size(10, 200_000, 6.0), _size(100, 2_000_000, 60.0)]
    for size, scale in zip(sizes, (1, 10), strict=True):
        size["build"] |= {key: seconds * scale for key, seconds in steps.items()}
    sizes[1]["build"]["shacl_s"] = 3.0 * 10**1.2  # one step growing faster than the rest
    rows = {label: (value, met) for label, value, met in target_rows(sizes, fits(sizes))}
    assert rows["growth exponent of the build and of each of its steps: 1.05 or less"] == ("worst 1.20 (SHACL s)", "NO")


def test_the_readme_section_is_replaced_between_its_markers_only(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nintro\n\n{README_START}\nold table\n{README_END}\n\n## After\n", encoding="utf-8")
    update_readme(readme, f"{README_START}\nnew table\n{README_END}")
    text = readme.read_text(encoding="utf-8")
    assert "new table" in text and "old table" not in text
    assert text.startswith("# Title\n\nintro\n") and text.endswith("\n\n## After\n")
    update_readme(readme, f"{README_START}\nnewer\n{README_END}")
    assert readme.read_text(encoding="utf-8").count(README_START) == 1


def test_a_readme_without_the_section_gets_it_appended(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n", encoding="utf-8")
    update_readme(readme, f"{README_START}\ntable\n{README_END}")
    assert (
        readme.read_text(encoding="utf-8")
        == f"# Title\n\n## Benchmark results\n\n{README_START}\ntable\n{README_END}\n"
    )


def test_issue_19_ratios_and_targets() -> None:
    """Projection + PageRank + betweenness over networkx alone; the guard's worst shape; the row cap."""
    size = _size(48, 1_030_000, 30.0)
    size["analytics"] = {
        "seconds": {
            "projection from the store": 2.5,
            "collapse to digraph": 0.05,
            "pagerank": 0.02,
            "betweenness (k=256)": 0.03,
            "networkx: digraph from an edge list": 0.03,
            "networkx: pagerank": 0.02,
            "networkx: betweenness (k=256)": 1.35,
        }
    }
    size["queries"]["guard"] = {"select": 0.0002, "from": 0.0012}
    size["queries"]["row_cap"] = {"rows": 10_000, "capped_s": 0.2, "oxigraph_s": 0.1, "truncated": True}
    shown = figures(size)
    assert shown["analytics projection + PageRank + betweenness / networkx alone (ratio)"] == pytest.approx(2.6 / 1.4)
    assert shown["SPARQL row cap / Oxigraph alone (ratio)"] == pytest.approx(2.0)
    rows = {label: (value, met) for label, value, met in target_rows([size], {})}
    assert rows["analytics projection from the store, 1M: under 0.5 s"] == ("2.50 s", "NO")
    assert rows["projection + PageRank + betweenness, 1M: at most 1.5x networkx alone (from an edge list)"] == (
        "1.86 x",
        "NO",
    )
    assert rows["SPARQL guard, a query never seen before: under 1 ms"] == ("1.20 ms", "NO")  # the worst shape
