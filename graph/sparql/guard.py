"""What a SPARQL request may do, decided before any engine sees it.

The endpoint is read-only and self-contained. Engines are not: Oxigraph evaluates `SERVICE` by
opening an HTTP connection (so does a remote Oxigraph server, and rdflib's evaluator also reads
`FROM` and `LOAD` sources, `file:` included). So every request is read here first: its text
once, by graph/sparql/lexer.py, into the form the engine will run (`QueryShape.text`, so the
guard never judges a text other than the one executed), then:

- a query using `SERVICE` anywhere is refused with 400: the word `service` anywhere outside
  strings, IRIs, variable and local names, whatever a parser makes of it;
- a query nested deeper than 32 brackets is refused with 400 (Oxigraph's parser recurses once
  per level and overflows its stack a few thousand levels down);
- an update (`INSERT`, `DELETE`, `LOAD`, `CLEAR`...: its first word after the prologue) is
  refused with 403;
- what Oxigraph's SPARQL parser cannot read is refused with 400: the query is parsed on an
  empty store, where SELECT, CONSTRUCT and DESCRIBE evaluate nothing (their solutions are lazy)
  and ASK finds no data (only what its text alone spells, VALUES and BIND, costs anything; the
  worker's timeout bounds it as it bounds the query);
- `FROM`, `FROM NAMED`, `default-graph-uri` and `named-graph-uri` may only name graphs of the
  dataset; naming anything else (`http:`, `file:`...) is refused with 400, before any engine
  could try to fetch it. The graph names are read from the tokens of the parsed text, where
  the keyword `FROM` can only begin a dataset clause.

Reading a query costs some 0.2 ms (bench/endpoint_costs.py), rdflib's parse took 5 to 25: no query
skips any of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

import pyoxigraph as ox

from graph.sparql.lexer import Lexed, Unreadable, lex
from graph.vocab.namespaces import BASE, PREFIXES

FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATES = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
READ_ONLY = (
    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, "
    "COPY, MOVE, ADD) is not accepted"
)


class Refused(Exception):
    """The request is not allowed or not understood; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryShape:
    """What the engine needs to know about an inspected query."""

    form: str
    from_graphs: tuple[str, ...]
    from_named: tuple[str, ...]
    text: str  # the query as read (graph/sparql/lexer.py): what the engine must run

    @property
    def names_its_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


SERVICE_REFUSED = "SERVICE (federated query) is disabled: this endpoint never connects to other servers"
MAX_NESTING = 32

# The tokens of a lexed text (graph/sparql/lexer.py: strings written as "...", IRIs decoded, no
# comment): strings, IRIs, variables, prefixed names, language tags, words, and any other
# character alone.
_NAME = r"\w\u00B7\u0300-\u036F\u203F\u2040"
_TOKEN = re.compile(
    rf"""\"(?:[^"\\]|\\.)*"|<[^<>"{{}}|^`\\\x00-\x20]*>|[?$][{_NAME}]*|[{_NAME}.\-]*:[{_NAME}.\-:%]*|@[A-Za-z0-9\-]*|\w+|\S"""
)
_BRACKET = re.compile(r"[{}()\[\]]")
_STEP = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}
_EMPTY = ox.Store()  # parses queries; holds nothing, so a query parsed on it finds nothing


