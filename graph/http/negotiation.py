"""HTTP content negotiation: pick the offered media type an Accept header prefers.

Implements the parts of RFC 9110 section 12.5.1 that SPARQL clients use: q-values, `type/*` and
`*/*` ranges, parameters ignored. Ties go to the server's order of preference, so a client that
accepts anything gets the first (default) offer.
"""

from __future__ import annotations

from collections.abc import Sequence


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The quality the most specific matching range gives the offer, and that specificity."""
    kind = offer.split("/")[0] + "/*"
    best: tuple[int, float] = (-1, 0.0)
    for media, quality in ranges:
        specificity = 2 if media == offer else 1 if media == kind else 0 if media == "*/*" else -1
        if specificity > best[0]:
            best = (specificity, quality)
    return best[1], best[0]


def choose(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers, `offers[0]` when it states no preference, None if none fits."""
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = _ranges(accept)
    scored = [(_quality(offer, ranges), -index, offer) for index, offer in enumerate(offers)]
    scored = [s for s in scored if s[0][0] > 0]
    if not scored:
        return None
    return max(scored, key=lambda s: (s[0][0], s[1]))[2]
