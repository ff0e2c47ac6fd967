"""A claim's value as the build reads it: in words ("more than 100,000", "US$2-9 bn"), as the
interval of values its bound admits, and in its unit or currency. Contradictions compare values
with these, facts and judgements name them with them."""

from __future__ import annotations

from decimal import Decimal

from graph.ingest.seeds import DateValue, Money, Quantity, Range, Text, Value
from graph.vocab.wording import BOUNDS, amount_text, range_text


def value_text(value: Value | None, bound: str | None = None) -> str:
    """A value as the explanation says it: 'more than 100,000', 'US$2-9 bn', '2025-01-21'."""
    if isinstance(value, Range):
        unit = f" {value.unit}" if value.unit and value.unit != "count" else ""
        return range_text(float(value.low), float(value.high), value.currency or "") + unit
    if isinstance(value, (Money, Quantity)):
        currency = value.currency if isinstance(value, Money) else ""
        unit = f" {value.unit}" if isinstance(value, Quantity) and value.unit != "count" else ""
        text = amount_text(float(value.amount), currency) + unit
        return f"{BOUNDS.get(bound, bound)} {text}" if bound else text
    if isinstance(value, DateValue):
        return value.date.iso
    if isinstance(value, Text):
        return value.text
    return "(no value)"


def interval(value: Money | Quantity | Range, bound: str | None) -> tuple[Decimal, Decimal]:
    """The values a bounded number admits: 'up to 500' admits 200; 'about 10' admits 9 to 11."""
    if isinstance(value, Range):
        return (value.low, value.high)
    amount = value.amount
    if bound in ("up_to", "less_than"):
        return (Decimal("-Infinity"), amount)
    if bound in ("at_least", "more_than"):
        return (amount, Decimal("Infinity"))
    if bound == "about":
        return (amount * Decimal("0.9"), amount * Decimal("1.1"))
    return (amount, amount)


def unit(value: Money | Quantity | Range) -> str | None:
    return value.unit if isinstance(value, Quantity) else value.currency or getattr(value, "unit", None)
