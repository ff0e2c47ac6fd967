"""atomic.py: outputs are written whole or not at all, and what is not a regular file is never
replaced by one; run through the real command line where a user would meet it."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.files.atomic import OutputError, write_atomically

ROOT = Path(__file__).resolve().parent.parent.parent


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "graph.cli.main", *args], capture_output=True, cwd=ROOT, timeout=300, check=False
    )


def test_an_export_into_a_fifo_streams_into_it_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    """`mkfifo p; stargate-kg export -o p` turned the FIFO into a regular file."""
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = cli("export", "-f", "turtle", "-o", str(fifo))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["p"]  # no temporary file left beside it
    assert len(list(ox.parse(received[0], format=ox.RdfFormat.TURTLE))) > 1000


def test_dev_stdout_as_the_output_is_stdout() -> None:
    done = cli("graphql-schema", "-o", "/dev/stdout")
    assert done.returncode == 0, done.stderr.decode()
    assert b"type Query" in done.stdout and done.stdout == cli("graphql-schema").stdout


def _socket(tmp_path: Path) -> Path:
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (lambda tmp: tmp, "is a directory; give the name of a file to write"),
        (lambda tmp: tmp / "missing" / "schema.graphql", "/missing does not exist"),
        (_socket, "is a socket; give the name of a file to write"),
    ],
)
def test_a_target_that_cannot_be_a_file_is_refused_by_name(tmp_path: Path, target, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = target(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    done = cli("graphql-schema", "-o", str(path))
    assert done.returncode == 1
    message = done.stderr.decode()
    assert message.startswith("error: ") and str(path) in message and reason in message, message
    assert "Traceback" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_character_device_is_written_to_not_replaced() -> None:
    """As root, `-o /dev/null` would have replaced /dev/null with a regular file."""
    write_atomically(Path("/dev/null"), lambda output: output.write(b"discarded"))
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_write_that_fails_midway_leaves_no_temporary_file(tmp_path: Path) -> None:
    def failing(output) -> None:  # type: ignore[no-untyped-def]
        output.write(b"half")
        raise OutputError("stopped")

    with pytest.raises(OutputError):
        write_atomically(tmp_path / "out.txt", failing)
    assert list(tmp_path.iterdir()) == []


def test_a_killed_writer_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old complete content")
    script = (
        "import sys, time; from pathlib import Path; from graph.files.atomic import write_atomically\n"
        "def slow(out):\n"
        "    for _ in range(1000):\n"
        "        out.write(b'x' * 1000); out.flush(); time.sleep(0.01)\n"
        f"write_atomically(Path({str(target)!r}), slow)\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob(".out.txt.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert target.read_text() == "old complete content"


def test_write_atomically_replaces_the_file_when_done(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, lambda out: out.write(b"new"))
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
