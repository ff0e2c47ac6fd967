"""Which errors a client sees.

A `PublicError` carries a message written for clients (a bad argument, a page too large). Every
other exception raised while resolving is masked to "Unexpected error." by strawberry's MaskErrors,
so no stack trace, SPARQL text or store address reaches a client. Errors graphql-core reports
before execution (syntax, validation, the limits) have no path and keep their message and
locations: they describe the client's document, not the server.
"""

from __future__ import annotations

from graphql import GraphQLError


class PublicError(Exception):
    """An error whose message is meant for the client."""


def should_mask(error: GraphQLError) -> bool:
    if error.path is None:
        return False
    return not isinstance(error.original_error, PublicError)
