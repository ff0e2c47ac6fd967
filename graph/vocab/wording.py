"""Figures in words, as a reader says them: "under US$10 bn", "about US$13 bn", "US$2-9 bn".

One home for this wording, used by the build (contradiction explanations) and by analytics,
the CLI, the dumps and the page (graph/analytics/qualified.py). A figure never travels without
its bound: "under US$10 bn" read as "US$10 bn" is the mistake this module exists to prevent.
"""

from __future__ import annotations

BOUNDS = {
    "about": "about",
    "up_to": "up to",
    "at_least": "at least",
    "more_than": "more than",
    "less_than": "under",
    "exactly": "exactly",
}
SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


def _scale(value: float) -> tuple[float, str]:
    return next(((factor, word) for factor, word in SCALES if abs(value) >= factor), (1.0, ""))


def _number(value: float, factor: float) -> str:
    return f"{value / factor:,.2f}".rstrip("0").rstrip(".")


def _money(currency: str) -> str:
    return "US$" if currency == "USD" else f"{currency} " if currency else ""


def amount_text(value: float, currency: str = "") -> str:
    """An amount as a reader says it: US$10 bn, CNY 5.5 bn, 3,000."""
    factor, word = _scale(value)
    return f"{_money(currency)}{_number(value, factor)}{' ' + word if word else ''}"


def range_text(low: float, high: float, currency: str = "") -> str:
    """A range with one scale word when both ends share it: US$2-9 bn; else US$500 m-2 bn."""
    (low_factor, low_word), (high_factor, high_word) = _scale(low), _scale(high)
    if low_word == high_word:
        scale = f" {high_word}" if high_word else ""
        return f"{_money(currency)}{_number(low, low_factor)}-{_number(high, high_factor)}{scale}"
    return f"{amount_text(low, currency)}-{amount_text(high)}"


def listed(names: list[str]) -> str:
    """Names as a sentence lists them: 'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
