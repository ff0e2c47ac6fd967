"""Facts: what the corpus states, each once, with the documents that state it and when.

Journalists ask when something was first reported and who has repeated it since; a claim answers
for one document only. A fact gathers the claims of every document that state the same thing:
the same parties (the subject and those acting jointly with it, as a set), relation, object,
value (with its currency or unit and its bound) and polarity (saying a thing is not so is
another fact). Claims of every modality count, since a fact records who states it; how sure each
source is, and every other qualifier, stays on its claim.

Its first and last seen dates are the earliest and latest publication dates of those documents,
as precise as the catalogue gives them. A document whose date is unknown still counts among the
documents that state a fact, but gives it no date. Documents are read in publication order
(ties by id, undated ones last, by id): the first to state a fact added it, the later ones
restated it, and a fact it added changed an earlier document's fact when it gives another
figure or date for the same parties, relation, object and polarity, in the same scope (phase,
metric, item, period). Contradictions (graph/ingest/contradictions.py) stay what the rules find;
each document lists those its claims take part in.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from graph.ingest.contradictions import Contradiction
from graph.ingest.seeds import (
    ClaimRecord,
    Corpus,
    Date,
    DateValue,
    Money,
    Quantity,
    Range,
    Text,
    Value,
    value_kind,
)
from graph.ingest.values import value_text
from graph.vocab import namespaces as ns
from graph.vocab.vocabulary import Vocabulary
from graph.vocab.wording import listed


@dataclass(frozen=True)
class FactKey:
    """What claims share when they state one fact."""

    parties: frozenset[str]
    relation: str
    object: str | None
    value: str | None  # the value and its bound as text (value_key), so that equal values compare equal
    polarity: str

    @property
    def topic(self) -> tuple[frozenset[str], str, str | None, str]:
        """What a change keeps: all but the value."""
        return (self.parties, self.relation, self.object, self.polarity)

    @property
    def text(self) -> str:
        return "|".join(
            (",".join(sorted(self.parties)), self.relation, self.object or "", self.value or "", self.polarity)
        )


@dataclass(frozen=True)
class Fact:
    key: FactKey
    label: str  # in words: 'SoftBank Group funds Stargate US$19 bn'
    subject: str | None  # when every claim names the same subject (joint parties may be named in any order)
    value: Value | None
    bound: str | None
    claims: tuple[ClaimRecord, ...]  # in their documents' publication order, then by key
    documents: tuple[str, ...]  # every document stating it, in publication order
    first_seen: Date | None  # None when no document stating it has a known date
    last_seen: Date | None

    @cached_property
    def id(self) -> str:
        """A hash of the key: the same fact keeps its id whichever documents state it."""
        return hashlib.sha1(self.key.text.encode()).hexdigest()[:16]

    @property
    def iri(self) -> str:
        return ns.FACT + self.id

    @property
    def parties(self) -> tuple[str, ...]:
        """The subject first (when there is one), then the other parties in id order."""
        return tuple(sorted(self.key.parties, key=lambda party: (party != self.subject, party)))


@dataclass(frozen=True)
class Change:
    """A fact a document adds that gives another figure or date than earlier documents' facts."""

    fact: Fact
    earlier: tuple[Fact, ...]  # in the order of `Facts.all`


@dataclass(frozen=True)
class DocumentChanges:
    """What one document brought, against the documents published before it."""

    document: str
    added: tuple[Fact, ...]  # first stated here
    restated: tuple[Fact, ...]  # stated by an earlier document too
    changed: tuple[Change, ...]  # those of `added` that change an earlier fact (_changed_from)
    contradictions: tuple[Contradiction, ...]  # those any of its claims take part in


@dataclass(frozen=True)
class Facts:
    all: tuple[Fact, ...]  # by the publication order of the first document, then label and id
    documents: tuple[DocumentChanges, ...]  # in publication order
    changed_from: dict[str, tuple[Fact, ...]]  # fact iri -> the earlier facts it changed
    by_claim: dict[str, Fact]  # claim key -> its fact

    def of(self, claim: ClaimRecord) -> Fact:
        return self.by_claim[claim.key]


def _number(number: Decimal) -> str:
    """A number written one way whatever the seed wrote: 1.9E+10 and 19000000000.0 alike."""
    text = format(number, "f")  # every digit, never rounded to a context's precision
    return text.rstrip("0").rstrip(".") if "." in text else text


def value_key(value: Value | None, bound: str | None) -> str | None:
    """A value and its bound as text that is equal exactly when they state the same thing."""
    if value is None:
        return None
    if isinstance(value, Range):
        text = f"{value_kind(value)} range {_number(value.low)} {_number(value.high)} {value.currency or value.unit}"
    elif isinstance(value, Money):
        text = f"money {_number(value.amount)} {value.currency}"
    elif isinstance(value, Quantity):
        text = f"quantity {_number(value.amount)} {value.unit}"
    elif isinstance(value, DateValue):
        text = f"date {value.date.iso}"
    else:
        assert isinstance(value, Text)
        text = f"text {value.text}"  # its language tag follows the document's script: the same words in either
    return f"{text} {bound}" if bound else text


