"""One article drafted: its mentions, candidate entities, values and suggested claims.

Only reads: the registry of known names and the vocabulary are given (the graph's own, or, for
the leave-one-out benchmark, those of the other documents), and nothing is written here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from graph.draft.anaphora import resolve_anaphora, resolve_groups
from graph.draft.candidates import Candidate, find_candidates
from graph.draft.document import Article
from graph.draft.fold import Folded
from graph.draft.linking import Mention, Registry
from graph.draft.rules import load_rules
from graph.draft.sentences import sentences
from graph.draft.suggest import Suggester, Suggestion, suggest_claims
from graph.draft.triggers import trigger_index
from graph.draft.values import ValueMention, read_values
from graph.ingest.seeds import SCRIPT_LANGUAGES, EntityRecord
from graph.vocab.vocabulary import Vocabulary


@dataclass(frozen=True)
class Draft:
    article: Article
    linked: tuple[Mention, ...]  # mentions of the graph's entities
    candidates: tuple[Candidate, ...]  # names it does not know
    values: tuple[ValueMention, ...]
    suggestions: tuple[Suggestion, ...]


def draft_article(article: Article, entities: Iterable[EntityRecord], vocabulary: Vocabulary) -> Draft:
    """Link, read and suggest over `article`, knowing the names of `entities`."""
    rules = load_rules()
    folded = Folded.of(article.text)
    known = list(entities)
    registry = Registry(known)
    linked = registry.link(folded)
    values = read_values(folded, article.published, article.language == "en", rules)
    triggers = trigger_index(vocabulary)
    trigger_spans = [folded.span(hit.start, hit.end) for hit in triggers.find(folded.text)]
    taken = [(m.start, m.end) for m in linked] + [(v.start, v.end) for v in values]
    candidates = [
        replace(c, alias_of=longer.id) if (longer := registry.begun_by(c.label)) else c
        for c in find_candidates(folded, taken, rules, trigger_spans, {e.id for e in known})
    ]
    new = [
        Mention(s, e, c.alias_of or c.id, registry.entities[c.alias_of].type if c.alias_of else c.type, known=False)
        for c in candidates
        for s, e in c.mentions
    ]
    named = sorted([*linked, *new], key=lambda m: m.start)
    referring = resolve_anaphora(folded, named, rules, vocabulary) + resolve_groups(folded, named, rules, vocabulary)
    mentions = sorted([*named, *referring], key=lambda m: m.start)
    language = SCRIPT_LANGUAGES[article.script]
    suggester = Suggester(vocabulary, triggers, rules)
    suggestions = suggest_claims(folded, list(sentences(article.text)), mentions, values, language, suggester)
    return Draft(article, tuple(linked), tuple(candidates), tuple(values), tuple(suggestions))
