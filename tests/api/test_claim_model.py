"""The extended claim model in the GraphQL API, over a small corpus written here, so that every
figure is known: joint parties, polarity and modality, ranges and bounds, translations, the quote's
anchor, and the funding totals that read them (a joint amount once and never split, a negative or
alleged figure never counted, a restated fact once, a bounded figure carried into the total)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.graphql_http import ask
from tests.live import LiveServer, run_server

DOC = "000_00000000000000aa"
# A character outside the Basic Multilingual Plane first: offsets count code points, not UTF-16 units.
TEXT = (
    "🚀星际之门融资。甲骨文和MGX共出资70亿美元。软银出资190亿美元。微软并未出资30亿美元。因为没有意向。"
    "马斯克称软银只有不到100亿美元。MGX最多出资100亿美元。OpenAI出资50至100亿美元。"
    "据重申软银出资190亿美元。甲骨文和软银共同建设星际之门。微软不负责运营星际之门。"
    "园区部署了1000块GB200。园区并未部署500块H100。软银和OpenAI总共将投入5000亿美元。"
)
ENTITIES = """\
- {id: stargate, type: JointVenture, label: Stargate}
- {id: oracle, type: Company, label: Oracle}
- {id: mgx, type: Fund, label: MGX}
- {id: softbank, type: Company, label: SoftBank}
- {id: microsoft, type: Company, label: Microsoft}
- {id: openai, type: Company, label: OpenAI}
- {id: elon-musk, type: Person, label: Elon Musk}
- {id: campus, type: Site, label: Campus}
- {id: gb200, type: ChipModel, label: GB200}
- {id: h100, type: ChipModel, label: H100}
"""
CLAIMS = f"""\
document: {DOC}
claims:
  - id: oracle-mgx-fund
    subject: oracle
    with: [mgx]
    relation: funds
    object: stargate
    value: {{amount: 7000000000, currency: USD}}
    quote: 甲骨文和MGX共出资70亿美元
    quote_en: Oracle and MGX together put in US$7 billion
  - id: softbank-funds
    subject: softbank
    relation: funds
    object: stargate
    value: {{amount: 19000000000, currency: USD}}
    quote: 软银出资190亿美元
    quote_en: SoftBank puts in US$19 billion
    occurrence: 1
  - id: softbank-funds-restated
    subject: softbank
    relation: funds
    object: stargate
    value: {{amount: 19000000000, currency: USD}}
    quote: 软银出资190亿美元
    quote_en: SoftBank puts in US$19 billion
    occurrence: 2
  - id: microsoft-did-not-fund
    subject: microsoft
    relation: funds
    object: stargate
    value: {{amount: 3000000000, currency: USD}}
    qualifiers: {{polarity: negative, reason: 没有意向}}
    reason_en: no intention
    quote: 微软并未出资30亿美元
    quote_en: Microsoft did not put in US$3 billion
  - id: musk-on-softbank
    subject: softbank
    relation: funds
    object: stargate
    value: {{amount: 10000000000, currency: USD}}
    qualifiers: {{bound: less_than, modality: alleged}}
    claimant: elon-musk
    quote: 马斯克称软银只有不到100亿美元
    quote_en: Musk says SoftBank has less than US$10 billion
  - id: mgx-up-to
    subject: mgx
    relation: funds
    object: stargate
    value: {{amount: 10000000000, currency: USD}}
    qualifiers: {{bound: up_to}}
    quote: MGX最多出资100亿美元
    quote_en: MGX puts in up to US$10 billion
  - id: openai-range
    subject: openai
    relation: funds
    object: stargate
    value: {{min: 5000000000, max: 10000000000, currency: USD}}
    quote: OpenAI出资50至100亿美元
    quote_en: OpenAI puts in US$5 to 10 billion
  - id: oracle-softbank-build
    subject: oracle
    with: [softbank]
    relation: builds
    object: stargate
    quote: 甲骨文和软银共同建设星际之门
    quote_en: Oracle and SoftBank build Stargate together
  - id: microsoft-does-not-operate
    subject: microsoft
    relation: responsibleForOperations
    object: stargate
    qualifiers: {{polarity: negative}}
    quote: 微软不负责运营星际之门
    quote_en: Microsoft is not responsible for operating Stargate
  - id: campus-hosts-gb200
    subject: campus
    relation: hosts
    object: gb200
    value: {{amount: 1000, unit: count}}
    quote: 园区部署了1000块GB200
    quote_en: the campus has deployed 1,000 GB200
  - id: campus-does-not-host-h100
    subject: campus
    relation: hosts
    object: h100
    value: {{amount: 500, unit: count}}
    qualifiers: {{polarity: negative}}
    quote: 园区并未部署500块H100
    quote_en: the campus has not deployed 500 H100
  - id: whole-plan
    subject: softbank
    with: [openai]
    relation: funds
    object: stargate
    value: {{amount: 500000000000, currency: USD}}
    qualifiers: {{phase: total}}
    quote: 软银和OpenAI总共将投入5000亿美元
    quote_en: SoftBank and OpenAI will put in US$500 billion in all
