"""The data flows one way: each package of graph/ imports only the packages to its left.

seeds -> ingest -> store -> sparql | api | analytics | visual -> server -> cli, with files,
runtime, vocab and http as the shared ground each stage may stand on; draft (a new article into
draft claims, beside ingest) reads what ingest reads and is used by server and cli only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GRAPH = Path(__file__).resolve().parent.parent / "graph"

# Which graph packages each package may import (besides itself). One rule per package.
ALLOWED: dict[str, set[str]] = {
    "files": set(),
    "runtime": set(),
    "vocab": {"files"},
    "ingest": {"files", "runtime", "vocab"},
    "store": {"files", "runtime", "vocab", "ingest"},
    "draft": {"files", "runtime", "vocab", "ingest"},
    "http": {"files"},
    "analytics": {"files", "runtime", "vocab", "store"},
    "sparql": {"files", "runtime", "vocab", "store", "http"},
    "api": {"files", "runtime", "vocab", "store", "http", "analytics"},
    "visual": {"files", "runtime", "vocab", "store", "http", "analytics"},
    "server": {"files", "runtime", "vocab", "ingest", "draft", "store", "http", "analytics", "sparql", "api", "visual"},
    "cli": {
        *("files", "runtime", "vocab", "ingest", "draft", "store", "http"),
        *("analytics", "sparql", "api", "visual", "server"),
    },
}
# Third-party libraries of the serving side that the pipeline must not need.
SERVING_LIBRARIES = ("starlette", "strawberry", "uvicorn", "networkx", "graphql")
RDF_LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.update([node.module] if node.module != "graph" else (f"graph.{a.name}" for a in node.names))
    return names


def package_imports(package: str) -> set[str]:
    """The graph packages imported anywhere in `package`, other than itself."""
    found: set[str] = set()
    for path in (GRAPH / package).rglob("*.py"):
        found |= {name.split(".")[1] for name in imported_modules(path) if name.startswith("graph.")}
    return found - {package}


def test_every_package_has_a_rule() -> None:
    packages = {p.name for p in GRAPH.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(ALLOWED)
    assert [p.name for p in GRAPH.glob("*.py")] == ["__init__.py"], "every module belongs to a package"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_to_its_left(package: str) -> None:
    assert package_imports(package) - ALLOWED[package] == set()


@pytest.mark.parametrize("package", ["files", "runtime", "vocab", "ingest", "store"])
def test_pipeline_needs_no_serving_library(package: str) -> None:
    for path in (GRAPH / package).rglob("*.py"):
        assert not {n for n in imported_modules(path) if n.split(".")[0] in SERVING_LIBRARIES}, path


def test_seed_parsing_knows_nothing_of_rdf() -> None:
    imports = imported_modules(GRAPH / "ingest" / "seeds.py")
    assert not {name for name in imports if name.split(".")[0] in RDF_LIBRARIES}
