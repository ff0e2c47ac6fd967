"""The GraphQL schema: the root Query assembled from per-topic classes, and its hardening.

Each topic module contributes one small Query class; TOPICS lists them. Analytics (rankings,
conflict findings, paths) is one more topic class; the per-entity figures (centrality,
community) are fields of the Entity interface (graph/api/figures.py).

Hardening, all from strawberry's extensions: a token limit while parsing, depth and alias limits
while validating (the alias count follows fragment spreads, fixed in strawberry 0.315.7), optional
introspection (off, error messages lose graphql-core's "Did you mean 'entity'?" suggestions,
which would spell out the schema piece by piece), and masked errors. ParserCache and ValidationCache skip re-parsing and
re-validating a query text already seen, which is most of the cost of a small query.
"""

from __future__ import annotations

from functools import lru_cache

import strawberry
from graphql import GraphQLError
from graphql.validation import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types

from graph.api.analytics import AnalyticsQuery
from graph.api.claims import ClaimQuery
from graph.api.contradictions import ContradictionQuery
from graph.api.disputes import DisputeQuery
from graph.api.documents import DocumentQuery
from graph.api.entities import EntityQuery, complete_entity_types
from graph.api.errors import should_mask
from graph.api.fundings import FundingQuery
from graph.api.ontology import VocabularyQuery
from graph.api.query_size import Pages, size_limit
from graph.api.responsibilities import ResponsibilityQuery
from graph.api.search import SearchQuery
from graph.api.sites import SiteQuery
from graph.api.timeline import TimelineQuery
from graph.http.settings import Settings

TOPICS: tuple[type, ...] = (
    EntityQuery,
    SearchQuery,
    SiteQuery,
    DocumentQuery,
    ClaimQuery,
    FundingQuery,
    ResponsibilityQuery,
    DisputeQuery,
    ContradictionQuery,
    TimelineQuery,
    VocabularyQuery,
    AnalyticsQuery,
)
Query = merge_types("Query", TOPICS)
CACHED_DOCUMENTS = 256
SUGGESTION = " Did you mean "  # how graphql.pyutils.did_you_mean starts one


class HideSuggestions(MaskErrors):
    """Cut the suggestion off every error message that has one (validation, variable coercion)."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: SUGGESTION in error.message)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return GraphQLError(
            error.message.split(SUGGESTION, 1)[0],
            error.nodes,
            error.source,
            error.positions,
            error.path,
            error.original_error,
            error.extensions,
        )


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """The limiters' rules, built once per schema: ValidationCache keys on the rule classes, so
    rules rebuilt for every request would never hit the cache."""
    limiters = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    pages = Pages(
        default=settings.default_page_size, largest=settings.max_page_size, cap=settings.max_selected_fields + 1
    )
    rules = [size_limit(settings.max_selected_fields, pages, limiters)]  # they walk fragments exponentially
    if not settings.introspection:
        rules += DisableIntrospection().validation_rules
    return rules


def extensions(settings: Settings) -> list[type[SchemaExtension] | object]:
    """Factories, so every request gets its own extension instances."""
    rules = validation_rules(settings)
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules(rules),
        lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
        lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
        lambda: MaskErrors(should_mask_error=should_mask),
        *([] if settings.introspection else [HideSuggestions]),
    ]


@lru_cache(maxsize=8)
def build_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(query=Query, types=complete_entity_types(), extensions=extensions(settings))  # type: ignore[arg-type]


def sdl() -> str:
    """The schema in SDL, as exported to graph/api/schema.graphql."""
    return build_schema(Settings()).as_str() + "\n"
