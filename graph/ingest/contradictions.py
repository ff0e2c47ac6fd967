"""Contradictions: where sources disagree, found by the declared rules
(graph/ingest/contradiction_rules.yaml), each with its kind, its explanation and its sides.

A rule groups the claims that share its `same` fields, then compares every pair of one group that
comes from different sources (another document, or another speaker in one document) and agrees
on the `compatible` fields; the pairs its test finds disagreeing join into one contradiction per
connected set of claims. No claim is preferred: every side keeps its claims with their sources.
Curators' judgements (graph/ingest/judgements.py) are applied afterwards.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from graph.ingest.contradiction_rules import Rule, RuleBook
from graph.ingest.seeds import ClaimRecord, Corpus, Date, DateValue, Money, Quantity, Range
from graph.ingest.values import interval, unit, value_text
from graph.vocab import namespaces as ns
from graph.vocab.vocabulary import Vocabulary
from graph.vocab.wording import listed

SOURCE_RELEASES = "releases"  # `X releases statement`: the statement speaks for X


@dataclass(frozen=True)
class Judgement:
    """A curator's word on a contradiction: confirmed, dismissed or asserted, and why."""

    verdict: str  # confirmed | dismissed | asserted
    reason: str
    curator: str
    date: str  # ISO date


@dataclass(frozen=True)
class Side:
    """One position in a contradiction and the claims that take it."""

    position: str  # what this side says: "US$100 bn", "planned", "OpenAI, SoftBank and Oracle"
    claims: tuple[ClaimRecord, ...]


@dataclass(frozen=True)
class Contradiction:
    kind: str
    rule: str | None  # the rule that found it; None when only a curator asserts it
    subject: str | None  # entity id, when every claim has the same subject
    relation: str
    object: str | None
    explanation: str
    sides: tuple[Side, ...]
    judgement: Judgement | None = field(default=None, compare=False)

    @property
    def claims(self) -> tuple[ClaimRecord, ...]:
        return tuple(sorted((c for side in self.sides for c in side.claims), key=lambda c: c.key))

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.claims)

    @property
    def iri(self) -> str:
        """Named by its kind and its claims' keys, which stay when a claim's text is edited."""
        text = "|".join((self.kind, *sorted(self.keys)))
        return ns.CONTRADICTION + hashlib.sha1(text.encode()).hexdigest()[:16]


class _Facts:
    """What the tests need to know of the corpus besides a claim: dates, speakers, labels."""

    def __init__(self, corpus: Corpus, vocab: Vocabulary, book: RuleBook) -> None:
        self.corpus, self.vocab, self.book = corpus, vocab, book
        self.voices: dict[str, set[str]] = defaultdict(set)  # statement -> who released it
        for claim in corpus.claims:
            if claim.relation == SOURCE_RELEASES and claim.object:
                self.voices[claim.object].update(claim.parties)

    def label(self, entity: str | None) -> str:
        record = self.corpus.entities.get(entity or "")
        return record.label if record else entity or ""

    def speakers(self, claim: ClaimRecord) -> set[str]:
        return {claim.claimant, *self.voices.get(claim.claimant, ())} if claim.claimant else set()

    def claimant_in(self, claim: ClaimRecord, classes: frozenset[str]) -> bool:
        record = self.corpus.entities.get(claim.claimant or "")
        return record is not None and any(self.vocab.is_a(record.type, c) for c in classes)

    def when(self, claim: ClaimRecord) -> str | None:
        """The date a claim speaks of: its as_of, else its document's publication, else unknown."""
        if claim.qualifiers.as_of is not None:
            return str(claim.qualifiers.as_of.iso)
        published = self.corpus.documents[claim.document].published
        return published.iso if published else None

    def stage(self, claim: ClaimRecord) -> str | None:
        return self.book.stage_of.get(claim.qualifiers.status or "")

    def field(self, claim: ClaimRecord, name: str) -> Hashable:
        """A claim's field as rules compare it; None when the claim does not give it."""
        if name == "subject":
            return claim.subject
        if name == "parties":
            return frozenset(claim.parties)
        if name == "relation":
            return claim.relation
        if name == "object":
            return claim.object
        if name == "value":
            return None if claim.value is None else (claim.value, claim.qualifiers.bound)
        if name == "stage":
            return self.stage(claim)
        if name == "outcome":
            stage = self.stage(claim)
            return None if stage is None else stage in self.book.outcome_stages
        given: Hashable = getattr(claim.qualifiers, name)
        return given.iso if isinstance(given, Date) else given

    def source(self, claim: ClaimRecord) -> tuple[str, str | None]:
        return (claim.document, claim.claimant)

    def position(self, rule: Rule, claim: ClaimRecord) -> str:
        """What a claim says, in the terms of the rule's test."""
        test = rule.compare
        if test in ("value", "granularity"):
            return value_text(claim.value, claim.qualifiers.bound)
        if test == "stage":
            return str(self.stage(claim))
        if test == "polarity":
            return "it is so" if claim.qualifiers.polarity != "negative" else "it is not so"
        if test == "parties":
            return listed(sorted(self.label(p) for p in claim.parties))
        if test == "speaker":
            return f"said by {self.label(claim.claimant)}"
        return f"{self.book.certainty_of.get(claim.qualifiers.modality, '')} ({claim.qualifiers.modality})"

    def source_text(self, claim: ClaimRecord) -> str:
        serial = claim.document.split("_")[0]
        return f"{serial} per {self.label(claim.claimant)}" if claim.claimant else serial