"""
B = Decimal(1_000_000_000)


def write_corpus(root: Path) -> Path:
    """The corpus above as a seed directory (graph/seeds/README.md)."""
    for folder in ("documents", "entities", "claims"):
        (root / folder).mkdir()
    (root / "documents" / f"{DOC}.txt").write_text(TEXT, encoding="utf-8")
    (root / "documents.yaml").write_text(
        textwrap.dedent(f"""\
        - id: {DOC}
          title: 星际之门融资
          title_en: Stargate's funding
          outlet: o
          published: "2025-02"
          language: zh
          script: Hans
        """),
        encoding="utf-8",
    )
    (root / "entities" / "e.yaml").write_text(ENTITIES, encoding="utf-8")
    (root / "claims" / f"{DOC}.yaml").write_text(CLAIMS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    seeds = write_corpus(tmp_path_factory.mktemp("seeds"))
    with run_server("--seeds", str(seeds), log_dir=tmp_path_factory.mktemp("claim-model")) as server:
        yield server


CLAIM = """query ($id: ID!) { claim(id: $id) { polarity modality attribution bound amount amountMin amountMax reason
    quote quoteEn reasonEn subject { id } jointWith { id } parties { id } claimant { id }
    anchor { start end exact prefix suffix occurrence occurrences } document { text titleEn } } }"""


def claim(server: LiveServer, local_id: str) -> dict[str, Any]:
    found: dict[str, Any] = ask(server.url, CLAIM, {"id": f"{DOC}/{local_id}"})["claim"]
    return found


def ids(entities: list[dict[str, str]]) -> list[str]:
    return [e["id"] for e in entities]


def test_a_joint_claim_names_its_parties_and_defaults_show(corpus_server: LiveServer) -> None:
    joint = claim(corpus_server, "oracle-mgx-fund")
    assert (ids(joint["jointWith"]), ids(joint["parties"])) == (["mgx"], ["oracle", "mgx"])
    assert (joint["polarity"], joint["modality"], joint["attribution"]) == ("positive", "asserted", "document")
    assert joint["quoteEn"] == "Oracle and MGX together put in US$7 billion" and joint["reasonEn"] is None
    assert joint["document"]["titleEn"] == "Stargate's funding"
    alone = claim(corpus_server, "softbank-funds")
    assert (alone["jointWith"], ids(alone["parties"])) == ([], ["softbank"])


def test_negative_alleged_and_ranged_claims_say_so(corpus_server: LiveServer) -> None:
    negative = claim(corpus_server, "microsoft-did-not-fund")
    assert (negative["polarity"], negative["modality"], negative["amount"]) == ("negative", "asserted", "3000000000")
    assert negative["reasonEn"] == "no intention"
    alleged = claim(corpus_server, "musk-on-softbank")
    assert (alleged["modality"], alleged["bound"], alleged["attribution"]) == ("alleged", "less_than", "claimant")
    assert alleged["claimant"]["id"] == "elon-musk"
    ranged = claim(corpus_server, "openai-range")
    assert (ranged["amount"], ranged["amountMin"], ranged["amountMax"]) == (None, "5000000000", "10000000000")


def test_the_anchor_selects_the_quote_in_the_document_text(corpus_server: LiveServer) -> None:
    for local_id, occurrence in (("softbank-funds", 1), ("softbank-funds-restated", 2), ("mgx-up-to", 1)):
        found = claim(corpus_server, local_id)
        anchor, text = found["anchor"], found["document"]["text"]
        assert text[anchor["start"] : anchor["end"]] == anchor["exact"] == found["quote"]
        assert text[: anchor["start"]].endswith(anchor["prefix"]) and text[anchor["end"] :].startswith(anchor["suffix"])
        assert (anchor["occurrence"], anchor["occurrences"]) == (
            occurrence,
            2 if local_id.startswith("softbank") else 1,
        )
    first, second = (claim(corpus_server, i)["anchor"] for i in ("softbank-funds", "softbank-funds-restated"))
    assert first["start"] == TEXT.index("软银出资190亿美元") and second["start"] == TEXT.rindex("软银出资190亿美元")


SUM = "currency amount low high bounded bounds modalities fundings { claim { id } }"
BY_DOCUMENT = f"""{{ fundingTotalsByDocument(recipient: "stargate") {{ phase {SUM}
    excluded {{ claim {{ id }} polarity modality }} restatements {{ claim {{ id }} }}
    funders {{ funder {{ id }} {SUM} joint {{ {SUM} fundings {{ jointWith {{ id }} }} }}
               excluded {{ claim {{ id }} }} restatements {{ claim {{ id }} }} }} }} }}"""


def local(fundings: list[dict[str, Any]]) -> set[str]:
    return {f["claim"]["id"].removeprefix(f"{DOC}/") for f in fundings}


def amount(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def document_total(server: LiveServer, phase: str | None = None) -> dict[str, Any]:
    """The document's total of the figures given for `phase` (None: for no phase)."""
    [total] = [t for t in ask(server.url, BY_DOCUMENT)["fundingTotalsByDocument"] if t["phase"] == phase]
    return total


