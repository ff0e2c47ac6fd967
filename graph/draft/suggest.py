"""Draft claims: where a relation's trigger occurs in a sentence, its subject, object and value.

The parties and the object are read from the linked mentions around the trigger, by the first of
these patterns that fits (the words each uses are rules.yaml's):

- a title (a trigger among `title_words`): ORGANISATION TITLE PERSON (甲骨文董事长拉里·埃里森) or
  PERSON ... ORGANISATION ... TITLE (孙正义将担任星际之门的董事长): the person holds it there;
- a list after the trigger (技术合作伙伴包括Arm、微软): the listed parties, of what was named before;
- a date relation with no object (announcedOn): what the verb acts on, after it (特朗普宣布了星际之门);
- a copula (软银和OpenAI是星际之门的合作伙伴): the parties before it, the object after it;
- agents after 由 (星际之门由OpenAI、软银共同成立): the agents, of what was named before them;
- otherwise the nearest party before the trigger (with those a conjunction joins to it: OpenAI和
  软银 act together), and as object an entity after an object marker (向星际之门注资) or the nearest
  one after the trigger in the same clause whose class the relation accepts (sg:objectClass); a
  place after a location marker (在得克萨斯州) is where, never a party.

Where the sentence names no party (or no object a relation needs), the last fitting one of the
sentences just before stands in, with less confidence. The value is the nearest of the relation's
kind (sg:valueKind) and unit (`relation_units`). A negation just before the trigger makes the claim
negative, a reporting or hedging word sets its modality. A place written right before an
organisation (美国OpenAI) says where it is. Each suggestion keeps the verbatim stretch of the
sentence it rests on, the rule that made it and a confidence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from graph.draft.fold import Folded, fold
from graph.draft.linking import Mention
from graph.draft.lists import QUOTE_MARKS, between, listed_together
from graph.draft.matching import Hit, PhraseIndex
from graph.draft.rules import Rules
from graph.draft.sentences import Sentence
from graph.draft.values import ValueMention
from graph.ingest.seeds import Quantity, Range, Text, Value
from graph.vocab.vocabulary import Relation, Vocabulary

Span = tuple[int, int]


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
class _Roles:
    """Who does it to what, and how surely the sentence says so."""

    subject: Mention
    joint: tuple[Mention, ...]
    object: Mention | None
    pattern: str
    subject_here: bool = True  # named in the sentence (not one of the sentences before)
    object_here: bool = True
    object_marked: bool = False


class _Reading:
    """One sentence, with what the rules need of it."""

    def __init__(
        self,
        folded: Folded,
        sentence: Sentence,
        mentions: list[Mention],
        earlier: list[Mention],
        counts: dict[str, int],
        named: dict[str, Mention],
        language: str,
        suggester: Suggester,
    ) -> None:
        self.folded, self.sentence, self.language = folded, sentence, language  # the tag of text values
        self.rules, self.vocabulary = suggester.rules, suggester.vocabulary
        modifiers = {id(m) for m in self._place_modifiers(mentions)}
        self.all_mentions = mentions
        self.mentions = [m for m in mentions if id(m) not in modifiers]  # places that only modify a name are no party
        self.earlier = earlier
        self.counts = counts  # mentions of each entity before this sentence
        self.named = named  # the latest of them

    def text(self, start: int, end: int) -> str:
        return between(self.folded, start, end)

    def _place_modifiers(self, mentions: list[Mention]) -> list[Mention]:
        place = self.rules.place_modifier["class"]
        return [
            m
            for m, following in pairwise(mentions)
            if m.type == place and following.entity != m.entity and self.text(m.end, following.start) == ""
        ]

    def place_modifier_pairs(self) -> list[tuple[Mention, Mention]]:
        """(place, what it modifies): 美国OpenAI."""
        following = {id(a): b for a, b in pairwise(self.all_mentions)}
        return [(m, following[id(m)]) for m in self._place_modifiers(self.all_mentions)]

    def joined(self, first: Mention, second: Mention) -> bool:
        return listed_together(self.folded, self.rules, first, second)

    def chain(self, first: Mention, limit: int) -> list[Mention]:
        """`first` and the mentions listed after it, all ending before `limit`."""
        listed = [first]
        for mention in self.mentions[self.mentions.index(first) + 1 :]:
            if mention.end <= limit and self.joined(listed[-1], mention):
                listed.append(mention)
            elif mention.start >= listed[-1].end:
                break
        return listed

    def chain_back(self, mentions: list[Mention], last: int) -> list[Mention]:
        """`mentions[last]` and those of `mentions` listed right before it (OpenAI和软银 before 注资)."""
        listed = [mentions[last]]
        for mention in reversed(mentions[:last]):
            if not self.joined(mention, listed[0]):
                break
            listed.insert(0, mention)
        return listed

    def ends_with_marker(self, mention: Mention, markers: tuple[str, ...], slack: int = 0) -> int | None:
        """Where a marker stands before the mention (with up to `slack` characters of description
        between them), in the article's offsets; None when none does."""
        before = self.folded.text[self.folded.at(self.sentence.start) : self.folded.at(mention.start)]
        before = before.rstrip(QUOTE_MARKS)
        for cut in range(min(slack, len(before)) + 1):
            stretch = before[: len(before) - cut] if cut else before
            for marker in markers:
                latin = marker.isascii()
                if stretch.endswith(" " + marker if latin else marker) and not any(
                    end in before[len(stretch) :] for end in self.rules.clause_ends
                ):
                    return self.folded.origin[self.folded.at(self.sentence.start) + len(stretch) - len(marker)]
        return None

    def salient(self, mentions: list[Mention]) -> Mention:
        """The one of `mentions` whose entity the article has named most often so far (ties: the latest)."""
        counts = self.counts
        return max(reversed(mentions), key=lambda m: counts.get(m.entity, 0))

    def located(self, mention: Mention) -> bool:
        """A place after a location marker (在得克萨斯州): where something happens, not who does it."""
        place = self.rules.place_modifier["class"]
        return mention.type == place and self.ends_with_marker(mention, self.rules.location_markers) is not None

    def inserted(self, mention: Mention, limit: int) -> bool:
        """Elon Musk, who left OpenAI in 2018, questioned...: the mention stands in an insertion between
        commas that begins with a relative pronoun or an article and closes before `limit`."""
        text = self.folded.original
        opening = text.rfind(",", self.sentence.start, mention.start)
        closing = text.find(",", mention.end, limit)
        if opening < 0 or closing < 0:
            return False
        first = text[opening + 1 : mention.start].split()
        return bool(first) and fold(first[0]) in self.rules.insertion_starts

    def clause_break(self, start: int, end: int) -> bool:
        return any(char in self.rules.clause_ends for char in self.text(start, end))

    def fits(self, mention: Mention, relation: Relation, taken: set[str]) -> bool:
        return (
            mention.entity not in taken
            and mention.type in self.vocabulary.classes
            and self.vocabulary.is_a(mention.type, relation.object_class or "Entity")
        )


