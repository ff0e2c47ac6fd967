"""reload.py: `serve --watch` swaps graphs atomically and keeps the last good one on bad edits."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph.ingest.seeds import DEFAULT_SEED_DIR
from graph.store.reload import watch
from graph.store.snapshot import GraphHolder, Snapshot, open_snapshot
from tests.graphql_http import ask
from tests.live import LiveServer, assert_still_serving, run_server

# One response reveals which graph answered: the edit renames SoftBank AND adds a claim, so an
# answer mixing the two graphs would pair one graph's label with the other's claim count.
PROBE = '{ entity(id: "softbank") { label } claims(first: 1) { totalCount } }'
CLAIMS = "seeds/claims/004_5cf1b9cad3f7a47d.yaml"
EXTRA_CLAIM = """
  - id: reload-test-extra-claim
    subject: softbank
    relation: funds
    object: stargate
    quote: OpenAI和软银将各向“星际之门”注资190亿美元
    quote_en: OpenAI and SoftBank will each put US$19 billion into "Stargate"
"""


@pytest.fixture()
def watched(tmp_path: Path) -> LiveServer:
    seeds = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEED_DIR, seeds)
    with run_server("--watch", "--seeds", str(seeds), "--no-introspection", log_dir=tmp_path) as server:
        server.seeds = seeds  # type: ignore[attr-defined]
        yield server  # type: ignore[misc]


def probe(server: LiveServer) -> tuple[str, int]:
    data = ask(server.url, PROBE)
    return data["entity"]["label"], data["claims"]["totalCount"]


def wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the server did not reload in time"
        time.sleep(0.2)


def test_every_answer_comes_from_the_old_graph_or_the_new_one(watched: LiveServer) -> None:
    seeds: Path = watched.seeds  # type: ignore[attr-defined]
    old = probe(watched)
    answers: list[tuple[str, int]] = []
    stop = threading.Event()

    def client() -> None:
        for _ in range(2000):  # bounded in count, and in time by the test
            if stop.is_set():
                return
            answers.append(probe(watched))

    reader = threading.Thread(target=client)
    reader.start()
    try:
        time.sleep(0.5)
        entities = seeds / "entities" / "core.yaml"
        entities.write_text(
            entities.read_text(encoding="utf-8").replace(
                "  label: SoftBank Group\n", "  label: SoftBank Group Corp.\n"
            ),
            encoding="utf-8",
        )
        with (seeds / "claims" / Path(CLAIMS).name).open("a", encoding="utf-8") as claims:
            claims.write(EXTRA_CLAIM)
        new = ("SoftBank Group Corp.", old[1] + 1)
        wait_for(lambda: probe(watched) == new)
        time.sleep(0.5)
    finally:
        stop.set()
        reader.join(timeout=60)
    assert answers, "the client got no answer"
    assert set(answers) <= {old, new}, f"mixed answers: {set(answers) - {old, new}}"
    assert old in answers


def test_an_invalid_edit_keeps_the_last_good_graph_and_reports_why(watched: LiveServer) -> None:
    seeds: Path = watched.seeds  # type: ignore[attr-defined]
    before = probe(watched)
    version = httpx.get(watched.url + "/health").json()["graph_version"]
    claims = seeds / "claims" / Path(CLAIMS).name
    good_text = claims.read_text(encoding="utf-8")
    claims.write_text(
        good_text + "\n  - id: broken\n    subject: nobody-at-all\n    relation: funds\n"
        "    object: stargate\n    quote: 这句话不在文中\n",
        encoding="utf-8",
    )
    wait_for(lambda: httpx.get(watched.url + "/health").json()["status"] == "degraded")
    health = httpx.get(watched.url + "/health").json()
    assert health["graph_version"] == version
    assert any(
        "unknown entity 'nobody-at-all'" in e and "004_5cf1b9cad3f7a47d.yaml" in e for e in health["reload_errors"]
    )
    assert probe(watched) == before
    assert "rebuild failed" in watched.log() and "nobody-at-all" in watched.log()
    claims.write_text(good_text + EXTRA_CLAIM, encoding="utf-8")
    wait_for(lambda: httpx.get(watched.url + "/health").json()["status"] == "ok")
    assert probe(watched) == (before[0], before[1] + 1)


def _directory_named_yaml(seeds: Path) -> Path:
    (seeds / "claims" / "x.yaml").mkdir()
    return seeds / "claims" / "x.yaml"


def _list_nested_3000_deep(seeds: Path) -> Path:
    deep = seeds / "claims" / "deep.yaml"
    deep.write_text("claims: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    return deep


@pytest.mark.parametrize("damage", [_directory_named_yaml, _list_nested_3000_deep])
def test_a_rebuild_that_raises_is_reported_and_later_edits_still_load(watched: LiveServer, damage) -> None:  # type: ignore[no-untyped-def]
    """The watcher died on an IsADirectoryError or a RecursionError: /health kept saying ok and
    no later edit was loaded."""
    seeds: Path = watched.seeds  # type: ignore[attr-defined]
    before = probe(watched)
    damaged = damage(seeds)
    wait_for(lambda: httpx.get(watched.url + "/health").json()["status"] == "degraded")
    [problem, *_] = httpx.get(watched.url + "/health").json()["reload_errors"]
    assert damaged.name in problem and "Traceback" not in problem
    assert probe(watched) == before
    shutil.rmtree(damaged) if damaged.is_dir() else damaged.unlink()
    with (seeds / "claims" / Path(CLAIMS).name).open("a", encoding="utf-8") as claims:
        claims.write(EXTRA_CLAIM)
    wait_for(lambda: httpx.get(watched.url + "/health").json()["status"] == "ok")
    assert probe(watched) == (before[0], before[1] + 1)
    assert_still_serving(watched)


def test_the_watcher_outlives_any_exception_of_a_rebuild(tmp_path: Path) -> None:
    """Not only seed problems: whatever a rebuild raises (here the preparation of the new graph,
    which no seed check covers) fails that attempt, is reported, and the next edit is loaded."""
    seeds = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEED_DIR, seeds)
    holder = GraphHolder(open_snapshot("embedded", seeds))
    first = holder.current.version
    failures = [RuntimeError("the search index could not be built")]

    def prepare(snapshot: Snapshot) -> None:
        if failures:
            raise failures.pop()

    holder.prepare = prepare

    async def scenario() -> None:
        watcher = asyncio.create_task(watch(holder, seeds, interval=0.1))
        await asyncio.sleep(0.5)  # its first look at the files
        claims = seeds / "claims" / Path(CLAIMS).name
        claims.write_text(claims.read_text(encoding="utf-8") + EXTRA_CLAIM, encoding="utf-8")
        while not holder.errors:
            assert not watcher.done(), watcher.exception()
            await asyncio.sleep(0.1)
        assert holder.errors == ["the rebuild failed: RuntimeError: the search index could not be built"]
        assert holder.current.version == first and not watcher.done()
        claims.write_text(claims.read_text(encoding="utf-8").replace("reload-test-extra-claim", "x"), encoding="utf-8")
        while holder.current.version == first:
            await asyncio.sleep(0.1)
        assert holder.errors == [] and holder.reloads == 1
        watcher.cancel()

    asyncio.run(asyncio.wait_for(scenario(), timeout=120))
