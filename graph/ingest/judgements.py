"""Curators' judgements of contradictions (graph/seeds/judgements.yaml): read, checked, applied.

A judgement names its claims by their keys (`000/openai-founds-stargate`: the document, or its
three-digit serial, and the claim id), never by a hash of their text, so editing a claim's quote
keeps its judgement. `confirmed` and `dismissed` apply to the contradiction the rules find of
that kind among those claims, `asserted` adds one that no rule finds. Every mistake is a
`file:line` problem: a claim that no longer exists, a confirmed or dismissed contradiction no rule
finds any more, an asserted one a rule already finds, two judgements of one contradiction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from graph.files.problems import Location, Problem
from graph.files.yaml_fields import FieldReader
from graph.files.yaml_lines import LineList, YamlFile
from graph.ingest.contradictions import Contradiction, Judgement, Side
from graph.ingest.seeds import ClaimRecord, Corpus
from graph.ingest.values import value_text
from graph.vocab.vocabulary import Vocabulary

FILE_NAME = "judgements.yaml"
REQUIRED = {"claims", "kind", "verdict", "reason", "curator", "date"}


@dataclass(frozen=True)
class JudgementRecord:
    claims: tuple[ClaimRecord, ...]
    kind: str
    judgement: Judgement
    explanation: str | None  # an asserted contradiction's sentence
    where: Location


def _claim_index(corpus: Corpus) -> dict[str, ClaimRecord]:
    """Claims by key, under the full document id and under its serial when that is unique."""
    serials: dict[str, set[str]] = {}
    for document in corpus.documents:
        serials.setdefault(document.split("_")[0], set()).add(document)
    index = {claim.key: claim for claim in corpus.claims}
    for claim in corpus.claims:
        serial = claim.document.split("_")[0]
        if len(serials.get(serial, ())) == 1:
            index[f"{serial}/{claim.id}"] = claim
    return index


def read_judgements(
    seed_dir: Path, corpus: Corpus, vocab: Vocabulary, problems: list[Problem]
) -> list[JudgementRecord]:
    """The judgements of `seed_dir` (none when it has no judgements file); mistakes go to `problems`."""
    path = seed_dir / FILE_NAME
    if not path.exists():
        return []
    source = YamlFile(path, problems)
    document = source.load()
    if document is None:
        return []
    if not isinstance(document, LineList):
        source.fail(getattr(document, "line", 1), "expected a list of judgements")
        return []
    reader = FieldReader(source)
    claims = _claim_index(corpus)
    records = []
    for number, node in enumerate(document.located_items(), start=1):
        reader.context = f"judgement {number}"
        fields = reader.mapping(node, REQUIRED, {"explanation"})
        if fields is None or not set(fields) >= REQUIRED:
            continue
        found = []
        for key, item in reader.words(fields["claims"]):
            if key and key not in claims:
                reader.fail(item, f"claim {key!r} does not exist (a claim is '<document or serial>/<claim id>')")
            elif key:
                found.append(claims[key])
        complete = len(found) == len(fields["claims"].value)
        if complete and len({c.key for c in found}) < 2:
            reader.fail(fields["claims"], "a judgement names at least two different claims")
        kind = reader.choice(fields["kind"], set(vocab.contradiction_kinds), "kind")
        verdict = reader.choice(fields["verdict"], set(vocab.verdicts), "verdict")
        day = _date(fields["date"].value)
        if day is None:
            reader.fail(fields["date"], "expected a date: YYYY-MM-DD")
        explanation = reader.text(fields.get("explanation")) or None
        if (verdict == "asserted") != (explanation is not None):
            reader.fail(node, "an asserted contradiction needs an explanation, and only an asserted one has one")
        judgement = Judgement(
            verdict,
            " ".join(reader.text(fields["reason"]).split()),
            reader.text(fields["curator"]),
            day.isoformat() if day else "",
        )
        if complete and kind and verdict and day:
            records.append(JudgementRecord(tuple(found), kind, judgement, explanation, source.at(node.line)))
    return records


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _asserted(record: JudgementRecord) -> Contradiction:
    """A curator's contradiction: each claim a side, saying what it states in its translation."""
    claims = sorted(record.claims, key=lambda c: c.key)
    first = claims[0]

    def common(values: set[str | None]) -> str | None:
        return values.pop() if len(values) == 1 else None

    sides = tuple(
        Side(c.quote_en or f"{c.subject} {c.relation} {c.object or value_text(c.value)}", (c,)) for c in claims
    )
    return Contradiction(
        kind=record.kind,
        rule=None,
        subject=common({c.subject for c in claims}),
        relation=common({c.relation for c in claims}) or first.relation,
        object=common({c.object for c in claims}),
        explanation=record.explanation or "",
        sides=sides,
        judgement=record.judgement,
    )


def judge(found: list[Contradiction], records: list[JudgementRecord], problems: list[Problem]) -> list[Contradiction]:
    """The contradictions with their judgements, and the asserted ones added; mistakes to `problems`."""
    judged: dict[int, JudgementRecord] = {}
    added = []
    for record in records:
        keys = {c.key for c in record.claims}
        matches = [i for i, c in enumerate(found) if c.kind == record.kind and keys <= c.keys]
        if record.judgement.verdict == "asserted":
            if matches:
                problems.append(
                    Problem(record.where, f"a rule already finds this {record.kind} contradiction: confirm it instead")
                )
            else:
                added.append(_asserted(record))
            continue
        if not matches:
            problems.append(
                Problem(
                    record.where,
                    f"no rule finds a {record.kind} contradiction among these claims any more "
                    "(a claim changed?): remove the judgement, or assert the contradiction",
                )
            )
            continue
        for index in matches:
            if index in judged:
                problems.append(Problem(record.where, f"the contradiction is already judged at {judged[index].where}"))
            judged[index] = record
    result = [replace(c, judgement=judged[i].judgement) if i in judged else c for i, c in enumerate(found)]
    return sorted(result + added, key=lambda c: (c.kind, c.iri))