def test_each_phase_has_its_own_total_and_none_adds_them(corpus_server: LiveServer) -> None:
    whole = document_total(corpus_server, "total")
    assert local(whole["fundings"]) == {"whole-plan"} and amount(whole["amount"]) == 500 * B
    assert amount(document_total(corpus_server)["amount"]) == 26 * B  # the tranches, without the whole plan


def test_the_document_total_counts_each_fact_once_and_carries_its_bounds(corpus_server: LiveServer) -> None:
    total = document_total(corpus_server)
    assert local(total["fundings"]) == {"oracle-mgx-fund", "softbank-funds", "mgx-up-to", "openai-range"}
    assert local(total["excluded"]) == {"microsoft-did-not-fund", "musk-on-softbank"}
    assert local(total["restatements"]) == {"softbank-funds-restated"}
    # the joint 7 bn once, SoftBank's 19 bn once; up to 10 bn and 5 to 10 bn only in low and high
    assert (amount(total["amount"]), amount(total["low"]), amount(total["high"])) == (26 * B, 31 * B, 46 * B)
    assert (total["bounded"], total["bounds"], total["modalities"]) == (True, ["up_to"], ["asserted"])


def test_a_funder_total_shows_joint_amounts_apart_whole(corpus_server: LiveServer) -> None:
    total = document_total(corpus_server)
    funders = {f["funder"]["id"]: f for f in total["funders"]}
    assert set(funders) == {"oracle", "mgx", "softbank", "microsoft", "openai"}
    for party, co_party in (("oracle", "mgx"), ("mgx", "mgx")):
        joint = funders[party]["joint"]
        assert amount(joint["amount"]) == 7 * B and local(joint["fundings"]) == {"oracle-mgx-fund"}
        assert ids(joint["fundings"][0]["jointWith"]) == [co_party]
    assert funders["oracle"]["amount"] is None and funders["oracle"]["fundings"] == []
    mgx = funders["mgx"]
    assert (mgx["amount"], amount(mgx["low"]), amount(mgx["high"]), mgx["bounded"]) == (None, Decimal(0), 10 * B, True)
    softbank = funders["softbank"]
    assert amount(softbank["amount"]) == 19 * B and not softbank["bounded"]
    assert local(softbank["excluded"]) == {"musk-on-softbank"}
    assert local(softbank["restatements"]) == {"softbank-funds-restated"}
    microsoft = funders["microsoft"]
    assert (microsoft["amount"], microsoft["fundings"], local(microsoft["excluded"])) == (
        None,
        [],
        {"microsoft-did-not-fund"},
    )
    own = sum(amount(f["amount"]) or 0 for f in funders.values())
    joint_amounts = {
        f["claim"]["id"]: amount(t["joint"]["amount"]) for t in funders.values() for f in t["joint"]["fundings"]
    }
    assert amount(total["amount"]) == own + sum(a or 0 for a in joint_amounts.values())


