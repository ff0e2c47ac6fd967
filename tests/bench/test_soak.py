"""bench/soak.py: a few seconds of the soak, as the benchmark command runs it. The full five
minutes run outside the test suite (`python -m bench soak`); here only that it measures and
checks: no time is asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_soak_checks_every_answer_and_reports_latency_and_memory(tmp_path: Path) -> None:
    out = tmp_path / "soak.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph.cli.main",
            "bench",
            "soak",
            "--duration",
            "3",
            "--clients",
            "4",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    by_traffic = {row[0]: row for row in report["rows"]}
    assert set(by_traffic) == {"graphql", "sparql", "all"}
    assert by_traffic["graphql"][1] > 0 and by_traffic["sparql"][1] > 0  # both kinds were sent
    assert by_traffic["all"][2] == 0 and report["failures"] == []  # none, while abusive clients attacked
    assert report["abusive_clients"] == 4 and sum(sum(answers.values()) for answers in report["abuse"].values()) > 0
    assert report["event_loop_lateness_ms"]["max_ms"] >= 0
    assert report["server_alive_at_end"] and report["server_exceptions"] == 0
    assert report["rss_mib"]["start"][0] > 0 and report["rss_mib"]["end"][0] > 0 and report["rss_mib"]["samples"]
    assert "p99 ms" in result.stdout and "end of load" in result.stdout
