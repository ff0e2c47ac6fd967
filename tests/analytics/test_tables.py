"""graph/analytics/tables.py: each spreadsheet table is one query selecting exactly its columns,
its rows are the seed graph's (checked against the seed corpus and the documents' text), the same
through a remote SPARQL store, and its CSV is what pandas reads back, formulas made inert."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas
import pytest
from rdflib.plugins.sparql import prepareQuery

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import finding_id
from graph.analytics.tables import QUERIES, TABLES, table, table_csv, to_csv
from graph.ingest.pipeline import Compiled
from graph.ingest.seeds import DateValue, Money, Range
from graph.store.backends import PREFIXES, RemoteStore
from graph.store.snapshot import Snapshot
from graph.vocab import namespaces as ns
from tests.stores import RemoteServer

pytest_plugins = ["tests.stores"]


def read(body: bytes) -> pandas.DataFrame:
    """A CSV as a spreadsheet user's pandas reads it: every cell as text."""
    return pandas.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name", ["claims", "entities", "contradictions"])
def test_a_query_table_selects_exactly_its_columns(name: str) -> None:
    query = prepareQuery(PREFIXES + (QUERIES / f"table-{name}.rq").read_text(encoding="utf-8"))
    assert tuple(str(v) for v in query.algebra["PV"]) == TABLES[name].columns


def test_claims_one_row_per_claim_with_its_source_and_verbatim_quote(snapshot: Snapshot, compiled: Compiled) -> None:
    """Every row is its seed claim: who acts, what, how sure and how much, whose voice, the quote
    and where it sits in the document (the claim model's rules: tests/analytics/test_claim_model.py)."""
    frame = read(table_csv(snapshot, "claims"))
    corpus = compiled.corpus
    assert len(frame) == len(corpus.claims) and frame["claim"].is_unique
    by_key = {c.key: c for c in corpus.claims}
    for row in frame.itertuples():
        seed = by_key[row.claim]
        q = seed.qualifiers
        assert (row.document, row.subject, row.relation) == (seed.document, seed.subject, seed.relation)
        assert row.joint == "; ".join(sorted(seed.joint))
        text = corpus.documents[row.document].text
        assert row.quote == seed.quote and text[int(row.anchor_start) : int(row.anchor_end)] == row.quote
        assert row.quote_en == (seed.quote_en or "")
        published = corpus.documents[row.document].published
        assert row.claimant == (seed.claimant or "") and row.date == (published.iso if published else "")
        assert row.attribution == ("claimant" if seed.claimant else "document")
        assert (row.polarity, row.modality, row.bound, row.status) == (
            q.polarity,
            q.modality,
            q.bound or "",
            q.status or "",
        )
        if seed.object:
            assert row.object == seed.object and row.object_label == corpus.entities[seed.object].label
        if isinstance(seed.value, Range):
            assert (row.amount, float(row.amount_min), float(row.amount_max)) == ("", seed.value.low, seed.value.high)
        if isinstance(seed.value, Money):
            assert (float(row.amount), row.currency, row.amount_min) == (seed.value.amount, seed.value.currency, "")
    assert {"asserted", "alleged"} <= set(frame["modality"]) and {"positive", "negative"} == set(frame["polarity"])


def test_entities_and_findings_are_the_graphs(snapshot: Snapshot, compiled: Compiled) -> None:
    entities = read(table_csv(snapshot, "entities"))
    assert set(entities["entity"]) == set(compiled.corpus.entities)
    softbank = entities[entities["entity"] == "softbank"].iloc[0]
    assert (softbank["type"], softbank["label"], softbank["label_zh_hans"]) == ("Company", "SoftBank Group", "软银")
    assert softbank["aliases"] == "; ".join(sorted(compiled.corpus.entities["softbank"].aliases))
    assert int(softbank["claims"]) > 10
    findings = read(table_csv(snapshot, "findings"))
    assert list(findings["finding"]) == [finding_id(f) for f in analytics.conflicts(snapshot)]
    stake = findings[findings["finding"] == "stake-in-partner:softbank,arm,stargate"].iloc[0]
    assert "004_5cf1b9cad3f7a47d/softbank-stake-arm" in stake["claims"].split("; ")
    assert "SoftBank Group holdsStake Arm" in stake["relationships"].split("; ")


