"""Ids given as arguments must name something the graph holds.

A filter naming an unknown entity, document or claim is a client's mistake (a typo such as
"stargatee"), not a question whose answer is empty: every resolver that takes such an id
argument resolves it here, so an unknown id is the same clear error everywhere
(`recipient: unknown entity 'stargatee'`), never an empty list that reads as "none". Existence is
asked of the DataLoaders that load the objects themselves: one batched query per request at
most, none once cached. Lookups by id (`entity(id:)`, `document(id:)`) keep answering null. A
claim-id filter would be one more Kind (claims.py's CLAIMS batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from graph.api.context import Context
from graph.api.documents import DOCUMENTS
from graph.api.entities import ENTITIES
from graph.api.errors import PublicError
from graph.api.named_queries import iri_under
from graph.api.reader import Batch
from graph.vocab import namespaces as ns


@dataclass(frozen=True)
class Kind:
    noun: str
    prefix: str  # the IRIs of this kind start so; an id is what follows
    batch: Batch[Any]  # loads one, None when the graph has none


ENTITY = Kind("entity", ns.ENTITY, ENTITIES)
DOCUMENT = Kind("document", ns.DOCUMENT, DOCUMENTS)


async def known(info: Info[Context, None], kind: Kind, argument: str, value: str | None) -> str | None:
    """The IRI that an id argument (an id or an IRI) names; None when the argument was left out.
    A PublicError naming the argument when the graph holds no such thing."""
    if value is None:
        return None
    iri = iri_under(kind.prefix, value)
    if iri is None or await info.context.load(kind.batch, iri) is None:
        raise PublicError(f"{argument}: unknown {kind.noun} {value!r}")
    return iri
