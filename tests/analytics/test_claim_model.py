"""Analytics respect the claim model, specified over a small self-made corpus
(tests/analytics/claim_corpus.py): a negative claim is no edge, a joint claim is an edge from every
party, every edge keeps each claim's polarity, modality, bound, range, parties, attribution,
translation and offsets; paths and findings that rest on claims no one asserts say so; centrality
can count asserted claims only; the CSV claims table carries the qualifiers."""

from __future__ import annotations

import io
from pathlib import Path

import pandas
import pytest

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import scan
from graph.analytics.conflict_rules import load_rules
from graph.analytics.paths import caveat, find_paths
from graph.analytics.projection import ClaimRef, Projection
from graph.analytics.qualified import figure, how_sure, rests_on
from graph.analytics.tables import table_csv
from graph.ingest.pipeline import Compiled
from graph.store.snapshot import Snapshot
from graph.vocab.wording import amount_text, range_text
from tests.analytics.claim_corpus import DOCUMENT, TEXT, compile_corpus, snapshot_of
from tests.handmade import RIVAL, write_rules
from tests.handmade import projection as handmade


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return compile_corpus(tmp_path_factory.mktemp("claim-model") / "seeds")


@pytest.fixture(scope="module")
def small(corpus: Compiled) -> Snapshot:
    return snapshot_of(corpus)


@pytest.fixture(scope="module")
def graph(small: Snapshot) -> Projection:
    return analytics.projection(small)


def claim(graph: Projection, local_id: str) -> ClaimRef:
    return next(c for _, _, e in graph.graph.edges(data="edge") for c in e.claims if c.local_id == local_id)


def test_a_negative_claim_is_never_an_edge_but_is_kept_aside(graph: Projection) -> None:
    assert not graph.graph.has_edge("microsoft", "stargate")
    assert graph.graph.degree("microsoft") == 0  # the entity stays, with nothing the source denies
    [denied] = graph.negated
    assert (denied.subject, denied.relation, denied.object) == ("microsoft", "funds", "stargate")
    assert [(c.local_id, c.polarity) for c in denied.claims] == [("microsoft-no-funding", "negative")]
    assert find_paths(graph, "microsoft", "softbank").shortest is None


def test_a_joint_claim_is_an_edge_from_every_party_naming_the_others(graph: Projection) -> None:
    oracle, mgx = graph.edge("oracle", "funds", "stargate"), graph.edge("mgx", "funds", "stargate")
    assert oracle.claims == mgx.claims  # one claim, one amount: never split, never doubled
    assert oracle.claims[0].parties == ("oracle", "mgx")
    assert (oracle.joint, mgx.joint) == (("mgx",), ("oracle",))
    assert not graph.graph.has_edge("oracle", "mgx") and not graph.graph.has_edge("mgx", "oracle")
    assert graph.edge("softbank", "funds", "stargate").joint == ()


def test_every_claim_keeps_its_qualifiers_translation_and_place(graph: Projection) -> None:
    alleged = claim(graph, "softbank-under-10b")
    assert (alleged.polarity, alleged.modality, alleged.attribution, alleged.claimant) == (
        "positive",
        "alleged",
        "claimant",
        "elon-musk",
    )
    assert (alleged.amount, alleged.bound, alleged.currency) == (10e9, "less_than", "USD")
    assert alleged.quote_en == "the money SoftBank has secured is under US$10 billion"
    assert alleged.start is not None and TEXT[alleged.start : alleged.end] == alleged.quote
    ranged = claim(graph, "softbank-tens-of-billions")
    assert (ranged.amount, ranged.amount_min, ranged.amount_max, ranged.modality) == (None, 20e9, 90e9, "reported")
    plain = claim(graph, "openai-founds-stargate")
    assert (plain.modality, plain.attribution, plain.bound) == ("asserted", "document", "")


def test_an_edge_says_what_it_rests_on_when_no_claim_asserts_it(graph: Projection) -> None:
    assert graph.edge("softbank", "funds", "stargate").rests_on == ("alleged", "reported")
    assert graph.edge("elon-musk", "disputes", "stargate").rests_on == ("opinion",)
    assert graph.edge("oracle", "funds", "stargate").rests_on == ()


def test_figures_travel_with_their_bound_or_range(graph: Projection) -> None:
    assert figure(claim(graph, "softbank-under-10b")) == "under US$10 bn"
    assert figure(claim(graph, "softbank-tens-of-billions")) == "US$20-90 bn"
    assert figure(claim(graph, "oracle-mgx-fund")) == "US$7 bn"
    assert figure(claim(graph, "musk-owns-xai")) == ""
    assert figure(ClaimRef("c", "c", "d", "q", amount=13e9, currency="USD", bound="about")) == "about US$13 bn"
    assert (amount_text(2.5e9, "CNY"), amount_text(3000)) == ("CNY 2.5 bn", "3,000")
    assert range_text(5e8, 2e9, "USD") == "US$500 m-2 bn"
    assert how_sure(claim(graph, "softbank-under-10b"), graph.label) == "alleged by Elon Musk"
    assert how_sure(claim(graph, "oracle-mgx-fund"), graph.label) == ""