class Suggester:
    def __init__(self, vocabulary: Vocabulary, triggers: PhraseIndex[tuple[Relation, ...]], rules: Rules) -> None:
        self.vocabulary, self.triggers, self.rules = vocabulary, triggers, rules

    def _title(self, reading: _Reading, relation: Relation, trigger: Span, holder: str | None) -> _Roles | None:
        """The title's holder and where it is held, of the class `holder` when one is given."""

        def at(m: Mention) -> bool:  # where the title can be held
            return (
                m.type != "Person"
                and len(reading.text(m.end, trigger[0])) <= self.rules.title_gap
                and reading.fits(m, relation, set())
                and (holder is None or self.vocabulary.is_a(m.type, holder))
            )

        persons = [m for m in reading.mentions if m.type == "Person"]
        after = [m for m in persons if m.start >= trigger[1] and reading.text(trigger[1], m.start) == ""]
        organisations = [m for m in reading.mentions if m.end <= trigger[0] and at(m)]
        if after and organisations:
            return _Roles(after[0], (), organisations[-1], "title")
        before = [m for m in persons if m.end <= trigger[0]]
        if before:
            between = [m for m in reading.mentions if before[-1].end <= m.start and m.end <= trigger[0] and at(m)]
            if between:
                return _Roles(before[-1], (), between[-1], "title")
        if holder is None:
            return None
        # no organisation named (总统特朗普, 特朗普总统): the one of the title's class the article names most
        person = self._beside(reading, trigger)
        held = [m for m in [*reading.named.values(), *reading.mentions] if self._of(m, (holder,))]
        if person is None or not held:
            return None
        chosen = reading.salient(held)
        return _Roles(person, (), chosen, "title", object_here=chosen in reading.mentions)

    def _beside(self, reading: _Reading, trigger: Span) -> Mention | None:
        """The person written right after the title (总统特朗普), else right before it (特朗普总统)."""
        persons = [m for m in reading.mentions if m.type == "Person"]
        after = [m for m in persons if m.start >= trigger[1] and reading.text(trigger[1], m.start) == ""]
        before = [m for m in persons if m.end <= trigger[0] and reading.text(m.end, trigger[0]) == ""]
        return after[0] if after else before[-1] if before else None

    def _listed(self, reading: _Reading, relation: Relation, trigger: Span) -> _Roles | None:
        after = [m for m in reading.mentions if m.start >= trigger[1]]
        between = reading.text(trigger[1], after[0].start) if after else ""
        if not any(
            between.endswith(marker) and len(between) - len(marker) <= self.rules.title_gap
            for marker in self.rules.list_markers
        ):
            return None
        parties = reading.chain(after[0], reading.sentence.end)
        taken = {m.entity for m in parties}
        before = [m for m in reading.mentions if m.end <= trigger[0] and reading.fits(m, relation, taken)]
        return self._with_object(reading, relation, parties, before[-1] if before else None, "list")

    def _copula(self, reading: _Reading, relation: Relation, trigger: Span) -> _Roles | None:
        """软银和OpenAI是星际之门的主要合作伙伴: the parties before the copula, the object after it."""
        before = [m for m in reading.mentions if m.end <= trigger[0]]
        for index, mention in enumerate(before):
            copula = reading.ends_with_marker(mention, self.rules.copulas)
            if copula is None or index == 0 or reading.clause_break(mention.end, trigger[0]):
                continue
            if reading.text(before[index - 1].end, copula) != "":
                continue
            parties = reading.chain_back(before, index - 1)
            if reading.fits(mention, relation, {m.entity for m in parties}):
                return _Roles(parties[0], tuple(parties[1:]), mention, "copula")
        return None

    def _passive(self, reading: _Reading, relation: Relation, trigger: Span) -> _Roles | None:
        """Stargate was founded by OpenAI and SoftBank: an auxiliary (with at most one word after it)
        before the trigger and an agent marker soon after it; the agents act on the party before, in
        the same clause."""
        rule = self.rules.passive
        words = reading.folded.text[reading.folded.at(reading.sentence.start) : reading.folded.at(trigger[0])].split()
        if relation.object_class is None or not set(words[-2:]) & set(rule.auxiliaries):
            return None
        for mention in reading.mentions:
            marker = reading.ends_with_marker(mention, rule.agent_markers, self.rules.descriptor_chars)
            if mention.start < trigger[1] or marker is None:
                continue
            if len(reading.text(trigger[1], marker)) > rule.gap or reading.clause_break(trigger[1], marker):
                return None
            agents = reading.chain(mention, reading.sentence.end)
            taken = {m.entity for m in agents}
            patients = [
                m
                for m in reading.mentions
                if m.end <= trigger[0]
                and reading.fits(m, relation, taken)
                and not reading.located(m)
                and not reading.clause_break(m.end, trigger[0])
            ]
            return self._with_object(reading, relation, agents, patients[-1] if patients else None, "passive")
        return None

    def _agents(self, reading: _Reading, relation: Relation, trigger: Span) -> _Roles | None:
        before = [m for m in reading.mentions if m.end <= trigger[0]]
        for index, mention in enumerate(before):
            marker = reading.ends_with_marker(mention, self.rules.agent_markers, self.rules.descriptor_chars)
            if marker is None:
                continue
            parties = reading.chain(mention, trigger[0])
            taken = {m.entity for m in parties}
            topic = [m for m in before[:index] if m.end <= marker and reading.fits(m, relation, taken)]
            return self._with_object(reading, relation, parties, topic[-1] if topic else None, "agents")
        return None

    def _nearest(self, reading: _Reading, relation: Relation, trigger: Span) -> _Roles | None:
        before = [m for m in reading.mentions if m.end <= trigger[0]]
        objects = {  # after an object marker, and those listed with them (与OpenAI、软银合作)
            id(listed)
            for m in before
            if reading.ends_with_marker(m, self.rules.object_markers) is not None
            for listed in reading.chain(m, trigger[0])
        }
        unmarked = [
            m for m in before if id(m) not in objects and not reading.located(m) and not reading.inserted(m, trigger[0])
        ]
        # a candidate new entity is the subject only when no known one can be; either may be listed with it
        nearest = next((m for m in reversed(unmarked) if m.known), unmarked[-1] if unmarked else None)
        if nearest is not None:
            parties, subject_here = reading.chain_back(unmarked, unmarked.index(nearest)), True
        elif reading.earlier:
            parties, subject_here = [reading.salient(reading.earlier)], False
        else:
            return None
        taken = {m.entity for m in parties}
        if relation.object_class is None:
            return _Roles(parties[0], tuple(parties[1:]), None, "nearest", subject_here)
        marked = [
            m
            for m in before
            if m.start >= parties[-1].end
            and reading.ends_with_marker(m, self.rules.object_markers) is not None
            and reading.fits(m, relation, taken)
        ]
        if marked:
            return _Roles(parties[0], tuple(parties[1:]), marked[-1], "nearest", subject_here, object_marked=True)
        after = [m for m in reading.mentions if m.start >= trigger[1] and reading.fits(m, relation, taken)]
        # the object is the first one after the trigger in its clause, or, for a relation that needs
        # one, in the clauses after it
        same_clause = [m for m in after if not reading.clause_break(trigger[1], m.start)]
        obj = same_clause[0] if same_clause else after[0] if after and relation.object_required else None
        roles = self._with_object(reading, relation, parties, obj, "nearest")
        return None if roles is None else _Roles(**{**vars(roles), "subject_here": subject_here})

    def _with_object(
        self, reading: _Reading, relation: Relation, parties: list[Mention], obj: Mention | None, pattern: str
    ) -> _Roles | None:
        """The roles, the object taken from the sentences before when the relation needs one."""
        joint = tuple(parties[1:])
        if obj is not None or not relation.object_required:
            return _Roles(parties[0], joint, obj, pattern)
        taken = {m.entity for m in parties}
        earlier = [m for m in reading.earlier if reading.fits(m, relation, taken)]
        return _Roles(parties[0], joint, reading.salient(earlier), pattern, object_here=False) if earlier else None

    def _dated(self, reading: _Reading, relation: Relation, trigger: Span) -> _Roles | None:
        """A date relation with no object dates what the verb acts on: 特朗普宣布了星际之门 dates Stargate's
        announcement, so its subject is the first entity after the trigger in its clause."""
        if relation.value_kind != "date" or relation.object_class is not None:
            return None
        after = [m for m in reading.mentions if m.start >= trigger[1] and not reading.clause_break(trigger[1], m.start)]
        return _Roles(after[0], (), None, "dated") if after else None

    def _roles(self, reading: _Reading, relation: Relation, trigger: Span) -> _Roles | None:
        word = reading.folded.text[reading.folded.at(trigger[0]) : reading.folded.at(trigger[1])]
        if word in self.rules.bare_triggers:
            after = [m for m in reading.mentions if m.start >= trigger[1]]
            if not after or reading.text(trigger[1], after[0].start) or not reading.fits(after[0], relation, set()):
                return None  # 在 suggests locatedIn only with the place right after it
        if word in self.rules.title_words:
            holder = self.rules.title_holders.get(word)
            title = self._title(reading, relation, trigger, holder) or (
                self._title(reading, relation, trigger, None) if holder else None
            )
            if title is not None or self._beside(reading, trigger) is not None:
                return title  # a title beside a person names no one else's relation (President Trump praised)
        return (
            self._dated(reading, relation, trigger)
            or self._listed(reading, relation, trigger)
            or (self._copula(reading, relation, trigger) if relation.object_class else None)
            or self._passive(reading, relation, trigger)
            or self._agents(reading, relation, trigger)
            or self._nearest(reading, relation, trigger)
        )

    def _value(
        self, reading: _Reading, values: list[ValueMention], relation: Relation, trigger: Span
    ) -> ValueMention | Text | None:
        kind = relation.value_kind
        if kind is None:
            return None
        if kind == "text":
            return self._clause(reading, trigger)
        units = self.rules.relation_units.get(relation.name)
        fitting = [
            v
            for v in values
            if v.kind == kind and (units is None or not isinstance(v.value, (Quantity, Range)) or v.value.unit in units)
        ]
        if not fitting:
            return None
        return min(
            fitting,
            key=lambda v: (
                v.start - trigger[1] if v.start >= trigger[1] else trigger[0] - v.end,
                v.start < trigger[0],
            ),
        )

    def _clause(self, reading: _Reading, trigger: Span) -> Text | None:
        """A text value: the clause after the trigger, when it is short enough to be one."""
        folded = reading.folded
        rest = folded.original[trigger[1] : reading.sentence.end]
        cut = next(
            (i for i, _ in enumerate(rest) if folded.text[folded.at(trigger[1] + i)] in self.rules.clause_ends),
            len(rest),
        )
        clause = rest[:cut].strip(QUOTE_MARKS + "，,:：")  # noqa: RUF001
        if not clause or len(clause) > self.rules.text_value_max:
            return None
        return Text(clause, reading.language)

    def _negative(self, reading: _Reading, trigger: Span) -> bool:
        folded = reading.folded
        start = max(folded.at(reading.sentence.start), folded.at(trigger[0]) - self.rules.negation_window)
        window = folded.text[start : folded.at(trigger[0])]
        return any(word in window for word in self.rules.negations)

    def _modality(self, reading: _Reading) -> str | None:
        sentence = reading.text(reading.sentence.start, reading.sentence.end)
        return next((m for word, m in self.rules.modality_words.items() if word in sentence), None)

    def suggest(
        self, reading: _Reading, values: list[ValueMention], hit: Hit[tuple[Relation, ...]]
    ) -> list[Suggestion]:
        """The claims one trigger suggests: per relation it may name, one per listed object
        (与OpenAI、软银、甲骨文合作: one claim with each), since a claim has one object."""
        trigger = reading.folded.span(hit.start, hit.end)
        found = []
        for relation in hit.payload:
            roles = self._roles(reading, relation, trigger)
            if roles is None or (roles.object is None and relation.object_required):
                continue
            value = self._value(reading, values, relation, trigger)
            if value is None and relation.value_required:
                continue
            objects = [roles.object]
            if roles.object is not None and roles.object_here:
                taken = {roles.subject.entity, *(m.entity for m in roles.joint)}
                listed = reading.chain(roles.object, reading.sentence.end)
                objects = [m for m in listed if m is roles.object or reading.fits(m, relation, taken)]
            found += [self._suggestion(reading, relation, trigger, replace(roles, object=o), value) for o in objects]
        return found

    def _suggestion(
        self, reading: _Reading, relation: Relation, trigger: Span, roles: _Roles, value: ValueMention | Text | None
    ) -> Suggestion:
        folded, weights = reading.folded, self.rules.confidence
        confidence = (
            weights["base"] + weights["subject_in_sentence" if roles.subject_here else "subject_from_earlier_sentence"]
        )
        pieces = [trigger]
        if roles.subject_here:
            pieces += [(m.start, m.end) for m in (roles.subject, *roles.joint)]
        if roles.object is not None:
            confidence += weights["object" if roles.object_here else "object_from_earlier_sentence"]
            confidence += weights["object_marked"] if roles.object_marked else 0
            if roles.object_here:
                pieces.append((roles.object.start, roles.object.end))
        if isinstance(value, ValueMention):
            pieces.append((value.start, value.end))
        confidence += weights["value"] if value is not None else 0
        named = [roles.subject, *roles.joint, *([roles.object] if roles.object else [])]
        confidence += weights["known_entities_only"] if all(m.known for m in named) else 0
        start, end = min(p[0] for p in pieces), max(p[1] for p in pieces)
        return Suggestion(
            relation=relation.name,
            subject=roles.subject.entity,
            joint=tuple(m.entity for m in roles.joint),
            object=roles.object.entity if roles.object else None,
            value=value.value if isinstance(value, ValueMention) else value,
            bound=value.bound if isinstance(value, ValueMention) else None,
            polarity="negative" if self._negative(reading, trigger) else None,
            modality=self._modality(reading),
            start=start,
            end=end,
            quote=folded.original[start:end],
            rule=f"trigger {relation.name} {folded.original[trigger[0] : trigger[1]]!r} ({roles.pattern})",
            confidence=round(min(confidence, weights["max"]), 2),
            inferred=isinstance(value, ValueMention) and value.inferred,
        )

    def place_modifiers(self, reading: _Reading) -> list[Suggestion]:
        """美国OpenAI: OpenAI is located in the United States."""
        relation = self.rules.place_modifier["relation"]
        return [
            _structural(reading, relation, [named], place, "place-modifier", self.rules.confidence["place_modifier"])
            for place, named in reading.place_modifier_pairs()
        ]

    def events_attended(self, reading: _Reading) -> list[Suggestion]:
        """Dario Amodei在达沃斯论坛上表示, 在白宫发布会上, 特朗普宣布: who is at an event (one after a
        location marker) takes part in it: the party nearest before the marker, else the first after the event."""
        rule = self.rules.event_presence
        found = []
        for event in reading.mentions:
            if not self._of(event, (rule.event_class,)):
                continue
            marker = reading.ends_with_marker(event, self.rules.location_markers, rule.slack)
            parties = [m for m in reading.mentions if m.known and self._of(m, rule.parties)]
            if marker is None or not parties:
                continue
            before = [m for m in parties if m.end <= marker and not reading.inserted(m, marker)]
            after = [m for m in parties if m.start >= event.end]
            if before:
                listed = reading.chain_back(before, len(before) - 1)
            elif after:
                listed = reading.chain(after[0], reading.sentence.end)
            else:
                continue
            confidence = self.rules.confidence["event_presence"]
            found.append(_structural(reading, rule.relation, listed, event, "event-presence", confidence))
        return found

    def inverses(self, suggestions: list[Suggestion]) -> list[Suggestion]:
        """OpenAI使用英伟达芯片 says Nvidia supplies OpenAI too: each claim of a relation with an inverse
        (rules.yaml `inverses`, both ways) read the other way round, once per party, a little less sure."""
        inverse = {**self.rules.inverses, **{b: a for a, b in self.rules.inverses.items()}}
        return [
            replace(
                s,
                relation=inverse[s.relation],
                subject=s.object,
                joint=(),
                object=party,
                rule=f"{s.rule}, read as {inverse[s.relation]}",
                confidence=round(s.confidence - self.rules.confidence["inverse_penalty"], 2),
            )
            for s in suggestions
            if s.relation in inverse and s.object is not None
            for party in s.parties
        ]

    def _of(self, mention: Mention, classes: tuple[str, ...]) -> bool:
        return mention.type in self.vocabulary.classes and any(self.vocabulary.is_a(mention.type, c) for c in classes)


