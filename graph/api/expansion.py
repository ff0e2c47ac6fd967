"""Refuse a GraphQL operation that grows past a bound once its fragment spreads are inlined.

A fragment may spread another twice, that one the next twice, and so on: forty such fragments,
a few hundred bytes, stand for 2^40 selections. strawberry's depth and alias limiters walk every
spread as if it were inlined, so such a document kept a server busy for good (its event loop
included). This rule counts each fragment once (memoised, linear in the document) and runs the
limiters only on a document of bounded expanded size whose spreads all name fragments (the depth
limiter failed on an unknown one with a bare KeyError message; graphql-core reports it clearly).
"""

from __future__ import annotations

from collections.abc import Sequence

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)


def _direct(selection_set: SelectionSetNode) -> tuple[int, list[FragmentSpreadNode]]:
    """The fields of a selection set, nested ones included, and its fragment spreads (each one)."""
    fields, spreads = 0, []
    stack = [selection_set]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                spreads.append(selection)
            elif isinstance(selection, (FieldNode, InlineFragmentNode)):
                fields += isinstance(selection, FieldNode)
                if selection.selection_set is not None:
                    stack.append(selection.selection_set)
    return fields, spreads


def _fragment_sizes(direct: dict[str, tuple[int, list[FragmentSpreadNode]]], cap: int) -> dict[str, int]:
    """Each fragment's fields with its spreads inlined (at most `cap`), each computed once; a
    spread that closes a cycle counts nothing (validation reports the cycle)."""
    sizes: dict[str, int] = {}
    for root in direct:
        stack, on_path = [(root, False)], set()
        while stack:
            name, children_done = stack.pop()
            if name in sizes:
                continue
            fields, spreads = direct[name]
            if children_done:
                sizes[name] = min(cap, fields + sum(sizes.get(s.name.value, 0) for s in spreads))
                on_path.discard(name)
            elif name not in on_path:
                on_path.add(name)
                stack.append((name, True))
                stack.extend((s.name.value, False) for s in spreads if s.name.value in direct)
    return sizes


def expansion_errors(document: DocumentNode, max_fields: int) -> list[GraphQLError]:
    """The operations selecting more than `max_fields` fields once their fragments are inlined."""
    direct = {d.name.value: _direct(d.selection_set) for d in document.definitions
              if isinstance(d, FragmentDefinitionNode)}
    sizes = _fragment_sizes(direct, max_fields + 1)
    errors = []
    for operation in document.definitions:
        if isinstance(operation, OperationDefinitionNode):
            fields, spreads = _direct(operation.selection_set)
            if fields + sum(sizes.get(s.name.value, 0) for s in spreads) > max_fields:
                errors.append(GraphQLError(f"the operation selects more than {max_fields} fields once its "
                                           "fragments are inlined", [operation]))
    return errors


def _spreads_unknown_fragments(document: DocumentNode) -> bool:
    names = {d.name.value for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return any(s.name.value not in names for d in document.definitions
               if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode))
               for s in _direct(d.selection_set)[1])


def expansion_limit(max_fields: int, limiters: Sequence[type[ASTValidationRule]]) -> type[ValidationRule]:
    """A rule that checks the expanded size, then (only if it is bounded, and every fragment
    spread names a fragment: graphql-core reports those that do not) runs `limiters`:
    strawberry's depth and alias limiters, which do their whole check when constructed."""

    class ExpansionLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            errors = expansion_errors(context.document, max_fields)
            for error in errors:
                context.report_error(error)
            if not errors and not _spreads_unknown_fragments(context.document):
                for limiter in limiters:
                    limiter(context)

    return ExpansionLimit
