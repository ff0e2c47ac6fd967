"""What a SPARQL request may do, decided before any engine sees it.

The endpoint is read-only and self-contained. Engines are not: Oxigraph evaluates `SERVICE` by
opening an HTTP connection (so does a remote Oxigraph server, and rdflib's evaluator also reads
`FROM` and `LOAD` sources, `file:` included). So every request is read here first: its text
once, by graph/sparql/lexer.py, into the form the engine will run (`QueryShape.text`, so the
guard never judges a text other than the one executed), then that form parsed with rdflib's
SPARQL grammar used as a parser only (nothing is evaluated), and:

- an update (`INSERT`, `DELETE`, `LOAD`, `CLEAR`...) is refused with 403;
- a query using `SERVICE` anywhere is refused with 400, and so is the word `service` anywhere
  outside strings, IRIs, variable and local names, whatever a parser makes of it;
- `FROM`, `FROM NAMED`, `default-graph-uri` and `named-graph-uri` may only name graphs of the
  dataset; naming anything else (`http:`, `file:`...) is refused with 400, before any engine
  could try to fetch it.

A query the parser cannot read is refused too: running what was not inspected would defeat
the purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.sparql.lexer import Lexed, Unreadable, lex
from graph.vocab.namespaces import PREFIXES

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
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


def _nodes(tree: Any) -> Iterator[CompValue]:
    """Every parse-tree node, depth first (bounded by the tree, which the parser built)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def _field(node: CompValue, key: str) -> str:
    """A node's field, '' when absent (CompValue.get would return the key itself)."""
    return str(node[key] or "") if key in node else ""


def _resolver(prologue: Iterable[CompValue]) -> Any:
    prefixes = dict(PREFIXES)
    base = ""
    for decl in prologue:
        if decl.name == "Base":
            base = str(decl["iri"])
        elif decl.name == "PrefixDecl":
            prefixes[_field(decl, "prefix")] = str(decl["iri"])

    def resolve(term: Any) -> str:
        if isinstance(term, CompValue) and term.name == "pname":
            prefix = _field(term, "prefix")
            if prefix not in prefixes:
                raise Refused(400, f"unknown prefix {prefix}: in a FROM clause")
            return prefixes[prefix] + _field(term, "localname")
        return urljoin(base, str(term)) if base else str(term)

    return resolve


SERVICE_REFUSED = "SERVICE (federated query) is disabled: this endpoint never connects to other servers"


def _read(text: str) -> Lexed:
    """The text as the engine will read it; refused if unreadable, or if `service` is one of its words."""
    try:
        lexed = lex(text)
    except Unreadable as error:
        raise Refused(400, f"the query could not be read: {error}") from None
    if any("service" in word for word in lexed.words):
        raise Refused(
            400,
            SERVICE_REFUSED + " (the word is refused anywhere outside strings, IRIs, variable names and local names)",
        )
    return lexed


@lru_cache(maxsize=1024)
def inspect(text: str) -> QueryShape:
    """Read and parse a query, and refuse updates, SERVICE, and anything unreadable.

    Cached by text: the parse costs 10-20 ms, and clients (pages, dashboards) repeat their
    queries. Refusals are exceptions, so they are not cached and cost the parse each time.
    """
    lexed = _read(text)
    try:
        parsed = parseQuery(lexed.text)
    except ParseException as error:
        try:
            update = parseUpdate(lexed.text)
        except ParseException:
            update = None
        if update is None or "request" not in update or not update["request"]:  # nothing to do is no update
            raise Refused(400, f"SPARQL syntax error: {error}") from None
        raise Refused(403, READ_ONLY) from None
    except Exception as error:
        raise Refused(400, f"the query could not be read: {type(error).__name__}: {error}") from None
    prologue, query = parsed[0], parsed[1]
    if any(node.name == "ServiceGraphPattern" for node in _nodes(query)):
        raise Refused(400, SERVICE_REFUSED)
    resolve = _resolver(prologue)
    clauses = query["datasetClause"] if "datasetClause" in query else []  # noqa: SIM401 - CompValue.get differs
    if len(clauses) != lexed.words.count("from"):  # the parser and the lexer must agree on what FROM is
        raise Refused(
            400,
            f"FROM appears {lexed.words.count('from')} times outside strings and IRIs, but the query has "
            f"{len(clauses)} FROM clauses; the query is refused (is 'from' a prefix name?)",
        )
    return QueryShape(
        form=FORMS[query.name],
        from_graphs=tuple(resolve(c["default"]) for c in clauses if "default" in c),
        from_named=tuple(resolve(c["named"]) for c in clauses if "named" in c),
        text=lexed.text,
    )


# Every word that can start something the guard refuses or must see (SERVICE, FROM, an update).
# A query none of whose words (graph/sparql/lexer.py: outside strings and IRIs, where no escape
# can spell one) contains one of them cannot use them: it needs no parse.
_NEEDS_PARSE = re.compile(r"service|from|load|insert|delete|clear|create|drop|copy|move|add|with")
_PROLOGUE_AND_FORM = re.compile(
    r"(?:\s+|PREFIX\s+[^\s:]*:\s*<[^<>\s]*>|BASE\s*<[^<>\s]*>)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE
)


# Oxigraph's parser recurses once per nesting level and overflows its stack (killing the worker)
# a few thousand levels down; rdflib's refuses deep nesting cleanly, so deep queries go through it.
_QUICK_NESTING = 32
_BRACKET = re.compile(r"[{}()\[\]]")
_STEP = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}


def _nesting(text: str) -> int:
    """How deep the brackets nest (strings and IRIs included: an overestimate only costs a parse)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(text):
        depth += _STEP[bracket]
        deepest = max(deepest, depth)
    return deepest


def shape_of(text: str) -> QueryShape:
    """`inspect`, its parse skipped (it costs milliseconds) where the words of the text prove it moot."""
    lexed = _read(text)
    if not any(_NEEDS_PARSE.search(word) for word in lexed.words) and _nesting(lexed.text) <= _QUICK_NESTING:
        found = _PROLOGUE_AND_FORM.match(lexed.text)
        if found:
            return QueryShape(form=found.group(1).upper(), from_graphs=(), from_named=(), text=lexed.text)
    return inspect(text)


def check_graphs(clause: str, names: Iterable[str], known: frozenset[str]) -> None:
    """Refuse graph names that are not graphs of the dataset: they would be fetched elsewhere."""
    for name in names:
        if name not in known:
            raise Refused(
                400,
                f"{clause} <{name}> is not a graph of this dataset, and this endpoint "
                "never fetches graphs from elsewhere; /.well-known/void lists the graphs",
            )