def test_contradictions_one_row_per_claim_of_each_side_with_kind_explanation_and_judgement(
    snapshot: Snapshot, compiled: Compiled
) -> None:
    """The sides read down the rows, in order; every row says what the contradiction is and how a
    curator judged it, and what its claim's source says (the build's own contradictions decide)."""
    frame = read(table_csv(snapshot, "contradictions"))
    corpus = compiled.corpus
    expected = [
        (found, order, side, claim)
        for found in sorted(compiled.contradictions, key=lambda c: c.iri)
        for order, side in enumerate(found.sides, start=1)
        for claim in sorted(side.claims, key=lambda c: c.key)
    ]
    assert len(frame) == len(expected)
    for row, (found, order, side, claim) in zip(frame.itertuples(), expected, strict=True):
        judgement = found.judgement
        assert (row.contradiction, row.kind, row.explanation, row.rule) == (
            found.iri.removeprefix(ns.CONTRADICTION),
            found.kind,
            found.explanation,
            found.rule or "",
        )
        assert (row.verdict, row.judgement_reason) == ((judgement.verdict, judgement.reason) if judgement else ("", ""))
        assert (row.subject, row.relation, row.object) == (found.subject or "", found.relation, found.object or "")
        assert (int(row.side), row.position, row.claim) == (order, side.position, claim.key)
        published = corpus.documents[claim.document].published
        assert (row.document, row.published, row.claimant) == (
            claim.document,
            published.iso if published else "",
            claim.claimant or "",
        )
        if claim.claimant:
            assert row.claimant_label == corpus.entities[claim.claimant].label
        assert (row.modality, row.quote, row.bound) == (
            claim.qualifiers.modality,
            claim.quote,
            claim.qualifiers.bound or "",
        )
        if isinstance(claim.value, Money):
            assert (Decimal(row.amount), row.currency) == (claim.value.amount, claim.value.currency)
        if isinstance(claim.value, Range):
            assert (Decimal(row.amount_min), Decimal(row.amount_max)) == (claim.value.low, claim.value.high)
        if isinstance(claim.value, DateValue):
            assert row.date_value == claim.value.date.iso
    assert set(frame["verdict"]) - {""} <= set(compiled.vocabulary.verdicts)


def test_a_remote_store_gives_the_same_tables(remote_store: RemoteServer, snapshot: Snapshot) -> None:
    remote = RemoteStore(remote_store.query_url)
    over_http = Snapshot(remote, remote.version, remote_store.query_url)
    for name in TABLES:
        assert read(table_csv(over_http, name)).equals(read(table_csv(snapshot, name))), name


def test_formulas_are_made_inert_and_numbers_and_text_kept() -> None:
    cells = ['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-x", "-5", "+3.5", "1e9", "软银", 'say "hi", then', ""]
    frame = read(to_csv(["value"], [[c] for c in cells]))
    assert list(frame["value"]) == [
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'@SUM(A1)",
        "'-x",
        "-5",
        "+3.5",
        "1e9",
        "软银",
        'say "hi", then',
        "",
    ]


def test_csv_is_utf8_with_a_byte_order_mark_and_crlf_lines() -> None:
    body = to_csv(["a", "b"], [["软银", "x"]])
    assert body.startswith(b"\xef\xbb\xbfa,b\r\n") and body.endswith("软银,x\r\n".encode())


def test_an_unknown_table_is_named() -> None:
    with pytest.raises(
        ValueError, match="unknown table 'claim'; choose one of: claims, entities, contradictions, findings"
    ):
        table("claim")
