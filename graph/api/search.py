"""Entity search across labels, aliases and ids, in English and Chinese, ranked.

Simplified input finds Traditional labels and the reverse: the text is converted with OpenCC
into each script variant (Simplified; Traditional as in OpenCC's s2t, Taiwan and Hong Kong
standards) and a label matching any variant matches. Matching ignores case. Ranking compares
both sides in Simplified, lower-cased: an exact name beats a prefix, a prefix beats a substring,
a preferred name beats an alias, and a closer length beats a longer name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import strawberry
from opencc import OpenCC
from strawberry.types import Info

from graph.api.context import Context, Maybe
from graph.api.entities import ENTITIES, Entity
from graph.api.errors import PublicError
from graph.api.named_queries import strings
from graph.api.ontology import CLASS_BY_IRI, EntityClass, class_iris
from graph.api.pagination import Connection, connect
from graph.api.reader import Row

MAX_TEXT = 200
TRADITIONAL = ("s2t", "s2tw", "s2hk")
KIND_BONUS = {"pref": 0.1, "alt": 0.05, "id": 0.0}


@cache
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def variants(text: str) -> list[str]:
    """The text in every script variant, lower-cased, without repeats."""
    base = simplified(text)
    return list(dict.fromkeys(v.lower() for v in (text, base, *(_converter(c).convert(base) for c in TRADITIONAL))))


def score(label: str, kind: str, text: str) -> float:
    """How well a label answers the text; 0 when it does not contain it in any script. A label in
    the script the text was typed in wins a tie."""
    name, wanted = simplified(label).lower(), simplified(text).lower()
    if wanted not in name:
        return 0.0
    closeness = len(wanted) / len(name)
    place = 1.0 if name == wanted else 0.7 if name.startswith(wanted) else 0.4
    same_script = 0.01 if text.lower() in label.lower() else 0.0
    return round(place + KIND_BONUS.get(kind, 0.0) + 0.1 * closeness + same_script, 4)


@dataclass(frozen=True)
class Ranked:
    key: str
    score: float
    label: str
    language: str


def rank(rows: list[Row], text: str) -> list[Ranked]:
    """The best label of each entity, best entities first (ties by id)."""
    best: dict[str, Ranked] = {}
    for row in rows:
        found = Ranked(row["key"], score(row["label"], row["kind"], text), row["label"], row.get("lang", ""))
        if found.score > 0 and (row["key"] not in best or found.score > best[row["key"]].score):
            best[row["key"]] = found
    return sorted(best.values(), key=lambda r: (-r.score, r.key))


@strawberry.type(description="An entity found by search, with the label that matched.")
class SearchHit:
    score: float = strawberry.field(description="Higher is better: exact > prefix > substring; names > aliases.")
    matched: str = strawberry.field(description="The label, alias or id that matched, as written.")
    matched_language: str = strawberry.field(description="Its language tag ('' for ids and untagged aliases).")
    key: strawberry.Private[str]

    @strawberry.field(graphql_type=Entity | None)
    def entity(self, info: Info[Context, None]) -> Maybe[Entity | None]:
        return info.context.fetch(ENTITIES, self.key)


@strawberry.type
class SearchQuery:
    @strawberry.field(description="Entities whose names, aliases or ids contain the text, in English or Chinese "
                                  "(Simplified finds Traditional and the reverse), ignoring case, best first.")
    async def search(self, info: Info[Context, None], text: str,
                     type: list[EntityClass] | None = None,  # type: ignore[valid-type]
                     first: int | None = None, after: str | None = None) -> Connection[SearchHit]:
        text = text.strip()
        if not text or len(text) > MAX_TEXT:
            raise PublicError(f"text: give 1 to {MAX_TEXT} characters")
        allowed = set(class_iris([c.value for c in type] if type else ["Entity"]))
        rows = [row for row in await info.context.reader.rows("search", patterns=strings(variants(text)))
                if row["type"] in allowed and row["type"] in CLASS_BY_IRI]
        hits = [SearchHit(score=r.score, matched=r.label, matched_language=r.language, key=r.key)
                for r in rank(rows, text)]
        return await connect(hits, first, after, info.context.settings)
