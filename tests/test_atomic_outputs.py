"""No data loss in outputs: a writer killed mid-way leaves the old file whole, never a cut one.

Every export and artefact writer goes through graph/files/atomic.py's write_atomically (a temporary
file beside the target, renamed over it when complete). Here a real `stargate-kg export` of a
generated world (about 240,000 quads: its Turtle takes most of a second to write) is frozen while
its temporary file grows, checked, and killed; and the writers of the package and the benchmark
are checked to use write_atomically.
"""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.generate import generate
from graph.files.atomic import write_atomically

ROOT = Path(__file__).resolve().parent.parent
FACTOR = 40  # a world 40 times the seed graph: long enough a write to catch it half-way


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world") / f"x{FACTOR}"
    generate(out, FACTOR)
    return out


def export_command(seeds: Path, target: Path) -> list[str]:
    return [sys.executable, "-m", "graph.cli.main", "--seeds", str(seeds), "export", "-f", "turtle", "-o", str(target)]


def temp_files(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*.tmp"))


@pytest.fixture
def writer(world: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """A real export of the world over an existing, complete file (the seed graph's Turtle)."""
    target = tmp_path / "stargate.ttl"
    subprocess.run(export_command(ROOT / "graph" / "seeds", target), check=True, capture_output=True, cwd=ROOT)
    process = subprocess.Popen(export_command(world, target), cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        yield process, target
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def wait_for_growing_temp_file(process: subprocess.Popen[bytes], target: Path, timeout: float = 120) -> Path:
    """The writer's temporary file, once it holds some bytes (the writer is then mid-way)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the writer finished before it could be caught writing"
        for temp in temp_files(target):
            if temp.exists() and temp.stat().st_size > 0:
                return temp
        time.sleep(0.002)
    raise AssertionError(f"no temporary file for {target} within {timeout} s")


def test_a_writer_killed_half_way_leaves_the_old_file_whole(
    writer: tuple[subprocess.Popen[bytes], Path], world: Path
) -> None:
    process, target = writer
    old = target.read_bytes()
    temp = wait_for_growing_temp_file(process, target)
    os.kill(process.pid, signal.SIGSTOP)  # frozen half-way: look, then kill
    try:
        partial = temp.stat().st_size
        assert target.read_bytes() == old
    finally:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert target.read_bytes() == old, "the killed writer touched the file it was replacing"
    assert len(ox.Dataset(ox.parse(old, format=ox.RdfFormat.TURTLE))) > 1000  # and the old file parses whole
    # The same export run to its end: the new file, complete, and bigger than what had been written.
    subprocess.run(export_command(world, target), check=True, capture_output=True, cwd=ROOT, timeout=300)
    new = target.read_bytes()
    assert new != old and len(new) > partial
    assert len(list(ox.parse(new, format=ox.RdfFormat.TURTLE))) > 100_000


def test_a_new_file_gets_the_umask_mode_and_a_replaced_file_keeps_its_own(tmp_path: Path) -> None:
    """mkstemp makes temporary files private (0600); the output must not inherit that."""
    fresh = tmp_path / "fresh.txt"
    old_umask = os.umask(0o022)
    try:
        write_atomically(fresh, lambda output: output.write(b"new"))
    finally:
        os.umask(old_umask)
    assert fresh.stat().st_mode & 0o777 == 0o644
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_atomically(kept, lambda output: output.write(b"new"))
    assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_bytes() == b"new"


# Writers that need not be atomic: what they write is scratch, or completed by a marker.
NOT_OUTPUTS = {
    ("bench/generate.py", "write_text"): "a generated world's files; its manifest, written last and "
    "atomically, marks the world complete (ensure_world regenerates otherwise)",
    ("bench/generate.py", "open"): "likewise",
    ("bench/visual.py", "write_bytes"): "a scratch page in a work directory, opened in Chromium for timing",
    ("bench/disk_world.py", "open"): "the log a served process writes while it runs, read afterwards",
    ("graph/server/curation.py", "write_bytes"): "a staged copy of the seeds in a temporary directory, compiled "
    "to validate a save before any seed file is written (atomically)",
}
WRITES = {"write_text", "write_bytes"}


def _writes(tree: ast.AST) -> Iterator[str]:
    """Calls that write a file directly: Path.write_text/write_bytes, open(..., 'w'/'a'/'x')."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Attribute, ast.Name)):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        if name in WRITES:
            yield name
        elif name == "open":
            modes = [
                a.value
                for a in [*node.args, *(k.value for k in node.keywords if k.arg == "mode")]
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if any(set(m) & set("wax") for m in modes):
                yield "open"


def test_every_output_writer_of_the_package_and_the_benchmark_is_atomic() -> None:
    found = set()
    for path in sorted([*ROOT.glob("graph/**/*.py"), *ROOT.glob("bench/**/*.py"), ROOT / "server.py"]):
        relative = path.relative_to(ROOT).as_posix()
        for call in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            found.add((relative, call))
    assert found - set(NOT_OUTPUTS) == set(), "write these through graph.files.atomic.write_atomically"
