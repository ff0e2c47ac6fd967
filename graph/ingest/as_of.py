"""The graph as known on a date: built again from the documents published by then, and nothing else.

"What was known on 25 January?" is answered by the graph a curator would have built on that day:
the claims of the documents published on or before it, and what is derived from them alone
(contradictions, facts with their first and last seen dates, and from those the analytics). A
document counts when it was certainly published by the day: its date, as precise as the
catalogue gives it (a year, a month or a day), ends on or before it. A document whose date is
unknown is in no dated view; the full graph is the only one that has it.

The entity registry is cut to what those documents show a curator: the entities their claims
name, each with its curated names and identifiers but only the aliases (verbatim spellings)
written in them. Curators' judgements apply in a view when every claim they name is in it and the
view's claims still form the contradiction they judge; the others wait for the documents they
need.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

from graph.files.problems import Problem
from graph.ingest.pipeline import Compiled, Sources, derive
from graph.ingest.seeds import Corpus, Date, DocumentRecord
from graph.ingest.validate import entity_references
from graph.vocab.vocabulary import Vocabulary


def last_day(date: Date) -> dt.date:
    """The last day a date stated as a year, a month or a day can mean."""
    parts = [int(part) for part in date.iso.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def published_by(document: DocumentRecord, day: dt.date) -> bool:
    """Whether the document was certainly published on or before `day` (unknown dates never are)."""
    return document.published is not None and last_day(document.published) <= day


def known_on(corpus: Corpus, day: dt.date) -> frozenset[str]:
    """The ids of the documents in the graph as known on `day`."""
    return frozenset(id_ for id_, document in corpus.documents.items() if published_by(document, day))


def restricted(corpus: Corpus, documents: frozenset[str], vocab: Vocabulary) -> Corpus:
    """The corpus with only these documents, their claims, and the entities those name with the
    aliases those documents write."""
    kept = {id_: record for id_, record in corpus.documents.items() if id_ in documents}
    claims = [claim for claim in corpus.claims if claim.document in documents]
    named = {ref for claim in claims for _, ref in entity_references(claim, vocab)}
    texts = [record.text for record in kept.values()]
    entities = {
        id_: replace(entity, aliases=tuple(a for a in entity.aliases if any(a in text for text in texts)))
        for id_, entity in corpus.entities.items()
        if id_ in named
    }
    return Corpus(
        documents=kept,
        entities=entities,
        claims=claims,
        no_facts=[record for record in corpus.no_facts if record.document in documents],
    )


def view_sources(sources: Sources, documents: frozenset[str]) -> Sources:
    """The sources of the graph known from these documents: their claims, and the judgements
    whose claims are all among them."""
    judgements = tuple(j for j in sources.judgements if all(c.document in documents for c in j.claims))
    corpus = restricted(sources.corpus, documents, sources.vocabulary)
    return replace(sources, corpus=corpus, judgements=judgements)


def compile_view(sources: Sources, documents: frozenset[str]) -> Compiled:
    """The dataset built from these documents only. The full build checked every record, so
    nothing here can fail but a judgement whose contradiction needs claims of later documents:
    it is left out of this view (`derive` reports it, and the report is dropped)."""
    narrowed = view_sources(sources, documents)
    not_applicable: list[Problem] = []
    return Compiled(narrowed, derive(narrowed, not_applicable))
