"""Freed heap pages go back to the kernel once bulk work is over (graph/runtime/heap.py)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from graph.runtime.heap import release_free_memory

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and needs glibc")


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@linux_only
def test_the_pages_a_build_freed_leave_the_process() -> None:
    # Like a build: many small objects, of which a few live on scattered among the freed ones,
    # so that no free region is at the top of the heap where the allocator would trim it itself.
    piles = [bytearray(600) for _ in range(300_000)]
    kept = piles[::500]
    del piles
    gc.collect()
    before = resident_mib()
    assert release_free_memory() is True
    after = resident_mib()
    assert before - after > 100, (before, after)
    assert len(kept) == 600
