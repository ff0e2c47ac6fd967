"""bench/ingest.py: what the leave-one-out benchmark counts, checked on a draft that says exactly
what a seed document's curated claims say (so every figure is 100%), on an empty one (0%), and on
one whose candidate entity is written as the name of an entity the registry lacks.
The full benchmark (python -m bench ingest) runs outside the suite."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bench.ingest import Score, accepted_candidates, score_mentions, score_triples, score_values, serials
from graph.draft.article import Draft
from graph.draft.candidates import Candidate
from graph.draft.document import new_article
from graph.draft.fold import fold
from graph.draft.linking import Mention, entity_names
from graph.draft.suggest import Suggestion
from graph.draft.values import ValueMention
from graph.ingest.anchors import anchor
from graph.ingest.seeds import ClaimRecord, Money, Quantity, Range, load_corpus

CORPUS = load_corpus()


def test_a_document_s_registry_leaves_out_the_entities_files_that_name_it() -> None:
    for document in CORPUS.documents:
        kept = [e for e in CORPUS.entities.values() if document[:3] not in serials(e)]
        assert 0 < len(kept) < len(CORPUS.entities)
        assert all(document[:3] not in Path(e.where.path).stem.split("_") for e in kept)
    assert any(not serials(e) for e in CORPUS.entities.values())  # core.yaml: always known


def _perfect_and_empty() -> tuple[Draft, Draft, list[ClaimRecord]]:
    document = next(iter(CORPUS.documents.values()))
    others = {d: r for d, r in CORPUS.documents.items() if d != document.id}
    article = new_article(document.path, document.path.read_bytes(), others)
    claims = [c for c in CORPUS.claims if c.document == document.id]
    values: list[ValueMention] = []
    mentions: list[Mention] = []
    suggestions: list[Suggestion] = []
    for claim in claims:
        placed = anchor(document.text, claim.quote, claim.occurrence)
        if isinstance(claim.value, (Money, Quantity, Range)):
            values.append(ValueMention(placed.start, placed.end, claim.value, claim.qualifiers.bound))
        for entity in {*claim.parties, *([claim.object] if claim.object else [])}:
            mentions.append(Mention(placed.start, placed.end, entity, CORPUS.entities[entity].type))
        suggestions.append(
            Suggestion(
                relation=claim.relation,
                subject=claim.subject,
                joint=claim.joint,
                object=claim.object,
                value=claim.value,
                bound=claim.qualifiers.bound,
                polarity=None,
                modality=None,
                start=placed.start,
                end=placed.end,
                quote=claim.quote,
                rule="the curators'",
                confidence=1.0,
            )
        )
    perfect = Draft(article, tuple(mentions), (), tuple(values), tuple(suggestions))
    return perfect, Draft(article, (), (), (), ()), claims


def test_a_draft_saying_what_the_curators_said_scores_everything_and_an_empty_one_nothing() -> None:
    perfect, empty, claims = _perfect_and_empty()
    known = set(CORPUS.entities)
    for draft, expected in ((perfect, 100.0), (empty, 0.0)):
        score = Score()
        score_values(score, draft, claims)
        score_mentions(score, draft, claims, CORPUS, known)
        score_triples(score, draft, claims, {})
        assert score.totals["values"] and score.totals["linked"] and score.totals["triple_recall"]
        for name in ("values", "linked", "triple_recall", "value_recall"):
            assert score.percent(name) == expected, name
        assert score.percent("triple_precision") == (100.0 if expected else None)


def test_a_candidate_written_as_an_unknown_entity_s_name_scores_as_that_entity() -> None:
    perfect, _, claims = _perfect_and_empty()
    text = perfect.article.text
    written_names = [
        (claim, name)
        for claim in claims
        if claim.object and claim.object not in claim.parties
        for name, _ in entity_names(CORPUS.entities[claim.object])
        if len(name) > 1 and fold(name) in fold(text)
    ]
    claim, name = written_names[0]
    at = fold(text).index(fold(name))
    candidate = Candidate("new-1", name, "Organization", "jieba:nt", ((at, at + len(name)),), 0.5)
    suggestion = next(s for s in perfect.suggestions if (s.relation, s.object) == (claim.relation, claim.object))
    named = replace(suggestion, object="new-1")
    known = set(CORPUS.entities) - {claim.object}
    for written, counted in ((candidate, True), (replace(candidate, mentions=((0, 1),)), False)):
        draft = replace(perfect, candidates=(written,), suggestions=(named,))
        accepted = accepted_candidates(draft, claims, CORPUS, known)
        score = Score()
        score_triples(score, draft, claims, accepted)
        assert (score.hits["triple_recall"] > 0) is counted
