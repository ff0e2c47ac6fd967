"""The cyclic garbage collector, on a server's terms.

- What lives as long as a graph serves (the store's Python side, the search index) is frozen
  out of the collector's sight (gc.freeze) before it serves: its full passes rescanned all of
  it, and held the event loop 100 to 180 ms at a time while a large answer was being built, with
  only the seed graph loaded. Before freezing, the previous freeze is undone and everything
  collected, so the cycles of a graph a reload replaced are freed rather than kept for good.
- Full passes also run on a clock. CPython collects when enough containers have been allocated,
  whatever their size, so cyclic garbage pinning large strings (an error's traceback holding the
  text of a 900 kB query) piled up between full passes: 1 MB more resident memory per such
  request, for hundreds of requests. A full pass every COLLECT_EVERY seconds costs about a
  millisecond on an idle server; under load, as every full pass, it rescans the answers being
  built (tens of milliseconds). Pushing CPython's own full passes out, so that only these ran,
  made each of them rescan ten seconds of garbage: 100 ms and more.
- Once a graph is in place, the heap the build freed goes back to the kernel
  (graph/runtime/heap.py): a third of the server's memory at a million quads.
"""

from __future__ import annotations

import asyncio
import gc

from graph.runtime.heap import release_free_memory

COLLECT_EVERY = 10.0  # seconds between two full passes of the collector


def settle() -> None:
    """Collect everything, hand the freed pages back to the kernel, then freeze what is left
    (call with a new graph in place)."""
    gc.unfreeze()
    gc.collect()
    release_free_memory()
    gc.freeze()


async def collect_periodically(every: float = COLLECT_EVERY) -> None:
    """A full pass of the collector every `every` seconds, until cancelled."""
    while True:
        await asyncio.sleep(every)
        gc.collect()
