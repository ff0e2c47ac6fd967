"""Entity mentions: every label and alias of the graph's entities, found in the article.

Names are folded (graph/draft/fold.py), so a Traditional, full-width or differently cased spelling
links as the curated one does. A preferred name (label, zh_hans, zh_hant) wins over an alias where
two entities share a spelling; one-character names are left out (too ambiguous to link).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.draft.fold import Folded, fold
from graph.draft.matching import PhraseIndex, is_word_char
from graph.ingest.seeds import EntityRecord


@dataclass(frozen=True)
class Mention:
    start: int  # the article's offsets, end exclusive
    end: int
    entity: str  # an entity id, or a candidate's id (graph/draft/candidates.py)
    type: str  # its ontology class
    known: bool = True  # False for a candidate new entity


def entity_names(entity: EntityRecord) -> list[tuple[str, bool]]:
    """Each of an entity's spellings, with whether it is a preferred name."""
    preferred = [entity.label, entity.zh_hans, entity.zh_hant]
    return [(name, True) for name in preferred if name] + [(alias, False) for alias in entity.aliases]


class Registry:
    """The names of the graph's entities, folded, each naming one entity."""

    def __init__(self, entities: Iterable[EntityRecord]) -> None:
        chosen: dict[str, tuple[bool, EntityRecord]] = {}
        for entity in entities:
            for name, preferred in entity_names(entity):
                key = fold(name).strip()
                if len(key) > 1 and (key not in chosen or (preferred and not chosen[key][0])):
                    chosen[key] = (preferred, entity)
        self.entities = {entity.id: entity for _, entity in chosen.values()}
        self.index = PhraseIndex((key, entity) for key, (_, entity) in chosen.items())

    def begun_by(self, name: str) -> EntityRecord | None:
        """The one entity a name of which begins with `name` as a whole word (SoftBank: SoftBank
        Group; 软银: 软银集团), or None when none or several do."""
        key = fold(name).strip()
        if len(key) < 2:
            return None
        latin = key[-1].isascii()
        found = {
            entity.id: entity
            for folded, entity in self.index.phrases()
            if folded.startswith(key) and folded != key and (not latin or not is_word_char(folded[len(key)]))
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def link(self, folded: Folded) -> list[Mention]:
        """Every mention of a known entity, longest name first, none overlapping."""
        mentions = []
        for hit in self.index.find(folded.text):
            start, end = folded.span(hit.start, hit.end)
            mentions.append(Mention(start, end, hit.payload.id, hit.payload.type))
        return mentions
