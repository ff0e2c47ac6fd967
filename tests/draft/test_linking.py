"""Linking: every name of every entity, whatever the script, width and case it is written in."""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

import pytest
from opencc import OpenCC

from graph.draft.fold import Folded, fold
from graph.draft.linking import Registry, entity_names
from graph.ingest.seeds import Corpus

S2T = OpenCC("s2t")


@pytest.fixture(scope="module")
def registry(corpus: Corpus) -> Registry:
    return Registry(corpus.entities.values())


def linked(registry: Registry, text: str) -> list[tuple[str, str]]:
    return [(m.entity, text[m.start : m.end]) for m in registry.link(Folded.of(text))]


def _unique_names(corpus: Corpus) -> dict[str, str]:
    """Each name (longer than one character) that exactly one entity has, and that entity."""
    owners: dict[str, set[str]] = {}
    for entity in corpus.entities.values():
        for name, _ in entity_names(entity):
            owners.setdefault(fold(name), set()).add(entity.id)
    return {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1 and len(name) > 1}


def test_every_unique_name_links_to_its_entity(corpus: Corpus, registry: Registry) -> None:
    unique = _unique_names(corpus)
    for entity in corpus.entities.values():
        for name, _ in entity_names(entity):
            if unique.get(fold(name)) == entity.id:
                text = f"据报道，{name}。"
                found = linked(registry, text)
                assert (entity.id, name) in found or any(entity.id == e and name in t for e, t in found), name


def test_traditional_script_links_as_simplified(corpus: Corpus, registry: Registry) -> None:
    unique = _unique_names(corpus)
    checked = 0
    for entity in corpus.entities.values():
        name = entity.zh_hans
        if name and unique.get(fold(name)) == entity.id and S2T.convert(name) != name:
            traditional = str(S2T.convert(name))
            assert linked(registry, f"{traditional}表示") == [(entity.id, traditional)]
            checked += 1
    assert checked >= 5


def test_width_and_case_do_not_matter(corpus: Corpus, registry: Registry) -> None:
    unique = _unique_names(corpus)
    latin = [e for e in corpus.entities.values() if e.label.isascii() and unique.get(fold(e.label)) == e.id]
    assert len(latin) >= 5
    for entity in latin:
        wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in entity.label.upper())
        assert linked(registry, f"据{wide}称") == [(entity.id, wide)]


def test_a_latin_name_never_links_inside_a_longer_word(corpus: Corpus, registry: Registry) -> None:
    entity = next(e for e in corpus.entities.values() if e.label.isascii() and e.label.isalpha())
    assert linked(registry, f"x{entity.label}y {entity.label}s") == []
