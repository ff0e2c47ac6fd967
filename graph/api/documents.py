"""Source documents: the catalogue record, the full text, and the claims each document makes."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from graph.api.context import Context, Maybe
from graph.api.named_queries import iri_under
from graph.api.ontology import Relation, relation_iris
from graph.api.pagination import Connection, connect
from graph.api.reader import Batch, Row
from graph.vocab import namespaces as ns

if TYPE_CHECKING:
    from graph.api.claims import Claim
    from graph.api.facts import DocumentChanges

ClaimRef = Annotated["Claim", strawberry.lazy("graph.api.claims")]
DocumentChangesRef = Annotated["DocumentChanges", strawberry.lazy("graph.api.facts")]


@strawberry.type(
    description="A source document of the corpus (sg:Document). Its IRI names the graph holding its claims."
)
class Document:
    id: strawberry.ID = strawberry.field(description="The file name without .txt, e.g. 004_5cf1b9cad3f7a47d.")
    iri: str
    title: str = strawberry.field(description="The title as the document gives it.")
    title_en: str | None = strawberry.field(
        description="The project's English translation of the title: a reading aid, never evidence."
    )
    outlet: str = strawberry.field(description="The publisher as the text names it.")
    published: str | None = strawberry.field(description="As the text states it: YYYY, YYYY-MM or YYYY-MM-DD.")
    date_precision: str | None
    language: str = strawberry.field(description="BCP 47 tag: zh-Hans, zh-Hant or en.")
    script: str = strawberry.field(description="ISO 15924: Hans (Simplified), Hant (Traditional) or Latn (English).")
    note: str | None = strawberry.field(description="How the publication date was read, where it needed reading.")

    @strawberry.field(
        graphql_type=str, description="The full text, byte for byte as received: the evidence every quote is cut from."
    )
    def text(self, info: Info[Context, None]) -> Maybe[str]:
        return info.context.fetch(DOCUMENT_TEXTS, self.iri)

    @strawberry.field(description="The claims this document makes, in id order.")
    async def claims(
        self,
        info: Info[Context, None],
        relation: list[Relation] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ClaimRef]:
        from graph.api.claims import CLAIMS

        wanted = relation_iris(relation)
        keys = [
            claim
            for claim, predicate in await info.context.load(DOCUMENT_CLAIMS, self.iri)
            if wanted is None or predicate in wanted
        ]
        return await connect(keys, first, after, info.context.settings, partial(info.context.load_many, CLAIMS))

    @strawberry.field(
        graphql_type=DocumentChangesRef,
        description="What this document brought, against the documents published before it: the facts it added, "
        "restated and changed, and the contradictions its claims take part in.",
    )
    def changes(self, info: Info[Context, None]) -> Maybe[DocumentChanges]:
        from graph.api.facts import changes_of

        return changes_of(info, self.iri)


def build_document(iri: str, rows: list[Row]) -> Document | None:
    if not rows:
        return None
    row = rows[0]
    return Document(
        id=strawberry.ID(row["id"]),
        iri=iri,
        title=row["title"],
        title_en=row.get("titleEn"),
        outlet=row["outlet"],
        published=row.get("published"),
        date_precision=row.get("datePrecision"),
        language=row["language"],
        script=row["script"],
        note=row.get("note"),
    )


DOCUMENTS: Batch[Document | None] = Batch("documents", build_document)
DOCUMENT_TEXTS: Batch[str] = Batch("document-texts", lambda _, rows: rows[0]["text"] if rows else "")
DOCUMENT_CLAIMS: Batch[tuple[tuple[str, str], ...]] = Batch(
    "document-claims", lambda _, rows: tuple((r["claim"], r["predicate"]) for r in rows)
)


def document_iri(document_id: str) -> str | None:
    """The IRI for a document id (or a document IRI given as is); None if it cannot name one."""
    return iri_under(ns.DOCUMENT, document_id)


@strawberry.type
class DocumentQuery:
    @strawberry.field(description="A source document by its id (e.g. 004_5cf1b9cad3f7a47d) or its IRI.")
    async def document(self, info: Info[Context, None], id: strawberry.ID) -> Document | None:
        iri = document_iri(id)
        return await info.context.load(DOCUMENTS, iri) if iri else None

    @strawberry.field(description="The source documents, in id order.")
    async def documents(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[Document]:
        keys = [row["key"] for row in await info.context.reader.rows("document-list")]
        return await connect(keys, first, after, info.context.settings, partial(info.context.load_many, DOCUMENTS))