def test_per_funder_totals_and_funding_filters(corpus_server: LiveServer) -> None:
    data = ask(
        corpus_server.url,
        """{ fundingTotals(funder: "mgx") { funder { id } amount joint { amount } }
        negative: fundings(polarity: [negative]) { nodes { claim { id } polarity funder { id } } }
        alleged: fundings(modality: [alleged]) { nodes { claim { id } modality } }
        joint: fundings(funder: "mgx") { nodes { claim { id } parties { id } } } }""",
    )
    [mgx] = data["fundingTotals"]
    assert (mgx["funder"]["id"], mgx["amount"], amount(mgx["joint"]["amount"])) == ("mgx", None, 7 * B)
    assert [(n["polarity"], n["funder"]["id"]) for n in data["negative"]["nodes"]] == [("negative", "microsoft")]
    assert local(data["alleged"]["nodes"]) == {"musk-on-softbank"}
    assert local(data["joint"]["nodes"]) == {"oracle-mgx-fund", "mgx-up-to"}


def test_links_and_responsibilities_take_every_joint_party_and_no_negative_claim(corpus_server: LiveServer) -> None:
    data = ask(
        corpus_server.url,
        """{ responsibilities(target: "stargate") { nodes { relation party { id } claims { id } } }
        mgx: entity(id: "mgx") { relations(direction: OUT) { nodes { relation entity { id } claims { id } } } }
        microsoft: entity(id: "microsoft") { relations { totalCount } claims(first: 100) { nodes { id polarity } } }
        stargate: entity(id: "stargate") {
            relations(relation: [funds], direction: IN) { nodes { entity { id } } } } }""",
    )
    responsible = {(n["relation"], n["party"]["id"]) for n in data["responsibilities"]["nodes"]}
    assert responsible == {("builds", "oracle"), ("builds", "softbank")}
    [mgx_funds] = data["mgx"]["relations"]["nodes"]
    assert (mgx_funds["relation"], mgx_funds["entity"]["id"]) == ("funds", "stargate")
    assert {c["id"].removeprefix(f"{DOC}/") for c in mgx_funds["claims"]} == {"oracle-mgx-fund", "mgx-up-to"}
    assert data["microsoft"]["relations"]["totalCount"] == 0
    assert {(n["id"].removeprefix(f"{DOC}/"), n["polarity"]) for n in data["microsoft"]["claims"]["nodes"]} == {
        ("microsoft-did-not-fund", "negative"),
        ("microsoft-does-not-operate", "negative"),
    }
    funders = {n["entity"]["id"] for n in data["stargate"]["relations"]["nodes"]}
    assert funders == {"oracle", "mgx", "softbank", "openai"}


def test_a_gpu_total_never_adds_a_negative_count(corpus_server: LiveServer) -> None:
    site = ask(
        corpus_server.url,
        '{ site(id: "campus") { deployments { chip { id } } gpuTotals { count deployments { chip { id } } } } }',
    )["site"]
    assert sorted(d["chip"]["id"] for d in site["deployments"]) == ["gb200", "h100"]
    [total] = site["gpuTotals"]
    assert (total["count"], [d["chip"]["id"] for d in total["deployments"]]) == (1000, ["gb200"])
