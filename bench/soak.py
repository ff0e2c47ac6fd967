"""The load soak: mixed GraphQL and SPARQL traffic against a real server for minutes, on loopback.

    uv run python -m bench soak                       # 32 clients, 5 minutes
    uv run python -m bench soak --duration 30 --clients 8
    uv run stargate-kg bench soak                     # the same through the CLI

A real `server.py` (a subprocess, its GraphQL caches off unless --with-caches, so every request
executes) answers 32 keep-alive clients, each sending requests drawn from a fixed mix: GraphQL
(entities, their relations, search, sites, contradictions, conflict paths) and SPARQL (the named
queries of graph/sparql/queries, an entity's triples, ASK), varied over the seed graph's entities. Every
distinct request is answered once alone first; under load each answer must repeat that body
byte for byte, or it counts as failed (so does a timeout or a dropped connection). Each client's
loop is bounded in requests and in time. The report gives failed requests, p50/p99 latency,
requests per second, and the server's resident memory at the start and the end of the load.

Abusive clients (4 by default, --abusive) send, meanwhile, the attacks of issue 15 that the
server must survive, each on a connection of its own: a GraphQL fan-out through plain lists,
distinct `paths` queries and distinct documents of a 30 kB string (which grew unbounded caches),
a 900 kB document, a body over the limit, a request framed by both Content-Length and
Transfer-Encoding; and from one of them only, SPARQL: a cross product that runs until its
timeout and a call of an unknown function. One, because a cross product holds a query worker for
the whole SPARQL timeout: two abusive clients hold both workers, and normal SPARQL requests then
wait for them (the bounded queue of finding 3 bounds the wait, not the capacity). Their answers
are counted by status, not checked: what is checked is that the normal traffic loses no request,
that memory stays flat, and how late the server's event loop ran (its /health probe).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psutil

from bench.graphql import exchange, http_request
from bench.probe import percentile
from bench.server_process import free_port, stop, wait_ready
from graph.cli.table import format_table
from graph.files.atomic import write_atomically
from graph.sparql.page import QUERY_DIR

ROOT = Path(__file__).resolve().parent.parent
REQUEST_TIMEOUT_S = 30.0
ENTITY_SAMPLE = 40  # entities the varied requests are about
GRAPHQL_SHARE = 0.7  # of the requests; the rest are SPARQL

GRAPHQL_PER_ENTITY = [
    '{{ entity(id: "{id}") {{ id type label aliases labels {{ value language }} }} }}',
    (
        '{{ entity(id: "{id}") {{ label relations(first: 20) {{ totalCount nodes {{ relation direction '
        "entity {{ id label }} claims {{ id quote document {{ id }} }} }} }} }} }}"
    ),
    '{{ search(text: "{label}", first: 5) {{ totalCount nodes {{ score matched entity {{ id }} }} }} }}',
]
GRAPHQL_FIXED = [
    (
        "{ sites(first: 50) { totalCount nodes { id label deployments { count status chip { id label } "
        "claim { quote document { id outlet } } } gpuTotals { count document { id } } } } }"
    ),
    (
        "{ contradictions(first: 50) { totalCount nodes { label relation subject { id } claims { id amount currency "
        "quote document { id published } } } } }"
    ),
    '{ fundingTotals(recipient: "stargate") { funder { id } document { id } amount currency } }',
    "{ documents { totalCount nodes { id title outlet published } } }",
]
SPARQL_PER_ENTITY = [
    "SELECT ?p ?o WHERE {{ sgid:{id} ?p ?o }} ORDER BY ?p ?o LIMIT 50",
    "ASK {{ ?claim rdf:subject sgid:{id} }}",
]


@dataclass
class Kind:
    """The figures of one kind of traffic."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


@dataclass
class Soak:
    kinds: dict[str, Kind] = field(default_factory=lambda: {"graphql": Kind(), "sparql": Kind()})
    rss_samples: list[tuple[float, float, float]] = field(default_factory=list)  # (s, server MiB, with workers)
    abuse: dict[str, Counter[str]] = field(default_factory=dict)  # attack -> answers by status (or error)


def fan_out_query(aliases: int, levels: int) -> str:
    """Finding 4: claims, their contradictions' claims, theirs... under pages of 100."""
    inner = "id quote"
    for _ in range(levels):
        inner = f"id quote contradictions {{ claims {{ {inner} }} }}"
    return "{ " + " ".join(f"a{i}: claims(first: 100) {{ nodes {{ {inner} }} }}" for i in range(aliases)) + " }"


