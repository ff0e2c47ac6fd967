"""The draft file: the seed claim format plus draft-only fields, which a curator edits into seeds."""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from graph.draft.output import DRAFT_ONLY, draft_yaml, write_draft
from graph.files.resources import package_file
from graph.ingest.seeds import Corpus, load_corpus
from graph.ingest.validate import check_corpus
from graph.vocab.vocabulary import Vocabulary
from tests.draft.conftest import DraftText, first_of


def article(corpus: Corpus) -> str:
    first, second = [e for e in corpus.entities.values() if e.type == "Company" and e.zh_hans][:2]
    venture = first_of(corpus, "JointVenture")
    return (
        "星际之门再获注资\n发布日期:2025-01-23 08:00 来源:某某报\n\n"
        f"{first.zh_hans}和{second.zh_hans}将向{venture.zh_hans}注资最高190亿美元。"
        f"{venture.zh_hans}周二宣布，首个数据中心占地875英亩。Zorvex Energy负责建设。\n"
    )


def test_the_draft_is_yaml_with_every_part(corpus: Corpus, draft_text: DraftText) -> None:
    draft = draft_text(article(corpus))
    data = yaml.safe_load(draft_yaml(draft))
    assert data["document"] == data["catalogue"]["id"] == draft.article.id
    assert data["catalogue"]["published"] == "2025-01-23"
    assert {"id": "zorvex-energy", "type": "Company", "label": "Zorvex Energy"}.items() <= data["candidate_entities"][
        0
    ].items()
    funds = next(c for c in data["claims"] if c["relation"] == "funds")
    assert funds["value"] == {"amount": 19000000000, "currency": "USD"}
    assert funds["qualifiers"] == {"bound": "up_to"}
    assert draft.article.text[funds["start"] : funds["end"]] == funds["quote"]
    assert {"rule", "confidence"} <= set(funds)
    dated = next(c for c in data["claims"] if c["relation"] == "announcedOn")
    assert dated["value"] == {"date": "2025-01-21"} and dated["value_inferred"] is True


def test_without_the_draft_only_fields_the_claims_are_valid_seeds(
    tmp_path: Path, corpus: Corpus, vocabulary: Vocabulary, draft_text: DraftText
) -> None:
    """What a curator does, done blindly: every claim naming known entities kept as it is, with the
    translation of its quote that only a curator can give."""
    draft = draft_text(article(corpus))
    data = yaml.safe_load(draft_yaml(draft))
    seeds = tmp_path / "seeds"
    shutil.copytree(package_file("graph", "seeds"), seeds)
    document = draft.article.id
    (seeds / "documents" / f"{document}.txt").write_text(draft.article.text, encoding="utf-8")
    record = {**data["catalogue"], "title_en": "Stargate funded again"}
    with (seeds / "documents.yaml").open("a", encoding="utf-8") as catalogue:
        catalogue.write("\n" + yaml.safe_dump([record], allow_unicode=True, sort_keys=False))
    claims = [
        {key: value for key, value in claim.items() if key not in DRAFT_ONLY} | {"quote_en": "(translated)"}
        for claim in data["claims"]
        if all(claim.get(key) in corpus.entities for key in ("subject", "object") if key in claim)
    ]
    assert len(claims) >= 3
    (seeds / "claims" / f"{document}.yaml").write_text(
        yaml.safe_dump({"document": document, "claims": claims}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    grown = load_corpus(seeds)
    assert [str(p) for p in check_corpus(grown, vocabulary) if document in str(p)] == []
    assert len([c for c in grown.claims if c.document == document]) == len(claims)


def test_without_a_file_the_draft_goes_to_stdout(
    corpus: Corpus, draft_text: DraftText, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    draft = draft_text(article(corpus))
    assert write_draft(draft, None) is False
    assert capsysbinary.readouterr().out.decode("utf-8") == draft_yaml(draft)
