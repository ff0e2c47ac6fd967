"""What a query worker process may reach: no network, and a bounded amount of memory.

Defence in depth behind the guard (graph/sparql/guard.py). An embedded-store worker needs no
network, so it moves into a network namespace of its own (Linux), whose only interface is a
loopback that is down: every connection fails, to 127.0.0.1 too, whatever an engine tries
(SERVICE, or anything a future version may fetch). Creating one needs CAP_SYS_ADMIN (root, as
in CI and in containers run as root); without it a user namespace grants the capability where
the kernel allows unprivileged ones. Where neither works, the worker runs unconfined and says
why (the pool logs it), and the guard still refuses SERVICE. Workers of a remote store need the
network to reach it and are not isolated.

Memory: RLIMIT_DATA caps the worker's writable memory at what it holds once its engine is
loaded, plus the query thread's stack, plus the `sparql_memory_bytes` setting. Past it, an
allocation fails: Oxigraph aborts the process, Python raises MemoryError (the worker answers and
retires); either way the pool replaces the worker and the client gets a clear 503.

CPU: a worker runs at a lower priority (niceness +WORKER_NICENESS), so that on a machine with few
cores a heavy query yields to the server's event loop, which answers every other request.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from pathlib import Path

WORKER_NICENESS = 10
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def isolate_network() -> str:
    """Move this process into a network namespace without a working interface; say how it went.

    Call it before the process starts any thread: only a single-threaded process may enter a
    new user namespace.
    """
    if not sys.platform.startswith("linux"):
        return "not isolated from the network (network namespaces are Linux-only); the guard refuses SERVICE"
    libc = ctypes.CDLL(None, use_errno=True)
    failures = []
    attempts = ((CLONE_NEWNET, "a network namespace"), (CLONE_NEWUSER | CLONE_NEWNET, "user and network namespaces"))
    for flags, how in attempts:
        if libc.unshare(flags) == 0:
            return f"isolated from the network ({how} of its own, no interface up)"
        failures.append(f"{how}: {os.strerror(ctypes.get_errno())}")
    return "NOT isolated from the network (" + "; ".join(failures) + "); the guard still refuses SERVICE"


def _writable_bytes() -> int:
    """The process's writable private memory, as RLIMIT_DATA counts it (VmData, Linux)."""
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmData in /proc/self/status")


def limit_memory(extra: int, reserved: int) -> str:
    """Cap writable memory at what the process holds now, plus `reserved` (a thread stack still to
    be made), plus `extra`; say what the limit is. `extra` <= 0 means no limit."""
    if extra <= 0:
        return "no memory limit (sparql_memory_bytes is 0)"
    try:
        limit = _writable_bytes() + reserved + extra
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (OSError, ValueError) as error:
        return f"no memory limit (RLIMIT_DATA could not be set: {error})"
    return f"writable memory limited to {limit >> 20} MiB ({extra >> 20} MiB beyond the loaded engine)"


def lower_priority(increment: int = WORKER_NICENESS) -> str:
    """Make the process yield the CPU to the server; say how."""
    try:
        niceness = os.nice(increment)
    except OSError as error:
        return f"priority unchanged ({error})"
    return f"niceness {niceness} (queries yield the CPU to the server)"
