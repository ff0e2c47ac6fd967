"""`serve --watch`: rebuild the embedded graph when seed files change, and swap it atomically.

The seed directory is polled (file names, sizes and modification times), which needs no native
watcher and behaves the same on every filesystem. A rebuild runs in a worker thread; a build
with errors keeps the last good graph serving and publishes the problems on /health and in the log.

Whatever goes wrong in one attempt (seed problems, a RecursionError on a list nested thousands
deep, an IsADirectoryError on a directory named x.yaml, a file vanishing mid-scan) fails that
attempt only: the watcher lives on, and the next edit is tried like the first.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from stat import S_ISREG

from graph.files.problems import SeedErrors
from graph.store.snapshot import GraphHolder, open_snapshot

log = logging.getLogger("stargate_kg.reload")

Fingerprint = tuple[tuple[str, int, int], ...]
MESSAGE_CHARS = 500  # an exception's text on /health is cut here


def fingerprint(seed_dir: Path) -> Fingerprint:
    """What changes when any seed file is added, removed or edited, or anything else appears
    under the seeds (a directory named x.yaml: the rebuild then says what is wrong with it). A
    file removed while it is scanned is left out: the next scan sees the change."""
    entries = []
    for path in sorted(seed_dir.rglob("*")):
        try:
            stat = path.stat()
        except OSError:
            continue
        if not path.name.startswith("."):
            changes = (stat.st_mtime_ns, stat.st_size) if S_ISREG(stat.st_mode) else (0, 0)  # a directory's
            entries.append((str(path.relative_to(seed_dir)), *changes))  # times change with editors' swap files
    return tuple(entries)


def _failed(holder: GraphHolder, problems: list[str]) -> None:
    """Keep serving the last good graph; say why on /health and in the log."""
    holder.errors = problems
    for problem in problems:
        log.error("seed problem: %s", problem)
    log.error("rebuild failed with %d problem(s); still serving graph %s", len(problems), holder.current.version)


def _unexpected(error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"
    return "the rebuild failed: " + (text if len(text) <= MESSAGE_CHARS else text[:MESSAGE_CHARS] + "...")


def rebuild(holder: GraphHolder, seed_dir: Path) -> bool:
    """Build a new snapshot and swap it in; on any failure, record why and keep the old one."""
    try:
        snapshot = open_snapshot("embedded", seed_dir)
        holder.swap(snapshot)
    except SeedErrors as errors:
        _failed(holder, [str(p) for p in errors.problems])
        return False
    except Exception as error:  # anything else a seed edit can provoke: this attempt fails, not the watcher
        log.exception("rebuild raised")
        _failed(holder, [_unexpected(error)])
        return False
    log.info("rebuilt: now serving graph %s", snapshot.version)
    return True


async def watch(holder: GraphHolder, seed_dir: Path, interval: float = 0.5) -> None:
    """Poll forever (until cancelled); rebuild once the files have stopped changing."""
    seen = fingerprint(seed_dir)
    while True:
        await asyncio.sleep(interval)
        try:
            current = fingerprint(seed_dir)
            if current == seen:
                continue
            await asyncio.sleep(interval)  # let an editor finish writing before reading
            settled = fingerprint(seed_dir)
        except Exception as error:  # an unreadable seed directory: say so, look again next time
            if holder.errors != [problem := _unexpected(error)]:
                log.exception("scanning the seed directory raised")
                _failed(holder, [problem])
            continue
        if settled != current:
            continue
        seen = settled
        log.info("seed files changed; rebuilding")
        await asyncio.to_thread(rebuild, holder, seed_dir)
