"""The relations' trigger words (sg:trigger in graph/vocab/ontology.ttl), folded, found in text.

An English trigger matches as a whole word, and so do the regular inflections of its first and last
words (rules.yaml `inflections`: invest finds invests, invested, investing, investment; commit finds
committed; supply finds supplies), but not a longer word it merely starts (fund: fundamental; join:
joint; commit: committee). Irregular forms (built, bought) are triggers of their own.
"""

from __future__ import annotations

from collections import defaultdict

from graph.draft.fold import fold
from graph.draft.matching import PhraseIndex
from graph.draft.rules import Inflections, load_rules
from graph.vocab.vocabulary import Relation, Vocabulary

VOWELS = frozenset("aeiou")


def inflected(word: str, rules: Inflections) -> set[str]:
    """An English word and its regular inflections (over-generating is harmless: a form that is no
    word is never found)."""
    if not (word.isascii() and word.isalpha()):
        return {word}
    forms = {word, *(word + suffix for suffix in rules.add)}
    if word.endswith("e"):
        forms |= {word[:-1] + suffix for suffix in rules.drop_e}
    if len(word) > 1 and word.endswith("y") and word[-2] not in VOWELS:
        forms |= {word[:-1] + "i" + suffix for suffix in rules.y_to_i}
    if len(word) > 2 and word[-1] not in VOWELS | set("wxy") and word[-2] in VOWELS and word[-3] not in VOWELS:
        forms |= {word + word[-1] + suffix for suffix in rules.double}
    return forms


def _forms(phrase: str, rules: Inflections) -> set[str]:
    """A trigger with its first or its last word inflected (lay off: laying off; data center: data centers)."""
    words = phrase.split(" ")
    first = {" ".join([form, *words[1:]]) for form in inflected(words[0], rules)}
    last = {" ".join([*words[:-1], form]) for form in inflected(words[-1], rules)}
    return first | last


def trigger_index(vocabulary: Vocabulary) -> PhraseIndex[tuple[Relation, ...]]:
    """Every trigger word, its inflections, and the relations it suggests (投资 suggests funds and
    plansInvestment)."""
    rules = load_rules().inflections
    relations: dict[str, list[Relation]] = defaultdict(list)
    for relation in vocabulary.relations.values():
        for word in relation.triggers:
            for form in _forms(fold(word), rules):
                if relation not in relations[form]:
                    relations[form].append(relation)
    return PhraseIndex((word, tuple(found)) for word, found in relations.items())
