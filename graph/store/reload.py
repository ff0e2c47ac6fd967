"""`serve --watch`: rebuild the embedded graph when seed files change, and swap it atomically.

The seed directory is polled (file names, sizes and modification times), which needs no native
watcher and behaves the same on every filesystem. A rebuild runs in a worker thread; a build
with errors keeps the last good graph serving and publishes the problems on /health and in the log.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from graph.files.problems import SeedErrors
from graph.store.snapshot import GraphHolder, open_snapshot

log = logging.getLogger("stargate_kg.reload")

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(seed_dir: Path) -> Fingerprint:
    """What changes when any seed file is added, removed or edited."""
    entries = []
    for path in sorted(seed_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            stat = path.stat()
            entries.append((str(path.relative_to(seed_dir)), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def rebuild(holder: GraphHolder, seed_dir: Path) -> bool:
    """Build a new snapshot; swap it in on success, record the problems on failure."""
    try:
        snapshot = open_snapshot("embedded", seed_dir)
    except SeedErrors as errors:
        holder.errors = [str(p) for p in errors.problems]
        for problem in holder.errors:
            log.error("seed problem: %s", problem)
        log.error(
            "rebuild failed with %d problem(s); still serving graph %s", len(holder.errors), holder.current.version
        )
        return False
    holder.swap(snapshot)
    log.info("rebuilt: now serving graph %s", snapshot.version)
    return True


async def watch(holder: GraphHolder, seed_dir: Path, interval: float = 0.5) -> None:
    """Poll forever (until cancelled); rebuild once the files have stopped changing."""
    seen = fingerprint(seed_dir)
    while True:
        await asyncio.sleep(interval)
        current = fingerprint(seed_dir)
        if current == seen:
            continue
        await asyncio.sleep(interval)  # let an editor finish writing before reading
        settled = fingerprint(seed_dir)
        if settled != current:
            continue
        seen = settled
        log.info("seed files changed; rebuilding")
        await asyncio.to_thread(rebuild, holder, seed_dir)
