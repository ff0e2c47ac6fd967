"""The built wheel carries its data: installed in a fresh venv, `stargate-kg` validates and serves
the packaged ontology, shapes, rules and seed corpus from any working directory."""

from __future__ import annotations

import subprocess
import sysconfig
from pathlib import Path

import httpx
import pytest

from graph.files.resources import package_file
from tests.live import ROOT, assert_still_serving, run_server


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stargate-kg script of a fresh venv holding only the wheel. Its dependencies are read
    from this environment's site-packages by a plain path entry, which (unlike a site directory)
    does not run the .pth file of this checkout's editable install, so `graph` can only come
    from the wheel. No network."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        ["uv", "build", "--offline", "--wheel", "--out-dir", str(work / "dist")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("stargate_kg-*.whl")
    subprocess.run(["uv", "venv", "--offline", "--quiet", str(work / "venv")], check=True, capture_output=True)
    python = work / "venv" / "bin" / "python"
    install = ["uv", "pip", "install", "--offline", "--no-deps", "--quiet", "--python", str(python), str(wheel)]
    subprocess.run(install, check=True, capture_output=True)
    (site_packages,) = (work / "venv" / "lib").glob("python3.*/site-packages")
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return work / "venv" / "bin" / "stargate-kg"


def test_the_installed_package_validates_its_own_corpus(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(installed), "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 5 documents") and "SHACL conforms" in result.stdout


def test_the_installed_package_serves_from_any_directory(installed: Path, tmp_path: Path) -> None:
    with run_server(log_dir=tmp_path, command=[str(installed), "serve"], cwd=tmp_path) as server:
        assert_still_serving(server)
        source = httpx.get(server.url + "/health", timeout=10).json()["source"]
        assert source == f"embedded:{installed.parents[1]}/lib/python3.11/site-packages/graph/seeds"


def test_the_installed_schema_is_the_checked_in_one(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(installed), "graphql-schema"], cwd=tmp_path, capture_output=True, text=True)
    assert result.stdout == package_file("graph.api", "schema.graphql").read_text(encoding="utf-8")
