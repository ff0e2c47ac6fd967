"""Command-line entry of the server: settings from flags and environment, then uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import fields

import uvicorn

from graph.files.problems import SeedErrors
from graph.http.deadline import protocol_with_timeout
from graph.http.settings import Settings, env_name, settings_help
from graph.server.app import create_app
from graph.store.snapshot import GraphHolder, open_snapshot

log = logging.getLogger("stargate_kg")


def add_setting_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per setting; each defaults to None so the environment can supply it."""
    for (name, default, env, help_), f in zip(settings_help(), fields(Settings), strict=True):
        flag = "--" + name.replace("_", "-")
        if f.type in ("bool", bool):
            parser.add_argument(
                flag,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{help_} (default {default}; env {env})",
            )
        else:
            parser.add_argument(
                flag, default=None, type=_TYPES.get(str(f.type), str), help=f"{help_} (default {default}; env {env})"
            )


_TYPES = {"int": int, "float": float, "str": str}


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {f.name: getattr(args, f.name, None) for f in fields(Settings)}
    return Settings.from_env(**overrides)


def run(settings: Settings) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.info("loading the graph (store: %s)", settings.store)
    try:
        snapshot = open_snapshot(settings.store, settings.seeds, progress=log.info)
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
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        http=protocol_with_timeout(settings.header_timeout),
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=16 * 1024,
    )
    return 0


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
