"""graph/server/serve.py: the server says what it does while it loads, then where it answers."""

from __future__ import annotations

import psutil

from graph.ingest.pipeline import Compiled
from graph.server.landing import entry_point_lines
from tests.live import LiveServer


def test_the_start_log_lists_the_entry_points_after_the_loading_steps(
    live_server: LiveServer, compiled: Compiled
) -> None:
    log = live_server.log()
    steps = [
        "reading the seeds in",
        f"built {len(compiled.quads)} quads",
        "SHACL shapes conform",
        "store ready: graph",
        "starting 2 SPARQL query workers",
        "SPARQL query workers ready",
        "Uvicorn running",
    ]
    positions = [log.index(step) for step in [*steps, "ready; entry points:"]]
    assert positions == sorted(positions)
    for line in entry_point_lines(live_server.url + "/"):
        assert f"INFO stargate_kg:   {line}\n" in log
    assert f"Landing page: {live_server.url}/\n" in log


def test_the_sparql_workers_run_before_the_server_says_it_is_ready(live_server: LiveServer) -> None:
    """The first query finds its workers loaded (at 200x it had waited 31 s for them)."""
    children = psutil.Process(live_server.process.pid).children(recursive=True)
    assert sum("graph.sparql.worker" in " ".join(child.cmdline()) for child in children) >= 1
