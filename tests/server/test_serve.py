"""graph/server/serve.py: the server says what it does while it loads."""

from __future__ import annotations

from tests.live import LiveServer


def test_the_start_log_tells_the_loading_steps_in_order(live_server: LiveServer) -> None:
    log = live_server.log()
    steps = [
        "reading the seeds in",
        "built 6312 quads",
        "SHACL shapes conform",
        "store ready: graph",
        "Uvicorn running",
    ]
    positions = [log.index(step) for step in steps]
    assert positions == sorted(positions)
