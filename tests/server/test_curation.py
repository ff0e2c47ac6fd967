# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)
"""Saving a reviewed draft (graph/server/curation.py) in process, on a temporary copy of the seeds:
a candidate merged into a known entity becomes its alias in the file that defines it, and the
served graph knows the alias; an alias goes into a flow list, after a block list or as a new key;
an English article is saved in English, and a Chinese one still needs its translations; a request
of the wrong shape is refused by field; a write that fails half-way puts back the files written
before it."""

from __future__ import annotations

import base64
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.files.atomic import OutputError
from graph.ingest.seeds import DEFAULT_SEED_DIR, load_corpus
from graph.server.curation import Curator, Rejected, SubmissionError, _write_all, add_aliases, parse_submission
from graph.store.snapshot import GraphHolder, open_snapshot

CATALOGUE = {"title": "t", "title_en": "t", "outlet": "o", "published": "2025-03-04", "published_note": "n"}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEFAULT_SEED_DIR, tmp_path / "seeds"))


def body(text: str, **fields: Any) -> dict[str, Any]:
    return {"article": base64.b64encode(text.encode()).decode(), "catalogue": CATALOGUE, **fields}


def test_a_merged_candidate_becomes_an_alias_of_the_known_entity(seeds: Path) -> None:
    corpus = load_corpus(seeds)
    known = next(e for e in corpus.entities.values() if e.type == "Company" and e.aliases)
    other = next(e for e in corpus.entities.values() if e.type == "JointVenture")
    text = f"软银集团宣布，大湾算力与{other.zh_hans or other.label}签约。\n"
    spelling = "大湾算力"
    start = text.index(spelling)
    claim = {"id": "signs", "subject": "new-1", "relation": "partnersWith", "object": other.id}
    claim |= {"start": start, "end": len(text) - 2, "quote_en": "signed"}
    candidate = {"draft_id": "new-1", "action": "merge", "into": known.id, "spelling": spelling}
    submission = parse_submission(body(text, candidates=[candidate], claims=[claim]), text.encode())
    holder = GraphHolder(open_snapshot("embedded", seeds))
    saved = Curator(seeds).save(submission, holder)
    after = load_corpus(seeds)
    assert after.entities[known.id].aliases == (*known.aliases, spelling)
    (record,) = [c for c in after.claims if c.document == saved.document]
    assert record.subject == known.id and record.quote == text[start : len(text) - 2]
    assert holder.current.store.ask(f'ASK {{ sgid:{known.id} skos:altLabel "{spelling}" }}')  # served at once
    assert holder.current.version != open_snapshot("embedded", DEFAULT_SEED_DIR).version


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ("- id: a\n  type: Company\n  aliases: [x, y]\n", "- id: a\n  type: Company\n  aliases: [x, y, 新]\n"),
        (
            "- id: a\n  aliases:\n    - x\n  type: Company\n",
            "- id: a\n  aliases:\n    - x\n    - 新\n  type: Company\n",
        ),
        ("- id: a\n  type: Company\n\n# next\n", "- id: a\n  type: Company\n  aliases: [新]\n\n# next\n"),
    ],
    ids=["flow-list", "block-list", "no-aliases"],
)
def test_an_alias_is_added_in_the_records_own_style(record: str, expected: str) -> None:
    following = "- id: b\n  type: Company\n  aliases: [z]\n"
    assert add_aliases(record + following, 1, ["新"]) == expected + following
    assert yaml.safe_load(add_aliases(record, 1, ["新"]))[0]["aliases"][-1] == "新"


def test_an_english_article_is_saved_in_its_own_language(seeds: Path) -> None:
    """An English document needs no translation of its title or quotes; its text, quotes and new
    entities' names are English, and the served graph answers with them at once."""
    text = "Keystone Compute said on Tuesday that it will invest $19 billion in Stargate.\n"
    quote = text[: text.index(".") + 1]
    claim = {"id": "invests", "subject": "new-1", "relation": "funds", "object": "stargate"}
    claim |= {"value": {"amount": 19e9, "currency": "USD"}, "start": 0, "end": len(quote)}
    candidate = {"draft_id": "new-1", "action": "new", "id": "keystone-compute", "type": "Company"}
    candidate |= {"label": "Keystone Compute", "spelling": "Keystone Compute"}
    catalogue = {k: v for k, v in CATALOGUE.items() if k != "title_en"}
    data = body(text, candidates=[candidate], claims=[claim]) | {"catalogue": catalogue}
    holder = GraphHolder(open_snapshot("embedded", seeds))
    saved = Curator(seeds).save(parse_submission(data, text.encode()), holder)
    document = load_corpus(seeds).documents[saved.document]
    assert (document.language, document.script, document.title_en) == ("en", "Latn", None)
    store = holder.current.store
    iri = f"<https://w3id.org/stargate-kg/claim/{saved.document}/invests>"
    assert store.ask(f'ASK {{ {iri} sg:evidence "{quote}"@en ; rdf:subject sgid:keystone-compute }}')
    assert store.ask('ASK { ?d dcterms:language "en" ; schema:text ?t FILTER (LANG(?t) = "en") }')
    assert not store.ask(f"ASK {{ {iri} sg:evidenceTranslation ?translation }}")


