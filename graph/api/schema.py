"""The GraphQL schema: the root Query assembled from per-topic classes, and its hardening.

Each topic module contributes one small Query class; TOPICS lists them. Analytics (rankings,
conflict findings, paths) is one more topic class; the per-entity figures (centrality,
community) are fields of the Entity interface (graph/api/figures.py). Every root field and every
entity field that reads the graph takes `asOf` (graph/api/as_of.py).

Hardening: a token limit while parsing; while validating, strawberry's depth and alias limits (the
alias count follows fragment spreads, fixed in strawberry 0.315.7), the answer's size
(graph/api/query_size.py) and graphql-core's introspection depth; while executing, a budget of
time, fields and event-loop share (graph/api/budget.py); optional introspection (off, error
messages lose graphql-core's "Did you mean 'entity'?" suggestions, which would spell out the
schema piece by piece), and masked errors. Parsed and validated documents are kept per query
text, bounded in bytes, which saves most of the cost of a small query.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import strawberry
from graphql import GraphQLError
from graphql.validation import ASTValidationRule
from graphql.validation.rules.max_introspection_depth_rule import MaxIntrospectionDepthRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from graph.api.analytics import AnalyticsQuery
from graph.api.as_of import Views, add_as_of
from graph.api.budget import Budgeted
from graph.api.claims import ClaimQuery
from graph.api.contradictions import ContradictionQuery
from graph.api.disputes import DisputeQuery
from graph.api.documents import DocumentQuery
from graph.api.entities import Entity, EntityQuery, complete_entity_types
from graph.api.errors import should_mask
from graph.api.facts import FactQuery
from graph.api.fundings import FundingQuery
from graph.api.ontology import VocabularyQuery
from graph.api.parsing import DOCUMENT_CACHE_BYTES, Documents
from graph.api.query_size import Pages, size_limit
from graph.api.reader import ResultCache
from graph.api.responsibilities import ResponsibilityQuery
from graph.api.search import SearchQuery
from graph.api.sites import SiteQuery
from graph.api.timeline import TimelineQuery
from graph.http.settings import Settings

log = logging.getLogger("stargate_kg.api")

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
    FactQuery,
    TimelineQuery,
    VocabularyQuery,
    AnalyticsQuery,
)
add_as_of([*TOPICS, Entity, *complete_entity_types()])
Query = merge_types("Query", TOPICS)
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


def list_bounds(settings: Settings) -> dict[tuple[str, str], int]:
    """The plain lists whose length a setting bounds: (type, field) -> most items."""
    return {("EntityPath", "steps"): settings.max_path_length, ("EntityPath", "entities"): settings.max_path_length + 1}


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """The limiters' rules, built once per schema (and so once per validated document)."""
    limiters = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    pages = Pages(
        default=settings.default_page_size,
        largest=settings.max_page_size,
        cap=settings.max_selected_fields + 1,
        list_size=settings.graphql_list_size,
        bounds=list_bounds(settings),
    )
    rules = [size_limit(settings.max_selected_fields, pages, limiters)]  # they walk fragments exponentially
    rules.append(MaxIntrospectionDepthRule)
    if not settings.introspection:
        rules += DisableIntrospection().validation_rules
    return rules


def extensions(settings: Settings) -> list[type[SchemaExtension] | object]:
    """Factories, so every request gets its own extension instances."""
    rules = validation_rules(settings)
    documents = ResultCache(DOCUMENT_CACHE_BYTES)
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules(rules),
        lambda: Documents(documents, settings.max_query_chars),
        lambda: MaskErrors(should_mask_error=should_mask),
        Budgeted,
        Views,
        *([] if settings.introspection else [HideSuggestions]),
    ]


class Schema(strawberry.Schema):
    """strawberry's schema, logging a client's mistake (a syntax or validation error, a bad
    argument, a page too large: what `should_mask` lets through) as one INFO line, and only the
    server's own faults at ERROR with their traceback, which strawberry logs for every error."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        faults = [error for error in errors if should_mask(error)]
        for error in errors:
            if not should_mask(error):
                log.info("client error: %s", " ".join(error.message.split()))
        super().process_errors(faults, execution_context)


@lru_cache(maxsize=8)
def build_schema(settings: Settings) -> strawberry.Schema:
    return Schema(query=Query, types=complete_entity_types(), extensions=extensions(settings))  # type: ignore[arg-type]


def sdl() -> str:
    """The schema in SDL, as exported to graph/api/schema.graphql."""
    return build_schema(Settings()).as_str() + "\n"