def _nesting(text: str) -> int:
    """How deep the brackets nest (strings and IRIs included: an overestimate only refuses sooner)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(text):
        depth += _STEP[bracket]
        deepest = max(deepest, depth)
    return deepest


def _read(text: str) -> Lexed:
    """The text as the engine will read it; refused if unreadable, if `service` is one of its
    words, or if it nests too deep."""
    try:
        lexed = lex(text)
    except Unreadable as error:
        raise Refused(400, f"the query could not be read: {error}") from None
    if any("service" in word for word in lexed.words):
        raise Refused(
            400,
            SERVICE_REFUSED + " (the word is refused anywhere outside strings, IRIs, variable names and local names)",
        )
    depth = _nesting(lexed.text)
    if depth > MAX_NESTING:
        raise Refused(400, f"the query nests {depth} brackets deep; this endpoint reads queries up to {MAX_NESTING}")
    return lexed


@dataclass(frozen=True)
class _Prologue:
    """BASE and PREFIX declarations (the last of each name wins), and where the query proper starts."""

    base: str
    prefixes: dict[str, str]
    end: int

    def resolve(self, name: str) -> str:
        """A graph name as written after FROM: an IRI (relative to BASE), or a prefixed name."""
        if name.startswith("<"):
            return urljoin(self.base, name[1:-1]) if self.base else name[1:-1]
        prefix, _, local = name.partition(":")
        if prefix not in self.prefixes:
            raise Refused(400, f"unknown prefix {prefix}: in a FROM clause")
        return self.prefixes[prefix] + local


def _prologue(tokens: list[str]) -> _Prologue:
    base, prefixes, at = "", dict(PREFIXES), 0
    while at < len(tokens):
        keyword = tokens[at].upper()
        if keyword == "BASE" and len(tokens) > at + 1 and tokens[at + 1].startswith("<"):
            base, at = tokens[at + 1][1:-1], at + 2
        elif keyword == "PREFIX" and len(tokens) > at + 2 and tokens[at + 1].endswith(":"):
            prefixes[tokens[at + 1][:-1]], at = tokens[at + 2][1:-1], at + 3
        else:
            break
    return _Prologue(base, prefixes, at)


def _parse(text: str) -> None:
    """Oxigraph's parse of the text, with the engine's prefixes and base; 400 if it fails."""
    try:
        _EMPTY.query(text, prefixes=PREFIXES, base_iri=BASE)
    except SyntaxError as error:
        raise Refused(400, f"SPARQL syntax error: {error}") from None


def _dataset(tokens: list[str], prologue: _Prologue, lexed: Lexed) -> tuple[list[str], list[str]]:
    """The graphs of the FROM and FROM NAMED clauses, resolved."""
    graphs: tuple[list[str], list[str]] = ([], [])
    for at in range(prologue.end, len(tokens)):
        if tokens[at].lower() != "from":
            continue
        named = len(tokens) > at + 1 and tokens[at + 1].upper() == "NAMED"
        name = tokens[at + 1 + named] if len(tokens) > at + 1 + named else ""
        if name.startswith("<") or ":" in name:
            graphs[named].append(prologue.resolve(name))
    clauses = len(graphs[0]) + len(graphs[1])
    if clauses != lexed.words.count("from"):  # the keyword and the words must agree on what FROM is
        raise Refused(
            400,
            f"FROM appears {lexed.words.count('from')} times outside strings and IRIs, but the query has "
            f"{clauses} FROM clauses; the query is refused (is 'from' a prefix name?)",
        )
    return graphs


@lru_cache(maxsize=1024)
def inspect(text: str) -> QueryShape:
    """Read and parse a query, and refuse updates, SERVICE, and anything unreadable.

    Cached by text, as clients (pages, dashboards) repeat their queries. Refusals are
    exceptions, so they are not cached.
    """
    lexed = _read(text)
    tokens = _TOKEN.findall(lexed.text)
    prologue = _prologue(tokens)
    form = tokens[prologue.end].upper() if prologue.end < len(tokens) else ""
    if form in UPDATES:
        raise Refused(403, READ_ONLY)
    _parse(lexed.text)
    if form not in FORMS:  # Oxigraph read it, yet it starts with no form: a reading we do not share
        raise Refused(400, f"the query could not be read: it starts with {form or 'nothing'} after its prologue")
    from_graphs, from_named = _dataset(tokens, prologue, lexed)
    return QueryShape(form=form, from_graphs=tuple(from_graphs), from_named=tuple(from_named), text=lexed.text)


def check_graphs(clause: str, names: Iterable[str], known: frozenset[str]) -> None:
    """Refuse graph names that are not graphs of the dataset: they would be fetched elsewhere."""
    for name in names:
        if name not in known:
            raise Refused(
                400,
                f"{clause} <{name}> is not a graph of this dataset, and this endpoint "
                "never fetches graphs from elsewhere; /.well-known/void lists the graphs",
            )
