"""Commands on the dataset itself: validate, coverage, stats, export, query, push.

Each imports the pipeline, the store or the HTTP client when it runs, so that one command does
not pay for another's libraries.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pyoxigraph as ox

from graph.cli.command import Command, compile_from, progress_of
from graph.cli.table import display_width, format_table, term_text
from graph.files.atomic import write_output
from graph.store.export import FORMATS

if TYPE_CHECKING:
    from graph.ingest.coverage import DocumentCoverage, Figures, Sentence


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


def coverage(args: argparse.Namespace) -> int:
    """Quotes must anchor before sentences can be counted, so the seeds are checked as `validate`
    checks them; SHACL is skipped, as it judges the built graph, not the documents' sentences."""
    from graph.ingest.coverage import corpus_coverage

    corpus = compile_from(args, shacl=False).corpus
    if args.document is not None and args.document not in corpus.documents:
        known = ", ".join(corpus.documents)
        print(f"coverage: unknown document {args.document!r}; the documents are: {known}", file=sys.stderr)
        return 2
    below: list[tuple[str, Figures]] = []

    def checked() -> Iterator[DocumentCoverage]:
        """The reports as they stream out, noting those under --fail-under (not keeping the rest)."""
        for report in corpus_coverage(corpus, None if args.document is None else [args.document]):
            if args.fail_under is not None and report.figures.below(args.fail_under):
                below.append((report.document.id, report.figures))
            yield report

    listing = args.document is not None or args.uncovered
    COVERAGE_FORMATS[args.format](checked(), listing, args.uncovered, sys.stdout)
    if below:
        shown = ", ".join(f"{document} ({figures.percent:.1f}%)" for document, figures in below)
        print(f"coverage: under {args.fail_under:g}%: {shown}", file=sys.stderr)
        return 1
    return 0


def _coverage_rows(report: DocumentCoverage, uncovered: bool) -> list[Sentence]:
    return [s for s in report.sentences if s.status == "uncovered"] if uncovered else list(report.sentences)


SENTENCE_COLUMNS = 40  # terminal columns for a sentence in the text listing (a wide character takes two)
REASON_COLUMNS = 50  # and for a no_facts reason; claim ids are never cut
SUMMARY_ROW = "{:<22}{:>10}{:>10}{:>8}{:>11}{:>9}\n"


def _clipped(text: str, columns: int) -> str:
    """`text` cut to `columns` terminal columns, an ellipsis marking the cut."""
    if display_width(text) <= columns:
        return text
    kept, used = [], 1
    for char in text:
        used += display_width(char)
        if used > columns:
            break
        kept.append(char)
    return "".join(kept) + "…"


def _summary_cells(name: str, figures: Figures) -> str:
    cells = (figures.sentences, figures.anchored, figures.marked, figures.uncovered, f"{figures.percent:.1f}%")
    return SUMMARY_ROW.format(name, *cells)


def _coverage_text(reports: Iterable[DocumentCoverage], listing: bool, uncovered: bool, out: TextIO) -> None:
    """A table of documents, or each document's sentences (line, sentence cut to fit, what covers it)."""
    from graph.ingest.coverage import Figures

    if not listing:
        out.write(SUMMARY_ROW.format("document", "sentences", "anchored", "marked", "uncovered", "covered"))
        total = Figures()
        for report in reports:
            out.write(_summary_cells(report.document.id, report.figures))
            total += report.figures
        out.write(_summary_cells("total", total))
        return
    for report in reports:
        rows = _coverage_rows(report, uncovered)
        if uncovered and not rows:
            continue
        out.write(f"{report.document.id}  {_clipped(report.document.title, 56)}\n")
        for sentence in rows:
            text = _clipped(sentence.text, SENTENCE_COLUMNS)
            status = (
                ", ".join(sentence.claims)
                if sentence.claims
                else "no fact: " + _clipped("; ".join(sentence.marks), REASON_COLUMNS)
                if sentence.marks
                else "UNCOVERED"
            )
            out.write(f"{sentence.line:>5}  {text}{' ' * (SENTENCE_COLUMNS - display_width(text))}  {status}\n")
        if not uncovered:
            figures = report.figures
            out.write(
                f"{report.document.id}: {figures.sentences} sentences, {figures.anchored} anchored, "
                f"{figures.marked} marked, {figures.uncovered} uncovered: {figures.percent:.1f}% covered\n"
            )
        out.write("\n")


def _figures_json(figures: Figures) -> dict[str, object]:
    names = ("sentences", "anchored", "marked", "uncovered", "percent")
    return {name: getattr(figures, name) for name in names}