def _graphql(query: str) -> bytes:
    return _closing(http_request("POST", "/graphql", json.dumps({"query": query}).encode()))


def _sparql(query: str) -> bytes:
    return _closing(http_request("GET", "/sparql?query=" + quote(query)))


def _closing(request: bytes) -> bytes:
    head, _, body = request.partition(b"\r\n\r\n")
    return head + b"\r\nConnection: close\r\n\r\n" + body


def _smuggling() -> bytes:
    body = json.dumps({"query": "{ __typename }"}).encode()
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    head = [
        "POST /graphql HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        f"Content-Length: {len(chunked)}",
        "Transfer-Encoding: chunked",
    ]
    smuggled = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    return ("\r\n".join(head) + "\r\n\r\n").encode() + chunked + smuggled


Attacks = dict[str, Callable[[random.Random, list[str]], bytes]]
HTTP_ATTACKS: Attacks = {
    "graphql fan-out through plain lists": lambda _, __: _graphql(fan_out_query(30, 5)),
    "graphql 4 nested pages of 100": lambda _, __: _graphql(fan_out_query(4, 2)),
    "graphql distinct paths": lambda chooser, ids: _graphql(
        f'{{ paths(source: "{chooser.choice(ids)}", target: "{chooser.choice(ids)}", '
        f"maxLength: {chooser.randint(1, 6)}) {{ truncated paths(first: 100) {{ nodes {{ text "
        "steps { relationships { relation claims { id quote } } } } } } }"
    ),
    "graphql distinct 30 kB documents": lambda chooser, _: _graphql(
        f'{{ search(text: "{chooser.randrange(10**6):06d}{"x" * 30_000}") {{ totalCount }} }}'
    ),
    "graphql 900 kB document": lambda _, __: _graphql(f'{{ search(text: "{"x" * 900_000}") {{ totalCount }} }}'),
    "body over the limit": lambda _, __: _closing(http_request("POST", "/graphql", b"{" + b" " * 2_000_000 + b"}")),
    "content-length with transfer-encoding": lambda _, __: _smuggling(),
}
SPARQL_ATTACKS: Attacks = {  # sent by one abusive client only (see above)
    "sparql cross product": lambda _, __: _sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
    "sparql unknown function": lambda _, __: _sparql("SELECT * WHERE { BIND(<urn:fn>(1) AS ?x) }"),
}
ABUSE_TIMEOUT_S = 120.0  # a cross product runs until the SPARQL timeout (30 s), then waits for a worker


async def _abuser(
    port: int, ids: list[str], soak: Soak, deadline: float, max_requests: int, seed: int, attacks: Attacks
) -> None:
    """One abusive client: some of `attacks`, each on a new connection, counted by answer."""
    chooser = random.Random(seed)
    for _ in range(max_requests):
        if time.monotonic() >= deadline:
            break
        name = chooser.choice(sorted(attacks))
        outcome = "no answer"
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                writer.write(attacks[name](chooser, ids))
                status_line = await asyncio.wait_for(reader.readline(), ABUSE_TIMEOUT_S)
                outcome = status_line.split(b" ")[1].decode() if status_line else "closed"
                await asyncio.wait_for(reader.read(), ABUSE_TIMEOUT_S)  # the rest, until the server closes
            finally:
                writer.close()
        except (OSError, TimeoutError, IndexError) as error:
            outcome = outcome if outcome != "no answer" else type(error).__name__
        soak.abuse.setdefault(name, Counter())[outcome] += 1


def _rss_mib(server: psutil.Process) -> tuple[float, float]:
    own = server.memory_info().rss
    workers = 0
    for child in server.children(recursive=True):
        try:
            workers += child.memory_info().rss
        except psutil.NoSuchProcess:  # a worker replaced meanwhile
            continue
    return own / 2**20, (own + workers) / 2**20


def _mix(url: str) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(kind, raw HTTP request) for every distinct request of the traffic; the entities' ids."""
    with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client:
        page = client.post(
            url + "/graphql", json={"query": f"{{ entities(first: {ENTITY_SAMPLE}) {{ nodes {{ id label }} }} }}"}
        ).json()
    entities = page["data"]["entities"]["nodes"]
    graphql = [t.format(id=e["id"], label=e["label"].replace('"', "")) for t in GRAPHQL_PER_ENTITY for e in entities]
    sparql = [t.format(id=e["id"]) for t in SPARQL_PER_ENTITY for e in entities]
    sparql += [
        path.read_text(encoding="utf-8")
        for path in sorted(QUERY_DIR.glob("*.rq"))
        if not path.name.startswith("projection-")
    ]
    requests = [
        ("graphql", http_request("POST", "/graphql", json.dumps({"query": q}).encode()))
        for q in graphql + GRAPHQL_FIXED
    ] + [("sparql", http_request("GET", "/sparql?query=" + quote(q))) for q in sparql]
    return requests, [e["id"] for e in entities]


