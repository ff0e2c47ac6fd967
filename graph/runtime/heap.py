"""Handing freed heap memory back to the operating system after bulk work.

A build piles up millions of short-lived Python objects; once they are freed, glibc's allocator
keeps most of the pages they used, scattered between live objects, so the process stays as big
as at its peak. At about a million quads a server that had built its graph and its indexes held
912 MiB, and 607 MiB after `malloc_trim(0)`, which returns every whole free page to the kernel
(measured in one process; bench/serving.py reports the server's memory). Elsewhere than glibc
there is nothing to call and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
        return trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): no such function
        return None


def release_free_memory() -> bool:
    """Return the heap's free pages to the kernel; False where the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
