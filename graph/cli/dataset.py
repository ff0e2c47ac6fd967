"""Commands on the dataset itself: validate, stats, export, query, push."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from graph.cli.command import Command, compile_from, progress_of
from graph.cli.table import format_table, term_text
from graph.files.atomic import write_output
from graph.store.backends import EmbeddedStore, StoreError
from graph.store.export import EXPORTS, serialize_to
from graph.store.push import PROTOCOLS, PushError, push


def validate(args: argparse.Namespace) -> int:
    compiled = compile_from(args, shacl=not args.no_shacl)
    corpus = compiled.corpus
    print(
        f"OK: {len(corpus.documents)} documents, {len(corpus.entities)} entities, "
        f"{len(corpus.claims)} claims, {len(compiled.quads)} quads, "
        f"{len(compiled.contradictions)} contradictions; "
        + ("SHACL conforms" if not args.no_shacl else "SHACL skipped")
    )
    return 0


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-shacl", action="store_true", help="skip the SHACL shapes")


def stats(args: argparse.Namespace) -> int:
    compiled = compile_from(args)
    corpus = compiled.corpus
    store = EmbeddedStore(compiled.quads)
    by_type = Counter(e.type for e in corpus.entities.values())
    by_doc = Counter(c.document for c in corpus.claims)
    by_relation = Counter(c.relation for c in corpus.claims)
    triples = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    documents = [(d.id, d.outlet, by_doc[d.id]) for d in corpus.documents.values()]
    totals = [
        ("entities", len(corpus.entities)),
        ("claims", len(corpus.claims)),
        ("quads", len(compiled.quads)),
        ("distinct triples", int(triples[0]["n"].value)),
        ("contradictions", len(compiled.contradictions)),
    ]
    tables = [
        format_table(["entity type", "entities"], sorted(by_type.items())),
        format_table(["document", "outlet", "claims"], documents),
        format_table(["relation", "claims"], by_relation.most_common()),
        format_table(["total", "count"], totals),
    ]
    print("\n\n".join(tables))
    return 0


def export(args: argparse.Namespace) -> int:
    compiled = compile_from(args)
    chosen = EXPORTS[args.format]
    progress = progress_of(args)
    progress(f"writing {chosen.label}")
    quads = progress.counted(compiled.quads, "quads", len(compiled.quads))
    if write_output(args.output, lambda output: serialize_to(quads, chosen, output)):
        print(f"wrote {args.output} ({chosen.label})", file=sys.stderr)
    return 0


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    formats = "; ".join(f"{e.name}: {e.label}" for e in EXPORTS.values())
    parser.add_argument(
        "--format", "-f", choices=list(EXPORTS), default="trig", help=f"output format (default: %(default)s); {formats}"
    )
    parser.add_argument("--output", "-o", help="output file, written atomically (default: stdout)")


def query(args: argparse.Namespace) -> int:
    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.sparql
    if not text:
        print("query: give a SPARQL query as an argument or with --file", file=sys.stderr)
        return 2
    store = EmbeddedStore(compile_from(args).quads)
    try:
        result = store.raw_query(text)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if isinstance(result, ox.QueryBoolean):
        print("true" if result else "false")
    elif isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [[term_text(s[n]) for n in names] for s in result]
        print(format_table(names, rows))
        print(f"({len(rows)} rows)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(ox.serialize(result, format=ox.RdfFormat.TURTLE) or b"")
    return 0


def _query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sparql", nargs="?", help="the SPARQL query text")
    parser.add_argument("--file", help="read the query from this file")


def push_dataset(args: argparse.Namespace) -> int:
    compiled = compile_from(args)
    try:
        report = push(compiled.quads, args.endpoint, protocol=args.protocol, timeout=args.timeout)
    except PushError as error:
        print(f"push failed: {error}", file=sys.stderr)
        return 1
    print(
        f"pushed {report.quads} quads in {report.graphs} graphs to {args.endpoint} "
        f"({args.protocol}, {report.requests} requests)"
    )
    return 0


def _push_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", required=True, help="the server's Graph Store URL (gsp) or update URL (update)")
    protocols = "; ".join(f"{name}: {help_}" for name, (help_, _) in PROTOCOLS.items())
    parser.add_argument("--protocol", choices=list(PROTOCOLS), default="gsp", help=f"{protocols} (default: gsp)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per HTTP request (default: %(default)s)")


COMMANDS = [
    Command(
        "validate", "check the seeds: parse, references, quotes, SHACL; print a summary", validate, _validate_arguments
    ),
    Command("stats", "entities by type, claims per document and per relation", stats),
    Command(
        "export", "write the dataset as Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML", export, _export_arguments
    ),
    Command("query", "run a SPARQL query over the dataset and print a table", query, _query_arguments),
    Command(
        "push",
        "load the dataset into a SPARQL server (Graph Store Protocol or SPARQL Update)",
        push_dataset,
        _push_arguments,
    ),
]
