"""Memo: each value is computed once, and a long computation holds up only its own key."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.runtime.memo import Memo


def test_a_value_is_computed_once_however_many_threads_ask() -> None:
    memo, calls, started = Memo(), [], threading.Barrier(8)

    def ask() -> int:
        started.wait(timeout=10)
        return memo.get("answer", lambda: calls.append(1) or len(calls))

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: ask(), range(8)))
    assert answers == [1] * 8 and calls == [1]


def test_a_slow_computation_does_not_hold_up_another_key() -> None:
    memo, release, entered = Memo(), threading.Event(), threading.Event()

    def slow() -> str:
        entered.set()
        assert release.wait(timeout=10), "the other key was not served while this one computed"
        return "slow"

    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(memo.get, "projection", slow)
        assert entered.wait(timeout=10)
        assert memo.get("cache", lambda: "fast") == "fast"  # would deadlock with one lock for all keys
        assert "projection" not in memo
        release.set()
        assert pending.result(timeout=10) == "slow"
    assert "projection" in memo


def test_a_failed_computation_is_not_kept() -> None:
    memo = Memo()

    def fail() -> int:
        raise ValueError("store unreachable")

    with pytest.raises(ValueError, match="unreachable"):
        memo.get("k", fail)
    assert memo.get("k", lambda: 7) == 7
