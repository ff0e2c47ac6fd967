"""`stargate-kg contradictions`: every contradiction of the seeds with its kind, judgement,
explanation and sides, as text and JSON; the filters (kind, entity, document, judgement); the
errors. The seeds are curated and change, so what the command must print is derived from
`compile_seeds().contradictions`, never written down here."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from graph.cli.main import main
from graph.ingest.contradictions import Contradiction
from graph.ingest.pipeline import Compiled
from graph.vocab import namespaces as ns


def output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["contradictions", *args]) == 0
    return capsys.readouterr().out


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(output(capsys, "--format", "json", *args))
    return found


def ident(found: Contradiction) -> str:
    return found.iri.removeprefix(ns.CONTRADICTION)


def verdict(found: Contradiction) -> str:
    return found.judgement.verdict if found.judgement else "unjudged"


def expected(compiled: Compiled, wanted: Callable[[Contradiction], bool]) -> list[str]:
    return [ident(found) for found in compiled.contradictions if wanted(found)]


def test_text_gives_kind_judgement_explanation_and_each_side_with_its_claims(
    capsys: pytest.CaptureFixture[str], compiled: Compiled
) -> None:
    text = output(capsys)
    blocks = text.split("\n\n")
    assert blocks[0] == f"{len(compiled.contradictions)} contradictions"
    for block, found in zip(blocks[1:], compiled.contradictions, strict=True):
        lines = block.splitlines()
        assert lines[0].endswith(f"[{found.kind}] {verdict(found)}: {ident(found)}")
        assert lines[1] == f"   {found.explanation}"
        if found.rule:
            assert f"   found by rule {found.rule}" in lines
        if found.judgement:
            assert f"by {found.judgement.curator} on {found.judgement.date}: {found.judgement.reason}" in block
        for order, side in enumerate(found.sides, start=1):
            assert f"   side {order}: {side.position}" in lines
        for claim in found.claims:
            serial = claim.document.split("_")[0]
            [line] = [line for line in lines if line.startswith(f"     - {serial}/{claim.id} (")]
            assert f"{claim.qualifiers.modality}" in line and line.endswith(f"「{claim.quote}」")


def test_json_holds_what_the_build_found(capsys: pytest.CaptureFixture[str], compiled: Compiled) -> None:
    records = listed(capsys)
    assert [r["id"] for r in records] == expected(compiled, lambda _: True)
    corpus = compiled.corpus
    for record, found in zip(records, compiled.contradictions, strict=True):
        assert (record["kind"], record["explanation"], record["rule"]) == (found.kind, found.explanation, found.rule)
        judgement = found.judgement
        assert record["judgement"] == (
            judgement
            and {
                "verdict": judgement.verdict,
                "reason": judgement.reason,
                "curator": judgement.curator,
                "date": judgement.date,
            }
        )
        assert [s["position"] for s in record["sides"]] == [s.position for s in found.sides]
        for side, seed in zip(record["sides"], found.sides, strict=True):
            assert [c["claim"] for c in side["claims"]] == sorted(c.key for c in seed.claims)
            for claim in side["claims"]:
                source = next(c for c in seed.claims if c.key == claim["claim"])
                published = corpus.documents[source.document].published
                assert (claim["document"], claim["claimant"], claim["modality"], claim["quote"]) == (
                    source.document,
                    source.claimant,
                    source.qualifiers.modality,
                    source.quote,
                )
                assert claim["published"] == (published.iso if published else None)
                assert (claim["value"] is None) == (source.value is None)


def test_filter_by_kind_and_judgement(capsys: pytest.CaptureFixture[str], compiled: Compiled) -> None:
    kinds = sorted({c.kind for c in compiled.contradictions})[:2]
    got = [r["id"] for r in listed(capsys, "--kind", *kinds)]
    assert got == expected(compiled, lambda c: c.kind in kinds) and got
    for value in ("confirmed", "dismissed", "asserted", "unjudged"):
        got = [r["id"] for r in listed(capsys, "--judgement", value)]
        assert got == expected(compiled, lambda c, v=value: verdict(c) == v), value
    got = [r["id"] for r in listed(capsys, "--judgement", "unjudged", "--kind", kinds[0])]
    assert got == expected(compiled, lambda c: verdict(c) == "unjudged" and c.kind == kinds[0])


def test_filter_by_entity_matches_any_claims_party_or_object(
    capsys: pytest.CaptureFixture[str], compiled: Compiled
) -> None:
    """A joint party of one claim is enough (a membership contradiction has no single subject)."""
    joint = next(e for c in compiled.contradictions for claim in c.claims for e in claim.joint)
    got = [r["id"] for r in listed(capsys, "--entity", joint)]
    assert got == expected(
        compiled, lambda c: joint in {c.subject, c.object, *(e for x in c.claims for e in (*x.parties, x.object))}
    )
    assert got


def test_filter_by_document_id_or_serial(capsys: pytest.CaptureFixture[str], compiled: Compiled) -> None:
    document = compiled.contradictions[0].claims[0].document
    wanted = expected(compiled, lambda c: document in {x.document for x in c.claims})
    assert [r["id"] for r in listed(capsys, "--document", document)] == wanted
    assert [r["id"] for r in listed(capsys, "--document", document.split("_")[0])] == wanted


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--entity", "stargatee"], "contradictions: unknown entity 'stargatee'"),
        (["--document", "999"], "contradictions: unknown document '999'; the documents are: "),
    ],
)
def test_an_unknown_entity_or_document_is_named(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["contradictions", *args]) == 2
    assert capsys.readouterr().err.startswith(message)


def test_a_kind_or_verdict_outside_the_ontology_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--kind", "dispute"], ["--judgement", "maybe"]):
        with pytest.raises(SystemExit) as stopped:
            main(["contradictions", *args])
        assert stopped.value.code == 2
        assert "invalid choice" in capsys.readouterr().err
