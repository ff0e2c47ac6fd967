"""Draft claims: where a relation's trigger occurs in a sentence, its subject, object and value.

The subject is the nearest entity named before the trigger (with the parties a conjunction joins
to it: OpenAI和软银 acts together), or, when the sentence names none there, the last one of the
sentences just before; the object is an entity after an object marker (向星际之门注资) or the
nearest one after the trigger whose class the relation accepts (sg:objectClass); the value is the
nearest of the relation's kind (sg:valueKind). A negation just before the trigger makes the claim
negative, a reporting or hedging word in the sentence sets its modality. Each suggestion keeps
the verbatim stretch of the sentence it rests on, the rule that made it and a confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.draft.fold import Folded
from graph.draft.linking import Mention
from graph.draft.matching import Hit, PhraseIndex
from graph.draft.rules import Rules
from graph.draft.sentences import Sentence
from graph.draft.values import ValueMention
from graph.ingest.seeds import Text, Value
from graph.vocab.vocabulary import Relation, Vocabulary

QUOTE_MARKS = " \"'“”‘’「」『』《》()（）"  # noqa: RUF001 (full-width marks are the point)


@dataclass(frozen=True)
class Suggestion:
    relation: str
    subject: str
    joint: tuple[str, ...]
    object: str | None
    value: Value | None
    bound: str | None
    polarity: str | None  # negative, or None for the default
    modality: str | None
    start: int  # the quote's offsets in the article
    end: int
    quote: str
    rule: str
    confidence: float
    inferred: bool = False  # the value is a date resolved from a relative expression

    @property
    def parties(self) -> tuple[str, ...]:
        return (self.subject, *self.joint)


@dataclass(frozen=True)
class _Context:
    """What one sentence offers the rules."""

    folded: Folded
    sentence: Sentence
    mentions: list[Mention]
    values: list[ValueMention]
    earlier: list[Mention]  # mentions of the sentences just before, in text order
    language: str


class Suggester:
    def __init__(self, vocabulary: Vocabulary, triggers: PhraseIndex[tuple[Relation, ...]], rules: Rules) -> None:
        self.vocabulary, self.triggers, self.rules = vocabulary, triggers, rules

    def _between(self, folded: Folded, start: int, end: int) -> str:
        """The folded text between two of the article's offsets, without spaces and quotation marks."""
        return folded.text[folded.at(start) : folded.at(end)].strip(QUOTE_MARKS)

    def _marked(self, context: _Context, mention: Mention) -> bool:
        """Whether an object marker (向, 对, into) stands right before the mention."""
        folded = context.folded
        before = folded.text[folded.at(context.sentence.start) : folded.at(mention.start)].rstrip(QUOTE_MARKS)
        return any(before.endswith(marker) for marker in self.rules.object_markers if not marker.isascii()) or any(
            before.endswith(" " + marker) for marker in self.rules.object_markers if marker.isascii()
        )

    def _party(self, context: _Context, before: list[Mention]) -> tuple[Mention, tuple[Mention, ...]] | None:
        """The nearest unmarked mention before the trigger, and the mentions joined to it by conjunctions."""
        unmarked = [m for m in before if not self._marked(context, m)]
        if not unmarked:
            return None
        parties = [unmarked[-1]]
        for mention in reversed(unmarked[:-1]):
            if self._between(context.folded, mention.end, parties[0].start) not in self.rules.conjunctions:
                break
            parties.insert(0, mention)
        return parties[0], tuple(parties[1:])

    def _object(
        self, context: _Context, relation: Relation, trigger: tuple[int, int], taken: set[str]
    ) -> tuple[Mention, bool] | None:
        """The object mention, and whether a marker named it."""
        if relation.object_class is None:
            return None

        def fits(mention: Mention) -> bool:
            return (
                mention.entity not in taken
                and mention.type in self.vocabulary.classes
                and self.vocabulary.is_a(mention.type, relation.object_class or "Entity")
            )

        marked = [m for m in context.mentions if m.end <= trigger[0] and self._marked(context, m) and fits(m)]
        if marked:
            return marked[-1], True
        after = [m for m in context.mentions if m.start >= trigger[1] and fits(m)]
        return (after[0], False) if after else None

    def _value(self, context: _Context, relation: Relation, trigger: tuple[int, int]) -> ValueMention | Text | None:
        kind = relation.value_kind
        if kind is None:
            return None
        if kind == "text":
            folded = context.folded
            rest = context.folded.original[trigger[1] : context.sentence.end]
            cut = next(
                (i for i, char in enumerate(rest) if folded.text[folded.at(trigger[1] + i)] in self.rules.clause_ends),
                len(rest),
            )
            clause = rest[:cut].strip(QUOTE_MARKS + "，,:：")  # noqa: RUF001
            if not clause or len(clause) > self.rules.text_value_max:
                return None
            language = "en" if context.language == "en" else f"zh-{context.language}"
            return Text(clause, language)
        fitting = [v for v in context.values if v.kind == kind]
        if not fitting:
            return None
        return min(
            fitting,
            key=lambda v: (
                v.start < trigger[0],
                abs(v.start - trigger[1]) if v.start >= trigger[1] else trigger[0] - v.end,
            ),
        )

    def _negative(self, context: _Context, trigger: tuple[int, int]) -> bool:
        folded = context.folded
        start = max(folded.at(context.sentence.start), folded.at(trigger[0]) - self.rules.negation_window)
        window = folded.text[start : folded.at(trigger[0])]
        return any(word in window for word in self.rules.negations)

    def _modality(self, context: _Context) -> str | None:
        sentence = self._between(context.folded, context.sentence.start, context.sentence.end)
        return next((m for word, m in self.rules.modality_words.items() if word in sentence), None)

    def suggest(self, context: _Context, hit: Hit[tuple[Relation, ...]]) -> list[Suggestion]:
        folded = context.folded
        trigger = folded.span(hit.start, hit.end)
        found = []
        weights = self.rules.confidence
        for relation in hit.payload:
            before = [m for m in context.mentions if m.end <= trigger[0]]
            party = self._party(context, before)
            confidence = weights["base"]
            if party is not None:
                confidence += weights["subject_in_sentence"]
            else:
                party = (context.earlier[-1], ()) if context.earlier else None
                confidence += weights["subject_from_earlier_sentence"]
            if party is None:
                continue
            subject, joint = party
            taken = {subject.entity, *(m.entity for m in joint)}
            obj = self._object(context, relation, trigger, taken)
            if obj is None and relation.object_required:
                continue
            value = self._value(context, relation, trigger)
            if value is None and relation.value_required:
                continue
            pieces = [trigger, *((m.start, m.end) for m in (subject, *joint) if m in context.mentions)]
            if obj is not None:
                pieces.append((obj[0].start, obj[0].end))
                confidence += weights["object"] + (weights["object_marked"] if obj[1] else 0)
            if isinstance(value, ValueMention):
                pieces.append((value.start, value.end))
            if value is not None:
                confidence += weights["value"]
            named = [subject, *joint, *([obj[0]] if obj else [])]
            if all(m.known for m in named):
                confidence += weights["known_entities_only"]
            start, end = min(p[0] for p in pieces), max(p[1] for p in pieces)
            found.append(
                Suggestion(
                    relation=relation.name,
                    subject=subject.entity,
                    joint=tuple(m.entity for m in joint),
                    object=obj[0].entity if obj else None,
                    value=value.value if isinstance(value, ValueMention) else value,
                    bound=value.bound if isinstance(value, ValueMention) else None,
                    polarity="negative" if self._negative(context, trigger) else None,
                    modality=self._modality(context),
                    start=start,
                    end=end,
                    quote=folded.original[start:end],
                    rule=f"trigger {relation.name} {folded.original[trigger[0] : trigger[1]]!r}",
                    confidence=round(min(confidence, weights["max"]), 2),
                    inferred=isinstance(value, ValueMention) and value.inferred,
                )
            )
        return found


def suggest_claims(
    folded: Folded,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    values: Sequence[ValueMention],
    language: str,
    suggester: Suggester,
) -> list[Suggestion]:
    """Every suggestion of the article, in text order, each fact once per sentence (the surest)."""
    found: list[Suggestion] = []
    recent: list[list[Mention]] = []
    for sentence in sentences:
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        context = _Context(
            folded,
            sentence,
            inside,
            [v for v in values if sentence.start <= v.start and v.end <= sentence.end],
            [m for group in recent[-suggester.rules.subject_lookback :] for m in group],
            language,
        )
        best: dict[tuple[object, ...], Suggestion] = {}
        for hit in suggester.triggers.find(folded.text, folded.at(sentence.start), folded.at(sentence.end)):
            for suggestion in suggester.suggest(context, hit):
                key = (suggestion.relation, suggestion.parties, suggestion.object, suggestion.value, suggestion.bound)
                if key not in best or best[key].confidence < suggestion.confidence:
                    best[key] = suggestion
        found += sorted(best.values(), key=lambda s: (s.start, s.relation))
        if inside:
            recent.append(inside)
    return found
