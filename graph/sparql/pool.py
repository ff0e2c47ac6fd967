"""A fixed number of SPARQL worker processes, each query under a deadline.

A query that overruns `timeout` is stopped the only way an Oxigraph evaluation can be: its
worker is killed (SIGKILL) and a fresh one started in the background, while the other workers
go on answering. A worker that dies (out of memory: graph/sparql/confine.py) is replaced too,
and its query answered with a clear 503. Calls are blocking and thread-safe; the HTTP layer
runs them on threads of its own (graph/sparql/endpoint.py), so the event loop is never held.
"""

from __future__ import annotations

import atexit
import logging
import math
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from graph.sparql.worker import Answer, EngineSource, Job, error_answer

log = logging.getLogger("stargate_kg.sparql")
_START_ATTEMPTS = 3
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)
        self.conn.close()


def write_dump(quads: Iterable[ox.Quad]) -> IO[bytes]:
    """The dataset as N-Quads, in a file without a name (O_TMPFILE on Linux, unlinked at once
    elsewhere) that workers inherit open: the kernel frees it when the last process holding it
    ends, however it ends. Named dumps outlived servers stopped by SIGTERM or SIGKILL."""
    dump = tempfile.TemporaryFile(prefix="stargate-kg-sparql-")  # noqa: SIM115 - the pool closes it
    ox.serialize(quads, dump, format=ox.RdfFormat.N_QUADS)
    dump.flush()
    return dump


def _launch(source: EngineSource) -> _Worker:
    """A fresh interpreter running graph.sparql.worker, talking over a socket pair.

    Not multiprocessing: its spawn start method would re-import the server's main module (the
    whole app) in every worker, and fork is unsafe in a process with threads and an event loop.
    """
    ours, theirs = socket.socketpair()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
    with theirs:
        process = subprocess.Popen(
            [sys.executable, "-m", "graph.sparql.worker", str(theirs.fileno())],
            pass_fds=[theirs.fileno(), *([source.dump_fd] if source.dump_fd >= 0 else [])],
            stdin=subprocess.DEVNULL,
            env=env,
        )
    conn = Connection(ours.detach())
    conn.send(source)
    return _Worker(process, conn)


class QueryPool:
    """Workers for one engine source; `dump`, the file `source.dump_fd` refers to, is the pool's
    to close."""

    def __init__(
        self,
        source: EngineSource,
        *,
        size: int,
        timeout: float,
        dump: IO[bytes] | None = None,
        start_timeout: float = 600.0,
    ) -> None:
        self.source, self.size, self.timeout, self.start_timeout = source, max(1, size), timeout, start_timeout
        self.failure = ""  # why workers could not start, told to clients instead of a long wait
        self.confinement = ""  # how the workers are confined, as the first one said (graph/sparql/confine.py)
        self._dump = dump
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._started = threading.Event()  # set when the first worker is ready
        for _ in range(self.size):
            self._start_in_background()
        atexit.register(self.close)

    @property
    def pids(self) -> list[int]:
        """The workers' process ids (tests check that a stopped query's worker is gone)."""
        with self._lock:
            return sorted(w.process.pid for w in self._all)

    def _start_in_background(self) -> None:
        threading.Thread(target=self._start, name="sparql-worker-start", daemon=True).start()

    def _start(self) -> None:
        for attempt in range(1, _START_ATTEMPTS + 1):
            with self._lock:  # never launched once closed: the dump it inherits may be closed
                if self._closed:
                    return
                worker = _launch(self.source)
                self._all.add(worker)
            message: tuple[str, object] = ("failed", "no answer")
            try:
                if worker.conn.poll(self.start_timeout):
                    message = worker.conn.recv()
            except (EOFError, OSError) as error:
                message = ("failed", f"the worker exited while starting: {error}")
            if message[0] == "ready":
                if not self.confinement:
                    self.confinement = str(message[1])
                    log.info("SPARQL workers: %s", self.confinement)
                self.failure = ""
                self._started.set()
                self._release(worker)
                return
            self._discard(worker)
            self.failure = f"query workers cannot start: {message[1]}"
            log.error("%s (attempt %d of %d)", self.failure, attempt, _START_ATTEMPTS)

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            closed = self._closed
        if closed:
            self._discard(worker)
        else:
            self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        with self._lock:
            closed = self._closed
        if not closed:
            self._start_in_background()

    def wait_started(self) -> bool:
        """Block until a worker is ready (True) or none could start within `start_timeout`."""
        deadline = time.monotonic() + self.start_timeout
        while not self._started.wait(0.25):
            if (self.failure and not self._all) or time.monotonic() > deadline:
                return False
        return True

    def _take(self) -> _Worker | None:
        """An idle worker, waiting at most `timeout` once the pool has started (`start_timeout`
        before), and no longer once workers cannot start."""
        deadline = time.monotonic() + (self.timeout if self._started.is_set() else self.start_timeout)
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                worker = self._idle.get(timeout=min(remaining, 0.25))
            except queue.Empty:
                if self.failure and not self._all:
                    return None
                continue
            if worker.process.poll() is None:
                return worker
            self._replace(worker)  # it died while idle (killed, out of memory): never give it a query
        return None

    def run(self, job: Job) -> Answer:
        worker = self._take()
        if worker is None:
            if self.failure:
                return error_answer(503, self.failure)
            busy = f"all {self.size} query workers are busy; try again later"
            return error_answer(503, busy, retry_after=math.ceil(self.timeout))
        try:
            worker.conn.send(job)
            answer: Answer | None = worker.conn.recv() if worker.conn.poll(self.timeout) else None
        except Exception as error:
            return self._lost(worker, error)
        if answer is None:
            self._replace(worker)
            log.warning("query stopped after %.1f s: %.200s", self.timeout, job.query)
            return error_answer(
                503, f"the query ran longer than {self.timeout:g} s (setting sparql_timeout) and was stopped"
            )
        self._release(worker)
        return answer

    def _lost(self, worker: _Worker, error: Exception) -> Answer:
        """The worker died while answering: Oxigraph aborts a worker past its memory limit."""
        try:
            code = worker.process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        self._replace(worker)
        log.error("query worker %d stopped while answering (exit status %s, %r)", worker.process.pid, code, error)
        limit = self.source.memory_bytes
        cause = (
            f"most likely the query needed more than the {limit / 1e6:g} MB a query worker may use "
            "beyond its store (setting sparql_memory_bytes)"
            if limit > 0
            else "out of memory?"
        )
        return error_answer(503, f"the query worker stopped while answering ({cause}); the query was abandoned")

    def _close_dump(self) -> None:
        with self._lock:
            dump, self._dump = self._dump, None
        if dump is not None:
            dump.close()  # workers that loaded it closed theirs; the kernel frees it with the last

    def retire(self) -> None:
        """Take no new queries: idle workers stop now, busy ones when their query ends."""
        with self._lock:
            self._closed = True
        self._close_dump()
        while True:
            try:
                self._discard(self._idle.get_nowait())
            except queue.Empty:
                return

    def close(self) -> None:
        """Stop every worker; queries still running are abandoned."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        self._close_dump()
        for worker in workers:
            worker.kill()
