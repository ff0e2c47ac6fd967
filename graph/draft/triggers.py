"""The relations' trigger words (sg:trigger in graph/vocab/ontology.ttl), folded, found in text."""

from __future__ import annotations

from collections import defaultdict

from graph.draft.fold import fold
from graph.draft.matching import PhraseIndex
from graph.vocab.vocabulary import Relation, Vocabulary


def trigger_index(vocabulary: Vocabulary) -> PhraseIndex[tuple[Relation, ...]]:
    """Every trigger word and the relations it suggests (投资 suggests funds and plansInvestment)."""
    relations: dict[str, list[Relation]] = defaultdict(list)
    for relation in vocabulary.relations.values():
        for word in relation.triggers:
            folded = fold(word)
            if relation not in relations[folded]:
                relations[folded].append(relation)
    return PhraseIndex(((word, tuple(found)) for word, found in relations.items()), open_end=True)
