"""Named SPARQL queries, kept as `.rq` files in `queries/` beside the code that runs them.

A query may contain slots written `{{name}}`. Slots are filled only with terms built by `iris`
and `strings`, which escape what they are given, so text from a client never reaches a query
unescaped (SPARQL 1.1 grammar: IRIREF and STRING_LITERAL2, https://www.w3.org/TR/sparql11-query/#rIRIREF).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from graph.files.resources import package_file

QUERY_DIR = package_file("graph.api", "queries")
_SLOT = re.compile(r"\{\{(\w+)\}\}")
_NOT_IN_IRIREF = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def is_safe_iri(value: str) -> bool:
    """True when `value` can be written as <value> in SPARQL without escaping."""
    return bool(value) and not _NOT_IN_IRIREF.search(value)


def iri_under(prefix: str, value: str) -> str | None:
    """The IRI a client's id names under `prefix` (`value` itself when it is such an IRI already);
    None when it cannot be one, so that it never reaches a query."""
    iri = value if value.startswith(prefix) else prefix + value
    return iri if is_safe_iri(iri) else None


def iris(values: Iterable[str]) -> str:
    """IRIs as SPARQL terms, for a VALUES slot."""
    terms = []
    for value in values:
        if not is_safe_iri(value):
            raise ValueError(f"not an IRI that can be queried: {value!r}")
        terms.append(f"<{value}>")
    return " ".join(terms)


def strings(values: Iterable[str]) -> str:
    """Plain string literals, escaped, for a VALUES slot."""
    return " ".join(f'"{value.translate(_STRING_ESCAPES)}"' for value in values)


@cache
def named_query(name: str) -> str:
    """The text of `queries/<name>.rq`."""
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def render(name: str, **slots: str) -> str:
    """The named query with every slot filled; a missing or unknown slot is a programming error."""
    text = named_query(name)
    wanted = set(_SLOT.findall(text))
    if wanted != set(slots):
        raise KeyError(f"query {name} has slots {sorted(wanted)}, got {sorted(slots)}")
    return _SLOT.sub(lambda match: slots[match.group(1)], text)
