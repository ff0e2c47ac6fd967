"""The graph as known on a date is the graph a curator would have built on that day from the
documents published by then: tested against such a build, for every publication date."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from graph.ingest.as_of import compile_view, known_on, last_day, published_by
from graph.ingest.pipeline import Compiled, compile_seeds
from graph.ingest.seeds import DEFAULT_SEED_DIR, Date


def publication_days(compiled: Compiled) -> list[dt.date]:
    return sorted({last_day(d.published) for d in compiled.corpus.documents.values() if d.published})


def seeds_published_by(root: Path, day: dt.date, compiled: Compiled) -> Path:
    """A copy of the seed directory with only the documents published by `day`: their texts,
    catalogue records and claims, every entity file, and the judgements whose claims they hold."""
    kept = {id_ for id_, d in compiled.corpus.documents.items() if d.published and last_day(d.published) <= day}
    for folder in ("documents", "claims", "entities"):
        (root / folder).mkdir(parents=True)
    named: set[str] = set()
    for id_ in kept:
        shutil.copy(DEFAULT_SEED_DIR / "documents" / f"{id_}.txt", root / "documents")
        shutil.copy(DEFAULT_SEED_DIR / "claims" / f"{id_}.yaml", root / "claims")
        named |= strings_in(yaml.safe_load((DEFAULT_SEED_DIR / "claims" / f"{id_}.yaml").read_text(encoding="utf-8")))
    texts = [compiled.corpus.documents[id_].text for id_ in kept]
    for path in (DEFAULT_SEED_DIR / "entities").glob("*.yaml"):
        entities = [e for e in yaml.safe_load(path.read_text(encoding="utf-8")) if e["id"] in named]
        for entity in entities:  # a registry of that day has only the spellings written by then
            if "aliases" in entity:
                entity["aliases"] = [a for a in entity["aliases"] if any(a in text for text in texts)] or None
                if entity["aliases"] is None:
                    del entity["aliases"]
        (root / "entities" / path.name).write_text(yaml.safe_dump(entities, allow_unicode=True), encoding="utf-8")
    catalogue = yaml.safe_load((DEFAULT_SEED_DIR / "documents.yaml").read_text(encoding="utf-8"))
    (root / "documents.yaml").write_text(
        yaml.safe_dump([r for r in catalogue if r["id"] in kept], allow_unicode=True), encoding="utf-8"
    )
    serials = {id_.split("_")[0]: id_ for id_ in kept}
    judgements = yaml.safe_load((DEFAULT_SEED_DIR / "judgements.yaml").read_text(encoding="utf-8"))
    applicable = [j for j in judgements if all(key.split("/")[0] in serials for key in j["claims"])]
    (root / "judgements.yaml").write_text(yaml.safe_dump(applicable, allow_unicode=True), encoding="utf-8")
    return root


def strings_in(data: object) -> set[str]:
    """Every string anywhere in parsed YAML: among them, each entity id the claims name."""
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        return set().union(*(strings_in(v) for v in data.values()), set())
    if isinstance(data, list):
        return set().union(*(strings_in(v) for v in data), set())
    return set()


def test_the_corpus_has_publication_dates_to_test_and_undated_documents() -> None:
    compiled = compile_seeds(shacl=False)
    assert len(publication_days(compiled)) >= 2
    assert any(d.published is None for d in compiled.corpus.documents.values())


def test_a_view_equals_the_build_from_only_the_documents_published_by_its_date(
    compiled: Compiled, tmp_path: Path
) -> None:
    """On every publication date, quad for quad (the build checks the SHACL shapes too)."""
    for index, day in enumerate(publication_days(compiled)):
        view = compile_view(compiled.sources, known_on(compiled.corpus, day))
        expected = compile_seeds(seeds_published_by(tmp_path / f"{index}", day, compiled))
        assert set(view.quads) == set(expected.quads), day
        described = [(c.iri, c.explanation, c.judgement) for c in view.contradictions]
        assert described == [(c.iri, c.explanation, c.judgement) for c in expected.contradictions]
        assert sorted(f.key.text for f in view.facts.all) == sorted(f.key.text for f in expected.facts.all)


def test_a_view_before_the_first_document_has_entities_and_no_claims(compiled: Compiled) -> None:
    first = publication_days(compiled)[0]
    view = compile_view(compiled.sources, known_on(compiled.corpus, first - dt.timedelta(days=1)))
    assert view.corpus.documents == {} and view.corpus.claims == [] and view.contradictions == []
    assert view.corpus.entities == {} and view.quads


def test_views_grow_with_the_date_and_never_hold_an_undated_document(compiled: Compiled) -> None:
    undated = {id_ for id_, d in compiled.corpus.documents.items() if d.published is None}
    sizes = []
    for day in publication_days(compiled):
        documents = known_on(compiled.corpus, day)
        assert not documents & undated
        sizes.append(len(documents))
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)
    latest = known_on(compiled.corpus, dt.date(9999, 12, 31))
    assert latest == set(compiled.corpus.documents) - undated


def test_a_judgement_waits_for_the_documents_of_all_its_claims(compiled: Compiled) -> None:
    for day in publication_days(compiled):
        documents = known_on(compiled.corpus, day)
        view = compile_view(compiled.sources, documents)
        judged = [c for c in view.contradictions if c.judgement is not None]
        assert all(claim.document in documents for c in judged for side in c.sides for claim in side.claims)


@pytest.mark.parametrize(
    ("stated", "day", "known"),
    [
        ("2025-01-23", "2025-01-23", True),
        ("2025-01-23", "2025-01-22", False),
        ("2025-01", "2025-01-30", False),  # a month is certainly over only on its last day
        ("2025-01", "2025-01-31", True),
        ("2024", "2024-12-31", True),
        ("2024", "2024-06-30", False),
    ],
)
def test_a_document_counts_once_its_stated_date_is_certainly_over(
    compiled: Compiled, stated: str, day: str, known: bool
) -> None:
    document = next(iter(compiled.corpus.documents.values()))
    assert published_by(replace(document, published=Date(stated)), dt.date.fromisoformat(day)) is known
