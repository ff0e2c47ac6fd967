"""Fields that resolve a private IRI attribute of their type to the object it names, through a
batch: `funder = reference(ENTITIES, "funder_iri", Entity | None)`.

Most of the API's links are such fields; declaring them here once means a type states what it
links to, and every link is fetched the same way: synchronously when the request's cache holds
the object (Context.fetch), else through the batch's DataLoader.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import strawberry
from strawberry.types import Info

from graph.api.context import Context, Maybe, present, then
from graph.api.reader import Batch


def reference(batch: Batch[Any], attribute: str, graphql_type: Any, description: str | None = None) -> Any:
    """A field resolving to what the IRI at `attribute` (a dotted path, e.g. "claim.subject_iri")
    names; null when the IRI is absent."""
    iri_of = attrgetter(attribute)

    def resolve(root: Any, info: Info[Context, None]) -> Maybe[Any]:
        iri = iri_of(root)
        return info.context.fetch(batch, iri) if iri else None

    return strawberry.field(resolver=resolve, graphql_type=graphql_type, description=description)


def references(batch: Batch[Any], attribute: str, graphql_type: Any, description: str | None = None) -> Any:
    """A list field resolving to what the IRIs at `attribute` name, in their order, leaving out
    those that name nothing."""
    iris_of = attrgetter(attribute)

    def resolve(root: Any, info: Info[Context, None]) -> Maybe[list[Any]]:
        return then(info.context.fetch_many(batch, iris_of(root)), present)

    return strawberry.field(resolver=resolve, graphql_type=graphql_type, description=description)
