"""The graph as spreadsheet tables: claims, entities, contradictions and conflict-of-interest
findings, as rows and as CSV. What `stargate-kg csv` writes and /export/csv/{table} serves.

Claims, entities and contradictions are one SPARQL query each (graph/analytics/queries/table-*.rq)
through the Store, so an embedded or a remote store gives the same rows; the findings come from
the rule scan over the analytics projection, itself read through the Store. Every cell is plain
text a spreadsheet can take: entities, documents, claims and relations by their ids, statuses,
bounds, units, polarities and modalities by their notation, literals by their lexical form (dates
as YYYY-MM-DD, amounts in full units), lists joined with "; ". A claims row says how sure and how
much the claim is (polarity, modality, attribution, bound, a range's amount_min and amount_max),
who acts jointly, the quote's English translation and its offsets in the document. A
contradictions row is one claim of one side: the contradiction's kind, explanation, rule and
judgement, the side's order and position, and the claim's source, claimant, modality, quote and
value, so the sides read down the rows. A finding says what it rests on when an edge of it is no
asserted claim.

CSV is UTF-8 with a byte order mark (how Excel recognises UTF-8, so Chinese quotes open intact;
pandas and LibreOffice skip it), comma-separated, quoted where needed, CRLF line ends (RFC 4180).
A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return, and not a number) is prefixed with an apostrophe, as OWASP advises for CSV injection.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import finding_id
from graph.analytics.table_help import TABLE_HELP
from graph.files.resources import package_file
from graph.store.backends import Row
from graph.store.snapshot import Snapshot
from graph.vocab import namespaces as ns
from graph.vocab.vocabulary import load_vocabulary

QUERIES = package_file("graph.analytics", "queries")
LIST_SEPARATOR = "; "
ITEM_SEPARATOR = "\x1f"  # how a query's GROUP_CONCAT joins a list (table-entities.rq's aliases)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# IRIs shown as the id that follows their namespace, most specific first (claims and documents
# are not entities, though all live under BASE).
ID_NAMESPACES = (ns.ENTITY, ns.CLAIM, ns.DOCUMENT, ns.CONTRADICTION, ns.SG)

Rows = list[list[str]]


@dataclass(frozen=True)
class Table:
    name: str
    help: str
    columns: tuple[str, ...]
    rows: Callable[[Snapshot], Rows]


@cache
def _notations() -> dict[str, str]:
    """Statuses, bounds, units and every other term qualifier's concepts (polarity, modality) by
    IRI: their notation (committed, up_to, GW, negative, alleged...)."""
    vocabulary = load_vocabulary()
    schemes = (vocabulary.units, *(q.terms for q in vocabulary.qualifiers.values()))
    return {iri: notation for scheme in schemes for notation, iri in scheme.items()}


def cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as spreadsheet text: an id, a notation, a literal's lexical form, '' for none."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    iri = term.value
    if iri in _notations():
        return _notations()[iri]
    return next((iri.removeprefix(prefix) for prefix in ID_NAMESPACES if iri.startswith(prefix)), iri)


def _listed(text: str) -> str:
    """A list a query joined with ITEM_SEPARATOR, sorted (SPARQL leaves GROUP_CONCAT's order to
    the store) and joined for a reader."""
    return LIST_SEPARATOR.join(sorted(text.split(ITEM_SEPARATOR))) if text else ""


def _sparql_table(name: str, columns: tuple[str, ...], lists: frozenset[str] = frozenset()) -> Table:
    """A table that is one query of graph/analytics/queries/table-{name}.rq, selecting `columns`
    (those in `lists` GROUP_CONCATenated with ITEM_SEPARATOR)."""
    query = (QUERIES / f"table-{name}.rq").read_text(encoding="utf-8")

    def value(row: Row, column: str) -> str:
        text = cell(row.get(column))
        return _listed(text) if column in lists else text

    def rows(snapshot: Snapshot) -> Rows:
        return [[value(row, column) for column in columns] for row in snapshot.store.select(query)]

    return Table(name, TABLE_HELP[name], columns, rows)


def _finding_rows(snapshot: Snapshot) -> Rows:
    graph = analytics.projection(snapshot)
    rows = []
    for finding in analytics.conflicts(snapshot):
        edges = finding.edges()
        rows.append(
            [
                finding_id(finding),
                finding.rule,
                finding.title,
                finding.explanation,
                LIST_SEPARATOR.join(f"{role}: {entity}" for role, entity in finding.entities.items()),
                LIST_SEPARATOR.join(f"{role}: {graph.label(entity)}" for role, entity in finding.entities.items()),
                LIST_SEPARATOR.join(f"{graph.label(e.subject)} {e.relation} {graph.label(e.object)}" for e in edges),
                LIST_SEPARATOR.join(f"{c.document}/{c.local_id}" for e in edges for c in e.claims),
                LIST_SEPARATOR.join(finding.documents),
                finding.rests_on,
            ]
        )
    return rows


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _sparql_table(
            "claims",
            (
                "claim",
                "document",
                "date",
                "quote",
                "quote_en",
                "anchor_start",
                "anchor_end",
                "subject",
                "subject_label",
                "joint",
                "relation",
                "object",
                "object_label",
                "polarity",
                "modality",
                "attribution",
                "claimant",
                "claimant_label",
                "amount",
                "amount_min",
                "amount_max",
                "currency",
                "unit",
                "bound",
                "status",
            ),
            frozenset({"joint"}),
        ),
        _sparql_table(
            "entities",
            ("entity", "type", "label", "label_zh_hans", "label_zh_hant", "aliases", "description", "claims"),
            frozenset({"aliases"}),
        ),
        _sparql_table(
            "contradictions",
            (
                "contradiction",
                "kind",
                "explanation",
                "rule",
                "verdict",
                "judgement_reason",
                "subject",
                "subject_label",
                "relation",
                "object",
                "object_label",
                "side",
                "position",
                "claim",
                "document",
                "published",
                "claimant",
                "claimant_label",
                "modality",
                "quote",
                "amount",
                "amount_min",
                "amount_max",
                "currency",
                "unit",
                "bound",
                "date_value",
                "status",
            ),
        ),
        Table(
            "findings",
            TABLE_HELP["findings"],
            (
                "finding",
                "rule",
                "title",
                "explanation",
                "parties",
                "party_labels",
                "relationships",
                "claims",
                "documents",
                "rests_on",
            ),
            _finding_rows,
        ),
    )
}


def table(name: str) -> Table:
    """The table called `name`; a ValueError naming the choices otherwise."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; choose one of: {', '.join(TABLES)}")
    return TABLES[name]


def _safe(text: str) -> str:
    """The text, made inert if a spreadsheet would take it for a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text) else text


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The header and rows as CSV bytes, UTF-8 with a byte order mark."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_safe(value) for value in row] for row in rows)
    return output.getvalue().encode("utf-8-sig")


def table_csv(snapshot: Snapshot, name: str) -> bytes:
    """A table of the snapshot as CSV; a ValueError for an unknown table."""
    chosen = table(name)
    return to_csv(chosen.columns, chosen.rows(snapshot))
