"""`asOf: Date` on every root field and on every entity field that reads the graph: that field and
everything under it answer from the graph as known on that date (graph/ingest/as_of.py).

A field given `asOf` switches its part of the answer to the view's own context (its store, result
cache and DataLoaders) and registers it under the field's response path; `Views`, a resolve hook
on every field, hands each nested field the context of the nearest registered path above it. So
two root fields of one request can ask for two dates, which is how a before-and-after is asked in
one query, and a request that names no date costs one attribute test per field. Views are built
off the event loop on first use and kept per snapshot (graph/store/snapshot.py).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.annotation import StrawberryAnnotation
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.types import Info
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.base import has_object_definition
from strawberry.types.field import StrawberryField

from graph.api.context import Context

ARGUMENT = "as_of"
DESCRIPTION = (
    "Answer this field, and all under it, from the graph as known on this date: the documents published by "
    "then (undated ones in no dated view), and what they alone give."
)


class AsOf(FieldExtension):
    """Adds the `asOf` argument to a field and answers the field from that date's graph. The
    resolve methods take their first arguments by position: a field may have an argument named
    `source` (paths does)."""

    def apply(self, field: StrawberryField) -> None:
        if all(argument.python_name != ARGUMENT for argument in field.arguments):
            annotation = StrawberryAnnotation(dt.date | None)
            argument = StrawberryArgument(ARGUMENT, "asOf", annotation, description=DESCRIPTION, default=None)
            field.arguments = [*field.arguments, argument]

    def resolve(  # type: ignore[override]  # positional-only: see the class docstring
        self, next_: Callable[..., Any], source: Any, info: Info[Context, Any], /, **kwargs: Any
    ) -> Any:
        day = kwargs.pop(ARGUMENT, None)
        if day is None:
            return next_(source, info, **kwargs)
        return self._in_view(next_, source, info, day, kwargs)

    async def resolve_async(  # type: ignore[override]
        self, next_: Callable[..., Any], source: Any, info: Info[Context, Any], /, **kwargs: Any
    ) -> Any:
        day = kwargs.pop(ARGUMENT, None)
        result = next_(source, info, **kwargs) if day is None else self._in_view(next_, source, info, day, kwargs)
        return await result if inspect.isawaitable(result) else result

    @staticmethod
    async def _in_view(
        next_: Callable[..., Any], source: Any, info: Info[Context, Any], day: dt.date, kwargs: dict[str, Any]
    ) -> Any:
        raw = info._raw_info
        view = await info.context.as_of(day)
        view.request_context.enter(raw.path, view)
        result = next_(source, type(info)(_raw_info=raw._replace(context=view), _field=info._field), **kwargs)
        return await result if inspect.isawaitable(result) else result


class Views(SchemaExtension):
    """Gives each field under an `asOf` field the context of that date's graph."""

    def resolve(
        self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], *args: Any, **kwargs: Any
    ) -> Any:
        context: Context = info.context
        if context.views:
            view = context.at(info.path)
            if view is not context:
                info = info._replace(context=view)
        return _next(root, info, *args, **kwargs)


def reads_the_graph(field: StrawberryField) -> bool:
    """A field whose resolver takes `info`: one that reads the store (not a name or an attribute)."""
    resolver = field.base_resolver
    return resolver is not None and "info" in resolver.signature.parameters


def add_as_of(types: Iterable[type]) -> None:
    """Give every field of these types that reads the graph the `asOf` argument (once)."""
    for type_ in types:
        if not has_object_definition(type_):
            continue
        for field in type_.__strawberry_definition__.fields:
            if reads_the_graph(field) and not any(isinstance(e, AsOf) for e in field.extensions):
                field.extensions.append(AsOf())