def test_a_path_resting_on_an_allegation_says_so(graph: Projection) -> None:
    result = find_paths(graph, "elon-musk", "softbank", max_length=4)
    first, longer = result.paths[0], result.paths[1]
    assert list(first.nodes) == ["elon-musk", "stargate", "softbank"]
    assert caveat(graph, first) == (
        "rests on an opinion, an allegation and a report: Elon Musk disputes Stargate (opinion by Elon Musk); "
        "SoftBank funds Stargate (reported; alleged by Elon Musk)"
    )
    assert caveat(graph, longer).startswith("rests on an allegation and a report: SoftBank funds Stargate")
    asserted = find_paths(graph, "elon-musk", "openai", directed=True).paths
    assert [list(p.nodes) for p in asserted] == [["elon-musk", "xai", "openai"]] and caveat(graph, asserted[0]) == ""


def test_a_step_one_asserted_edge_makes_is_asserted() -> None:
    graph = handmade([("a", "funds", "b", {"modality": "alleged"}), ("a", "owns", "b"), ("b", "leads", "c")])
    path = find_paths(graph, "a", "c").paths[0]
    assert rests_on(path.steps, graph.label) == ""


def test_a_finding_resting_on_an_opinion_says_so(small: Snapshot) -> None:
    [found] = analytics.conflicts(small)
    assert (found.rule, found.entities) == ("disputes-while-rival", {"critic": "elon-musk", "venture": "stargate"})
    assert found.rests_on == "rests on an opinion: Elon Musk disputes Stargate (opinion by Elon Musk)"
    assert found.explanation.endswith(f"({found.rests_on})")


def test_a_rule_can_leave_out_claims_of_a_modality(tmp_path: Path) -> None:
    rules = RIVAL.replace("    require:", "    ignore_modality: [joke]\n    require:")
    loaded = load_rules(write_rules(tmp_path, rules, "  party: [funds]"))
    types = {"critic": "Person", "venture": "Project", "rival": "Company", "site": "Site"}
    joking = handmade([("critic", "disputes", "venture"), ("critic", "operates", "site", {"modality": "joke"})], types)
    assert scan(joking, loaded) == []
    meant = handmade([("critic", "disputes", "venture"), ("critic", "operates", "site")], types)
    assert [f.rests_on for f in scan(meant, loaded)] == [""]
    with pytest.raises(ValueError, match="unknown modality 'jest'"):
        load_rules(write_rules(tmp_path, RIVAL.replace("    require:", "    ignore_modality: [jest]\n    require:")))


def test_centrality_can_count_asserted_claims_only(small: Snapshot) -> None:
    every = {r.entity: r.score for r in analytics.centrality(small, "out_degree", types=["Entity"], limit=0)}
    asserted = {
        r.entity: r.score
        for r in analytics.centrality(small, "out_degree", types=["Entity"], limit=0, modalities=["asserted"])
    }
    assert (every["softbank"], every["elon-musk"]) == (1.0, 2.0)
    assert (asserted["softbank"], asserted["elon-musk"]) == (0.0, 1.0)  # the allegation, report and opinion out
    assert set(asserted) == set(every)


def test_the_claims_table_carries_the_claim_model(small: Snapshot, corpus: Compiled) -> None:
    frame = pandas.read_csv(io.BytesIO(table_csv(small, "claims")), dtype=str, keep_default_na=False)
    assert len(frame) == len(corpus.corpus.claims)
    rows = {row["claim"].removeprefix(f"{DOCUMENT}/"): row for row in frame.to_dict("records")}
    assert (
        rows["oracle-mgx-fund"] | {"subject": "oracle", "joint": "mgx", "amount": "7000000000"}
        == rows["oracle-mgx-fund"]
    )
    alleged = rows["softbank-under-10b"]
    assert (alleged["modality"], alleged["attribution"], alleged["bound"], alleged["polarity"]) == (
        "alleged",
        "claimant",
        "less_than",
        "positive",
    )
    assert alleged["quote_en"] == "the money SoftBank has secured is under US$10 billion"
    assert TEXT[int(alleged["anchor_start"]) : int(alleged["anchor_end"])] == alleged["quote"]
    ranged = rows["softbank-tens-of-billions"]
    assert (ranged["amount"], ranged["amount_min"], ranged["amount_max"], ranged["currency"]) == (
        "",
        "20000000000",
        "90000000000",
        "USD",
    )
    assert rows["microsoft-no-funding"]["polarity"] == "negative"
    assert rows["openai-founds-stargate"]["attribution"] == "document"
    findings = pandas.read_csv(io.BytesIO(table_csv(small, "findings")), dtype=str, keep_default_na=False)
    assert list(findings["rests_on"]) == ["rests on an opinion: Elon Musk disputes Stargate (opinion by Elon Musk)"]