def _structural(
    reading: _Reading, relation: str, parties: list[Mention], obj: Mention, rule: str, confidence: float
) -> Suggestion:
    """A claim read from how names stand in the sentence, with no trigger word."""
    start, end = min(m.start for m in (*parties, obj)), max(m.end for m in (*parties, obj))
    return Suggestion(
        *(relation, parties[0].entity, tuple(m.entity for m in parties[1:]), obj.entity, None, None, None, None),
        start=start,
        end=end,
        quote=reading.folded.original[start:end],
        rule=f"{rule} {relation}",
        confidence=confidence,
    )


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
    counts: dict[str, int] = {}
    named: dict[str, Mention] = {}
    mention_starts = [m.start for m in mentions]
    value_starts = [v.start for v in values]
    for sentence in sentences:
        first, last = bisect_left(mention_starts, sentence.start), bisect_left(mention_starts, sentence.end)
        inside = [m for m in mentions[first:last] if m.end <= sentence.end]
        earlier = [m for group in recent[-suggester.rules.subject_lookback :] for m in group]
        reading = _Reading(folded, sentence, inside, earlier, counts, named, language, suggester)
        first, last = bisect_left(value_starts, sentence.start), bisect_left(value_starts, sentence.end)
        here = [v for v in values[first:last] if v.end <= sentence.end]
        best: dict[tuple[object, ...], Suggestion] = {}
        suggestions = suggester.place_modifiers(reading) + suggester.events_attended(reading)
        for hit in suggester.triggers.find(folded.text, folded.at(sentence.start), folded.at(sentence.end)):
            suggestions += suggester.suggest(reading, here, hit)
        suggestions += suggester.inverses(suggestions)
        for suggestion in suggestions:
            value = None if isinstance(suggestion.value, Text) else suggestion.value
            key = (suggestion.relation, suggestion.parties, suggestion.object, value, suggestion.bound)
            if key not in best or best[key].confidence < suggestion.confidence:
                best[key] = suggestion
        found += sorted(best.values(), key=lambda s: (s.start, s.relation))
        if inside:
            recent.append(inside)
        for mention in inside:
            counts[mention.entity] = counts.get(mention.entity, 0) + 1
            named[mention.entity] = mention
    return found
