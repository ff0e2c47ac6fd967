"""query_pool.py: a query past its deadline is stopped by killing its worker; the others go on."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

import httpx
import psutil
import pytest

from graph.sparql.pool import QueryPool, write_dump
from graph.sparql.worker import EngineSource, Job
from graph.store.backends import EmbeddedStore
from tests.live import run_server

RUNAWAY = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
SMALL = Job("SELECT (COUNT(*) AS ?n) WHERE { ?s a sg:Claim }")


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def ready(pool: QueryPool, size: int) -> None:
    for _ in range(600):  # bounded: workers start in about a second
        if pool._idle.qsize() >= size:
            return
        time.sleep(0.05)
    raise AssertionError(f"workers did not start: {pool.failure}")


@pytest.fixture(scope="module")
def dump(store: EmbeddedStore) -> Iterator[IO[bytes]]:
    with write_dump(store.quads()) as written:
        yield written


@pytest.fixture
def pool(dump: IO[bytes]) -> Iterator[QueryPool]:
    made = QueryPool(EngineSource(dump_fd=dump.fileno()), size=2, timeout=2.0)
    ready(made, 2)
    yield made
    made.close()


def test_answers_come_from_the_worker(pool: QueryPool, store: EmbeddedStore) -> None:
    answer = pool.run(SMALL)
    assert answer.status == 200
    expected = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a sg:Claim }")[0]["n"].value
    assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == expected


def test_a_runaway_query_is_killed_with_its_worker_and_replaced(pool: QueryPool) -> None:
    before = set(pool.pids)
    with ThreadPoolExecutor(max_workers=1) as threads:
        runaway = threads.submit(pool.run, RUNAWAY)
        assert pool.run(SMALL).status == 200  # the other worker answers meanwhile
        stopped = runaway.result(timeout=60)
    assert stopped.status == 503
    assert "longer than 2 s" in json.loads(stopped.body)["error"]
    killed = before - set(pool.pids)
    assert len(killed) == 1
    assert not any(alive(pid) for pid in killed)
    ready(pool, 2)  # a fresh worker took its place
    assert pool.run(SMALL).status == 200


def test_a_worker_that_dies_is_replaced_and_the_query_gets_a_clear_error(pool: QueryPool) -> None:
    with ThreadPoolExecutor(max_workers=1) as threads:
        running = threads.submit(pool.run, RUNAWAY)
        before = {pid: psutil.Process(pid).cpu_times().user for pid in pool.pids}
        time.sleep(0.8)
        busy = max(before, key=lambda pid: psutil.Process(pid).cpu_times().user - before[pid])
        psutil.Process(busy).kill()
        answer = running.result(timeout=60)
    assert answer.status == 503
    assert "stopped while answering" in json.loads(answer.body)["error"]
    ready(pool, 2)
    assert pool.run(SMALL).status == 200


def test_workers_that_cannot_start_say_why(tmp_path: Path) -> None:
    broken_dump = (tmp_path / "broken.nq").open("wb+")
    broken_dump.write(b"<urn:a> <urn:b> this is not N-Quads .\n")
    broken_dump.flush()
    broken = QueryPool(EngineSource(dump_fd=broken_dump.fileno()), size=1, timeout=5.0, dump=broken_dump)
    try:
        answer = broken.run(SMALL)
        assert answer.status == 503
        assert "cannot start" in json.loads(answer.body)["error"]
    finally:
        broken.close()


def test_closing_stops_every_worker(dump: IO[bytes]) -> None:
    closing = QueryPool(EngineSource(dump_fd=dump.fileno()), size=2, timeout=2.0)
    ready(closing, 2)
    pids = closing.pids
    closing.close()
    assert pids and not any(alive(pid) for pid in pids)


def open_files(pid: int) -> list[str]:
    """What the process's file descriptors refer to; one closed while being listed is skipped."""
    targets = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            targets.append(str(fd.readlink()))
        except FileNotFoundError:
            continue
    return targets


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGKILL])
def test_no_dump_outlives_the_server(tmp_path: Path, stop_with: signal.Signals) -> None:
    """Issue 15, finding 10: `$TMPDIR/stargate-kg-sparql-*/dataset.nq` stayed after SIGTERM (uvicorn
    re-raises it, so atexit never ran) and after kill -9. The dump now has no name at all."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    with run_server(log_dir=tmp_path, env={"TMPDIR": str(tmpdir)}) as server:
        answer = httpx.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=120)
        assert answer.status_code == 200 and answer.json()["boolean"] is True  # workers loaded the dump
        assert list(tmpdir.iterdir()) == []
        if sys.platform.startswith("linux"):  # the server holds it open, nameless
            held = open_files(server.process.pid)
            assert any(str(tmpdir) in target and target.endswith("(deleted)") for target in held), held
        server.process.send_signal(stop_with)
        server.process.wait(30)
    assert list(tmpdir.iterdir()) == []
