"""Reference fields: a private IRI attribute (or a dotted path to one, or a list of them) resolves
to what it names through a batch, absent or unknown IRIs give null or are left out, the field keeps
its type and description, and objects are batched and cached like every other load. Checked on a
schema of its own over the seed graph's real store."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry

from graph.api.context import context_for
from graph.api.entities import ENTITIES, Entity, complete_entity_types
from graph.api.references import reference, references
from graph.http.settings import Settings
from graph.ingest.pipeline import Compiled
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import Snapshot
from graph.vocab.namespaces import entity_iri

NOBODY = entity_iri("nobody-the-graph-knows")


@strawberry.type
class Holder:
    iri: str


@strawberry.type
class Probe:
    iri: strawberry.Private[str | None]
    holder: strawberry.Private[Holder]
    iris: strawberry.Private[tuple[str, ...]]

    one = reference(ENTITIES, "iri", Entity | None, "What the IRI names.")
    nested = reference(ENTITIES, "holder.iri", Entity | None)
    many = references(ENTITIES, "iris", list[Entity], "What the IRIs name, in order.")


PROBES = [
    Probe(
        iri=entity_iri("softbank"),
        holder=Holder(iri=entity_iri("oracle")),
        iris=(entity_iri("openai"), NOBODY, entity_iri("softbank")),
    ),
    Probe(iri=None, holder=Holder(iri=NOBODY), iris=()),
    Probe(iri=NOBODY, holder=Holder(iri=entity_iri("openai")), iris=(NOBODY,)),
]


@strawberry.type
class Query:
    @strawberry.field
    def probes(self) -> list[Probe]:
        return PROBES


SCHEMA = strawberry.Schema(query=Query, types=complete_entity_types())
QUERY = "{ probes { one { id } nested { id } many { id } } }"


@pytest.fixture(scope="module")
def fresh_store(compiled: Compiled) -> EmbeddedStore:
    """A store of this module's own, so its call counter and result cache start empty."""
    return EmbeddedStore(compiled.quads)


def run(store: EmbeddedStore, snapshot: Snapshot) -> tuple[int, dict[str, Any]]:
    before = store.calls.count
    result = asyncio.run(SCHEMA.execute(QUERY, context_value=context_for(snapshot, Settings())))
    assert result.errors is None and result.data is not None, result.errors
    return store.calls.count - before, result.data


def ids(value: dict[str, Any] | None) -> str | None:
    return value["id"] if value is not None else None


def test_references_resolve_what_the_iris_name_and_null_or_leave_out_the_rest(fresh_store: EmbeddedStore) -> None:
    _, data = run(fresh_store, Snapshot(fresh_store, fresh_store.version, "test"))
    assert [(ids(p["one"]), ids(p["nested"]), [e["id"] for e in p["many"]]) for p in data["probes"]] == [
        ("softbank", "oracle", ["openai", "softbank"]),
        (None, None, []),
        (None, "openai", []),
    ]


def test_objects_are_loaded_in_one_batch_then_answered_from_the_cache(fresh_store: EmbeddedStore) -> None:
    snapshot = Snapshot(fresh_store, fresh_store.version, "batching")
    cold, first = run(fresh_store, snapshot)
    warm, second = run(fresh_store, snapshot)
    assert cold == 1  # every reference of every probe, in one query
    assert warm == 0 and second == first


def test_reference_fields_keep_their_type_and_description() -> None:
    sdl = SCHEMA.as_str()
    assert '"""What the IRI names."""\n  one: Entity\n' in sdl
    assert "  nested: Entity\n" in sdl
    assert '"""What the IRIs name, in order."""\n  many: [Entity!]!\n' in sdl