async def _references(port: int, mix: list[tuple[str, bytes]]) -> dict[bytes, bytes]:
    """Each request's answer alone, checked: what every answer under load must repeat."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    expected = {}
    try:
        for kind, request in mix:
            status, body = await asyncio.wait_for(exchange(reader, writer, request), REQUEST_TIMEOUT_S)
            payload = json.loads(body)
            if status != 200 or (kind == "graphql" and (payload.get("errors") or not payload.get("data"))):
                raise SystemExit(f"bad reference answer {status} to {request[:120]!r}: {body[:300]!r}")
            expected[request] = body
    finally:
        writer.close()
    return expected


async def _client(
    port: int,
    mix: list[tuple[str, bytes]],
    expected: dict[bytes, bytes],
    soak: Soak,
    deadline: float,
    max_requests: int,
    seed: int,
) -> None:
    """One keep-alive client: random requests of the mix until the deadline or `max_requests`."""
    chooser = random.Random(seed)
    graphql = [m for m in mix if m[0] == "graphql"]
    sparql = [m for m in mix if m[0] == "sparql"]
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    for _ in range(max_requests):
        if time.monotonic() >= deadline:
            break
        kind, request = chooser.choice(graphql if chooser.random() < GRAPHQL_SHARE else sparql)
        figures = soak.kinds[kind]
        started = time.perf_counter()
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", port)
            status, body = await asyncio.wait_for(exchange(*connection, request), REQUEST_TIMEOUT_S)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError, RuntimeError) as error:
            figures.failures.append(f"{type(error).__name__}: {error} ({request[:80]!r})")
            if connection is not None:
                connection[1].close()
            connection = None
            continue
        figures.latencies.append(time.perf_counter() - started)
        if status != 200 or body != expected[request]:
            figures.failures.append(f"{status}: {body[:200]!r} ({request[:80]!r})")
    if connection is not None:
        connection[1].close()


async def _sample_memory(server: psutil.Process, soak: Soak, began: float, deadline: float, every: float) -> None:
    while time.monotonic() < deadline:
        own, total = _rss_mib(server)
        soak.rss_samples.append((time.monotonic() - began, own, total))
        await asyncio.sleep(min(every, max(0.0, deadline - time.monotonic())))


async def _load(
    port: int,
    server: psutil.Process,
    mix: list[tuple[str, bytes]],
    expected: dict[bytes, bytes],
    load: Load,
    ids: list[str],
) -> tuple[Soak, float]:
    soak = Soak()
    began = time.monotonic()
    deadline = began + load.duration
    sampler = asyncio.create_task(_sample_memory(server, soak, began, deadline, every=max(1.0, load.duration / 30)))
    await asyncio.gather(
        *(_client(port, mix, expected, soak, deadline, load.max_requests, seed) for seed in range(load.clients)),
        *(
            _abuser(port, ids, soak, deadline, load.max_requests, seed, SPARQL_ATTACKS if seed == 0 else HTTP_ATTACKS)
            for seed in range(load.abusive)
        ),
    )
    await sampler
    return soak, time.monotonic() - began


def _rows(soak: Soak, seconds: float) -> list[list[object]]:
    rows: list[list[object]] = []
    everything = Kind(
        [t for k in soak.kinds.values() for t in k.latencies], [f for k in soak.kinds.values() for f in k.failures]
    )
    for name, kind in [*soak.kinds.items(), ("all", everything)]:
        times = kind.latencies or [float("nan")]
        rows.append(
            [
                name,
                len(kind.latencies) + len(kind.failures),
                len(kind.failures),
                f"{len(kind.latencies) / seconds:,.0f}",
                f"{1000 * percentile(times, 50):.1f}",
                f"{1000 * percentile(times, 99):.1f}",
                f"{1000 * max(times):.0f}",
            ]
        )
    return rows


@dataclass(frozen=True)
class Load:
    duration: float
    clients: int
    max_requests: int
    abusive: int


def run(load: Load, with_caches: bool) -> dict[str, Any]:
    port = free_port()
    flags = [] if with_caches else ["--graphql-cache-bytes", "0", "--graphql-response-cache-bytes", "0"]
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would stall the server's logging
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "server.py"), "--port", str(port), *flags],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_ready(port, process)
            server = psutil.Process(process.pid)
            rss_ready = _rss_mib(server)
            mix, ids = _mix(f"http://127.0.0.1:{port}")
            expected = asyncio.run(_references(port, mix))
            rss_start = _rss_mib(server)
            soak, seconds = asyncio.run(_load(port, server, mix, expected, load, ids))
            rss_end = _rss_mib(server)
            alive = process.poll() is None
            lateness = httpx.get(f"http://127.0.0.1:{port}/health", timeout=REQUEST_TIMEOUT_S).json()
            lateness = lateness["event_loop_lateness"]
        finally:
            stop(process)
        log.seek(0)
        crashes = log.read().decode(errors="replace").count("Exception in ASGI application")
    return {
        "duration_s": seconds,
        "clients": load.clients,
        "abusive_clients": load.abusive,
        "distinct_requests": len(mix),
        "with_caches": with_caches,
        "cores": os.cpu_count(),
        "server_alive_at_end": alive,
        "server_exceptions": crashes,
        "rows": _rows(soak, seconds),
        "failures": [f for k in soak.kinds.values() for f in k.failures][:20],
        "rss_mib": {"ready": rss_ready, "start": rss_start, "end": rss_end, "samples": soak.rss_samples},
        "abuse": {name: dict(sorted(answers.items())) for name, answers in sorted(soak.abuse.items())},
        "event_loop_lateness_ms": lateness,
    }


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load (default: %(default)s)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default: %(default)s)")
    parser.add_argument(
        "--abusive", type=int, default=4, help="concurrent abusive clients, besides (default: %(default)s)"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=1_000_000,
        help="most requests per client, whatever the duration (default: %(default)s)",
    )
    parser.add_argument(
        "--with-caches",
        action="store_true",
        help="keep the server's GraphQL caches on (default: off, so every request executes)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench-results" / "soak.json",
        help="the JSON results file (default: %(default)s)",
    )
    return parser


def main(argv: list[str], prog: str = "python -m bench soak") -> int:
    args = build_parser(prog).parse_args(argv)
    result = run(Load(args.duration, args.clients, args.max_requests, args.abusive), args.with_caches)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=1) + "\n"
    write_atomically(args.out, lambda output: output.write(text.encode("utf-8")))
    rss = result["rss_mib"]
    print(
        f"soak: {result['clients']} clients and {result['abusive_clients']} abusive ones for "
        f"{result['duration_s']:.0f} s on loopback, {result['distinct_requests']} distinct requests, "
        f"GraphQL caches {'on' if args.with_caches else 'off'}, {result['cores']} cores"
    )
    print(format_table(["traffic", "requests", "failed", "req/s", "p50 ms", "p99 ms", "max ms"], result["rows"]))
    samples = rss["samples"]
    warm = next((s for s in samples if s[0] >= result["duration_s"] / 10), samples[-1])  # connections are open
    print(
        format_table(
            [
                "server RSS (MiB)",
                "ready",
                "start of load",
                f"{warm[0]:.0f} s in",
                "end of load",
                "min during",
                "max during",
            ],
            [
                [
                    name,
                    *(f"{rss[k][i]:.0f}" for k in ("ready", "start")),
                    f"{warm[i + 1]:.0f}",
                    f"{rss['end'][i]:.0f}",
                    f"{min(s[i + 1] for s in samples):.0f}",
                    f"{max(s[i + 1] for s in samples):.0f}",
                ]
                for i, name in enumerate(["server", "with SPARQL workers"])
            ],
        )
    )
    if result["abuse"]:
        rows = [
            [name, sum(a.values()), ", ".join(f"{k}: {v}" for k, v in a.items())] for name, a in result["abuse"].items()
        ]
        print(format_table(["attack", "sent", "answers"], rows))
    lateness = result["event_loop_lateness_ms"]
    print(f"event loop lateness (the server's probe): {lateness['max_ms']:.0f} ms at most")
    for failure in result["failures"][:5]:
        print(f"failed: {failure}")
    sys.stdout.flush()
    print(f"results: {args.out}", file=sys.stderr)
    failed = result["rows"][-1][2]
    return 0 if failed == 0 and result["server_alive_at_end"] and not result["server_exceptions"] else 1
