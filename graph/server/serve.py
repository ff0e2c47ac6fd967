"""Command-line entry of the server: settings from flags and environment, then uvicorn."""

from __future__ import annotations

import argparse
import contextlib
import logging
import socket
import sys

import uvicorn

from graph.files.problems import SeedErrors
from graph.http.deadline import protocol_with_timeout
from graph.http.settings import Settings, add_setting_flags, env_name, settings_from_args
from graph.server.app import create_app
from graph.server.landing import entry_point_lines
from graph.sparql import endpoint as sparql
from graph.store.snapshot import GraphHolder, open_snapshot

log = logging.getLogger("stargate_kg")


STARTUP_FAILURE = 3  # uvicorn's exit status when it cannot start (a port in use)


class _Server(uvicorn.Server):
    """uvicorn's server, which says once it listens where each entry point is (graph/server/landing.py)."""

    def __init__(self, config: uvicorn.Config, settings: Settings) -> None:
        super().__init__(config)
        self.settings = settings

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self.servers and self.servers[0].sockets:
            host, port = self.servers[0].sockets[0].getsockname()[:2]
            shown = f"[{host}]" if ":" in host else host
            log.info("ready; entry points:")
            for line in entry_point_lines(f"http://{shown}:{port}/"):
                log.info("  %s", line)


def run(settings: Settings) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.info("loading the graph (store: %s)", settings.store)
    try:
        snapshot = open_snapshot(settings.store, settings.seeds, progress=log.info, timeout=settings.store_timeout)
    except SeedErrors as errors:
        for problem in errors.problems:
            print(problem, file=sys.stderr)
        print(f"{len(errors.problems)} problem(s) in the seeds; not serving.", file=sys.stderr)
        return 1
    except Exception as error:  # a bad store URL, an unreachable server: say so, no traceback
        print(f"cannot open the store: {error}", file=sys.stderr)
        return 1
    log.info("graph %s loaded (%d quads)", snapshot.version, len(snapshot.store))
    holder = GraphHolder(snapshot)
    app = create_app(holder, settings)
    log.info("starting %d SPARQL query workers", settings.sparql_workers)
    if sparql.service_of(app).start(snapshot):
        log.info("SPARQL query workers ready")
    else:
        log.error("SPARQL query workers cannot start: %s", sparql.service_of(app).pool_for(snapshot).failure)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        http=protocol_with_timeout(settings.header_timeout),
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=16 * 1024,
    )
    server = _Server(config, settings)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: uvicorn has shut down; as uvicorn.run does
        server.run()
    return 0 if server.started else STARTUP_FAILURE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="server.py",
        description="Serve the stargate-kg graph over HTTP.",
        epilog=f"Every flag can also be set by its environment variable, e.g. {env_name('port')}=9000.",
    )
    add_setting_flags(parser)
    return parser


def run_from_args(args: argparse.Namespace) -> int:
    """Serve with the settings the flags (or else the environment) give; a bad value exits with 2."""
    try:
        settings = settings_from_args(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return run(settings)


def main(argv: list[str] | None = None) -> int:
    return run_from_args(build_parser().parse_args(argv))
