"""Running a command with its stderr on a pseudo-terminal, as a person at a terminal would see it."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str  # what the terminal (or the pipe) received, "\r\n" left as it came


def read_terminal(fd: int) -> bytes:
    """Everything written to the terminal until its other side closes (Linux reads EIO then)."""
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def run_python(args: Sequence[str], *, terminal: bool, cwd: Path = ROOT, timeout: float = 300) -> Run:
    """`python ARGS` with stdout piped and stderr on a pseudo-terminal (`terminal`) or piped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm"}
    command = [sys.executable, *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout, check=False)
        return Run(done.returncode, done.stdout, done.stderr)
    main, side = pty.openpty()
    received: list[bytes] = []
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=side, cwd=cwd, env=env
        )
        os.close(side)
        side = -1
        reader = threading.Thread(target=lambda: received.append(read_terminal(main)), daemon=True)
        reader.start()
        stdout, _ = process.communicate(timeout=timeout)
        reader.join(timeout=30)
    finally:
        if side >= 0:
            os.close(side)
        os.close(main)
    return Run(process.returncode, stdout.decode("utf-8"), b"".join(received).decode("utf-8", errors="replace"))
