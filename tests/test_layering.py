"""The data flows one way: the pipeline's left side never imports the serving side."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GRAPH = Path(__file__).resolve().parent.parent / "graph"
PIPELINE = ["namespaces", "problems", "vocabulary", "seeds", "validate", "build", "pipeline"]
SERVING = {"starlette", "strawberry", "uvicorn", "networkx", "graph.app", "graph.api", "graph.serve",
           "graph.sparql", "graph.snapshot", "graph.store"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PIPELINE)
def test_pipeline_modules_do_not_import_the_serving_side(module: str) -> None:
    imports = imported_modules(GRAPH / f"{module}.py")
    offending = {name for name in imports for banned in SERVING if name == banned or name.startswith(banned + ".")}
    assert offending == set()


def test_seeds_parsing_knows_nothing_of_rdf() -> None:
    imports = imported_modules(GRAPH / "seeds.py")
    assert not {name for name in imports if name.startswith(("rdflib", "pyoxigraph", "pyshacl"))}
