"""Facts: what several documents state alike, once, first and last seen on their publication dates,
and what each document added, restated, changed and contradicted. Each test builds a small corpus
of a few documents with given publication dates (tests/ingest/test_contradictions.py's `build`);
the last ones check the seed corpus against the claims themselves, and the SHACL shape."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph.ingest.facts import Fact, value_key
from graph.ingest.pipeline import Compiled
from graph.ingest.seeds import Date, Money
from graph.ingest.validate import check_shapes
from graph.store.backends import EmbeddedStore
from graph.vocab import namespaces as ns
from tests.ingest.test_contradictions import build, claim, money

FUNDS = {"relation": "funds", "object": "stargate"}


def doc(number: int) -> str:
    """The id `build` gives the document at `number`."""
    return f"{number:03d}_{number:016x}"


def fact_of(compiled: Compiled, stated: dict[str, Any], document: int = 0) -> Fact:
    """The fact the claim `stated` (as written into document `document`) belongs to."""
    [record] = [c for c in compiled.corpus.claims if c.id == stated["id"] and c.document == doc(document)]
    return compiled.facts.of(record)


def restate(stated: dict[str, Any]) -> dict[str, Any]:
    """The same claim again, for another document (a claim id and quote of its own)."""
    fields = {k: v for k, v in stated.items() if k not in ("id", "subject", "relation", "quote", "quote_en")}
    return claim(stated["relation"], stated["subject"], **fields)


# first and last seen


def test_a_fact_stated_in_several_documents_is_first_seen_at_the_earliest_date_and_last_at_the_latest(
    tmp_path: Path,
) -> None:
    first = claim(**FUNDS, **money(19e9))
    second, third = restate(first), restate(first)
    compiled = build(tmp_path, [first], [second], [third], published=("2025-02-08", "2025-01-23", "2025-01-26"))
    fact = fact_of(compiled, first)
    assert (fact.first_seen, fact.last_seen) == (Date("2025-01-23"), Date("2025-02-08"))
    assert fact.documents == (doc(1), doc(2), doc(0))  # in publication order, not id order
    assert [c.id for c in fact.claims] == [second["id"], third["id"], first["id"]]
    assert len(compiled.facts.all) == 1


def test_a_document_of_unknown_date_counts_among_the_documents_but_gives_no_date(tmp_path: Path) -> None:
    dated = claim(**FUNDS, **money(19e9))
    undated, alone = restate(dated), claim("funds", "softbank", object="stargate")
    compiled = build(tmp_path, [undated, alone], [dated], published=(None, "2025-01-26"))
    fact = fact_of(compiled, dated, document=1)
    assert fact.documents == (doc(1), doc(0))  # the undated document comes last
    assert (fact.first_seen, fact.last_seen) == (Date("2025-01-26"), Date("2025-01-26"))
    only_undated = fact_of(compiled, alone)
    assert only_undated.documents == (doc(0),) and only_undated.first_seen is only_undated.last_seen is None


def test_dates_keep_the_precision_the_catalogue_gives(tmp_path: Path) -> None:
    monthly = claim(**FUNDS, **money(19e9))
    compiled = build(tmp_path, [monthly], [restate(monthly)], published=("2025-01", "2025-01-23"))
    fact = fact_of(compiled, monthly)
    assert (fact.first_seen, fact.last_seen) == (Date("2025-01"), Date("2025-01-23"))
    store = EmbeddedStore(compiled.quads)
    [row] = store.select(f"SELECT ?first ?last WHERE {{ <{fact.iri}> sg:firstSeen ?first ; sg:lastSeen ?last }}")
    assert row["first"] == ox.Literal("2025-01", datatype=ox.NamedNode(ns.XSD + "gYearMonth"))
    assert row["last"] == ox.Literal("2025-01-23", datatype=ox.NamedNode(ns.XSD + "date"))


# what makes one fact


def test_joint_parties_in_any_order_and_one_amount_written_two_ways_are_one_fact(tmp_path: Path) -> None:
    oracle_with_mgx = claim("funds", "oracle", object="stargate", **{"with": ["mgx"]}, **money(7e9))
    mgx_with_oracle = claim("funds", "mgx", object="stargate", **{"with": ["oracle"]}, **money(7_000_000_000))
    compiled = build(tmp_path, [oracle_with_mgx], [mgx_with_oracle], published=("2025-01-23", "2025-01-26"))
    fact = fact_of(compiled, oracle_with_mgx)
    assert fact is fact_of(compiled, mgx_with_oracle, document=1)
    assert fact.subject is None and set(fact.parties) == {"oracle", "mgx"}  # each names another subject
    assert fact.key.value == value_key(Money(Decimal(7_000_000_000), "USD"), None) == "money 7000000000 USD"


def test_saying_it_is_not_so_is_another_fact(tmp_path: Path) -> None:
    funds = claim(**FUNDS)
    does_not = claim(**FUNDS, qualifiers={"polarity": "negative"})
    compiled = build(tmp_path, [funds], [does_not], published=("2025-01-23", "2025-01-26"))
    positive, negative = fact_of(compiled, funds), fact_of(compiled, does_not, document=1)
    assert positive is not negative
    assert (positive.key.polarity, negative.key.polarity) == ("positive", "negative")
    assert negative.label == f"{positive.label}: not so"


def test_another_bound_is_another_fact_but_another_modality_is_the_same_fact_said_otherwise(tmp_path: Path) -> None:
    exact = claim(**FUNDS, **money(10e9))
    under = claim(**FUNDS, **money(10e9, bound="less_than"))
    alleged = claim(**FUNDS, **money(10e9, modality="alleged"), claimant="elon-musk")
    compiled = build(tmp_path, [exact, under], [alleged], published=("2025-01-23", "2025-01-26"))
    assert fact_of(compiled, exact) is not fact_of(compiled, under)
    fact = fact_of(compiled, alleged, document=1)
    assert fact is fact_of(compiled, exact)
    assert [c.qualifiers.modality for c in fact.claims] == ["asserted", "alleged"]  # each claim keeps its own
    assert fact_of(compiled, under).label == "OpenAI funds Stargate under US$10 bn"


def test_a_facts_id_is_a_hash_of_what_it_states_not_of_where(tmp_path: Path) -> None:
    stated = claim(**FUNDS, **money(19e9))
    again = restate(stated)
    once = build(tmp_path, [stated], published=("2025-01-23",))
    elsewhere = build(tmp_path, [claim("memberOf", "mgx", object="stargate")], [again])
    assert fact_of(once, stated).iri == fact_of(elsewhere, again, document=1).iri
    assert fact_of(once, stated).iri.startswith(ns.FACT)


# what each document brought


def test_each_document_adds_restates_and_changes_facts_in_publication_order(tmp_path: Path) -> None:
    pledge = claim(**FUNDS, **money(100e9, phase="initial"))
    goal = claim("hasGoal", "stargate", value={"text": "建设数据中心"})
    revised = claim(**FUNDS, **money(19e9, phase="initial"))
    total = claim(**FUNDS, **money(500e9, phase="total"))  # another scope: a figure of its own, no change
    other_goal = claim("hasGoal", "stargate", value={"text": "确保领先地位"})  # a text adds, never changes
    first, second, third = [pledge, goal], [restate(pledge), revised, total], [restate(revised), other_goal]
    compiled = build(tmp_path, third, first, second, published=(None, "2025-01-23", "2025-01-26"))
    changes = {c.document: c for c in compiled.facts.documents}
    assert list(changes) == [doc(1), doc(2), doc(0)]
    added = {d: {f.label for f in c.added} for d, c in changes.items()}
    restated = {d: {f.label for f in c.restated} for d, c in changes.items()}
    assert added == {
        doc(1): {"OpenAI funds Stargate US$100 bn", "Stargate has goal 建设数据中心"},
        doc(2): {"OpenAI funds Stargate US$19 bn", "OpenAI funds Stargate US$500 bn"},
        doc(0): {"Stargate has goal 确保领先地位"},
    }
    assert restated == {
        doc(1): set(),
        doc(2): {"OpenAI funds Stargate US$100 bn"},
        doc(0): {"OpenAI funds Stargate US$19 bn"},
    }
    changed = {d: [(x.fact.label, [e.label for e in x.earlier]) for x in c.changed] for d, c in changes.items()}
    assert changed == {
        doc(1): [],
        doc(2): [("OpenAI funds Stargate US$19 bn", ["OpenAI funds Stargate US$100 bn"])],
        doc(0): [],
    }


def test_each_document_lists_the_contradictions_its_claims_take_part_in(tmp_path: Path) -> None:
    a = claim(**FUNDS, **money(100e9, phase="initial"))
    b = claim(**FUNDS, **money(19e9, phase="initial"))
    c = claim("memberOf", "mgx", object="stargate")
    compiled = build(tmp_path, [a], [b], [c], published=("2025-01-23", "2025-01-26", "2025-02-08"))
    [contradiction] = compiled.contradictions
    found = {changes.document: changes.contradictions for changes in compiled.facts.documents}
    assert found == {doc(0): (contradiction,), doc(1): (contradiction,), doc(2): ()}


def test_the_derived_graph_states_each_fact_with_its_claims_documents_dates_and_changes(tmp_path: Path) -> None:
    pledge = claim(**FUNDS, **money(100e9, phase="initial"))
    revised = claim(**FUNDS, **money(19e9, phase="initial"))
    compiled = build(
        tmp_path, [pledge], [restate(pledge), revised], [restate(revised)], published=("2025-01-23", "2025-01-26")
    )
    store = EmbeddedStore(compiled.quads)
    rows = store.select("""
        SELECT ?fact ?count ?first (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?document) AS ?documents)
        WHERE { GRAPH <https://w3id.org/stargate-kg/graph/derived> {
                  ?fact a sg:Fact ; sg:documentCount ?count ; sg:firstStatedIn ?first ; sg:factClaim ?claim ;
                        sg:seenIn ?document } }
        GROUP BY ?fact ?count ?first""")
    answered = {
        r["fact"].value: (int(r["count"].value), r["first"].value, int(r["claims"].value), int(r["documents"].value))
        for r in rows
    }
    assert answered == {
        f.iri: (len(f.documents), ns.document_iri(f.documents[0]), len(f.claims), len(f.documents))
        for f in compiled.facts.all
    }
    changed = store.select("SELECT ?fact ?earlier WHERE { ?fact sg:changedFrom ?earlier }")
    assert [(r["fact"].value, r["earlier"].value) for r in changed] == [
        (fact_of(compiled, revised, 1).iri, fact_of(compiled, pledge).iri)
    ]
    assert check_shapes(compiled.quads, compiled.corpus, engine="sparql") == []
    assert check_shapes(compiled.quads, compiled.corpus, engine="pyshacl") == []


# the seed corpus


def test_every_seed_claim_belongs_to_exactly_one_fact_whose_dates_span_its_documents(compiled: Compiled) -> None:
    facts = compiled.facts.all
    assert sorted(c.key for f in facts for c in f.claims) == sorted(c.key for c in compiled.corpus.claims)
    several = [f for f in facts if len(f.documents) >= 2]
    assert several, "the seed documents repeat each other: this test needs facts stated in several"
    for fact in facts:
        assert {c.document for c in fact.claims} == set(fact.documents)
        dates = sorted(
            d.published.iso for name in fact.documents if (d := compiled.corpus.documents[name]).published is not None
        )
        assert (fact.first_seen and fact.first_seen.iso, fact.last_seen and fact.last_seen.iso) == (
            (dates[0], dates[-1]) if dates else (None, None)
        ), fact.label


def test_every_seed_document_adds_what_no_earlier_one_stated(compiled: Compiled) -> None:
    seen: set[str] = set()
    for changes in compiled.facts.documents:
        assert {f.iri for f in changes.added}.isdisjoint(seen)
        assert {f.iri for f in changes.restated} <= seen
        assert {x.fact.iri for x in changes.changed} <= {f.iri for f in changes.added}
        seen |= {f.iri for f in changes.added}
    assert seen == {f.iri for f in compiled.facts.all}


TAMPERED = {"firstSeen": "1999-01-01", "seenIn": ns.document_iri("999_0000000000000000")}


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_the_fact_shape_catches_a_wrong_date_and_a_document_without_its_claims(compiled: Compiled, engine: str) -> None:
    several = next(f for f in compiled.facts.all if len(f.documents) >= 2 and f.first_seen)
    node, prop = ox.NamedNode(several.iri), ns.SG + "firstSeen"
    quads = [
        ox.Quad(
            q.subject,
            q.predicate,
            ox.Literal(TAMPERED["firstSeen"], datatype=ox.NamedNode(ns.XSD + "date")),
            q.graph_name,
        )
        if q.subject == node and q.predicate.value == prop
        else q
        for q in compiled.quads
    ]
    quads.append(
        ox.Quad(node, ox.NamedNode(ns.SG + "seenIn"), ox.NamedNode(TAMPERED["seenIn"]), ox.NamedNode(ns.DERIVED_GRAPH))
    )
    messages = sorted(p.message for p in check_shapes(quads, compiled.corpus, engine=engine))
    assert any("first and last seen dates are the earliest and latest" in m for m in messages), messages
    assert any("seen in exactly the documents of its claims" in m for m in messages), messages
    assert all(several.iri in m for m in messages), messages
