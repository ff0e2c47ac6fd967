"""The drafting rules' words (rules.yaml beside this module), read once and folded for matching."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import yaml

from graph.draft.fold import fold
from graph.files.resources import package_file

RULES_PATH = package_file("graph.draft", "rules.yaml")


def _folded(mapping: dict[str, Any]) -> dict[str, Any]:
    return {fold(str(key)): value for key, value in mapping.items()}


def _words(items: list[Any]) -> tuple[str, ...]:
    return tuple(fold(str(item)) for item in items)


@dataclass(frozen=True)
class Inflections:
    """The regular inflections of an English trigger word (rules.yaml inflections)."""

    add: tuple[str, ...]
    drop_e: tuple[str, ...]
    y_to_i: tuple[str, ...]
    double: tuple[str, ...]


@dataclass(frozen=True)
class Passive:
    """An English passive (rules.yaml passive): an auxiliary before the trigger, an agent marker after."""

    auxiliaries: tuple[str, ...]
    agent_markers: tuple[str, ...]
    gap: int  # at most this many characters between the trigger and the agent marker


@dataclass(frozen=True)
class EventPresence:
    """Who is at an event takes part in it (rules.yaml event_presence)."""

    event_class: str
    relation: str
    parties: tuple[str, ...]  # the classes of who takes part
    slack: int


@dataclass(frozen=True)
class Rules:
    max_bytes: int
    digits: dict[str, int]
    places: dict[str, int]
    several: dict[str, tuple[int, int]]
    multipliers: dict[str, Decimal]
    currency_after: dict[str, str]
    currency_before: dict[str, str]
    units: dict[str, tuple[str, Decimal]]
    units_before: dict[str, tuple[str, Decimal]]
    english_count_unit: str
    bounds_before: dict[str, str]
    bound_verbs: tuple[str, ...]
    several_idiom: dict[str, str]  # before, after, unit
    bounds_inside: dict[str, str]
    bounds_after: dict[str, str]
    range_separators: tuple[str, ...]
    months: dict[str, int]
    weekday_prefixes: tuple[str, ...]
    weekdays: dict[str, int]
    weeks: dict[str, int]
    days: dict[str, int]
    years: dict[str, int]
    metadata_lines: int
    dateline_chars: int
    title_keys: tuple[str, ...]
    date_keys: tuple[str, ...]
    outlet_keys: tuple[str, ...]
    copyright_marks: tuple[str, ...]
    chinese_share: float
    english_share: float
    english_words: frozenset[str]
    html_tags: int
    html_markers: tuple[str, ...]
    name_tags: dict[str, str]
    rare_name_frequency: int
    new_word_repeats: int
    new_word_chars: int
    candidate_confidence: dict[str, float]
    name_endings: dict[str, str]
    transliteration_chars: frozenset[str]
    surnames: frozenset[str]
    latin_name_type: str
    latin_person_words: int
    not_names: frozenset[str]
    conjunctions: tuple[str, ...]
    descriptor_chars: int
    object_markers: tuple[str, ...]
    location_markers: tuple[str, ...]
    copulas: tuple[str, ...]
    bare_triggers: frozenset[str]
    agent_markers: tuple[str, ...]
    passive: Passive
    insertion_starts: frozenset[str]
    list_markers: tuple[str, ...]
    title_words: frozenset[str]
    title_gap: int
    title_holders: dict[str, str]
    place_modifier: dict[str, str]
    event_presence: EventPresence
    inverses: dict[str, str]
    inflections: Inflections
    relation_units: dict[str, frozenset[str]]
    negation_window: int
    negations: tuple[str, ...]
    modality_words: dict[str, str]
    confidence: dict[str, float]
    anaphora: dict[str, tuple[str, ...]]
    group_words: dict[str, tuple[int, bool]]  # a word referring to a group: its size (0: any), whether a head follows
    group_heads: tuple[str, ...]
    group_classes: tuple[str, ...]
    group_gap: int
    subject_lookback: int
    clause_ends: tuple[str, ...]
    text_value_max: int


@cache
def load_rules() -> Rules:
    raw = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))

    def units(key: str) -> dict[str, tuple[str, Decimal]]:
        return {word: (str(unit), Decimal(str(factor))) for word, (unit, factor) in _folded(raw[key]).items()}

    return Rules(
        max_bytes=int(raw["max_bytes"]),
        digits=_folded(raw["digits"]),
        places=_folded(raw["places"]),
        several={word: (low, high) for word, (low, high) in _folded(raw["several"]).items()},
        multipliers={word: Decimal(str(factor)) for word, factor in _folded(raw["multipliers"]).items()},
        currency_after=_folded(raw["currency_after"]),
        currency_before=_folded(raw["currency_before"]),
        units=units("units"),
        units_before=units("units_before"),
        english_count_unit=str(raw["english_count_unit"]),
        bounds_before=_folded(raw["bounds_before"]),
        bound_verbs=_words(raw["bound_verbs"]),
        several_idiom={key: fold(str(word)) for key, word in raw["several_idiom"].items()},
        bounds_inside=_folded(raw["bounds_inside"]),
        bounds_after=_folded(raw["bounds_after"]),
        range_separators=_words(raw["range_separators"]),
        months=_folded(raw["months"]),
        weekday_prefixes=_words(raw["weekday_prefixes"]),
        weekdays=_folded(raw["weekdays"]),
        weeks=_folded(raw["weeks"]),
        days=_folded(raw["days"]),
        years=_folded(raw["years"]),
        metadata_lines=int(raw["metadata_lines"]),
        dateline_chars=int(raw["dateline_chars"]),
        title_keys=_words(raw["title_keys"]),
        date_keys=_words(raw["date_keys"]),
        outlet_keys=_words(raw["outlet_keys"]),
        copyright_marks=_words(raw["copyright_marks"]),
        chinese_share=float(raw["chinese_share"]),
        english_share=float(raw["english_share"]),
        english_words=frozenset(_words(raw["english_words"])),
        html_tags=int(raw["html_tags"]),
        html_markers=_words(raw["html_markers"]),
        name_tags={str(tag): str(cls) for tag, cls in raw["name_tags"].items()},
        rare_name_frequency=int(raw["rare_name_frequency"]),
        new_word_repeats=int(raw["new_word_repeats"]),
        new_word_chars=int(raw["new_word_chars"]),
        candidate_confidence={key: float(value) for key, value in raw["candidate_confidence"].items()},
        name_endings=_folded(raw["name_endings"]),
        transliteration_chars=frozenset(fold(raw["transliteration_chars"])),
        surnames=frozenset(fold(raw["surnames"])),
        latin_name_type=str(raw["latin_name_type"]),
        latin_person_words=int(raw["latin_person_words"]),
        not_names=frozenset(_words(raw["not_names"])),
        conjunctions=_words(raw["conjunctions"]),
        descriptor_chars=int(raw["descriptor_chars"]),
        object_markers=_words(raw["object_markers"]),
        location_markers=_words(raw["location_markers"]),
        copulas=_words(raw["copulas"]),
        bare_triggers=frozenset(_words(raw["bare_triggers"])),
        agent_markers=_words(raw["agent_markers"]),
        insertion_starts=frozenset(_words(raw["insertion_starts"])),
        passive=Passive(
            _words(raw["passive"]["auxiliaries"]), _words(raw["passive"]["agent_markers"]), int(raw["passive"]["gap"])
        ),
        list_markers=_words(raw["list_markers"]),
        title_words=frozenset(_words(raw["title_words"])),
        title_gap=int(raw["title_gap"]),
        title_holders={word: str(cls) for word, cls in _folded(raw["title_holders"]).items()},
        place_modifier={str(k): str(v) for k, v in raw["place_modifier"].items()},
        inverses={str(a): str(b) for a, b in raw["inverses"].items()},
        inflections=Inflections(*(_words(raw["inflections"][key]) for key in ("add", "drop_e", "y_to_i", "double"))),
        event_presence=EventPresence(
            str(raw["event_presence"]["class"]),
            str(raw["event_presence"]["relation"]),
            tuple(map(str, raw["event_presence"]["parties"])),
            int(raw["event_presence"]["slack"]),
        ),
        relation_units={str(k): frozenset(map(str, v)) for k, v in raw["relation_units"].items()},
        negation_window=int(raw["negation_window"]),
        negations=_words(raw["negations"]),
        modality_words=_folded(raw["modality_words"]),
        confidence={key: float(value) for key, value in raw["confidence"].items()},
        anaphora={word: tuple(classes) for word, classes in _folded(raw["anaphora"]).items()},
        group_words={
            **{word: (int(size), True) for word, size in _folded(raw["group_anaphora"]["determiners"]).items()},
            **{word: (int(size), False) for word, size in _folded(raw["group_anaphora"]["words"]).items()},
        },
        group_heads=_words(raw["group_anaphora"]["heads"]),
        group_classes=tuple(map(str, raw["group_anaphora"]["classes"])),
        group_gap=int(raw["group_anaphora"]["gap"]),
        subject_lookback=int(raw["subject_lookback"]),
        clause_ends=_words(raw["clause_ends"]),
        text_value_max=int(raw["text_value_max"]),
    )