def test_a_chinese_article_still_needs_its_translations(seeds: Path) -> None:
    text = "软银集团宣布向星际之门投资190亿美元。\n"
    claim = {"id": "invests", "subject": "softbank", "relation": "funds", "object": "stargate", "start": 0}
    claim |= {"end": len(text) - 1, "value": {"amount": 19e9, "currency": "USD"}}
    catalogue = {k: v for k, v in CATALOGUE.items() if k != "title_en"}
    data = body(text, claims=[claim]) | {"catalogue": catalogue}
    before = {path: path.read_bytes() for path in seeds.rglob("*") if path.is_file()}
    with pytest.raises(Rejected) as refused:
        Curator(seeds).save(parse_submission(data, text.encode()), GraphHolder(open_snapshot("embedded", seeds)))
    problems = "\n".join(refused.value.problems)
    assert "title_en" in problems and "quote_en" in problems
    assert {path: path.read_bytes() for path in seeds.rglob("*") if path.is_file()} == before


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"catalogue": "t"}, "'catalogue' must be an object"),
        ({"claims": [{"id": "x", "subject": "a", "relation": "funds", "start": 0, "end": 1, "path": "/etc"}]}, "path"),
        (
            {
                "candidates": [
                    {"draft_id": "new-1", "action": "new", "id": "../x", "type": "C", "label": "l", "spelling": "s"}
                ]
            },
            "valid id",
        ),
        ({"candidates": [{"draft_id": "new-1", "action": "delete", "spelling": "s"}]}, "'action'"),
        ({"claims": [{"id": "x", "subject": "a", "relation": "funds", "start": "0", "end": 1}]}, "offset"),
    ],
    ids=["catalogue", "unknown-field", "entity-id", "action", "offset"],
)
def test_a_malformed_save_is_refused_by_field(fields: dict[str, Any], said: str) -> None:
    with pytest.raises(SubmissionError, match=said):
        parse_submission(body("软银。", **fields), "软银。".encode())


def test_nothing_is_written_outside_the_seed_directory(seeds: Path, tmp_path: Path) -> None:
    """An entity defined in a file outside entities/ (a symlinked file) is not edited through it."""
    outside = tmp_path / "outside.yaml"
    outside.write_text(
        textwrap.dedent("""\
        - id: elsewhere
          type: Company
          label: Elsewhere Inc
        """),
        encoding="utf-8",
    )
    (seeds / "entities" / "linked.yaml").symlink_to(outside)
    text = "软银集团宣布，大湾算力获得投资。\n"
    candidate = {"draft_id": "new-1", "action": "merge", "into": "elsewhere", "spelling": "大湾算力"}
    submission = parse_submission(body(text, candidates=[candidate], claims=[]), text.encode())
    before = outside.read_text(encoding="utf-8")
    with pytest.raises(Rejected, match="outside"):
        Curator(seeds).save(submission, GraphHolder(open_snapshot("embedded", seeds)))
    assert outside.read_text(encoding="utf-8") == before


def test_a_write_failing_half_way_puts_back_what_was_written(seeds: Path) -> None:
    """The claims file is written last; when it cannot be (a directory stands there), the text,
    entities file and catalogue written before it are put back as they were."""
    before = {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()}
    (seeds / "claims" / "005_0000000000000000.yaml").mkdir()
    files = {
        Path("documents", "005_0000000000000000.txt"): "新文章。".encode(),
        Path("entities", "005_0000000000000000.yaml"): b"- id: x\n",
        Path("documents.yaml"): b"[]\n",
        Path("claims", "005_0000000000000000.yaml"): b"document: x\n",
    }
    with pytest.raises(OutputError):
        _write_all(seeds, files)
    assert {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()} == before
