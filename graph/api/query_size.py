"""Refuse a GraphQL operation whose answer could be too large, before it runs or is even walked.

The size is the worst case: every fragment spread inlined, and every field counted once per item
of each list above it: a connection's page (`first`, the default page size without it, the
largest page for a variable), and a plain list's known bound (a path's steps: at most
max_path_length) or else its assumed size (`graphql_list_size`). Introspection lists count one
item: the schema bounds them, graphql-core's MaxIntrospectionDepthRule their nesting. What the
assumptions miss (a list really longer) is stopped while the answer is built (graph/api/budget.py).
Three documents of a few hundred bytes to 4 KB show why:

- fan-out: `entities(first: 100) { nodes { relations(first: 100) { nodes { entity { relations
  ...` multiplies pages; three levels held the seed server's event loop (every other request
  included) for seconds while it built an 8 MB answer, and a larger graph makes it minutes;
- plain lists: 30 aliases of `claims(first: 100)` each with `contradictions { claims {...} }`
  nested five deep returned 48 MB in 22 s while only connections were counted;
- fragment explosion: a fragment spreading another twice, that one the next twice..., forty
  deep, stands for 2^40 fields; strawberry's depth and alias limiters walk every spread as if
  inlined, so the server never answered again.

Each fragment is sized once (memoised) and scaled where it is spread, so this check is linear in
the document; strawberry's limiters then run only on documents whose inlined size is bounded and
whose spreads all name fragments (the depth limiter failed on an unknown one with a bare KeyError
message, while graphql-core reports it clearly). Relay connections are recognised by their type
names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from math import prod

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
)


@dataclass(frozen=True)
class Pages:
    default: int  # items of a connection asked for without `first`
    largest: int  # items of a connection whose `first` is a variable
    cap: int  # sizes are counted up to this, so the numbers stay small
    list_size: int = 1  # items assumed of a plain list without a known bound
    bounds: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (type, field): a list's most items
    counted: bool = True  # False: every field counts once (the size of the document, inlined)


def _field_type(parent: GraphQLNamedType | None, name: str) -> tuple[GraphQLNamedType | None, int]:
    """The field's named type, and how many lists wrap it ([[T]]: 2)."""
    fields = getattr(parent, "fields", None)
    definition = fields.get(name) if fields else None
    if definition is None:
        return None, 0
    wrapped, lists = definition.type, 0
    while isinstance(wrapped, (GraphQLList, GraphQLNonNull)):
        lists += isinstance(wrapped, GraphQLList)
        wrapped = wrapped.of_type
    return get_named_type(wrapped), lists


def _page(node: FieldNode, pages: Pages) -> int:
    first = next((a.value for a in node.arguments or () if a.name.value == "first"), None)
    if isinstance(first, IntValueNode):
        return max(0, min(int(first.value), pages.cap))
    return pages.largest if isinstance(first, VariableNode) else pages.default


def _items(node: FieldNode, parent: GraphQLNamedType | None, pages: Pages) -> int:
    """How many items a field is answered for: a connection's page, a list's bound or assumed
    size (a connection's own edges and nodes are its page, counted on the connection), else one."""
    field_type, lists = _field_type(parent, node.name.value)
    if not pages.counted or field_type is None or parent is None:
        return 1
    if field_type.name.endswith("Connection"):
        return _page(node, pages)
    if lists == 0 or parent.name.startswith("__") or parent.name.endswith("Connection"):
        return 1
    return min(pages.cap, prod([pages.bounds.get((parent.name, node.name.value), pages.list_size)] * lists))


Direct = tuple[int, list[tuple[str, int]]]  # fields counted, and (fragment spread, its multiplier)


def _direct(
    schema: GraphQLSchema, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, pages: Pages
) -> Direct:
    """The size of a selection set without its fragment spreads, and those spreads."""
    size, spreads = 0, []
    stack = [(selection_set, parent, 1)]
    while stack:
        current, current_type, multiplier = stack.pop()
        for selection in current.selections:
            if isinstance(selection, FragmentSpreadNode):
                spreads.append((selection.name.value, multiplier))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = schema.get_type(condition.name.value) if condition else current_type
                stack.append((selection.selection_set, inner, multiplier))
            elif isinstance(selection, FieldNode):
                items = min(pages.cap, multiplier * _items(selection, current_type, pages))
                if selection.selection_set is None:
                    size = min(pages.cap, size + items)  # a scalar, or a list of them
                else:
                    size = min(pages.cap, size + multiplier)
                    stack.append((selection.selection_set, _field_type(current_type, selection.name.value)[0], items))
    return size, spreads


def _fragment_sizes(direct: dict[str, Direct], cap: int) -> dict[str, int]:
    """Each fragment's size with its spreads inlined, each computed once; a spread that closes a
    cycle counts nothing (validation reports the cycle)."""
    sizes: dict[str, int] = {}
    for root in direct:
        stack, on_path = [(root, False)], set()
        while stack:
            name, children_done = stack.pop()
            if name in sizes:
                continue
            own, spreads = direct[name]
            if children_done:
                sizes[name] = min(cap, own + sum(m * sizes.get(s, 0) for s, m in spreads))
                on_path.discard(name)
            elif name not in on_path:
                on_path.add(name)
                stack.append((name, True))
                stack.extend((s, False) for s, _ in spreads if s in direct)
    return sizes


def size_errors(schema: GraphQLSchema, document: DocumentNode, max_fields: int, pages: Pages) -> list[GraphQLError]:
    """The operations whose answer could hold more than `max_fields` fields."""
    direct = {
        d.name.value: _direct(schema, d.selection_set, schema.get_type(d.type_condition.name.value), pages)
        for d in document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    sizes = _fragment_sizes(direct, pages.cap)
    errors = []
    for operation in document.definitions:
        if isinstance(operation, OperationDefinitionNode):
            own, spreads = _direct(schema, operation.selection_set, schema.get_root_type(operation.operation), pages)
            if own + sum(m * sizes.get(s, 0) for s, m in spreads) > max_fields:
                errors.append(
                    GraphQLError(
                        f"the answer could hold more than {max_fields} fields (fragments inlined, each field "
                        "counted once per item of every page and list above it): ask for smaller pages (first) or "
                        "fewer nested connections and lists",
                        [operation],
                    )
                )
    return errors


def _spreads_unknown_fragments(document: DocumentNode) -> bool:
    names = {d.name.value for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    stack = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode))
    ]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                if selection.name.value not in names:
                    return True
            elif isinstance(selection, (FieldNode, InlineFragmentNode)) and selection.selection_set is not None:
                stack.append(selection.selection_set)
    return False


def size_limit(max_fields: int, pages: Pages, limiters: Sequence[type[ASTValidationRule]]) -> type[ASTValidationRule]:
    """A rule that first bounds the document's inlined size (what the limiters walk), then runs
    `limiters` (strawberry's depth and alias limiters, which do their whole check when
    constructed) if every spread names a fragment, and sizes the answer if they found nothing:
    their errors (too deep, too many aliases) say more than a size would."""
    inlined = replace(pages, counted=False)

    class SizeLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            schema, document = context.schema, context.document
            errors = size_errors(schema, document, max_fields, inlined)
            if not errors and not _spreads_unknown_fragments(document):
                limited = ValidationContext(schema, document, TypeInfo(schema), errors.append)
                for limiter in limiters:
                    limiter(limited)
                errors = errors or size_errors(schema, document, max_fields, pages)
            for error in errors:
                context.report_error(error)

    return SizeLimit
