"""Words that refer back (该项目, 该园区, the company), read as mentions of what they refer to.

News text names its topic once and then says "the project": such a word (rules.yaml `anaphora`,
with the classes it can refer to) becomes a mention of the entity of those classes mentioned most
often before it (ties: the latest), so the claim rules see the party the sentence speaks of.
"""

from __future__ import annotations

from collections import Counter

from graph.draft.fold import Folded
from graph.draft.linking import Mention
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
