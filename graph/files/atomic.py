"""Outputs a user names (`-o`): written whole or not at all, and never by replacing what is no file.

A regular file (or a new one) is written through a temporary file in the same directory, renamed
over the target when complete: a reader, or a writer killed half-way, sees the old file or the
whole new one, never a cut one. What is not a regular file is never replaced by one: a FIFO or a
character device (/dev/stdout, /dev/null, a terminal) is written to as a stream, which is what
`mkfifo p; stargate-kg export -o p` means; a directory, a socket or a block device, and a target
whose directory does not exist, are refused with an OutputError naming the target.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

Write = Callable[[BinaryIO], object]


class OutputError(Exception):
    """The output cannot be written; the message names the target and says why."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _streams(mode: int) -> bool:
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file (0644 for umask 022)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _stream(path: Path, write: Write) -> None:
    """Write into a FIFO or character device as it is (opened without creating or truncating)."""
    handle = os.open(path, os.O_WRONLY)
    with os.fdopen(handle, "wb") as output:
        if not _streams(os.fstat(handle).st_mode):  # replaced since it was looked at
            raise OutputError(f"{path} changed while it was opened; nothing was written")
        write(output)


def _replace(path: Path, write: Write) -> None:
    """Write a temporary file beside `path`, then rename it over `path` (atomic within a directory)."""
    named, path = path, path.resolve()  # a symlink's target is replaced, not the link
    if not path.parent.is_dir():
        raise OutputError(f"cannot write {named}: the directory {path.parent} does not exist")
    mode = _mode_for(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, mode)  # mkstemp makes the file private (0600)
        with os.fdopen(handle, "wb") as output:
            write(output)
            output.flush()
            os.fsync(output.fileno())
        Path(temp_name).replace(path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, write: Write) -> None:
    """Write `path` by calling `write` with a binary file: atomically for a regular file, as a
    stream for a FIFO or character device; anything else raises OutputError."""
    try:
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new file (or a dangling symlink: its target is created)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    if mode is not None and not stat.S_ISREG(mode) and not _streams(mode):
        raise OutputError(f"{path} is {_kind(mode)}; give the name of a file to write")
    try:
        if mode is not None and _streams(mode):
            _stream(path, write)
        else:
            _replace(path, write)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def write_output(target: str | None, write: Write) -> bool:
    """Write to the file `target` names (see write_atomically), or to stdout for None or '-'.
    True when a file was named, so the caller can say what it wrote."""
    if target is None or target == "-":
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return False
    write_atomically(Path(target), write)
    return True