def fact_key(claim: ClaimRecord) -> FactKey:
    return FactKey(
        parties=frozenset(claim.parties),
        relation=claim.relation,
        object=claim.object,
        value=value_key(claim.value, claim.qualifiers.bound),
        polarity=claim.qualifiers.polarity or "positive",
    )


def publication_order(corpus: Corpus) -> list[str]:
    """Document ids by publication date (a coarser date first on ties), then id; undated last."""

    def key(document: str) -> tuple[bool, str, str]:
        published = corpus.documents[document].published
        return (published is None, published.iso if published else "", document)

    return sorted(corpus.documents, key=key)


def _label(corpus: Corpus, vocab: Vocabulary, key: FactKey, claim: ClaimRecord) -> str:
    def name(entity: str | None) -> str:
        record = corpus.entities.get(entity or "")
        return record.label if record else entity or ""

    words = [listed(sorted(name(p) for p in key.parties)), vocab.relations[key.relation].label, name(key.object)]
    if claim.value is not None:
        words.append(value_text(claim.value, claim.qualifiers.bound))
    text = " ".join(word for word in words if word)
    return f"{text}: not so" if key.polarity == "negative" else text


def _fact(corpus: Corpus, vocab: Vocabulary, key: FactKey, claims: list[ClaimRecord], position: dict[str, int]) -> Fact:
    claims.sort(key=lambda c: (position[c.document], c.key))
    documents = tuple(dict.fromkeys(c.document for c in claims))
    dates = [date for doc in documents if (date := corpus.documents[doc].published) is not None]
    subjects = {c.subject for c in claims}
    first = claims[0]
    return Fact(
        key=key,
        label=_label(corpus, vocab, key, first),
        subject=first.subject if len(subjects) == 1 else None,
        value=first.value,
        bound=first.qualifiers.bound,
        claims=tuple(claims),
        documents=documents,
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
    )


# The qualifiers that say which figure a claim gives (the value contradiction rule's `same`
# fields): an initial tranche and the whole plan, or two metrics, are two figures, not a change.
SCOPE = ("metric", "item", "phase", "as_of", "start", "end")


def _scopes(fact: Fact) -> set[tuple[object, ...]]:
    return {tuple(getattr(claim.qualifiers, name) for name in SCOPE) for claim in fact.claims}


def _changed_from(facts: Iterable[Fact], position: dict[str, int]) -> dict[str, tuple[Fact, ...]]:
    """Each fact whose figure or date differs from the one an earlier document gave on the same
    topic (parties, relation, object, polarity) and in the same scope: those earlier facts. A text
    value (a goal, a challenge) adds to what is known and changes nothing, nor does a fact
    without a value."""
    by_topic: dict[tuple[frozenset[str], str, str | None, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.value is not None and not isinstance(fact.value, Text):
            by_topic[fact.key.topic].append(fact)
    changed: dict[str, tuple[Fact, ...]] = {}
    for group in by_topic.values():
        for fact in group:
            start, scopes = position[fact.documents[0]], _scopes(fact)
            earlier = tuple(e for e in group if position[e.documents[0]] < start and scopes & _scopes(e))
            if earlier:
                changed[fact.iri] = earlier
    return changed


def find_facts(corpus: Corpus, vocab: Vocabulary, contradictions: list[Contradiction]) -> Facts:
    """Every fact of the corpus, and what each document added, restated, changed and contradicted."""
    order = publication_order(corpus)
    position = {doc: i for i, doc in enumerate(order)}
    grouped: dict[FactKey, list[ClaimRecord]] = defaultdict(list)
    for claim in corpus.claims:
        grouped[fact_key(claim)].append(claim)
    facts = sorted(
        (_fact(corpus, vocab, key, claims, position) for key, claims in grouped.items()),
        key=lambda f: (position[f.documents[0]], f.label, f.id),
    )
    changed_from = _changed_from(facts, position)
    added: dict[str, list[Fact]] = defaultdict(list)
    restated: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        added[fact.documents[0]].append(fact)
        for doc in fact.documents[1:]:
            restated[doc].append(fact)
    involved: dict[str, list[Contradiction]] = defaultdict(list)
    for contradiction in contradictions:
        for doc in dict.fromkeys(c.document for c in contradiction.claims):
            involved[doc].append(contradiction)
    documents = tuple(
        DocumentChanges(
            document=doc,
            added=tuple(added[doc]),
            restated=tuple(restated[doc]),
            changed=tuple(Change(f, changed_from[f.iri]) for f in added[doc] if f.iri in changed_from),
            contradictions=tuple(involved[doc]),
        )
        for doc in order
    )
    return Facts(
        all=tuple(facts),
        documents=documents,
        changed_from=changed_from,
        by_claim={claim.key: fact for fact in facts for claim in fact.claims},
    )