def _coverage_json(reports: Iterable[DocumentCoverage], listing: bool, uncovered: bool, out: TextIO) -> None:
    """{"documents": [{"document", "figures", "sentences"?}], "total": figures}, written a document at a time."""
    from graph.ingest.coverage import Figures

    total = Figures()
    out.write('{"documents": [')
    for count, report in enumerate(reports):
        item: dict[str, object] = {"document": report.document.id, "figures": _figures_json(report.figures)}
        if listing:
            item["sentences"] = [
                {
                    "line": s.line,
                    "start": s.start,
                    "end": s.end,
                    "status": s.status,
                    "claims": list(s.claims),
                    "no_facts": list(s.marks),
                    "text": s.text,
                }
                for s in _coverage_rows(report, uncovered)
            ]
        out.write(("," if count else "") + "\n  " + json.dumps(item, ensure_ascii=False))
        total += report.figures
    out.write(f'\n], "total": {json.dumps(_figures_json(total))}}}\n')


def _coverage_csv(reports: Iterable[DocumentCoverage], listing: bool, uncovered: bool, out: TextIO) -> None:
    """One row per document and a total row, or one row per sentence (claim ids space-separated)."""
    from graph.ingest.coverage import Figures

    writer = csv.writer(out, lineterminator="\r\n")
    if not listing:
        writer.writerow(["document", "sentences", "anchored", "marked", "uncovered", "percent"])
        total = Figures()
        for report in reports:
            writer.writerow([report.document.id, *_figures_json(report.figures).values()])
            total += report.figures
        writer.writerow(["total", *_figures_json(total).values()])
        return
    writer.writerow(["document", "line", "start", "end", "status", "claims", "no_facts", "sentence"])
    for report in reports:
        for s in _coverage_rows(report, uncovered):
            row = [s.line, s.start, s.end, s.status, " ".join(s.claims), "; ".join(s.marks), s.text]
            writer.writerow([report.document.id, *row])


COVERAGE_FORMATS = {"text": _coverage_text, "json": _coverage_json, "csv": _coverage_csv}


def _percent(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a percentage from 0 to 100")
    return value


def _coverage_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "document", nargs="?", help="a document id: list its sentences (default: one line per document)"
    )
    parser.add_argument(
        "--uncovered", action="store_true", help="list only the uncovered sentences (of every document, or DOCUMENT's)"
    )
    parser.add_argument(
        "--format", "-f", choices=list(COVERAGE_FORMATS), default="text", help="output format (default: %(default)s)"
    )
    parser.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PERCENT",
        help="exit 1 when a document has less than PERCENT of its sentences covered",
    )


def stats(args: argparse.Namespace) -> int:
    from graph.store.backends import EmbeddedStore

    compiled = compile_from(args)
    corpus = compiled.corpus
    store = EmbeddedStore.of(compiled)
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
    chosen = FORMATS[args.format]
    progress = progress_of(args)
    progress(f"writing {chosen.label}")
    quads = progress.counted(compiled.quads, "quads", len(compiled.quads))
    if write_output(args.output, lambda output: chosen.write(quads, output)):
        print(f"wrote {args.output} ({chosen.label})", file=sys.stderr)
    return 0


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    formats = "; ".join(f"{e.name}: {e.label}" for e in FORMATS.values())
    parser.add_argument(
        "--format", "-f", choices=list(FORMATS), default="trig", help=f"output format (default: %(default)s); {formats}"
    )
    parser.add_argument("--output", "-o", help="output file, written atomically (default: stdout)")


def query(args: argparse.Namespace) -> int:
    from graph.store.backends import EmbeddedStore, StoreError

    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.sparql
    if not text:
        print("query: give a SPARQL query as an argument or with --file", file=sys.stderr)
        return 2
    store = EmbeddedStore.of(compile_from(args))
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
    from graph.store.push import PushError, push

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
    from graph.store.push import PROTOCOLS

    parser.add_argument("--endpoint", required=True, help="the server's Graph Store URL (gsp) or update URL (update)")
    protocols = "; ".join(f"{name}: {help_}" for name, (help_, _) in PROTOCOLS.items())
    parser.add_argument("--protocol", choices=list(PROTOCOLS), default="gsp", help=f"{protocols} (default: gsp)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per HTTP request (default: %(default)s)")


COMMANDS = [
    Command(
        "validate", "check the seeds: parse, references, quotes, SHACL; print a summary", validate, _validate_arguments
    ),
    Command(
        "coverage",
        "which sentences of the documents claims anchor, no_facts marks explain, or nothing covers",
        coverage,
        _coverage_arguments,
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
        # the protocols are a table of graph/store/push.py, which imports httpx
        arguments_when_chosen=True,
    ),
]