def _values_differ(a: ClaimRecord, b: ClaimRecord, mixed: bool) -> bool:
    va, vb = a.value, b.value
    if isinstance(va, (Money, Quantity, Range)) and isinstance(vb, (Money, Quantity, Range)):
        if unit(va) != unit(vb) or (isinstance(va, Range) != isinstance(vb, Range)) != mixed:
            return False  # another unit is a conversion; the forms belong to the other test
        lo_a, hi_a = interval(va, a.qualifiers.bound)
        lo_b, hi_b = interval(vb, b.qualifiers.bound)
        return hi_a < lo_b or hi_b < lo_a
    if isinstance(va, DateValue) and isinstance(vb, DateValue) and not mixed:
        short, long_ = sorted((va.date.iso, vb.date.iso), key=len)
        return not long_.startswith(short)  # '2025' and '2025-01-21' agree
    return False


def _same_time(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short)


def _closed(claim: ClaimRecord) -> bool:
    """Names every party: two or more together, or one with the figure it puts in."""
    return len(claim.parties) > 1 or claim.value is not None


def _tests(facts: _Facts) -> dict[str, Callable[[ClaimRecord, ClaimRecord], bool]]:
    book = facts.book

    def stage(a: ClaimRecord, b: ClaimRecord) -> bool:
        sa, sb = facts.stage(a), facts.stage(b)
        if sa is None or sb is None or sa == sb:
            return False
        ta, tb = facts.when(a), facts.when(b)
        if ta is None or tb is None or _same_time(ta, tb):
            return True
        (_, early), (_, late) = sorted(((ta, sa), (tb, sb)))
        return book.stages.index(late) < book.stages.index(early)  # a later stage later is progress

    def parties(a: ClaimRecord, b: ClaimRecord) -> bool:
        joint = max(len(a.parties), len(b.parties)) > 1  # two parties each putting in a sum agree
        return set(a.parties) != set(b.parties) and joint and _closed(a) and _closed(b)

    def speaker(a: ClaimRecord, b: ClaimRecord) -> bool:
        sa, sb = facts.speakers(a), facts.speakers(b)
        return bool(sa and sb) and not sa & sb

    def certainty(a: ClaimRecord, b: ClaimRecord) -> bool:
        ca, cb = (book.certainty_of.get(c.qualifiers.modality) for c in (a, b))
        return ca is not None and cb is not None and ca != cb and bool(facts.speakers(a) & facts.speakers(b))

    return {
        "value": lambda a, b: _values_differ(a, b, mixed=False),
        "granularity": lambda a, b: _values_differ(a, b, mixed=True),
        "stage": stage,
        "polarity": lambda a, b: a.qualifiers.polarity != b.qualifiers.polarity,
        "parties": parties,
        "speaker": speaker,
        "certainty": certainty,
    }


def _components(pairs: Iterable[tuple[ClaimRecord, ClaimRecord]]) -> list[list[ClaimRecord]]:
    """The connected sets of claims joined by disagreeing pairs."""
    parent: dict[str, str] = {}
    claims: dict[str, ClaimRecord] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in pairs:
        for claim in (a, b):
            claims.setdefault(claim.key, claim)
            parent.setdefault(claim.key, claim.key)
        parent[root(a.key)] = root(b.key)
    groups: dict[str, list[ClaimRecord]] = defaultdict(list)
    for key in sorted(claims):
        groups[root(key)].append(claims[key])
    return list(groups.values())


