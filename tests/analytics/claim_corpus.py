"""A small seed corpus that uses every part of the claim model analytics must respect, with known
answers: one document, eight entities, and claims that are joint (Oracle with MGX), negative
(Microsoft does not fund), alleged (Musk's "under US$10 bn"), reported as a range (数百亿: US$20-90
bn), an opinion (Musk disputes the venture) and asserted. Built for real: seeds written to a
directory, compiled (checks and SHACL included), loaded in the embedded store.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from graph.ingest.pipeline import Compiled, compile_seeds
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import Snapshot

DOCUMENT = "000_00000000000000bb"
TEXT = (
    "甲骨文和MGX共出资70亿美元投向星际之门。\n"
    "马斯克称软银锁定的资金不到100亿美元。他质疑星际之门的资金。\n"
    "微软没有任何出资意向。\n"
    "据报道软银将投入数百亿美元。\n"
    "马斯克的xAI与OpenAI竞争。OpenAI创立了星际之门。\n"
)
ENTITIES = {
    "oracle": ("Company", "Oracle"),
    "mgx": ("Fund", "MGX"),
    "stargate": ("JointVenture", "Stargate"),
    "softbank": ("Company", "SoftBank"),
    "microsoft": ("Company", "Microsoft"),
    "elon-musk": ("Person", "Elon Musk"),
    "xai": ("Company", "xAI"),
    "openai": ("Company", "OpenAI"),
}
CLAIMS = """\
document: 000_00000000000000bb
claims:
  - id: oracle-mgx-fund
    subject: oracle
    with: [mgx]
    relation: funds
    object: stargate
    value: {amount: 7000000000, currency: USD}
    quote: 甲骨文和MGX共出资70亿美元
    quote_en: Oracle and MGX together put in US$7 billion
  - id: softbank-under-10b
    subject: softbank
    relation: funds
    object: stargate
    value: {amount: 10000000000, currency: USD}
    qualifiers: {bound: less_than, modality: alleged}
    claimant: elon-musk
    quote: 软银锁定的资金不到100亿美元
    quote_en: the money SoftBank has secured is under US$10 billion
  - id: musk-disputes-stargate
    subject: elon-musk
    relation: disputes
    object: stargate
    qualifiers: {modality: opinion}
    claimant: elon-musk
    quote: 他质疑星际之门的资金
    quote_en: he questions Stargate's money
  - id: microsoft-no-funding
    subject: microsoft
    relation: funds
    object: stargate
    qualifiers: {polarity: negative}
    quote: 微软没有任何出资意向
    quote_en: Microsoft has no intention whatsoever to fund it
  - id: softbank-tens-of-billions
    subject: softbank
    relation: funds
    object: stargate
    value: {min: 20000000000, max: 90000000000, currency: USD}
    qualifiers: {modality: reported}
    quote: 据报道软银将投入数百亿美元
    quote_en: reportedly, SoftBank will put in tens of billions of US dollars
  - id: musk-owns-xai
    subject: elon-musk
    relation: owns
    object: xai
    quote: 马斯克的xAI
    quote_en: Musk's xAI
  - id: xai-competes-openai
    subject: xai
    relation: competesWith
    object: openai
    quote: xAI与OpenAI竞争
    quote_en: xAI competes with OpenAI
  - id: openai-founds-stargate
    subject: openai
    relation: founderOf
    object: stargate
    quote: OpenAI创立了星际之门
    quote_en: OpenAI founded Stargate
"""


def write_corpus(root: Path) -> Path:
    """The seed directory, written under `root`."""
    for folder in ("documents", "entities", "claims"):
        (root / folder).mkdir(parents=True)
    (root / "documents" / f"{DOCUMENT}.txt").write_text(TEXT, encoding="utf-8")
    (root / "documents.yaml").write_text(
        textwrap.dedent(f"""\
        - id: {DOCUMENT}
          title: 星际之门的资金
          title_en: Stargate's money
          outlet: 测试
          published: "2025-02-01"
          language: zh
          script: Hans
        """),
        encoding="utf-8",
    )
    (root / "entities" / "e.yaml").write_text(
        "".join(f"- id: {id_}\n  type: {type_}\n  label: {label}\n" for id_, (type_, label) in ENTITIES.items()),
        encoding="utf-8",
    )
    (root / "claims" / f"{DOCUMENT}.yaml").write_text(CLAIMS, encoding="utf-8")
    return root


def compile_corpus(root: Path) -> Compiled:
    return compile_seeds(write_corpus(root))


def snapshot_of(compiled: Compiled) -> Snapshot:
    store = EmbeddedStore(compiled.quads)
    return Snapshot(store, store.version, "claim-corpus")
