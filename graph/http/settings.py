"""Server settings as a data table (the Settings fields): name, default, environment variable, help.

The flags of `server.py` and `stargate-kg serve` are made from this table (add_setting_flags, here
so that `stargate-kg` builds them without importing the server), and so is the README's settings
table, by `uv run --frozen python -m docs.figures`; tests/test_docs.py fails when that table is
stale or the README misses a setting's flag or variable, which keeps the README and this table in
step.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, help_: str) -> Any:
    return field(default=default, metadata={"help": help_})


@dataclass(frozen=True)
class Settings:
    host: str = _setting("127.0.0.1", "interface to listen on")
    port: int = _setting(8000, "TCP port to listen on")
    store: str = _setting(
        "embedded",
        "'embedded' (Oxigraph in memory, built from the seeds) or the URL of a "
        "SPARQL 1.1 query endpoint whose default graph is the union graph",
    )
    store_timeout: float = _setting(
        120.0,
        "seconds the server waits for one answer of a remote store (its start-up reads whole lists: "
        "over 30 s at 5 million quads)",
    )
    seeds: str = _setting("", "seed directory for the embedded store (default: the packaged seeds/)")
    watch: bool = _setting(False, "rebuild the embedded store when seed files change")
    curate: bool = _setting(
        False,
        "serve the review page (/review), where curators draft a new article and save its document, claims and "
        "entities into the seed directory, the served graph rebuilt (embedded store only; off: /review answers 403)",
    )
    introspection: bool = _setting(True, "allow GraphQL introspection queries")
    cors_origins: str = _setting("", "comma-separated origins allowed by CORS ('' disables CORS, '*' allows all)")
    max_body_bytes: int = _setting(1_000_000, "largest accepted request body, in bytes")
    header_timeout: float = _setting(10.0, "seconds a client has to send complete request headers")
    body_timeout: float = _setting(30.0, "seconds a client has to send its whole request body")
    max_query_depth: int = _setting(12, "deepest GraphQL selection allowed")
    max_aliases: int = _setting(30, "most GraphQL aliases allowed in one document")
    max_tokens: int = _setting(2000, "most GraphQL tokens allowed in one document")
    max_query_chars: int = _setting(32_000, "longest GraphQL document, in characters (long values belong in variables)")
    max_selected_fields: int = _setting(
        50_000,
        "most fields a GraphQL answer could hold: fragment spreads inlined, each field counted once per item "
        "of every page and list above it (checked before it runs, and again while its answer is built)",
    )
    graphql_list_size: int = _setting(
        2,
        "items a plain GraphQL list (not a connection) is assumed to hold when an answer's size is estimated "
        "(nested lists multiply; a longer list is caught by max_selected_fields while the answer is built)",
    )
    graphql_timeout: float = _setting(10.0, "seconds a GraphQL request may run before it is stopped")
    max_page_size: int = _setting(100, "largest page a GraphQL connection returns")
    default_page_size: int = _setting(20, "items a GraphQL connection returns when 'first' is not given")
    max_path_length: int = _setting(
        6, "longest path, in hops, a GraphQL path query may ask for (graph/analytics/paths.py allows at most 6)"
    )
    max_paths: int = _setting(
        100, "most paths a GraphQL path query enumerates (paged with first/after; 'truncated' says when there are more)"
    )
    graphql_cache_bytes: int = _setting(
        64_000_000, "bytes of store results and computed answers the GraphQL API keeps per graph version (0 disables)"
    )
    graphql_response_cache_bytes: int = _setting(
        32_000_000,
        "bytes of whole GraphQL responses kept per graph version, to answer a repeated query at once (0 disables)",
    )
    sparql_timeout: float = _setting(30.0, "seconds a SPARQL query may run before it is stopped")
    sparql_max_rows: int = _setting(10_000, "most rows a SPARQL SELECT returns")
    sparql_workers: int = _setting(
        2,
        "SPARQL worker processes (each holds a copy of the embedded store; "
        "a timed-out query's worker is killed and replaced)",
    )
    sparql_queue: int = _setting(
        64,
        "SPARQL requests that may wait for a busy worker (each at most sparql_timeout, holding no thread); "
        "more get 503 with Retry-After",
    )
    sparql_memory_bytes: int = _setting(
        512_000_000,
        "memory a SPARQL worker may use beyond the store it holds; a query that needs more gets 503, "
        "and a worker that runs out is replaced (0: no limit)",
    )
    analytics_backend: str = _setting(
        "",
        "networkx dispatch backend for the analytics algorithms it implements "
        "('parallel' = nx-parallel, worth it on many cores only; '' = networkx)",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, overridden by STARGATE_KG_<NAME> variables, overridden by explicit values."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(env_name(f.name))
            if raw is not None:
                values[f.name] = parse_value(f.type, raw, f.name)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def env_name(name: str) -> str:
    return "STARGATE_KG_" + name.upper()


def parse_value(type_name: Any, raw: str, name: str) -> Any:
    kind = type_name if isinstance(type_name, str) else type_name.__name__
    try:
        if kind == "bool":
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        raise ValueError(f"{env_name(name)}: expected a {kind}, got {raw!r}") from None
    return raw


def settings_help() -> list[tuple[str, str, str, str]]:
    """(name, default, environment variable, help) rows for docs and --help."""
    return [(f.name, repr(f.default), env_name(f.name), f.metadata["help"]) for f in fields(Settings)]


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