def _about(facts: _Facts, rule: Rule, claims: list[ClaimRecord]) -> tuple[str | None, str, str | None, str]:
    """What the claims are about, and in words the fields the rule holds the same."""
    first = claims[0]
    subject = first.subject if all(c.subject == first.subject for c in claims) else None
    named = ""
    if "parties" in rule.same:
        named = listed(sorted(facts.label(p) for p in first.parties))
    elif "subject" in rule.same:
        named = facts.label(first.subject)
    words = [named, facts.vocab.relations[first.relation].label, facts.label(first.object)]
    about = " ".join(w for w in words if w)
    if "value" in rule.same and first.value:
        about += " " + value_text(first.value, first.qualifiers.bound)
    return subject, first.relation, first.object, about


def _contradiction(facts: _Facts, rule: Rule, claims: list[ClaimRecord]) -> Contradiction:
    by_position: dict[str, list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        by_position[facts.position(rule, claim)].append(claim)
    sides = tuple(Side(position, tuple(members)) for position, members in sorted(by_position.items()))
    subject, relation, obj, about = _about(facts, rule, claims)
    sides_text = "; ".join(
        f"{side.position} ({', '.join(dict.fromkeys(facts.source_text(c) for c in side.claims))})" for side in sides
    )
    explanation = rule.explanation.format(about=about, sides=sides_text, kind=rule.kind)
    return Contradiction(rule.kind, rule.name, subject, relation, obj, explanation, sides)


def _takes_part(facts: _Facts, rule: Rule, claim: ClaimRecord) -> bool:
    """Whether the claim has what the rule's test compares: a figure or date, a stage, a closed
    set of parties, a speaker, a certainty. Others are left out before any pair is made, so a
    shared entity's many text claims (goals, challenges) cost nothing."""
    test = rule.compare
    if test in ("value", "granularity"):
        return isinstance(claim.value, (Money, Quantity, Range, DateValue))
    if test == "stage":
        return facts.stage(claim) is not None
    if test == "parties":
        return _closed(claim)
    if test == "speaker":
        return bool(facts.speakers(claim))
    if test == "certainty":
        return claim.qualifiers.modality in facts.book.certainty_of and bool(facts.speakers(claim))
    return True


def _bucket(facts: _Facts, rule: Rule, claim: ClaimRecord) -> Hashable:
    """Claims of one bucket say the same in the test's terms, so only pairs across buckets can
    disagree: the same figure, stage, polarity, set of parties, speaker or certainty."""
    if rule.compare == "parties":
        return frozenset(claim.parties)
    if rule.compare == "speaker":
        return claim.claimant
    return facts.position(rule, claim)


def _apply(facts: _Facts, rule: Rule, claims: list[ClaimRecord]) -> list[Contradiction]:
    test = _tests(facts)[rule.compare]
    groups: dict[tuple[Hashable, ...], list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        if rule.relations is not None and claim.relation not in rule.relations:
            continue
        if claim.qualifiers.modality in rule.ignore_modality:
            continue
        if claim.qualifiers.polarity == "negative" and rule.compare != "polarity":
            continue  # what a source says is not so has no value, stage or party set to compare
        if any(facts.field(claim, name) is None for name in rule.given):
            continue
        if rule.claimants is not None and not facts.claimant_in(claim, rule.claimants):
            continue
        if _takes_part(facts, rule, claim):
            groups[tuple(facts.field(claim, name) for name in rule.same)].append(claim)

    def compatible(a: tuple[Hashable, ...], b: tuple[Hashable, ...]) -> bool:
        return all(fa is None or fb is None or fa == fb for fa, fb in zip(a, b, strict=True))

    pairs = []
    for members in groups.values():
        buckets: dict[Hashable, list[tuple[ClaimRecord, tuple[Hashable, ...]]]] = defaultdict(list)
        for claim in members:
            buckets[_bucket(facts, rule, claim)].append(
                (claim, tuple(facts.field(claim, name) for name in rule.compatible))
            )
        for one, other in combinations(buckets.values(), 2):
            pairs += [
                (a, b)
                for a, fields_a in one
                for b, fields_b in other
                if facts.source(a) != facts.source(b) and compatible(fields_a, fields_b) and test(a, b)
            ]
    return [_contradiction(facts, rule, component) for component in _components(pairs)]


def find_contradictions(corpus: Corpus, vocab: Vocabulary, book: RuleBook) -> list[Contradiction]:
    """Every contradiction the rules find in the corpus, in a stable order."""
    facts = _Facts(corpus, vocab, book)
    found = [c for rule in book.rules for c in _apply(facts, rule, corpus.claims)]
    return sorted(found, key=lambda c: (c.kind, c.iri))
