"""`stargate-kg contradictions`: where the sources disagree, as the build finds them in the seeds
and the curators judge them, as text or JSON.

Each contradiction with its kind, its judgement and its explanation, then each side: its position
and the claims that take it (document serial and claim id, the key a judgement names in
graph/seeds/judgements.yaml; claimant, modality, value, quote). The filters are those of the
GraphQL `contradictions` field. The kinds and verdicts offered are the ontology's, so the
command's arguments are added only when it is chosen (reading the ontology is not free), and the
pipeline is imported when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from graph.cli.command import Command, compile_from

if TYPE_CHECKING:
    from graph.ingest.contradictions import Contradiction
    from graph.ingest.seeds import ClaimRecord, Corpus

UNJUDGED = "unjudged"  # no curator has judged it
FORMATS = ("text", "json")


def _serial(document: str) -> str:
    return document.split("_")[0]


def _entities(found: Contradiction) -> set[str]:
    """What --entity matches: its subject and object, and every claim's parties and object."""
    named = {found.subject, found.object, *(e for c in found.claims for e in (*c.parties, c.object))}
    return {entity for entity in named if entity}


def _verdict(found: Contradiction) -> str:
    return found.judgement.verdict if found.judgement else UNJUDGED


def _document(corpus: Corpus, given: str) -> str | None:
    """The document an id or its three-digit serial names; None when none (or several) do."""
    if given in corpus.documents:
        return given
    named = [d for d in corpus.documents if _serial(d) == given]
    return named[0] if len(named) == 1 else None


def _claim(corpus: Corpus, claim: ClaimRecord) -> dict[str, Any]:
    from graph.ingest.values import value_text

    published = corpus.documents[claim.document].published
    claimant = corpus.entities.get(claim.claimant or "")
    return {
        "claim": claim.key,
        "document": claim.document,
        "serial": _serial(claim.document),
        "published": published.iso if published else None,
        "claimant": claim.claimant,
        "claimant_label": claimant.label if claimant else None,
        "modality": claim.qualifiers.modality,
        "polarity": claim.qualifiers.polarity,
        "value": value_text(claim.value, claim.qualifiers.bound) if claim.value is not None else None,
        "quote": claim.quote,
    }


def _record(corpus: Corpus, found: Contradiction) -> dict[str, Any]:
    """A contradiction as plain data: what the JSON holds and the text prints."""
    from graph.vocab import namespaces as ns

    judgement = found.judgement
    return {
        "id": found.iri.removeprefix(ns.CONTRADICTION),
        "kind": found.kind,
        "judgement": {
            "verdict": judgement.verdict,
            "reason": judgement.reason,
            "curator": judgement.curator,
            "date": judgement.date,
        }
        if judgement
        else None,
        "explanation": found.explanation,
        "rule": found.rule,
        "subject": found.subject,
        "relation": found.relation,
        "object": found.object,
        "sides": [
            {"position": side.position, "claims": [_claim(corpus, c) for c in sorted(side.claims, key=lambda c: c.key)]}
            for side in found.sides
        ],
    }


def _claim_line(claim: dict[str, Any]) -> str:
    who = f"per {claim['claimant_label']}" if claim["claimant"] else "the document's own"
    negative = ", negative" if claim["polarity"] == "negative" else ""
    value = f" {claim['value']}" if claim["value"] else ""
    local = claim["claim"].split("/", 1)[1]
    return f"{claim['serial']}/{local} ({who}, {claim['modality']}{negative}):{value} 「{claim['quote']}」"


def text(records: list[dict[str, Any]]) -> str:
    """Each contradiction: kind and judgement, explanation, the rule or the curator, then its sides."""
    lines = [f"{len(records)} contradiction{'' if len(records) == 1 else 's'}"]
    for number, record in enumerate(records, start=1):
        judgement = record["judgement"]
        lines += ["", f"{number}. [{record['kind']}] {judgement['verdict'] if judgement else UNJUDGED}: {record['id']}"]
        lines.append(f"   {record['explanation']}")
        if record["rule"]:
            lines.append(f"   found by rule {record['rule']}")
        if judgement:  # an asserted one is the curator's alone
            lines.append(
                f"   {judgement['verdict']} by {judgement['curator']} on {judgement['date']}: {judgement['reason']}"
            )
        for order, side in enumerate(record["sides"], start=1):
            lines.append(f"   side {order}: {side['position']}")
            lines.extend(f"     - {_claim_line(claim)}" for claim in side["claims"])
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """SHACL is skipped, as `coverage` skips it: it judges the built graph, and the contradictions
    are found before it runs."""
    compiled = compile_from(args, shacl=False)
    corpus = compiled.corpus
    if args.entity is not None and args.entity not in corpus.entities:
        print(f"contradictions: unknown entity {args.entity!r}", file=sys.stderr)
        return 2
    document = _document(corpus, args.document) if args.document is not None else None
    if args.document is not None and document is None:
        known = ", ".join(sorted(corpus.documents))
        print(f"contradictions: unknown document {args.document!r}; the documents are: {known}", file=sys.stderr)
        return 2
    chosen = [
        found
        for found in compiled.contradictions
        if (not args.kind or found.kind in args.kind)
        and (not args.judgement or _verdict(found) in args.judgement)
        and (args.entity is None or args.entity in _entities(found))
        and (document is None or document in {c.document for c in found.claims})
    ]
    records = [_record(corpus, found) for found in chosen]
    if args.format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(text(records))
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from graph.vocab.vocabulary import load_vocabulary

    vocabulary = load_vocabulary()
    parser.add_argument(
        "--kind",
        nargs="+",
        action="extend",
        choices=list(vocabulary.contradiction_kinds),
        metavar="KIND",
        help=f"only these kinds: {', '.join(vocabulary.contradiction_kinds)} (default: all)",
    )
    parser.add_argument(
        "--entity", metavar="ID", help="only those about this entity: a claim's subject, joint party or object"
    )
    parser.add_argument("--document", metavar="ID", help="only those with a claim of this document (id or serial)")
    verdicts = [*vocabulary.verdicts, UNJUDGED]
    parser.add_argument(
        "--judgement",
        nargs="+",
        action="extend",
        choices=verdicts,
        metavar="VERDICT",
        help=f"only those judged so: {', '.join(verdicts)} (default: all)",
    )
    parser.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default: %(default)s)")


COMMANDS = [
    Command(
        "contradictions",
        "where the sources disagree: each contradiction's kind, judgement, explanation and sides with their claims",
        run,
        add_arguments,
        arguments_when_chosen=True,  # the kinds and verdicts are the ontology's
    )
]
