"""bench/disk_world.py: what counts as an answer, what counts as a failure, and the report (issue 19)."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import psutil

from bench.disk_world import Sampler, _nonempty, failures, tables
from bench.server_process import tree_rss


def test_an_answer_is_empty_when_a_list_has_no_nodes_or_a_field_is_null() -> None:
    assert _nonempty({"totalCount": 3, "nodes": [{"id": "a"}]})
    assert not _nonempty({"totalCount": 0, "nodes": []})
    assert _nonempty({"id": "softbank", "label": "SoftBank"})
    assert not _nonempty(None)
    assert not _nonempty([])


def _results(**serving: Any) -> dict[str, Any]:
    return {
        "world": "bench-results/worlds/x240",
        "generated": {"claims": 131520},
        "memory_total_mib": 24_000.0,
        "bulk": {
            "dumped_quads": 10,
            "export_s": 1.0,
            "export_peak_rss_mib": 100.0,
            "dump_mib": 1.0,
            "load_s": 1.0,
            "load_peak_rss_mib": 50.0,
            "store_mib": 2.0,
        },
        "serving": {"quads": 10, "peak_sum_rss_mib": 900.0, **serving},
    }


def test_a_failed_query_a_missing_quad_and_memory_past_the_machine_are_failures() -> None:
    ok = {"first_ms": 5.0, "p50_ms": 4.0, "p95_ms": 6.0, "runs": 3}
    assert failures(_results(graphql={"search": ok})) == []
    failed = _results(graphql={"search": {"error": "status 504", "after_s": 10.0}}, quads=9, peak_sum_rss_mib=25_000.0)
    found = failures(failed)
    assert found[0] == "graphql search: status 504"
    assert "9 quads" in found[1] and "exceeds" in found[2]
    table = tables(failed)
    assert "FAILED after 10.0 s" in table and "NO" in table


def test_the_sampler_counts_a_process_tree_and_its_peak() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "b = bytearray(50 * 2**20); b[::4096] = b'x' * len(b[::4096]); input()"],
        stdin=subprocess.PIPE,
    )
    sampler = Sampler(interval=0.05)
    try:
        sampler.watch("child", child.pid)
        deadline = time.monotonic() + 30
        while tree_rss(psutil.Process(child.pid)) < 50 * 2**20 and time.monotonic() < deadline:
            time.sleep(0.05)
        sampler.sample()
        assert sampler.peaks["child"] >= 50 * 2**20
        assert sampler.peak_sum >= sampler.peaks["child"]
    finally:
        sampler.close()
        child.kill()
        child.wait()
