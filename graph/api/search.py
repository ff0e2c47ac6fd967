"""Entity search across labels, aliases and ids, in English and Chinese, ranked.

Simplified input finds Traditional labels and the reverse, and mixed spellings too: each character
of the text matches any of its script variants (OpenCC's Simplified, Traditional, Taiwan and Hong
Kong forms, character by character and in context), so 宣布该 finds 宣布該 although OpenCC would
write 宣佈該. Matching ignores case, width (full-width letters), spaces and punctuation, so
"Soft Bank" finds SoftBank and "masayoshi son" the id masayoshi-son.

Ranking is by match quality: the whole name, then whole words of it (a run of words between
spaces, punctuation or a change between Chinese and other script), then its start, then anywhere
in it; at equal quality a preferred name beats an alias and an alias an id, then organisations
and people beat the rest (graph/vocab/actors.py: "Son" finds Masayoshi Son before the event named
after him), then a closer length, then a label in the script the text was typed in.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate

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
from graph.vocab.actors import ACTORS

MAX_TEXT = 200
CONVERSIONS = ("t2s", "s2t", "s2tw", "s2hk")
# Match quality, best last; the score's integer part.
SUBSTRING, PREFIX, WORDS, EXACT = range(4)
KIND_RANK = {"pref": 2, "alt": 1, "id": 0}
REGEX_SPECIAL = set(".\\?*+{}()[]|^$-")


@cache
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


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


SEPARATORS = re.compile(r"[\W_]+")  # spaces, punctuation, symbols: what matching skips
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()  # full-width forms made plain, case folded


def folded(text: str) -> str:
    """The text as matching sees it: full-width forms made plain (NFKC), case-folded, spaces,
    punctuation and symbols dropped."""
    return SEPARATORS.sub("", _normal(text))


def bounds(text: str) -> frozenset[int]:
    """The offsets in folded(text) where a word starts or ends: where something was dropped, or
    the script turns between Chinese and other characters. Only matched names need them, so the
    index does not hold them (folding alone costs about 5 microseconds a name)."""
    found = {0}
    offset = 0
    for part in SEPARATORS.split(_normal(text)):
        for run in HAN.finditer(part):
            found.update((offset + run.start(), offset + run.end()))
        offset += len(part)
        found.add(offset)
    return frozenset(found)


@dataclass(frozen=True)
class Name:
    """A label, alias or id of an entity, as the search index holds it, folded once."""

    key: str  # the entity's IRI
    label: str
    kind: str  # pref, alt or id
    language: str
    folded: str

    @classmethod
    def of(cls, key: str, label: str, kind: str, language: str = "") -> Name:
        return cls(key, label, kind, language, folded(label))


def quality(label: str, starts: Iterable[int], length: int) -> int:
    """The best match quality among the places (offsets in the folded label) the folded text of
    `length` characters was found."""
    words, size = bounds(label), len(folded(label))
    best = SUBSTRING
    for start in starts:
        end = start + length
        if start == 0 and end == size:
            return EXACT
        if start in words and end in words:
            best = WORDS
        elif start == 0:
            best = max(best, PREFIX)
    return best


def score(name: Name, wanted: str, starts: Sequence[int], *, actor: bool) -> float:
    """How well a name answers the folded text found at `starts` in it: match quality (the integer
    part), then the kind of name, whether the entity is an organisation or a person, closeness of
    length, and the script typed (each step outweighs all that follow)."""
    closeness = min(1.0, len(wanted) / len(name.folded))
    same_script = wanted in name.folded
    tier = quality(name.label, starts, len(wanted))
    return round(tier + 0.2 * KIND_RANK.get(name.kind, 0) + 0.1 * actor + 0.09 * closeness + 0.005 * same_script, 4)


@dataclass(frozen=True)
class SearchIndex:
    """Every name of every entity, and each entity's classes: what a search runs over. The folded
    names are also kept joined, one a line, so that a search is one regular expression scan."""

    names: tuple[Name, ...]
    classes: dict[str, frozenset[str]]  # entity IRI -> class IRIs
    actors: frozenset[str]  # the IRIs of the organisations and people
    joined: str
    starts: tuple[int, ...]  # where each name's line starts in `joined`


def index_of(names: Iterable[Name], classes: dict[str, frozenset[str]]) -> SearchIndex:
    kept = tuple(n for n in names if n.key in classes)
    starts = list(accumulate((len(n.folded) + 1 for n in kept), initial=0))[:-1]
    acting = frozenset(class_iris(list(ACTORS)))
    return SearchIndex(
        kept,
        classes,
        frozenset(key for key, found in classes.items() if found & acting),
        "".join(n.folded + "\n" for n in kept),
        tuple(starts),
    )


def read_index(store: Store) -> SearchIndex:
    """Two queries over the whole graph (0.2 s at a million quads), joined here."""
    classes: defaultdict[str, set[str]] = defaultdict(set)
    for row in select_text(store, render("search-types", classes=iris(CLASS_BY_IRI))):
        classes[row["key"]].add(row["type"])
    names = (
        Name.of(row["key"], row["label"], row["kind"], row.get("lang", ""))
        for row in select_text(store, render("search-names"))
    )
    return index_of(names, {key: frozenset(found) for key, found in classes.items()})


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


def rank(index: SearchIndex, text: str, classes: Iterable[str] = ()) -> list[Ranked]:
    """The entities (of these class IRIs, or all) a name of which contains the text, each with its
    best name, best entities first (ties by id)."""
    wanted = folded(text)
    if not wanted:
        return []
    found: defaultdict[int, list[int]] = defaultdict(list)  # name -> where the text starts in it
    for match in re.finditer(f"(?={pattern(wanted)})", index.joined):
        line = bisect_right(index.starts, match.start()) - 1
        found[line].append(match.start() - index.starts[line])
    allowed = frozenset(classes)
    best: dict[str, Ranked] = {}
    for line, starts in found.items():
        name = index.names[line]
        if allowed and not index.classes[name.key] & allowed:
            continue
        ranked = Ranked(
            name.key, score(name, wanted, starts, actor=name.key in index.actors), name.label, name.language
        )
        if name.key not in best or ranked.score > best[name.key].score:
            best[name.key] = ranked
    return sorted(best.values(), key=lambda r: (-r.score, r.key))


@strawberry.type(description="An entity found by search, with the label that matched.")
class SearchHit:
    score: float = strawberry.field(
        description="Higher is better. The integer part is the match: 3 the whole name, 2 whole words of it, "
        "1 its start, 0 elsewhere in it; then names > aliases > ids, organisations and people first."
    )
    matched: str = strawberry.field(description="The label, alias or id that matched, as written.")
    matched_language: str = strawberry.field(description="Its language tag ('' for ids and untagged aliases).")
    key: strawberry.Private[str]
    entity = reference(ENTITIES, "key", Entity | None)


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Entities whose names, aliases or ids contain the text, in English or Chinese "
        "(Simplified finds Traditional and the reverse), ignoring case, width, spaces and punctuation, "
        "best first."
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
        if not folded(text):
            raise PublicError("text: give a letter, digit or character to find (spaces and punctuation are ignored)")
        classes = sorted(c.value for c in type) if type else ["Entity"]
        index = await run_in_threadpool(search_index, info.context.snapshot)
        hits = info.context.reader.derived(("search", text, *classes), lambda: _hits(index, text, classes))
        return await connect(hits, first, after, info.context.settings)


def _hits(index: SearchIndex, text: str, classes: list[str]) -> list[SearchHit]:
    return [
        SearchHit(score=r.score, matched=r.label, matched_language=r.language, key=r.key)
        for r in rank(index, text, class_iris(classes))
    ]
