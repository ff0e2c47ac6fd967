"""The timeline: dated claims in date order (announcements, foundings, completions, and every
claim stated as of a date), filterable by entity and by period.

Dates keep their source precision ("2025", "2025-01", "2025-01-21"); a period filter keeps an
event when its span (a whole year or month for a coarse date) overlaps the period.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph.api.claims import CLAIMS, Claim
from graph.api.context import Context
from graph.api.entities import is_wanted
from graph.api.errors import PublicError
from graph.api.known import ENTITY, known
from graph.api.pagination import Connection, connect
from graph.api.reader import Row
from graph.api.references import reference
from graph.vocab.namespaces import SG

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PROPERTY_DESCRIPTION = "dateValue (the claim's value), asOf, startDate or endDate."


def span(date: str) -> tuple[str, str]:
    """The first and last day a date of any precision covers: '2025-02' -> 2025-02-01..2025-02-28."""
    match = ISO_DATE.match(date)
    if match is None:
        raise ValueError(date)
    year, month, day = match.groups()
    if day:
        return date, date
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def _bound(value: str | None, name: str, end: bool) -> str | None:
    if value is None:
        return None
    if ISO_DATE.match(value) is None:
        raise PublicError(f"{name}: expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return span(value)[1 if end else 0]


@strawberry.type(description="A dated claim on the timeline.")
class TimelineEvent:
    date: str = strawberry.field(description="As the source states it: YYYY, YYYY-MM or YYYY-MM-DD.")
    precision: str = strawberry.field(description="year, month or day.")
    property: str = strawberry.field(description="Which date of the claim this is: " + PROPERTY_DESCRIPTION)
    claim_iri: strawberry.Private[str]

    claim = reference(CLAIMS, "claim_iri", Claim | None, "The claim, with its subject, relation and source.")


def _event(row: Row) -> TimelineEvent | None:
    date = row["date"][:10]
    if ISO_DATE.match(date) is None:
        return None
    precision = {4: "year", 7: "month", 10: "day"}[len(date)]
    return TimelineEvent(
        date=date, precision=precision, property=row["property"].removeprefix(SG), claim_iri=row["claim"]
    )


@strawberry.type
class TimelineQuery:
    @strawberry.field(
        description="Dated claims in date order (coarser dates first on ties), filtered by an "
        "entity (subject or object) and a period (from/to: YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    async def timeline(
        self,
        info: Info[Context, None],
        entity: strawberry.ID | None = None,
        from_: Annotated[str | None, strawberry.argument(name="from")] = None,
        to: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[TimelineEvent]:
        start, end = _bound(from_, "from", end=False), _bound(to, "to", end=True)
        entity_iri = await known(info, ENTITY, "entity", entity)
        events = []
        for row in await info.context.reader.rows("timeline"):
            if not (is_wanted(row["subject"], entity_iri) or is_wanted(row.get("object", ""), entity_iri)):
                continue
            event = _event(row)
            if event is None:
                continue
            first_day, last_day = span(event.date)
            if (start is None or last_day >= start) and (end is None or first_day <= end):
                events.append(event)
        events.sort(key=lambda e: (span(e.date)[0], len(e.date), e.claim_iri, e.property))
        return await connect(events, first, after, info.context.settings)
