"""graph/server/serve.py: the server says what it does while it loads, then where it answers."""

from __future__ import annotations

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
        "Uvicorn running",
    ]
    positions = [log.index(step) for step in [*steps, "ready; SPARQL query workers"]]
    assert positions == sorted(positions)
    for line in entry_point_lines(live_server.url + "/"):
        assert f"INFO stargate_kg:   {line}\n" in log
    assert f"Landing page: {live_server.url}/\n" in log
