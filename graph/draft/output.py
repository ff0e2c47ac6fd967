"""A draft as YAML a curator edits into seeds: the seed claim format plus draft-only fields.

`document:` and each claim's seed keys (subject, with, relation, object, value, qualifiers, quote,
occurrence) are what graph/seeds/README.md describes; `catalogue` is the record for
documents.yaml, `candidate_entities` the names to add to an entities file (each with a proposed
id and class), and on each claim `rule`, `confidence`, `start`/`end` (the quote's offsets) and
`value_inferred` are the draft's own, to be deleted once a curator has checked the claim.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from graph.draft.article import Draft
from graph.draft.suggest import Suggestion
from graph.files.atomic import write_output
from graph.ingest.anchors import positions
from graph.ingest.seeds import seed_value

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when there: ten times faster
DRAFT_ONLY = ("rule", "confidence", "start", "end", "value_inferred")  # a claim's fields no seed has
HEADER = """\
# A DRAFT made by `stargate-kg draft` from {path}: nothing here is in the graph.
# A curator checks every claim against its quote, corrects or deletes it, then moves:
#   - the text to graph/seeds/documents/{id}.txt (byte for byte),
#   - `catalogue` to graph/seeds/documents.yaml (add title_en; check the date and its note),
#   - the candidate entities kept to a file of graph/seeds/entities/ (with their spellings as aliases),
#   - `document` and `claims` to graph/seeds/claims/{id}.yaml, each claim with its quote_en (the
#     English translation) and without the draft-only fields ({draft_only}),
# and runs `uv run --frozen stargate-kg validate`.
"""


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _claim(suggestion: Suggestion, text: str, used: set[str]) -> dict[str, Any]:
    base = "-".join(filter(None, (suggestion.subject, _kebab(suggestion.relation), suggestion.object)))
    claim_id, number = base, 1
    while claim_id in used:
        number += 1
        claim_id = f"{base}-{number}"
    used.add(claim_id)
    claim: dict[str, Any] = {"id": claim_id, "subject": suggestion.subject}
    if suggestion.joint:
        claim["with"] = list(suggestion.joint)
    claim["relation"] = suggestion.relation
    if suggestion.object:
        claim["object"] = suggestion.object
    if suggestion.value is not None:
        claim["value"] = seed_value(suggestion.value)
    qualifiers = {
        key: value
        for key, value in (
            ("bound", suggestion.bound),
            ("polarity", suggestion.polarity),
            ("modality", suggestion.modality),
        )
        if value
    }
    if qualifiers:
        claim["qualifiers"] = qualifiers
    claim["quote"] = suggestion.quote
    starts = positions(text, suggestion.quote)
    if len(starts) > 1:
        claim["occurrence"] = starts.index(suggestion.start) + 1
    claim |= {"rule": suggestion.rule, "confidence": suggestion.confidence}
    claim |= {"start": suggestion.start, "end": suggestion.end}
    if suggestion.inferred:
        claim["value_inferred"] = True
    return claim


def draft_data(draft: Draft) -> dict[str, Any]:
    article = draft.article
    catalogue: dict[str, Any] = {"id": article.id, "title": article.title, "outlet": article.outlet}
    if article.published is not None:
        catalogue["published"] = article.published.iso
    catalogue["published_note"] = article.published_note
    catalogue["language"] = article.language
    catalogue["script"] = article.script
    used: set[str] = set()
    return {
        "document": article.id,
        "catalogue": catalogue,
        "candidate_entities": [
            {
                "id": candidate.id,
                "type": candidate.type,
                "label": candidate.label,
                "mentions": len(candidate.mentions),
                "first": {"start": candidate.mentions[0][0], "end": candidate.mentions[0][1]},
                "rule": candidate.rule,
                "confidence": candidate.confidence,
                **({"maybe_alias_of": candidate.alias_of} if candidate.alias_of else {}),
            }
            for candidate in draft.candidates
        ],
        "claims": [_claim(suggestion, article.text, used) for suggestion in draft.suggestions],
    }


def draft_yaml(draft: Draft) -> str:
    body = yaml.dump(draft_data(draft), Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return HEADER.format(path=draft.article.path, id=draft.article.id, draft_only=", ".join(DRAFT_ONLY)) + "\n" + body


def write_draft(draft: Draft, target: str | None) -> bool:
    """Write the draft to the file `target` names, whole or not at all, or to stdout for None or '-'
    (graph/files/atomic.py); True when a file was written."""
    text = draft_yaml(draft)
    return write_output(target, lambda output: output.write(text.encode("utf-8")))
