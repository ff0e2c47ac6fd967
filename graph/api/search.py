"""Entity search across labels, aliases and ids, in English and Chinese, ranked.

Simplified input finds Traditional labels and the reverse, and mixed spellings too: each character
of the text matches any of its script variants (OpenCC's Simplified, Traditional, Taiwan and Hong
Kong forms, character by character and in context), so 宣布该 finds 宣布該 although OpenCC would
write 宣佈該. Matching ignores case. Ranking compares both sides in Simplified, lower-cased: an
exact name beats a prefix, a prefix beats a substring, a preferred name beats an alias, a closer
length beats a longer name, and a label in the script the text was typed in wins a tie.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import strawberry
from opencc import OpenCC
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from graph.api.context import Context
from graph.api.entities import ENTITIES, Entity
from graph.api.errors import PublicError
from graph.api.named_queries import iris, render
from graph.api.ontology import CLASS_BY_IRI, EntityClass, class_iris
from graph.api.pagination import Connection, connect
from graph.api.reader import select_text
from graph.api.references import reference
from graph.store.backends import Store
from graph.store.snapshot import Snapshot

MAX_TEXT = 200
CONVERSIONS = ("t2s", "s2t", "s2tw", "s2hk")
KIND_BONUS = {"pref": 0.1, "alt": 0.05, "id": 0.0}
REGEX_SPECIAL = set(".\\?*+{}()[]|^$-")


@cache
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def _escaped(char: str) -> str:
    return "\\" + char if char in REGEX_SPECIAL else char


@lru_cache(maxsize=1024)
def pattern(text: str) -> str:
    """A regular expression matching the text in any script (the same in Python and XPath)."""
    whole = [str(_converter(c).convert(text)) for c in CONVERSIONS]
    pieces = []
    for position, char in enumerate(text):
        forms = {char} | {str(_converter(c).convert(char)) for c in CONVERSIONS}
        forms |= {variant[position] for variant in whole if len(variant) == len(text)}
        forms = {form for form in forms if len(form) == 1}
        pieces.append(_escaped(char) if len(forms) == 1 else "[" + "".join(sorted(_escaped(f) for f in forms)) + "]")
    return "".join(pieces)


def score(label: str, kind: str, text: str) -> float:
    """How well a label the index matched answers the text. Labels whose Simplified form does not
    contain the text's (a variant OpenCC does not produce) count as a substring match."""
    name, wanted = simplified(label).lower(), simplified(text).lower()
    closeness = min(1.0, len(wanted) / len(name)) if name else 0.0
    place = 1.0 if name == wanted else 0.7 if name.startswith(wanted) else 0.4
    same_script = 0.01 if text.lower() in label.lower() else 0.0
    return round(place + KIND_BONUS.get(kind, 0.0) + 0.1 * closeness + same_script, 4)


@dataclass(frozen=True)
class Name:
    """A label, alias or id of an entity, as the search index holds it."""

    key: str  # the entity's IRI
    label: str
    kind: str  # pref, alt or id
    language: str = ""


@dataclass(frozen=True)
class SearchIndex:
    """Every name of every entity, and each entity's classes: what a search runs over."""

    names: tuple[Name, ...]
    classes: dict[str, frozenset[str]]  # entity IRI -> class IRIs


def read_index(store: Store) -> SearchIndex:
    """Two queries over the whole graph (0.2 s at a million quads), joined here."""
    classes: defaultdict[str, set[str]] = defaultdict(set)
    for row in select_text(store, render("search-types", classes=iris(CLASS_BY_IRI))):
        classes[row["key"]].add(row["type"])
    names = tuple(
        Name(row["key"], row["label"], row["kind"], row.get("lang", ""))
        for row in select_text(store, render("search-names"))
        if row["key"] in classes
    )
    return SearchIndex(names, {key: frozenset(found) for key, found in classes.items()})


def search_index(snapshot: Snapshot) -> SearchIndex:
    """The snapshot's index, read once whatever the cache settings. graph/server/app.py prepares every
    graph with it before serving, so no search waits for it; a failed read is retried by the
    next search."""
    return snapshot.memo("graph.api.search-index", lambda: read_index(snapshot.store))


@dataclass(frozen=True)
class Ranked:
    key: str
    score: float
    label: str
    language: str


def rank(names: list[Name], text: str) -> list[Ranked]:
    """The best label of each entity, best entities first (ties by id)."""
    best: dict[str, Ranked] = {}
    for name in names:
        found = Ranked(name.key, score(name.label, name.kind, text), name.label, name.language)
        if name.key not in best or found.score > best[name.key].score:
            best[name.key] = found
    return sorted(best.values(), key=lambda r: (-r.score, r.key))


@strawberry.type(description="An entity found by search, with the label that matched.")
class SearchHit:
    score: float = strawberry.field(description="Higher is better: exact > prefix > substring; names > aliases.")
    matched: str = strawberry.field(description="The label, alias or id that matched, as written.")
    matched_language: str = strawberry.field(description="Its language tag ('' for ids and untagged aliases).")
    key: strawberry.Private[str]
    entity = reference(ENTITIES, "key", Entity | None)


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Entities whose names, aliases or ids contain the text, in English or Chinese "
        "(Simplified finds Traditional and the reverse), ignoring case, best first."
    )
    async def search(
        self,
        info: Info[Context, None],
        text: str,
        type: list[EntityClass] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SearchHit]:
        text = text.strip()
        if not text or len(text) > MAX_TEXT:
            raise PublicError(f"text: give 1 to {MAX_TEXT} characters")
        classes = sorted(c.value for c in type) if type else ["Entity"]
        index = await run_in_threadpool(search_index, info.context.snapshot)
        hits = info.context.reader.derived(("search", text, *classes), lambda: _hits(index, text, classes))
        return await connect(hits, first, after, info.context.settings)


def matching(names: Iterable[Name], text: str) -> list[Name]:
    """The names the text's any-script pattern finds, ignoring case (one pass over the index)."""
    found = re.compile(pattern(text), re.IGNORECASE).search
    return [name for name in names if found(name.label)]


def _hits(index: SearchIndex, text: str, classes: list[str]) -> list[SearchHit]:
    allowed = frozenset(class_iris(classes))
    return [
        SearchHit(score=r.score, matched=r.label, matched_language=r.language, key=r.key)
        for r in rank([n for n in matching(index.names, text) if index.classes[n.key] & allowed], text)
    ]
