"""Words that refer back (该项目, 该园区, the company, 这些公司), read as mentions of what they refer to.

News text names its topic once and then says "the project": such a word (rules.yaml `anaphora`,
with the classes it can refer to) becomes a mention of the entity of those classes mentioned most
often before it (ties: the latest), so the claim rules see the party the sentence speaks of. It
lists its parties once and then says "these companies" (`group_anaphora`): such a word becomes a
mention of each entity of the latest group listed together, so the rules see them act together.
"""

from __future__ import annotations

from collections import Counter

from graph.draft.fold import Folded
from graph.draft.linking import Mention
from graph.draft.lists import listed_together
from graph.draft.matching import PhraseIndex
from graph.draft.rules import Rules
from graph.vocab.vocabulary import Vocabulary


def resolve_anaphora(folded: Folded, mentions: list[Mention], rules: Rules, vocabulary: Vocabulary) -> list[Mention]:
    """A mention for each referring word that has an antecedent, in the article's offsets. Mentions
    are counted as the text is read, so a long article costs the sum of its mentions and words."""
    index = PhraseIndex(rules.anaphora.items())
    counts: Counter[str] = Counter()
    latest: dict[str, int] = {}
    types: dict[str, str] = {}
    read = 0  # how many mentions (in text order) are counted
    resolved = []
    for hit in index.find(folded.text):
        start, end = folded.span(hit.start, hit.end)
        while read < len(mentions) and mentions[read].end <= start:
            mention = mentions[read]
            if mention.known:
                counts[mention.entity] += 1
                latest[mention.entity], types[mention.entity] = read, mention.type
            read += 1
        fitting = [
            entity
            for entity in counts
            if any(vocabulary.is_a(types[entity], c) for c in hit.payload if c in vocabulary.classes)
        ]
        if fitting:
            chosen = max(fitting, key=lambda entity: (counts[entity], latest[entity]))
            resolved.append(Mention(start, end, chosen, types[chosen]))
    return resolved


def _groups(folded: Folded, mentions: list[Mention], rules: Rules) -> list[list[Mention]]:
    """The runs of two or more entities listed together, in text order."""
    groups: list[list[Mention]] = []
    run: list[Mention] = []
    for mention in mentions:
        if run and mention.entity not in {m.entity for m in run} and listed_together(folded, rules, run[-1], mention):
            run.append(mention)
            continue
        if len(run) > 1:
            groups.append(run)
        run = [mention]
    return [*groups, run] if len(run) > 1 else groups


def resolve_groups(folded: Folded, mentions: list[Mention], rules: Rules, vocabulary: Vocabulary) -> list[Mention]:
    """Mentions of each entity of the group a word refers to (这些公司, 三家科技大厂: the latest group
    listed before it whose entities are all of rules.yaml's group classes, of the size the word
    says), all at the word's offsets."""
    groups = [
        group
        for group in _groups(folded, mentions, rules)
        if all(any(vocabulary.is_a(m.type, c) for c in rules.group_classes) for m in group)
    ]
    resolved = []
    for hit in PhraseIndex(rules.group_words.items()).find(folded.text):
        size, headed = hit.payload
        end = _head_end(folded.text, hit.end, rules) if headed else hit.end
        if end is None:
            continue
        start, end = folded.span(hit.start, end)
        fitting = [g for g in groups if g[-1].end <= start and size in (0, len({m.entity for m in g}))]
        if fitting:
            resolved += [Mention(start, end, m.entity, m.type) for m in fitting[-1]]
    return resolved


def _head_end(text: str, start: int, rules: Rules) -> int | None:
    """Where the group word's head ends, when one follows within the gap and the clause (三家 顶尖科技 大厂)."""
    for gap in range(rules.group_gap + 1):
        if start + gap > len(text) or any(end in text[start : start + gap] for end in rules.clause_ends):
            return None
        head = next((h for h in rules.group_heads if text.startswith(h, start + gap)), None)
        if head is not None:
            return start + gap + len(head)
    return None
