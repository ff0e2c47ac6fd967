"""Parse and validate GraphQL documents off the event loop, once per query text.

A document longer than `max_query_chars` is refused before it is parsed: graphql-core reads a
string literal character by character, 0.4 s for one of 900 kB (one token: `max_tokens` let it
through), in a thread that then held the interpreter from the event loop's thread.

Both are pure CPU on the document: graphql-core takes 40 to 100 ms to validate a 7 KB document of
about 2,000 tokens (the most `max_tokens` allows), which on the event loop held every other
request as long; they run in a worker thread. Parsing and validating are also most of the cost
of a small query, so a document and its validation errors are kept per query text, in a cache
bounded in bytes: strawberry's ParserCache and ValidationCache are bounded in entries only, and
256 query texts of a 1 MB string literal each (one token; the body limit allows it) would have
kept gigabytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio.to_thread
from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from graph.api.reader import MISSING, ResultCache, size_of

DOCUMENT_CACHE_BYTES = 16_000_000  # per schema: a typical document weighs 20 to 100 kB parsed


def _checked(
    schema: GraphQLSchema, query: str, options: dict[str, Any], rules: tuple[type[ASTValidationRule], ...]
) -> tuple[DocumentNode, list[GraphQLError], int]:
    """The document, its validation errors, and what both weigh with the text."""
    document = parse(query, **options)
    errors = validate_document(schema, document, rules)
    return document, errors, size_of((query, document, errors))


class Documents(SchemaExtension):
    """Sets the execution context's document and validation errors, from the cache or made and
    kept (strawberry then skips its own parse and validation; a syntax error is raised as its
    own parse raises it)."""

    def __init__(self, cache: ResultCache, max_chars: int) -> None:
        self.cache, self.max_chars = cache, max_chars
        self.errors: list[GraphQLError] | None = None

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        if context.query and len(context.query) > self.max_chars:
            raise GraphQLError(
                f"the document is longer than {self.max_chars} characters: pass long values as variables"
            )
        if context.graphql_document is None and context.query:
            options: dict[str, Any] = dict(context.parse_options)
            key = (context.query, tuple(sorted(options.items())))
            entry = self.cache.get(key)
            if entry is MISSING:
                rules = tuple(context.validation_rules)
                document, errors, weight = await anyio.to_thread.run_sync(
                    _checked, context.schema._schema, context.query, options, rules
                )
                entry = (document, errors)
                self.cache.put(key, entry, weight)
            context.graphql_document, self.errors = entry
        yield

    def on_validate(self) -> Iterator[None]:
        if self.errors is not None:
            self.execution_context.pre_execution_errors = list(self.errors)
        yield
