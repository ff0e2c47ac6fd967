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
    """A mention for each referring word that has an antecedent, in the article's offsets."""
    index = PhraseIndex(rules.anaphora.items())
    resolved = []
    hits = [(folded.span(hit.start, hit.end), hit.payload) for hit in index.find(folded.text)]
    for (start, end), classes in hits:
        before = [
            m
            for m in mentions
            if m.end <= start
            and m.known
            and any(vocabulary.is_a(m.type, c) for c in classes if c in vocabulary.classes)
        ]
        if not before:
            continue
        counts = Counter(m.entity for m in before)
        latest = {m.entity: position for position, m in enumerate(before)}
        chosen = max(counts, key=lambda entity: (counts[entity], latest[entity]))
        resolved.append(Mention(start, end, chosen, next(m.type for m in before if m.entity == chosen)))
    return resolved
